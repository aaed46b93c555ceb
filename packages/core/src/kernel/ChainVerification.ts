/**
 * Chain verification for auditors: walk a stream (or every stream) from its genesis and report every place where
 * the recorded history stops being trustworthy — never only the first.
 *
 * The verifier reads the stored rows without the read path's own hash checks and checks each one itself, so a
 * break does not end the read: it recomputes every event's hash over its content, checks that revisions run from
 * 0 without a gap, that every `prevHash` is the hash of the revision before (keeping the head of every stream, not
 * a bounded few), and that the stream heads the store records (its `streams` table, when it has one) agree with
 * the events. A row the store cannot even decode is reported and stepped over. Over the whole store it also builds
 * the global Merkle log, so the result can be compared with a signed checkpoint: that is what catches what no
 * chain can show on its own — a history cut short at its end, a stream deleted whole, events reordered, a stream or
 * the whole log rewritten with recomputed hashes.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import type { SignedCheckpoint } from './Checkpoint'
import type { EventStore } from './EventStore'
import { chainHash, GENESIS_HASH } from './HashChain'
import { bytesToHex } from './Hex'
import { ledgerLog, type LedgerLog, type LeafRecord } from './LedgerLog'
import { rfc9162Hasher, type MerkleHasher } from './Merkle'
import { nodeSha256Bytes, type Sha256 } from './platform/sha256'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import { methodsProblem, readOptions, showInput } from './Input'
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
  /** The revision that cannot be trusted (`undefined` when a damaged row does not even say which). */
  readonly revision: Revision | undefined
  /** The global position of the row, when known. */
  readonly position?: GlobalPosition
  /** The stored column that disagrees with the hashed content, when that is the break. */
  readonly column?: string
  readonly reason: string
}

/**
 * What a verification checked and every break it found (none means every chain checked is intact from its
 * genesis). `firstBreak` is the first of `breaks`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ChainReport {
  readonly streamsChecked: number
  readonly eventsChecked: number
  readonly breaks: ReadonlyArray<ChainBreak>
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
 * The report on the whole store: the chains, and the Merkle log of every event read (in global order), to compare
 * with a checkpoint or to sign one. `unleafed` counts rows that could not make a leaf (undecodable): with any, the
 * log's root cannot match a checkpoint taken before the damage.
 *
 * @category model
 * @since 0.2.0
 */
export interface LedgerReport extends ChainReport {
  readonly log: LedgerLog
  readonly unleafed: number
  /** Every leaf with the event it stands for, when asked for with `keepLeaves`. */
  readonly leaves?: ReadonlyArray<LeafRecord>
}

/**
 * Options of {@link verifyAllChains}.
 *
 * @category model
 * @since 0.1.0
 */
export interface VerifyAllOptions {
  /** Only streams of these categories (no Merkle log is comparable then). */
  readonly categories?: ReadonlyArray<string>
  /** Check the store as it was at this position. */
  readonly untilPosition?: bigint
  /** Events per batch; defaults to the store's. */
  readonly batchSize?: number
  /**
   * A SHA-256 to check every event's hash with once more. The read already verifies each with the store's own
   * (over the stored text where the store keeps one), so this is only for a caller who trusts another.
   */
  readonly sha256?: Sha256
  /** The Merkle hasher; defaults to RFC 9162 over `node:crypto` SHA-256. */
  readonly hasher?: MerkleHasher
  /** Keep every leaf with its stream and revision in the report (for a leaf list or {@link compareWithLeafList}). */
  readonly keepLeaves?: boolean
  /** Called after each batch with the position read up to, to show progress. */
  readonly onProgress?: (position: GlobalPosition) => void
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

interface Head {
  readonly revision: Revision
  /** `undefined` when the event at that revision could not be read (a damaged row): its link is unknown. */
  readonly hash: string | undefined
}

/** Errors that mean a stored row is damaged, as opposed to the store being unable to answer. */
const asBreak = (error: StoreError): ChainBreak | undefined => {
  switch (error._tag) {
    case 'HashChainBroken':
      return {
        streamId: error.streamId,
        revision: error.revision,
        ...(error.position === undefined ? {} : { position: error.position }),
        reason: error.position === undefined ? storeErrorMessage(error) : error.reason,
      }
    case 'CorruptEvent':
      return {
        streamId: error.streamId,
        revision: error.revision,
        ...(error.position === undefined ? {} : { position: error.position }),
        ...(error.column === undefined ? {} : { column: error.column }),
        reason: storeErrorMessage(error),
      }
    default:
      return undefined
  }
}

/** Every problem with one event given the head of its stream before it. */
const checkEvent = (
  sha256: Sha256 | undefined,
  event: RecordedEvent,
  previous: Head | undefined,
): ReadonlyArray<ChainBreak> => {
  const found: Array<ChainBreak> = []
  const at = (reason: string, revision: Revision = event.revision): ChainBreak => ({
    streamId: event.streamId,
    revision,
    position: event.position,
    reason,
  })
  const expectedRevision = previous === undefined ? 0n : previous.revision + 1n
  const followsOn = event.revision === expectedRevision
  if (!followsOn) {
    found.push(
      previous === undefined
        ? at(`the stream starts at revision ${event.revision} instead of 0; its first events are missing`, 0n)
        : event.revision > expectedRevision
          ? at(
              `revision ${expectedRevision} is missing: revision ${previous.revision} is followed by ${event.revision}`,
              expectedRevision,
            )
          : at(`revision ${event.revision} comes again after revision ${previous.revision}; events are out of order`),
    )
  }
  if (previous === undefined) {
    if (event.revision === 0n && event.prevHash !== GENESIS_HASH) {
      found.push(at('the first event does not link to the genesis hash'))
    }
  } else if (followsOn && previous.hash !== undefined && event.prevHash !== previous.hash) {
    found.push(at(`its prevHash does not match the hash of revision ${previous.revision}`))
  }
  // The read verified the event's hash (with the store's SHA-256, on the stored text where there is one); a
  // caller's own SHA-256 checks it again.
  if (sha256 !== undefined && chainHash(sha256, event.prevHash, event) !== event.hash) {
    found.push(at('its content does not match its stored hash'))
  }
  return found
}

const reportOf = <R extends object>(
  streams: number,
  events: number,
  breaks: ReadonlyArray<ChainBreak>,
  extra: R,
): ChainReport & R => ({
  streamsChecked: streams,
  eventsChecked: events,
  breaks,
  ...(breaks.length === 0 ? {} : { firstBreak: breaks[0]! }),
  ...extra,
})

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Verifies one stream's chain from its genesis, reporting every break, and compares the head reached with the
 * revision the store says the stream is at. Store failures that say nothing about the history (closed,
 * unavailable) are returned as errors, not as breaks.
 *
 * @category utils
 * @since 0.1.0
 */
export const verifyStreamChain =
  (
    store: EventStore,
    streamId: string,
    options: { readonly sha256?: Sha256 } = {},
  ): TE.TaskEither<StoreError, StreamChainReport> =>
  async () => {
    const problem = methodsProblem(store, 'the store to verify', ['readStream', 'streamRevision'])
    if (problem !== undefined) return E.left(storageFailure('verify the stream chain', problem))
    const read = readOptions(options, ['sha256'], 'the verify options')
    if (E.isLeft(read)) return E.left(storageFailure('verify the stream chain', read.left))
    const sha256 = read.right.sha256 as Sha256 | undefined
    if (sha256 !== undefined && typeof sha256 !== 'function') {
      return E.left(storageFailure('verify the stream chain', `sha256 must be a function, got ${showInput(sha256)}`))
    }
    let head: Head | undefined
    let events = 0
    const breaks: Array<ChainBreak> = []
    let from: Revision | undefined
    try {
      reading: for (;;) {
        for await (const batch of store.readStream(streamId, {
          verifyHashes: true,
          ...(from === undefined ? {} : { fromRevision: from }),
        })) {
          if (E.isLeft(batch)) {
            const found = asBreak(batch.left)
            if (found === undefined) return batch
            breaks.push(found)
            // An event that decoded but whose hash or link is wrong was checked, as one that passed.
            if (batch.left._tag === 'HashChainBroken' && found.position !== undefined) events++
            if (found.revision === undefined) {
              breaks.push({ ...found, reason: 'the read cannot go past this row; later events were not checked' })
              break reading
            }
            head = { revision: found.revision, hash: undefined }
            from = found.revision + 1n
            continue reading
          }
          for (const event of batch.right) {
            breaks.push(...checkEvent(sha256, event, head))
            head = { revision: event.revision, hash: event.hash }
            events++
          }
        }
        break
      }
      const recorded = await store.streamRevision(streamId)()
      if (E.isLeft(recorded)) return recorded
      const reached = head?.revision
      if (recorded.right === 'no_stream' ? reached !== undefined : recorded.right !== reached) {
        breaks.push({
          streamId,
          revision: recorded.right === 'no_stream' ? reached : recorded.right,
          reason:
            recorded.right === 'no_stream'
              ? `the store records no head for the stream but its events run to revision ${String(reached)}`
              : `the store records the stream at revision ${recorded.right} but its events end at ${reached ?? 'none'}`,
        })
      }
    } catch (cause) {
      return E.left(storageFailure('verify the stream chain', cause))
    }
    return E.right(
      reportOf(
        1,
        events,
        breaks,
        head?.hash === undefined ? {} : { head: { revision: head.revision, hash: head.hash } },
      ),
    )
  }

/**
 * Verifies every stream's chain in one pass over the store in global order, reporting every break and going on
 * past each. Keeps the head of every stream seen (a few dozen bytes each); when the store records heads of its
 * own, compares them all with the events. Without a category filter, also builds the Merkle log of every event
 * read, for {@link compareWithCheckpoint}.
 *
 * @category utils
 * @since 0.1.0
 */
export const verifyAllChains =
  (store: EventStore, given: VerifyAllOptions = {}): TE.TaskEither<StoreError, LedgerReport> =>
  async () => {
    const problem = methodsProblem(store, 'the store to verify', ['readAll'])
    if (problem !== undefined) return E.left(storageFailure('verify the chains', problem))
    // Read once, field by field: the options of a JavaScript caller may be anything.
    const read = readOptions(given, VERIFY_ALL_KEYS, 'the verify options')
    if (E.isLeft(read)) return E.left(storageFailure('verify the chains', read.left))
    const options = read.right as VerifyAllOptions
    for (const key of ['sha256', 'onProgress'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'function') {
        return E.left(storageFailure('verify the chains', `${key} must be a function, got ${showInput(options[key])}`))
      }
    }
    const sha256 = options.sha256
    const log = ledgerLog(options.hasher ?? rfc9162Hasher(nodeSha256Bytes))
    const heads = new Map<string, Head>()
    const breaks: Array<ChainBreak> = []
    let events = 0
    let unleafed = 0
    const leaves: Array<LeafRecord> | undefined = options.keepLeaves === true ? [] : undefined
    let after: GlobalPosition | undefined
    // A read that could not go past a row has not seen every stream's events: their recorded heads say nothing.
    let cut = false
    // In a store that numbers every event (1, 2, 3, …), a position with no event is one deleted or moved by hand:
    // moving a stream's last event to a later free position keeps its stream in order and its hash intact.
    const dense = store.densePositions === true && options.categories === undefined
    let nextPosition = 1n
    const gapProblem = (event: RecordedEvent): ChainBreak | undefined => {
      if (!dense || event.position <= nextPosition) return undefined
      const last = event.position - 1n
      const where = last === nextPosition ? `position ${last} holds` : `positions ${nextPosition} to ${last} hold`
      return {
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        column: 'position',
        reason:
          `${where} no event before it, though this store numbers every event with no position left out: ` +
          'events there were deleted, or moved elsewhere',
      }
    }
    try {
      reading: for (;;) {
        for await (const batch of store.readAll({
          verifyHashes: true,
          ...(after === undefined ? {} : { after }),
          ...(options.categories === undefined ? {} : { categories: options.categories }),
          ...(options.untilPosition === undefined ? {} : { untilPosition: options.untilPosition }),
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        })) {
          if (E.isLeft(batch)) {
            const found = asBreak(batch.left)
            if (found === undefined) return batch
            breaks.push(found)
            unleafed++
            if (batch.left._tag === 'HashChainBroken' && found.position !== undefined) events++
            // A read resumes after a position; from below 1 (a row numbered by hand) it can only start over.
            if (found.position === undefined || found.position < 1n) {
              breaks.push({ ...found, reason: 'the read cannot go past this row; later events were not checked' })
              cut = true
              break reading
            }
            if (found.revision !== undefined) heads.set(found.streamId, { revision: found.revision, hash: undefined })
            if (found.position >= nextPosition) nextPosition = found.position + 1n
            after = found.position
            continue reading
          }
          for (const event of batch.right.events) {
            const gap = gapProblem(event)
            if (gap !== undefined) breaks.push(gap)
            if (event.position >= nextPosition) nextPosition = event.position + 1n
            breaks.push(...checkEvent(sha256, event, heads.get(event.streamId)))
            heads.set(event.streamId, { revision: event.revision, hash: event.hash })
            if (E.isLeft(log.appendEvent(event.position, event.hash))) unleafed++
            else if (leaves !== undefined) {
              leaves.push({
                position: event.position,
                streamId: event.streamId,
                revision: event.revision,
                hash: event.hash,
              })
            }
            events++
          }
          options.onProgress?.(batch.right.checkpoint)
        }
        break
      }
      if (!cut && store.streamHeads !== undefined && options.untilPosition === undefined) {
        const seen = new Set<string>()
        for await (const batch of store.streamHeads(options.categories)) {
          if (E.isLeft(batch)) return batch
          for (const recorded of batch.right) {
            seen.add(recorded.streamId)
            const reached = heads.get(recorded.streamId)
            if (reached === undefined) {
              breaks.push({
                streamId: recorded.streamId,
                revision: recorded.revision,
                reason: `the store records the stream at revision ${recorded.revision} but none of its events is left`,
              })
            } else if (reached.revision !== recorded.revision) {
              breaks.push({
                streamId: recorded.streamId,
                revision: recorded.revision,
                reason: `the store records the stream at revision ${recorded.revision} but its events end at ${reached.revision}`,
              })
            } else if (reached.hash !== undefined && reached.hash !== recorded.lastHash) {
              breaks.push({
                streamId: recorded.streamId,
                revision: recorded.revision,
                reason: `the hash the store records for the stream's head is not the hash of its last event`,
              })
            }
          }
        }
        for (const [streamId, head] of heads) {
          if (!seen.has(streamId)) {
            breaks.push({
              streamId,
              revision: head.revision,
              reason: 'the store records no head for the stream, yet it has events',
            })
          }
        }
      }
    } catch (cause) {
      return E.left(storageFailure('verify the chains', cause))
    }
    return E.right(reportOf(heads.size, events, breaks, { log, unleafed, ...(leaves === undefined ? {} : { leaves }) }))
  }

const VERIFY_ALL_KEYS = [
  'categories',
  'untilPosition',
  'batchSize',
  'sha256',
  'hasher',
  'keepLeaves',
  'onProgress',
] as const satisfies ReadonlyArray<keyof VerifyAllOptions>

/**
 * What a comparison of the store's log with a checkpoint found (an empty list: the log extends the checkpoint).
 * `unleafed` is the count of rows the same verification found but could not read (`LedgerReport.unleafed`): a log
 * short by no more than that is told apart from one with events deleted.
 *
 * @category utils
 * @since 0.2.0
 */
export const compareWithCheckpoint = (
  log: LedgerLog,
  checkpoint: SignedCheckpoint,
  unleafed = 0,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  if (log.size() < checkpoint.treeSize) {
    const missing = checkpoint.treeSize - log.size()
    problems.push(
      `the store holds ${log.size()} readable events, fewer than the ${checkpoint.treeSize} the checkpoint covers: ` +
        (unleafed === 0
          ? 'events were deleted (or cannot be read)'
          : unleafed >= missing
            ? `${unleafed} stored row(s) can no longer be read, each named as altered`
            : `${unleafed} stored row(s) can no longer be read (each named as altered) and other events were deleted`),
    )
    return problems
  }
  const root = log.merkle.root(checkpoint.treeSize)
  const rootHex = E.isRight(root) ? bytesToHex(root.right) : undefined
  if (rootHex !== checkpoint.rootHash) {
    problems.push(
      `the store's first ${checkpoint.treeSize} events give the root ${String(rootHex)}, not the checkpoint's ` +
        `${checkpoint.rootHash}: events the checkpoint covers were changed, removed, inserted or reordered`,
    )
  }
  const last = checkpoint.treeSize === 0 ? 0n : log.positionAt(checkpoint.treeSize - 1)
  if (last !== checkpoint.lastPosition) {
    problems.push(
      `event ${checkpoint.treeSize} of the store is at position ${String(last)}, the checkpoint says ` +
        `${checkpoint.lastPosition}`,
    )
  }
  return problems
}

/**
 * Names every difference between the leaf list an auditor kept with a checkpoint and the leaves of the store now:
 * each event of the checkpoint that is gone, changed (another hash at its position), altered so that it can no
 * longer be read (a column that disagrees with its hashed content: still there, not deleted), moved (another event
 * at its position) or new inside the range the checkpoint covers. `unreadable` are the breaks of the same
 * verification (`LedgerReport.breaks`): a row it found but could not make a leaf of is named from them. The kept
 * list is first checked against the checkpoint (its leaves must give the checkpoint's root), so it cannot be
 * swapped for another.
 *
 * @category utils
 * @since 0.2.0
 */
export const compareWithLeafList = (
  hasher: MerkleHasher,
  checkpoint: SignedCheckpoint,
  kept: ReadonlyArray<LeafRecord>,
  current: ReadonlyArray<LeafRecord>,
  unreadable: ReadonlyArray<ChainBreak> = [],
): E.Either<string, ReadonlyArray<ChainBreak>> => {
  const keptLog = ledgerLog(hasher)
  for (const record of kept) {
    const appended = keptLog.appendEvent(record.position, record.hash)
    if (E.isLeft(appended)) return E.left(`the leaf list is not a log: ${appended.left}`)
  }
  if (keptLog.size() !== checkpoint.treeSize || compareWithCheckpoint(keptLog, checkpoint).length > 0) {
    return E.left("the leaf list does not give the checkpoint's root: it belongs to another checkpoint")
  }
  const now = new Map(current.map((record) => [record.position, record]))
  const found = new Map<bigint, ChainBreak>()
  for (const b of unreadable) if (b.position !== undefined && !found.has(b.position)) found.set(b.position, b)
  const breaks: Array<ChainBreak> = []
  const keptPositions = new Set<bigint>()
  for (const before of kept) {
    keptPositions.add(before.position)
    const after = now.get(before.position)
    const name = `${before.streamId}@${before.revision}`
    const altered = after === undefined ? found.get(before.position) : undefined
    if (altered !== undefined) {
      breaks.push({
        streamId: before.streamId,
        revision: before.revision,
        position: before.position,
        ...(altered.column === undefined ? {} : { column: altered.column }),
        reason:
          `${name} (position ${before.position}) is still in the store but was altered since the checkpoint: ` +
          (altered.column === undefined
            ? `it can no longer be read (${altered.reason})`
            : `its ${altered.column} column differs from its hashed content`),
      })
    } else if (after === undefined) {
      breaks.push({
        streamId: before.streamId,
        revision: before.revision,
        position: before.position,
        reason: `${name} (position ${before.position}) is in the checkpoint but no longer in the store: deleted`,
      })
    } else if (after.streamId !== before.streamId || after.revision !== before.revision) {
      breaks.push({
        streamId: before.streamId,
        revision: before.revision,
        position: before.position,
        reason: `position ${before.position} held ${name} at the checkpoint and now holds ${after.streamId}@${after.revision}: moved or replaced`,
      })
    } else if (after.hash !== before.hash) {
      breaks.push({
        streamId: before.streamId,
        revision: before.revision,
        position: before.position,
        reason: `${name} (position ${before.position}) has another hash than at the checkpoint: rewritten`,
      })
    }
  }
  for (const record of current) {
    if (record.position <= checkpoint.lastPosition && !keptPositions.has(record.position)) {
      breaks.push({
        streamId: record.streamId,
        revision: record.revision,
        position: record.position,
        reason: `${record.streamId}@${record.revision} (position ${record.position}) is inside the checkpoint's range but was not in it: inserted`,
      })
    }
  }
  return E.right(breaks)
}
