import { createHash } from 'node:crypto'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  bytesToHex,
  eventLeafData,
  hexToBytes,
  merkleLog,
  nodeSha256Bytes,
  rfc9162Hasher,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
  type MerkleLog,
} from '../../src/index'

const hasher = rfc9162Hasher(nodeSha256Bytes)
const h = (hex: string): Uint8Array => {
  const bytes = hexToBytes(hex)
  if (bytes === undefined) throw new Error(`bad hex ${hex}`)
  return bytes
}
const unwrap = <A>(either: E.Either<string, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left)
  return either.right
}
const logOf = (leaves: ReadonlyArray<Uint8Array>): MerkleLog => {
  const log = unwrap(merkleLog(hasher))
  for (const leaf of leaves) log.append(hasher.leaf(leaf))
  return log
}

// The RFC 6962 reference vectors used by Certificate Transparency and transparency-dev/merkle: eight leaves, the
// root of every prefix, and known inclusion and consistency proofs.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  h,
)
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const INCLUSION: ReadonlyArray<{ index: number; size: number; proof: ReadonlyArray<string> }> = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
]
const CONSISTENCY: ReadonlyArray<{ size1: number; size2: number; proof: ReadonlyArray<string> }> = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
]

const flipBit = (proof: ReadonlyArray<Uint8Array>, at: number, byte: number, bit: number): Array<Uint8Array> =>
  proof.map((p, i) => {
    if (i !== at) return p
    const copy = p.slice()
    copy[byte] = copy[byte]! ^ (1 << bit)
    return copy
  })

describe('Merkle', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(bytesToHex(unwrap(logOf([]).root()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  it('reproduces the RFC 6962 reference root of every prefix of the eight reference leaves', () => {
    const log = logOf(LEAVES)
    ROOTS.forEach((root, i) => expect(bytesToHex(unwrap(log.root(i + 1)))).toBe(root))
    // Built one leaf at a time, each intermediate log gives the same roots.
    for (let n = 1; n <= 8; n++) expect(bytesToHex(unwrap(logOf(LEAVES.slice(0, n)).root()))).toBe(ROOTS[n - 1])
  })

  it('produces exactly the reference inclusion proofs, and they verify', () => {
    for (const vector of INCLUSION) {
      const log = logOf(LEAVES.slice(0, vector.size))
      const proof = unwrap(log.inclusionProof(vector.index, vector.size))
      expect(proof.map(bytesToHex)).toEqual(vector.proof)
      const leaf = hasher.leaf(LEAVES[vector.index]!)
      expect(verifyInclusion(hasher, vector.index, vector.size, leaf, proof, h(ROOTS[vector.size - 1]!))).toEqual(
        E.right(undefined),
      )
    }
  })

  it('produces exactly the reference consistency proofs, and they verify', () => {
    const log = logOf(LEAVES)
    for (const vector of CONSISTENCY) {
      const proof = unwrap(log.consistencyProof(vector.size1, vector.size2))
      expect(proof.map(bytesToHex)).toEqual(vector.proof)
      const root1 = h(ROOTS[vector.size1 - 1]!)
      const root2 = h(ROOTS[vector.size2 - 1]!)
      expect(verifyConsistency(hasher, vector.size1, vector.size2, root1, root2, proof)).toEqual(E.right(undefined))
    }
  })

  it('rejects the reference proofs once an index, a size, a root or a proof hash is wrong', () => {
    const vector = INCLUSION[2]!
    const proof = vector.proof.map(h)
    const root = h(ROOTS[7]!)
    const leaf = hasher.leaf(LEAVES[vector.index]!)
    expect(E.isLeft(verifyInclusion(hasher, vector.index + 1, 8, leaf, proof, root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index - 1, 8, leaf, proof, root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 16, leaf, proof, root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 4, leaf, proof, root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 8, hasher.leaf(h('00')), proof, root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 8, leaf, proof, h(ROOTS[6]!)))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 8, leaf, [...proof, root], root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 8, leaf, [root, ...proof], root))).toBe(true)
    expect(E.isLeft(verifyInclusion(hasher, vector.index, 8, leaf, proof.slice(0, 2), root))).toBe(true)
    const c = CONSISTENCY[2]!
    const cproof = c.proof.map(h)
    const [r1, r2] = [h(ROOTS[c.size1 - 1]!), h(ROOTS[c.size2 - 1]!)]
    expect(E.isLeft(verifyConsistency(hasher, c.size1 + 1, c.size2, r1, r2, cproof))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1 - 1, c.size2, r1, r2, cproof))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2 * 2, r1, r2, cproof))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2, r2, r1, cproof))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2, r1, r2, []))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2, r1, r2, [...cproof, r1]))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2, r1, r2, [cproof[0]!, ...cproof]))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, c.size1, c.size2, r1, r2, cproof.slice(0, 2)))).toBe(true)
    expect(E.isLeft(verifyConsistency(hasher, 2, 1, r1, r2, []))).toBe(true)
  })

  it('separates leaves from nodes: two leaf hashes put together as one leaf do not give the node', () => {
    const [a, b] = [hasher.leaf(h('00')), hasher.leaf(h('10'))]
    const joined = new Uint8Array(64)
    joined.set(a, 0)
    joined.set(b, 32)
    expect(bytesToHex(hasher.leaf(joined))).not.toBe(bytesToHex(hasher.node(a, b)))
  })

  it('resumes from its stored levels with the same roots and proofs, and refuses levels of the wrong shape', () => {
    const full = logOf([...LEAVES, ...LEAVES])
    const partial = logOf(LEAVES.slice(0, 5))
    const resumed = unwrap(merkleLog(hasher, partial.levels()))
    for (const leaf of [...LEAVES.slice(5), ...LEAVES]) resumed.append(hasher.leaf(leaf))
    expect(bytesToHex(unwrap(resumed.root()))).toBe(bytesToHex(unwrap(full.root())))
    expect(unwrap(resumed.inclusionProof(3, 13)).map(bytesToHex)).toEqual(
      unwrap(full.inclusionProof(3, 13)).map(bytesToHex),
    )
    const levels = partial.levels()
    expect(E.isLeft(merkleLog(hasher, [levels[0]!, levels[1]!.slice(32)]))).toBe(true)
    expect(E.isLeft(merkleLog(hasher, [levels[0]!]))).toBe(true)
  })

  it('makes an event leaf of its position (8 bytes, big-endian) and its hash', () => {
    const data = eventLeafData(258n, 'ab'.repeat(32))
    expect(data === undefined ? undefined : bytesToHex(data)).toBe('0000000000000102' + 'ab'.repeat(32))
    expect(eventLeafData(1n, 'xyz')).toBeUndefined()
    expect(eventLeafData(1n << 64n, 'ab'.repeat(32))).toBeUndefined()
  })

  it('gives out no proof or root outside the log', () => {
    const log = logOf(LEAVES.slice(0, 3))
    expect(E.isLeft(log.root(4))).toBe(true)
    expect(E.isLeft(log.inclusionProof(3, 3))).toBe(true)
    expect(E.isLeft(log.consistencyProof(4, 3))).toBe(true)
    expect(E.isLeft(rootFromInclusionProof(hasher, 0, 0, hasher.leaf(LEAVES[0]!), []))).toBe(true)
  })

  it('gives inclusion proofs that verify for every leaf of random trees, and fail after any flipped bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.nat({ max: 31 }),
        fc.nat({ max: 7 }),
        (size, i, which, byte, bit) => {
          const log = logOf(Array.from({ length: size }, (_, k) => Uint8Array.of(k & 255, k >> 8)))
          const index = i % size
          const root = unwrap(log.root())
          const leaf = unwrap(log.leafHash(index))
          const proof = unwrap(log.inclusionProof(index))
          expect(verifyInclusion(hasher, index, size, leaf, proof, root)).toEqual(E.right(undefined))
          if (proof.length > 0) {
            const flipped = flipBit(proof, which % proof.length, byte, bit)
            expect(E.isLeft(verifyInclusion(hasher, index, size, leaf, flipped, root))).toBe(true)
          }
          const badLeaf = flipBit([leaf], 0, byte, bit)[0]!
          expect(E.isLeft(verifyInclusion(hasher, index, size, badLeaf, proof, root))).toBe(true)
          const badRoot = flipBit([root], 0, byte, bit)[0]!
          expect(E.isLeft(verifyInclusion(hasher, index, size, leaf, proof, badRoot))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('gives consistency proofs that verify between any two sizes of random trees, and fail after any flipped bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.nat({ max: 31 }),
        fc.nat({ max: 7 }),
        (size2, s, which, byte, bit) => {
          const size1 = 1 + (s % size2)
          const log = logOf(Array.from({ length: size2 }, (_, k) => Uint8Array.of(k & 255, k >> 8, 7)))
          const [root1, root2] = [unwrap(log.root(size1)), unwrap(log.root(size2))]
          const proof = unwrap(log.consistencyProof(size1, size2))
          expect(verifyConsistency(hasher, size1, size2, root1, root2, proof)).toEqual(E.right(undefined))
          if (proof.length > 0) {
            const flipped = flipBit(proof, which % proof.length, byte, bit)
            expect(E.isLeft(verifyConsistency(hasher, size1, size2, root1, root2, flipped))).toBe(true)
          }
          if (size1 < size2) {
            const bad1 = flipBit([root1], 0, byte, bit)[0]!
            expect(E.isLeft(verifyConsistency(hasher, size1, size2, bad1, root2, proof))).toBe(true)
          }
          const bad2 = flipBit([root2], 0, byte, bit)[0]!
          expect(E.isLeft(verifyConsistency(hasher, size1, size2, root1, bad2, proof))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('detects a changed leaf in the older part of the log through the consistency proof', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 120 }), fc.nat(), fc.nat(), (size2, s, c) => {
        const size1 = 1 + (s % (size2 - 1))
        const leaves = Array.from({ length: size2 }, (_, k) => Uint8Array.of(k, 1))
        const honest = logOf(leaves)
        const changedAt = c % size1
        const forged = logOf(leaves.map((leaf, k) => (k === changedAt ? Uint8Array.of(leaf[0]!, 2) : leaf)))
        const proof = unwrap(forged.consistencyProof(size1, size2))
        const result = verifyConsistency(hasher, size1, size2, unwrap(honest.root(size1)), unwrap(forged.root()), proof)
        expect(E.isLeft(result)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

describe('Merkle log of the testkit vector', () => {
  it('is the root written out in packages/testkit/src/internal/hashVector.ts, from the bytes by hand', () => {
    const hashes = [
      'ccc22c6396aa6cb8e4d5aa1c81db0ec2a67fb7bd78aefdaa08de00235834aaa5',
      '116412514d4d727570f9dba6d5a09f90055012ad6b3b4cf59e92ecbe4a677974',
    ]
    const sha = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')
    const leaves = hashes.map((hash, i) => sha('00' + (i + 1).toString(16).padStart(16, '0') + hash))
    expect(leaves).toEqual([
      '520e8adf9ed58ca85b9c9f53782a04900126d482cb3796b0569764ed428c6638',
      '2cea6eadfb53201653f74dca4b69207cb1d5f8ad93489d63585885cc67d3922b',
    ])
    expect(sha('01' + leaves[0]! + leaves[1]!)).toBe('b23846cd64a17ab66994c74aa1373b842ed7fc698413723b112eddc8b98dca9f')
    const log = logOf([])
    hashes.forEach((hash, i) => log.append(hasher.leaf(eventLeafData(BigInt(i + 1), hash)!)))
    expect(bytesToHex(unwrap(log.root()))).toBe('b23846cd64a17ab66994c74aa1373b842ed7fc698413723b112eddc8b98dca9f')
  })
})
