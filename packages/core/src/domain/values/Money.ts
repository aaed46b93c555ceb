/**
 * Integer rupiah. Money is a `bigint` count of rupiah in memory and a decimal string in JSON: no floats, no sen.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { parseBigInt } from '../../index'

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The most digits an amount may have: 18, so every amount is below Rp10^18 (far above any budget Indonesia
 * spends) and fits a signed 64-bit column in any read model. A 5 000-digit "amount" is refused, never carried.
 *
 * @category constants
 * @since 0.2.0
 */
export const MAX_RUPIAH_DIGITS = 18

const MAX_RUPIAH = 10n ** BigInt(MAX_RUPIAH_DIGITS) - 1n

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const rupiahCodec = (name: string, min: bigint, rule: string) =>
  new t.Type<bigint, string, unknown>(
    name,
    (u): u is bigint => typeof u === 'bigint' && u >= min && u <= MAX_RUPIAH,
    (u, c) => {
      // A signed string is not "whole rupiah as a decimal string", whatever its sign.
      // The length is checked before any parsing, so a huge digit string costs nothing.
      if (typeof u === 'string' && u.length > MAX_RUPIAH_DIGITS) {
        return t.failure(
          u,
          c,
          `expected at most ${MAX_RUPIAH_DIGITS} digits (an amount below Rp10^${MAX_RUPIAH_DIGITS})`,
        )
      }
      const value = typeof u === 'string' && u.startsWith('-') ? undefined : parseBigInt(u)
      if (value === undefined) return t.failure(u, c, `expected whole rupiah as a decimal string (${rule})`)
      if (value > MAX_RUPIAH) {
        return t.failure(
          u,
          c,
          `expected at most ${MAX_RUPIAH_DIGITS} digits (an amount below Rp10^${MAX_RUPIAH_DIGITS})`,
        )
      }
      return value >= min ? t.success(value) : t.failure(u, c, `expected ${rule}`)
    },
    (b) => b.toString(10),
  )

/**
 * Whole rupiah, `>= 0`: `bigint` in memory, decimal string in JSON (`"24300000000"`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const Rupiah = rupiahCodec('Rupiah', 0n, 'an amount of at least Rp0')

/**
 * @category model
 * @since 0.1.0
 */
export type Rupiah = t.TypeOf<typeof Rupiah>

/**
 * Whole rupiah, `> 0` (allocations, expenditures, tranches).
 *
 * @category codecs
 * @since 0.1.0
 */
export const PositiveRupiah = rupiahCodec('PositiveRupiah', 1n, 'an amount of at least Rp1')

/**
 * @category model
 * @since 0.1.0
 */
export type PositiveRupiah = t.TypeOf<typeof PositiveRupiah>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Formats rupiah the Indonesian way, with dots between thousands: `24300000000n` → `Rp24.300.000.000`.
 * Negative amounts (a net correction) get a leading minus: `-Rp5.000`.
 *
 * @category utils
 * @since 0.1.0
 */
export const formatRupiah = (amount: bigint): string => {
  const negative = amount < 0n
  const digits = (negative ? -amount : amount).toString(10)
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')
  return `${negative ? '-' : ''}Rp${grouped}`
}

/**
 * An amount read from a news text, with whether it was rounded.
 *
 * @category model
 * @since 0.1.0
 */
export interface ParsedRupiah {
  readonly amount: bigint
  /** True when the text used a scale word (juta, miliar, triliun) with a decimal part or rounding. */
  readonly approximate: boolean
}

const SCALES: Readonly<Record<string, bigint>> = {
  ribu: 1_000n,
  rb: 1_000n,
  juta: 1_000_000n,
  jt: 1_000_000n,
  miliar: 1_000_000_000n,
  milyar: 1_000_000_000n,
  m: 1_000_000_000n,
  triliun: 1_000_000_000_000n,
  t: 1_000_000_000_000n,
}

/**
 * Parses the rupiah figures news articles print: `Rp24,3 miliar` → `24300000000n` (approximate),
 * `Rp2.400.000` → `2400000n` (exact). The decimal comma and the thousands dot follow Indonesian usage. An
 * amount with a scale word is flagged approximate, because the article rounded it.
 *
 * @category utils
 * @since 0.1.0
 */
export const parseRupiahText = (text: string): E.Either<string, ParsedRupiah> => {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/^rp\.?\s*/, '')
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*([a-z]+)?$/.exec(cleaned)
  if (m === null)
    return E.left(`cannot read "${text}" as a rupiah amount; write it like "Rp24,3 miliar" or "Rp2.400.000"`)
  const whole = (m[1] ?? '0').replace(/\./g, '')
  const fraction = m[2] ?? ''
  const scaleWord = m[3]
  if (scaleWord === undefined) {
    if (fraction !== '') return E.left(`"${text}" has sen; ikm-ledger keeps whole rupiah only`)
    return E.right({ amount: BigInt(whole), approximate: false })
  }
  const scale = SCALES[scaleWord]
  if (scale === undefined)
    return E.left(`unknown scale word "${scaleWord}" in "${text}"; use ribu, juta, miliar or triliun`)
  const denominator = 10n ** BigInt(fraction.length)
  const numerator = BigInt(whole + fraction) * scale
  if (numerator % denominator !== 0n) return E.left(`"${text}" does not come to whole rupiah`)
  return E.right({ amount: numerator / denominator, approximate: true })
}
