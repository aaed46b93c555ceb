import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  createInMemoryEventStore,
  promiseStore,
  sequentialIds,
  steppingClock,
  type CommandFailure,
  type EventStore,
} from '../../src'
import { ikmCommandHandler, ikmFailureStatus, ikmStateLoader, type DomainError } from '../../src/domain'
import { regionRef } from '../../src/domain/values/Region'
import { allocate, approve, ctx, news, open, PROGRAM_ID, register, schedule } from './program/fixtures'
import { documentedContext, newsContext, org } from './support/fixtures'

// Commands travel as JSON: bigints and dates as strings.
const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const PROGRAM = `program-${PROGRAM_ID}`

const setup = () => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
  const handle = ikmCommandHandler({ store, ids: sequentialIds(), clock: steppingClock('2026-01-01T00:00:00.000Z') })
  const send = (stream: string, command: unknown) => handle(stream, asJson(command))()
  const accept = async (stream: string, command: unknown) => {
    const result = await send(stream, command)
    if (E.isLeft(result)) throw new Error(`a setup command was rejected: ${JSON.stringify(asJson(result.left))}`)
    return result.right
  }
  return { store, send, accept }
}

const rejectionOf = (result: E.Either<CommandFailure<DomainError>, unknown>): DomainError => {
  if (E.isRight(result)) throw new Error('the command was accepted')
  if (result.left._tag !== 'CommandRejected') throw new Error(`not a rejection: ${result.left._tag}`)
  return result.left.rejection
}

const revisionOf = async (store: EventStore, stream: string) => store.streamRevision(stream)()

describe('rule R35: a fact is not dated before the facts of its stream it rests on', () => {
  it('refuses an approval and a funding dated before the registration, naming both dates, and writes nothing', async () => {
    const { store, send, accept } = setup()
    await accept(PROGRAM, register({}, ctx('2020-04-02')))
    const early = rejectionOf(await send(PROGRAM, approve(ctx('2020-03-01'))))
    expect(early).toMatchObject({ _tag: 'RuleViolation', rule: 'R35', entity: { kind: 'program', id: PROGRAM_ID } })
    expect(early.message).toContain('2020-03-01')
    expect(early.message).toContain('2020-04-02')
    expect(early.message).toContain(
      'the creation of program prg-test (ProgramRegistered, revision 0), dated 2020-04-02',
    )
    expect(ikmFailureStatus({ _tag: 'CommandRejected', streamId: PROGRAM, rejection: early })).toBe(422)
    await accept(PROGRAM, approve(ctx('2020-04-06')))
    const funding = rejectionOf(await send(PROGRAM, allocate('l1', 5_000_000n, {}, ctx('2020-01-05'))))
    expect(funding).toMatchObject({ rule: 'R35' })
    expect(funding.message).toMatch(/dated 2020-01-05.*2020-04-06|dated 2020-01-05.*2020-04-02/)
    expect(await revisionOf(store, PROGRAM)).toEqual(E.right(1n))
  })

  it('keeps an "as of" read a prefix of the stream, so the state loader sees the program it reads', async () => {
    const { store, send, accept } = setup()
    await accept(PROGRAM, register({}, ctx('2020-04-02')))
    await send(PROGRAM, approve(ctx('2020-03-01')))
    await send(PROGRAM, allocate('l1', 5_000_000n, {}, ctx('2020-01-05')))
    const asOf: Array<string> = []
    for await (const event of promiseStore(store).readStream(PROGRAM, { asOf: '2020-03-15' })) asOf.push(event.type)
    expect(asOf).toEqual([])
    const loaded = await ikmStateLoader({ store })(PROGRAM, { asOf: '2020-04-02' })()
    expect(loaded).toMatchObject({ right: { state: { status: 'PLANNED' }, revision: 0n } })
  })

  it('holds in HISTORICAL_IMPORT mode too: an imported history is read "as of" like any other', async () => {
    const { send, accept } = setup()
    await accept(PROGRAM, register({}, news('2020-11-30')))
    expect(rejectionOf(await send(PROGRAM, approve(news('2020-11-29'))))).toMatchObject({ rule: 'R35' })
    await accept(PROGRAM, approve(news('2020-11-30')))
  })

  it('refuses a state-machine step dated before the step that entered the state it leaves', async () => {
    const { send, accept } = setup()
    await accept(PROGRAM, register({}, ctx('2020-01-10')))
    await accept(PROGRAM, approve(ctx('2020-02-01')))
    // The first allocation makes the program FUNDED; it cannot come before the approval (R1) …
    const early = rejectionOf(await send(PROGRAM, allocate('l1', 100_000_000n, {}, ctx('2020-01-20'))))
    expect(early.message).toContain('the last change of state of program prg-test (ProgramApproved, revision 1)')
    await accept(PROGRAM, allocate('l1', 100_000_000n, {}, ctx('2020-02-10')))
    // … nor a second one, which changes no state but still needs the approval.
    const second = rejectionOf(await send(PROGRAM, allocate('l2', 1_000_000n, {}, ctx('2020-01-31'))))
    expect(second.message).toContain('program prg-test becoming APPROVED (ProgramApproved, revision 1)')
    await accept(PROGRAM, allocate('l2', 1_000_000n, {}, ctx('2020-02-05')))
  })

  it('refuses a step on a part dated before the part: an attendance before its batch opened, a spend before its line', async () => {
    const { send, accept } = setup()
    for (const command of [
      register(),
      approve(),
      allocate(),
      schedule('b1', { startDate: '2020-06-01' as never, endDate: '2020-06-05' as never }),
    ]) {
      await accept(PROGRAM, command)
    }
    await accept(PROGRAM, open('b1', ctx('2020-06-01')))
    const attendance = {
      type: 'RecordAttendance',
      data: { programId: PROGRAM_ID, batchId: 'b1', date: '2020-06-01', present: [] },
      context: ctx('2020-05-31'),
    }
    const refused = rejectionOf(await send(PROGRAM, attendance))
    expect(refused).toMatchObject({ rule: 'R35' })
    expect(refused.message).toContain('the opening of batch b1 (TrainingBatchOpened')
    const spend = {
      type: 'RealizeExpenditure',
      data: {
        programId: PROGRAM_ID,
        expenditureId: 'x1',
        lineId: 'l1',
        amount: '1000000',
        category: 'KONSUMSI',
        paymentDoc: { kind: 'SP2D', number: 'SP2D-1' },
      },
      context: ctx('2020-01-19'),
    }
    const early = rejectionOf(await send(PROGRAM, spend))
    expect(early.message).toContain('the funding line l1 (FundingAllocated')
    expect(early.message).toContain('2020-01-20')
  })

  it('accepts facts that do not rest on each other in any order: a late-entered earlier spend, a second batch', async () => {
    const { accept } = setup()
    for (const command of [register(), approve(), allocate(), schedule('b1'), schedule('b2')])
      await accept(PROGRAM, command)
    await accept(PROGRAM, open('b1', ctx('2020-06-01')))
    // Recorded after the first opening (which started the execution) but dated before it: it rests on the funding.
    await accept(PROGRAM, {
      type: 'RealizeExpenditure',
      data: {
        programId: PROGRAM_ID,
        expenditureId: 'x1',
        lineId: 'l1',
        amount: '1000000',
        category: 'KONSUMSI',
        paymentDoc: { kind: 'SP2D', number: 'SP2D-1' },
      },
      context: ctx('2020-05-15'),
    })
    await accept(PROGRAM, {
      type: 'ScheduleTrainingBatch',
      data: {
        programId: PROGRAM_ID,
        batchId: 'b0',
        title: 'Bimtek APD',
        mode: 'CLASSROOM',
        region: regionRef('63.71'),
        startDate: '2020-05-20',
        endDate: '2020-05-22',
      },
      context: ctx('2020-02-01'),
    })
    await accept(PROGRAM, open('b0', ctx('2020-05-20')))
  })

  it('refuses resolving a compliance gap with a resolution dated before the gap was noted', async () => {
    const { send, accept } = setup()
    const noted = await accept(PROGRAM, register({ origin: { kind: 'NOT_REPORTED' } } as never, news('2020-11-30')))
    await accept(PROGRAM, {
      type: 'NoteComplianceGap',
      data: { programId: PROGRAM_ID, rule: 'R5', subject: 'spm', missingDocKinds: ['SP2D'], note: 'no SP2D' },
      context: news('2020-12-10'),
    })
    expect(noted.nextExpectedRevision).toBe(0n)
    const resolve = (occurredOn: string) => ({
      type: 'ResolveComplianceGap',
      data: { programId: PROGRAM_ID, gapId: 'R5:spm', document: { kind: 'SP2D', number: 'SP2D-9' } },
      context: ctx(occurredOn),
    })
    const refused = rejectionOf(await send(PROGRAM, resolve('2020-12-01')))
    expect(refused.message).toContain('the compliance gap R5:spm (ComplianceGapNoted')
    await accept(PROGRAM, resolve('2020-12-10'))
  })

  it('lets a proposal decide its items in either order, but not before their assessment', async () => {
    const { send, accept } = setup()
    const stream = 'proposal-prp-1'
    const pemkot = org('pemkot', 'PEMDA_KABKOTA', '13.73')
    const by = { nameAtEvent: 'Deri Asta', positionAtEvent: 'Wali Kota', org: pemkot }
    const on = (type: string, data: object, date: string) => ({
      type,
      data: { proposalId: 'prp-1', ...data },
      context: newsContext(date),
    })
    await accept(stream, {
      type: 'SubmitProposal',
      data: {
        proposalId: 'prp-1',
        origin: { kind: 'PEMDA_PROPOSAL' },
        proposer: by,
        addressee: by,
        items: ['i1', 'i2'].map((itemId) => ({
          itemId,
          kind: 'BIMTEK',
          description: itemId,
          region: regionRef('13.73'),
        })),
        documents: [],
      },
      context: newsContext('2021-12-01'),
    })
    await accept(stream, on('StartProposalIdentification', { by }, '2021-12-05'))
    const assess = (itemId: string, date: string) =>
      on('AssessProposalItem', { itemId, assessor: pemkot, result: 'FEASIBLE' }, date)
    const acceptItem = (itemId: string, date: string) =>
      on('AcceptProposalItem', { itemId, programId: `prg-${itemId}`, fundingSource: 'APBN_KL', fiscalYear: 2022 }, date)
    expect(rejectionOf(await send(stream, assess('i1', '2021-12-04')))).toMatchObject({ rule: 'R35' })
    await accept(stream, assess('i1', '2021-12-06'))
    await accept(stream, assess('i2', '2021-12-07'))
    await accept(stream, acceptItem('i1', '2021-12-20'))
    // Item 2 was decided before item 1, and recorded after it: it rests on its own assessment only.
    await accept(stream, acceptItem('i2', '2021-12-10'))
  })

  // One command after the creation, for every aggregate: dated the day before, it is refused; that day, accepted.
  const creations: ReadonlyArray<readonly [string, string, (date: string) => unknown, (date: string) => unknown]> = [
    ['program', PROGRAM, (d) => register({}, news(d)), (d) => approve(news(d))],
    [
      'equipment',
      'equipment-pkg-a',
      (d) => ({
        type: 'ProcureEquipment',
        data: {
          packageId: 'pkg-a',
          programId: 'prg-1',
          procuredBy: 'SATKER',
          procuringOrg: org('ditjen-ikma', 'DITJEN'),
          description: 'paket',
          items: [],
        },
        context: newsContext(d),
      }),
      (d) => ({
        type: 'RecordCeremonialHandover',
        data: { packageId: 'pkg-a', to: [org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')] },
        context: newsContext(d),
      }),
    ],
    [
      'facility',
      'facility-fac-1',
      (d) => ({
        type: 'RegisterFacility',
        data: {
          facilityId: 'fac-1',
          kind: 'SENTRA',
          name: 'Sentra',
          region: regionRef('13.73'),
          kbli: [],
          productFocus: [],
          dataSource: 'NEWS',
          unitCount: 12,
        },
        context: newsContext(d),
      }),
      (d) => ({
        type: 'AppointFacilityManager',
        data: { facilityId: 'fac-1', manager: org('uptd-1', 'UPTD', '13.73') },
        context: newsContext(d),
      }),
    ],
    [
      'group',
      'group-kub-led',
      (d) => ({
        type: 'FormGroup',
        data: { groupId: 'kub-led', kind: 'KELOMPOK_SENTRA', name: 'Kelompok LED', region: regionRef('16.06') },
        context: newsContext(d),
      }),
      (d) => ({ type: 'JoinGroupMember', data: { groupId: 'kub-led', personId: 'pt01' }, context: newsContext(d) }),
    ],
    [
      'person',
      'person-pt01',
      (d) => ({
        type: 'RegisterPerson',
        data: { personId: 'pt01', sex: 'F', domicile: regionRef('16.06'), childAtRegistration: false },
        context: documentedContext('OPERATIONAL', d),
      }),
      (d) => ({
        type: 'RecordConsent',
        data: { personId: 'pt01', purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: 'SELF' },
        context: documentedContext('OPERATIONAL', d),
      }),
    ],
    [
      'proposal',
      'proposal-prp-2',
      (d) => ({
        type: 'SubmitProposal',
        data: {
          proposalId: 'prp-2',
          origin: { kind: 'PEMDA_PROPOSAL' },
          addressee: { nameAtEvent: 'Reni Yanita', positionAtEvent: 'Dirjen IKMA', org: org('ditjen-ikma', 'DITJEN') },
          items: [{ itemId: 'i1', kind: 'BIMTEK', description: 'i1', region: regionRef('13.73') }],
          documents: [],
        },
        context: newsContext(d),
      }),
      (d) => ({
        type: 'ExposeProposal',
        data: { proposalId: 'prp-2', meetingPlace: 'Jakarta', attendees: [] },
        context: newsContext(d),
      }),
    ],
    [
      'audit',
      'audit-bpk-1',
      (d) => ({
        type: 'RecordAuditFinding',
        data: {
          findingId: 'bpk-1',
          auditor: 'BPK',
          lhpDate: d,
          subjects: { programIds: ['prg-1'] },
          category: 'ASSET_UNUSED',
          criteria: 'Permenperin 122/2012',
          condition: 'mesin tidak dimanfaatkan',
          recommendations: [{ recommendationId: 'r1', text: 'mengalihkan mesin' }],
        },
        context: newsContext(d),
      }),
      (d) => ({
        type: 'ReportAuditFollowUp',
        data: { findingId: 'bpk-1', followUpId: 'tl-1', recommendationIds: ['r1'], action: 'mesin dialihkan' },
        context: newsContext(d),
      }),
    ],
  ]

  it.each(creations)(
    'on a %s stream refuses a command dated before the creation',
    async (kind, stream, create, next) => {
      const { store, send, accept } = setup()
      const created = await accept(stream, create('2021-03-10'))
      const refused = rejectionOf(await send(stream, next('2021-03-09')))
      expect(refused).toMatchObject({ _tag: 'RuleViolation', rule: 'R35', entity: { kind } })
      expect(refused.message).toMatch(/dated 2021-03-09 .*the creation of .*revision 0\), dated 2021-03-10/)
      expect(await revisionOf(store, stream)).toEqual(E.right(created.nextExpectedRevision))
      await accept(stream, next('2021-03-10'))
    },
  )

  it('names the equipment custody step a later step rests on (R21: ownership after the hibah approval)', async () => {
    const { send, accept } = setup()
    const stream = 'equipment-pkg-b'
    const ditjen = org('ditjen-ikma', 'DITJEN')
    const pemkab = org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')
    const on = (type: string, data: object, date: string) => ({
      type,
      data: { packageId: 'pkg-b', ...data },
      context: newsContext(date),
    })
    await accept(stream, {
      type: 'ProcureEquipment',
      data: {
        packageId: 'pkg-b',
        programId: 'prg-1',
        procuredBy: 'SATKER',
        procuringOrg: ditjen,
        description: 'p',
        items: [],
      },
      context: newsContext('2020-10-01'),
    })
    await accept(stream, on('HandOverEquipmentOperationally', { from: ditjen, to: pemkab }, '2020-11-01'))
    await accept(stream, on('ApproveEquipmentHibah', { approver: ditjen }, '2020-12-01'))
    const refused = rejectionOf(await send(stream, on('TransferEquipmentOwnership', { toPemda: pemkab }, '2020-11-15')))
    expect(refused.message).toMatch(/the hibah approval \(EquipmentHibahApproved, revision \d+\), dated 2020-12-01/)
    await accept(stream, on('TransferEquipmentOwnership', { toPemda: pemkab }, '2020-12-01'))
  })

  it('dates a monitoring visit after the assignment it checks, and a reassignment after the visit (R24)', async () => {
    const { send, accept } = setup()
    const stream = 'equipment-pkg-c'
    const ditjen = org('ditjen-ikma', 'DITJEN')
    const pemkab = org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')
    const kub = (groupId: string) => ({ groupId, status: 'ACTIVE', region: regionRef('16.06') })
    const on = (type: string, data: object, date: string) => ({
      type,
      data: { packageId: 'pkg-c', ...data },
      context: newsContext(date),
    })
    await accept(stream, {
      type: 'ProcureEquipment',
      data: {
        packageId: 'pkg-c',
        programId: 'prg-1',
        procuredBy: 'SATKER',
        procuringOrg: ditjen,
        description: 'p',
        items: [],
      },
      context: newsContext('2020-10-01'),
    })
    await accept(stream, on('HandOverEquipmentOperationally', { from: ditjen, to: pemkab }, '2020-10-02'))
    await accept(stream, on('TransferEquipmentOwnership', { toPemda: pemkab }, '2020-10-03'))
    await accept(
      stream,
      on(
        'LendEquipmentToGroup',
        { groupId: 'kub-1', lender: pemkab, group: kub('kub-1'), until: '2021-01-31' },
        '2020-11-01',
      ),
    )
    const monitor = (date: string) => on('MonitorEquipmentUtilization', { status: 'NOT_USED', visitedBy: pemkab }, date)
    const early = rejectionOf(await send(stream, monitor('2020-10-15')))
    expect(early.message).toContain('the latest assignment to recipients (EquipmentLentToGroup')
    // The loan turns into a grant to the same group: no new assignment, so a visit during the loan still fits.
    await accept(
      stream,
      on(
        'GrantEquipmentToGroup',
        { groupId: 'kub-1', grantor: pemkab, conditions: [], group: kub('kub-1') },
        '2021-02-01',
      ),
    )
    await accept(stream, monitor('2021-01-15'))
    const reassign = (date: string) =>
      on('ReassignEquipment', { fromGroupId: 'kub-1', toGroupId: 'kub-2', reason: 'idle', toGroup: kub('kub-2') }, date)
    const beforeVisit = rejectionOf(await send(stream, reassign('2021-01-10')))
    expect(beforeVisit.message).toContain('the monitoring visit (EquipmentUtilizationMonitored')
    await accept(stream, reassign('2021-03-01'))
  })
})
