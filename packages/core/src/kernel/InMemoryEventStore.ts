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
  normalizeReadAll,
  normalizeReadStream,
  readPipeline,
  resolveIdempotentAppend,
  sealAppend,
  validateAppendRequest,
  validateStreamId,
  type ExistingEvent,
  type NormalizedReadStream,
  type StreamHead,
} from './AdapterKit'
import type { AllBatch, AppendResult, EventStore, StoreOptions } from './EventStore'
import type { StreamRevision } from './ExpectedRevision'
import { GENESIS_HASH } from './HashChain'
import type { JsonValue } from './Json'
import { nodeSha256 } from './platform/sha256'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import { corruptEvent, storeClosed, type StoreError } from './StoreError'
import { instantOf, systemClock } from './Time'
import { upcasterRegistry } from './Upcaster'

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
  readonly recordedAt: string
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
  const storage = options.storage ?? inMemoryStorage()
  const clock = options.clock ?? systemClock
  const sha256 = options.sha256 ?? nodeSha256
  const upcasters = upcasterRegistry(options.upcasters)
  const listeners = new Set<() => void>()
  let closed = false

  const rowsOf = (streamId: string): ReadonlyArray<number> => storage.streams.get(streamId) ?? []
  const rowAt = (index: number): InMemoryRow => storage.rows[index]!

  const headOf = (streamId: string): StreamHead => {
    const indexes = rowsOf(streamId)
    const last = indexes[indexes.length - 1]
    if (last === undefined) return { revision: 'no_stream', lastHash: GENESIS_HASH }
    const row = rowAt(last)
    return { revision: row.revision, lastHash: row.hash }
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
    const valid = validateAppendRequest(streamId, events, appendOptions)
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

  const lift =
    <A>(run: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    () =>
      Promise.resolve(run())

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
  })

  // The bounds a durable store would put in its WHERE clause, checked on the row's columns before decoding.
  const inBounds = (row: InMemoryRow, bounds: NormalizedReadStream): boolean =>
    (bounds.untilRevision === undefined || row.revision <= bounds.untilRevision) &&
    (bounds.untilPosition === undefined || row.position <= bounds.untilPosition) &&
    (bounds.asOf === undefined || row.occurredOn <= bounds.asOf) &&
    (bounds.asKnownAt === undefined || row.recordedAt <= bounds.asKnownAt)

  async function* readStream(
    streamId: string,
    readOptions?: Parameters<EventStore['readStream']>[1],
  ): AsyncGenerator<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> {
    if (closed) {
      yield E.left(storeClosed('readStream'))
      return
    }
    const id = validateStreamId(streamId)
    if (E.isLeft(id)) {
      yield id
      return
    }
    const normalized = normalizeReadStream(readOptions)
    if (E.isLeft(normalized)) {
      yield normalized
      return
    }
    const bounds = normalized.right
    const decode = readPipeline({ sha256, upcasters, verifyHashes: bounds.verifyHashes })
    const forwards = bounds.direction === 'forwards'
    // Revisions are 0-based and dense, so a revision is also the index into the stream's row list.
    let next: bigint
    if (forwards) {
      next = bounds.fromRevision ?? 0n
    } else {
      const head = headOf(id.right).revision
      if (head === 'no_stream') return
      next = [head, bounds.fromRevision, bounds.untilRevision].reduce<bigint>(
        (low, bound) => (bound !== undefined && bound < low ? bound : low),
        head,
      )
    }
    let delivered = 0
    while (delivered < bounds.maxCount) {
      await Promise.resolve()
      if (closed) {
        yield E.left(storeClosed('readStream'))
        return
      }
      const indexes = rowsOf(id.right)
      const wanted = Math.min(bounds.batchSize, bounds.maxCount - delivered)
      const batch: Array<RecordedEvent> = []
      while (batch.length < wanted && next >= 0n && next < BigInt(indexes.length)) {
        const row = rowAt(indexes[Number(next)]!)
        next = forwards ? next + 1n : next - 1n
        if (forwards && bounds.untilRevision !== undefined && row.revision > bounds.untilRevision) {
          next = BigInt(indexes.length)
          break
        }
        if (!inBounds(row, bounds)) continue
        const event = decode(toRow(row))
        if (E.isLeft(event)) {
          if (batch.length > 0) yield E.right(batch)
          yield event
          return
        }
        batch.push(event.right)
      }
      if (batch.length === 0) return
      delivered += batch.length
      yield E.right(batch)
    }
  }

  async function* readAll(
    readOptions?: Parameters<EventStore['readAll']>[0],
  ): AsyncGenerator<E.Either<StoreError, AllBatch>> {
    if (closed) {
      yield E.left(storeClosed('readAll'))
      return
    }
    const normalized = normalizeReadAll(readOptions)
    if (E.isLeft(normalized)) {
      yield normalized
      return
    }
    const bounds = normalized.right
    const decode = readPipeline({ sha256, upcasters, verifyHashes: bounds.verifyHashes })
    const categories = bounds.categories === undefined ? undefined : new Set(bounds.categories)
    const types = bounds.types === undefined ? undefined : new Set(bounds.types)
    let after = bounds.after
    let delivered = 0
    while (delivered < bounds.maxCount) {
      await Promise.resolve()
      if (closed) {
        yield E.left(storeClosed('readAll'))
        return
      }
      const head = BigInt(storage.rows.length)
      const limit = bounds.untilPosition !== undefined && bounds.untilPosition < head ? bounds.untilPosition : head
      if (after >= limit) return
      const wanted = Math.min(bounds.batchSize, bounds.maxCount - delivered)
      const events: Array<RecordedEvent> = []
      let checkpoint = after
      while (events.length < wanted && checkpoint < limit) {
        const row = rowAt(Number(checkpoint))
        checkpoint += 1n
        if (categories !== undefined && !categories.has(row.category)) continue
        if (types !== undefined && !types.has(row.type)) continue
        const event = decode(toRow(row))
        if (E.isLeft(event)) {
          if (events.length > 0) yield E.right({ events, checkpoint: checkpoint - 1n })
          yield event
          return
        }
        events.push(event.right)
      }
      after = checkpoint
      delivered += events.length
      yield E.right({ events, checkpoint })
    }
  }

  return {
    append: (streamId, events, appendOptions) => lift(() => appendNow(streamId, events, appendOptions)),
    readStream,
    readAll,
    streamRevision: (streamId) => guarded('read the stream revision', () => revisionOf(streamId)),
    streamExists: (streamId) =>
      guarded('check whether a stream exists', () =>
        E.map((r: StreamRevision) => r !== 'no_stream')(revisionOf(streamId)),
      ),
    headPosition: () => guarded('read the head position', () => E.right(BigInt(storage.rows.length))),
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
