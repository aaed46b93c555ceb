/**
 * Quantities: a whole, non-negative count with a unit from a closed set. Liters are stored as milliliters so
 * every quantity stays an integer.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Units: pieces, sets, packages, bottles, milliliters, kilograms, square meters, units.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Unit = t.keyof(
  { PCS: null, SET: null, PACKAGE: null, BOTTLE: null, ML: null, KG: null, M2: null, UNIT: null },
  'Unit',
)

/**
 * @category model
 * @since 0.1.0
 */
export type Unit = t.TypeOf<typeof Unit>

/**
 * A whole count `>= 0`: `bigint` in memory, decimal string in JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const QuantityValue = new t.Type<bigint, string, unknown>(
  'QuantityValue',
  (u): u is bigint => typeof u === 'bigint' && u >= 0n,
  (u, c) => {
    const value =
      typeof u === 'bigint'
        ? u
        : typeof u === 'string' && /^(0|[1-9][0-9]*)$/.test(u)
          ? BigInt(u)
          : typeof u === 'number' && Number.isSafeInteger(u)
            ? BigInt(u)
            : undefined
    if (value === undefined) return t.failure(u, c, 'expected a whole quantity as a decimal string')
    return value >= 0n ? t.success(value) : t.failure(u, c, 'a quantity is never negative')
  },
  (b) => b.toString(10),
)

/**
 * A quantity with its unit.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Quantity = t.exact(t.type({ value: QuantityValue, unit: Unit }), 'Quantity')

/**
 * @category model
 * @since 0.1.0
 */
export type Quantity = t.TypeOf<typeof Quantity>

/**
 * A bottle volume in milliliters (a positive integer), declared on a production output so bottles and
 * milliliters can be compared.
 *
 * @category codecs
 * @since 0.1.0
 */
export const BottleVolumeMl = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'BottleVolumeMl')

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const quantity = (value: bigint, unit: Unit): Quantity => ({ value, unit })

/**
 * Liters as milliliters: 900 L → 900000 ML.
 *
 * @category constructors
 * @since 0.1.0
 */
export const litersToMl = (liters: bigint): Quantity => ({ value: liters * 1000n, unit: 'ML' })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Converts a quantity to another unit. The same unit converts to itself; BOTTLE ↔ ML converts only through a
 * declared `bottleVolumeMl` (and ML → BOTTLE only when it comes to whole bottles); nothing else converts.
 *
 * @example
 * convertQuantity({ value: 3600n, unit: 'BOTTLE' }, 'ML', { bottleVolumeMl: 250 }) // Right({ value: 900000n, unit: 'ML' })
 *
 * @category utils
 * @since 0.1.0
 */
export const convertQuantity = (
  q: Quantity,
  to: Unit,
  options: { readonly bottleVolumeMl?: number } = {},
): E.Either<string, Quantity> => {
  if (q.unit === to) return E.right(q)
  const volume = options.bottleVolumeMl
  const pair = `${q.unit}->${to}`
  if (pair === 'BOTTLE->ML' || pair === 'ML->BOTTLE') {
    if (volume === undefined || !Number.isSafeInteger(volume) || volume <= 0) {
      return E.left(`cannot convert ${q.unit} to ${to} without a declared bottle volume (bottleVolumeMl)`)
    }
    const v = BigInt(volume)
    if (pair === 'BOTTLE->ML') return E.right({ value: q.value * v, unit: 'ML' })
    return q.value % v === 0n
      ? E.right({ value: q.value / v, unit: 'BOTTLE' })
      : E.left(`${q.value} ML is not a whole number of ${volume} ml bottles`)
  }
  return E.left(`cannot convert ${q.unit} to ${to}; report in ${to}`)
}
