/**
 * Stream revisions and global positions, both `bigint`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The 0-based number of an event within its stream. The first event is revision `0n` on every adapter.
 *
 * @category model
 * @since 0.1.0
 */
export type Revision = bigint

/**
 * An event's place in the store-wide order, assigned by the store, strictly increasing in commit order. The
 * first event of a store has a position of at least `1n`, so `0n` means "before everything".
 *
 * @category model
 * @since 0.1.0
 */
export type GlobalPosition = bigint

/**
 * The position before the first event: read all events `after: START_POSITION` to read everything.
 *
 * @category constants
 * @since 0.1.0
 */
export const START_POSITION: GlobalPosition = 0n

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const DECIMAL = /^-?(0|[1-9][0-9]*)$/

/**
 * The one reading of an integer that may arrive as a `bigint`, a decimal string (no sign but `-`, no leading
 * zeros, no spaces) or a safe integer number; `undefined` for anything else.
 *
 * @category utils
 * @since 0.2.0
 */
export const parseBigInt = (u: unknown): bigint | undefined =>
  typeof u === 'bigint'
    ? u
    : typeof u === 'string' && DECIMAL.test(u)
      ? BigInt(u)
      : typeof u === 'number' && Number.isSafeInteger(u)
        ? BigInt(u)
        : undefined

/**
 * A `bigint` kept in JSON as a decimal string (also accepts a safe integer number, or a `bigint` as is).
 *
 * @category codecs
 * @since 0.1.0
 */
export const BigIntFromString = new t.Type<bigint, string, unknown>(
  'BigIntFromString',
  (u): u is bigint => typeof u === 'bigint',
  (u, c) => {
    const value = parseBigInt(u)
    return value === undefined ? t.failure(u, c, 'expected an integer as a decimal string') : t.success(value)
  },
  (b) => b.toString(10),
)

/** A {@link BigIntFromString} of at least `min`, under its own name. */
const bigIntAtLeast = <A extends bigint>(name: string, min: bigint, message: string) =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => typeof u === 'bigint' && u >= min,
    (u, c) => {
      const r = BigIntFromString.validate(u, c)
      if (r._tag === 'Left') return r
      return r.right >= min ? t.success(r.right as A) : t.failure(u, c, message)
    },
    (b) => b.toString(10),
  )

/**
 * A non-negative `bigint` (a revision), JSON form a decimal string.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Revision = bigIntAtLeast<Revision>('Revision', 0n, 'a revision is never negative')

/**
 * A positive `bigint` (a global position), JSON form a decimal string.
 *
 * @category codecs
 * @since 0.1.0
 */
export const GlobalPosition = bigIntAtLeast<GlobalPosition>('GlobalPosition', 1n, 'a global position is at least 1')
