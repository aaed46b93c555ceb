/**
 * The platform seam: the only place core touches `node:*`. A runtime without `node:crypto` (an edge worker, a
 * browser) passes its own {@link Sha256} to the stores instead.
 *
 * @since 0.1.0
 */
import { createHash } from 'node:crypto'

/**
 * SHA-256 of a UTF-8 string, as 64 lowercase hex digits.
 *
 * @category model
 * @since 0.1.0
 */
export type Sha256 = (input: string) => string

/**
 * SHA-256 from `node:crypto`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const nodeSha256: Sha256 = (input) => createHash('sha256').update(input, 'utf8').digest('hex')
