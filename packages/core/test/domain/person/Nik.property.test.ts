import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CivilDate } from '../../../src'
import { ageInWholeYears, civilDateAt, parseNik, PROVINCE_CODES } from '../../../src/domain'

const provinces = [...PROVINCE_CODES]
const two = (n: number) => String(n).padStart(2, '0')
const REFERENCE = '2026-03-01' as CivilDate

/** A birth date between 1927 and the reference date, so the two-digit year has one reading. */
const birthDate = fc
  .date({ min: new Date('1927-03-02T00:00:00Z'), max: new Date('2026-03-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10) as CivilDate)

const nikOf = (p: { province: string; kab: number; kec: number; birth: string; sex: 'M' | 'F'; serial: number }) => {
  const day = Number(p.birth.slice(8, 10)) + (p.sex === 'F' ? 40 : 0)
  return `${p.province}${two(p.kab)}${two(p.kec)}${two(day)}${p.birth.slice(5, 7)}${p.birth.slice(2, 4)}${String(p.serial).padStart(4, '0')}`
}

const holder = fc.record({
  province: fc.constantFrom(...provinces),
  kab: fc.integer({ min: 1, max: 99 }),
  kec: fc.integer({ min: 1, max: 99 }),
  birth: birthDate,
  sex: fc.constantFrom('M' as const, 'F' as const),
  serial: fc.integer({ min: 1, max: 9999 }),
})

describe('parseNik', () => {
  it('reads back the region, birth date and sex of every well-formed NIK (women: day + 40)', () => {
    fc.assert(
      fc.property(holder, (h) => {
        expect(parseNik(nikOf(h), REFERENCE)).toEqual(
          E.right({ registrationRegion: `${h.province}.${two(h.kab)}.${two(h.kec)}`, birthDate: h.birth, sex: h.sex }),
        )
      }),
    )
  })

  it('refuses anything but 16 digits', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{16}$/.test(s)),
        (s) => {
          expect(parseNik(s, REFERENCE)).toEqual(E.left('NOT_16_DIGITS'))
        },
      ),
    )
  })

  it('refuses a day part of 32–40 or above 71, and a month above 12', () => {
    fc.assert(
      fc.property(
        holder,
        fc.oneof(fc.integer({ min: 32, max: 40 }), fc.integer({ min: 72, max: 99 }), fc.constant(0)),
        (h, day) => {
          const nik = nikOf(h)
          expect(parseNik(`${nik.slice(0, 6)}${two(day)}${nik.slice(8)}`, REFERENCE)).toEqual(E.left('BAD_BIRTH_DATE'))
          expect(parseNik(`${nik.slice(0, 8)}13${nik.slice(10)}`, REFERENCE)).toEqual(E.left('BAD_BIRTH_DATE'))
        },
      ),
    )
  })

  it('refuses an unknown province, a zero kabupaten or kecamatan, and serial 0000', () => {
    fc.assert(
      fc.property(
        holder,
        fc.constantFrom('00', '10', '20', '22', '30', '37', '50', '60', '77', '90', '97', '99'),
        (h, p) => {
          const nik = nikOf(h)
          expect(parseNik(`${p}${nik.slice(2)}`, REFERENCE)).toEqual(E.left('UNKNOWN_PROVINCE'))
          expect(parseNik(`${nik.slice(0, 2)}00${nik.slice(4)}`, REFERENCE)).toEqual(E.left('ZERO_REGION'))
          expect(parseNik(`${nik.slice(0, 4)}00${nik.slice(6)}`, REFERENCE)).toEqual(E.left('ZERO_REGION'))
          expect(parseNik(`${nik.slice(0, 12)}0000`, REFERENCE)).toEqual(E.left('ZERO_SERIAL'))
        },
      ),
    )
  })

  it('reads 29 February only in a leap year of either century', () => {
    expect(parseNik('6371022902000001', REFERENCE)).toMatchObject({ right: { birthDate: '2000-02-29' } })
    expect(parseNik('6371026902960001', REFERENCE)).toMatchObject({ right: { birthDate: '1996-02-29', sex: 'F' } })
    expect(parseNik('6371022902010001', REFERENCE)).toEqual(E.left('BAD_BIRTH_DATE'))
  })
})

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const

describe('age on an evaluation date', () => {
  it('is a whole number of years that grows by one exactly on the birthday (1 March for 29 February in common years)', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 0, max: 90 }), (birth, years) => {
        const y = Number(birth.slice(0, 4)) + years
        const isLeap = (n: number) => (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0
        const birthday = (
          birth.slice(5) === '02-29' && !isLeap(y) ? `${y}-03-01` : `${y}${birth.slice(4)}`
        ) as CivilDate
        const dayBefore = new Date(Date.parse(`${birthday}T00:00:00Z`) - 86_400_000)
          .toISOString()
          .slice(0, 10) as CivilDate
        expect(ageInWholeYears(birth, birthday)).toBe(years)
        if (years > 0) expect(ageInWholeYears(birth, dayBefore)).toBe(years - 1)
      }),
    )
  })

  it('is taken on the civil date of the place: an instant can make someone 18 in Jayapura and still 17 in Jakarta', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        birthDate,
        (instant, birth) => {
          const ages = ZONES.map((z) => ageInWholeYears(birth, civilDateAt(instant, z)))
          // Zones further east are never behind, and one instant spans at most one birthday across them.
          expect(ages[0]).toBeLessThanOrEqual(ages[1] ?? 0)
          expect(ages[1]).toBeLessThanOrEqual(ages[2] ?? 0)
          expect((ages[2] ?? 0) - (ages[0] ?? 0)).toBeLessThanOrEqual(1)
        },
      ),
    )
    // 2026-03-11T15:30Z is 22:30 on the 11th in Jakarta and 00:30 on the 12th in Jayapura.
    const at = '2026-03-11T15:30:00.000Z'
    expect(ageInWholeYears('2008-03-12' as CivilDate, civilDateAt(at, 'Asia/Jakarta'))).toBe(17)
    expect(ageInWholeYears('2008-03-12' as CivilDate, civilDateAt(at, 'Asia/Jayapura'))).toBe(18)
    // A leap-day birth turns 18 on 1 March 2026 in the place's zone, not a day early.
    expect(ageInWholeYears('2008-02-29' as CivilDate, civilDateAt('2026-02-28T16:59:59.000Z', 'Asia/Jakarta'))).toBe(17)
    expect(ageInWholeYears('2008-02-29' as CivilDate, civilDateAt('2026-02-28T17:00:00.000Z', 'Asia/Jakarta'))).toBe(18)
  })
})
