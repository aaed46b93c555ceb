import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  createInMemoryEventStore,
  inMemoryStorage,
  verifyAllChains,
  verifyStreamChain,
  type EventStore,
} from '../../src/index'
import { leftOf, newEvent, rightOf } from './fixtures'

const seeded = async () => {
  const storage = inMemoryStorage()
  const store = createInMemoryEventStore({ storage })
  await rightOf(store.append('program-a', [newEvent(), newEvent()]))
  await rightOf(store.append('equipment-b', [newEvent()]))
  const last = await rightOf(store.append('program-a', [newEvent()]))
  return { store, storage, last }
}

/** A store whose stream reads lose one revision, as if a row had been deleted. */
const withoutRevision = (store: EventStore, revision: bigint): EventStore => ({
  ...store,
  readStream: (streamId, options) => ({
    [Symbol.asyncIterator]: async function* () {
      for await (const batch of store.readStream(streamId, options)) {
        yield E.map((events: ReadonlyArray<{ readonly revision: bigint }>) =>
          events.filter((e) => e.revision !== revision),
        )(batch) as typeof batch
      }
    },
  }),
})

describe('ChainVerification', () => {
  it('reports an intact stream with its head', async () => {
    const { store, last } = await seeded()
    expect(await rightOf(verifyStreamChain(store, 'program-a'))).toEqual({
      streamsChecked: 1,
      eventsChecked: 3,
      head: { revision: 2n, hash: last.lastHash },
    })
    expect(await rightOf(verifyStreamChain(store, 'program-none'))).toEqual({ streamsChecked: 1, eventsChecked: 0 })
  })

  it('reports an intact store', async () => {
    const { store } = await seeded()
    expect(await rightOf(verifyAllChains(store))).toEqual({ streamsChecked: 2, eventsChecked: 4 })
    expect(await rightOf(verifyAllChains(store, { categories: ['equipment'] }))).toEqual({
      streamsChecked: 1,
      eventsChecked: 1,
    })
  })

  it('finds an edited payload and says where', async () => {
    const { store, storage } = await seeded()
    storage.rows[1] = { ...storage.rows[1]!, data: '{"n":2}' }
    const report = await rightOf(verifyStreamChain(store, 'program-a'))
    expect(report).toMatchObject({
      eventsChecked: 1,
      firstBreak: {
        streamId: 'program-a',
        revision: 1n,
        reason: expect.stringMatching(/hash chain broken/) as unknown,
      },
    })
    expect(await rightOf(verifyAllChains(store))).toMatchObject({
      eventsChecked: 1,
      firstBreak: { streamId: 'program-a', revision: 1n },
    })
  })

  it('finds an undecodable row and says where', async () => {
    const { store, storage } = await seeded()
    storage.rows[2] = { ...storage.rows[2]!, metadata: '{"recordedAt":5}' }
    expect(await rightOf(verifyAllChains(store))).toMatchObject({
      eventsChecked: 2,
      firstBreak: {
        streamId: 'equipment-b',
        revision: 0n,
        reason: expect.stringMatching(/cannot be decoded/) as unknown,
      },
    })
  })

  it('finds a missing revision that a single read cannot see', async () => {
    const { store } = await seeded()
    expect(await rightOf(verifyStreamChain(withoutRevision(store, 1n), 'program-a'))).toMatchObject({
      firstBreak: { streamId: 'program-a', revision: 1n, reason: 'revision 1 is missing: revision 0 is followed by 2' },
    })
    expect(await rightOf(verifyStreamChain(withoutRevision(store, 0n), 'program-a'))).toMatchObject({
      firstBreak: { revision: 0n, reason: expect.stringMatching(/starts at revision 1/) as unknown },
    })
  })

  it('returns store failures as errors, not as breaks', async () => {
    const { store } = await seeded()
    await rightOf(store.close())
    expect(await leftOf(verifyStreamChain(store, 'program-a'))).toMatchObject({ _tag: 'StoreClosed' })
    expect(await leftOf(verifyAllChains(store))).toMatchObject({ _tag: 'StoreClosed' })
  })
})
