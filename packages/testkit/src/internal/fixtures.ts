/**
 * Builders and small assertion helpers shared by the contract suite.
 */
import {
  storeErrorMessage,
  uuidV7,
  type AllBatch,
  type AppendOptions,
  type AppendResult,
  type CivilDate,
  type EventMetadataInput,
  type EventStore,
  type JsonValue,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreError,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'

/**
 * Metadata overrides; dates as plain strings so tests can also pass invalid ones.
 *
 * @category fixtures
 * @since 0.1.0
 */
export type MetadataOverrides = {
  readonly [K in keyof EventMetadataInput]?: K extends 'occurredOn' ? string : EventMetadataInput[K]
}

export const metadata = (overrides: MetadataOverrides = {}): EventMetadataInput => ({
  occurredOn: '2025-01-15' as CivilDate,
  actor: { id: 'actor-0001', role: 'OPERATOR' },
  correlationId: 'corr-0001',
  evidence: { level: 'DOCUMENTED', refs: [] },
  mode: 'OPERATIONAL',
  ...(overrides as Partial<EventMetadataInput>),
})

/**
 * What a test event may set; everything left out takes the fixture's value.
 *
 * @category fixtures
 * @since 0.1.0
 */
export interface EventSpec {
  readonly eventId?: string
  readonly type?: string
  readonly schemaVersion?: number
  readonly data?: JsonValue
  readonly metadata?: MetadataOverrides
}

/**
 * The one test event: valid, with a fresh UUIDv7 id (runs against a reused database never collide), type
 * `ProbeRecorded`, data `{ n: 1 }` and OPERATIONAL, DOCUMENTED metadata dated 2025-01-15, unless `spec` says
 * otherwise.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const newEvent = (spec: EventSpec = {}): NewEvent =>
  ({
    eventId: spec.eventId ?? uuidV7(),
    type: spec.type ?? 'ProbeRecorded',
    schemaVersion: spec.schemaVersion ?? 1,
    data: spec.data ?? { n: 1 },
    metadata: metadata(spec.metadata),
  }) as NewEvent

export const newEvents = (count: number, spec: (i: number) => EventSpec = (i) => ({ data: { n: i } })) =>
  Array.from({ length: count }, (_, i) => newEvent(spec(i)))

/** A stream id no other test uses. */
export const streamOf = (category = 'probe'): string => `${category}-${uuidV7()}`

const show = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))

const fail = (message: string): never => {
  throw new Error(message)
}

export const appendOk = async (
  store: EventStore,
  streamId: string,
  events: ReadonlyArray<NewEvent>,
  options?: AppendOptions,
): Promise<AppendResult> => {
  const result = await store.append(streamId, events, options)()
  return E.isRight(result)
    ? result.right
    : fail(`expected the append to ${streamId} to succeed, got: ${storeErrorMessage(result.left)}`)
}

export const appendErr = async (
  store: EventStore,
  streamId: string,
  events: ReadonlyArray<unknown>,
  options?: AppendOptions,
): Promise<StoreError> => {
  const result = await store.append(streamId, events as ReadonlyArray<NewEvent>, options)()
  return E.isLeft(result) ? result.left : fail(`expected the append to ${streamId} to fail, got ${show(result.right)}`)
}

export const right = async <A>(task: () => Promise<E.Either<StoreError, A>>, what: string): Promise<A> => {
  const result = await task()
  return E.isRight(result) ? result.right : fail(`expected ${what} to succeed, got: ${storeErrorMessage(result.left)}`)
}

export const left = async <A>(task: () => Promise<E.Either<StoreError, A>>, what: string): Promise<StoreError> => {
  const result = await task()
  return E.isLeft(result) ? result.left : fail(`expected ${what} to fail, got ${show(result.right)}`)
}

/** Everything a read produced: the batches delivered before any error, and the error that ended it. */
export interface ReadOutcome<B> {
  readonly batches: ReadonlyArray<B>
  readonly error: StoreError | undefined
}

/** Reads to the end, checking the port's promise that nothing follows a `Left`. */
export const drain = async <B>(batches: AsyncIterable<E.Either<StoreError, B>>): Promise<ReadOutcome<B>> => {
  const delivered: Array<B> = []
  let error: StoreError | undefined
  for await (const batch of batches) {
    if (error !== undefined) {
      return fail(`the read went on after the error that should have ended it (${storeErrorMessage(error)})`)
    }
    if (E.isLeft(batch)) error = batch.left
    else delivered.push(batch.right)
  }
  return { batches: delivered, error }
}

/** Read-stream options with the time-travel bounds as plain strings. */
export type LooseReadStreamOptions = Omit<ReadStreamOptions, 'asOf' | 'asKnownAt'> & {
  readonly asOf?: string
  readonly asKnownAt?: string
}

export const readStreamOk = async (
  store: EventStore,
  streamId: string,
  options?: LooseReadStreamOptions,
): Promise<Array<RecordedEvent>> => {
  const outcome = await drain(store.readStream(streamId, options as ReadStreamOptions))
  if (outcome.error !== undefined) {
    return fail(`expected reading ${streamId} to succeed, got: ${storeErrorMessage(outcome.error)}`)
  }
  return outcome.batches.flat()
}

export const readAllBatches = async (store: EventStore, options?: ReadAllOptions): Promise<Array<AllBatch>> => {
  const outcome = await drain(store.readAll(options))
  if (outcome.error !== undefined) {
    return fail(`expected reading all events to succeed, got: ${storeErrorMessage(outcome.error)}`)
  }
  return [...outcome.batches]
}

export const readAllOk = async (store: EventStore, options?: ReadAllOptions): Promise<Array<RecordedEvent>> =>
  (await readAllBatches(store, options)).flatMap((batch) => [...batch.events])

export const revisions = (events: ReadonlyArray<RecordedEvent>): Array<bigint> => events.map((e) => e.revision)

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
