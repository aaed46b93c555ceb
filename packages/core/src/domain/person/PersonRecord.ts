/**
 * The person record the PII vault keeps, encrypted: everything a dinas needs to check and contact a participant,
 * none of which may appear in an event, a read model, a log line or an error message.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { CivilDate, errorPath } from '../../index'
import { NonBlank } from '../internal/Commands'
import { exactStruct } from '../values/Struct'
import { RegionRef } from '../values/Region'
import { describeNikProblem, parseNik } from './Nik'
import { Sex } from './PersonEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A child's parent or guardian (UU 27/2022 Pasal 25).
 *
 * @category codecs
 * @since 0.1.0
 */
export const GuardianRecord = exactStruct(
  { fullName: NonBlank, relation: t.keyof({ PARENT: null, GUARDIAN: null }) },
  { phone: NonBlank, nik: NonBlank },
  'GuardianRecord',
)

/**
 * The record of one person. `domicile` is the kabupaten/kota the person lives in (R11's residency);
 * `disability` is specific personal data (UU 27/2022 Pasal 4) and optional.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PersonRecord = exactStruct(
  { fullName: NonBlank, nik: NonBlank, birthDate: CivilDate, sex: Sex, domicile: RegionRef },
  { phone: NonBlank, address: NonBlank, disability: NonBlank, guardian: GuardianRecord },
  'PersonRecord',
)

/**
 * @category model
 * @since 0.1.0
 */
export type PersonRecord = t.TypeOf<typeof PersonRecord>

/**
 * The kinds of personal data a record holds, for the breach inventory (never the data).
 *
 * @category model
 * @since 0.1.0
 */
export type PiiCategory =
  'NAME' | 'NIK' | 'BIRTH_DATE' | 'SEX' | 'DOMICILE' | 'PHONE' | 'ADDRESS' | 'DISABILITY' | 'GUARDIAN' | 'CHILD_DATA'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Decodes and checks a record on a reference date: the NIK is valid and agrees with the birth date and sex.
 * The error names the fields at fault, never their values.
 *
 * @category utils
 * @since 0.1.0
 */
export const checkPersonRecord = (input: unknown, referenceDate: CivilDate): E.Either<string, PersonRecord> => {
  const decoded = PersonRecord.decode(input)
  if (E.isLeft(decoded)) {
    const paths = [...new Set(decoded.left.map((e) => errorPath(e) || '(root)'))]
    return E.left(`the person record is invalid at ${paths.join(', ')} (values not shown: they are personal data)`)
  }
  const record = decoded.right
  const nik = parseNik(record.nik, referenceDate)
  if (E.isLeft(nik)) return E.left(`the NIK is not valid: ${describeNikProblem(nik.left)}`)
  if (nik.right.birthDate !== record.birthDate) {
    return E.left('the NIK does not agree with the birth date (digits 7–12 encode it as DDMMYY, women: day + 40)')
  }
  if (nik.right.sex !== record.sex) return E.left('the NIK does not agree with the sex (women: day + 40)')
  if (record.birthDate > referenceDate) return E.left('the birth date is after the registration date')
  if (record.guardian?.nik !== undefined && E.isLeft(parseNik(record.guardian.nik, referenceDate))) {
    return E.left("the guardian's NIK is not valid")
  }
  return E.right(record)
}

/**
 * The categories of personal data in a record; `CHILD_DATA` when the person is a child.
 *
 * @category utils
 * @since 0.1.0
 */
export const categoriesOf = (record: PersonRecord, isChild: boolean): ReadonlyArray<PiiCategory> => [
  'NAME',
  'NIK',
  'BIRTH_DATE',
  'SEX',
  'DOMICILE',
  ...(record.phone === undefined ? [] : ['PHONE' as const]),
  ...(record.address === undefined ? [] : ['ADDRESS' as const]),
  ...(record.disability === undefined ? [] : ['DISABILITY' as const]),
  ...(record.guardian === undefined ? [] : ['GUARDIAN' as const]),
  ...(isChild ? ['CHILD_DATA' as const] : []),
]
