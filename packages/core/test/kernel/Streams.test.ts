import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import {
  collectAll,
  collectStream,
  createInMemoryEventStore,
  foldAll,
  foldStream,
  forEachAllBatch,
  forEachBatch,
  inMemoryStorage,
  invalidRead,
  type Batches,
  type RecordedEvent,
} from '../../src/index'
import { leftOf, newEvent, rightOf } from './fixtures'

const seeded = async () => {
  const storage = inMemoryStorage()
  const store = createInMemoryEventStore({ storage })
  await rightOf(
    store.append(
      'probe-a',
      Array.from({ length: 5 }, (_, n) => newEvent({ n })),
    ),
  )
  await rightOf(store.append('other-b', [newEvent({ n: 99 })]))
  return { store, storage }
}

/** Records whether the consumer closed the read (so a cursor would be released). */
const tracked = <B>(batches: Batches<B>) => {
  let closed = false
  const iterable: Batches<B> = {
    [Symbol.asyncIterator]: () => {
      const inner = batches[Symbol.asyncIterator]()
      return {
        next: () => inner.next(),
        return: async () => {
          closed = true
          return inner.return?.() ?? { done: true, value: undefined }
        },
      }
    },
  }
  return { iterable, closed: () => closed }
}

describe('Streams', () => {
  it('collects and folds a stream read across batches', async () => {
    const { store } = await seeded()
    const events = await rightOf(collectStream(store.readStream('probe-a', { batchSize: 2 })))
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n])
    const sum = await rightOf(
      foldStream(store.readStream('probe-a', { batchSize: 2 }), 0, (total, e) => total + (e.data as { n: number }).n),
    )
    expect(sum).toBe(10)
  })

  it('collects and folds a read across all streams with its last checkpoint', async () => {
    const { store } = await seeded()
    const all = await rightOf(collectAll(store.readAll({ batchSize: 4 })))
    expect(all.state.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n])
    expect(all.checkpoint).toBe(6n)
    const filtered = await rightOf(foldAll(store.readAll({ categories: ['other'], after: 2n }), 0, (n) => n + 1, 2n))
    expect(filtered).toEqual({ state: 1, checkpoint: 6n })
    const nothing = await rightOf(collectAll(store.readAll({ after: 6n }), 6n))
    expect(nothing).toEqual({ state: [], checkpoint: 6n })
  })

  it('stops at the first store error and returns it', async () => {
    const { store, storage } = await seeded()
    storage.rows[3] = { ...storage.rows[3]!, data: 'garbage' }
    expect(await leftOf(collectStream(store.readStream('probe-a')))).toMatchObject({
      _tag: 'CorruptEvent',
      revision: 3n,
    })
    expect(await leftOf(collectAll(store.readAll()))).toMatchObject({ _tag: 'CorruptEvent', revision: 3n })
    expect(await leftOf(collectStream(store.readStream('probe-a', { batchSize: 0 })))).toMatchObject({
      _tag: 'InvalidRead',
    })
  })

  it('visits batches in order and stops, closing the read, at the first error of the visitor', async () => {
    const { store } = await seeded()
    const seen: Array<number> = []
    const read = tracked(store.readStream('probe-a', { batchSize: 2 }))
    const result = await forEachBatch(read.iterable, (batch: ReadonlyArray<RecordedEvent>) => {
      seen.push(batch.length)
      return seen.length === 2 ? TE.left('enough' as const) : TE.right(undefined)
    })()
    expect(result).toEqual(E.left('enough'))
    expect(seen).toEqual([2, 2])
    expect(read.closed()).toBe(true)
    const checkpoints: Array<bigint> = []
    await rightOf(
      forEachAllBatch(store.readAll({ batchSize: 4 }), (batch) => {
        checkpoints.push(batch.checkpoint)
        return TE.right(undefined)
      }),
    )
    expect(checkpoints).toEqual([4n, 6n])
  })

  it('turns an iterator that throws into a StorageFailure instead of a rejected promise', async () => {
    const throwing: Batches<ReadonlyArray<RecordedEvent>> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('connection reset')) }),
    }
    expect(await leftOf(collectStream(throwing))).toMatchObject({ _tag: 'StorageFailure', reason: 'connection reset' })
    const failing: Batches<ReadonlyArray<RecordedEvent>> = {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: false, value: E.left(invalidRead('no')) }) }),
    }
    expect(await leftOf(collectStream(failing))).toMatchObject({ _tag: 'InvalidRead' })
  })
})
