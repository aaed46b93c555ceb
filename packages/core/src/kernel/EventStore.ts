/**
 * The `EventStore` port: the one contract every adapter (in-memory, SQLite, PostgreSQL, KurrentDB) implements
 * identically, proven by the contract suite in `@ikm-ledger/testkit`.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import type { ExpectedRevision, StreamRevision } from './ExpectedRevision'
import type { InputLimits } from './Limits'
import type { NewEvent, RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import type { StoreError } from './StoreError'
import type { StreamId } from './StreamId'
import type { Sha256 } from './platform/sha256'
import type { CivilDate, Clock, Instant } from './Time'
import type { Upcaster } from './Upcaster'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of an append.
 *
 * @category model
 * @since 0.1.0
 */
export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision
}

/**
 * Where an append put its events.
 *
 * @category model
 * @since 0.1.0
 */
export interface AppendResult {
  readonly streamId: StreamId
  readonly firstRevision: Revision
  /** The revision of the last event written: pass it as `expectedRevision` to the next append. */
  readonly nextExpectedRevision: Revision
  readonly firstPosition: GlobalPosition
  readonly lastPosition: GlobalPosition
  /** The hash of the last event written (the new head of the stream's chain). */
  readonly lastHash: string
  /** True when the batch had been appended before and nothing new was written. */
  readonly deduplicated: boolean
}

/**
 * Bounds of a stream read. All bounds combine; time-travel bounds filter (a late-recorded fact with an early
 * `occurredOn` is still found).
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadStreamOptions {
  /** Defaults to `'forwards'`. */
  readonly direction?: 'forwards' | 'backwards'
  /** Where to start, inclusive: the lowest revision going forwards, the highest going backwards. */
  readonly fromRevision?: Revision
  /** Only events at or below this revision ("the stream as it was at revision r"). */
  readonly untilRevision?: Revision
  /** Only events at or below this global position. */
  readonly untilPosition?: GlobalPosition
  /** "As of": only facts whose `occurredOn` is on or before this civil date. */
  readonly asOf?: CivilDate
  /** "As known at": only events recorded (`recordedAt`) at or before this instant. */
  readonly asKnownAt?: Instant
  /** At most this many events. */
  readonly maxCount?: number
  /**
   * Events per batch fetched from the store; defaults to 500, or to 64 on the SQLite store, whose pages cost no
   * round trip (a smaller batch keeps fewer events alive at once).
   */
  readonly batchSize?: number
  /** Recompute and check the hash chain while reading; defaults to true. */
  readonly verifyHashes?: boolean
}

/**
 * Bounds and filters of a read across all streams, in global order.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadAllOptions {
  /** Exclusive: read events with a position greater than this. Defaults to `START_POSITION` (everything). */
  readonly after?: GlobalPosition
  /** Only events at or below this position. */
  readonly untilPosition?: GlobalPosition
  /** Only streams of these categories (`program`, `equipment`…). */
  readonly categories?: ReadonlyArray<string>
  /** Only these event types. */
  readonly types?: ReadonlyArray<string>
  /** At most this many events. */
  readonly maxCount?: number
  /** Events per batch; defaults to 500. */
  readonly batchSize?: number
  /** Recompute each event's hash (and the chain link when the predecessor was read too); defaults to true. */
  readonly verifyHashes?: boolean
}

/**
 * One batch of a read across all streams. `checkpoint` is the position through which the store has looked:
 * every matching event up to it has been delivered, so a filtered reader can save it as its checkpoint even
 * when a batch holds no events.
 *
 * @category model
 * @since 0.1.0
 */
export interface AllBatch {
  readonly events: ReadonlyArray<RecordedEvent>
  readonly checkpoint: GlobalPosition
}

/**
 * A streaming read: batches arrive one at a time (memory stays bounded), each either a batch or the error that
 * ended the read. Nothing follows a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export type Batches<B> = AsyncIterable<E.Either<StoreError, B>>

/**
 * A stream's head as a store records it: the last revision and the hash of the event there.
 *
 * @category model
 * @since 0.2.0
 */
export interface RecordedStreamHead {
  readonly streamId: string
  readonly revision: Revision
  readonly lastHash: string
}

/**
 * The event store port. Methods take plain strings for stream ids and validate them before any I/O.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventStore {
  /** Appends a batch atomically: all of it or nothing, with the expected revision checked in the same step. */
  readonly append: (
    streamId: string,
    events: ReadonlyArray<NewEvent>,
    options?: AppendOptions,
  ) => TE.TaskEither<StoreError, AppendResult>
  /** Reads one stream in batches. A stream that does not exist reads as empty. */
  readonly readStream: (streamId: string, options?: ReadStreamOptions) => Batches<ReadonlyArray<RecordedEvent>>
  /**
   * Reads all streams in global order. Never skips an event that commits later with a lower position: a store
   * only hands out positions below which nothing can still appear.
   */
  readonly readAll: (options?: ReadAllOptions) => Batches<AllBatch>
  /** The revision a stream is at, or `'no_stream'`. */
  readonly streamRevision: (streamId: string) => TE.TaskEither<StoreError, StreamRevision>
  /** Whether a stream has at least one event. */
  readonly streamExists: (streamId: string) => TE.TaskEither<StoreError, boolean>
  /** The highest position a reader can safely read up to now (`START_POSITION` for an empty store). */
  readonly headPosition: () => TE.TaskEither<StoreError, GlobalPosition>
  /**
   * Registers a wake-up call for new commits (best effort, may be coalesced or spurious; readers re-read to
   * find out what is new). Returns the unsubscribe function.
   */
  readonly onAppend: (listener: () => void) => () => void
  /**
   * Every stream's head as the store records it apart from the events (its `streams` table), in stream id order,
   * so a verifier can compare the heads with the events. Optional: a store whose heads are only derived from its
   * events has nothing separate to compare.
   */
  readonly streamHeads?: (categories?: ReadonlyArray<string>) => Batches<ReadonlyArray<RecordedStreamHead>>
  /**
   * `true` when the store numbers its events 1, 2, 3, … with no position left out (SQLite, PostgreSQL, memory): a
   * position with no event is then one deleted or moved by hand, which a verifier reports. KurrentDB's positions
   * are offsets with gaps, so it leaves this out.
   */
  readonly densePositions?: boolean
  /** Releases connections and files. Further calls fail with `StoreClosed`. */
  readonly close: () => TE.TaskEither<StoreError, void>
}

/**
 * What every store adapter accepts besides its own connection settings. All three are injected so tests and
 * audit replays are deterministic.
 *
 * @category model
 * @since 0.1.0
 */
export interface StoreOptions {
  /** Stamps `recordedAt` at append time; defaults to the system clock. */
  readonly clock?: Clock
  /** Hashes the chain; defaults to `node:crypto` SHA-256. */
  readonly sha256?: Sha256
  /** Upcasters applied on every read, after hash verification. */
  readonly upcasters?: ReadonlyArray<Upcaster>
  /** Bounds on what one append may hand over; any left out keeps its default (see `DEFAULT_INPUT_LIMITS`). */
  readonly limits?: Partial<InputLimits>
}
