/**
 * Ratios as integer basis points: 10000 = 100 %. Over-achievement is allowed, so values may exceed 10000.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * An integer `>= 0` of basis points (may exceed 10000).
 *
 * @category codecs
 * @since 0.1.0
 */
export const BasisPoints = new t.Type<number, number, unknown>(
  'BasisPoints',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, 'expected whole basis points >= 0 (10000 = 100 %)'),
  (n) => n,
)

/**
 * @category model
 * @since 0.1.0
 */
export type BasisPoints = t.TypeOf<typeof BasisPoints>

/**
 * Full achievement (100 %) in basis points.
 *
 * @category constants
 * @since 0.1.0
 */
export const FULL_BASIS_POINTS = 10_000

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * `part / whole` in basis points, **rounded toward zero** (integer division), so an achievement is never
 * overstated: 3597 of 3600 bottles → 9991 (9991.67 truncated), not 9992. A `whole` of zero or less has no
 * meaningful ratio and gives 0.
 *
 * @category utils
 * @since 0.1.0
 */
export const basisPointsOf = (part: bigint, whole: bigint): number =>
  whole <= 0n ? 0 : Number((part * 10_000n) / whole)
