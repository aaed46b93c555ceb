import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatRupiah, MAX_RUPIAH_DIGITS, parseRupiahText, PositiveRupiah, Rupiah } from '../../../src/domain'

describe('Money', () => {
  it('formats rupiah with dots between thousands', () => {
    expect(formatRupiah(24_300_000_000n)).toBe('Rp24.300.000.000')
    expect(formatRupiah(0n)).toBe('Rp0')
    expect(formatRupiah(999n)).toBe('Rp999')
    expect(formatRupiah(-5_000n)).toBe('-Rp5.000')
  })

  it('refuses an amount of more than 18 digits, saying so, without parsing a huge digit string', () => {
    expect(Rupiah.decode('999999999999999999')).toEqual(E.right(999_999_999_999_999_999n))
    for (const tooMany of ['1000000000000000000', '9'.repeat(5_000), 10n ** 18n]) {
      const decoded = Rupiah.decode(tooMany)
      expect(E.isLeft(decoded)).toBe(true)
      if (E.isLeft(decoded)) expect(decoded.left[0]?.message).toContain('at most 18 digits')
    }
    expect(Rupiah.is(10n ** 18n)).toBe(false)
    expect(MAX_RUPIAH_DIGITS).toBe(18)
  })

  it('keeps rupiah as bigint in memory and a decimal string in JSON', () => {
    expect(Rupiah.encode(24_300_000_000n)).toBe('24300000000')
    expect(Rupiah.decode('2700000000')).toEqual(E.right(2_700_000_000n))
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), (n) => {
        expect(Rupiah.decode(Rupiah.encode(n))).toEqual(E.right(n))
      }),
    )
  })

  it('refuses negative, fractional and non-numeric amounts, and zero where an amount must be positive', () => {
    for (const bad of ['-1', '12.5', '1e9', '', 'Rp1', 1.5, -3n]) expect(E.isLeft(Rupiah.decode(bad))).toBe(true)
    expect(E.isLeft(PositiveRupiah.decode('0'))).toBe(true)
    expect(PositiveRupiah.decode('1')).toEqual(E.right(1n))
  })

  it('parses the figures news prints, flagging rounded ones as approximate', () => {
    expect(parseRupiahText('Rp24,3 miliar')).toEqual(E.right({ amount: 24_300_000_000n, approximate: true }))
    expect(parseRupiahText('Rp2,7 miliar')).toEqual(E.right({ amount: 2_700_000_000n, approximate: true }))
    expect(parseRupiahText('Rp2.400.000')).toEqual(E.right({ amount: 2_400_000n, approximate: false }))
    expect(parseRupiahText('Rp800 juta')).toEqual(E.right({ amount: 800_000_000n, approximate: true }))
    expect(E.isLeft(parseRupiahText('sekitar dua miliar'))).toBe(true)
    expect(E.isLeft(parseRupiahText('Rp1,5'))).toBe(true)
  })
})
