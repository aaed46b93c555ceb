/**
 * The global Merkle log over all events in global order, hashed as RFC 9162 (RFC 6962) specifies: a leaf is
 * `SHA-256(0x00 ‖ data)`, an inner node `SHA-256(0x01 ‖ left ‖ right)`, the empty tree `SHA-256()`; a tree of `n`
 * leaves splits at the largest power of two below `n`. The domain separation keeps a leaf from passing for a node.
 *
 * An event's leaf data is its global position (8 bytes, big-endian) followed by its hash (32 bytes): the event hash
 * covers its content and its place in its stream, the position its place in the log.
 *
 * {@link merkleLog} keeps every complete subtree hash, so appending a leaf costs one hash on average and a root or a
 * proof at any size costs O(log² n) hashes — a checkpoint of a million events re-hashes nothing. The verifiers
 * ({@link verifyInclusion}, {@link verifyConsistency}) follow RFC 9162 §2.1.3.2 and §2.1.4.2 and need nothing but
 * the proof.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import { bytesEqual, hexToBytes } from './Hex'
import type { Sha256Bytes } from './platform/sha256'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Leaf and node hashing of a Merkle tree.
 *
 * @category model
 * @since 0.2.0
 */
export interface MerkleHasher {
  /** The root of the empty tree. */
  readonly emptyRoot: Uint8Array
  readonly leaf: (data: Uint8Array) => Uint8Array
  readonly node: (left: Uint8Array, right: Uint8Array) => Uint8Array
}

/**
 * A Merkle log being built: leaves are appended, roots and proofs are asked for any size up to the current one.
 * Sizes and indexes are safe integers; a size or index out of range is a `Left` with the reason.
 *
 * @category model
 * @since 0.2.0
 */
export interface MerkleLog {
  readonly size: () => number
  readonly append: (leafHash: Uint8Array) => void
  readonly leafHash: (index: number) => E.Either<string, Uint8Array>
  /** The root of the first `size` leaves (default: all). */
  readonly root: (size?: number) => E.Either<string, Uint8Array>
  /** The audit path of leaf `index` in the tree of the first `size` leaves, leaf side first. */
  readonly inclusionProof: (index: number, size?: number) => E.Either<string, ReadonlyArray<Uint8Array>>
  /** The proof that the tree of the first `size` leaves extends the tree of the first `older`. */
  readonly consistencyProof: (older: number, size?: number) => E.Either<string, ReadonlyArray<Uint8Array>>
  /**
   * The stored subtree hashes, level by level (level 0: the leaf hashes; level k: one hash per complete subtree of
   * 2^k leaves), each level as its hashes back to back: what a cache file keeps to resume without re-hashing.
   */
  readonly levels: () => ReadonlyArray<Uint8Array>
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * Bytes of a SHA-256 digest.
 *
 * @category constants
 * @since 0.2.0
 */
export const DIGEST_SIZE = 32

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The RFC 9162 hasher over a SHA-256.
 *
 * @category constructors
 * @since 0.2.0
 */
export const rfc9162Hasher = (sha256: Sha256Bytes): MerkleHasher => {
  const scratch = new Uint8Array(1 + 2 * DIGEST_SIZE)
  scratch[0] = 1
  return {
    emptyRoot: sha256(new Uint8Array(0)),
    leaf: (data) => {
      const input = new Uint8Array(1 + data.length)
      input.set(data, 1)
      return sha256(input)
    },
    node: (left, right) => {
      scratch.set(left, 1)
      scratch.set(right, 1 + DIGEST_SIZE)
      return sha256(scratch)
    },
  }
}

/**
 * The leaf data of an event: its position as 8 bytes big-endian, then its 32-byte hash. `undefined` when the
 * position does not fit in 64 bits or the hash is not 64 hex digits.
 *
 * @category constructors
 * @since 0.2.0
 */
export const eventLeafData = (position: bigint, eventHash: string): Uint8Array | undefined => {
  const hash = hexToBytes(eventHash)
  if (hash === undefined || hash.length !== DIGEST_SIZE || position < 0n || position >= 1n << 64n) return undefined
  const data = new Uint8Array(8 + DIGEST_SIZE)
  new DataView(data.buffer).setBigUint64(0, position, false)
  data.set(hash, 8)
  return data
}

interface DigestList {
  bytes: Uint8Array
  count: number
}

const digestList = (bytes?: Uint8Array): DigestList =>
  bytes === undefined
    ? { bytes: new Uint8Array(64 * DIGEST_SIZE), count: 0 }
    : { bytes: bytes.slice(), count: bytes.length / DIGEST_SIZE }

const push = (list: DigestList, digest: Uint8Array): void => {
  const end = (list.count + 1) * DIGEST_SIZE
  if (end > list.bytes.length) {
    const grown = new Uint8Array(Math.max(end, list.bytes.length * 2))
    grown.set(list.bytes.subarray(0, list.count * DIGEST_SIZE))
    list.bytes = grown
  }
  list.bytes.set(digest, list.count * DIGEST_SIZE)
  list.count++
}

const at = (list: DigestList, index: number): Uint8Array =>
  list.bytes.subarray(index * DIGEST_SIZE, (index + 1) * DIGEST_SIZE)

const isPowerOfTwo = (n: number): boolean => {
  let k = 1
  while (k < n) k *= 2
  return k === n
}

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of `n` leaves. */
const splitPoint = (n: number): number => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

const log2 = (powerOfTwo: number): number => {
  let level = 0
  for (let k = powerOfTwo; k > 1; k /= 2) level++
  return level
}

/**
 * A Merkle log, empty or resumed from the {@link MerkleLog.levels} of an earlier one (a `Left` when those levels do
 * not describe a tree: a level of the wrong length).
 *
 * @category constructors
 * @since 0.2.0
 */
export const merkleLog = (
  hasher: MerkleHasher,
  resumeFrom?: ReadonlyArray<Uint8Array>,
): E.Either<string, MerkleLog> => {
  const levels: Array<DigestList> = []
  if (resumeFrom !== undefined && resumeFrom.length > 0) {
    const size = resumeFrom[0]!.length / DIGEST_SIZE
    for (let level = 0; level < resumeFrom.length; level++) {
      const bytes = resumeFrom[level]!
      const expected = Math.floor(size / 2 ** level)
      if (bytes.length !== expected * DIGEST_SIZE) {
        return E.left(
          `level ${level} holds ${bytes.length / DIGEST_SIZE} hashes where a tree of ${size} has ${expected}`,
        )
      }
      levels.push(digestList(bytes))
    }
    if (Math.floor(size / 2 ** resumeFrom.length) > 0) {
      return E.left(`a tree of ${size} leaves has more than ${resumeFrom.length} levels`)
    }
  }
  const size = (): number => (levels.length === 0 ? 0 : levels[0]!.count)

  const append = (leafHash: Uint8Array): void => {
    if (levels.length === 0) levels.push(digestList())
    let index = levels[0]!.count
    push(levels[0]!, leafHash)
    let level = 0
    while (index % 2 === 1) {
      const list = levels[level]!
      const parent = hasher.node(at(list, index - 1), at(list, index))
      if (levels.length === level + 1) levels.push(digestList())
      push(levels[level + 1]!, parent)
      index = (index - 1) / 2
      level++
    }
  }

  // MTH(D[start : start+count]); `start` is always a multiple of the largest power of two ≤ count here, so a
  // power-of-two range is one stored node.
  const rangeHash = (start: number, count: number): Uint8Array => {
    if (isPowerOfTwo(count)) return at(levels[log2(count)]!, start / count)
    const k = splitPoint(count)
    return hasher.node(rangeHash(start, k), rangeHash(start + k, count - k))
  }

  const checkSize = (wanted: number | undefined): E.Either<string, number> => {
    const n = wanted ?? size()
    return Number.isSafeInteger(n) && n >= 0 && n <= size()
      ? E.right(n)
      : E.left(`tree size ${String(n)} is not between 0 and the log's ${size()}`)
  }

  // RFC 6962 §2.1.1 PATH(m, D[start : start+n]), returned leaf side first.
  const path = (m: number, start: number, n: number, out: Array<Uint8Array>): void => {
    if (n <= 1) return
    const k = splitPoint(n)
    if (m < k) {
      path(m, start, k, out)
      out.push(rangeHash(start + k, n - k).slice())
    } else {
      path(m - k, start + k, n - k, out)
      out.push(rangeHash(start, k).slice())
    }
  }

  // RFC 6962 §2.1.2 SUBPROOF(m, D[start : start+n], b).
  const subproof = (m: number, start: number, n: number, whole: boolean, out: Array<Uint8Array>): void => {
    if (m === n) {
      if (!whole) out.push(rangeHash(start, n).slice())
      return
    }
    const k = splitPoint(n)
    if (m <= k) {
      subproof(m, start, k, whole, out)
      out.push(rangeHash(start + k, n - k).slice())
    } else {
      subproof(m - k, start + k, n - k, false, out)
      out.push(rangeHash(start, k).slice())
    }
  }

  return E.right({
    size,
    append,
    leafHash: (index) =>
      Number.isSafeInteger(index) && index >= 0 && index < size()
        ? E.right(at(levels[0]!, index).slice())
        : E.left(`leaf ${String(index)} is not in a log of ${size()}`),
    root: (wanted) =>
      E.map((n: number) => (n === 0 ? hasher.emptyRoot.slice() : rangeHash(0, n).slice()))(checkSize(wanted)),
    inclusionProof: (index, wanted) =>
      E.flatMap((n: number) => {
        if (!Number.isSafeInteger(index) || index < 0 || index >= n) {
          return E.left(`leaf ${String(index)} is not in a tree of ${n}`)
        }
        const out: Array<Uint8Array> = []
        path(index, 0, n, out)
        return E.right(out)
      })(checkSize(wanted)),
    consistencyProof: (older, wanted) =>
      E.flatMap((n: number) => {
        if (!Number.isSafeInteger(older) || older < 0 || older > n) {
          return E.left(`tree size ${String(older)} is not between 0 and ${n}`)
        }
        const out: Array<Uint8Array> = []
        if (older > 0 && older < n) subproof(older, 0, n, true, out)
        return E.right(out)
      })(checkSize(wanted)),
    levels: () => levels.map((list) => list.bytes.slice(0, list.count * DIGEST_SIZE)),
  })
}

// -------------------------------------------------------------------------------------
// verification
// -------------------------------------------------------------------------------------

const isDigest = (bytes: Uint8Array): boolean => bytes instanceof Uint8Array && bytes.length === DIGEST_SIZE

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or why the proof cannot be one for that leaf and size.
 *
 * @category verification
 * @since 0.2.0
 */
export const rootFromInclusionProof = (
  hasher: MerkleHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
): E.Either<string, Uint8Array> => {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return E.left(`leaf index ${String(index)} is not inside a tree of ${String(size)}`)
  }
  if (!isDigest(leafHash) || !proof.every(isDigest)) return E.left('a hash in the proof is not 32 bytes')
  let fn = index
  let sn = size - 1
  let r = leafHash
  for (const p of proof) {
    if (sn === 0) return E.left('the proof is longer than the path from that leaf to the root')
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.node(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = hasher.node(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return E.left('the proof is shorter than the path from that leaf to the root')
  return E.right(r)
}

/**
 * Checks an inclusion proof: leaf `index` with hash `leafHash` is in the tree of `size` leaves whose root is `root`.
 *
 * @category verification
 * @since 0.2.0
 */
export const verifyInclusion = (
  hasher: MerkleHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
  root: Uint8Array,
): E.Either<string, void> =>
  E.flatMap((computed: Uint8Array) =>
    bytesEqual(computed, root) ? E.right(undefined) : E.left('the proof leads to another root'),
  )(rootFromInclusionProof(hasher, index, size, leafHash, proof))

/**
 * Checks a consistency proof (RFC 9162 §2.1.4.2): the tree of `size2` leaves with root `root2` extends the tree of
 * `size1` leaves with root `root1` — nothing in the first `size1` leaves was changed, removed or reordered.
 *
 * @category verification
 * @since 0.2.0
 */
export const verifyConsistency = (
  hasher: MerkleHasher,
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
): E.Either<string, void> => {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) {
    return E.left(`tree size ${String(size2)} cannot extend tree size ${String(size1)}`)
  }
  if (!proof.every(isDigest)) return E.left('a hash in the proof is not 32 bytes')
  if (size1 === size2) {
    if (proof.length !== 0) return E.left('a proof between equal sizes must be empty')
    return bytesEqual(root1, root2) ? E.right(undefined) : E.left('the two roots of the same size differ')
  }
  if (size1 === 0) {
    return proof.length === 0 ? E.right(undefined) : E.left('a proof from the empty tree must be empty')
  }
  if (proof.length === 0) return E.left('the proof is empty')
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof]
  let fn = size1 - 1
  let sn = size2 - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return E.left('the proof is longer than the two trees need')
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.node(c, fr)
      sr = hasher.node(c, sr)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = hasher.node(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  if (sn !== 0) return E.left('the proof is shorter than the two trees need')
  if (!bytesEqual(fr, root1)) return E.left('the proof does not lead to the older root')
  if (!bytesEqual(sr, root2)) return E.left('the proof does not lead to the newer root')
  return E.right(undefined)
}
