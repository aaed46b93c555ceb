import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  DAK_TRANCHE_POLICY_2018,
  makeProgramDecider,
  openGapsOf,
  regionDirectoryFrom,
  regionListFrom,
  SHIPPED_REGION_LISTS,
  type ProgramState,
} from '../../../src/domain'
import { allocate, approve, cmd, funded, news, region, register, rejection, run, type Run } from './fixtures'

const completed = (): Run =>
  run([cmd('StartProgramExecution', { trigger: 'OTHER' }), cmd('CompleteProgramExecution', {})], funded())

describe('programDecider', () => {
  it('refuses a region reference that is not in its list, naming the code', () => {
    const error = rejection(register({ regions: [{ ...region('63.71'), code: '63.79' }] }), {
      state: { status: 'NONE' },
      events: [],
    })
    expect(error).toMatchObject({ _tag: 'InvalidCommand', command: 'RegisterProgram' })
    expect(error.message).toContain('63.79')
    const misnamed = rejection(register({ regions: [{ ...region('63.71'), nameAtEvent: 'Kota Medan' }] }), {
      state: { status: 'NONE' },
      events: [],
    })
    expect(misnamed.message).toContain('Kota Banjarmasin')
  })

  it('takes a fuller region list and its own DAK thresholds as parameters', () => {
    const list = regionListFrom({ scheme: 'KEMENDAGRI', version: 'KEMENDAGRI:full', source: 'test' }, [
      { code: '64', level: 'PROV', name: 'Kalimantan Timur' },
    ])
    if (E.isLeft(list)) throw new Error(list.left)
    const decider = makeProgramDecider({
      regions: regionDirectoryFrom([...SHIPPED_REGION_LISTS, list.right]),
      dakTranchePolicies: new Map([[2020, { ...DAK_TRANCHE_POLICY_2018, tranche2MinAbsorptionBp: 5_000 }]]),
    })
    const steps = [
      register({
        regions: [
          {
            scheme: 'KEMENDAGRI',
            code: '64',
            level: 'PROV',
            nameAtEvent: 'Kalimantan Timur',
            listVersion: 'KEMENDAGRI:full',
          },
        ],
      }),
      approve(),
      allocate('dak', 2_000_000_000n, { source: 'DAK_FISIK', budgetDoc: { kind: 'SK_ALOKASI_DAK', number: 'SK' } }),
      cmd('ReceiveDakTranche', {
        lineId: 'dak',
        tranche: 1,
        amount: 500_000_000n,
        absorptionBpAtRequest: 0,
        outputBpAtRequest: 0,
      }),
      cmd('ReceiveDakTranche', {
        lineId: 'dak',
        tranche: 2,
        amount: 500_000_000n,
        absorptionBpAtRequest: 5_000,
        outputBpAtRequest: 0,
      }),
    ]
    let state: ProgramState = decider.initialState
    for (const step of steps) {
      const decided = decider.decide(step, state)
      if (E.isLeft(decided)) throw new Error(decided.left.message)
      for (const event of decided.right) state = decider.evolve(state, event)
    }
    expect(state.status).toBe('FUNDED')
  })

  it('requires the report document in OPERATIONAL mode and notes a DOC gap when importing without it', () => {
    expect(rejection(cmd('SubmitProgramReport', {}), completed())).toMatchObject({ _tag: 'InvalidCommand' })
    const r = run([cmd('SubmitProgramReport', {}, news('2020-12-20'))], completed())
    expect(r.state.status).toBe('REPORTED')
    expect(openGapsOf(r.state)).toMatchObject([{ rule: 'DOC', missingDocKinds: ['LAPORAN_KEGIATAN'] }])
  })

  it('starts execution from APPROVED only on asserted funding in HISTORICAL_IMPORT, with an R7 gap', () => {
    const approved = run([register(), approve()])
    expect(
      rejection(cmd('StartProgramExecution', { trigger: 'HISTORICAL_RECORD' }, news('2020-03-01')), approved),
    ).toMatchObject({ rule: 'R7' })
    const asserted = run([cmd('AssertFundingSource', { source: 'APBD_KABKOTA' }, news('2020-02-01'))], approved)
    expect(rejection(cmd('StartProgramExecution', { trigger: 'HISTORICAL_RECORD' }), asserted)).toMatchObject({
      rule: 'R7',
    })
    const started = run([cmd('StartProgramExecution', { trigger: 'HISTORICAL_RECORD' }, news('2020-03-01'))], asserted)
    expect(started.state.status).toBe('IN_EXECUTION')
    expect(openGapsOf(started.state).map((g) => g.gapId)).toEqual(['R7:execution:prg-test'])
  })

  it('notes a gap by hand once, and asserting the same source twice changes nothing', () => {
    const gap = cmd(
      'NoteComplianceGap',
      { rule: 'R21', subject: 'package:pkg-A', missingDocKinds: ['BAST_OPERASIONAL'], note: 'BAST belum ada' },
      news('2020-12-01'),
    )
    const noted = run([gap], funded())
    expect(rejection(gap, noted)).toMatchObject({ _tag: 'AlreadyExists' })
    const twice = run(
      [cmd('AssertFundingSource', { source: 'APBN_KL' }), cmd('AssertFundingSource', { source: 'APBN_KL' })],
      funded(),
    )
    expect(twice.events.filter((e) => e.type === 'FundingSourceAsserted')).toHaveLength(1)
  })

  it('links equipment and facilities once each', () => {
    const linked = run(
      [cmd('LinkEquipment', { packageId: 'pkg-A' }), cmd('LinkFacility', { facilityId: 'fac-1', worksId: 'w1' })],
      funded(),
    )
    expect(rejection(cmd('LinkEquipment', { packageId: 'pkg-A' }), linked)).toMatchObject({ _tag: 'AlreadyExists' })
    expect(rejection(cmd('LinkFacility', { facilityId: 'fac-1' }), linked)).toMatchObject({ _tag: 'AlreadyExists' })
  })

  it('keeps every event of one command together: the fact first, then its gap', () => {
    const r = run([allocate('l2', 5n, { budgetDoc: undefined }, news('2020-02-01'))], funded())
    expect(r.events.slice(-2).map((e) => e.type)).toEqual(['FundingAllocated', 'ComplianceGapNoted'])
  })
})
