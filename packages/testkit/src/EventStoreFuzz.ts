/**
 * The boundary fuzz suite: drives every method of an `EventStore` port, and the same store through the Promise
 * facade, with arbitrary and hostile JavaScript values, and checks the promise the kernel makes at every package
 * boundary: nothing throws, a task never rejects, a Promise rejects only with a `StoreFailure`, and every error
 * says what was wrong in a readable message of bounded length. Every adapter runs it, third-party ones too.
 *
 * @since 0.2.0
 */
import { promiseStore, StoreFailure, storeErrorMessage, type EventStore, type StoreError } from '@ikm-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import type { EventStoreHarness } from './EventStoreContract'
import { newEvent } from './internal/fixtures'
import { hostileValue, materialize, replaceAt } from './HostileValues'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Settings of {@link eventStoreFuzz}.
 *
 * @category model
 * @since 0.2.0
 */
export interface EventStoreFuzzOptions {
  /** Generated calls per run; at least 10 000 by default. */
  readonly runs?: number
  /** The fast-check seed; by default `IKM_FUZZ_SEED` from the environment, else a fixed seed. Printed on start. */
  readonly seed?: number
  /** Test timeout in milliseconds; defaults to 120 000. */
  readonly timeout?: number
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The longest message an error may have: enough for five io-ts paths with their values, never an echo of a
 * large input.
 *
 * @category constants
 * @since 0.2.0
 */
export const MAX_ERROR_MESSAGE_LENGTH = 4096

/** Phrases that betray an engine error leaking out instead of a message written for the caller. */
const UNREADABLE: ReadonlyArray<string> = [
  '[object Object]',
  'Cannot read properties of',
  'Cannot convert',
  'Maximum call stack',
  'is not a function',
  'is not iterable',
  'is not defined',
]

const DEFAULT_SEED = 20_261_202

/**
 * The seed of a fuzz run: `IKM_FUZZ_SEED` when set (a number, or `random`), else a fixed one.
 *
 * @category utils
 * @since 0.2.0
 */
export const fuzzSeed = (): number => {
  const given = typeof process === 'undefined' ? undefined : process.env['IKM_FUZZ_SEED']
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31)
  const parsed = given === undefined ? Number.NaN : Number(given)
  return Number.isSafeInteger(parsed) ? parsed : DEFAULT_SEED
}

/**
 * Checks one message against the boundary promise: non-empty, readable, bounded. Returns what is wrong, or
 * `undefined`.
 *
 * @category utils
 * @since 0.2.0
 */
export const messageProblem = (message: unknown): string | undefined => {
  if (typeof message !== 'string' || message.trim() === '') return `the message is empty (${String(typeof message)})`
  if (message.length > MAX_ERROR_MESSAGE_LENGTH) {
    return `the message has ${message.length} characters, more than ${MAX_ERROR_MESSAGE_LENGTH}: ${message.slice(0, 200)}…`
  }
  const leaked = UNREADABLE.find((phrase) => message.includes(phrase))
  return leaked === undefined ? undefined : `the message contains "${leaked}": ${message.slice(0, 300)}`
}

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

// Drawn by fast-check, so the seed alone reproduces a run.
const uuid = fc.uuid({ version: 7 })

const validStream = fc
  .tuple(fc.constantFrom('probe', 'program', 'fuzz'), uuid)
  .map(([category, id]) => `${category}-${id}`)

const streamIdArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validStream },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: hostileValue },
)

const EVENT_PATHS: ReadonlyArray<ReadonlyArray<string>> = [
  [],
  ['eventId'],
  ['type'],
  ['schemaVersion'],
  ['data'],
  ['data', 'x'],
  ['data', 'x', 'y'],
  ['metadata'],
  ['metadata', 'actor'],
  ['metadata', 'actor', 'id'],
  ['metadata', 'occurredOn'],
  ['metadata', 'correlationId'],
  ['metadata', 'evidence'],
  ['metadata', 'evidence', 'refs'],
  ['metadata', 'mode'],
  ['metadata', 'recordedAt'],
]

/** A valid event, or one with a hostile value put somewhere inside it. */
const eventArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: uuid.map((eventId) => newEvent({ eventId, data: { n: 1 } })) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(uuid, fc.constantFrom(...EVENT_PATHS), hostileValue)
      .map(([eventId, path, value]) => replaceAt(newEvent({ eventId }), path, value)),
  },
)

const eventsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(eventArb, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: hostileValue },
)

const expectedArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('any', 'no_stream', 'stream_exists', 0n, 1n),
  hostileValue,
)

const appendOptionsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: expectedArb.map((expectedRevision) => ({ expectedRevision })) },
  { weight: 1, arbitrary: hostileValue },
)

const READ_KEYS = [
  'direction',
  'fromRevision',
  'untilRevision',
  'untilPosition',
  'asOf',
  'asKnownAt',
  'maxCount',
  'batchSize',
  'verifyHashes',
  'after',
  'categories',
  'types',
] as const

const readOptionsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...READ_KEYS), fc.oneof(hostileValue, fc.constantFrom(1, 0n, 'forwards', ['probe'])))
      .map(([key, value]) => ({ [key]: value, maxCount: 3 })),
  },
  { weight: 1, arbitrary: hostileValue },
)

type Call =
  | { readonly op: 'append'; readonly streamId: unknown; readonly events: unknown; readonly options: unknown }
  | { readonly op: 'readStream'; readonly streamId: unknown; readonly options: unknown }
  | { readonly op: 'readAll'; readonly options: unknown }
  | { readonly op: 'streamRevision' | 'streamExists'; readonly streamId: unknown }

const callArb: fc.Arbitrary<Call> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({ streamId: streamIdArb, events: eventsArb, options: appendOptionsArb })
      .map((c) => ({ op: 'append' as const, ...c })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ streamId: streamIdArb, options: readOptionsArb })
      .map((c) => ({ op: 'readStream' as const, ...c })),
  },
  { weight: 1, arbitrary: readOptionsArb.map((options) => ({ op: 'readAll' as const, options })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('streamRevision' as const, 'streamExists' as const), streamIdArb)
      .map(([op, streamId]) => ({ op, streamId })),
  },
)

// -------------------------------------------------------------------------------------
// driving one call
// -------------------------------------------------------------------------------------

interface Tally {
  succeeded: number
  refused: number
}

const fail = (what: string): never => {
  throw new Error(what)
}

const checkError = (where: string, error: StoreError): void => {
  if (typeof error !== 'object' || error === null || typeof error._tag !== 'string') {
    fail(`${where} failed with something that is not a StoreError`)
  }
  let message: string
  try {
    message = storeErrorMessage(error)
  } catch (cause) {
    return fail(`${where}: storeErrorMessage threw on a ${error._tag}: ${String(cause)}`)
  }
  const problem = messageProblem(message)
  if (problem !== undefined) fail(`${where} (${error._tag}): ${problem}`)
}

const settleTask = async <A>(
  where: string,
  start: () => () => Promise<E.Either<StoreError, A>>,
  tally: Tally,
): Promise<void> => {
  let task: () => Promise<E.Either<StoreError, A>>
  try {
    task = start()
  } catch (cause) {
    return fail(`${where} threw synchronously: ${String(cause)}`)
  }
  let result: E.Either<StoreError, A>
  try {
    result = await task()
  } catch (cause) {
    return fail(`${where}'s task rejected instead of returning a Left: ${String(cause)}`)
  }
  if (E.isLeft(result)) {
    tally.refused++
    checkError(where, result.left)
  } else {
    tally.succeeded++
  }
}

const drainBatches = async (
  where: string,
  open: () => AsyncIterable<E.Either<StoreError, unknown>>,
  tally: Tally,
): Promise<void> => {
  let read: AsyncIterable<E.Either<StoreError, unknown>>
  try {
    read = open()
  } catch (cause) {
    return fail(`${where} threw synchronously: ${String(cause)}`)
  }
  let seen = 0
  try {
    for await (const batch of read) {
      if (E.isLeft(batch)) {
        tally.refused++
        checkError(where, batch.left)
        return
      }
      if (++seen >= 2) break
    }
    tally.succeeded++
  } catch (cause) {
    fail(`${where}'s iterator threw instead of yielding a Left: ${String(cause)}`)
  }
}

const settlePromise = async (where: string, start: () => Promise<unknown> | AsyncIterable<unknown>) => {
  try {
    const started = start()
    if (Symbol.asyncIterator in Object(started)) {
      let seen = 0
      for await (const _ of started as AsyncIterable<unknown>) if (++seen >= 2) break
    } else {
      await started
    }
  } catch (cause) {
    if (!(cause instanceof StoreFailure)) {
      fail(`${where} rejected with ${cause instanceof Error ? cause.name : typeof cause}, not a StoreFailure`)
    }
    const problem = messageProblem((cause as StoreFailure).message)
    if (problem !== undefined) fail(`${where} (StoreFailure): ${problem}`)
  }
}

const drive = async (store: EventStore, call: Call, tally: Tally): Promise<void> => {
  const facade = promiseStore(store)
  const loose = store as unknown as Record<string, (...args: ReadonlyArray<unknown>) => never>
  const looseFacade = facade as unknown as Record<string, (...args: ReadonlyArray<unknown>) => never>
  switch (call.op) {
    case 'append':
      await settleTask('append', () => loose['append']!(call.streamId, call.events, call.options), tally)
      await settlePromise('promiseStore.append', () => looseFacade['append']!(call.streamId, call.events, call.options))
      return
    case 'readStream':
      await drainBatches('readStream', () => loose['readStream']!(call.streamId, call.options), tally)
      await settlePromise('promiseStore.readStream', () => looseFacade['readStream']!(call.streamId, call.options))
      return
    case 'readAll':
      await drainBatches('readAll', () => loose['readAll']!(call.options), tally)
      await settlePromise('promiseStore.readAllBatches', () => looseFacade['readAllBatches']!(call.options))
      return
    case 'streamRevision':
    case 'streamExists':
      await settleTask(call.op, () => loose[call.op]!(call.streamId), tally)
      await settlePromise(`promiseStore.${call.op}`, () => looseFacade[call.op]!(call.streamId))
      return
  }
}

// -------------------------------------------------------------------------------------
// the suite
// -------------------------------------------------------------------------------------

/**
 * Registers the boundary fuzz suite as a vitest test. `setup` returns a fresh store (one for the whole run).
 * The seed is printed; `IKM_FUZZ_SEED=<n>` reruns the same inputs, `IKM_FUZZ_SEED=random` draws new ones.
 *
 * @example
 * eventStoreFuzz('InMemoryEventStore', async () => inMemoryHarness())
 *
 * @category contract
 * @since 0.2.0
 */
export const eventStoreFuzz = (
  adapterName: string,
  setup: () => Promise<EventStoreHarness>,
  options: EventStoreFuzzOptions = {},
): void => {
  const runs = options.runs ?? 10_000
  describe(`EventStore boundary fuzz: ${adapterName}`, () => {
    it(
      `answers ${runs} arbitrary and hostile calls with values, never an exception, in readable bounded messages`,
      async () => {
        const seed = options.seed ?? fuzzSeed()
        console.info(`eventStoreFuzz(${adapterName}): seed ${seed}, ${runs} runs (IKM_FUZZ_SEED=${seed} reproduces)`)
        const harness = await setup()
        const tally: Tally = { succeeded: 0, refused: 0 }
        try {
          await fc.assert(
            fc.asyncProperty(callArb, (call) => drive(harness.store, materialize(call) as Call, tally)),
            { seed, numRuns: runs },
          )
        } finally {
          await harness.teardown()
        }
        // Both outcomes must have happened, or the run did not exercise the store.
        expect(tally.refused).toBeGreaterThan(runs / 10)
        expect(tally.succeeded).toBeGreaterThan(runs / 100)
      },
      options.timeout ?? 120_000,
    )
  })
}
