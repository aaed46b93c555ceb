/**
 * The ledger's Merkle log: one leaf per event in global order ({@link eventLeafData}), kept by whoever makes
 * checkpoints and proofs — the verifier side, not the appender, so an append costs nothing more and every store
 * (memory, SQLite, PostgreSQL, KurrentDB) gives the same root for the same events in the same order.
 *
 * The log resumes from a cache ({@link encodeLedgerLog}): a checkpoint reads only the events appended since, and
 * a proof reads none. The cache is a convenience, never evidence: before extending, the log's last leaf is checked
 * against the store, and an auditor re-derives everything with a full `verify`.
 *
 * Inclusion and consistency proofs are JSON documents that carry what their verifier needs — the event, the
 * audit path and the signed checkpoint — so {@link verifyLogProof} runs with no store.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'
import {
  SignedCheckpoint,
  checkpointRoot,
  verifyCheckpointSignature,
  type SignatureVerifier,
  type TreeHead,
} from './Checkpoint'
import { formatErrors } from './Decode'
import type { EventStore } from './EventStore'
import { chainHash } from './HashChain'
import { unknownMember } from './Json'
import { bytesEqual, bytesToHex, hexToBytes } from './Hex'
import {
  DIGEST_SIZE,
  eventLeafData,
  merkleLog,
  verifyConsistency,
  verifyInclusion,
  type MerkleHasher,
  type MerkleLog,
} from './Merkle'
import type { Sha256, Sha256Bytes } from './platform/sha256'
import { RecordedEvent } from './RecordedEvent'
import { methodsProblem } from './Input'
import { storageFailure, type StoreError } from './StoreError'
import type { Instant } from './Time'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A Merkle log over events, with the position of every leaf.
 *
 * @category model
 * @since 0.2.0
 */
export interface LedgerLog {
  readonly hasher: MerkleHasher
  readonly merkle: MerkleLog
  readonly size: () => number
  /** The position of the last event in the log, `0n` when it is empty. */
  readonly lastPosition: () => bigint
  readonly positionAt: (index: number) => bigint | undefined
  /** The leaf index of the event at a position, `undefined` when no leaf has that position. */
  readonly indexOfPosition: (position: bigint) => number | undefined
  /** Adds an event's leaf; its position must be above the last one. */
  readonly appendEvent: (position: bigint, eventHash: string) => E.Either<string, void>
}

/**
 * What {@link extendLedgerLog} did: appended the events read since the log's last position, or found that the log
 * (a cache) does not describe this store.
 *
 * @category model
 * @since 0.2.0
 */
export type LogExtension =
  { readonly _tag: 'Extended'; readonly added: number } | { readonly _tag: 'CacheMismatch'; readonly reason: string }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const growPositions = (positions: BigUint64Array, needed: number): BigUint64Array => {
  if (needed <= positions.length) return positions
  const grown = new BigUint64Array(Math.max(needed, positions.length * 2, 1024))
  grown.set(positions)
  return grown
}

const build = (hasher: MerkleHasher, merkle: MerkleLog, initial: BigUint64Array): LedgerLog => {
  let positions = initial
  const size = () => merkle.size()
  const lastPosition = () => (size() === 0 ? 0n : positions[size() - 1]!)
  return {
    hasher,
    merkle,
    size,
    lastPosition,
    positionAt: (index) => (index >= 0 && index < size() ? positions[index] : undefined),
    indexOfPosition: (position) => {
      let low = 0
      let high = size() - 1
      while (low <= high) {
        const mid = (low + high) >>> 1
        const found = positions[mid]!
        if (found === position) return mid
        if (found < position) low = mid + 1
        else high = mid - 1
      }
      return undefined
    },
    appendEvent: (position, eventHash) => {
      if (size() > 0 && position <= lastPosition()) {
        return E.left(`position ${position} does not follow the log's last position ${lastPosition()}`)
      }
      const data = eventLeafData(position, eventHash)
      if (data === undefined) return E.left(`position ${position} or hash ${eventHash} cannot make a leaf`)
      positions = growPositions(positions, size() + 1)
      positions[size()] = position
      merkle.append(hasher.leaf(data))
      return E.right(undefined)
    },
  }
}

/**
 * An empty ledger log.
 *
 * @category constructors
 * @since 0.2.0
 */
export const ledgerLog = (hasher: MerkleHasher): LedgerLog => {
  const merkle = merkleLog(hasher)
  // An empty log cannot fail to build.
  if (E.isLeft(merkle)) throw new Error(merkle.left)
  return build(hasher, merkle.right, new BigUint64Array(1024))
}

// -------------------------------------------------------------------------------------
// cache encoding
// -------------------------------------------------------------------------------------

const MAGIC = 'IKMLOG01'

/**
 * The bytes of a log's cache: a magic string, the size, the positions and every stored subtree level.
 *
 * @category codecs
 * @since 0.2.0
 */
export const encodeLedgerLog = (log: LedgerLog): Uint8Array => {
  const levels = log.merkle.levels()
  const size = log.size()
  const total = 8 + 8 + 4 + size * 8 + levels.reduce((n, level) => n + level.length, 0)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  out.set(new TextEncoder().encode(MAGIC), 0)
  view.setBigUint64(8, BigInt(size), false)
  view.setUint32(16, levels.length, false)
  let offset = 20
  for (let i = 0; i < size; i++, offset += 8) view.setBigUint64(offset, log.positionAt(i)!, false)
  for (const level of levels) {
    out.set(level, offset)
    offset += level.length
  }
  return out
}

/**
 * A log from the bytes of {@link encodeLedgerLog}, or why they are not a cache.
 *
 * @category codecs
 * @since 0.2.0
 */
export const decodeLedgerLog = (bytes: Uint8Array, hasher: MerkleHasher): E.Either<string, LedgerLog> => {
  if (bytes.length < 20 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    return E.left('not an ikm-ledger Merkle log cache')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = Number(view.getBigUint64(8, false))
  const levelCount = view.getUint32(16, false)
  let offset = 20
  const positions = new BigUint64Array(Math.max(size, 1024))
  if (offset + size * 8 > bytes.length) return E.left('the cache is cut short')
  for (let i = 0; i < size; i++, offset += 8) positions[i] = view.getBigUint64(offset, false)
  for (let i = 1; i < size; i++) {
    if (positions[i]! <= positions[i - 1]!) return E.left('the cache holds positions out of order')
  }
  const levels: Array<Uint8Array> = []
  for (let level = 0; level < levelCount; level++) {
    const length = Math.floor(size / 2 ** level) * DIGEST_SIZE
    if (offset + length > bytes.length) return E.left('the cache is cut short')
    levels.push(bytes.subarray(offset, offset + length))
    offset += length
  }
  if (offset !== bytes.length) return E.left('the cache has bytes after its last level')
  return E.map((merkle: MerkleLog) => build(hasher, merkle, positions))(merkleLog(hasher, levels))
}

// -------------------------------------------------------------------------------------
// reading a store
// -------------------------------------------------------------------------------------

/**
 * Appends to the log every event the store holds after the log's last position (up to `untilPosition`), reading
 * with hash verification so a leaf is never made of an event whose content disagrees with its hash. A log that is
 * not empty is first checked against the store: its last leaf must be the store's event at that position.
 *
 * @category utils
 * @since 0.2.0
 */
export const extendLedgerLog =
  (
    store: EventStore,
    log: LedgerLog,
    options: { readonly untilPosition?: bigint; readonly batchSize?: number } = {},
  ): TE.TaskEither<StoreError, LogExtension> =>
  async () => {
    const problem = methodsProblem(store, 'the store to read', ['readAll'])
    if (problem !== undefined) return E.left(storageFailure('extend the Merkle log', problem))
    try {
      const size = log.size()
      if (size > 0) {
        const last = log.lastPosition()
        const found: Array<RecordedEvent> = []
        for await (const batch of store.readAll({ after: last - 1n, maxCount: 1, verifyHashes: true })) {
          if (E.isLeft(batch)) return batch
          found.push(...batch.right.events)
        }
        const event = found[0]
        const expected = log.merkle.leafHash(size - 1)
        const data = event === undefined ? undefined : eventLeafData(event.position, event.hash)
        if (event === undefined || event.position !== last || data === undefined || E.isLeft(expected)) {
          return E.right({ _tag: 'CacheMismatch', reason: `the store has no event at position ${last}` })
        }
        if (!bytesEqual(log.hasher.leaf(data), expected.right)) {
          return E.right({
            _tag: 'CacheMismatch',
            reason: `the store's event at position ${last} is not the one the log holds (another hash)`,
          })
        }
      }
      let added = 0
      for await (const batch of store.readAll({
        after: log.lastPosition(),
        verifyHashes: true,
        ...(options.untilPosition === undefined ? {} : { untilPosition: options.untilPosition }),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      })) {
        if (E.isLeft(batch)) return batch
        for (const event of batch.right.events) {
          const appended = log.appendEvent(event.position, event.hash)
          if (E.isLeft(appended)) return E.right({ _tag: 'CacheMismatch', reason: appended.left })
          added++
        }
      }
      return E.right({ _tag: 'Extended', added })
    } catch (cause) {
      return E.left(storageFailure('extend the Merkle log', cause))
    }
  }

/**
 * The tree head of a log as it stands, ready to sign.
 *
 * @category utils
 * @since 0.2.0
 */
export const treeHeadOf = (log: LedgerLog, ledgerId: string, issuedAt: Instant): TreeHead => ({
  ledgerId,
  treeSize: log.size(),
  rootHash: bytesToHex(E.getOrElse((): Uint8Array => new Uint8Array(0))(log.merkle.root())),
  lastPosition: log.lastPosition(),
  issuedAt,
})

// -------------------------------------------------------------------------------------
// proof documents
// -------------------------------------------------------------------------------------

const HexDigest = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'HexDigest')
const LeafIndex = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'LeafIndex')

/**
 * The format tag of an inclusion proof.
 *
 * @category constants
 * @since 0.2.0
 */
export const INCLUSION_PROOF_FORMAT = 'ikm-ledger/inclusion-proof/v1'

/**
 * The format tag of a consistency proof.
 *
 * @category constants
 * @since 0.2.0
 */
export const CONSISTENCY_PROOF_FORMAT = 'ikm-ledger/consistency-proof/v1'

/**
 * That one event, with its content as stored, is leaf `leafIndex` of the log a signed checkpoint describes.
 *
 * @category codecs
 * @since 0.2.0
 */
export const InclusionProof = t.exact(
  t.type({
    format: t.literal(INCLUSION_PROOF_FORMAT),
    checkpoint: SignedCheckpoint,
    event: RecordedEvent,
    leafIndex: LeafIndex,
    auditPath: t.readonlyArray(HexDigest),
  }),
  'InclusionProof',
)

/**
 * @category model
 * @since 0.2.0
 */
export type InclusionProof = t.TypeOf<typeof InclusionProof>

/**
 * That the log a newer checkpoint describes extends the log of an older one: the first `older.treeSize` events are
 * the same, in the same order.
 *
 * @category codecs
 * @since 0.2.0
 */
export const ConsistencyProof = t.exact(
  t.type({
    format: t.literal(CONSISTENCY_PROOF_FORMAT),
    older: SignedCheckpoint,
    newer: SignedCheckpoint,
    path: t.readonlyArray(HexDigest),
  }),
  'ConsistencyProof',
)

/**
 * @category model
 * @since 0.2.0
 */
export type ConsistencyProof = t.TypeOf<typeof ConsistencyProof>

/**
 * Either proof document.
 *
 * @category codecs
 * @since 0.2.0
 */
export const LogProof = t.union([InclusionProof, ConsistencyProof], 'LogProof')

/**
 * @category model
 * @since 0.2.0
 */
export type LogProof = t.TypeOf<typeof LogProof>

const checkAgainst = (log: LedgerLog, checkpoint: SignedCheckpoint): E.Either<string, void> => {
  if (checkpoint.treeSize > log.size()) {
    return E.left(`the checkpoint covers ${checkpoint.treeSize} events but the log holds ${log.size()}`)
  }
  const root = log.merkle.root(checkpoint.treeSize)
  if (E.isLeft(root)) return root
  if (bytesToHex(root.right) !== checkpoint.rootHash) {
    return E.left(
      `the log's first ${checkpoint.treeSize} events no longer give the checkpoint's root ${checkpoint.rootHash}; ` +
        'the ledger was changed since the checkpoint (run verify --against it)',
    )
  }
  const lastPosition = checkpoint.treeSize === 0 ? 0n : log.positionAt(checkpoint.treeSize - 1)
  if (lastPosition !== checkpoint.lastPosition) {
    return E.left(`the checkpoint's last position ${checkpoint.lastPosition} is not the log's ${String(lastPosition)}`)
  }
  return E.right(undefined)
}

/**
 * The inclusion proof of an event in the log at a checkpoint. The log must still give the checkpoint's root, and
 * the event must be the one at its leaf.
 *
 * @category constructors
 * @since 0.2.0
 */
export const inclusionProofOf = (
  log: LedgerLog,
  checkpoint: SignedCheckpoint,
  event: RecordedEvent,
): E.Either<string, InclusionProof> => {
  const matches = checkAgainst(log, checkpoint)
  if (E.isLeft(matches)) return matches
  const index = log.indexOfPosition(event.position)
  if (index === undefined || index >= checkpoint.treeSize) {
    return E.left(
      `${event.streamId}@${event.revision} (position ${event.position}) is not among the checkpoint's ` +
        `${checkpoint.treeSize} events`,
    )
  }
  const data = eventLeafData(event.position, event.hash)
  const leaf = log.merkle.leafHash(index)
  if (data === undefined || E.isLeft(leaf) || !bytesEqual(log.hasher.leaf(data), leaf.right)) {
    return E.left(
      `${event.streamId}@${event.revision} as read now is not the event the log holds at position ${event.position}`,
    )
  }
  const path = log.merkle.inclusionProof(index, checkpoint.treeSize)
  if (E.isLeft(path)) return path
  return E.right({
    format: INCLUSION_PROOF_FORMAT,
    checkpoint,
    event,
    leafIndex: index,
    auditPath: path.right.map(bytesToHex),
  })
}

/**
 * The consistency proof between two checkpoints of the same ledger, both of which the log must still give.
 *
 * @category constructors
 * @since 0.2.0
 */
export const consistencyProofOf = (
  log: LedgerLog,
  older: SignedCheckpoint,
  newer: SignedCheckpoint,
): E.Either<string, ConsistencyProof> => {
  if (older.treeSize > newer.treeSize) {
    return E.left(`the older checkpoint (${older.treeSize} events) is larger than the newer (${newer.treeSize})`)
  }
  for (const checkpoint of [older, newer]) {
    const matches = checkAgainst(log, checkpoint)
    if (E.isLeft(matches)) return matches
  }
  const path = log.merkle.consistencyProof(older.treeSize, newer.treeSize)
  if (E.isLeft(path)) return path
  return E.right({ format: CONSISTENCY_PROOF_FORMAT, older, newer, path: path.right.map(bytesToHex) })
}

/**
 * Decodes a proof document (parsed JSON).
 *
 * @category codecs
 * @since 0.2.0
 */
export const decodeLogProof = (json: unknown): E.Either<string, LogProof> => {
  const decoded = LogProof.decode(json)
  if (E.isLeft(decoded)) return E.left(`not a proof: ${formatErrors(decoded.left)}`)
  // A member the format does not define is checked by nothing: shown beside what was, it would pass as proven.
  const extra = unknownMember(json, LogProof.encode(decoded.right))
  return extra === undefined
    ? decoded
    : E.left(`not a proof: ${extra} is no member of a proof, and nothing in the proof covers it`)
}

/**
 * What a verified proof shows, in plain words.
 *
 * @category model
 * @since 0.2.0
 */
export interface ProofVerified {
  readonly kind: 'inclusion' | 'consistency'
  readonly statement: string
  readonly keyIds: ReadonlyArray<string>
}

/**
 * What {@link verifyLogProof} needs: the hashes and a signature check. No store.
 *
 * @category model
 * @since 0.2.0
 */
export interface ProofVerifierDeps {
  readonly sha256: Sha256
  readonly sha256Bytes: Sha256Bytes
  readonly hasher: MerkleHasher
  readonly verifySignature: SignatureVerifier
}

/**
 * Verifies a proof offline: the checkpoints' signatures (and, when given, that they are by the trusted key), for an
 * inclusion proof that the event's content gives its hash and that its leaf leads to the checkpoint's root, for a
 * consistency proof that the newer log extends the older.
 *
 * @category utils
 * @since 0.2.0
 */
export const verifyLogProof = (
  proof: LogProof,
  deps: ProofVerifierDeps,
  trustedKeyId?: string,
): E.Either<string, ProofVerified> => {
  const signed = (checkpoint: SignedCheckpoint, which: string) =>
    E.mapLeft((reason: string) => `${which}: ${reason}`)(
      verifyCheckpointSignature(
        checkpoint,
        { sha256: deps.sha256Bytes, verifySignature: deps.verifySignature },
        trustedKeyId,
      ),
    )
  if (proof.format === INCLUSION_PROOF_FORMAT) {
    const { checkpoint, event } = proof
    const signature = signed(checkpoint, 'the checkpoint')
    if (E.isLeft(signature)) return signature
    if (chainHash(deps.sha256, event.prevHash, event) !== event.hash) {
      return E.left(`the event's content does not give its hash ${event.hash}: the event was changed`)
    }
    const data = eventLeafData(event.position, event.hash)
    if (data === undefined) return E.left('the event cannot make a leaf')
    const included = verifyInclusion(
      deps.hasher,
      proof.leafIndex,
      checkpoint.treeSize,
      deps.hasher.leaf(data),
      proof.auditPath.map((h) => hexToBytes(h)!),
      checkpointRoot(checkpoint),
    )
    if (E.isLeft(included)) return E.left(`the event is not in the checkpoint's log: ${included.left}`)
    return E.right({
      kind: 'inclusion',
      statement:
        `${event.streamId}@${event.revision} (${event.type}, position ${event.position}) is event ` +
        `${proof.leafIndex + 1} of the ${checkpoint.treeSize} in ledger ${checkpoint.ledgerId} at the checkpoint ` +
        `issued ${checkpoint.issuedAt}, root ${checkpoint.rootHash}`,
      keyIds: [checkpoint.keyId],
    })
  }
  const { older, newer } = proof
  for (const [checkpoint, which] of [
    [older, 'the older checkpoint'],
    [newer, 'the newer checkpoint'],
  ] as const) {
    const signature = signed(checkpoint, which)
    if (E.isLeft(signature)) return signature
  }
  if (older.ledgerId !== newer.ledgerId) {
    return E.left(`the checkpoints are of two ledgers: ${older.ledgerId} and ${newer.ledgerId}`)
  }
  const consistent = verifyConsistency(
    deps.hasher,
    older.treeSize,
    newer.treeSize,
    checkpointRoot(older),
    checkpointRoot(newer),
    proof.path.map((h) => hexToBytes(h)!),
  )
  if (E.isLeft(consistent)) {
    return E.left(`the newer log does not extend the older: ${consistent.left}`)
  }
  if (newer.treeSize > older.treeSize && newer.lastPosition <= older.lastPosition) {
    return E.left('the newer checkpoint has more events but does not end at a later position')
  }
  return E.right({
    kind: 'consistency',
    statement:
      `ledger ${newer.ledgerId} at ${newer.treeSize} events (issued ${newer.issuedAt}) extends its first ` +
      `${older.treeSize} events (issued ${older.issuedAt}) unchanged, in the same order`,
    keyIds: [...new Set([older.keyId, newer.keyId])],
  })
}

// -------------------------------------------------------------------------------------
// leaf lists
// -------------------------------------------------------------------------------------

/**
 * One leaf of the log with the event it stands for: what an auditor keeps next to a checkpoint to name, later,
 * every event that was changed, deleted, inserted or moved.
 *
 * @category model
 * @since 0.2.0
 */
export interface LeafRecord {
  readonly position: bigint
  readonly streamId: string
  readonly revision: bigint
  readonly hash: string
}

/**
 * A leaf list as text: one line per leaf, `position streamId revision hash` separated by tabs.
 *
 * @category codecs
 * @since 0.2.0
 */
export const leafListText = (records: ReadonlyArray<LeafRecord>): string =>
  records.map((r) => `${r.position}\t${r.streamId}\t${r.revision}\t${r.hash}\n`).join('')

/**
 * Parses {@link leafListText}, naming the first bad line.
 *
 * @category codecs
 * @since 0.2.0
 */
export const parseLeafList = (text: string): E.Either<string, ReadonlyArray<LeafRecord>> => {
  const records: Array<LeafRecord> = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '' && i === lines.length - 1) break
    const [position, streamId, revision, hash, extra] = line.split('\t')
    if (
      position === undefined ||
      !/^\d+$/.test(position) ||
      streamId === undefined ||
      streamId === '' ||
      revision === undefined ||
      !/^\d+$/.test(revision) ||
      hash === undefined ||
      !/^[0-9a-f]{64}$/.test(hash) ||
      extra !== undefined
    ) {
      return E.left(`line ${i + 1} of the leaf list is not 'position<TAB>streamId<TAB>revision<TAB>hash'`)
    }
    records.push({ position: BigInt(position), streamId, revision: BigInt(revision), hash })
  }
  return E.right(records)
}
