/**
 * The event-store contract suite: every adapter (in-memory, SQLite, PostgreSQL, KurrentDB, third-party ones)
 * runs it, so they all behave the same way.
 *
 * @since 0.1.0
 */
import {
  bytesToHex,
  chainHash,
  eventLeafData,
  extendLedgerLog,
  GENESIS_HASH,
  hexToBytes,
  ledgerLog,
  nodeSha256,
  nodeSha256Bytes,
  rfc9162Hasher,
  START_POSITION,
  steppingClock,
  storeErrorMessage,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EventStore,
  type JsonValue,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreError,
  type Upcaster,
} from '@ikm-ledger/core'
import { normalizeReadStream, passesTimeTravel } from '@ikm-ledger/core/adapter'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  appendErr,
  appendOk,
  drain,
  type LooseReadStreamOptions,
  left,
  newEvent,
  newEvents,
  readAllBatches,
  readAllOk,
  readStreamOk,
  revisions,
  right,
  sleep,
  streamOf,
} from './internal/fixtures'
import {
  VECTOR_CLOCK,
  VECTOR_EVENTS,
  VECTOR_HASHES,
  VECTOR_MERKLE,
  VECTOR_RECORDED_AT,
  VECTOR_STREAM,
} from './internal/hashVector'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One fresh, empty store for one test, with the means to damage it and to clean up.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventStoreHarness {
  readonly store: EventStore
  /**
   * Damage one stored event as a disk or a hand edit would: 'payload' replaces its data with other valid JSON
   * (the hash no longer matches → HashChainBroken on read); 'garbage' makes the row undecodable (e.g. data not
   * JSON, or a metadata field of the wrong type → CorruptEvent naming stream and revision).
   */
  readonly corrupt: (streamId: string, revision: bigint, how: 'payload' | 'garbage') => Promise<void>
  /** Releases everything the harness created. Must cope with a store the test already closed. */
  readonly teardown: () => Promise<void>
  /**
   * Opens a second store on the same storage, as another process would (optional; closed by `teardown`). With
   * it the suite checks what one store hears of another's appends, e.g. that a closed store hears nothing.
   */
  readonly another?: () => Promise<EventStore>
}

/**
 * What the suite asks of the store it gets: the clock that stamps `recordedAt` and the upcasters to apply on
 * read. Pass both to the adapter factory as `StoreOptions`.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventStoreContractSetup {
  readonly clock: Clock
  readonly upcasters: ReadonlyArray<Upcaster>
}

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const CLOCK_START = '2026-01-01T00:00:00.000Z'

const INVALID_STREAM_IDS: ReadonlyArray<readonly [string, string]> = [
  ['an empty id', ''],
  ['an id without a dash', 'program0190f8a2'],
  ['an uppercase category', 'Program-0190f8a2'],
  ['an id longer than 200 characters', `program-${'a'.repeat(200)}`],
  ['an id with a space', 'program-0190 f8a2'],
  ['an id with nothing after the dash', 'program-'],
  ['an id with non-ASCII characters', 'program-café'],
]

const HOSTILE_STREAM_SUFFIXES = [
  `it's-"quoted"`,
  'back\\slash\\\\',
  '100%_off',
  "x';DROP-TABLE-events;--",
  '$1$$`${x}`',
  '[a-z]*?.+|^()',
]

const HOSTILE_TEXT = [
  'quote \' double " backtick `',
  'backslash \\ and \\\\ and \\u0041 literal',
  'percent % underscore _ LIKE %_%',
  "'; DROP TABLE events; --",
  'unicode: Kabupaten Gunungkidul — ñ ü ß 日本語 العربية עברית',
  'emoji: 🧵🏭👩🏽‍🔧🇮🇩',
  'control: line\nbreak\ttab\r\nwindows',
  'json-ish: {"a":[1,2]} and </script>',
]

const expectStoreError = (error: StoreError, tag: StoreError['_tag']) =>
  expect(error._tag, `expected ${tag}, got ${error._tag}: ${JSON.stringify(error, bigintJson)}`).toBe(tag)

const bigintJson = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)

const expectChain = (events: ReadonlyArray<RecordedEvent>) => {
  let previous: RecordedEvent | undefined
  for (const event of events) {
    expect(event.prevHash).toBe(previous === undefined ? GENESIS_HASH : previous.hash)
    expect(chainHash(nodeSha256, event.prevHash, event)).toBe(event.hash)
    previous = event
  }
}

const settleAll = <A>(tasks: ReadonlyArray<() => Promise<E.Either<StoreError, A>>>) =>
  Promise.all(tasks.map((task) => task()))

/** v1 `ProbeRenamed` payloads called the field `name`; v2 calls it `title`. */
const renameUpcaster: Upcaster = {
  type: 'ProbeRenamed',
  fromVersion: 1,
  up: (data) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return E.left('expected an object')
    const { name, ...rest } = data as { readonly [key: string]: JsonValue }
    return name === undefined ? E.left('v1 payload has no name') : E.right({ ...rest, title: name })
  },
}

// -------------------------------------------------------------------------------------
// the suite
// -------------------------------------------------------------------------------------

/**
 * Registers the event-store contract as vitest `describe`/`it` blocks. `setup` is called once per test and must
 * return a fresh, empty store built with the given clock and upcasters.
 *
 * @example
 * eventStoreContract('InMemoryEventStore', async ({ clock, upcasters }) => inMemoryHarness({ clock, upcasters }))
 *
 * @category contract
 * @since 0.1.0
 */
export const eventStoreContract = (
  adapterName: string,
  setup: (options: EventStoreContractSetup) => Promise<EventStoreHarness>,
): void => {
  const withHarness =
    (body: (harness: EventStoreHarness) => Promise<void>, options: Partial<EventStoreContractSetup> = {}) =>
    async () => {
      const harness = await setup({
        clock: options.clock ?? steppingClock(CLOCK_START, 1000),
        upcasters: options.upcasters ?? [],
      })
      try {
        await body(harness)
      } finally {
        await harness.teardown()
      }
    }
  type Body = (harness: EventStoreHarness) => Promise<void>
  type TestOptions = Partial<EventStoreContractSetup> & { readonly timeout?: number }
  function test(name: string, body: Body): void
  function test(name: string, options: TestOptions, body: Body): void
  function test(name: string, first: Body | TestOptions, second?: Body): void {
    const [options, body] = typeof first === 'function' ? [{}, first] : [first, second!]
    it(name, withHarness(body, options), (options as TestOptions).timeout)
  }

  describe(`EventStore contract: ${adapterName}`, () => {
    describe('stream ids', () => {
      for (const [what, id] of INVALID_STREAM_IDS) {
        test(`rejects ${what} with InvalidStreamId before writing or reading anything`, async ({ store }) => {
          const before = await right(store.headPosition(), 'headPosition')
          const appended = await appendErr(store, id, [newEvent()])
          expectStoreError(appended, 'InvalidStreamId')
          expect(appended).toMatchObject({ streamId: id })
          expect((await left(store.streamRevision(id), 'streamRevision'))._tag).toBe('InvalidStreamId')
          expect((await left(store.streamExists(id), 'streamExists'))._tag).toBe('InvalidStreamId')
          const read = await drain(store.readStream(id))
          expect(read.batches).toEqual([])
          expect(read.error?._tag).toBe('InvalidStreamId')
          expect(await right(store.headPosition(), 'headPosition')).toBe(before)
        })
      }

      test('keeps quotes, backslashes, %, _ and ;-- in stream ids verbatim and never confuses similar ids', async ({
        store,
      }) => {
        for (const suffix of HOSTILE_STREAM_SUFFIXES) {
          const id = `probe-${suffix}`
          const event = newEvent({ data: { suffix } })
          await appendOk(store, id, [event], { expectedRevision: 'no_stream' })
          const read = await readStreamOk(store, id)
          expect(read.map((e) => [e.streamId, e.eventId])).toEqual([[id, event.eventId]])
          expect(await right(store.streamRevision(id), 'streamRevision')).toBe(0n)
        }
        // Wildcards in one id must not match another (no LIKE, no pattern matching on ids).
        await appendOk(store, 'probe-100XYoff', [newEvent()])
        expect(await readStreamOk(store, 'probe-100%_off')).toHaveLength(1)
        expect(await right(store.streamRevision('probe-100%_of'), 'streamRevision')).toBe('no_stream')
        expect(await readStreamOk(store, 'probe-100%')).toEqual([])
        const all = await readAllOk(store)
        expect(new Set(all.map((e) => e.streamId))).toEqual(
          new Set([...HOSTILE_STREAM_SUFFIXES.map((s) => `probe-${s}`), 'probe-100XYoff']),
        )
      })
    })

    describe('appending', () => {
      test('numbers events from revision 0, gives increasing positions and stamps recordedAt', async ({ store }) => {
        const stream = streamOf()
        const first = newEvents(3)
        const result = await appendOk(store, stream, first)
        expect(result).toMatchObject({
          streamId: stream,
          firstRevision: 0n,
          nextExpectedRevision: 2n,
          deduplicated: false,
        })
        expect(result.firstPosition >= 1n).toBe(true)
        expect(result.lastPosition > result.firstPosition).toBe(true)
        const second = await appendOk(store, stream, newEvents(2))
        expect(second).toMatchObject({ firstRevision: 3n, nextExpectedRevision: 4n })
        expect(second.firstPosition > result.lastPosition).toBe(true)

        const read = await readStreamOk(store, stream)
        expect(revisions(read)).toEqual([0n, 1n, 2n, 3n, 4n])
        expect(read[0]?.position).toBe(result.firstPosition)
        expect(read[2]?.position).toBe(result.lastPosition)
        expect(read[4]?.position).toBe(second.lastPosition)
        expect(read[2]?.hash).toBe(result.lastHash)
        expect(read[4]?.hash).toBe(second.lastHash)
        for (let i = 1; i < read.length; i++) expect(read[i]!.position > read[i - 1]!.position).toBe(true)
        for (const [i, event] of first.entries()) {
          expect(read[i]).toMatchObject({
            eventId: event.eventId,
            streamId: stream,
            type: event.type,
            schemaVersion: event.schemaVersion,
            data: event.data,
            metadata: { ...event.metadata },
          })
        }
        const stamps = read.map((e) => e.metadata.recordedAt)
        expect(stamps[0]! >= CLOCK_START).toBe(true)
        expect(stamps[0]).toBe(stamps[2])
        expect(stamps[3]! > stamps[2]!).toBe(true)
      })

      test('rejects an empty batch with InvalidAppend', async ({ store }) => {
        const stream = streamOf()
        expectStoreError(await appendErr(store, stream, []), 'InvalidAppend')
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
      })

      const malformed: ReadonlyArray<readonly [string, (good: NewEvent) => unknown]> = [
        ['an event id that is not a UUID', (good) => ({ ...good, eventId: 'not-a-uuid' })],
        ['an empty event type', (good) => ({ ...good, type: '' })],
        ['schema version 0', (good) => ({ ...good, schemaVersion: 0 })],
        ['a payload JSON cannot carry', (good) => ({ ...good, data: { amount: Number.NaN } })],
        ['metadata without occurredOn', (good) => ({ ...good, metadata: { ...good.metadata, occurredOn: undefined } })],
        ['an impossible civil date', (good) => ({ ...good, metadata: { ...good.metadata, occurredOn: '2025-02-30' } })],
        ['an actor of the wrong shape', (good) => ({ ...good, metadata: { ...good.metadata, actor: 'someone' } })],
        ['no event at all', () => null],
      ]
      for (const [what, spoil] of malformed) {
        test(`rejects a batch holding ${what} with InvalidAppend naming the event, and writes nothing`, async ({
          store,
        }) => {
          const stream = streamOf()
          const before = await right(store.headPosition(), 'headPosition')
          const good = newEvent()
          const error = await appendErr(store, stream, [good, spoil(newEvent())])
          expectStoreError(error, 'InvalidAppend')
          expect(error).toMatchObject({ streamId: stream, index: 1 })
          expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
          expect(await right(store.headPosition(), 'headPosition')).toBe(before)
          // The good event's id was not consumed.
          await appendOk(store, stream, [good])
        })
      }

      test('rejects an event id used twice in one batch with InvalidAppend', async ({ store }) => {
        const stream = streamOf()
        const event = newEvent()
        const error = await appendErr(store, stream, [event, { ...event, data: { other: true } }])
        expectStoreError(error, 'InvalidAppend')
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
      })

      test('rejects a negative expected revision with InvalidAppend', async ({ store }) => {
        const error = await appendErr(store, streamOf(), [newEvent()], { expectedRevision: -1n })
        expectStoreError(error, 'InvalidAppend')
      })
    })

    describe('expected revision: one meaning everywhere', () => {
      // What a JavaScript caller (or a JSON body) may pass where an ExpectedRevision belongs.
      const NOT_EXPECTED_REVISIONS: ReadonlyArray<readonly [string, unknown]> = [
        ['null', null],
        ["the string '0'", '0'],
        ['the number 1', 1],
        ['the number 0', 0],
        ['an empty object', {}],
        ['-1n', -1n],
        ["'ANY' in capitals", 'ANY'],
        ['NaN', Number.NaN],
        ['true', true],
        ['an array', [0n]],
      ]
      for (const [what, expectedRevision] of NOT_EXPECTED_REVISIONS) {
        test(`${what} as expected revision is InvalidAppend (never a conflict, never 'any'), on a new and an existing stream`, async ({
          store,
        }) => {
          const stream = streamOf()
          const options = { expectedRevision } as unknown as AppendOptions
          const onNew = await appendErr(store, stream, [newEvent()], options)
          expectStoreError(onNew, 'InvalidAppend')
          expect(storeErrorMessage(onNew)).toContain('expected revision')
          await appendOk(store, stream, [newEvent()])
          const onExisting = await appendErr(store, stream, [newEvent()], options)
          expectStoreError(onExisting, 'InvalidAppend')
          expect(revisions(await readStreamOk(store, stream))).toEqual([0n])
        })
      }

      test('options that are not an object are InvalidAppend; expectedRevision left out means any', async ({
        store,
      }) => {
        const stream = streamOf()
        for (const options of [null, 'any', 0n, 7]) {
          const error = await appendErr(store, stream, [newEvent()], options as unknown as AppendOptions)
          expectStoreError(error, 'InvalidAppend')
        }
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
        await appendOk(store, stream, [newEvent()], { expectedRevision: undefined } as unknown as AppendOptions)
        await appendOk(store, stream, [newEvent()], {})
        expect(revisions(await readStreamOk(store, stream))).toEqual([0n, 1n])
      })
    })

    describe('expected revision', () => {
      test("'any' appends to a new and to an existing stream", async ({ store }) => {
        const stream = streamOf()
        expect((await appendOk(store, stream, [newEvent()], { expectedRevision: 'any' })).firstRevision).toBe(0n)
        expect((await appendOk(store, stream, [newEvent()], { expectedRevision: 'any' })).firstRevision).toBe(1n)
        expect((await appendOk(store, stream, [newEvent()])).firstRevision).toBe(2n)
      })

      test("'no_stream' creates a stream and fails once it exists", async ({ store }) => {
        const stream = streamOf()
        await appendOk(store, stream, newEvents(2), { expectedRevision: 'no_stream' })
        const error = await appendErr(store, stream, [newEvent()], { expectedRevision: 'no_stream' })
        expectStoreError(error, 'WrongExpectedRevision')
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1n })
        expect(await right(store.streamRevision(stream), 'streamRevision')).toBe(1n)
      })

      test("'stream_exists' fails on a new stream and appends to an existing one", async ({ store }) => {
        const stream = streamOf()
        const error = await appendErr(store, stream, [newEvent()], { expectedRevision: 'stream_exists' })
        expectStoreError(error, 'WrongExpectedRevision')
        expect(error).toMatchObject({ streamId: stream, expected: 'stream_exists', actual: 'no_stream' })
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
        await appendOk(store, stream, [newEvent()])
        const result = await appendOk(store, stream, [newEvent()], { expectedRevision: 'stream_exists' })
        expect(result.firstRevision).toBe(1n)
      })

      test('a revision appends only when it is the stream’s last revision', async ({ store }) => {
        const stream = streamOf()
        const missing = await appendErr(store, stream, [newEvent()], { expectedRevision: 0n })
        expect(missing).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 'no_stream' })
        const first = await appendOk(store, stream, newEvents(2))
        const next = await appendOk(store, stream, [newEvent()], { expectedRevision: first.nextExpectedRevision })
        expect(next.firstRevision).toBe(2n)
        const stale = await appendErr(store, stream, [newEvent()], { expectedRevision: 1n })
        expect(stale).toMatchObject({ _tag: 'WrongExpectedRevision', streamId: stream, expected: 1n, actual: 2n })
        const ahead = await appendErr(store, stream, [newEvent()], { expectedRevision: 5n })
        expect(ahead).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 5n, actual: 2n })
        expect(revisions(await readStreamOk(store, stream))).toEqual([0n, 1n, 2n])
      })

      test(
        'of N concurrent appends expecting the same revision exactly one wins',
        { timeout: 60_000 },
        async ({ store }) => {
          const stream = streamOf()
          await appendOk(store, stream, [newEvent()])
          const results = await settleAll(
            Array.from({ length: 10 }, () => store.append(stream, newEvents(2), { expectedRevision: 0n })),
          )
          const winners = results.filter(E.isRight)
          expect(winners).toHaveLength(1)
          for (const result of results.filter(E.isLeft)) {
            expect(result.left).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 2n })
          }
          expect(revisions(await readStreamOk(store, stream))).toEqual([0n, 1n, 2n])
        },
      )

      test(
        "of N concurrent 'no_stream' appends to a new stream exactly one wins",
        { timeout: 60_000 },
        async ({ store }) => {
          const stream = streamOf()
          const results = await settleAll(
            Array.from({ length: 10 }, () => store.append(stream, [newEvent()], { expectedRevision: 'no_stream' })),
          )
          expect(results.filter(E.isRight)).toHaveLength(1)
          for (const result of results.filter(E.isLeft)) {
            expect(result.left).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 'no_stream', actual: 0n })
          }
          expect(revisions(await readStreamOk(store, stream))).toEqual([0n])
        },
      )

      test(
        "N concurrent 'any' appends all succeed, one after another, with an unbroken chain",
        { timeout: 60_000 },
        async ({ store }) => {
          const stream = streamOf()
          const results = await settleAll(Array.from({ length: 10 }, () => store.append(stream, newEvents(2))))
          const written = results.map((r) => {
            if (E.isLeft(r)) throw new Error(`a concurrent 'any' append failed: ${r.left._tag}`)
            return r.right
          })
          expect(written.map((r) => r.firstRevision).sort((a, b) => (a < b ? -1 : 1))).toEqual(
            Array.from({ length: 10 }, (_, i) => BigInt(i * 2)),
          )
          const read = await readStreamOk(store, stream)
          expect(revisions(read)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)))
          expectChain(read)
        },
      )
    })

    describe('idempotent appends', () => {
      test('re-sending an identical batch succeeds with deduplicated: true and writes nothing', async ({ store }) => {
        const stream = streamOf()
        const batch = newEvents(3)
        const original = await appendOk(store, stream, batch, { expectedRevision: 'no_stream' })
        const head = await right(store.headPosition(), 'headPosition')
        for (const expectedRevision of ['no_stream', 'any'] as const) {
          const again = await appendOk(store, stream, batch, { expectedRevision })
          expect(again).toEqual({ ...original, deduplicated: true })
        }
        expect(await right(store.headPosition(), 'headPosition')).toBe(head)
        expect((await readStreamOk(store, stream)).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId))
      })

      test(
        'N concurrent sends of the same batch all succeed, and exactly one of them writes',
        { timeout: 60_000 },
        async ({ store }) => {
          const stream = streamOf()
          await appendOk(store, stream, [newEvent()])
          const batch = newEvents(3)
          const results = await settleAll(Array.from({ length: 8 }, () => store.append(stream, batch)))
          const written = results.map((r) => {
            if (E.isLeft(r))
              throw new Error(`a concurrent identical send failed: ${JSON.stringify(r.left, bigintJson)}`)
            return r.right
          })
          expect(written.filter((r) => !r.deduplicated)).toHaveLength(1)
          for (const result of written)
            expect({ ...result, deduplicated: false }).toEqual(written.find((r) => !r.deduplicated))
          expect(revisions(await readStreamOk(store, stream))).toEqual([0n, 1n, 2n, 3n])
        },
      )

      test('a retried batch is still recognised after the stream moved on', async ({ store }) => {
        const stream = streamOf()
        await appendOk(store, stream, [newEvent()])
        const batch = newEvents(2)
        const original = await appendOk(store, stream, batch, { expectedRevision: 0n })
        await appendOk(store, stream, newEvents(2))
        expect(await appendOk(store, stream, batch, { expectedRevision: 0n })).toEqual({
          ...original,
          deduplicated: true,
        })
        expect(await appendOk(store, stream, batch)).toEqual({ ...original, deduplicated: true })
        expect(await readStreamOk(store, stream)).toHaveLength(5)
      })

      test('an event id already used in another stream is DuplicateEventId', async ({ store }) => {
        const [a, b] = [streamOf(), streamOf()]
        const event = newEvent()
        await appendOk(store, a, [event])
        const error = await appendErr(store, b, [event])
        expectStoreError(error, 'DuplicateEventId')
        expect(error).toMatchObject({ eventId: event.eventId, streamId: b, existingStreamId: a, existingRevision: 0n })
        expect(await right(store.streamExists(b), 'streamExists')).toBe(false)
      })

      test('an event id re-sent with other content is DuplicateEventId', async ({ store }) => {
        const stream = streamOf()
        const event = newEvent({ data: { n: 1 } })
        await appendOk(store, stream, [event])
        for (const changed of [
          { ...event, data: { n: 2 } },
          { ...event, type: 'OtherProbe' },
          { ...event, schemaVersion: 2 },
        ]) {
          expectStoreError(await appendErr(store, stream, [changed]), 'DuplicateEventId')
        }
        expect(await readStreamOk(store, stream)).toHaveLength(1)
      })

      test('an event id re-sent with other metadata is DuplicateEventId naming what differs, and nothing is dropped', async ({
        store,
      }) => {
        const stream = streamOf()
        const event = newEvent({ data: { n: 1 } })
        await appendOk(store, stream, [event], { expectedRevision: 'no_stream' })
        const changes: ReadonlyArray<readonly [string, NewEvent]> = [
          [
            'metadata.actor',
            { ...event, metadata: { ...event.metadata, actor: { id: 'actor-0002', role: 'OPERATOR' } } },
          ],
          [
            'metadata.occurredOn',
            newEvent({ eventId: event.eventId, data: { n: 1 }, metadata: { occurredOn: '2025-01-16' } }),
          ],
          [
            'metadata.evidence',
            { ...event, metadata: { ...event.metadata, evidence: { level: 'NEWS_REPORT', refs: [] } } },
          ],
          ['metadata.correlationId', { ...event, metadata: { ...event.metadata, correlationId: 'corr-0002' } }],
          ['metadata.causationId', { ...event, metadata: { ...event.metadata, causationId: 'cause-1' } }],
          ['data', { ...event, data: { n: 2 } }],
          ['type', { ...event, type: 'OtherProbe' }],
        ]
        for (const [field, changed] of changes) {
          for (const expectedRevision of ['any', 'no_stream'] as const) {
            const error = await appendErr(store, stream, [changed], { expectedRevision })
            expectStoreError(error, 'DuplicateEventId')
            expect(error).toMatchObject({ eventId: event.eventId, existingStreamId: stream, existingRevision: 0n })
            expect(storeErrorMessage(error)).toContain(field)
          }
        }
        // The identical event is still a harmless resend, with the metadata it was first recorded with.
        expect((await appendOk(store, stream, [event], { expectedRevision: 'no_stream' })).deduplicated).toBe(true)
        const [stored] = await readStreamOk(store, stream)
        expect(stored?.metadata).toMatchObject({ ...event.metadata })
        expect(await readStreamOk(store, stream)).toHaveLength(1)
      })

      test('a batch that overlaps an earlier one only in part is DuplicateEventId and writes nothing', async ({
        store,
      }) => {
        const stream = streamOf()
        const [a, b] = newEvents(2)
        await appendOk(store, stream, [a!])
        const head = await right(store.headPosition(), 'headPosition')
        expectStoreError(await appendErr(store, stream, [a!, b!]), 'DuplicateEventId')
        expectStoreError(await appendErr(store, stream, [b!, a!]), 'DuplicateEventId')
        expect(await right(store.headPosition(), 'headPosition')).toBe(head)
        expect((await readStreamOk(store, stream)).map((e) => e.eventId)).toEqual([a!.eventId])
      })

      test('a re-sent batch whose expected revision contradicts where it was written is DuplicateEventId', async ({
        store,
      }) => {
        const stream = streamOf()
        await appendOk(store, stream, [newEvent()])
        const batch = [newEvent()]
        await appendOk(store, stream, batch, { expectedRevision: 0n })
        expectStoreError(await appendErr(store, stream, batch, { expectedRevision: 'no_stream' }), 'DuplicateEventId')
        expect(await readStreamOk(store, stream)).toHaveLength(2)
      })
    })

    describe('reading a stream', () => {
      const tenEvents = async (store: EventStore) => {
        const stream = streamOf()
        const other = streamOf()
        // Interleaved with another stream, so positions and revisions differ.
        for (let i = 0; i < 10; i++) {
          await appendOk(store, stream, [newEvent({ data: { i } })])
          await appendOk(store, other, [newEvent()])
        }
        return stream
      }
      const range = (from: number, to: number) =>
        Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => BigInt(from <= to ? from + i : from - i))

      test('a read can be iterated twice and starts afresh each time, seeing what was appended between', async ({
        store,
      }) => {
        const stream = await tenEvents(store)
        const byStream = store.readStream(stream, { batchSize: 3 })
        const all = store.readAll({ batchSize: 4 })
        const first = (await drain(byStream)).batches.flat()
        const firstAll = (await drain(all)).batches.flatMap((b) => [...b.events])
        expect(revisions(first)).toEqual(range(0, 9))
        expect(firstAll).toHaveLength(20)
        expect((await drain(byStream)).batches.flat()).toEqual(first)
        expect((await drain(all)).batches.flatMap((b) => [...b.events])).toEqual(firstAll)
        await appendOk(store, stream, [newEvent()])
        expect(revisions((await drain(byStream)).batches.flat())).toEqual(range(0, 10))
        expect((await drain(all)).batches.flatMap((b) => [...b.events])).toHaveLength(21)
      })

      test('a stream that does not exist reads as empty', async ({ store }) => {
        expect(await readStreamOk(store, streamOf())).toEqual([])
      })

      test('reads forwards and backwards', async ({ store }) => {
        const stream = await tenEvents(store)
        expect(revisions(await readStreamOk(store, stream))).toEqual(range(0, 9))
        expect(revisions(await readStreamOk(store, stream, { direction: 'forwards' }))).toEqual(range(0, 9))
        expect(revisions(await readStreamOk(store, stream, { direction: 'backwards' }))).toEqual(range(9, 0))
      })

      test('fromRevision is inclusive in both directions', async ({ store }) => {
        const stream = await tenEvents(store)
        expect(revisions(await readStreamOk(store, stream, { fromRevision: 3n }))).toEqual(range(3, 9))
        expect(revisions(await readStreamOk(store, stream, { fromRevision: 6n, direction: 'backwards' }))).toEqual(
          range(6, 0),
        )
        expect(await readStreamOk(store, stream, { fromRevision: 10n })).toEqual([])
        expect(revisions(await readStreamOk(store, stream, { fromRevision: 50n, direction: 'backwards' }))).toEqual(
          range(9, 0),
        )
      })

      test('untilRevision reads the stream as it was at that revision', async ({ store }) => {
        const stream = await tenEvents(store)
        expect(revisions(await readStreamOk(store, stream, { untilRevision: 4n }))).toEqual(range(0, 4))
        expect(revisions(await readStreamOk(store, stream, { untilRevision: 4n, direction: 'backwards' }))).toEqual(
          range(4, 0),
        )
        expect(revisions(await readStreamOk(store, stream, { fromRevision: 2n, untilRevision: 6n }))).toEqual(
          range(2, 6),
        )
        expect(revisions(await readStreamOk(store, stream, { untilRevision: 0n }))).toEqual([0n])
      })

      test('untilPosition reads the stream as it was at a global position', async ({ store }) => {
        const stream = await tenEvents(store)
        const all = await readStreamOk(store, stream)
        const cut = all[5]!.position
        expect(revisions(await readStreamOk(store, stream, { untilPosition: cut }))).toEqual(range(0, 5))
        expect(revisions(await readStreamOk(store, stream, { untilPosition: cut + 1n }))).toEqual(range(0, 5))
        expect(revisions(await readStreamOk(store, stream, { untilPosition: cut, direction: 'backwards' }))).toEqual(
          range(5, 0),
        )
        expect(await readStreamOk(store, stream, { untilPosition: all[0]!.position - 1n })).toEqual([])
      })

      test('maxCount limits the read in both directions', async ({ store }) => {
        const stream = await tenEvents(store)
        expect(revisions(await readStreamOk(store, stream, { maxCount: 3 }))).toEqual(range(0, 2))
        expect(revisions(await readStreamOk(store, stream, { maxCount: 3, direction: 'backwards' }))).toEqual(
          range(9, 7),
        )
        expect(revisions(await readStreamOk(store, stream, { maxCount: 3, fromRevision: 8n }))).toEqual(range(8, 9))
        expect(
          revisions(await readStreamOk(store, stream, { maxCount: 4, fromRevision: 2n, untilRevision: 3n })),
        ).toEqual(range(2, 3))
      })

      test('a batch size smaller than the stream delivers several batches, none larger than asked', async ({
        store,
      }) => {
        const stream = await tenEvents(store)
        for (const direction of ['forwards', 'backwards'] as const) {
          const read = await drain(store.readStream(stream, { batchSize: 3, direction }))
          expect(read.error).toBeUndefined()
          expect(read.batches.length).toBeGreaterThanOrEqual(4)
          for (const batch of read.batches) expect(batch.length).toBeLessThanOrEqual(3)
          expect(revisions(read.batches.flat())).toEqual(direction === 'forwards' ? range(0, 9) : range(9, 0))
        }
        const limited = await drain(store.readStream(stream, { batchSize: 2, maxCount: 5 }))
        expect(revisions(limited.batches.flat())).toEqual(range(0, 4))
      })

      test(
        'a stream longer than the default batch size streams in several bounded batches',
        { timeout: 60_000 },
        async ({ store }) => {
          const stream = streamOf()
          for (let i = 0; i < 3; i++)
            await appendOk(
              store,
              stream,
              newEvents(400, (k) => ({ data: { i, k } })),
            )
          const read = await drain(store.readStream(stream))
          expect(read.error).toBeUndefined()
          expect(read.batches.length).toBeGreaterThanOrEqual(3)
          for (const batch of read.batches) expect(batch.length).toBeLessThanOrEqual(500)
          expect(revisions(read.batches.flat())).toEqual(Array.from({ length: 1200 }, (_, i) => BigInt(i)))
          const all = await drain(store.readAll())
          expect(all.batches.length).toBeGreaterThanOrEqual(3)
          for (const batch of all.batches) expect(batch.events.length).toBeLessThanOrEqual(500)
          expect(all.batches.flatMap((b) => b.events)).toHaveLength(1200)
        },
      )

      test('rejects nonsensical bounds with InvalidRead', async ({ store }) => {
        const stream = await tenEvents(store)
        for (const options of [
          { batchSize: 0 },
          { maxCount: -1 },
          { maxCount: 1.5 },
          { fromRevision: -1n },
          { untilPosition: -1n },
          { asOf: '15/01/2025' },
          { asKnownAt: 'yesterday' },
          // Shaped like dates and instants, but impossible or guessed at by Date.parse (REVIEW R4).
          { asOf: '2020-02-30' },
          { asOf: '2020-13-01' },
          { asKnownAt: '2020-01-01' },
          { asKnownAt: '1' },
          { asKnownAt: 'June 5' },
          { asKnownAt: '2020-02-30T00:00:00.000Z' },
          { asKnownAt: '2020-01-01T24:00:00Z' },
          { asKnownAt: '2020-01-01T10:00:00' },
        ]) {
          const read = await drain(store.readStream(stream, options as ReadStreamOptions))
          expect(read.batches).toEqual([])
          expect(read.error?._tag).toBe('InvalidRead')
        }
      })
    })

    describe('read options as a JavaScript caller passes them', () => {
      test('null, a string or a throwing getter as read options is InvalidRead saying so, never a TypeError', async ({
        store,
      }) => {
        const stream = streamOf()
        await appendOk(store, stream, [newEvent()])
        const throwing = Object.defineProperty({}, 'batchSize', {
          enumerable: true,
          get: () => {
            throw new Error('getter exploded')
          },
        })
        for (const options of [null, 'forwards', 5, throwing, { asOf: { toString: 1 } }, { asKnownAt: 7 }]) {
          const loose = options as unknown as ReadStreamOptions
          const read = await drain(store.readStream(stream, loose))
          expect(read.batches).toEqual([])
          expectStoreError(read.error!, 'InvalidRead')
          const message = storeErrorMessage(read.error!)
          expect(message).not.toContain('Cannot read properties')
          expect(message).not.toContain('[object Object]')
        }
        for (const options of [null, 'forwards', 5, throwing, { categories: { toString: 1 } }, { after: 1 }]) {
          const all = await drain(store.readAll(options as unknown as ReadAllOptions))
          expect(all.batches).toEqual([])
          expectStoreError(all.error!, 'InvalidRead')
        }
        expect(
          storeErrorMessage((await drain(store.readStream(stream, null as unknown as ReadStreamOptions))).error!),
        ).toBe('invalid read: the read options must be an object or left out, got null')
      })

      test('refuses NUL and lone surrogates in data and metadata, naming the place, and writes nothing', async ({
        store,
      }) => {
        const stream = streamOf()
        for (const [event, shown] of [
          [newEvent({ data: { title: 'nul \u0000 inside' } }), 'U+0000 (NUL) at index 4'],
          [newEvent({ data: { names: ['ok', 'lone \ud800'] } }), 'a lone surrogate U+D800 at index 5'],
          [newEvent({ metadata: { correlationId: 'x\udc00' } }), 'a lone surrogate U+DC00 at index 1'],
        ] as const) {
          const refused = await appendErr(store, stream, [event])
          expectStoreError(refused, 'InvalidAppend')
          expect(storeErrorMessage(refused)).toContain(shown)
        }
        expect(E.getOrElseW(() => 'failed')(await store.streamRevision(stream)())).toBe('no_stream')
      })

      test('a bound beyond every storable revision or position reads as no bound, on every store alike', async ({
        store,
      }) => {
        const stream = streamOf()
        await appendOk(store, stream, [newEvent(), newEvent()])
        const beyond = 2n ** 64n
        for (const options of [
          { untilRevision: beyond },
          { untilPosition: beyond },
          { direction: 'backwards', untilRevision: beyond },
        ] as ReadonlyArray<ReadStreamOptions>) {
          const read = await drain(store.readStream(stream, options))
          expect(
            read.error,
            JSON.stringify(options, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
          ).toBe(undefined)
          expect(read.batches.flat()).toHaveLength(2)
        }
        for (const options of [
          { fromRevision: beyond },
          { fromRevision: 2n ** 63n },
        ] as ReadonlyArray<ReadStreamOptions>) {
          const read = await drain(store.readStream(stream, options))
          expect(read.error).toBe(undefined)
          expect(read.batches.flat()).toEqual([])
        }
        const all = await drain(store.readAll({ untilPosition: beyond }))
        expect(all.error).toBe(undefined)
        // A store that numbers every event answers a read after a position beyond them all with nothing; KurrentDB's
        // positions are the server's, which refuses one beyond its log.
        if (store.densePositions === true) {
          const after = await drain(store.readAll({ after: beyond }))
          expect(after.error).toBe(undefined)
          expect(after.batches.flatMap((b) => b.events)).toEqual([])
        }
      })

      test('a refused value is echoed cut short, with its length, never whole', async ({ store }) => {
        const huge = 'x'.repeat(1_048_576)
        const read = await drain(store.readStream(streamOf(), { asOf: huge } as unknown as ReadStreamOptions))
        const message = storeErrorMessage(read.error!)
        expect(message.length).toBeLessThan(500)
        expect(message).toContain('(1048576 characters)')
        const appended = await appendErr(store, `probe-${huge}`, [newEvent()])
        expectStoreError(appended, 'InvalidStreamId')
        expect(storeErrorMessage(appended).length).toBeLessThan(1000)
      })
    })

    describe('reading all streams', () => {
      const seed = async (store: EventStore) => {
        const from = await right(store.headPosition(), 'headPosition')
        const programs = [streamOf('program'), streamOf('program')]
        const equipment = streamOf('equipment')
        const results: Array<AppendResult> = []
        for (let i = 0; i < 4; i++) {
          results.push(await appendOk(store, programs[i % 2]!, [newEvent({ type: 'ProgramProbed', data: { i } })]))
          results.push(
            await appendOk(store, equipment, [
              newEvent({ type: 'EquipmentProbed', data: { i } }),
              newEvent({ type: 'EquipmentMoved', data: { i } }),
            ]),
          )
        }
        return { from, programs, equipment, results }
      }

      test('reads every event once, in strictly increasing global order', async ({ store }) => {
        const { from, results } = await seed(store)
        const all = await readAllOk(store, { after: from })
        expect(all).toHaveLength(12)
        for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true)
        expect(all[0]!.position).toBe(results[0]!.firstPosition)
        expect(all[all.length - 1]!.position).toBe(results[results.length - 1]!.lastPosition)
        expect(all[all.length - 1]!.position).toBe(await right(store.headPosition(), 'headPosition'))
      })

      test('an empty store has head position START_POSITION and reads nothing', async ({ store }) => {
        expect(await right(store.headPosition(), 'headPosition')).toBe(START_POSITION)
        expect(await readAllOk(store)).toEqual([])
      })

      test('after is exclusive and untilPosition inclusive; resuming from a checkpoint gives exactly the rest', async ({
        store,
      }) => {
        const { from } = await seed(store)
        const all = await readAllOk(store, { after: from })
        const cut = all[4]!.position
        expect((await readAllOk(store, { after: cut })).map((e) => e.eventId)).toEqual(
          all.slice(5).map((e) => e.eventId),
        )
        expect((await readAllOk(store, { after: from, untilPosition: cut })).map((e) => e.eventId)).toEqual(
          all.slice(0, 5).map((e) => e.eventId),
        )
        const head = await readAllBatches(store, { after: from, maxCount: 7 })
        const checkpoint = head[head.length - 1]!.checkpoint
        const rest = await readAllOk(store, { after: checkpoint })
        expect([...head.flatMap((b) => b.events), ...rest].map((e) => e.eventId)).toEqual(all.map((e) => e.eventId))
      })

      test('maxCount and batchSize bound the read; the checkpoint never passes an undelivered event', async ({
        store,
      }) => {
        const { from } = await seed(store)
        const all = await readAllOk(store, { after: from })
        const limited = await readAllBatches(store, { after: from, maxCount: 5, batchSize: 2 })
        const events = limited.flatMap((b) => b.events)
        expect(events.map((e) => e.eventId)).toEqual(all.slice(0, 5).map((e) => e.eventId))
        expect(limited.length).toBeGreaterThanOrEqual(3)
        let previous = from
        for (const batch of limited) {
          expect(batch.events.length).toBeLessThanOrEqual(2)
          expect(batch.checkpoint >= previous).toBe(true)
          for (const event of batch.events) expect(event.position <= batch.checkpoint).toBe(true)
          previous = batch.checkpoint
        }
        expect(previous >= all[4]!.position && previous < all[5]!.position).toBe(true)
      })

      test('filters by category and by event type, alone and together', async ({ store }) => {
        const { from, programs, equipment } = await seed(store)
        const byCategory = await readAllOk(store, { after: from, categories: ['program'] })
        expect(byCategory).toHaveLength(4)
        expect(byCategory.every((e) => programs.includes(e.streamId))).toBe(true)
        const byType = await readAllOk(store, { after: from, types: ['EquipmentMoved', 'ProgramProbed'] })
        expect(byType.map((e) => e.type).sort()).toEqual([
          ...Array(4).fill('EquipmentMoved'),
          ...Array(4).fill('ProgramProbed'),
        ])
        const both = await readAllOk(store, { after: from, categories: ['equipment'], types: ['EquipmentMoved'] })
        expect(both).toHaveLength(4)
        expect(both.every((e) => e.streamId === equipment && e.type === 'EquipmentMoved')).toBe(true)
        for (const list of [byCategory, byType, both]) {
          for (let i = 1; i < list.length; i++) expect(list[i]!.position > list[i - 1]!.position).toBe(true)
        }
      })

      test('the checkpoint reaches the head even when the filter matches nothing', async ({ store }) => {
        const { from } = await seed(store)
        const head = await right(store.headPosition(), 'headPosition')
        for (const options of [{ categories: ['facility'] }, { types: ['NothingLikeThis'] }]) {
          const batches = await readAllBatches(store, { after: from, batchSize: 3, ...options })
          expect(batches.length).toBeGreaterThanOrEqual(1)
          expect(batches.flatMap((b) => b.events)).toEqual([])
          expect(batches[batches.length - 1]!.checkpoint).toBe(head)
        }
        const sparse = await readAllBatches(store, { after: from, batchSize: 2, categories: ['program'] })
        expect(sparse[sparse.length - 1]!.checkpoint).toBe(head)
      })

      test('rejects nonsensical options with InvalidRead', async ({ store }) => {
        for (const options of [{ categories: [] }, { types: [] }, { batchSize: 0 }, { after: -1n }]) {
          const read = await drain(store.readAll(options))
          expect(read.batches).toEqual([])
          expect(read.error?._tag).toBe('InvalidRead')
        }
      })

      test(
        'a reader polling while several writers append sees every event exactly once, in order',
        { timeout: 120_000 },
        async ({ store }) => {
          const from = await right(store.headPosition(), 'headPosition')
          const written = new Set<string>()
          let writing = true
          const writer = async (w: number) => {
            const stream = streamOf('probe')
            for (let i = 0; i < 25; i++) {
              const batch = newEvents(1 + ((i + w) % 3), (k) => ({ data: { w, i, k } }))
              await appendOk(store, stream, batch)
              for (const e of batch) written.add(e.eventId)
              if (i % 4 === w % 4) await sleep(1)
            }
          }
          const seen: Array<RecordedEvent> = []
          const reader = async () => {
            let checkpoint = from
            for (;;) {
              const done = !writing
              for (const batch of await readAllBatches(store, { after: checkpoint, batchSize: 7 })) {
                seen.push(...batch.events)
                expect(batch.checkpoint >= checkpoint).toBe(true)
                checkpoint = batch.checkpoint
              }
              if (done) return
              await sleep(2)
            }
          }
          const reading = reader()
          await Promise.all([0, 1, 2, 3].map(writer))
          writing = false
          await reading
          expect(seen.length).toBe(written.size)
          expect(new Set(seen.map((e) => e.eventId))).toEqual(written)
          for (let i = 1; i < seen.length; i++) expect(seen[i]!.position > seen[i - 1]!.position).toBe(true)
        },
      )
    })

    describe('time travel', () => {
      test('asOf keeps facts that occurred on or before a civil date, even when recorded late', async ({ store }) => {
        const stream = streamOf()
        const dates = ['2024-01-10', '2024-03-01', '2023-12-31', '2024-03-02', '2024-02-29']
        for (const occurredOn of dates) await appendOk(store, stream, [newEvent({ metadata: { occurredOn } })])
        const asOf = async (date: string, direction: 'forwards' | 'backwards' = 'forwards') =>
          revisions(await readStreamOk(store, stream, { asOf: date, direction }))
        expect(await asOf('2024-03-01')).toEqual([0n, 1n, 2n, 4n])
        expect(await asOf('2024-02-29', 'backwards')).toEqual([4n, 2n, 0n])
        expect(await asOf('2023-12-31')).toEqual([2n])
        expect(await asOf('2023-12-30')).toEqual([])
        expect(revisions(await readStreamOk(store, stream, { asOf: '2024-03-01', maxCount: 3 }))).toEqual([0n, 1n, 2n])
      })

      test('asKnownAt keeps events recorded at or before an instant, from the injected clock', async ({ store }) => {
        const stream = streamOf()
        for (let i = 0; i < 4; i++) await appendOk(store, stream, newEvents(i === 1 ? 2 : 1))
        const all = await readStreamOk(store, stream)
        const stamps = all.map((e) => e.metadata.recordedAt)
        expect(stamps[1]).toBe(stamps[2])
        expect(stamps[3]! > stamps[2]! && stamps[4]! > stamps[3]!).toBe(true)
        const knownAt = async (instant: string) => revisions(await readStreamOk(store, stream, { asKnownAt: instant }))
        expect(await knownAt(stamps[2]!)).toEqual([0n, 1n, 2n])
        expect(await knownAt(stamps[0]!)).toEqual([0n])
        expect(await knownAt(new Date(Date.parse(stamps[0]!) - 1).toISOString())).toEqual([])
        expect(await knownAt(stamps[4]!)).toEqual([0n, 1n, 2n, 3n, 4n])
        // Any ISO-8601 form of the same instant works, not only the canonical one.
        const whole = new Date(Date.parse(stamps[3]!))
        expect(whole.getUTCMilliseconds()).toBe(0)
        expect(await knownAt(whole.toISOString().replace('.000Z', 'Z'))).toEqual([0n, 1n, 2n, 3n])
        expect(await knownAt(whole.toISOString().replace('.000Z', '+00:00'))).toEqual([0n, 1n, 2n, 3n])
        const wib = new Date(whole.getTime() + 7 * 3600_000).toISOString().replace('.000Z', '+07:00')
        expect(await knownAt(wib)).toEqual([0n, 1n, 2n, 3n])
      })

      describe('a clock that steps back', () => {
        // The instant the store's clock reports is set by the test; the store may ask it at any time.
        let now = '2026-01-01T10:00:00.000Z'
        const stepping: Clock = { now: () => new Date(now) }

        test(
          'an append after the clock steps back is recorded at the stream’s last instant, never earlier',
          { clock: stepping },
          async ({ store }) => {
            now = '2026-01-01T10:00:00.000Z'
            const stream = streamOf()
            await appendOk(store, stream, newEvents(1))
            now = '2026-01-01T09:00:00.000Z'
            await appendOk(store, stream, newEvents(2))
            const stamps = (await readStreamOk(store, stream)).map((e) => e.metadata.recordedAt)
            expect(stamps).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z'])
            // Another stream has no earlier instant to keep: it takes the clock's.
            const other = streamOf()
            await appendOk(store, other, newEvents(1))
            expect((await readStreamOk(store, other))[0]!.metadata.recordedAt).toBe('2026-01-01T09:00:00.000Z')
            now = '2026-01-01T11:00:00.000Z'
            await appendOk(store, stream, newEvents(1))
            expect((await readStreamOk(store, stream))[3]!.metadata.recordedAt).toBe('2026-01-01T11:00:00.000Z')
          },
        )

        test(
          'asKnownAt never returns a later revision without the earlier ones after the clock steps back',
          { clock: stepping },
          async ({ store }) => {
            now = '2026-01-01T10:00:00.000Z'
            const stream = streamOf()
            await appendOk(store, stream, newEvents(1))
            now = '2026-01-01T09:00:00.000Z'
            await appendOk(store, stream, newEvents(1))
            const knownAt = async (instant: string) =>
              revisions(await readStreamOk(store, stream, { asKnownAt: instant }))
            expect(await knownAt('2026-01-01T09:30:00.000Z')).toEqual([])
            expect(await knownAt('2026-01-01T10:00:00.000Z')).toEqual([0n, 1n])
          },
        )
      })

      test('time-travel bounds combine with each other and with revision bounds', async ({ store }) => {
        const stream = streamOf()
        for (const occurredOn of ['2024-01-01', '2024-06-01', '2024-02-01', '2024-01-15']) {
          await appendOk(store, stream, [newEvent({ metadata: { occurredOn } })])
        }
        const all = await readStreamOk(store, stream)
        const read = async (options: LooseReadStreamOptions) => revisions(await readStreamOk(store, stream, options))
        expect(await read({ asOf: '2024-03-01', asKnownAt: all[2]!.metadata.recordedAt })).toEqual([0n, 2n])
        expect(await read({ asOf: '2024-03-01', untilRevision: 2n })).toEqual([0n, 2n])
        expect(await read({ asOf: '2024-03-01', untilPosition: all[2]!.position, direction: 'backwards' })).toEqual([
          2n,
          0n,
        ])
        expect(await read({ asOf: '2024-03-01', fromRevision: 1n })).toEqual([2n, 3n])
      })
    })

    describe('bounds', () => {
      test("every bound and combination reads what the kit's passesTimeTravel keeps of a full read", async ({
        store,
      }) => {
        const stream = streamOf()
        const other = streamOf()
        const dates = ['2024-01-10', '2024-03-01', '2023-12-31', '2024-03-02', '2024-02-29', '2024-01-01', '2024-05-05']
        for (const [i, occurredOn] of dates.entries()) {
          await appendOk(
            store,
            stream,
            newEvents(i % 3 === 0 ? 2 : 1, () => ({ metadata: { occurredOn } })),
          )
          await appendOk(store, other, [newEvent()])
        }
        const full = await readStreamOk(store, stream)
        const middle = full[Math.floor(full.length / 2)]!
        const choices: ReadonlyArray<LooseReadStreamOptions> = [
          {},
          { fromRevision: 3n },
          { untilRevision: 6n },
          { untilPosition: middle.position },
          { asOf: '2024-02-29' },
          { asKnownAt: middle.metadata.recordedAt },
          { fromRevision: 2n, untilRevision: 8n, asOf: '2024-03-01' },
          { untilPosition: full[8]!.position, asKnownAt: full[6]!.metadata.recordedAt, asOf: '2024-03-01' },
          { fromRevision: 50n },
        ]
        for (const choice of choices) {
          for (const direction of ['forwards', 'backwards'] as const) {
            for (const extra of [{}, { batchSize: 2 }, { maxCount: 3, batchSize: 2 }]) {
              const options = { ...choice, ...extra, direction }
              const bounds = normalizeReadStream(options as ReadStreamOptions)
              if (E.isLeft(bounds)) throw new Error(`the contract's own options are invalid: ${bounds.left._tag}`)
              const from = options.fromRevision
              const kept = full.filter(
                (e) =>
                  passesTimeTravel(e, bounds.right) &&
                  (from === undefined || (direction === 'forwards' ? e.revision >= from : e.revision <= from)),
              )
              const ordered = direction === 'forwards' ? kept : [...kept].reverse()
              const expected = revisions(ordered.slice(0, bounds.right.maxCount))
              expect(
                revisions(await readStreamOk(store, stream, options)),
                JSON.stringify(options, bigintJson),
              ).toEqual(expected)
            }
          }
        }
      })
    })

    describe('hash chain', () => {
      test('every event links to its predecessor and its hash matches its content', async ({ store }) => {
        const stream = streamOf()
        const results = [
          await appendOk(store, stream, newEvents(3)),
          await appendOk(store, stream, newEvents(1)),
          await appendOk(store, stream, newEvents(2)),
        ]
        const read = await readStreamOk(store, stream, { batchSize: 2 })
        expectChain(read)
        expect(read[0]!.prevHash).toBe(GENESIS_HASH)
        expect([read[2]!.hash, read[3]!.hash, read[5]!.hash]).toEqual(results.map((r) => r.lastHash))
        const backwards = await readStreamOk(store, stream, { direction: 'backwards', batchSize: 4 })
        expect(backwards.map((e) => e.hash)).toEqual(read.map((e) => e.hash).reverse())
        const all = await readAllOk(store, { batchSize: 2 })
        expect(all.map((e) => e.hash)).toEqual(read.map((e) => e.hash))
      })

      test('reproduces the fixed test vector byte for byte', { clock: VECTOR_CLOCK }, async ({ store }) => {
        const result = await appendOk(store, VECTOR_STREAM, VECTOR_EVENTS, { expectedRevision: 'no_stream' })
        expect(result.lastHash).toBe(VECTOR_HASHES[1].hash)
        const read = await readStreamOk(store, VECTOR_STREAM)
        expect(read.map((e) => ({ prevHash: e.prevHash, hash: e.hash }))).toEqual(VECTOR_HASHES)
        expect(read.map((e) => e.metadata.recordedAt)).toEqual([VECTOR_RECORDED_AT, VECTOR_RECORDED_AT])
        expect(read.map((e) => e.data)).toEqual(VECTOR_EVENTS.map((e) => e.data))
        expect(read.map((e) => e.metadata)).toEqual(
          VECTOR_EVENTS.map((e) => ({ ...e.metadata, recordedAt: VECTOR_RECORDED_AT })),
        )
      })

      test('gives the fixed Merkle root over the test vector', { clock: VECTOR_CLOCK }, async ({ store }) => {
        await appendOk(store, VECTOR_STREAM, VECTOR_EVENTS, { expectedRevision: 'no_stream' })
        const hasher = rfc9162Hasher(nodeSha256Bytes)
        const log = ledgerLog(hasher)
        expect(await right(extendLedgerLog(store, log), 'build the Merkle log')).toEqual({ _tag: 'Extended', added: 2 })
        const positions = [log.positionAt(0), log.positionAt(1)]
        const leafOf = (position: bigint, hash: string) => bytesToHex(hasher.leaf(eventLeafData(position, hash)!))
        const leaves = [leafOf(positions[0]!, VECTOR_HASHES[0].hash), leafOf(positions[1]!, VECTOR_HASHES[1].hash)]
        expect(leaves.map((_, i) => bytesToHex(E.getOrElseW(() => new Uint8Array(0))(log.merkle.leafHash(i))))).toEqual(
          leaves,
        )
        const root = bytesToHex(E.getOrElseW(() => new Uint8Array(0))(log.merkle.root()))
        expect(root).toBe(bytesToHex(hasher.node(hexToBytes(leaves[0]!)!, hexToBytes(leaves[1]!)!)))
        // Stores that number a fresh log 1, 2, … (memory, SQLite, PostgreSQL) give exactly the same root.
        if (positions[0] === 1n && positions[1] === 2n) {
          expect(leaves).toEqual(VECTOR_MERKLE.leaves)
          expect(root).toBe(VECTOR_MERKLE.root)
        }
      })
    })

    describe('damaged storage', () => {
      const damaged = async (harness: EventStoreHarness, how: 'payload' | 'garbage') => {
        const stream = streamOf()
        const other = streamOf()
        await appendOk(harness.store, stream, newEvents(5))
        await appendOk(harness.store, other, newEvents(2))
        await harness.corrupt(stream, 2n, how)
        return { stream, other }
      }

      test('a payload edited after the fact is HashChainBroken naming the stream and revision', async (harness) => {
        const { store } = harness
        const { stream, other } = await damaged(harness, 'payload')
        const read = await drain(store.readStream(stream, { batchSize: 10 }))
        expect(read.error).toMatchObject({ _tag: 'HashChainBroken', streamId: stream, revision: 2n })
        expect(revisions(read.batches.flat())).toEqual([0n, 1n])
        const all = await drain(store.readAll({ batchSize: 10 }))
        expect(all.error).toMatchObject({ _tag: 'HashChainBroken', streamId: stream, revision: 2n })
        // The rest of the store is still readable and writable.
        expect(await readStreamOk(store, other)).toHaveLength(2)
        await appendOk(store, other, [newEvent()])
        // Without verification the edited payload is delivered as stored.
        const unverified = await readStreamOk(store, stream, { verifyHashes: false })
        expect(unverified).toHaveLength(5)
      })

      test('an undecodable row is CorruptEvent naming the stream and revision, and the reader ends cleanly', async (harness) => {
        const { store } = harness
        const { stream, other } = await damaged(harness, 'garbage')
        for (const verifyHashes of [true, false]) {
          const read = await drain(store.readStream(stream, { batchSize: 10, verifyHashes }))
          expect(read.error).toMatchObject({ _tag: 'CorruptEvent', streamId: stream, revision: 2n })
          expect(revisions(read.batches.flat())).toEqual([0n, 1n])
          const backwards = await drain(store.readStream(stream, { direction: 'backwards', verifyHashes }))
          expect(backwards.error).toMatchObject({ _tag: 'CorruptEvent', streamId: stream, revision: 2n })
          expect(revisions(backwards.batches.flat())).toEqual([4n, 3n])
        }
        const all = await drain(store.readAll())
        expect(all.error).toMatchObject({ _tag: 'CorruptEvent', streamId: stream, revision: 2n })
        expect(await readStreamOk(store, other)).toHaveLength(2)
        expect(await readStreamOk(store, stream, { untilRevision: 1n })).toHaveLength(2)
      })
    })

    describe('upcasting', () => {
      test(
        'upcasters lift old payloads on read while the stored hash still verifies',
        { upcasters: [renameUpcaster] },
        async ({ store }) => {
          const stream = streamOf()
          const old = newEvent({ type: 'ProbeRenamed', schemaVersion: 1, data: { name: 'Sentra IKM Bantul', n: 1 } })
          const current = newEvent({
            type: 'ProbeRenamed',
            schemaVersion: 2,
            data: { title: 'UPTD Kulon Progo', n: 2 },
          })
          const untouched = newEvent({ type: 'ProbeRecorded', schemaVersion: 1, data: { name: 'kept' } })
          const result = await appendOk(store, stream, [old, current, untouched])
          const read = await readStreamOk(store, stream)
          expect(read.map((e) => [e.type, e.schemaVersion, e.data])).toEqual([
            ['ProbeRenamed', 2, { title: 'Sentra IKM Bantul', n: 1 }],
            ['ProbeRenamed', 2, { title: 'UPTD Kulon Progo', n: 2 }],
            ['ProbeRecorded', 1, { name: 'kept' }],
          ])
          expect(read[2]!.hash).toBe(result.lastHash)
          // The hash covers the stored v1 payload, not the lifted one.
          expect(read[0]!.hash).toBe(
            chainHash(nodeSha256, GENESIS_HASH, { ...read[0]!, schemaVersion: 1, data: old.data }),
          )
          const all = await readAllOk(store)
          expect(all[0]).toMatchObject({ schemaVersion: 2, data: { title: 'Sentra IKM Bantul', n: 1 } })
        },
      )

      test(
        'a failing upcaster is UpcastFailed naming the stream, revision and version',
        { upcasters: [renameUpcaster] },
        async ({ store }) => {
          const stream = streamOf()
          await appendOk(store, stream, [newEvent({ type: 'ProbeRenamed', schemaVersion: 1, data: { n: 1 } })])
          const read = await drain(store.readStream(stream))
          expect(read.error).toMatchObject({ _tag: 'UpcastFailed', streamId: stream, revision: 0n, fromVersion: 1 })
        },
      )
    })

    describe('stream state', () => {
      test('streamRevision, streamExists and headPosition follow the appends', async ({ store }) => {
        const stream = streamOf()
        expect(await right(store.streamRevision(stream), 'streamRevision')).toBe('no_stream')
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(false)
        const first = await appendOk(store, stream, newEvents(3))
        expect(await right(store.streamRevision(stream), 'streamRevision')).toBe(2n)
        expect(await right(store.streamExists(stream), 'streamExists')).toBe(true)
        expect(await right(store.headPosition(), 'headPosition')).toBe(first.lastPosition)
        const second = await appendOk(store, streamOf(), newEvents(1))
        expect(await right(store.headPosition(), 'headPosition')).toBe(second.lastPosition)
        expect(await right(store.streamRevision(stream), 'streamRevision')).toBe(2n)
      })

      test('onAppend listeners are woken after a commit, when the new events can be read', async ({ store }) => {
        let woken = 0
        let headWhenWoken: Promise<bigint> | undefined
        const unsubscribe = store.onAppend(() => {
          woken++
          headWhenWoken ??= right(store.headPosition(), 'headPosition')
        })
        const result = await appendOk(store, streamOf(), [newEvent()])
        for (let waited = 0; headWhenWoken === undefined && waited < 10_000; waited += 10) await sleep(10)
        unsubscribe()
        expect(woken).toBeGreaterThanOrEqual(1)
        expect((await headWhenWoken!) >= result.lastPosition).toBe(true)
      })
    })

    describe('closing', () => {
      test('after close() every call fails with StoreClosed, naming the operation as every store does', async ({
        store,
      }) => {
        const stream = streamOf()
        await appendOk(store, stream, [newEvent()])
        await right(store.close(), 'close')
        const closed = (operation: string) => ({ _tag: 'StoreClosed', code: 'STORE_CLOSED', operation })
        expect(await appendErr(store, stream, [newEvent()])).toEqual(closed('append'))
        expect(await left(store.streamRevision(stream), 'streamRevision')).toEqual(closed('read a stream revision'))
        expect(await left(store.streamExists(stream), 'streamExists')).toEqual(closed('check whether a stream exists'))
        expect(await left(store.headPosition(), 'headPosition')).toEqual(closed('read the head position'))
        expect((await drain(store.readStream(stream))).error).toEqual(closed('read a stream'))
        expect((await drain(store.readAll())).error).toEqual(closed('read all streams'))
      })

      test('a read that is under way when the store closes ends with StoreClosed at its next page', async ({
        store,
      }) => {
        const stream = streamOf()
        await appendOk(store, stream, newEvents(3))
        const reads = [store.readStream(stream, { batchSize: 1 }), store.readAll({ batchSize: 1 })] as const
        const iterators = reads.map((read) => (read as AsyncIterable<unknown>)[Symbol.asyncIterator]())
        for (const iterator of iterators) {
          const first = (await iterator.next()) as IteratorResult<E.Either<StoreError, unknown>>
          expect(first.done !== true && E.isRight(first.value)).toBe(true)
        }
        await right(store.close(), 'close')
        for (const iterator of iterators) {
          const outcome = await drain({ [Symbol.asyncIterator]: () => iterator } as AsyncIterable<
            E.Either<StoreError, unknown>
          >)
          expect(outcome.error?._tag).toBe('StoreClosed')
        }
      })

      test('onAppend after close registers nothing: the listener is never called and unsubscribing is harmless', async ({
        store,
        another,
      }) => {
        // With a second store on the same storage, appends keep happening after the close. The control first shows
        // that this store, while open, does hear an append made through the other one.
        const writer = another === undefined ? undefined : await another()
        if (writer !== undefined) {
          let heard = 0
          const off = store.onAppend(() => {
            heard++
          })
          // A store may need a moment to start listening (PostgreSQL's LISTEN connection), and a wake-up sent
          // before it listens is lost: append again until one is heard, for up to 10 s.
          for (const deadline = Date.now() + 10_000; heard === 0 && Date.now() < deadline;) {
            await appendOk(writer, streamOf(), newEvents(1))
            for (const wait = Date.now() + 500; heard === 0 && Date.now() < wait;) await sleep(25)
          }
          off()
          expect(heard, 'an open store hears an append made through another store on the same storage').toBeGreaterThan(
            0,
          )
        }
        await right(store.close(), 'close')
        let called = 0
        const unsubscribe = store.onAppend(() => {
          called++
        })
        if (writer !== undefined) {
          await appendOk(writer, streamOf(), newEvents(1))
          await appendOk(writer, streamOf(), newEvents(1))
        }
        await sleep(writer === undefined ? 50 : 1000)
        expect(() => unsubscribe()).not.toThrow()
        expect(() => unsubscribe()).not.toThrow()
        expect(called).toBe(0)
      })

      test('closing a closed store succeeds and changes nothing', async ({ store }) => {
        await right(store.close(), 'close')
        await right(store.close(), 'close again')
        expectStoreError(await left(store.headPosition(), 'headPosition'), 'StoreClosed')
      })
    })

    describe('hostile payloads', () => {
      test('quotes, backslashes, %, _, ;--, unicode and emoji in payloads and metadata read back verbatim', async ({
        store,
      }) => {
        const stream = streamOf()
        const data = {
          texts: HOSTILE_TEXT,
          ...Object.fromEntries(HOSTILE_TEXT.map((text, i) => [`${text} #${i}`, { text, i }])),
          nested: { deeper: { 'ключ "☃"': ['🧵', '%_', '\\', null, true, 0, -1.25] } },
        }
        const event = newEvent({
          data,
          metadata: {
            actor: { id: "actor'; DROP TABLE--", role: 'ROLE "%_" 👩🏽‍🔧' },
            correlationId: 'corr \\ "x" 日本',
            causationId: "%'_\\",
          },
        })
        await appendOk(store, stream, [event])
        const [read] = await readStreamOk(store, stream)
        expect(read?.data).toEqual(data)
        expect(read?.metadata).toMatchObject(event.metadata)
        const [fromAll] = await readAllOk(store, { types: ['ProbeRecorded'] })
        expect(fromAll?.data).toEqual(data)
      })
    })
  })
}
