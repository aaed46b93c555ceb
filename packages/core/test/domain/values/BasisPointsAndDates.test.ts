import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import type { CivilDate } from '../../../src'
import {
  addDays,
  ageBandOf,
  ageInWholeYears,
  BasisPoints,
  basisPointsOf,
  civilDateAt,
  FiscalYear,
  fiscalYearOf,
  inclusiveDays,
} from '../../../src/domain'

const d = (s: string) => s as CivilDate

describe('BasisPoints', () => {
  it('rounds toward zero: 3597 of 3600 is 9991 bp, not 9992', () => {
    expect(basisPointsOf(3597n, 3600n)).toBe(9991)
    expect(basisPointsOf(950n, 950n)).toBe(10_000)
    expect(basisPointsOf(1n, 3n)).toBe(3333)
  })

  it('allows over-achievement and gives 0 for an empty whole', () => {
    expect(basisPointsOf(1100n, 1000n)).toBe(11_000)
    expect(basisPointsOf(5n, 0n)).toBe(0)
  })

  it('accepts whole basis points >= 0 only', () => {
    expect(BasisPoints.decode(12_000)).toEqual(E.right(12_000))
    for (const bad of [-1, 1.5, '100']) expect(E.isLeft(BasisPoints.decode(bad))).toBe(true)
  })
})

describe('FiscalYear', () => {
  it('accepts 2000..2100 only', () => {
    expect(FiscalYear.decode(2020)).toEqual(E.right(2020))
    for (const bad of [1999, 2101, 2020.5, '2020']) expect(E.isLeft(FiscalYear.decode(bad))).toBe(true)
  })

  it('takes the fiscal year from the civil date', () => {
    expect(fiscalYearOf(d('2020-12-31'))).toBe(2020)
    expect(fiscalYearOf(d('2021-01-01'))).toBe(2021)
  })

  it('counts days inclusively (S0: 30 Nov – 4 Dec 2020 is 5 days)', () => {
    expect(inclusiveDays(d('2020-11-30'), d('2020-12-04'))).toBe(5)
    expect(inclusiveDays(d('2020-02-28'), d('2020-03-01'))).toBe(3)
    expect(inclusiveDays(d('2020-06-02'), d('2020-06-01'))).toBe(0)
    expect(addDays(d('2020-12-31'), 1)).toBe('2021-01-01')
  })

  it('computes age in whole years, the birthday counting from the day itself', () => {
    expect(ageInWholeYears(d('1984-06-30'), d('2020-02-03'))).toBe(35)
    expect(ageInWholeYears(d('1984-02-02'), d('2020-02-03'))).toBe(36)
    expect(ageInWholeYears(d('1984-02-03'), d('2020-02-03'))).toBe(36)
    expect(ageInWholeYears(d('2000-02-29'), d('2021-02-28'))).toBe(20)
    expect(ageInWholeYears(d('2000-02-29'), d('2021-03-01'))).toBe(21)
  })

  it('bands ages', () => {
    expect([17, 18, 24, 25, 35, 36, 45, 46, 55, 56].map(ageBandOf)).toEqual([
      '<18',
      '18-24',
      '18-24',
      '25-35',
      '25-35',
      '36-45',
      '36-45',
      '46-55',
      '46-55',
      '>55',
    ])
  })

  it('gives the civil date of an instant in WIB, WITA and WIT', () => {
    const instant = '2020-12-31T16:30:00.000Z'
    expect(civilDateAt(instant, 'Asia/Jakarta')).toBe('2020-12-31')
    expect(civilDateAt(instant, 'Asia/Makassar')).toBe('2021-01-01')
    expect(civilDateAt('2020-06-30T15:30:00.000Z', 'Asia/Jayapura')).toBe('2020-07-01')
  })
})
