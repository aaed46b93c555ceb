import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { civilDateAt, decodeProgramCommand, isProgram } from '../../../src/domain'
import { allocate, approve, budgetDoc, cmd, ctx, funded, news, rejection, register, run, type Run } from './fixtures'

const sp2d = { kind: 'SP2D' as const, number: 'SP2D-0001' }

const spend = (expenditureId: string, amount: bigint, on = '2020-03-01', overrides: object = {}, context = ctx(on)) =>
  cmd(
    'RealizeExpenditure',
    { lineId: 'l1', expenditureId, amount, category: 'HONOR_INSTRUKTUR', paymentDoc: sp2d, ...overrides },
    context,
  )

const dakProgram = (allocation = 2_000_000_000n): Run =>
  run([
    register(),
    approve(),
    allocate('dak', allocation, {
      source: 'DAK_FISIK',
      purpose: 'CONSTRUCTION',
      budgetDoc: { kind: 'SK_ALOKASI_DAK', number: 'SK-1' },
    }),
  ])

const tranche = (n: 1 | 2 | 3 | 'SEKALIGUS', amount: bigint, absorption = 0, output = 0) =>
  cmd('ReceiveDakTranche', {
    lineId: 'dak',
    tranche: n,
    amount,
    absorptionBpAtRequest: absorption,
    outputBpAtRequest: output,
  })

const lineOf = (r: Run, lineId: string) => (isProgram(r.state) ? r.state.lines.get(lineId) : undefined)

describe('Program funding rules', () => {
  it('R1: refuses an allocation to a PLANNED program and says to approve it first', () => {
    const error = rejection(allocate(), run([register()]))
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R1', code: 'DOMAIN_R1' })
    expect(error.message).toContain('approve the program first')
  })

  it('R1 (document): refuses an allocation without a budget document in OPERATIONAL mode', () => {
    const error = rejection(allocate('l1', 5n, { budgetDoc: undefined }), run([register(), approve()]))
    expect(error).toMatchObject({ rule: 'R1' })
    expect(error.message).toContain('DIPA')
  })

  it('R1 (document): in HISTORICAL_IMPORT mode records the allocation and notes a gap instead', () => {
    const r = run([allocate('l1', 5n, { budgetDoc: undefined }, news('2020-02-01'))], run([register(), approve()]))
    expect(r.events.map((e) => e.type)).toEqual([
      'ProgramRegistered',
      'ProgramApproved',
      'FundingAllocated',
      'ComplianceGapNoted',
    ])
    expect(r.events[3]?.data).toMatchObject({ gapId: 'R1:line:l1', rule: 'R1', missingDocKinds: ['DIPA'] })
  })

  it('R2: refuses a zero amount at the codec and in the decider', () => {
    const error = rejection(allocate('l1', 0n), run([register(), approve()]))
    expect(error).toMatchObject({ rule: 'R2' })
    const wire = { ...allocate('l1', 0n), data: { ...allocate('l1', 0n).data, amount: '0' } }
    const decoded = decodeProgramCommand(JSON.parse(JSON.stringify(wire)))
    expect(E.isLeft(decoded) && decoded.left.message).toContain('at data.amount')
  })

  it('R2: refuses to revise a line below what is already realised', () => {
    const r = run([spend('e1', 60_000_000n)], funded())
    const error = rejection(
      cmd('ReviseFunding', { lineId: 'l1', newAmount: 50_000_000n, reason: 'REFOCUSING_COVID19' }),
      r,
    )
    expect(error).toMatchObject({ rule: 'R2' })
    expect(error.message).toContain('Rp60.000.000')
    const ok = run([cmd('ReviseFunding', { lineId: 'l1', newAmount: 60_000_000n, reason: 'REFOCUSING_COVID19' })], r)
    expect(lineOf(ok, 'l1')?.allocated).toBe(60_000_000n)
  })

  it('R3: refuses spending above the allocation', () => {
    const r = run([spend('e1', 90_000_000n)], funded())
    const error = rejection(spend('e2', 20_000_000n), r)
    expect(error).toMatchObject({ rule: 'R3' })
    expect(error.message).toContain('Rp110.000.000')
  })

  it('R3: a reversal frees room on the line and cannot exceed what remains', () => {
    const r = run(
      [
        spend('e1', 90_000_000n),
        cmd('ReverseExpenditure', { expenditureId: 'e1', amount: 30_000_000n, reason: 'kelebihan bayar' }),
      ],
      funded(),
    )
    expect(lineOf(r, 'l1')?.netRealised).toBe(60_000_000n)
    expect(lineOf(run([spend('e2', 40_000_000n)], r), 'l1')?.netRealised).toBe(100_000_000n)
    expect(
      rejection(cmd('ReverseExpenditure', { expenditureId: 'e1', amount: 60_000_001n, reason: 'x' }), r),
    ).toMatchObject({ rule: 'R3' })
  })

  it('R3: refuses DAK spending above the tranches received', () => {
    const r = run([tranche(1, 500_000_000n)], dakProgram())
    const error = rejection(spend('e1', 600_000_000n, '2020-03-01', { lineId: 'dak', category: 'KONSTRUKSI' }), r)
    expect(error).toMatchObject({ rule: 'R3' })
    expect(error.message).toContain('received in tranches')
  })

  it('R4: refuses an expenditure dated outside the line fiscal year', () => {
    const error = rejection(spend('e1', 1_000n, '2021-01-01'), funded())
    expect(error).toMatchObject({ rule: 'R4' })
    expect(error.message).toContain('fiscal year 2021')
  })

  it('R5: refuses spending on news evidence in OPERATIONAL mode', () => {
    const error = rejection(
      spend('e1', 1_000n, '2020-03-01', {}, ctx('2020-03-01', 'OPERATIONAL', { level: 'NEWS_REPORT', refs: [] })),
      funded(),
    )
    expect(error).toMatchObject({ rule: 'R5' })
  })

  it('R5: refuses spending with no payment document, and notes a gap when importing', () => {
    expect(rejection(spend('e1', 1_000n, '2020-03-01', { paymentDoc: undefined }), funded())).toMatchObject({
      rule: 'R5',
    })
    const r = run([spend('e1', 1_000n, '2020-03-01', { paymentDoc: undefined }, news('2020-03-01'))], funded())
    expect(r.events.at(-1)).toMatchObject({
      type: 'ComplianceGapNoted',
      data: { rule: 'R5', subject: 'expenditure:e1' },
    })
  })

  it('R5: accepts a kuitansi given as an evidence reference', () => {
    const r = run(
      [
        spend(
          'e1',
          1_000n,
          '2020-03-01',
          { paymentDoc: undefined },
          ctx('2020-03-01', 'OPERATIONAL', { level: 'DOCUMENTED', refs: [{ kind: 'KUITANSI', number: 'K-9' }] }),
        ),
      ],
      funded(),
    )
    expect(r.events.at(-1)?.type).toBe('ExpenditureRealized')
  })

  it('R6: takes DAK tranches in order and against the year policy', () => {
    const base = dakProgram()
    expect(rejection(tranche(2, 1n, 9_000), base)).toMatchObject({ rule: 'R6' })
    const one = run([tranche(1, 500_000_000n)], base)
    const low = rejection(tranche(2, 500_000_000n, 7_499), one)
    expect(low).toMatchObject({ rule: 'R6' })
    expect(low.message).toContain('7500 bp')
    const two = run([tranche(2, 500_000_000n, 7_500)], one)
    expect(rejection(tranche(3, 500_000_000n, 9_000, 6_999), two)).toMatchObject({ rule: 'R6' })
    const three = run([tranche(3, 500_000_000n, 9_000, 7_000)], two)
    expect(lineOf(three, 'dak')?.tranchesReceived).toBe(1_500_000_000n)
    expect(rejection(tranche(3, 1n, 9_000, 7_000), three)).toMatchObject({ rule: 'R6' })
  })

  it('R6: refuses tranches above the allocation, on non-DAK lines, and a one-off payment of a large allocation', () => {
    expect(rejection(tranche(1, 2_000_000_001n), dakProgram())).toMatchObject({ rule: 'R6' })
    expect(rejection(tranche('SEKALIGUS', 2_000_000_000n), dakProgram())).toMatchObject({ rule: 'R6' })
    expect(run([tranche('SEKALIGUS', 900_000_000n)], dakProgram(900_000_000n)).events.at(-1)?.type).toBe(
      'DakTrancheReceived',
    )
    const notDak = cmd('ReceiveDakTranche', {
      lineId: 'l1',
      tranche: 1,
      amount: 1n,
      absorptionBpAtRequest: 0,
      outputBpAtRequest: 0,
    })
    expect(rejection(notDak, funded())).toMatchObject({ rule: 'R6' })
  })

  it('T4.6: the fiscal-year rule uses the civil date of the place, so a WITA new-year payment misses an FY2020 line', () => {
    const instant = '2020-12-31T16:30:00.000Z' // 2021-01-01 00:30 WITA (Banjarbaru) = 2020-12-31 23:30 WIB
    expect(civilDateAt(instant, 'Asia/Makassar')).toBe('2021-01-01')
    expect(civilDateAt(instant, 'Asia/Jakarta')).toBe('2020-12-31')
    const occurredOn = civilDateAt(instant, 'Asia/Makassar')
    const error = rejection(
      spend('e-wita', 1_000n, occurredOn, {}, { ...ctx(occurredOn), placeTimeZone: 'Asia/Makassar' }),
      funded(),
    )
    expect(error).toMatchObject({ rule: 'R4' })
  })

  it('refuses unknown lines and duplicate expenditures', () => {
    expect(rejection(spend('e1', 1n, '2020-03-01', { lineId: 'nope' }), funded())).toMatchObject({
      _tag: 'UnknownEntity',
    })
    expect(rejection(spend('e1', 1n), run([spend('e1', 1n)], funded()))).toMatchObject({ _tag: 'AlreadyExists' })
    expect(rejection(allocate('l1', 1n, { budgetDoc }), funded())).toMatchObject({ _tag: 'AlreadyExists' })
  })
})
