import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  chainHash,
  collectAll,
  collectStream,
  createInMemoryEventStore,
  inMemoryStorage,
  nodeSha256,
  steppingClock,
  storeErrorMessage,
  type EventMetadata,
  type Sha256,
} from '../../src/index'
import { hostileClocks, hostileOptions } from '@ikm-ledger/testkit'
import { leftOf, newEvent, rightOf } from './fixtures'

describe('InMemoryEventStore', () => {
  it('numbers global positions 1, 2, 3… without gaps, across streams', async () => {
    const store = createInMemoryEventStore()
    const a = await rightOf(store.append('probe-a', [newEvent(), newEvent()]))
    const b = await rightOf(store.append('probe-b', [newEvent()]))
    expect([a.firstPosition, a.lastPosition, b.firstPosition]).toEqual([1n, 2n, 3n])
    expect(await rightOf(store.headPosition())).toBe(3n)
  })

  it('keeps rows as a table would, in the storage it is given', async () => {
    const storage = inMemoryStorage()
    const store = createInMemoryEventStore({ storage, clock: steppingClock('2026-01-01T00:00:00.000Z') })
    await rightOf(store.append('probe-a', [newEvent({ b: 1, a: 'x' })]))
    expect(storage.rows).toHaveLength(1)
    expect(storage.rows[0]).toMatchObject({
      position: 1n,
      streamId: 'probe-a',
      category: 'probe',
      revision: 0n,
      data: '{"a":"x","b":1}',
      occurredOn: '2025-01-15',
      recordedAt: '2026-01-01T00:00:00.000Z',
    })
    // A second store over the same storage sees the same history and continues it.
    const again = createInMemoryEventStore({ storage })
    expect((await rightOf(again.append('probe-a', [newEvent()]))).firstRevision).toBe(1n)
    expect(await rightOf(store.streamRevision('probe-a'))).toBe(1n)
  })

  it('hands out copies: changing an event read back does not change the store', async () => {
    const store = createInMemoryEventStore()
    await rightOf(store.append('probe-a', [newEvent({ list: [1] })]))
    const [first] = await rightOf(collectStream(store.readStream('probe-a')))
    ;(first!.data as { list: Array<number> }).list.push(2)
    const [again] = await rightOf(collectStream(store.readStream('probe-a')))
    expect(again!.data).toEqual({ list: [1] })
  })

  it('uses the injected hash function for the chain', async () => {
    const seen: Array<string> = []
    const fake: Sha256 = (input) => {
      seen.push(input)
      return 'ab'.repeat(32)
    }
    const store = createInMemoryEventStore({ sha256: fake })
    const result = await rightOf(store.append('probe-a', [newEvent()]))
    expect(result.lastHash).toBe('ab'.repeat(32))
    expect(seen[0]?.startsWith('0'.repeat(64) + '{"data"')).toBe(true)
  })

  it('wakes listeners after the commit, keeps going when one throws, and stops after unsubscribe', async () => {
    const store = createInMemoryEventStore()
    const heads: Array<bigint> = []
    store.onAppend(() => {
      throw new Error('a broken listener')
    })
    const unsubscribe = store.onAppend(() => {
      void store
        .headPosition()()
        .then((head) => E.isRight(head) && heads.push(head.right))
    })
    await rightOf(store.append('probe-a', [newEvent()]))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(heads).toEqual([1n])
    unsubscribe()
    await rightOf(store.append('probe-a', [newEvent()]))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(heads).toEqual([1n])
  })

  it('does not wake listeners for a failed or deduplicated append', async () => {
    const store = createInMemoryEventStore()
    let woken = 0
    store.onAppend(() => woken++)
    const event = newEvent()
    await rightOf(store.append('probe-a', [event]))
    await leftOf(store.append('probe-a', [newEvent()], { expectedRevision: 'no_stream' }))
    expect((await rightOf(store.append('probe-a', [event]))).deduplicated).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(woken).toBe(1)
  })

  it('ends a read in progress with StoreClosed when the store is closed, and closing twice is harmless', async () => {
    const store = createInMemoryEventStore()
    await rightOf(
      store.append(
        'probe-a',
        Array.from({ length: 5 }, () => newEvent()),
      ),
    )
    const read = store.readAll({ batchSize: 2 })[Symbol.asyncIterator]()
    const first = await read.next()
    expect(first.done).toBe(false)
    await rightOf(store.close())
    await rightOf(store.close())
    const second = await read.next()
    expect(second.value).toEqual(E.left({ _tag: 'StoreClosed', code: 'STORE_CLOSED', operation: 'read all streams' }))
    expect((await read.next()).done).toBe(true)
  })

  it('reports a row whose stored payload is damaged when a retried append looks it up', async () => {
    const storage = inMemoryStorage()
    const store = createInMemoryEventStore({ storage })
    const event = newEvent()
    await rightOf(store.append('probe-a', [event]))
    storage.rows[0] = { ...storage.rows[0]!, data: '{oops' }
    expect(await leftOf(store.append('probe-a', [event]))).toMatchObject({
      _tag: 'CorruptEvent',
      streamId: 'probe-a',
      revision: 0n,
    })
  })

  it('catches an edit that also rewrites the hash at the next link, even across batches', async () => {
    const storage = inMemoryStorage()
    const store = createInMemoryEventStore({ storage })
    await rightOf(store.append('probe-a', [newEvent({ n: 0 }), newEvent({ n: 1 }), newEvent({ n: 2 })]))
    const row = storage.rows[1]!
    const forged = { ...row, data: '{"n":1000}' }
    const event = { ...forged, data: { n: 1000 }, metadata: JSON.parse(row.metadata) as EventMetadata }
    storage.rows[1] = { ...forged, hash: chainHash(nodeSha256, row.prevHash, event) }
    for (const batchSize of [1, 10]) {
      const read = await leftOf(collectStream(store.readStream('probe-a', { batchSize })))
      expect(read).toMatchObject({
        _tag: 'HashChainBroken',
        revision: 2n,
        reason: 'its prevHash does not match the hash of revision 1',
      })
      expect(await leftOf(collectAll(store.readAll({ batchSize })))).toMatchObject({
        _tag: 'HashChainBroken',
        revision: 2n,
      })
    }
  })

  it('delivers the checkpoint of a filtered read even when nothing matches', async () => {
    const store = createInMemoryEventStore()
    for (let i = 0; i < 5; i++) await rightOf(store.append(`probe-${i}`, [newEvent()]))
    const folded = await rightOf(collectAll(store.readAll({ categories: ['program'], batchSize: 2 })))
    expect(folded).toEqual({ state: [], checkpoint: 5n })
  })

  it('answers every call with the problem when its options cannot be used, instead of throwing', async () => {
    for (const hostile of hostileOptions({}).filter((h) => h.what !== 'null')) {
      const store = createInMemoryEventStore(hostile.options as never)
      expect(storeErrorMessage(await leftOf(store.append('probe-a', [newEvent()]))), hostile.what).toContain(
        hostile.says,
      )
      const reads: Array<unknown> = []
      for await (const batch of store.readAll()) reads.push(E.isLeft(batch) ? storeErrorMessage(batch.left) : batch)
      expect(reads).toHaveLength(1)
      expect(reads[0]).toContain(hostile.says)
      expect(storeErrorMessage(await leftOf(store.headPosition()))).toContain(hostile.says)
    }
    const nothing = createInMemoryEventStore(null as never)
    expect(storeErrorMessage(await leftOf(nothing.streamRevision('probe-a')))).toContain('got null')
    const storage = createInMemoryEventStore({ storage: [] as never })
    expect(storeErrorMessage(await leftOf(storage.headPosition()))).toContain('storage must be an inMemoryStorage()')
  })

  it('fails an append whose clock reading is no instant, saying so, and stores nothing', async () => {
    for (const hostile of hostileClocks()) {
      const store = createInMemoryEventStore({ clock: hostile.options as never })
      expect(storeErrorMessage(await leftOf(store.append('probe-a', [newEvent()]))), hostile.what).toContain(
        hostile.says,
      )
      expect(await rightOf(store.headPosition())).toBe(0n)
    }
  })
})
