import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/Either'
import { isCivilDate, isInstant, parseInstant, steppingClock } from '../../src/index'

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

  // isInstant and isCivilDate answer most texts from their characters; these are the rules they must agree with.
  const fullInstant = (s: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s))
  const fullCivilDate = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
    if (m === null) return false
    const probe = new Date(0)
    probe.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    return probe.getUTCMonth() === Number(m[2]) - 1 && probe.getUTCDate() === Number(m[3])
  }
  // Texts near the canonical forms: each character a digit, a separator or something else, at every place.
  const nearText = (template: string) =>
    fc
      .array(fc.constantFrom(...'0123456789-:TZ.x+ 9'.split('')), {
        minLength: template.length - 1,
        maxLength: template.length + 1,
      })
      .chain((noise) =>
        fc
          .array(fc.boolean(), { minLength: noise.length, maxLength: noise.length })
          .map((keep) =>
            noise
              .map((c, i) =>
                keep[i] && i < template.length ? (template[i] === 'd' ? c.replace(/\D/, '1') : template[i]) : c,
              )
              .join(''),
          ),
      )

  it('agrees with the regular expression and Date.parse on texts near the canonical form', () => {
    fc.assert(
      fc.property(nearText('dddd-dd-ddTdd:dd:dd.dddZ'), (text) => {
        expect(isInstant(text)).toBe(fullInstant(text))
      }),
      { numRuns: 20_000 },
    )
    for (const text of [
      '2021-02-30T00:00:00.000Z',
      '2021-02-29T23:59:59.999Z',
      '2021-01-01T24:00:00.000Z',
      '2021-01-01T24:00:01.000Z',
      '2021-01-01T23:60:00.000Z',
      '2021-01-01T23:59:60.000Z',
      '2021-00-01T00:00:00.000Z',
      '2021-13-28T00:00:00.000Z',
      '2021-12-00T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '2021-01-01T00:00:00.00aZ',
    ]) {
      expect(isInstant(text), text).toBe(fullInstant(text))
    }
  })

  it('every instant a clock writes is one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (ms) => {
        expect(isInstant(new Date(ms).toISOString())).toBe(true)
      }),
    )
  })

  it('isCivilDate agrees with the calendar on texts near YYYY-MM-DD', () => {
    fc.assert(
      fc.property(nearText('dddd-dd-dd'), (text) => {
        expect(isCivilDate(text)).toBe(fullCivilDate(text))
      }),
      { numRuns: 20_000 },
    )
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

describe('parseInstant', () => {
  it('reads every ISO-8601 form of an instant with a time and a zone into its canonical UTC form', () => {
    expect(parseInstant('2026-01-01T00:00:00.000Z')).toEqual(E.right('2026-01-01T00:00:00.000Z'))
    expect(parseInstant('2026-01-01T07:00+07:00')).toEqual(E.right('2026-01-01T00:00:00.000Z'))
    expect(parseInstant('2025-12-31T23:30:15-00:30')).toEqual(E.right('2026-01-01T00:00:15.000Z'))
    expect(parseInstant('2020-02-29T12:00:00.5Z')).toEqual(E.right('2020-02-29T12:00:00.500Z'))
  })

  it('refuses a date alone, an impossible date or time, a missing zone and what Date.parse would guess at', () => {
    for (const [text, says] of [
      ['2020-01-01', 'is a date, not an instant'],
      ['2020-02-30', 'is not a calendar date'],
      ['2020-02-30T00:00:00.000Z', 'no such calendar date'],
      ['2021-02-29T00:00Z', 'no such calendar date'],
      ['2020-01-01T24:00:00Z', 'no such time of day'],
      ['2020-01-01T10:60Z', 'no such time of day'],
      ['2020-01-01T10:00:00', 'has no time zone'],
      ['2020-01-01T10:00+25:00', 'no such time zone offset'],
      ['1', 'is not an ISO-8601 instant'],
      ['June 5', 'is not an ISO-8601 instant'],
      ['2020-01-01T10:00:00Z'.padEnd(100_000, ' '), 'at most 40 characters'],
    ] as const) {
      const parsed = parseInstant(text)
      expect(E.isLeft(parsed) && parsed.left, text.slice(0, 40)).toContain(says)
      if (E.isLeft(parsed)) expect(parsed.left.length).toBeLessThan(200)
    }
  })

  it('agrees with isInstant on every canonical instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString()
          expect(parseInstant(text)).toEqual(E.right(text))
          expect(isInstant(text)).toBe(true)
        },
      ),
    )
  })
})
