/**
 * Civil dates, instants and the injected clock.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { showInput, truncateText } from './Input'

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
const LOOSE_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/

/**
 * Tells whether a string is a real calendar date in `YYYY-MM-DD` form (so `2021-02-29` is not).
 *
 * @category utils
 * @since 0.1.0
 */
export const isCivilDate = (value: string): boolean =>
  // Every date of every event read comes here: most are plainly valid (a day up to 28), told from the characters
  // alone; the rest take the full rule.
  (value.length === 10 && plainDateAt(value)) || fullCivilDate(value)

const fullCivilDate = (value: string): boolean => {
  const m = DATE.exec(value)
  if (m === null) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  return d <= daysInMonth(y, mo)
}

const CHAR_0 = 48
const CHAR_DASH = 45

/** Two digits at `at`, as a number; -1 when either is not a digit. */
const twoDigits = (s: string, at: number): number => {
  const a = s.charCodeAt(at) - CHAR_0
  const b = s.charCodeAt(at + 1) - CHAR_0
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/** `YYYY-MM-DD` at the start of `s` with a month of 1–12 and a day of 1–28: a date every month has. */
const plainDateAt = (s: string): boolean => {
  if (twoDigits(s, 0) < 0 || twoDigits(s, 2) < 0 || s.charCodeAt(4) !== CHAR_DASH || s.charCodeAt(7) !== CHAR_DASH)
    return false
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  return month >= 1 && month <= 12 && day >= 1 && day <= 28
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
export const isInstant = (value: string): boolean => plainInstant(value) || fullInstant(value)

const fullInstant = (value: string): boolean => INSTANT.test(value) && !Number.isNaN(Date.parse(value))

// The form every store writes, with a day up to 28 and a time of day below 24:00: `Date.parse` accepts all of
// them, so they are told from the characters alone (the rest take `fullInstant`).
const plainInstant = (s: string): boolean => {
  if (s.length !== 24 || !plainDateAt(s)) return false
  if (s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false
  if (s.charCodeAt(19) !== 46 /* . */ || s.charCodeAt(23) !== 90 /* Z */) return false
  const hour = twoDigits(s, 11)
  const minute = twoDigits(s, 14)
  const second = twoDigits(s, 17)
  const milli = s.charCodeAt(22) - CHAR_0
  return (
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    twoDigits(s, 20) >= 0 &&
    milli >= 0 &&
    milli <= 9
  )
}

/**
 * Reads an instant as a caller writes one — ISO-8601 with a date, a time and a zone (`Z` or `±hh:mm`), seconds
 * and fractions optional — into its canonical UTC form. The one rule for every `asKnownAt` (store reads, the
 * Promise facade, the CLI): a date alone, an impossible date or time, a missing zone or any other text `Date.parse`
 * would guess at (`'1'` is 2001 to it, `2020-02-30` is 1 March) is a `Left` saying what is wrong.
 *
 * @example
 * parseInstant('2026-01-01T07:00+07:00') // right('2026-01-01T00:00:00.000Z')
 * parseInstant('2020-01-01') // left("'2020-01-01' is a date, not an instant: …")
 *
 * @category utils
 * @since 0.2.0
 */
export const parseInstant = (value: string): E.Either<string, Instant> => {
  if (value.length > 40) return E.left(`an instant has at most 40 characters; this one has ${value.length}`)
  if (DATE.test(value)) {
    return isCivilDate(value)
      ? E.left(
          `'${value}' is a date, not an instant: write ${value}T00:00:00.000Z (the start of that day, UTC) or ` +
            `${value}T23:59:59.999Z (its end)`,
        )
      : E.left(`'${value}' is not a calendar date`)
  }
  const m = LOOSE_INSTANT.exec(value)
  if (m === null) return E.left(`'${value}' is not an ISO-8601 instant; write it as 2026-01-01T00:00:00.000Z`)
  if (!isCivilDate(m[1] ?? '')) return E.left(`'${value}' has no such calendar date (${m[1]})`)
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? '0') > 59) {
    return E.left(`'${value}' has no such time of day; hours run 00-23, minutes and seconds 00-59`)
  }
  if (m[6] === undefined) {
    return E.left(`'${value}' has no time zone; add Z for UTC or an offset such as +07:00 (WIB)`)
  }
  const zone = /^[+-](\d{2}):(\d{2})$/.exec(m[6])
  if (zone !== null && (Number(zone[1]) > 23 || Number(zone[2]) > 59)) {
    return E.left(`'${value}' has no such time zone offset (${m[6]})`)
  }
  const time = Date.parse(value)
  if (Number.isNaN(time)) return E.left(`'${value}' is not an instant`)
  const instant = new Date(time).toISOString()
  return isInstant(instant) ? E.right(instant as Instant) : E.left(`'${value}' lies outside the years 0000-9999`)
}

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
 * A caller's `clock` option made safe to read: left out, the {@link systemClock}; otherwise it must be an object
 * with a `now` method (a `Left` saying what it is instead). Nothing is read from the clock here (a stepping test
 * clock keeps its sequence); every later reading is checked: a `now()` that throws, or that returns anything but a
 * valid `Date`, throws an `Error` that says so, for the store's guard around the call to turn into a
 * `StorageFailure` — instead of a `TypeError` from `toISOString` or an instant of `Invalid Date`.
 *
 * @example
 * clockOption({ now: () => 'today' }) // Right(a clock whose now() throws "the clock's now() returned "today", not a valid Date")
 *
 * @category constructors
 * @since 0.2.0
 */
export const clockOption = (given: unknown): E.Either<string, Clock> => {
  if (given === undefined) return E.right(systemClock)
  let now: unknown
  try {
    now = typeof given === 'object' && given !== null ? (given as { readonly now?: unknown }).now : undefined
  } catch (cause) {
    return E.left(
      `the clock could not be read (${cause instanceof Error ? truncateText(cause.message) : showInput(cause)})`,
    )
  }
  if (typeof now !== 'function') {
    return E.left(`the clock must be an object with a now() method returning a Date, got ${showInput(given)}`)
  }
  return E.right({
    now: () => {
      let reading: unknown
      try {
        reading = (now as () => unknown).call(given)
      } catch (cause) {
        throw new Error(
          `the clock's now() threw: ${cause instanceof Error ? truncateText(cause.message) : showInput(cause)}`,
        )
      }
      if (!(reading instanceof Date) || Number.isNaN(reading.getTime())) {
        throw new Error(
          `the clock's now() returned ${reading instanceof Date ? 'an invalid Date' : showInput(reading)}, not a valid Date`,
        )
      }
      if (!isInstant(reading.toISOString())) {
        throw new Error(`the clock's now() returned ${reading.toISOString()}, outside the years 0000-9999`)
      }
      return reading
    },
  })
}

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
