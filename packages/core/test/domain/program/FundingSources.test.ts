import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { facilityDecider, isProgram, normalizeFundingSource, regionRef } from '../../../src/domain'
import { newsContext } from '../support/fixtures'
import { allocate, approve, cmd, ctx, decide, news, open, register, rejection, run, schedule } from './fixtures'

const imported = news('2020-01-20')
const approximate = { ...ctx('2020-03-01'), evidence: { level: 'DOCUMENTED' as const, refs: [], approximate: true } }

describe('funding sources as real deployments meet them', () => {
  describe('an unqualified "DAK" (R31)', () => {
    const approved = () => run([register({}, news('2020-01-10')), approve(news('2020-01-15'))])

    it('is recorded as DAK_UNSPECIFIED in HISTORICAL_IMPORT, with a gap asking which kind', () => {
      const events = decide(cmd('AssertFundingSource', { source: 'DAK_UNSPECIFIED' }, imported), approved())
      expect(E.isRight(events) && events.right.map((e) => e.type)).toEqual([
        'FundingSourceAsserted',
        'ComplianceGapNoted',
      ])
      expect(E.isRight(events) && events.right[1]?.data).toMatchObject({
        rule: 'R31',
        missingDocKinds: ['SK_ALOKASI_DAK'],
      })
      const allocated = decide(
        allocate('dak', 500_000_000n, { source: 'DAK_UNSPECIFIED', purpose: 'CONSTRUCTION' }, imported),
        approved(),
      )
      expect(E.isRight(allocated) && allocated.right.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ rule: 'R31' }),
      )
    })

    it('is refused in OPERATIONAL mode, naming the kinds to choose from', () => {
      const error = rejection(cmd('AssertFundingSource', { source: 'DAK_UNSPECIFIED' }, ctx('2020-01-20')), approved())
      expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R31' })
      expect(error.message).toContain('DAK_FISIK, DAK_NONFISIK or DAK_TEMATIK')
    })

    it('notes the same gap on a facility’s imported funding history', () => {
      const registered = facilityDecider.decide(
        {
          type: 'RegisterFacility',
          data: {
            facilityId: 'fac-1',
            kind: 'SENTRA',
            name: 'Sentra IKM',
            region: regionRef('13.73'),
            kbli: [],
            productFocus: [],
            dataSource: 'NEWS',
            unitCount: 12,
          },
          context: newsContext(),
        },
        facilityDecider.initialState,
      )
      if (E.isLeft(registered)) throw new Error(registered.left.message)
      const state = registered.right.reduce(facilityDecider.evolve, facilityDecider.initialState)
      const history = facilityDecider.decide(
        {
          type: 'ImportFacilityFundingHistory',
          data: { facilityId: 'fac-1', source: 'DAK_UNSPECIFIED', amount: 1_000_000_000n, approximate: true },
          context: { ...newsContext(), evidence: { ...newsContext().evidence, approximate: true } },
        },
        state,
      )
      expect(E.isRight(history) && history.right.map((e) => e.type)).toEqual([
        'FacilityFundingHistoryImported',
        'ComplianceGapNoted',
      ])
    })
  })

  it('knows DBHCHT (dana bagi hasil cukai hasil tembakau), budgeted in the regional DPA', () => {
    expect(normalizeFundingSource('DBHCHT')).toEqual(E.right('DBHCHT'))
    expect(normalizeFundingSource('Dana Bagi Hasil Cukai Hasil Tembakau')).toEqual(E.right('DBHCHT'))
    const funded = run([
      register(),
      approve(),
      allocate('cht', 250_000_000n, { source: 'DBHCHT', budgetDoc: { kind: 'DPA', number: 'DPA-1' } }),
    ])
    expect(funded.state.status).toBe('FUNDED')
  })

  describe('an announced or planned budget', () => {
    const announce = cmd(
      'AnnounceBudget',
      { announcementId: 'a-2021', source: 'APBN_KL', amount: 2_000_000_000n, fiscalYear: 2021 },
      news('2020-06-01'),
    )

    it('is recorded, but is no allocation: the program stays APPROVED, with no funding line', () => {
      const after = run([register(), approve(), announce])
      expect(after.state.status).toBe('APPROVED')
      expect(isProgram(after.state) && after.state.lines.size).toBe(0)
      expect(isProgram(after.state) && after.state.announcedBudgets.get('a-2021')).toBe(2_000_000_000n)
    })

    it('never pays for a bimtek (R7 still refuses to open one in OPERATIONAL mode)', () => {
      const after = run([register(), approve(), announce, schedule()])
      expect(rejection(open(), after)).toMatchObject({ rule: 'R7' })
    })
  })

  describe('approximate figures (R32)', () => {
    it('never become an allocation or a realisation, whatever the mode', () => {
      const approved = run([register(), approve()])
      expect(rejection(allocate('l1', 24_300_000_000n, {}, approximate), approved)).toMatchObject({ rule: 'R32' })
      const funded = run([register(), approve(), allocate()])
      const spend = cmd(
        'RealizeExpenditure',
        {
          lineId: 'l1',
          expenditureId: 'x1',
          amount: 1_000_000n,
          category: 'HONOR_INSTRUKTUR',
          paymentDoc: { kind: 'SP2D', number: 'SP2D-1' },
        },
        approximate,
      )
      expect(rejection(spend, funded)).toMatchObject({ rule: 'R32' })
      const importedSpend = {
        ...spend,
        context: { ...news('2020-03-01'), evidence: { ...news('2020-03-01').evidence, approximate: true } },
      }
      expect(rejection(importedSpend, funded)).toMatchObject({ rule: 'R32' })
    })
  })
})
