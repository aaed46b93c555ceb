/**
 * The read loop every store shares. An adapter only supplies a page fetch (rows from its storage, in order,
 * from a cursor); the loop validates the options, checks `closed` before every page, runs every row through the
 * kit's {@link readPipeline} in {@link decodeRows}, applies time-travel bounds the storage could not, batches,
 * advances the cursor and stops. Every read it returns starts afresh each time it is iterated.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import {
  normalizeReadAll,
  normalizeReadStream,
  passesTimeTravel,
  rowReader,
  type readPipeline,
  validateStreamId,
  type NormalizedReadAll,
  type NormalizedReadStream,
  type StoredRow,
} from './AdapterKit'
import type { AllBatch, Batches, ReadAllOptions, ReadStreamOptions } from './EventStore'
import type { Sha256 } from './platform/sha256'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import {
  backwardLinkProblem,
  forwardLinkProblem,
  globalContinuity,
  streamEndProblem,
  type RecordedHead,
} from './RowIntegrity'
import { hashChainBroken, storeClosed, type StoreError } from './StoreError'
import type { StreamId } from './StreamId'
import type { UpcasterRegistry } from './Upcaster'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the loop needs from the store it reads for.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface ReadLoopContext {
  readonly sha256: Sha256
  readonly upcasters: UpcasterRegistry
  /** Asked before every page: a store closed in the middle of a read ends it with `StoreClosed`. */
  readonly isClosed: () => boolean
}

/**
 * Fetches one page of a stream: at most `limit` rows in the read's direction, starting at `cursor` inclusive
 * (`undefined` only going backwards: from the end of the stream). Fewer than `limit` rows means the stream has
 * no more (within the bounds the fetch applies).
 *
 * @category adapter kit
 * @since 0.2.0
 */
export type StreamPageFetch = (
  cursor: Revision | undefined,
  limit: number,
) => Promise<E.Either<StoreError, ReadonlyArray<StoredRow>>>

/**
 * How an adapter reads a stream.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface StreamPages {
  /** Names the read in `StoreClosed`. */
  readonly operation: string
  /**
   * Whether the fetch applies `untilRevision` and `untilPosition` itself (a SQL `WHERE`, or {@link withinBounds} on
   * stored columns). When false the loop applies them to the decoded events. `asOf` and `asKnownAt` are always the
   * loop's, on the hashed metadata after every check: a fetch must not filter on them, or a stream would come back
   * with holes no check could tell from an edit of a date column.
   */
  readonly boundsInFetch: boolean
  /** Called once per iteration of the read, after the options are validated. */
  readonly open: (streamId: StreamId, bounds: NormalizedReadStream) => StreamPageFetch
  /**
   * Told the stream's head when an unbounded, verified read saw it (the last event of a forwards read that
   * reached the end, the first event of a backwards read from the end).
   */
  readonly onHead?: (streamId: StreamId, head: RecordedEvent) => void
  /**
   * The batch size of a read that asks for none, when not the kernel's 500: a store whose page costs no round trip
   * (SQLite) reads smaller batches, which keep fewer events alive at once for the garbage collector to copy.
   */
  readonly defaultBatchSize?: number
  /**
   * The head the store records for a stream apart from its events (its `streams` row), for stores that keep one.
   * Asked once, before the first page, by a verified read that can reach the stream's end: the events must end
   * there (see {@link streamEndProblem}).
   */
  readonly recordedHead?: (streamId: StreamId) => Promise<E.Either<StoreError, RecordedHead>>
  /**
   * The recorded head and the first page in one call (one round trip, one snapshot), for stores that can read
   * both at once. A verified read that can reach the stream's end (no `untilRevision`, no `untilPosition`) calls it
   * instead of `recordedHead` followed by the first page; every later page, and every other read, goes through
   * the fetch `open` made. `cursor` and `limit` are those of the first page.
   */
  readonly firstPageWithHead?: (
    streamId: StreamId,
    bounds: NormalizedReadStream,
    cursor: Revision | undefined,
    limit: number,
  ) => Promise<E.Either<StoreError, { readonly head: RecordedHead; readonly rows: ReadonlyArray<StoredRow> }>>
}

/**
 * One page of a read across all streams.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface AllPage {
  /** At most `limit` rows with positions above `after`, in position order, already filtered by category/type. */
  readonly rows: ReadonlyArray<StoredRow>
  /** Every position up to here has been looked at (and is settled): the batch's checkpoint. */
  readonly scanned: GlobalPosition
  /**
   * Whether to fetch again after `scanned`; false when the fetch reached the end of what it may read. A fetch
   * that made no progress must say false.
   */
  readonly more: boolean
}

/**
 * Fetches one page of a read across all streams, after position `after`. From `START_POSITION` (`0n`) the page
 * starts below 1, at the lowest position the storage can hold ({@link lowestPositionAfter}): a row a damaged
 * store holds at 0 or below must be read, so the decoder names it, never skipped.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export type AllPageFetch = (after: GlobalPosition, limit: number) => Promise<E.Either<StoreError, AllPage>>

/**
 * How an adapter reads all streams.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface AllPages {
  readonly operation: string
  /** Called once per iteration of the read, after the options are validated. */
  readonly open: (bounds: NormalizedReadAll) => AllPageFetch
}

/**
 * The lowest 64-bit integer: every SQL store's position column holds nothing below it.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const MIN_STORED_POSITION = -9223372036854775808n

/**
 * The largest 64-bit integer: no SQL store holds a position above it.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const MAX_STORED_POSITION = 9223372036854775807n

/**
 * The lowest position (inclusive) a page of a read across all streams fetches after `after`: `after + 1`, except
 * from `START_POSITION`, where it is {@link MIN_STORED_POSITION}. Positions start at 1, so a row at 0 or below
 * is one edited or inserted by hand; reading "after 0" would hide it from every read from the start, from chain
 * verification and from projections while stream reads trip over it. Read from here, the row reaches the decoder,
 * which names it (`CorruptEvent` on its `position`).
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const lowestPositionAfter = (after: GlobalPosition): bigint => (after <= 0n ? MIN_STORED_POSITION : after + 1n)

// -------------------------------------------------------------------------------------
// per-row checks
// -------------------------------------------------------------------------------------

/**
 * Every row of a page on its way to a reader, in order: decode, check the stored columns, verify, upcast
 * ({@link readPipeline}), then `follows`, the read's continuity check (a stream read whole, see
 * `RowIntegrity.ts`). The one place where a read looks at rows one by one; stops at the first bad row and returns
 * what came before it.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const decodeRows = (
  pipeline: ReturnType<typeof readPipeline>,
  rows: ReadonlyArray<StoredRow>,
  follows?: (event: RecordedEvent) => StoreError | undefined,
): { readonly events: ReadonlyArray<RecordedEvent>; readonly error: StoreError | undefined } =>
  readRows(
    (row) => {
      const event = pipeline(row)
      return E.isLeft(event) ? event.left : event.right
    },
    rows,
    follows,
  )

/** {@link decodeRows} over the kit's {@link rowReader}: no `Either` per row. */
const readRows = (
  read: ReturnType<typeof rowReader>,
  rows: ReadonlyArray<StoredRow>,
  follows: ((event: RecordedEvent) => StoreError | undefined) | undefined,
): { readonly events: ReadonlyArray<RecordedEvent>; readonly error: StoreError | undefined } => {
  const events: Array<RecordedEvent> = []
  for (let i = 0; i < rows.length; i++) {
    const event = read(rows[i]!)
    if ('_tag' in event) return { events, error: event }
    const broken = follows?.(event)
    if (broken !== undefined) return { events, error: broken }
    events.push(event)
  }
  return { events, error: undefined }
}

// -------------------------------------------------------------------------------------
// loops
// -------------------------------------------------------------------------------------

const minOf = (values: ReadonlyArray<bigint | undefined>): bigint | undefined =>
  values.reduce<bigint | undefined>(
    (low, v) => (v !== undefined && (low === undefined || v < low) ? v : low),
    undefined,
  )

/**
 * What is wrong with where a verified stream read that ran to its end stopped: a forwards read must end at the
 * recorded head (read before the first page: a later revision is an append since, which proves nothing, and a
 * head of `'no_stream'` may be a stream created since); a backwards read must end at revision 0.
 */
const endProblem = (
  streamId: StreamId,
  forwards: boolean,
  last: RecordedEvent | undefined,
  recorded: RecordedHead | undefined,
  bounds: NormalizedReadStream,
): StoreError | undefined => {
  if (!forwards) {
    if (last !== undefined) {
      return last.revision === 0n
        ? undefined
        : hashChainBroken(
            streamId,
            last.revision - 1n,
            `revision ${last.revision - 1n} is missing: the stream's events begin at revision ${last.revision}`,
          )
    }
    return recorded === undefined || recorded === 'no_stream'
      ? undefined
      : streamEndProblem(streamId, undefined, recorded)
  }
  if (recorded === undefined || recorded === 'no_stream') return undefined
  if (last !== undefined && last.revision > recorded.revision) return undefined
  return streamEndProblem(streamId, last, recorded, bounds.fromRevision ?? 0n)
}

/**
 * A stream read over an adapter's page fetch.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const readStreamLoop = (
  context: ReadLoopContext,
  pages: StreamPages,
  streamId: string,
  options: ReadStreamOptions | undefined,
): Batches<ReadonlyArray<RecordedEvent>> => ({
  [Symbol.asyncIterator]: async function* () {
    const id = validateStreamId(streamId)
    if (E.isLeft(id)) return yield id
    const normalized = normalizeReadStream(options, pages.defaultBatchSize)
    if (E.isLeft(normalized)) return yield normalized
    const bounds = normalized.right
    const reader = rowReader({ ...context, verifyHashes: bounds.verifyHashes })
    const fetch = pages.open(id.right, bounds)
    const forwards = bounds.direction === 'forwards'
    const watchHead =
      pages.onHead !== undefined &&
      bounds.verifyHashes &&
      bounds.untilRevision === undefined &&
      bounds.untilPosition === undefined &&
      bounds.asOf === undefined &&
      bounds.asKnownAt === undefined
    let cursor = forwards ? (bounds.fromRevision ?? 0n) : minOf([bounds.fromRevision, bounds.untilRevision])
    let remaining = bounds.maxCount
    let buffer: Array<RecordedEvent> = []
    let last: RecordedEvent | undefined
    let firstPage = true
    // The stream must come back whole: from the first revision asked for, without a gap, each event linked to the
    // one read before it (whatever the time-travel bounds later keep), and ending at the head the store records.
    const whole = bounds.verifyHashes
    const reachesEnd =
      whole &&
      bounds.untilRevision === undefined &&
      bounds.untilPosition === undefined &&
      (forwards || bounds.fromRevision === undefined)
    let recorded: RecordedHead | undefined
    // The first page when it came with the head.
    let pending: ReadonlyArray<StoredRow> | undefined
    if (reachesEnd && pages.firstPageWithHead !== undefined) {
      if (context.isClosed()) return yield E.left(storeClosed(pages.operation))
      const both = await pages.firstPageWithHead(id.right, bounds, cursor, Math.min(bounds.batchSize, remaining))
      if (E.isLeft(both)) return yield both
      recorded = both.right.head
      pending = both.right.rows
    } else if (reachesEnd && pages.recordedHead !== undefined) {
      if (context.isClosed()) return yield E.left(storeClosed(pages.operation))
      const head = await pages.recordedHead(id.right)
      if (E.isLeft(head)) return yield head
      recorded = head.right
    }
    let previous: RecordedEvent | undefined
    const follows = !whole
      ? undefined
      : (event: RecordedEvent): StoreError | undefined => {
          const broken = forwards
            ? forwardLinkProblem(event, previous, previous === undefined ? (bounds.fromRevision ?? 0n) : undefined)
            : previous === undefined && recorded !== undefined && recorded !== 'no_stream'
              ? // The head was read before the first page: a later revision is an append since, a lower one a cut.
                event.revision > recorded.revision
                ? backwardLinkProblem(event, undefined)
                : streamEndProblem(event.streamId, event, recorded)
              : backwardLinkProblem(event, previous)
          previous = event
          return broken
        }
    let stopped = false
    while (remaining > 0) {
      if (context.isClosed()) {
        if (buffer.length > 0) yield E.right(buffer)
        return yield E.left(storeClosed(pages.operation))
      }
      let limit = Math.min(bounds.batchSize, remaining)
      // A page that would end exactly at the head recorded at the start asks for one row more: when the database
      // has none, the page itself says the stream ends there, without a round trip for an empty page (and when it
      // has one, the stream goes on as it would have).
      if (
        forwards &&
        cursor !== undefined &&
        pending === undefined &&
        recorded !== undefined &&
        recorded !== 'no_stream' &&
        remaining > limit &&
        recorded.revision - cursor + 1n === BigInt(limit)
      ) {
        limit += 1
      }
      const page = pending === undefined ? await fetch(cursor, limit) : E.right(pending)
      pending = undefined
      if (E.isLeft(page)) {
        if (buffer.length > 0) yield E.right(buffer)
        return yield page
      }
      const { events, error } = readRows(reader, page.right, follows)
      let end = page.right.length < limit
      for (const event of events) {
        if (
          !pages.boundsInFetch &&
          forwards &&
          ((bounds.untilRevision !== undefined && event.revision > bounds.untilRevision) ||
            (bounds.untilPosition !== undefined && event.position > bounds.untilPosition))
        ) {
          end = true
          break
        }
        if (!passesTimeTravel(event, bounds)) continue
        if (watchHead && !forwards && firstPage && bounds.fromRevision === undefined && last === undefined) {
          pages.onHead!(id.right, event)
        }
        buffer.push(event)
        last = event
        remaining -= 1
        if (buffer.length >= bounds.batchSize) {
          yield E.right(buffer)
          buffer = []
        }
      }
      if (error !== undefined) {
        if (buffer.length > 0) yield E.right(buffer)
        return yield E.left(error)
      }
      firstPage = false
      const read = events[events.length - 1]
      if (watchHead && forwards && page.right.length < limit && last !== undefined) pages.onHead!(id.right, last)
      if (end || read === undefined) {
        stopped = true
        break
      }
      cursor = forwards ? read.revision + 1n : read.revision - 1n
      if (cursor < 0n || (forwards && bounds.untilRevision !== undefined && cursor > bounds.untilRevision)) {
        stopped = true
        break
      }
    }
    // A read that ran to the end of the stream (not cut short by maxCount) checks where it ended.
    const broken =
      whole && stopped ? endProblem(id.right, forwards, previous, reachesEnd ? recorded : undefined, bounds) : undefined
    if (buffer.length > 0) yield E.right(buffer)
    if (broken !== undefined) yield E.left(broken)
  },
})

/**
 * A read across all streams over an adapter's page fetch.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const readAllLoop = (
  context: ReadLoopContext,
  pages: AllPages,
  options: ReadAllOptions | undefined,
): Batches<AllBatch> => ({
  [Symbol.asyncIterator]: async function* () {
    const normalized = normalizeReadAll(options)
    if (E.isLeft(normalized)) return yield normalized
    const bounds = normalized.right
    const reader = rowReader({ ...context, verifyHashes: bounds.verifyHashes })
    const fetch = pages.open(bounds)
    const follows = bounds.verifyHashes
      ? globalContinuity({ fromStart: bounds.after === 0n, everyEvent: bounds.types === undefined })
      : undefined
    let after = bounds.after
    let remaining = bounds.maxCount
    while (remaining > 0) {
      if (context.isClosed()) return yield E.left<StoreError, AllBatch>(storeClosed(pages.operation))
      if (bounds.untilPosition !== undefined && after >= bounds.untilPosition) return
      const page = await fetch(after, Math.min(bounds.batchSize, remaining))
      if (E.isLeft(page)) return yield page
      const { events, error } = readRows(reader, page.right.rows, follows)
      if (error !== undefined) {
        // What was read and verified before the damaged row is still delivered, then the error.
        const lastGood = events[events.length - 1]
        if (lastGood !== undefined) yield E.right<StoreError, AllBatch>({ events, checkpoint: lastGood.position })
        return yield E.left<StoreError, AllBatch>(error)
      }
      const checkpoint = page.right.scanned > after ? page.right.scanned : after
      if (events.length > 0 || checkpoint > after) yield E.right<StoreError, AllBatch>({ events, checkpoint })
      remaining -= events.length
      if (!page.right.more) return
      after = checkpoint
    }
  },
})
