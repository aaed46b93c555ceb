/**
 * The platform seam: the only place core touches `node:*`. A runtime without `node:crypto` (an edge worker, a
 * browser) passes its own {@link Sha256} to the stores instead.
 *
 * @since 0.1.0
 */
import * as crypto from 'node:crypto'

/**
 * SHA-256 of a UTF-8 string, as 64 lowercase hex digits.
 *
 * @category model
 * @since 0.1.0
 */
export type Sha256 = (input: string) => string

// `crypto.hash` (Node 20.12+) hashes in one call without a Hash object: the same digest, about a third faster on
// the short inputs of the hash chain. Older Node 20 releases fall back to createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash

/**
 * SHA-256 from `node:crypto`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const nodeSha256: Sha256 =
  oneShot === undefined
    ? (input) => crypto.createHash('sha256').update(input, 'utf8').digest('hex')
    : (input) => oneShot('sha256', input, 'hex')

/**
 * SHA-256 of bytes, as the 32-byte digest: the Merkle log hashes binary nodes, not text.
 *
 * @category model
 * @since 0.2.0
 */
export type Sha256Bytes = (input: Uint8Array) => Uint8Array

const oneShotBytes = oneShot as unknown as
  ((algorithm: string, data: Uint8Array, encoding: 'buffer') => Uint8Array) | undefined

/**
 * Binary SHA-256 from `node:crypto`.
 *
 * @category constructors
 * @since 0.2.0
 */
export const nodeSha256Bytes: Sha256Bytes =
  oneShotBytes === undefined
    ? (input) => crypto.createHash('sha256').update(input).digest()
    : (input) => oneShotBytes('sha256', input, 'buffer')
