import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  collectStream,
  commandFailureMessage,
  commandFailureStatus,
  commandHandler,
  createInMemoryEventStore,
  loadAggregate,
  sequentialIds,
  steppingClock,
  uuidV7,
  type EventStore,
  type IdGenerator,
} from '../../src/index'
import { counter, counterEvents, counterMetadata, type CounterCommand } from './counter'
import { leftOf, newEvent, rightOf } from './fixtures'

const STREAM = 'counter-1'

/** A store where another writer slips in an event before each of the first `times` appends. */
const contested = (store: EventStore, times: number) => {
  let appends = 0
  const contestedStore: EventStore = {
    ...store,
    append: (streamId, events, options) => async () => {
      appends++
      if (appends <= times) {
        const competitor = await counterEvents.encode({ type: 'CounterIncremented', data: { by: 100 } })
        if (E.isLeft(competitor)) throw new Error(competitor.left)
        await store.append(streamId, [{ ...newEvent(), ...competitor.right }])()
      }
      return store.append(streamId, events, options)()
    },
  }
  return { store: contestedStore, appends: () => appends }
}

const handlerOver = (store: EventStore, maxRetries?: number, ids: IdGenerator = uuidV7) =>
  commandHandler({
    store,
    decider: counter,
    events: counterEvents,
    metadata: counterMetadata,
    ids,
    ...(maxRetries === undefined ? {} : { maxRetries }),
  })

const increment = (by: number, limit?: number): CounterCommand =>
  limit === undefined ? { kind: 'increment', by } : { kind: 'increment', by, limit }

describe('CommandHandler', () => {
  it('loads, decides, appends expecting the loaded revision and returns the new state', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    const first = await rightOf(handle(STREAM, increment(2)))
    expect(first).toMatchObject({ streamId: STREAM, state: 2, nextExpectedRevision: 0n, attempts: 1 })
    expect(first.appended).toMatchObject({ firstRevision: 0n, deduplicated: false })
    const second = await rightOf(handle(STREAM, { kind: 'reset' }))
    expect(second).toMatchObject({ state: 1, nextExpectedRevision: 2n })
    expect(second.events).toEqual([
      { type: 'CounterReset', data: {} },
      { type: 'CounterIncremented', data: { by: 1 } },
    ])
  })

  it('gives every event of a command one correlation id and a fresh event id', async () => {
    const store = createInMemoryEventStore()
    await rightOf(handlerOver(store, undefined, sequentialIds())(STREAM, { kind: 'reset' }))
    const events = await rightOf(collectStream(store.readStream(STREAM)))
    expect(events.map((e) => e.metadata.correlationId)).toEqual([
      '00000000-0000-7000-8000-000000000001',
      '00000000-0000-7000-8000-000000000001',
    ])
    expect(events.map((e) => e.eventId)).toEqual([
      '00000000-0000-7000-8000-000000000002',
      '00000000-0000-7000-8000-000000000003',
    ])
  })

  it('keeps a correlation id the command brings', async () => {
    const store = createInMemoryEventStore()
    const handle = commandHandler({
      store,
      decider: counter,
      events: counterEvents,
      metadata: (command) => ({ ...counterMetadata(command), correlationId: 'request-77' }),
    })
    await rightOf(handle(STREAM, increment(1)))
    const [event] = await rightOf(collectStream(store.readStream(STREAM)))
    expect(event?.metadata.correlationId).toBe('request-77')
  })

  it('reloads and decides again when another writer got there first', async () => {
    const base = createInMemoryEventStore()
    await rightOf(handlerOver(base)(STREAM, increment(1)))
    const { store, appends } = contested(base, 1)
    const result = await rightOf(handlerOver(store)(STREAM, increment(5)))
    expect(result).toMatchObject({ state: 106, attempts: 2, nextExpectedRevision: 2n })
    expect(appends()).toBe(2)
  })

  it('decides again on the reloaded state, so a rule broken by the other writer rejects the command', async () => {
    const { store } = contested(createInMemoryEventStore(), 1)
    const failure = await leftOf(handlerOver(store)(STREAM, increment(5, 50)))
    expect(failure).toMatchObject({ _tag: 'CommandRejected', rejection: { _tag: 'LimitReached' } })
  })

  it('gives up after maxRetries conflicts with WrongExpectedRevision', async () => {
    const { store, appends } = contested(createInMemoryEventStore(), 10)
    const failure = await leftOf(handlerOver(store, 2)(STREAM, increment(1)))
    expect(failure).toMatchObject({ _tag: 'WrongExpectedRevision', streamId: STREAM })
    expect(appends()).toBe(3)
  })

  it('never retries when the caller pinned the expected revision', async () => {
    const base = createInMemoryEventStore()
    await rightOf(handlerOver(base)(STREAM, increment(1)))
    const { store, appends } = contested(base, 1)
    const failure = await leftOf(handlerOver(store)(STREAM, increment(1), { expectedRevision: 0n }))
    expect(failure).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 1n })
    expect(appends()).toBe(1)
    const stale = await leftOf(handlerOver(base)(STREAM, increment(1), { expectedRevision: 'no_stream' }))
    expect(stale).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 'no_stream' })
  })

  it('reports a stale pinned revision before deciding, even when the command would be rejected on the newer state', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    await rightOf(handle(STREAM, increment(3)))
    await rightOf(handle(STREAM, increment(3)))
    // Over the limit on the current state (6 + 8 > 10), but the caller decided on revision 0: it must reload.
    const failure = await leftOf(handle(STREAM, increment(8, 10), { expectedRevision: 0n }))
    expect(failure).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 1n })
  })

  it('refuses an expected revision that is not one as InvalidAppend (400), never as a conflict, before loading', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    await rightOf(handle(STREAM, increment(1)))
    for (const expectedRevision of [null, '0', 1, 0, {}, -1n, 'ANY', Number.NaN, [0n]]) {
      const failure = await leftOf(
        handle(STREAM, increment(1), { expectedRevision } as unknown as Parameters<typeof handle>[2]),
      )
      expect(failure).toMatchObject({ _tag: 'InvalidAppend', code: 'STORE_INVALID_APPEND', streamId: STREAM })
      expect(commandFailureStatus(failure)).toBe(400)
      expect(commandFailureMessage(failure)).toContain('expected revision')
    }
    for (const options of [null, 'any', 7]) {
      const failure = await leftOf(handle(STREAM, increment(1), options as unknown as Parameters<typeof handle>[2]))
      expect(failure).toMatchObject({ _tag: 'InvalidAppend' })
    }
    expect(await rightOf(store.streamRevision(STREAM))).toBe(0n)
  })

  it('appends with a pinned revision that matches', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    const first = await rightOf(handle(STREAM, increment(1), { expectedRevision: 'no_stream' }))
    const second = await rightOf(handle(STREAM, increment(1), { expectedRevision: first.nextExpectedRevision }))
    expect(second.state).toBe(2)
  })

  it('surfaces a rejection as CommandRejected with the domain’s message, and writes nothing', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    await rightOf(handle(STREAM, increment(3)))
    const failure = await leftOf(handle(STREAM, increment(8, 10)))
    expect(failure).toEqual({
      _tag: 'CommandRejected',
      streamId: STREAM,
      rejection: { _tag: 'LimitReached', message: 'the counter is at 3; 8 more passes 10' },
    })
    expect(commandFailureMessage(failure)).toBe(
      "the command on stream 'counter-1' was rejected: the counter is at 3; 8 more passes 10",
    )
    expect(await rightOf(store.streamRevision(STREAM))).toBe(0n)
  })

  it('appends nothing and succeeds when the decider produces no events', async () => {
    const store = createInMemoryEventStore()
    const handle = handlerOver(store)
    expect(await rightOf(handle(STREAM, { kind: 'nothing' }))).toEqual({
      streamId: STREAM,
      state: 0,
      events: [],
      appended: undefined,
      nextExpectedRevision: 'no_stream',
      attempts: 1,
    })
    await rightOf(handle(STREAM, increment(4)))
    expect(await rightOf(handle(STREAM, { kind: 'nothing' }))).toMatchObject({ state: 4, nextExpectedRevision: 0n })
    expect(await rightOf(store.headPosition())).toBe(1n)
  })

  it('reports an event the codec refuses as EventEncodingFailed, and writes nothing', async () => {
    const store = createInMemoryEventStore()
    const failure = await leftOf(handlerOver(store)(STREAM, { kind: 'broken' }))
    expect(failure).toMatchObject({ _tag: 'EventEncodingFailed', type: 'CounterIncremented', index: 0 })
    expect(commandFailureMessage(failure)).toMatch(/cannot be encoded: CounterIncremented payload is invalid: at by/)
    expect(await rightOf(store.headPosition())).toBe(0n)
  })

  it('surfaces store errors as they are, e.g. an invalid stream id', async () => {
    const failure = await leftOf(handlerOver(createInMemoryEventStore())('Counter 1', increment(1)))
    expect(failure).toMatchObject({ _tag: 'InvalidStreamId', streamId: 'Counter 1' })
    expect(commandFailureMessage(failure)).toMatch(/^'Counter 1' is not a valid stream id/)
  })
})

describe('loadAggregate', () => {
  const history = async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z', 60_000) })
    const handle = handlerOver(store)
    for (const [by, occurredOn] of [
      [1, '2024-01-01'],
      [10, '2024-06-01'],
      [100, '2024-02-01'],
    ] as const) {
      await rightOf(handle(STREAM, { kind: 'increment', by, occurredOn }))
    }
    return store
  }

  it('folds the whole stream and says the revision it reached', async () => {
    const store = await history()
    expect(await rightOf(loadAggregate(store, STREAM, counter, counterEvents))).toEqual({
      state: 111,
      revision: 2n,
      events: 3,
    })
    expect(await rightOf(loadAggregate(store, 'counter-none', counter, counterEvents))).toEqual({
      state: 0,
      revision: 'no_stream',
      events: 0,
    })
  })

  it('replays the stream as of a date, as known at an instant, or up to a revision', async () => {
    const store = await history()
    const load = (options: object) => rightOf(loadAggregate(store, STREAM, counter, counterEvents, options))
    expect(await load({ asOf: '2024-03-01' })).toMatchObject({ state: 101, revision: 2n, events: 2 })
    expect(await load({ asKnownAt: '2026-01-01T00:01:00.000Z' })).toMatchObject({ state: 11, revision: 1n })
    expect(await load({ untilRevision: 0n })).toMatchObject({ state: 1, revision: 0n })
    expect(await load({ asOf: '2023-12-31' })).toMatchObject({ state: 0, revision: 'no_stream' })
  })

  it('reports a stored event its codec refuses as CorruptEvent naming the place', async () => {
    const store = createInMemoryEventStore()
    await rightOf(store.append(STREAM, [{ ...newEvent({ by: 'x' }), type: 'CounterIncremented' }]))
    expect(await leftOf(loadAggregate(store, STREAM, counter, counterEvents))).toMatchObject({
      _tag: 'CorruptEvent',
      streamId: STREAM,
      revision: 0n,
      reason: expect.stringMatching(/CounterIncremented payload: at by/) as unknown as string,
    })
  })
})
