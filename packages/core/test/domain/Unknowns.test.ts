import { describe, expect, it } from 'vitest'
import { auditDecider } from '../../src/domain/audit/AuditDecider'
import { decodeAuditCommand } from '../../src/domain/audit/AuditCommands'
import { decodeFacilityCommand } from '../../src/domain/facility/FacilityCommands'
import { facilityDecider } from '../../src/domain/facility/FacilityDecider'
import { decodeGroupCommand } from '../../src/domain/group/GroupCommands'
import { groupDecider } from '../../src/domain/group/GroupDecider'
import { decodeProposalCommand } from '../../src/domain/proposal/ProposalCommands'
import { proposalDecider } from '../../src/domain/proposal/ProposalDecider'
import { regionRef } from '../../src/domain/values/Region'
import { allocate, approve, cmd, ctx, date, news, open, register, rejection, run, schedule } from './program/fixtures'
import { documentedContext, eventsOf, mustDecode, newsContext, org, given, rejectionOf } from './support/fixtures'

// Facts a news report may lack are recorded as unknown in HISTORICAL_IMPORT mode, never invented; an
// operational command must state them (issue #14, item 6).

const operational = documentedContext('OPERATIONAL')
const official = (nameAtEvent: string) => ({
  nameAtEvent,
  positionAtEvent: 'Kepala Dinas',
  org: org('disperindag', 'DINAS_KABKOTA', '52.05'),
})

describe('unknowns in HISTORICAL_IMPORT', () => {
  it('records a program whose origin is not reported, and refuses that in OPERATIONAL mode', () => {
    const unknown = { origin: { kind: 'NOT_REPORTED' as const } }
    const imported = run([register(unknown, news('2020-01-10'))])
    expect(imported.events[0]?.data).toMatchObject({ origin: { kind: 'NOT_REPORTED' } })
    expect(rejection(register(unknown, ctx('2020-01-10')), run([])).message).toMatch(
      /OPERATIONAL mode needs an origin \(who initiated it\)/,
    )
  })

  it('opens a batch without the name of who opened it in an import, never in operation', () => {
    const given = run([
      register({}, news('2020-01-10')),
      approve(news('2020-01-15')),
      cmd('AssertFundingSource', { source: 'DEKONSENTRASI' }, news('2020-05-01')),
      schedule(),
    ])
    const anonymous = cmd('OpenTrainingBatch', { batchId: 'b1' }, news('2020-06-01'))
    const openedOf = (r: typeof given) => r.events.find((e) => e.type === 'TrainingBatchOpened')
    expect(openedOf(run([anonymous], given))?.data).toEqual({ batchId: 'b1', speakers: [] })
    expect(rejection(cmd('OpenTrainingBatch', { batchId: 'b1' }, ctx('2020-06-01')), given).message).toMatch(
      /needs openedBy/,
    )
    // Named, it is recorded as before.
    expect(openedOf(run([open('b1', news('2020-06-01'))], given))?.data).toHaveProperty('openedBy')
  })

  it('schedules a batch known only by its duration ("5 hari") without dates, and checks no date against it', () => {
    const undated = cmd(
      'ScheduleTrainingBatch',
      { batchId: 'b1', title: 'Bimtek', mode: 'CLASSROOM', region: regionRef('63.71'), plannedDays: 5 },
      news('2020-01-25'),
    )
    const given = run([
      register({}, news('2020-01-10')),
      approve(news('2020-01-15')),
      cmd('AssertFundingSource', { source: 'DEKONSENTRASI' }, news('2020-05-01')),
      undated,
    ])
    expect(given.events.find((e) => e.type === 'TrainingBatchScheduled')?.data).toEqual({
      batchId: 'b1',
      title: 'Bimtek',
      mode: 'CLASSROOM',
      region: regionRef('63.71'),
      plannedDays: 5,
    })
    // Opened and completed on the dates the news gives; the days held fit the duration.
    const held = run(
      [
        cmd('OpenTrainingBatch', { batchId: 'b1' }, news('2020-06-22')),
        cmd(
          'CompleteTrainingBatch',
          { batchId: 'b1', endDate: date('2020-06-26'), daysHeld: 5, completedParticipantIds: [] },
          news('2020-06-26'),
        ),
      ],
      given,
    )
    expect(held.state.status).toBe('IN_EXECUTION')
    // Operational scheduling needs the dates; an operational command on the undated batch is refused.
    const operationalUndated = { ...undated, data: { ...undated.data, batchId: 'b3' }, context: ctx('2020-01-25') }
    expect(rejection(operationalUndated as typeof undated, given).message).toMatch(/needs startDate, endDate/)
    const fundedUndated = run([register(), approve(), allocate(), undated])
    const openOperationally = cmd(
      'OpenTrainingBatch',
      { batchId: 'b1', openedBy: official('Mahyuni') },
      ctx('2020-06-22'),
    )
    expect(rejection(openOperationally, fundedUndated)).toMatchObject({ rule: 'R9' })
    // Dates and a contradicting duration are refused.
    const contradicting = cmd(
      'ScheduleTrainingBatch',
      {
        batchId: 'b2',
        title: 'Bimtek',
        mode: 'CLASSROOM',
        region: regionRef('63.71'),
        startDate: date('2020-06-01'),
        endDate: date('2020-06-05'),
        plannedDays: 3,
      },
      news('2020-01-25'),
    )
    expect(rejection(contradicting, given)).toMatchObject({ _tag: 'InvalidCommand' })
  })

  it('records a proposal without its proposer, and with an unreported origin, only in an import', () => {
    const submit = (context: object) =>
      mustDecode(decodeProposalCommand)({
        type: 'SubmitProposal',
        data: {
          proposalId: 'prp-1',
          origin: { kind: 'NOT_REPORTED' },
          addressee: official('Reni Yanita'),
          items: [{ itemId: 'i1', kind: 'EQUIPMENT', description: 'mesin', region: regionRef('52.05') }],
          documents: [],
        },
        context,
      })
    const [event] = eventsOf(proposalDecider, [], submit(newsContext()))
    expect(event?.data).not.toHaveProperty('proposer')
    expect(rejectionOf(proposalDecider, [], submit(operational)).message).toMatch(
      /needs a proposer, an origin \(who initiated it\)/,
    )
  })

  it('forms a group the news does not name in an import, and refuses an unnamed group in operation', () => {
    const form = (context: object) =>
      mustDecode(decodeGroupCommand)({
        type: 'FormGroup',
        data: { groupId: 'kub-1', kind: 'KUB', region: regionRef('52.05') },
        context,
      })
    expect(eventsOf(groupDecider, [], form(newsContext()))[0]?.data).not.toHaveProperty('name')
    expect(rejectionOf(groupDecider, [], form(operational)).message).toMatch(/needs a name/)
  })

  it('records an audit finding whose recommendations the news does not quote, only in an import', () => {
    const finding = (context: object) =>
      mustDecode(decodeAuditCommand)({
        type: 'RecordAuditFinding',
        data: {
          findingId: 'f1',
          auditor: 'BPK',
          lhpDate: '2022-07-31',
          subjects: { programIds: ['prg-1'] },
          category: 'OTHER',
          criteria: 'ketentuan',
          condition: 'peralatan tersimpan di gudang',
          recommendations: [],
        },
        context,
      })
    expect(eventsOf(auditDecider, [], finding(newsContext())).map((e) => e.type)).toEqual([
      'AuditFindingRecorded',
      'ComplianceGapNoted',
    ])
    expect(rejectionOf(auditDecider, [], finding(operational)).message).toMatch(/needs at least one recommendation/)
  })

  describe('facility works', () => {
    const facility = mustDecode(decodeFacilityCommand)
    const registerSentra = (context: object, extra: object = {}) =>
      facility({
        type: 'RegisterFacility',
        data: {
          facilityId: 'fac-1',
          kind: 'SENTRA',
          name: 'Sentra IKM',
          region: regionRef('13.73'),
          kbli: [],
          productFocus: [],
          dataSource: 'NEWS',
          potential: true,
          ...extra,
        },
        context,
      })
    const works = (context: object, extra: object = {}) =>
      facility({
        type: 'ContractFacilityWorks',
        data: { facilityId: 'fac-1', worksId: 'w1', kind: 'BUILD', programId: 'prg-1', ...extra },
        context,
      })

    it('records works whose start and planned end are not reported in an import, and refuses them in operation', () => {
      const events = eventsOf(facilityDecider, [registerSentra(newsContext())], works(newsContext()))
      expect(events[0]).toMatchObject({ type: 'FacilityWorksContracted' })
      expect(events[0]?.data).not.toHaveProperty('startDate')
      expect(rejectionOf(facilityDecider, [registerSentra(newsContext())], works(operational)).message).toMatch(
        /needs startDate, plannedEndDate/,
      )
    })

    it('records DAK-fisik works on a sentra whose unit count is unknown with an R27 gap instead of refusing them', () => {
      const dak = { fundingSource: 'DAK_FISIK', dakFisikUnitThreshold: 10 }
      const events = eventsOf(facilityDecider, [registerSentra(newsContext())], works(newsContext(), dak))
      expect(events.map((e) => [e.type, (e.data as { rule?: string }).rule])).toEqual([
        ['FacilityWorksContracted', undefined],
        ['ComplianceGapNoted', 'R28'],
        ['ComplianceGapNoted', 'R27'],
      ])
      // In operation the count is required, and a known count below the threshold is refused in every mode.
      const operationalWorks = works(operational, { ...dak, startDate: '2022-03-01', plannedEndDate: '2022-10-31' })
      given(facilityDecider, [registerSentra(newsContext())])
        .when(operationalWorks)
        .thenRejects({
          rule: 'R27',
        })
      const few = registerSentra(newsContext(), { unitCount: 6 })
      given(facilityDecider, [few]).when(works(newsContext(), dak)).thenRejects({ rule: 'R27' })
    })
  })
})
