/**
 * Fiscal years (tahun anggaran = the calendar year, 1 January – 31 December), inclusive day counts, ages and
 * age bands, and the civil date of an instant in an Indonesian time zone.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CivilDate, PlaceTimeZone } from '../../index'

type Zone = t.TypeOf<typeof PlaceTimeZone>

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A fiscal year, an integer in 2000..2100.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FiscalYear = new t.Type<number, number, unknown>(
  'FiscalYear',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 2000 && u <= 2100,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 2000 && u <= 2100
      ? t.success(u)
      : t.failure(u, c, 'expected a fiscal year between 2000 and 2100'),
  (n) => n,
)

/**
 * @category model
 * @since 0.1.0
 */
export type FiscalYear = t.TypeOf<typeof FiscalYear>

/**
 * Age bands kept in events instead of birth dates.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AgeBand = t.keyof(
  { '<18': null, '18-24': null, '25-35': null, '36-45': null, '46-55': null, '>55': null },
  'AgeBand',
)

/**
 * @category model
 * @since 0.1.0
 */
export type AgeBand = t.TypeOf<typeof AgeBand>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000

/**
 * The fiscal year a civil date falls in (the calendar year). Rules use the civil date of the place where the
 * fact happened, never a date derived from a WIB instant.
 *
 * @category utils
 * @since 0.1.0
 */
export const fiscalYearOf = (date: CivilDate): number => Number(date.slice(0, 4))

/**
 * The number of days from `start` to `end`, both included: 2020-11-30..2020-12-04 → 5. Zero or negative when
 * `end` is before `start`.
 *
 * @category utils
 * @since 0.1.0
 */
export const inclusiveDays = (start: CivilDate, end: CivilDate): number => dayNumber(end) - dayNumber(start) + 1

/**
 * The date `days` after (or before, when negative) a civil date.
 *
 * @category utils
 * @since 0.1.0
 */
export const addDays = (date: CivilDate, days: number): CivilDate =>
  new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10) as CivilDate

/**
 * Whole years of age on a date. The birthday counts from the day itself; someone born on 29 February turns a
 * year older on 1 March in common years.
 *
 * @category utils
 * @since 0.1.0
 */
export const ageInWholeYears = (birthDate: CivilDate, onDate: CivilDate): number => {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/**
 * The age band of an age in whole years.
 *
 * @category utils
 * @since 0.1.0
 */
export const ageBandOf = (age: number): AgeBand =>
  age < 18 ? '<18' : age <= 24 ? '18-24' : age <= 35 ? '25-35' : age <= 45 ? '36-45' : age <= 55 ? '46-55' : '>55'

const ZONE_OFFSET_MINUTES: Readonly<Record<Zone, number>> = {
  'Asia/Jakarta': 7 * 60,
  'Asia/Makassar': 8 * 60,
  'Asia/Jayapura': 9 * 60,
}

/**
 * The civil date of an instant in one of Indonesia's zones (WIB +7, WITA +8, WIT +9; Indonesia has no daylight
 * saving, so fixed offsets are exact). 2020-12-31T16:30Z is 2021-01-01 in Banjarbaru (WITA) but 2020-12-31 in
 * Jakarta (WIB).
 *
 * @category utils
 * @since 0.1.0
 */
export const civilDateAt = (instant: Date | string, zone: Zone): CivilDate => {
  const ms = new Date(instant).getTime() + ZONE_OFFSET_MINUTES[zone] * 60_000
  return new Date(ms).toISOString().slice(0, 10) as CivilDate
}
