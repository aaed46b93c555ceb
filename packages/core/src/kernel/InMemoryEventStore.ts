/**
 * The in-memory event store: the reference adapter. It keeps rows the way a table would (payloads as canonical
 * JSON text, a category column, numbering by the store) and goes through the same adapter kit as every durable
 * store, so it numbers, hashes, deduplicates, decodes, verifies and upcasts exactly like them and passes the same
 * contract suite.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import {
  appendResultOf,
  resolveIdempotentAppend,
  sealAppend,
  validateAppendRequest,
  validateStreamId,
  withinBounds,
  type ExistingEvent,
  type StoredRow,
  type StreamHead,
} from './AdapterKit'
import type { AppendResult, EventStore, StoreOptions } from './EventStore'
import type { StreamRevision } from './ExpectedRevision'
import { GENESIS_HASH } from './HashChain'
import type { JsonValue } from './Json'
import { readAllLoop, readStreamLoop } from './ReadLoop'
import type { GlobalPosition, Revision } from './Revision'
import { readOptions, showInput } from './Input'
import { corruptEvent, storageFailure, storeClosed, type StoreError } from './StoreError'
import { STORE_OPTION_KEYS, storeSettings } from './StoreSettings'
import { type Instant, instantOf } from './Time'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One stored event, as a row of an events table: payload and metadata as canonical JSON text, plus the columns
 * a durable store would index or filter on.
 *
 * @category model
 * @since 0.1.0
 */
export interface InMemoryRow {
  readonly position: GlobalPosition
  readonly eventId: string
  readonly streamId: string
  readonly category: string
  readonly revision: Revision
  readonly type: string
  readonly schemaVersion: number
  /** Canonical JSON text of the payload. */
  readonly data: string
  /** Canonical JSON text of the metadata. */
  readonly metadata: string
  readonly occurredOn: string
  readonly recordedAt: Instant
  readonly hash: string
  readonly prevHash: string
}

/**
 * The storage behind an in-memory store: the rows in global order and two indexes. The store only ever appends
 * to it. Passing your own lets a test inspect what is stored, or damage a row in place the way a disk or a hand
 * edit would (replace `rows[i]`; never add or remove rows).
 *
 * @category model
 * @since 0.1.0
 */
export interface InMemoryStorage {
  /** Every stored row; `rows[i].position === BigInt(i + 1)`. */
  readonly rows: Array<InMemoryRow>
  /** Row indexes of each stream, in revision order. */
  readonly streams: Map<string, Array<number>>
  /** Row index of each event id. */
  readonly eventIds: Map<string, number>
}

/**
 * Options of {@link createInMemoryEventStore}.
 *
 * @category model
 * @since 0.1.0
 */
export interface InMemoryEventStoreOptions extends StoreOptions {
  /** Where the rows live; a fresh empty {@link inMemoryStorage} by default. */
  readonly storage?: InMemoryStorage
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const isInMemoryStorage = (value: unknown): value is InMemoryStorage => {
  try {
    const storage = value as Partial<InMemoryStorage>
    return (
      typeof value === 'object' &&
      value !== null &&
      Array.isArray(storage.rows) &&
      storage.streams instanceof Map &&
      storage.eventIds instanceof Map
    )
  } catch {
    return false
  }
}

/** A store that answers every call with one error: what a constructor that cannot return a `Left` gives instead. */
const unusableStore = (error: StoreError): EventStore => {
  const fail =
    <A>(): TE.TaskEither<StoreError, A> =>
    () =>
      Promise.resolve(E.left(error))
  const failing = <B>() => ({
    [Symbol.asyncIterator]: async function* () {
      yield E.left<StoreError, B>(error)
    },
  })
  return {
    append: fail,
    readStream: failing,
    readAll: failing,
    streamRevision: fail,
    streamExists: fail,
    headPosition: fail,
    onAppend: () => () => undefined,
    close: () => () => Promise.resolve(E.right(undefined)),
  }
}

/**
 * Empty storage for an in-memory store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const inMemoryStorage = (): InMemoryStorage => ({ rows: [], streams: new Map(), eventIds: new Map() })

/**
 * An event store in memory. Positions start at `1n`; reads are batched like a durable store's; listeners are
 * called after each commit; `close()` makes later calls fail with `StoreClosed` (closing twice is harmless).
 *
 * @example
 * const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
 *
 * @category constructors
 * @since 0.1.0
 */
export const createInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  // Read once, field by field. The constructor returns a store, not an Either: options it cannot use give a store
  // whose every call answers with the problem, instead of a throw from here.
  const read = readOptions(options, [...STORE_OPTION_KEYS, 'storage'], 'its options')
  const settings = E.isLeft(read) ? read : storeSettings(read.right)
  if (E.isLeft(settings)) return unusableStore(storageFailure('open the in-memory store', settings.left))
  const storage = (read as E.Right<{ storage?: unknown }>).right.storage ?? inMemoryStorage()
  if (!isInMemoryStorage(storage)) {
    return unusableStore(
      storageFailure('open the in-memory store', `storage must be an inMemoryStorage(), got ${showInput(storage)}`),
    )
  }
  const { clock, sha256, upcasters, limits } = settings.right
  const listeners = new Set<() => void>()
  let closed = false

  const rowsOf = (streamId: string): ReadonlyArray<number> => storage.streams.get(streamId) ?? []
  const rowAt = (index: number): InMemoryRow => storage.rows[index]!

  const headOf = (streamId: string): StreamHead => {
    const indexes = rowsOf(streamId)
    const last = indexes[indexes.length - 1]
    if (last === undefined) return { revision: 'no_stream', lastHash: GENESIS_HASH }
    const row = rowAt(last)
    return { revision: row.revision, lastHash: row.hash, lastRecordedAt: row.recordedAt }
  }

  const existingOf = (row: InMemoryRow): E.Either<StoreError, ExistingEvent> => {
    try {
      return E.right({
        eventId: row.eventId,
        streamId: row.streamId,
        revision: row.revision,
        position: row.position,
        type: row.type,
        schemaVersion: row.schemaVersion,
        data: JSON.parse(row.data) as JsonValue,
        metadata: JSON.parse(row.metadata) as unknown,
        hash: row.hash,
      })
    } catch (cause) {
      return E.left(
        corruptEvent(row.streamId, row.revision, row.position, `its data or metadata is not valid JSON (${cause})`),
      )
    }
  }

  const notify = () => {
    for (const listener of listeners) {
      queueMicrotask(() => {
        try {
          listener()
        } catch {
          // A wake-up call is best effort: a failing listener must not break the writer that committed.
        }
      })
    }
  }

  // Synchronous from validation to commit, so every append is atomic with respect to every other call.
  const appendNow = (
    streamId: unknown,
    events: unknown,
    appendOptions: unknown,
  ): E.Either<StoreError, AppendResult> => {
    if (closed) return E.left(storeClosed('append'))
    const valid = validateAppendRequest(streamId, events, appendOptions, limits)
    if (E.isLeft(valid)) return valid
    const existing: Array<ExistingEvent> = []
    for (const event of valid.right.events) {
      const index = storage.eventIds.get(event.eventId)
      if (index === undefined) continue
      const found = existingOf(rowAt(index))
      if (E.isLeft(found)) return found
      existing.push(found.right)
    }
    const replay = resolveIdempotentAppend(valid.right, existing)
    if (E.isLeft(replay)) return replay
    if (replay.right !== undefined) return E.right(replay.right)
    const sealed = sealAppend(valid.right, headOf(valid.right.streamId), instantOf(clock.now()), sha256)
    if (E.isLeft(sealed)) return sealed
    const streamRows = storage.streams.get(valid.right.streamId) ?? []
    const firstPosition = BigInt(storage.rows.length + 1)
    for (const event of sealed.right) {
      const index = storage.rows.length
      storage.rows.push({
        position: BigInt(index + 1),
        eventId: event.eventId,
        streamId: event.streamId,
        category: event.category,
        revision: event.revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.dataJson,
        metadata: event.metadataJson,
        occurredOn: event.metadata.occurredOn,
        recordedAt: event.metadata.recordedAt,
        hash: event.hash,
        prevHash: event.prevHash,
      })
      streamRows.push(index)
      storage.eventIds.set(event.eventId, index)
    }
    storage.streams.set(valid.right.streamId, streamRows)
    notify()
    return E.right(appendResultOf(sealed.right, firstPosition, BigInt(storage.rows.length)))
  }

  // Nothing escapes a task: a failure the validation did not foresee is still a value.
  const lift =
    <A>(run: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    () => {
      try {
        return Promise.resolve(run())
      } catch (cause) {
        return Promise.resolve(E.left(storageFailure('run a store operation', cause)))
      }
    }

  const guarded = <A>(operation: string, run: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    lift(() => (closed ? E.left(storeClosed(operation)) : run()))

  const revisionOf = (streamId: string): E.Either<StoreError, StreamRevision> =>
    E.map((id: string) => headOf(id).revision)(validateStreamId(streamId))

  const toRow = (row: InMemoryRow) => ({
    eventId: row.eventId,
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
    prevHash: row.prevHash,
    category: row.category,
    occurredOn: row.occurredOn,
    recordedAt: row.recordedAt,
  })

  const context = { sha256, upcasters, isClosed: () => closed }

  // The bounds a durable store puts in its WHERE clause are checked on the row's columns before decoding.
  const readStream: EventStore['readStream'] = (streamId, readOptions) =>
    readStreamLoop(
      context,
      {
        operation: 'read a stream',
        boundsInFetch: true,
        open: (id, options) => async (cursor, limit) => {
          const bounds = { ...options, asOf: undefined, asKnownAt: undefined }
          // Revisions are 0-based and dense, so a revision is also the index into the stream's row list.
          const indexes = rowsOf(id)
          const forwards = bounds.direction === 'forwards'
          const page: Array<StoredRow> = []
          const length = BigInt(indexes.length)
          let next = forwards ? (cursor ?? 0n) : cursor === undefined || cursor >= length ? length - 1n : cursor
          while (page.length < limit && next >= 0n && next < length) {
            const row = rowAt(indexes[Number(next)]!)
            next = forwards ? next + 1n : next - 1n
            if (forwards && bounds.untilRevision !== undefined && row.revision > bounds.untilRevision) break
            // Only the revision and position bounds: the loop applies `asOf` and `asKnownAt` to the hashed metadata.
            if (withinBounds(bounds, row.revision, row.position, row.occurredOn, row.recordedAt)) page.push(toRow(row))
          }
          return E.right(page)
        },
      },
      streamId,
      readOptions,
    )

  const readAll: EventStore['readAll'] = (readOptions) =>
    readAllLoop(
      context,
      {
        operation: 'read all streams',
        open: (bounds) => {
          const categories = bounds.categories === undefined ? undefined : new Set(bounds.categories)
          const types = bounds.types === undefined ? undefined : new Set(bounds.types)
          return async (after, limit) => {
            const head = BigInt(storage.rows.length)
            const end = bounds.untilPosition !== undefined && bounds.untilPosition < head ? bounds.untilPosition : head
            const rows: Array<StoredRow> = []
            let scanned = after
            while (rows.length < limit && scanned < end) {
              const row = rowAt(Number(scanned))
              scanned += 1n
              if (categories !== undefined && !categories.has(row.category)) continue
              if (types !== undefined && !types.has(row.type)) continue
              rows.push(toRow(row))
            }
            return E.right({ rows, scanned, more: scanned < end })
          }
        },
      },
      readOptions,
    )

  return {
    append: (streamId, events, appendOptions) => lift(() => appendNow(streamId, events, appendOptions)),
    readStream,
    readAll,
    streamRevision: (streamId) => guarded('read a stream revision', () => revisionOf(streamId)),
    streamExists: (streamId) =>
      guarded('check whether a stream exists', () =>
        E.map((r: StreamRevision) => r !== 'no_stream')(revisionOf(streamId)),
      ),
    headPosition: () => guarded('read the head position', () => E.right(BigInt(storage.rows.length))),
    densePositions: true,
    onAppend: (listener) => {
      if (closed) return () => undefined
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: () =>
      lift(() => {
        closed = true
        listeners.clear()
        return E.right(undefined)
      }),
  }
}
