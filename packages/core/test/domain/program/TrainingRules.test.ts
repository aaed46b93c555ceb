import { describe, expect, it } from 'vitest'
import { isProgram } from '../../../src/domain'
import {
  allocate,
  approve,
  cmd,
  ctx,
  date,
  executing,
  funded,
  news,
  open,
  region,
  register,
  rejection,
  run,
  schedule,
  select,
  type Run,
} from './fixtures'

const batch = (r: Run, batchId = 'b1') => (isProgram(r.state) ? r.state.batches.get(batchId) : undefined)

/** Executing with p1, p2 selected for batch b1. */
const withParticipants = (): Run => run([select('p1', { batchId: 'b1' }), select('p2', { batchId: 'b1' })], executing())

const attend = (day: string, present: ReadonlyArray<string>, absent: ReadonlyArray<string> = []) =>
  cmd('RecordAttendance', { batchId: 'b1', date: date(day), present, absent })

const complete = (endDate = '2020-06-05', ids: ReadonlyArray<string> = ['p1', 'p2'], daysHeld = 5) =>
  cmd('CompleteTrainingBatch', { batchId: 'b1', endDate: date(endDate), daysHeld, completedParticipantIds: ids })

describe('Program training rules', () => {
  it('R7: refuses to open a batch of an APPROVED program in OPERATIONAL mode, saying to allocate funding first', () => {
    const error = rejection(open(), run([register(), approve(), schedule()]))
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R7', code: 'DOMAIN_R7' })
    expect(error.message).toBe(
      'cannot open bimtek batch b1: program prg-test is APPROVED, not FUNDED for training (rule R7); allocate funding first',
    )
  })

  it('R7: in HISTORICAL_IMPORT mode accepts the opening on an asserted source and notes a gap', () => {
    const r = run([
      register(),
      approve(),
      cmd('AssertFundingSource', { source: 'DEKONSENTRASI' }, news('2020-05-01')),
      schedule(),
      open('b1', news('2020-06-01')),
    ])
    expect(r.events.slice(-2).map((e) => e.type)).toEqual(['TrainingBatchOpened', 'ComplianceGapNoted'])
    expect(r.events.at(-1)?.data).toMatchObject({ rule: 'R7', gapId: 'R7:batch:b1' })
    expect(r.state.status).toBe('IN_EXECUTION')
  })

  it('R7: refuses an import opening when no source is even asserted (the ordering is structural)', () => {
    expect(rejection(open('b1', news('2020-06-01')), run([register(), approve(), schedule()]))).toMatchObject({
      rule: 'R7',
    })
  })

  it('R7: a line for equipment only does not fund bimtek', () => {
    const r = run([register(), approve(), allocate('eq', 10n, { purpose: 'EQUIPMENT' }), schedule()])
    expect(rejection(open(), r)).toMatchObject({ rule: 'R7' })
  })

  it('R7: scheduling is allowed while only APPROVED, as planning', () => {
    expect(batch(run([register(), approve(), schedule()]))?.status).toBe('SCHEDULED')
  })

  it('R8: refuses a batch ending before it starts, and one outside the funded years', () => {
    expect(
      rejection(schedule('b2', { startDate: date('2020-06-05'), endDate: date('2020-06-01') }), funded()),
    ).toMatchObject({
      rule: 'R8',
    })
    const error = rejection(schedule('b2', { startDate: date('2020-12-30'), endDate: date('2021-01-02') }), funded())
    expect(error).toMatchObject({ rule: 'R8' })
    expect(error.message).toContain('2021-01-02')
  })

  it('R8 / T0.1: computes plannedDays as the inclusive day count', () => {
    const r = run([schedule('b1', { startDate: date('2020-11-30'), endDate: date('2020-12-04') })], funded())
    expect(r.events.at(-1)?.data).toMatchObject({ plannedDays: 5 })
    const moved = run(
      [
        cmd('RescheduleTrainingBatch', {
          batchId: 'b1',
          startDate: date('2020-12-01'),
          endDate: date('2020-12-02'),
          reason: 'banjir',
        }),
      ],
      r,
    )
    expect(batch(moved)?.plannedDays).toBe(2)
  })

  it('R9: refuses an opening more than the tolerance away from the start date', () => {
    const r = run([schedule()], funded())
    expect(rejection(open('b1', ctx('2020-06-03')), r)).toMatchObject({ rule: 'R9' })
    expect(batch(run([open('b1', ctx('2020-05-31'))], r))?.status).toBe('OPEN')
  })

  it('R9: refuses a completion dated before the last attendance', () => {
    const r = run([attend('2020-06-03', ['p1', 'p2'])], withParticipants())
    expect(rejection(complete('2020-06-02', ['p1', 'p2'], 2), r)).toMatchObject({ rule: 'R9' })
  })

  it('R11 / T4.2: refuses a batch of a region-limited track outside its regions', () => {
    const r = run(
      [
        cmd('DefineActivityTrack', {
          trackId: 't3',
          title: 'Minuman herbal',
          kbli: [],
          eligibleRegions: ['63.71', '63.72', '63.03', '63.01', '63.11'].map(region),
          mode: 'ONLINE',
        }),
      ],
      funded(),
    )
    const kotabaru = { ...region('63.02'), nameAtEvent: 'Kotabaru' }
    const error = rejection(schedule('b3', { trackId: 't3', region: kotabaru }), r)
    expect(error).toMatchObject({ rule: 'R11' })
    expect(error.message).toContain('63.02 Kotabaru')
  })

  it('R14: refuses attendance for someone not selected, outside the batch dates, or twice a day', () => {
    const r = withParticipants()
    expect(rejection(attend('2020-06-01', ['p9']), r)).toMatchObject({ rule: 'R14' })
    expect(rejection(attend('2020-06-06', ['p1']), r)).toMatchObject({ rule: 'R14' })
    const day1 = run([attend('2020-06-01', ['p1'], ['p2'])], r)
    expect(rejection(attend('2020-06-01', ['p2']), day1)).toMatchObject({ rule: 'R14' })
    expect(rejection(attend('2020-06-02', ['p1', 'p1']), day1)).toMatchObject({ rule: 'R14' })
  })

  it('R15: certificates only for completed participants, once, and above the minimum attendance', () => {
    const r = run(
      [
        cmd('SetTrainingPolicy', { policy: { minAttendanceBpForCertificate: 8_000 } }),
        attend('2020-06-01', ['p1', 'p2']),
        attend('2020-06-02', ['p1'], ['p2']),
        attend('2020-06-03', ['p1'], ['p2']),
        attend('2020-06-04', ['p1'], ['p2']),
        attend('2020-06-05', ['p1', 'p2']),
        complete('2020-06-05', ['p1', 'p2']),
      ],
      withParticipants(),
    )
    const certified = run([cmd('IssueCertificate', { batchId: 'b1', personId: 'p1', certificateNo: 'SRT-1' })], r)
    expect(certified.events.at(-1)?.type).toBe('CertificateIssued')
    expect(rejection(cmd('IssueCertificate', { batchId: 'b1', personId: 'p1' }), certified)).toMatchObject({
      _tag: 'AlreadyExists',
    })
    const low = rejection(cmd('IssueCertificate', { batchId: 'b1', personId: 'p2' }), r)
    expect(low).toMatchObject({ rule: 'R15' })
    expect(low.message).toContain('4000 bp')
    const partial = run([complete('2020-06-05', ['p1'])], withParticipants())
    expect(rejection(cmd('IssueCertificate', { batchId: 'b1', personId: 'p2' }), partial)).toMatchObject({
      rule: 'R15',
    })
  })

  it('R15: refuses to complete a batch with a participant who was not selected for it', () => {
    expect(rejection(complete('2020-06-05', ['p1', 'p9']), withParticipants())).toMatchObject({ rule: 'R15' })
  })

  it('R16: refuses to open a batch with no instructor when the program requires one', () => {
    const r = run([cmd('SetTrainingPolicy', { policy: { requiresInstructor: true } }), schedule()], funded())
    const error = rejection(open(), r)
    expect(error).toMatchObject({ rule: 'R16' })
    expect(error.message).toContain('assign an instructor first')
    const assigned = run(
      [
        cmd('AssignInstructor', {
          assignmentId: 'i1',
          org: { orgId: 'kemenperin', kind: 'KEMENPERIN', nameAtEvent: 'Kementerian Perindustrian' },
          batchId: 'b1',
        }),
        open(),
      ],
      r,
    )
    expect(batch(assigned)?.status).toBe('OPEN')
  })

  it('walks a batch SCHEDULED → OPEN → COMPLETED and refuses steps out of order', () => {
    const scheduled = run([schedule()], funded())
    expect(rejection(attend('2020-06-01', []), scheduled)._tag).toMatch(/InvalidTransition/)
    expect(rejection(complete(), scheduled)._tag).toBe('InvalidTransition')
    const done = run([complete()], withParticipants())
    expect(batch(done)?.status).toBe('COMPLETED')
    expect(rejection(open('b1'), done)._tag).toBe('InvalidTransition')
    expect(
      rejection(
        cmd('RescheduleTrainingBatch', {
          batchId: 'b1',
          startDate: date('2020-07-01'),
          endDate: date('2020-07-02'),
          reason: 'x',
        }),
        done,
      )._tag,
    ).toBe('InvalidTransition')
    expect(rejection(select('p3', { batchId: 'b1' }), done)).toMatchObject({ rule: 'R10' })
  })
})
