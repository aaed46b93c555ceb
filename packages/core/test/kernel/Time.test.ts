import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCivilDate, isInstant, steppingClock } from '../../src/index'

const pad = (n: number, width: number) => String(n).padStart(width, '0')

describe('isCivilDate', () => {
  it('accepts exactly the dates the Gregorian calendar has, leap years included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
          const date = new Date(0)
          date.setUTCFullYear(y, m - 1, d)
          const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
          expect(isCivilDate(text)).toBe(real)
        },
      ),
    )
  })

  it('knows the century rule: 2000-02-29 exists, 1900-02-29 and 2021-02-29 do not', () => {
    expect(isCivilDate('2000-02-29')).toBe(true)
    expect(isCivilDate('2020-02-29')).toBe(true)
    expect(isCivilDate('1900-02-29')).toBe(false)
    expect(isCivilDate('2021-02-29')).toBe(false)
    expect(isCivilDate('2020-11-31')).toBe(false)
    expect(isCivilDate('2020-1-01')).toBe(false)
  })
})

describe('isInstant', () => {
  it('accepts the canonical UTC form with milliseconds only', () => {
    expect(isInstant('2026-11-23T02:37:01.000Z')).toBe(true)
    expect(isInstant('2026-11-23T02:37:01Z')).toBe(false)
    expect(isInstant('2026-11-23T09:37:01.000+07:00')).toBe(false)
  })
})

describe('steppingClock', () => {
  it('starts where it is told and moves forward by its step on every reading', () => {
    const clock = steppingClock('2026-01-01T00:00:00.000Z', 250)
    expect([clock.now(), clock.now(), clock.now()].map((d) => d.toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.250Z',
      '2026-01-01T00:00:00.500Z',
    ])
  })
})
