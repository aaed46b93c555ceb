/**
 * The integrity checks a read makes on stored rows beyond each event's own hash: the columns a store keeps beside
 * the hashed content (for its indexes and filters) must say what the hashed content says, and a stream must come
 * back whole — revisions from 0 without a gap, each event linked to the one before, ending where the store's
 * recorded head says it ends. Small pure functions over values the read loop already has, so that every adapter
 * runs the same checks at the cost of a few comparisons per row.
 *
 * @since 0.2.0
 */
import { GENESIS_HASH } from './HashChain'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import { corruptEvent, hashChainBroken, type StoreError } from './StoreError'
import { categoryOf } from './StreamId'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The columns a store keeps beside an event's hashed content, under the names its read rows give them. A store
 * that has no such column leaves the member out (`undefined`); a stored `null` is a value, and a wrong one.
 *
 * @category model
 * @since 0.2.0
 */
export interface StoredColumns {
  /** The `category` column: must be the category of the stream id. */
  readonly category?: unknown
  /** The `occurred_on` column: must be `metadata.occurredOn`. */
  readonly occurredOn?: unknown
  /** The `recorded_at` column: must be `metadata.recordedAt`. */
  readonly recordedAt?: unknown
}

/**
 * The head of a stream as a store records it apart from the events (a `streams` table): where the stream ends and
 * the hash of its last event.
 *
 * @category model
 * @since 0.2.0
 */
export type RecordedHead = 'no_stream' | { readonly revision: Revision; readonly lastHash: string }

/**
 * The part of an event a continuity check looks at.
 *
 * @category model
 * @since 0.2.0
 */
export interface ChainLink {
  readonly streamId: string
  readonly revision: Revision
  readonly position: GlobalPosition
  readonly hash: string
  readonly prevHash: string
}

// -------------------------------------------------------------------------------------
// stored columns
// -------------------------------------------------------------------------------------

const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value))

/**
 * What is wrong with the columns a store keeps beside an event's hashed content (`undefined` when nothing): each
 * one it has must equal what the decoded, hashed event says. Such a column drives reads (a category filter, an
 * `asOf` or `asKnownAt` bound), so a row whose column was edited would otherwise change what those reads return
 * while its hash still matches. The result is a `CorruptEvent` naming the stream, the revision and the column.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const storedColumnsProblem = (row: StoredColumns, event: RecordedEvent): StoreError | undefined => {
  const { category, occurredOn, recordedAt } = row
  if (category !== undefined) {
    const expected = categoryOf(event.streamId)
    if (category !== expected) {
      return corruptEvent(
        event.streamId,
        event.revision,
        event.position,
        `it says ${show(category)}, but the stream id '${event.streamId}' is in category '${expected}'`,
        'category',
      )
    }
  }
  if (occurredOn !== undefined && occurredOn !== event.metadata.occurredOn) {
    return corruptEvent(
      event.streamId,
      event.revision,
      event.position,
      `it says ${show(occurredOn)}, but the hashed metadata says the fact occurred on '${event.metadata.occurredOn}'`,
      'occurred_on',
    )
  }
  if (recordedAt !== undefined && recordedAt !== event.metadata.recordedAt) {
    return corruptEvent(
      event.streamId,
      event.revision,
      event.position,
      `it says ${show(recordedAt)}, but the hashed metadata says the event was recorded at '${event.metadata.recordedAt}'`,
      'recorded_at',
    )
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// continuity of a stream
// -------------------------------------------------------------------------------------

/**
 * What is wrong with an event read right after `previous` in a forwards read of its stream (`undefined` when
 * nothing): it must be the next revision and link to `previous`'s hash. With no `previous`, it must be the first
 * revision the read asked for (`expectedFirst`, 0 for a read from the start), and revision 0 must link to the
 * genesis hash. A deleted first or middle event is a gap here, so no decision is ever made on a history with a hole.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const forwardLinkProblem = (
  event: ChainLink,
  previous: ChainLink | undefined,
  expectedFirst: Revision | undefined,
): StoreError | undefined => {
  if (previous === undefined) {
    if (expectedFirst !== undefined && event.revision !== expectedFirst) {
      return event.revision > expectedFirst
        ? hashChainBroken(
            event.streamId,
            expectedFirst,
            `revision ${expectedFirst} is missing: the stream's events resume at revision ${event.revision}`,
            event.position,
          )
        : hashChainBroken(
            event.streamId,
            event.revision,
            `the read asked for revision ${expectedFirst} onwards`,
            event.position,
          )
    }
  }
  return adjacentProblem(previous, event, true) ?? genesisProblem(event)
}

/**
 * Two events read one after the other (`before` first): the later one read must be the next revision in the
 * read's direction, and the higher of the two must link to the lower one's hash.
 */
const adjacentProblem = (
  before: ChainLink | undefined,
  after: ChainLink,
  forwards: boolean,
): StoreError | undefined => {
  if (before === undefined) return undefined
  const expected = forwards ? before.revision + 1n : before.revision - 1n
  if (after.revision !== expected) {
    const missing = forwards ? after.revision > expected : after.revision < expected
    return missing
      ? hashChainBroken(
          after.streamId,
          expected,
          `revision ${expected} is missing: revision ${before.revision} is ${forwards ? 'followed' : 'preceded'} by ${after.revision}`,
          after.position,
        )
      : hashChainBroken(
          after.streamId,
          after.revision,
          `revision ${after.revision} comes again ${forwards ? 'after' : 'before'} revision ${before.revision}; events are out of order`,
          after.position,
        )
  }
  const [lower, higher] = forwards ? [before, after] : [after, before]
  return higher.prevHash === lower.hash
    ? undefined
    : hashChainBroken(
        higher.streamId,
        higher.revision,
        `its prevHash does not match the hash of revision ${lower.revision}`,
        higher.position,
      )
}

/** Revision 0 must link to the genesis hash. */
const genesisProblem = (event: ChainLink): StoreError | undefined =>
  event.revision === 0n && event.prevHash !== GENESIS_HASH
    ? hashChainBroken(event.streamId, 0n, 'the first event of a stream must link to the genesis hash', event.position)
    : undefined

/**
 * The check of {@link forwardLinkProblem} for a backwards read: `later` is the event read just before, one revision
 * above.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const backwardLinkProblem = (event: ChainLink, later: ChainLink | undefined): StoreError | undefined =>
  adjacentProblem(later, event, false) ?? genesisProblem(event)

/**
 * What is wrong with where a stream ends (`undefined` when nothing): the last event a complete forwards read
 * reached (`undefined` when it found none at or after `fromRevision`) against the head the store records for the
 * stream. Catches a tail cut off, a stream whose events were deleted while its head stayed, and a last event
 * rewritten (with its hash recomputed) without the head. A backwards read from the end checks the first event it
 * reads the same way.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const streamEndProblem = (
  streamId: string,
  last: ChainLink | undefined,
  recorded: RecordedHead,
  fromRevision: Revision = 0n,
): StoreError | undefined => {
  if (recorded === 'no_stream') {
    return last === undefined
      ? undefined
      : hashChainBroken(
          streamId,
          last.revision,
          `the store records no head for the stream, yet its events run to revision ${last.revision}`,
        )
  }
  if (last === undefined) {
    return recorded.revision < fromRevision
      ? undefined
      : hashChainBroken(
          streamId,
          recorded.revision,
          `the store records the stream at revision ${recorded.revision} but none of its events from revision ` +
            `${fromRevision} is left`,
        )
  }
  if (last.revision !== recorded.revision) {
    return hashChainBroken(
      streamId,
      last.revision < recorded.revision ? last.revision + 1n : last.revision,
      `the store records the stream at revision ${recorded.revision} but its events end at revision ${last.revision}` +
        (last.revision < recorded.revision ? ': its last events are missing' : ''),
    )
  }
  if (last.hash !== recorded.lastHash) {
    return hashChainBroken(
      streamId,
      last.revision,
      "the hash the store records for the stream's head is not the hash of its last event",
    )
  }
  return undefined
}

/**
 * A continuity check across the streams of a read in global order: keeps the last event of every stream it has
 * seen (every one: a bounded few would let an edit in the 10,001st stream through) and checks each event against
 * its stream's. `fromStart` says the read began before the first event and sees every event of the streams it
 * returns (no type filter), so a stream's first event must be revision 0; otherwise a stream's first event in the
 * read is taken as it is, and with `everyEvent` false (a type filter) only adjacent revisions are linked.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const globalContinuity = (options: { readonly fromStart: boolean; readonly everyEvent: boolean }) => {
  const heads = new Map<string, ChainLink>()
  return (event: ChainLink): StoreError | undefined => {
    const previous = heads.get(event.streamId)
    heads.set(event.streamId, event)
    if (!options.everyEvent) {
      return previous !== undefined && previous.revision + 1n === event.revision && event.prevHash !== previous.hash
        ? hashChainBroken(
            event.streamId,
            event.revision,
            `its prevHash does not match the hash of revision ${previous.revision}`,
            event.position,
          )
        : undefined
    }
    return forwardLinkProblem(event, previous, previous === undefined && options.fromStart ? 0n : undefined)
  }
}
