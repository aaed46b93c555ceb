import { projectionErrorMessage } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  formatAuditChecklist,
  formatBasisPoints,
  formatBudgetRealisation,
  formatInteger,
  formatRupiahCompact,
  formatRupiahIn,
  readModelReport,
  type AuditChecklistRow,
  type BudgetLineRow,
} from '../src'
import { seededStore } from './fixtures/seeds'

const budgetLine: BudgetLineRow = {
  fiscalYear: 2022,
  period: '2022',
  source: 'DAK_FISIK',
  region: { code: '13.73', name: 'Kota Sawahlunto' },
  asserted: false,
  allocated: 1_000_000_000n,
  revised: 900_000_000n,
  tranchesReceived: 0n,
  realised: 300_000_000n,
  reversed: 20_000_000n,
  absorptionBp: 3111,
  importedApproximate: 24_300_000_000n,
  importedExact: 0n,
  programIds: ['dak-2022'],
  facilityIds: [],
}

describe('Format', () => {
  it('writes basis points as a percentage with two decimals', () => {
    expect([formatBasisPoints(9991), formatBasisPoints(10000), formatBasisPoints(5), formatBasisPoints(0)]).toEqual([
      '99.91%',
      '100.00%',
      '0.05%',
      '0.00%',
    ])
  })

  it('writes basis points, whole numbers and rupiah the way each language writes them', () => {
    expect([9991, 10000, 1370, 5, 123_456].map((bp) => formatBasisPoints(bp, 'id'))).toEqual([
      '99,91%',
      '100,00%',
      '13,70%',
      '0,05%',
      '1.234,56%',
    ])
    expect([formatBasisPoints(1370, 'en'), formatBasisPoints(123_456, 'en'), formatBasisPoints(-5, 'en')]).toEqual([
      '13.70%',
      '1,234.56%',
      '-0.05%',
    ])
    expect([formatInteger(6034, 'id'), formatInteger(900_000n, 'id'), formatInteger(999, 'id')]).toEqual([
      '6.034',
      '900.000',
      '999',
    ])
    expect([formatInteger(6034, 'en'), formatInteger(-1_234_567n, 'en')]).toEqual(['6,034', '-1,234,567'])
    expect([formatRupiahIn(24_300_000_000n, 'id'), formatRupiahIn(24_300_000_000n, 'en')]).toEqual([
      'Rp24.300.000.000',
      'Rp24,300,000,000',
    ])
    expect(formatRupiahIn(-20_000_000n, 'en')).toBe('-Rp20,000,000')
  })

  it('rounds the short rupiah of a chart half up to one decimal, with the whole part grouped', () => {
    const cases: ReadonlyArray<readonly [bigint, string, string]> = [
      [2_790_000_000n, 'Rp2,8 M', 'Rp2.8 bn'],
      [1_999_999_999n, 'Rp2,0 M', 'Rp2.0 bn'],
      [2_000_000_000n, 'Rp2,0 M', 'Rp2.0 bn'],
      [1_250_000n, 'Rp1,3 jt', 'Rp1.3 m'],
      [1_249_999n, 'Rp1,2 jt', 'Rp1.2 m'],
      [950_000_000n, 'Rp950,0 jt', 'Rp950.0 m'],
      // Rounded up to a thousand of its unit, it is said in the next one.
      [999_950_000n, 'Rp1,0 M', 'Rp1.0 bn'],
      [9_007_199_254_740_993n, 'Rp9.007,2 T', 'Rp9,007.2 tn'],
      // A float would see 12 345 499.5 tenths here and round up; the bigint sees 12 345 499.4999… and does not.
      [1_234_549_949_999_999_999n, 'Rp1.234.549,9 T', 'Rp1,234,549.9 tn'],
      [999_999n, 'Rp999.999', 'Rp999,999'],
      [-2_790_000_000n, '-Rp2,8 M', '-Rp2.8 bn'],
    ]
    for (const [amount, id, en] of cases) {
      expect([amount, formatRupiahCompact(amount, 'id'), formatRupiahCompact(amount, 'en')]).toEqual([amount, id, en])
    }
  })

  it('writes no absorption for a budget line with nothing allocated, rather than 0 %', () => {
    const line = { ...budgetLine, allocated: 0n, revised: 0n, realised: 0n, reversed: 0n, absorptionBp: null }
    expect(formatBudgetRealisation([line]).split('\n')[2]).toMatch(/Rp0 +Rp0 +Rp0 +Rp0 +- +≈ Rp24\.300\.000\.000/)
  })

  it('formats RM-2 with Indonesian rupiah and the approximate figures in their own column', () => {
    expect(formatBudgetRealisation([budgetLine]).split('\n')).toEqual([
      'Period  Source     Region                       Allocated        Revised       Realised      Reversed  Absorption  Approx. imported (not realisation)  Note',
      '------  ---------  ---------------------  ---------------  -------------  -------------  ------------  ----------  ----------------------------------  --------',
      '2022    DAK_FISIK  13.73 Kota Sawahlunto  Rp1.000.000.000  Rp900.000.000  Rp300.000.000  Rp20.000.000      31.11%                  ≈ Rp24.300.000.000  dak-2022',
    ])
  })

  it('formats RM-7 with the documents present of expected, the missing kinds and the rules of the open gaps', () => {
    const row: AuditChecklistRow = {
      entity: 'PROGRAM',
      streamId: 'program-p1',
      entityId: 'p1',
      programId: 'p1',
      title: 'Bimtek',
      documents: [
        {
          subject: 'selection:p1',
          kind: 'SK_PESERTA',
          step: 'participants selected',
          status: 'PRESENT',
          number: 'SK-1',
        },
        { subject: 'b1', kind: 'DIPA', step: 'gap R7', status: 'MISSING', number: null },
      ],
      expected: 2,
      present: 1,
      missing: 1,
      openGaps: [
        { gapId: 'R7:b1', rule: 'R7', subject: 'b1', missingDocKinds: ['DIPA'], note: '', notedOn: '2020-11-30' },
      ],
      missingDocKinds: ['DIPA'],
      fundingConcerns: [],
      openAuditFindings: [],
      ready: false,
    }
    expect(formatAuditChecklist([row])).toBe(
      [
        'Entity      Program  Documents  Missing documents  Open gaps',
        '----------  -------  ---------  -----------------  ---------',
        'program-p1  p1             1/2  DIPA               R7',
      ].join('\n'),
    )
  })

  it('prints RM-1, RM-2 and RM-7 for the seed stories', async () => {
    const report = await readModelReport(await seededStore())()
    if (E.isLeft(report)) throw new Error(projectionErrorMessage(report.left))
    const lines = report.right.split('\n')
    expect(lines.filter((l) => l.startsWith('RM-'))).toEqual([
      'RM-1  Program status board',
      'RM-2  Budget allocation vs realisation (funding source × region × fiscal year)',
      'RM-7  Audit-readiness checklist (documents present of expected, missing documents, open compliance gaps)',
    ])
    expect(lines.filter((l) => l.startsWith('prg-'))).toHaveLength(15)
    expect(lines.find((l) => l.startsWith('until 2021  DAK_FISIK'))).toContain('≈ Rp24.300.000.000')
    expect(lines.find((l) => l.startsWith('until 2021  DAK_NONFISIK'))).toContain('≈ Rp2.700.000.000')
    expect(lines.find((l) => l.startsWith('equipment-pkg-muba-led-a'))).toMatch(
      /prg-muba-led-2020 +0\/3 +KONTRAK, BAST_PENYEDIA_PPK, BAST_OPERASIONAL +R20, R21$/,
    )
    expect(lines.find((l) => l.startsWith('program-prg-muba-led-2020'))).toMatch(
      /0\/2 +SK_PESERTA, DIPA, funding unverified \(1\) +R7$/,
    )
  })
})
