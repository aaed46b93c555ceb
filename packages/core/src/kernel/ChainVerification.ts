/**
 * Chain verification for auditors: walk a stream (or every stream) from its genesis and report the first place
 * where the recorded history stops being trustworthy.
 *
 * The store's read pipeline recomputes each event's hash over the stored bytes (before upcasting) and checks the
 * link to the event read just before it. On top of that the verifier checks what a single read cannot: that
 * revisions run from 0 without a gap and that every `prevHash` is the hash of the revision before. What no chain
 * can show on its own is a history cut short at its end; compare the reported heads with heads published earlier
 * (an anchor) for that.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import type { EventStore } from './EventStore'
import { GENESIS_HASH } from './HashChain'
import type { RecordedEvent } from './RecordedEvent'
import type { Revision } from './Revision'
import { storageFailure, storeErrorMessage, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where and why a chain stops being trustworthy.
 *
 * @category model
 * @since 0.1.0
 */
export interface ChainBreak {
  readonly streamId: string
  /** The first revision that cannot be trusted (`undefined` when a damaged row does not even say which). */
  readonly revision: Revision | undefined
  readonly reason: string
}

/**
 * What a verification checked and the first break it found (none means every chain checked is intact from its
 * genesis).
 *
 * @category model
 * @since 0.1.0
 */
export interface ChainReport {
  readonly streamsChecked: number
  readonly eventsChecked: number
  readonly firstBreak?: ChainBreak
}

/**
 * The report on one stream, with the head reached: keep it, to notice later if the stream was cut short.
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamChainReport extends ChainReport {
  readonly head?: { readonly revision: Revision; readonly hash: string }
}

/**
 * Options of {@link verifyAllChains}.
 *
 * @category model
 * @since 0.1.0
 */
export interface VerifyAllOptions {
  /** Only streams of these categories. */
  readonly categories?: ReadonlyArray<string>
  /** Check the store as it was at this position. */
  readonly untilPosition?: bigint
  /** Events per batch; defaults to the store's. */
  readonly batchSize?: number
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

interface Head {
  readonly revision: Revision
  readonly hash: string
}

/** Errors that mean the stored history is damaged, as opposed to the store being unable to answer. */
const asBreak = (error: StoreError): ChainBreak | undefined => {
  switch (error._tag) {
    case 'HashChainBroken':
      return { streamId: error.streamId, revision: error.revision, reason: storeErrorMessage(error) }
    case 'CorruptEvent':
      return { streamId: error.streamId, revision: error.revision, reason: storeErrorMessage(error) }
    default:
      return undefined
  }
}

const checkLink = (event: RecordedEvent, previous: Head | undefined): ChainBreak | undefined => {
  const expectedRevision = previous === undefined ? 0n : previous.revision + 1n
  if (event.revision !== expectedRevision) {
    return {
      streamId: event.streamId,
      revision: expectedRevision,
      reason:
        previous === undefined
          ? `the stream starts at revision ${event.revision} instead of 0; its first events are missing`
          : `revision ${expectedRevision} is missing: revision ${previous.revision} is followed by ${event.revision}`,
    }
  }
  const expectedPrev = previous === undefined ? GENESIS_HASH : previous.hash
  if (event.prevHash !== expectedPrev) {
    return {
      streamId: event.streamId,
      revision: event.revision,
      reason:
        previous === undefined
          ? 'the first event does not link to the genesis hash'
          : `its prevHash does not match the hash of revision ${previous.revision}`,
    }
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Verifies one stream's chain from its genesis. Store failures that say nothing about the history (closed,
 * unavailable, an upcaster failing) are returned as errors, not as breaks.
 *
 * @category utils
 * @since 0.1.0
 */
export const verifyStreamChain =
  (store: EventStore, streamId: string): TE.TaskEither<StoreError, StreamChainReport> =>
  async () => {
    let head: Head | undefined
    let events = 0
    const report = (firstBreak?: ChainBreak): StreamChainReport => ({
      streamsChecked: 1,
      eventsChecked: events,
      ...(head === undefined ? {} : { head }),
      ...(firstBreak === undefined ? {} : { firstBreak }),
    })
    try {
      for await (const batch of store.readStream(streamId, { verifyHashes: true })) {
        if (E.isLeft(batch)) {
          const found = asBreak(batch.left)
          return found === undefined ? batch : E.right(report(found))
        }
        for (const event of batch.right) {
          const found = checkLink(event, head)
          if (found !== undefined) return E.right(report(found))
          head = { revision: event.revision, hash: event.hash }
          events++
        }
      }
    } catch (cause) {
      return E.left(storageFailure('verify the stream chain', cause))
    }
    return E.right(report())
  }

/**
 * Verifies every stream's chain in one pass over the store in global order, stopping at the first break. Keeps
 * the head of every stream seen (a few dozen bytes each).
 *
 * @category utils
 * @since 0.1.0
 */
export const verifyAllChains =
  (store: EventStore, options: VerifyAllOptions = {}): TE.TaskEither<StoreError, ChainReport> =>
  async () => {
    const heads = new Map<string, Head>()
    let events = 0
    const report = (firstBreak?: ChainBreak): ChainReport => ({
      streamsChecked: heads.size,
      eventsChecked: events,
      ...(firstBreak === undefined ? {} : { firstBreak }),
    })
    try {
      for await (const batch of store.readAll({ ...options, verifyHashes: true })) {
        if (E.isLeft(batch)) {
          const found = asBreak(batch.left)
          return found === undefined ? batch : E.right(report(found))
        }
        for (const event of batch.right.events) {
          const found = checkLink(event, heads.get(event.streamId))
          if (found !== undefined) return E.right(report(found))
          heads.set(event.streamId, { revision: event.revision, hash: event.hash })
          events++
        }
      }
    } catch (cause) {
      return E.left(storageFailure('verify the chains', cause))
    }
    return E.right(report())
  }
