/**
 * Civil dates, instants and the injected clock.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface CivilDateBrand {
  readonly CivilDate: unique symbol
}

/**
 * A calendar date with no time zone, `YYYY-MM-DD`: the civil date of the place where a fact happened.
 *
 * @category model
 * @since 0.1.0
 */
export type CivilDate = t.Branded<string, CivilDateBrand>

/**
 * @category model
 * @since 0.1.0
 */
export interface InstantBrand {
  readonly Instant: unique symbol
}

/**
 * A moment in UTC, ISO-8601 with milliseconds: `2026-11-23T02:37:01.000Z`.
 *
 * @category model
 * @since 0.1.0
 */
export type Instant = t.Branded<string, InstantBrand>

/**
 * Where the time comes from. Stores and command handlers take one as a parameter, so tests and audit replays
 * are deterministic.
 *
 * @category model
 * @since 0.1.0
 */
export interface Clock {
  readonly now: () => Date
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * Tells whether a string is a real calendar date in `YYYY-MM-DD` form (so `2021-02-29` is not).
 *
 * @category utils
 * @since 0.1.0
 */
export const isCivilDate = (value: string): boolean => {
  const m = DATE.exec(value)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1) return false
  return d <= daysInMonth(y, mo)
}

// Gregorian calendar arithmetic: this runs for every date of every event read, so no Date object is built.
const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Tells whether a string is a UTC instant in the canonical `YYYY-MM-DDTHH:MM:SS.sssZ` form.
 *
 * @category utils
 * @since 0.1.0
 */
export const isInstant = (value: string): boolean => INSTANT.test(value) && !Number.isNaN(Date.parse(value))

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Codec for {@link CivilDate}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const CivilDate = t.brand(t.string, (s): s is CivilDate => isCivilDate(s), 'CivilDate')

/**
 * Codec for {@link Instant}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Instant = t.brand(t.string, (s): s is Instant => isInstant(s), 'Instant')

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The instant of a `Date`, in canonical form.
 *
 * @category constructors
 * @since 0.1.0
 */
export const instantOf = (date: Date): Instant => date.toISOString() as Instant

/**
 * The wall clock.
 *
 * @category constructors
 * @since 0.1.0
 */
export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that starts at `start` and moves forward `stepMs` on every reading: deterministic time for tests and
 * reproducible imports.
 *
 * @category constructors
 * @since 0.1.0
 */
export const steppingClock = (start: Date | string, stepMs = 1000): Clock => {
  let next = new Date(start).getTime()
  return {
    now: () => {
      const current = new Date(next)
      next += stepMs
      return current
    },
  }
}
