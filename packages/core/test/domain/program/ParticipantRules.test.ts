import { describe, expect, it } from 'vitest'
import { isProgram, participantKey, type ProgramCommandOf, type ProgramEvent } from '../../../src/domain'
import {
  allocate,
  approve,
  cmd,
  date,
  funded,
  org,
  region,
  register,
  rejection,
  run,
  schedule,
  consenting,
  news,
  select,
  selectUndated,
  type Run,
} from './fixtures'

const withTracks = (): Run =>
  run(
    [
      cmd('DefineActivityTrack', {
        trackId: 't1',
        title: 'Hazmat / APD',
        kbli: [],
        eligibleRegions: [],
        mode: 'ON_SITE_VISIT',
      }),
      cmd('DefineActivityTrack', {
        trackId: 't3',
        title: 'Minuman herbal',
        kbli: [{ version: '2020', code: '11040' }],
        eligibleRegions: ['63.71', '63.72', '63.03', '63.01', '63.11'].map(region),
        mode: 'ONLINE',
      }),
    ],
    funded(),
  )

const selected = (r: Run) =>
  isProgram(r.state) ? [...r.state.participants.values()].filter((x) => x.status === 'SELECTED') : []

describe('Program participant rules', () => {
  it('R10: refuses a selection beyond a program quota', () => {
    const r = run([cmd('SetQuota', { scope: {}, maxParticipants: 2 }), select('p1'), select('p2')], funded())
    const error = rejection(select('p3'), r)
    expect(error).toMatchObject({ rule: 'R10' })
    expect(error.message).toContain('quota of 2 for the whole program')
  })

  it('R10: applies a per-region quota to each region separately', () => {
    const r = run(
      [
        cmd('SetQuota', { scope: { trackId: 't1', perRegion: true }, maxParticipants: 1 }),
        select('p1', { trackId: 't1' }),
      ],
      withTracks(),
    )
    expect(rejection(select('p2', { trackId: 't1' }), r)).toMatchObject({ rule: 'R10' })
    expect(selected(run([select('p2', { trackId: 't1', region: region('63.72') })], r))).toHaveLength(2)
  })

  it('R10: refuses a selection into a full batch, and a quota below those already selected', () => {
    const r = run([schedule('b1', { capacity: 1 }), select('p1', { batchId: 'b1' })], funded())
    expect(rejection(select('p2', { batchId: 'b1' }), r)).toMatchObject({ rule: 'R10' })
    const many = run([select('p1'), select('p2')], funded())
    expect(rejection(cmd('SetQuota', { scope: {}, maxParticipants: 1 }), many)).toMatchObject({ rule: 'R10' })
  })

  it('R11: refuses a participant outside the age limits, and needs a birth date to check them', () => {
    const r = run([cmd('SetEligibilityPolicy', { policyId: 'medan-milenial', params: { maxAgeYears: 35 } })], funded())
    const old = rejection(select('p1', { birthDate: date('1970-01-01') }), r)
    expect(old).toMatchObject({ rule: 'R11' })
    expect(old.message).toContain('aged 50')
    expect(rejection(selectUndated('p1'), r).message).toContain('birth date')
  })

  it('R11: refuses a domicile outside the track regions', () => {
    const error = rejection(select('p1', { trackId: 't3', region: region('63.02') }), withTracks())
    expect(error).toMatchObject({ rule: 'R11' })
    expect(error.message).toContain('63.02')
  })

  it('R11: refuses a track whose regions lie outside the program', () => {
    const error = rejection(
      cmd('DefineActivityTrack', {
        trackId: 'tx',
        title: 'x',
        kbli: [],
        eligibleRegions: [region('16.06')],
        mode: 'CLASSROOM',
      }),
      funded(),
    )
    expect(error).toMatchObject({ rule: 'R11' })
  })

  it('R11: applies the civil-servant and existing-business criteria from command input', () => {
    const r = run(
      [
        cmd('SetEligibilityPolicy', {
          policyId: 'wp',
          params: { excludeCivilServants: true, requireExistingBusiness: true },
        }),
      ],
      funded(),
    )
    expect(rejection(select('p1', { isCivilServant: true, hasExistingBusiness: true }), r)).toMatchObject({
      rule: 'R11',
    })
    expect(rejection(select('p1', { isCivilServant: false }), r)).toMatchObject({ rule: 'R11' })
    const ok = run([select('p1', { isCivilServant: false, hasExistingBusiness: true })], r)
    expect(ok.events.at(-1)).toMatchObject({
      type: 'ParticipantSelected',
      data: { eligibility: { passed: true, policyId: 'wp', checks: ['CIVIL_SERVANT', 'EXISTING_BUSINESS'] } },
    })
  })

  it('R12: refuses to select the same person twice in a track, and repeat beneficiaries above the policy', () => {
    const r = run([select('p1', { trackId: 't1' })], withTracks())
    expect(rejection(select('p1', { trackId: 't1' }), r)).toMatchObject({ rule: 'R12' })
    expect(selected(run([select('p1', { trackId: 't3' })], r))).toHaveLength(2)
    const policy = run([cmd('SetEligibilityPolicy', { policyId: 'once', params: { maxPriorSimilarAid: 0 } })], funded())
    expect(rejection(select('p9', { priorSimilarAidCount: 1 }), policy)).toMatchObject({ rule: 'R12' })
  })

  it('R29: a DPR-aspirasi program refuses a group member checked only through the group leader', () => {
    const dpr = run([
      register({
        origin: {
          kind: 'ASPIRASI_DPR',
          member: {
            nameAtEvent: 'Bambang Wasista Bambang Utoyo',
            positionAtEvent: 'Anggota DPR RI',
            org: org('dpr', 'DPR_RI'),
          },
          commission: 'VI',
          party: 'Golkar',
        },
      }),
      approve(),
      allocate(),
    ])
    const error = rejection(
      select('p1', { groupId: 'kub-1', checkedVia: 'GROUP_LEADER', birthDate: date('1990-01-01') }),
      dpr,
    )
    expect(error).toMatchObject({ rule: 'R29' })
    expect(error.message).toContain('group kub-1')
    expect(rejection(selectUndated('p1', { groupId: 'kub-1' }), dpr)).toMatchObject({ rule: 'R29' })
    const ok = run([select('p1', { groupId: 'kub-1', birthDate: date('1990-01-01') })], dpr)
    expect(ok.events.at(-1)).toMatchObject({ data: { eligibility: { individuallyChecked: true } } })
  })

  it('R30: an operational selection needs the person facts and a lawful basis; an import of bare ids does not', () => {
    const { person: _, ...bare } = select('p1').data
    const noFacts = { ...select('p1'), data: bare } as ProgramCommandOf<'SelectParticipant'>
    expect(rejection(noFacts, funded())).toMatchObject({ rule: 'R30' })
    const { lawfulBasis: __, ...noBasis } = consenting('p1')
    expect(rejection(select('p1', { person: noBasis }), funded())).toMatchObject({ rule: 'R30' })
    expect(rejection(select('p1', { person: { ...consenting('p1'), status: 'ERASED' } }), funded())).toMatchObject({
      rule: 'R30',
    })
    const imported = { ...noFacts, context: news('2020-05-20') }
    expect(run([imported], funded()).events.at(-1)).toMatchObject({ type: 'ParticipantSelected' })
  })

  it('R13: a child is refused without a guardian consent, even in an import', () => {
    const child = { birthDate: date('2004-01-01') }
    expect(rejection(select('p1', child), funded())).toMatchObject({ rule: 'R13' })
    const { person: _, ...bare } = select('p1', child).data
    const imported = {
      ...select('p1'),
      data: bare,
      context: news('2020-05-20'),
    } as ProgramCommandOf<'SelectParticipant'>
    expect(rejection(imported, funded())).toMatchObject({ rule: 'R13' })
    expect(
      run([select('p1', { ...child, person: { ...consenting('p1'), guardianConsent: true } })], funded()).events.at(-1),
    ).toMatchObject({ type: 'ParticipantSelected' })
  })

  it('stores only the eligibility result, an age band and sex, never the birth date', () => {
    const child = { ...consenting('p1'), guardianConsent: true, sex: 'F' as const }
    const r = run([select('p1', { birthDate: date('2003-07-01'), person: child })], funded())
    const event = r.events.at(-1) as ProgramEvent
    expect(event).toMatchObject({
      type: 'ParticipantSelected',
      data: { demographics: { ageBand: '<18', sex: 'F' } },
    })
    expect(JSON.stringify(event.data)).not.toContain('2003')
  })

  it('withdraws a selected participant, freeing the quota, and refuses to withdraw someone not selected', () => {
    const r = run([cmd('SetQuota', { scope: {}, maxParticipants: 1 }), select('p1')], funded())
    const after = run([cmd('WithdrawParticipant', { personId: 'p1', reason: 'sakit' }), select('p2')], r)
    expect(isProgram(after.state) && after.state.participants.get(participantKey('p1', undefined))?.status).toBe(
      'WITHDRAWN',
    )
    expect(rejection(cmd('WithdrawParticipant', { personId: 'p9', reason: 'x' }), r)).toMatchObject({
      _tag: 'UnknownEntity',
    })
  })

  it('nominates once per person and track, and assigns instructors only to known batches and tracks', () => {
    const r = run(
      [
        cmd('NominateParticipant', {
          personId: 'p1',
          nominatedBy: org('disperin-hsu', 'DINAS_KABKOTA'),
          region: region('63.08'),
        }),
      ],
      funded(),
    )
    expect(
      rejection(
        cmd('NominateParticipant', { personId: 'p1', nominatedBy: org('d', 'DINAS_KABKOTA'), region: region('63.08') }),
        r,
      ),
    ).toMatchObject({
      _tag: 'AlreadyExists',
    })
    expect(
      rejection(
        cmd('AssignInstructor', { assignmentId: 'i1', org: org('kemenperin', 'KEMENPERIN'), batchId: 'nope' }),
        r,
      ),
    ).toMatchObject({
      _tag: 'UnknownEntity',
    })
    expect(
      run([cmd('AssignInstructor', { assignmentId: 'i1', org: org('kemenperin', 'KEMENPERIN') })], r).events.at(-1)
        ?.type,
    ).toBe('InstructorAssigned')
  })
})
