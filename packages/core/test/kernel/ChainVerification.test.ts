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
      breaks: [],
      head: { revision: 2n, hash: last.lastHash },
    })
    expect(await rightOf(verifyStreamChain(store, 'program-none'))).toEqual({
      streamsChecked: 1,
      eventsChecked: 0,
      breaks: [],
    })
  })

  it('reports an intact store with the Merkle log of all its events', async () => {
    const { store } = await seeded()
    const report = await rightOf(verifyAllChains(store))
    expect(report).toMatchObject({ streamsChecked: 2, eventsChecked: 4, breaks: [], unleafed: 0 })
    expect(report.log.size()).toBe(4)
    expect(report.log.lastPosition()).toBe(4n)
    expect(await rightOf(verifyAllChains(store, { categories: ['equipment'] }))).toMatchObject({
      streamsChecked: 1,
      eventsChecked: 1,
      breaks: [],
    })
  })

  it('finds an edited payload, says where, and goes on to check the rest', async () => {
    const { store, storage } = await seeded()
    storage.rows[1] = { ...storage.rows[1]!, data: '{"n":2}' }
    const report = await rightOf(verifyStreamChain(store, 'program-a'))
    expect(report.eventsChecked).toBe(3)
    expect(report.breaks).toEqual([
      { streamId: 'program-a', revision: 1n, position: 2n, reason: 'its content does not match its stored hash' },
    ])
    const all = await rightOf(verifyAllChains(store))
    expect(all).toMatchObject({ eventsChecked: 4, firstBreak: { streamId: 'program-a', revision: 1n } })
    expect(all.breaks).toHaveLength(1)
  })

  it('reports every tampered event, not only the first', async () => {
    const storage = inMemoryStorage()
    const store = createInMemoryEventStore({ storage })
    for (let s = 0; s < 20; s++)
      await rightOf(
        store.append(
          `program-s${s}`,
          Array.from({ length: 12 }, () => newEvent()),
        ),
      )
    const tampered = new Set<number>()
    for (let i = 0; tampered.size < 200; i = (i + 37) % storage.rows.length) tampered.add(i)
    for (const i of tampered) storage.rows[i] = { ...storage.rows[i]!, data: `{"n":${1000 + i}}` }
    const report = await rightOf(verifyAllChains(store))
    expect(report.breaks).toHaveLength(200)
    expect(new Set(report.breaks.map((b) => b.position))).toEqual(
      new Set([...tampered].map((i) => storage.rows[i]!.position)),
    )
  })

  it('steps over an undecodable row, names it, and checks the events after it', async () => {
    const { store, storage } = await seeded()
    storage.rows[2] = { ...storage.rows[2]!, metadata: '{"recordedAt":5}' }
    const report = await rightOf(verifyAllChains(store))
    expect(report).toMatchObject({
      eventsChecked: 3,
      unleafed: 1,
      firstBreak: {
        streamId: 'equipment-b',
        revision: 0n,
        reason: expect.stringMatching(/cannot be decoded/) as unknown,
      },
    })
    expect(report.breaks).toHaveLength(1)
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
