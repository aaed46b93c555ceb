import { describe, expect, it } from 'vitest'
import {
  CommandFailed,
  commandHandler,
  createInMemoryEventStore,
  inMemoryStorage,
  promiseCommandHandler,
  promiseStore,
  StoreFailure,
  type EventStore,
  type RecordedEvent,
} from '../../src/index'
import { counter, counterEvents, counterMetadata } from './counter'
import { newEvent } from './fixtures'

const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const items: Array<A> = []
  for await (const item of iterable) items.push(item)
  return items
}

describe('Promises', () => {
  it('appends and reads with plain Promises and async iterables', async () => {
    const ledger = promiseStore(createInMemoryEventStore())
    const result = await ledger.append('probe-a', [newEvent(), newEvent()])
    await ledger.append('probe-b', [newEvent()])
    expect(result).toMatchObject({ firstRevision: 0n, nextExpectedRevision: 1n })
    expect((await collect(ledger.readStream('probe-a', { batchSize: 1 }))).map((e) => e.revision)).toEqual([0n, 1n])
    expect((await collect(ledger.readAll())).map((e) => e.position)).toEqual([1n, 2n, 3n])
    expect((await collect(ledger.readAllBatches({ batchSize: 2 }))).map((b) => b.checkpoint)).toEqual([2n, 3n])
    expect(await ledger.streamRevision('probe-a')).toBe(1n)
    expect(await ledger.streamExists('probe-c')).toBe(false)
    expect(await ledger.headPosition()).toBe(3n)
  })

  it('rejects with a StoreFailure carrying the error value, its code and a plain-words message', async () => {
    const ledger = promiseStore(createInMemoryEventStore())
    await ledger.append('probe-a', [newEvent()])
    const failure = await ledger
      .append('probe-a', [newEvent()], { expectedRevision: 'no_stream' })
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(StoreFailure)
    expect(failure).toBeInstanceOf(Error)
    const error = failure as StoreFailure
    expect(error.name).toBe('StoreFailure')
    expect(error.code).toBe('STORE_WRONG_EXPECTED_REVISION')
    expect(error.error).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 'no_stream', actual: 0n })
    expect(error.message).toBe(
      "stream 'probe-a' was expected at 'no_stream' but is at 0; someone else wrote first — reload the stream and decide again",
    )
    await expect(ledger.streamRevision('Bad id')).rejects.toThrow(/'Bad id' is not a valid stream id/)
  })

  it('turns a StoreFailure into its problem document under JSON.stringify, bigints as decimal strings', async () => {
    const ledger = promiseStore(createInMemoryEventStore())
    await ledger.append('probe-a', [newEvent(), newEvent()])
    const failure = await ledger.append('probe-a', [newEvent()], { expectedRevision: 0n }).catch((e: unknown) => e)
    expect(JSON.parse(JSON.stringify(failure))).toMatchObject({
      title: 'WrongExpectedRevision',
      status: 412,
      code: 'STORE_WRONG_EXPECTED_REVISION',
      expected: '0',
      actual: '1',
    })
  })

  it('takes as-of dates from plain strings and still refuses a malformed one', async () => {
    const ledger = promiseStore(createInMemoryEventStore())
    await ledger.append('probe-a', [newEvent()])
    expect(await collect(ledger.readStream('probe-a', { asOf: '1999-01-01' }))).toEqual([])
    await expect(collect(ledger.readStream('probe-a', { asOf: 'yesterday' }))).rejects.toThrow(/asOf/)
  })

  it('makes a read throw a StoreFailure where the fp-ts read yields an error, after the good events', async () => {
    const storage = inMemoryStorage()
    const ledger = promiseStore(createInMemoryEventStore({ storage }))
    await ledger.append('probe-a', [newEvent(), newEvent(), newEvent()])
    storage.rows[1] = { ...storage.rows[1]!, data: '{"tampered":true}' }
    const seen: Array<RecordedEvent> = []
    const failure = await (async () => {
      for await (const event of ledger.readStream('probe-a')) seen.push(event)
    })().catch((e: unknown) => e)
    expect(seen.map((e) => e.revision)).toEqual([0n])
    expect(failure).toBeInstanceOf(StoreFailure)
    expect((failure as StoreFailure).error).toMatchObject({
      _tag: 'HashChainBroken',
      streamId: 'probe-a',
      revision: 1n,
    })
    await expect(collect(ledger.readAll())).rejects.toBeInstanceOf(StoreFailure)
  })

  it('turns an adapter iterator that throws into a StoreFailure', async () => {
    const broken: EventStore = {
      ...createInMemoryEventStore(),
      readAll: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new Error('socket hang up')),
        }),
      }),
    }
    const failure = await collect(promiseStore(broken).readAll()).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(StoreFailure)
    expect((failure as StoreFailure).error).toMatchObject({ _tag: 'StorageFailure', reason: 'socket hang up' })
  })

  it('rejects after close with StoreFailure(StoreClosed)', async () => {
    const ledger = promiseStore(createInMemoryEventStore())
    await ledger.close()
    await expect(ledger.headPosition()).rejects.toMatchObject({ code: 'STORE_CLOSED' })
  })

  it('runs commands with Promises and rejects with CommandFailed carrying the failure', async () => {
    const handle = promiseCommandHandler(
      commandHandler({
        store: createInMemoryEventStore(),
        decider: counter,
        events: counterEvents,
        metadata: counterMetadata,
      }),
    )
    expect(await handle('counter-1', { kind: 'increment', by: 4 })).toMatchObject({ state: 4 })
    const failure = await handle('counter-1', { kind: 'increment', by: 4, limit: 5 }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(CommandFailed)
    expect((failure as CommandFailed).failure).toMatchObject({ _tag: 'CommandRejected' })
    expect((failure as CommandFailed).message).toBe(
      "the command on stream 'counter-1' was rejected: the counter is at 4; 4 more passes 5",
    )
  })
})
