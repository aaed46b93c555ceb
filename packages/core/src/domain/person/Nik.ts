/**
 * The NIK (Nomor Induk Kependudukan, PP 37/2007 Pasal 37): 16 digits. Six for the province, kabupaten/kota and
 * kecamatan of registration; six for the birth date as DDMMYY, with 40 added to the day for women; four for a
 * serial number. A NIK therefore encodes sex, birth date and place: it is among the most identifying data a
 * dinas holds, and it never leaves the PII vault. Problems are described without repeating the number.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { isCivilDate, type CivilDate } from '../../index'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a NIK says about its holder.
 *
 * @category model
 * @since 0.1.0
 */
export interface NikFacts {
  /** Province, kabupaten/kota and kecamatan of registration, dotted: `63.71.02`. */
  readonly registrationRegion: string
  readonly birthDate: CivilDate
  readonly sex: 'M' | 'F'
}

/**
 * Why a string is not a NIK.
 *
 * @category model
 * @since 0.1.0
 */
export type NikProblem =
  'NOT_16_DIGITS' | 'UNKNOWN_PROVINCE' | 'ZERO_REGION' | 'BAD_BIRTH_DATE' | 'BIRTH_DATE_IN_FUTURE' | 'ZERO_SERIAL'

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * Kemendagri province codes (Permendagri 72/2019 and the 2022 Papua provinces 93–96).
 *
 * @category constants
 * @since 0.1.0
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  ...['11', '12', '13', '14', '15', '16', '17', '18', '19', '21'],
  ...['31', '32', '33', '34', '35', '36', '51', '52', '53'],
  ...['61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82'],
  ...['91', '92', '93', '94', '95', '96'],
])

const DESCRIPTION: Readonly<Record<NikProblem, string>> = {
  NOT_16_DIGITS: 'a NIK has exactly 16 digits',
  UNKNOWN_PROVINCE: 'its first two digits are not a Kemendagri province code',
  ZERO_REGION: 'its kabupaten/kota or kecamatan digits are 00',
  BAD_BIRTH_DATE: 'digits 7–12 are not a birth date DDMMYY (women: day + 40)',
  BIRTH_DATE_IN_FUTURE: 'its birth date is after the reference date',
  ZERO_SERIAL: 'its serial number (the last four digits) is 0000',
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Explains a {@link NikProblem} in plain words, without the number.
 *
 * @category utils
 * @since 0.1.0
 */
export const describeNikProblem = (problem: NikProblem): string => DESCRIPTION[problem]

/**
 * Validates a NIK and reads its facts. The two-digit year is taken in the latest century that puts the birth on
 * or before `referenceDate` (a NIK does not say the century, so someone over 100 reads as a newborn; the vault
 * cross-checks the date against the record's birth date).
 *
 * @category utils
 * @since 0.1.0
 */
export const parseNik = (nik: string, referenceDate: CivilDate): E.Either<NikProblem, NikFacts> => {
  if (!/^\d{16}$/.test(nik)) return E.left('NOT_16_DIGITS')
  if (!PROVINCE_CODES.has(nik.slice(0, 2))) return E.left('UNKNOWN_PROVINCE')
  if (nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') return E.left('ZERO_REGION')
  if (nik.slice(12) === '0000') return E.left('ZERO_SERIAL')
  const rawDay = Number(nik.slice(6, 8))
  const sex = rawDay > 40 ? 'F' : 'M'
  const day = String(sex === 'F' ? rawDay - 40 : rawDay).padStart(2, '0')
  const monthYear = `${nik.slice(8, 10)}-${day}`
  const yy = nik.slice(10, 12)
  const candidates = [`20${yy}-${monthYear}`, `19${yy}-${monthYear}`]
  if (!candidates.some(isCivilDate)) return E.left('BAD_BIRTH_DATE')
  const birthDate = candidates.find((d) => isCivilDate(d) && d <= referenceDate)
  if (birthDate === undefined) return E.left('BIRTH_DATE_IN_FUTURE')
  return E.right({
    registrationRegion: `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    birthDate: birthDate as CivilDate,
    sex,
  })
}
