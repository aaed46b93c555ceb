/**
 * RM-7, the audit-readiness checklist: per program, equipment package and facility, the documents an auditor
 * expects from the steps that happened (research §4.7) — the budget document of each allocation, the SK peserta,
 * a daftar hadir per day held, the payment document of each expenditure, the contract and supplier BAST of a
 * procurement, the BAST of each handover, the NPHD of a grant, the PHO BAST of facility works, the activity
 * report and LPJ of a completed program — each PRESENT (carried by its event, or supplied by a
 * `ComplianceGapResolved`) or MISSING, next to the compliance gaps still open (S0: the DIPA, the contract, the
 * supplier BAST and the operational BAST). Money recorded expects its budget document even when no step calls for
 * one (a facility's imported funding history, a source named without an amount), and money resting only on news
 * or on approximate figures is a funding concern that keeps the entity from being ready (S2's ≈Rp27 miliar).
 * Packages are listed under their program, and facilities under the program that links them, so a program's
 * checklist covers everything an auditor will ask about it.
 *
 * @since 0.1.0
 */
import type { CivilDate, Evidence } from '@ikm-ledger/core'
import { budgetDocumentKindOf, findDocument, inclusiveDays, type DocumentRef } from '@ikm-ledger/core/domain'
import * as O from 'fp-ts/Option'
import { addOnce, onIkmEvent, entityIdOf, periodOf, restsOnNews, type IkmEvent } from './internal/Events'
import { concernEn, stepEn } from './internal/Phrases'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An open compliance gap.
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenGap {
  readonly gapId: string
  readonly rule: string
  readonly subject: string
  readonly missingDocKinds: ReadonlyArray<string>
  readonly note: string
  readonly notedOn: string
}

/**
 * A document an auditor expects: the `subject` it proves (named as the deciders name gap subjects, e.g.
 * `line:l1`, `batch:b1/day:2020-11-25`, `equipment-pkg-1/procurement`), its kind (the kind supplied when
 * present), the step that calls for it, and its number when known.
 *
 * @category model
 * @since 0.1.0
 */
export interface ExpectedDocument {
  readonly subject: string
  readonly kind: string
  readonly step: string
  readonly status: 'PRESENT' | 'MISSING'
  readonly number: string | null
}

/**
 * Money that an auditor cannot rely on yet: a figure resting only on news, an approximate (imported) figure,
 * or a source named without any amount. It keeps its entity from being ready whatever documents are present.
 *
 * @category model
 * @since 0.1.0
 */
export interface FundingConcern {
  readonly subject: string
  readonly reason: 'NEWS_ONLY' | 'APPROXIMATE' | 'NO_AMOUNT'
  readonly amount: bigint | null
  readonly note: string
}

/**
 * A recommendation of an audit finding, as the LHP words it.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditRecommendation {
  readonly recommendationId: string
  readonly text: string
}

/**
 * A follow-up (tindak lanjut) reported to the auditor: when, for which recommendations, and what was done.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditFollowUp {
  readonly followUpId: string
  readonly reportedOn: string
  readonly recommendationIds: ReadonlyArray<string>
  readonly action: string
}

/**
 * An audit finding (temuan) as RM-7 shows it on the date it is read (`asOf`): who found it (`auditor`, and the
 * auditing body's name when recorded), when the LHP was dated (its number when known) and when the follow-up is due
 * (60 days after the LHP was received, R33), what it says (its criteria, the condition found, the recommendations
 * and the amount at stake, as recorded), the evidence it rests on, what it concerns, where it stood on that date
 * with the follow-ups reported by then, how many days it has been open (from the LHP date to its closure, or to
 * `asOf` while open), whether it is overdue (no follow-up reported by the due date and none by `asOf`), and
 * `daysOverdue`, the days past the due date without any follow-up (to the first follow-up, or to `asOf`; 0 when it
 * came in time).
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditFindingRow {
  readonly findingId: string
  readonly auditor: string
  /** The auditing body as named in the finding (`auditorOrg`), when it was recorded. */
  readonly auditorName: string | null
  readonly category: string
  readonly lhpDate: string
  /** The LHP's number, when the LHP is among the finding's documents. */
  readonly lhpNumber: string | null
  readonly lhpReceivedOn: string | null
  readonly followUpDue: string
  /** The criteria (kriteria) the condition was measured against, as recorded. */
  readonly criteria: string
  /** The condition (kondisi) the auditor found, as recorded. */
  readonly condition: string
  readonly recommendationTexts: ReadonlyArray<AuditRecommendation>
  /** The amount at stake, when the finding names one. */
  readonly amount: bigint | null
  readonly evidenceLevel: Evidence['level']
  /** True when nothing but news supports the finding (no LHP in hand). */
  readonly newsOnly: boolean
  /** The follow-ups reported by `asOf`, in the order reported. */
  readonly followUps: ReadonlyArray<AuditFollowUp>
  /** The streams the finding is about (`program-…`, `equipment-…`, `facility-…`). */
  readonly subjects: ReadonlyArray<string>
  /** The programs it concerns: those named, and those of the packages and facilities named. */
  readonly programIds: ReadonlyArray<string>
  readonly recommendations: number
  readonly recommendationsAccepted: number
  readonly status: 'OPEN' | 'FOLLOW_UP_REPORTED' | 'CLOSED'
  readonly followUpReportedOn: string | null
  readonly closedOn: string | null
  readonly asOf: string
  readonly daysOpen: number
  readonly overdue: boolean
  readonly daysOverdue: number
}

/**
 * One row of RM-7: an entity, the documents expected of it (in the order the steps happened and the money was
 * recorded) with their counts, its open gaps (in the order noted), the distinct document kinds missing (from
 * the expected documents, then the open gaps) and its funding concerns. `ready` is true when no document is
 * missing, no gap is open and no money rests only on news or on approximate figures.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditChecklistRow {
  readonly entity: 'PROGRAM' | 'EQUIPMENT' | 'FACILITY'
  readonly streamId: string
  readonly entityId: string
  readonly programId: string | null
  readonly title: string
  readonly documents: ReadonlyArray<ExpectedDocument>
  readonly expected: number
  readonly present: number
  readonly missing: number
  readonly openGaps: ReadonlyArray<OpenGap>
  readonly missingDocKinds: ReadonlyArray<string>
  readonly fundingConcerns: ReadonlyArray<FundingConcern>
  /** The audit findings about this entity that are not closed, by finding id (their detail: {@link auditFindingRows}). */
  readonly openAuditFindings: ReadonlyArray<string>
  readonly ready: boolean
}

interface EntityRecord {
  readonly entity: AuditChecklistRow['entity']
  readonly streamId: string
  readonly entityId: string
  readonly programId: string | null
  readonly title: string
  readonly gaps: ReadonlyArray<OpenGap>
  readonly documents: ReadonlyArray<ExpectedDocument>
  /** Absent on rows written before concerns were kept. */
  readonly concerns?: ReadonlyArray<FundingConcern>
}

interface FindingRecord {
  readonly findingId: string
  readonly auditor: string
  readonly category: string
  readonly lhpDate: string
  readonly followUpDue: string
  readonly subjects: ReadonlyArray<string>
  readonly programIds: ReadonlyArray<string>
  readonly recommendations: ReadonlyArray<string>
  readonly accepted: ReadonlyArray<string>
  readonly followUpReportedOn: string | null
  readonly closedOn: string | null
  /** What the finding says and rests on (kept since version 6, which rebuilds the rows before it). */
  readonly said: FindingWords
  readonly followUps: ReadonlyArray<AuditFollowUp>
}

interface FindingWords {
  readonly auditorName: string | null
  readonly lhpNumber: string | null
  readonly lhpReceivedOn: string | null
  readonly criteria: string
  readonly condition: string
  readonly recommendations: ReadonlyArray<AuditRecommendation>
  readonly amount: bigint | null
  readonly evidenceLevel: Evidence['level']
  readonly newsOnly: boolean
}

/** One finding about one subject stream: the index from an entity to its findings. */
interface FindingSubjectRecord {
  readonly subject: string
  readonly findingId: string
}

interface LinkRecord {
  readonly facilityId: string
  readonly programId: string
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const entities = table<EntityRecord>(
  'rm7_entities',
  (e) => e.streamId,
  (e) => e.programId ?? e.streamId,
)
const findings = table<FindingRecord>(
  'rm7_audit_findings',
  (f) => f.findingId,
  () => 'finding',
)
const findingSubjects = table<FindingSubjectRecord>(
  'rm7_audit_finding_subjects',
  (f) => `${f.subject}|${f.findingId}`,
  (f) => f.subject,
)
const links = table<LinkRecord>(
  'rm7_facility_links',
  (l) => l.facilityId,
  (l) => l.programId,
)

/**
 * RM-7 as a read model (tables `rm7_entities`, `rm7_facility_links`, `rm7_audit_findings`,
 * `rm7_audit_finding_subjects`).
 *
 * @category read models
 * @since 0.1.0
 */
export const auditChecklist: ReadModel = {
  name: 'ikm-rm7-audit-checklist',
  // 2: rows list the documents expected from each step, not only the open gaps.
  // 3: money recorded expects its budget document, and money resting on news or approximations is a concern;
  //    typed tables ikm_rm7_checklist and ikm_rm7_documents.
  // 4: audit findings (audit-<findingId> streams) beside the entities they are about.
  // 5: a grant to several recipients expects its NPHD.
  // 6: audit findings keep what they say (criteria, condition, recommendations, amount), the auditing body, the
  //    LHP's number, their evidence and their follow-ups.
  version: 6,
  handles: {
    categories: ['program', 'equipment', 'facility', 'audit'],
    types: [
      'ProgramRegistered',
      'FundingSourceAsserted',
      'FundingAllocated',
      'ExpenditureRealized',
      'ParticipantSelected',
      'AttendanceRecorded',
      'TrainingBatchCompleted',
      'ProgramExecutionCompleted',
      'ProgramReportSubmitted',
      'EquipmentProcured',
      'EquipmentOperationallyHandedOver',
      'EquipmentOwnershipTransferred',
      'EquipmentGrantedToGroup',
      'EquipmentGrantedToRecipients',
      'FacilityRegistered',
      'FacilityWorksContracted',
      'FacilityWorksCompleted',
      'FacilityLinked',
      'FacilityFundingHistoryImported',
      'AuditFindingRecorded',
      'AuditFollowUpReported',
      'AuditFollowUpAccepted',
      'AuditFindingClosed',
      'ComplianceGapNoted',
      'ComplianceGapResolved',
    ],
  },
  tables: [entities.name, links.name, findings.name, findingSubjects.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    const streamId = recorded.streamId
    if (decoded.category === 'program') {
      yield* applyProgram(streamId, decoded.event, recorded.metadata.evidence)
    } else if (decoded.category === 'equipment') {
      yield* applyEquipment(streamId, decoded.event)
    } else if (decoded.category === 'facility') {
      yield* applyFacility(streamId, decoded.event, recorded.metadata.evidence)
    } else if (decoded.category === 'audit') {
      yield* applyAudit(streamId, decoded.event, recorded.metadata.occurredOn, recorded.metadata.evidence)
      return
    }
    const event = decoded.event
    if (event.type === 'ComplianceGapNoted') {
      const existing = yield* getRow(entities, streamId)
      if (existing === undefined) return
      const gap: OpenGap = { ...event.data, notedOn: recorded.metadata.occurredOn }
      let documents = existing.documents
      for (const kind of gap.missingDocKinds) {
        // A step that already expects this document (missing or not) answers for it; otherwise the gap does.
        if (!documents.some((d) => d.subject === gap.subject && d.kind === kind))
          documents = [...documents, missing(gap.subject, kind, stepEn.gap(gap.rule))]
      }
      yield* putRow(entities, {
        ...existing,
        gaps: [...existing.gaps.filter((g) => g.gapId !== gap.gapId), gap],
        documents,
      })
    } else if (event.type === 'ComplianceGapResolved') {
      const existing = yield* getRow(entities, streamId)
      if (existing === undefined) return
      const d = event.data
      const gap = existing.gaps.find((g) => g.gapId === d.gapId)
      const subject = gap?.subject ?? d.gapId.slice(d.gapId.indexOf(':') + 1)
      const supplied: ExpectedDocument = {
        subject,
        kind: d.documentKind,
        step: stepEn.gapResolved(gap?.rule ?? d.gapId.slice(0, d.gapId.indexOf(':'))),
        status: 'PRESENT',
        number: d.documentNumber,
      }
      yield* putRow(entities, {
        ...existing,
        gaps: existing.gaps.filter((g) => g.gapId !== d.gapId),
        documents: supply(existing.documents, supplied),
      })
    }
  }),
}

/**
 * The checklist ordered by stream id; with `programId`, the program and the packages and facilities under it.
 *
 * @category queries
 * @since 0.1.0
 */
export const auditChecklistRows = (
  filter: { readonly programId?: string } = {},
): RowQuery<ReadonlyArray<AuditChecklistRow>> =>
  function* () {
    const records =
      filter.programId === undefined ? yield* allRows(entities) : yield* rowsInScope(entities, filter.programId)
    const rows: Array<AuditChecklistRow> = []
    for (const record of records) rows.push(toRow(record, yield* openFindingsOf(record.streamId)))
    return rows
  }

/**
 * The checklist of one entity by its stream id (`program-…`, `equipment-…`, `facility-…`): the documents
 * expected, present and missing, and its open gaps; `undefined` when no such entity is registered.
 *
 * @example
 * const row = readInMemory(state, auditChecklistOf('equipment-pkg-muba-led-a'))
 *
 * @category queries
 * @since 0.1.0
 */
export const auditChecklistOf = (streamId: string): RowQuery<AuditChecklistRow | undefined> =>
  function* () {
    const record = yield* getRow(entities, streamId)
    return record === undefined ? undefined : toRow(record, yield* openFindingsOf(streamId))
  }

/**
 * The audit findings as they stood on `asOf` (a civil date: the date the checklist is read), ordered by finding
 * id; with `programId`, only those about that program (directly, or through one of its packages or facilities).
 * A finding whose LHP is dated after `asOf` is not listed; a follow-up or closure recorded after `asOf` does not
 * count yet.
 *
 * @example
 * const late = readInMemory(state, auditFindingRows({ asOf: '2024-10-01' })).filter((f) => f.overdue)
 *
 * @category queries
 * @since 0.1.0
 */
export const auditFindingRows = (filter: {
  readonly asOf: CivilDate
  readonly programId?: string
}): RowQuery<ReadonlyArray<AuditFindingRow>> =>
  function* () {
    const records = yield* allRows(findings)
    return records
      .filter((f) => f.lhpDate <= filter.asOf)
      .filter((f) => filter.programId === undefined || f.programIds.includes(filter.programId))
      .map((f) => findingRow(f, filter.asOf))
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

type ProgramEvent = Extract<IkmEvent, { readonly category: 'program' }>['event']
type EquipmentEvent = Extract<IkmEvent, { readonly category: 'equipment' }>['event']
type FacilityEvent = Extract<IkmEvent, { readonly category: 'facility' }>['event']

function* applyProgram(streamId: string, event: ProgramEvent, evidence: Evidence): Rows<void> {
  const programId = entityIdOf(streamId)
  switch (event.type) {
    case 'ProgramRegistered':
      return yield* register({
        entity: 'PROGRAM',
        streamId,
        entityId: event.data.programId,
        programId: event.data.programId,
        title: event.data.title,
        gaps: [],
        documents: [],
      })
    case 'FundingSourceAsserted':
      // A source named without an amount is no money to document yet, but nothing about it can be relied on.
      return yield* addConcern(streamId, {
        subject: `source:${event.data.source}`,
        reason: 'NO_AMOUNT',
        amount: null,
        note: concernEn.namedWithoutAmount(event.data.source),
      })
    case 'FundingAllocated': {
      const d = event.data
      const step = stepEn.fundingAllocated(d.lineId, d.source)
      const subject = `line:${d.lineId}`
      yield* expectDocs(streamId, [expected(subject, budgetDocumentKindOf(d.source), step, d.budgetDoc)])
      return yield* addConcern(streamId, concernOf(subject, d.amount, evidence, concernEn.allocation(d.source)))
    }
    case 'ExpenditureRealized': {
      const d = event.data
      const step = stepEn.expenditureRealised(d.expenditureId, d.category)
      const subject = `expenditure:${d.expenditureId}`
      yield* expectDocs(streamId, [expected(subject, 'SP2D', step, d.paymentDoc)])
      return yield* addConcern(streamId, concernOf(subject, d.amount, evidence, concernEn.expenditure(d.expenditureId)))
    }
    case 'ParticipantSelected':
      return yield* expectDocs(streamId, [
        expected(`selection:${programId}`, 'SK_PESERTA', stepEn.participantsSelected(), event.data.selectionDoc),
      ])
    case 'AttendanceRecorded': {
      const d = event.data
      const step = stepEn.batchHeld(d.batchId, d.date)
      return yield* expectDocs(streamId, [
        expected(`batch:${d.batchId}/day:${d.date}`, 'DAFTAR_HADIR', step, d.attendanceDoc),
      ])
    }
    case 'TrainingBatchCompleted': {
      // Days held with no attendance recorded at all still owe a daftar hadir each.
      const d = event.data
      const existing = yield* getRow(entities, streamId)
      if (existing === undefined) return
      const prefix = `batch:${d.batchId}/day:`
      const recorded = existing.documents.filter((doc) => doc.subject.startsWith(prefix)).length
      const owed: Array<ExpectedDocument> = []
      for (let day = recorded + 1; day <= d.daysHeld; day++)
        owed.push(
          missing(`batch:${d.batchId}/day#${day}`, 'DAFTAR_HADIR', stepEn.batchDayHeld(d.batchId, day, d.daysHeld)),
        )
      return yield* expectDocs(streamId, owed)
    }
    case 'ProgramExecutionCompleted':
      return yield* expectDocs(streamId, [
        missing(`report:${programId}`, 'LAPORAN_KEGIATAN', stepEn.executionCompleted()),
        missing(`report:${programId}`, 'LPJ', stepEn.executionCompleted()),
      ])
    case 'ProgramReportSubmitted': {
      const doc = event.data.reportDoc
      return doc === undefined
        ? undefined
        : yield* expectDocs(streamId, [expected(`report:${programId}`, doc.kind, stepEn.reportSubmitted(), doc)])
    }
    case 'FacilityLinked': {
      yield* putRow(links, { facilityId: event.data.facilityId, programId })
      const facility = yield* getRow(entities, `facility-${event.data.facilityId}`)
      if (facility !== undefined && facility.programId === null) yield* putRow(entities, { ...facility, programId })
      return
    }
    default:
      return
  }
}

type AuditEvent = Extract<IkmEvent, { readonly category: 'audit' }>['event']

function* applyAudit(streamId: string, event: AuditEvent, occurredOn: string, evidence: Evidence): Rows<void> {
  if (event.type === 'AuditFindingRecorded') {
    const d = event.data
    const subjects = [
      ...(d.subjects.programIds ?? []).map((id) => `program-${id}`),
      ...(d.subjects.packageIds ?? []).map((id) => `equipment-${id}`),
      ...(d.subjects.facilityIds ?? []).map((id) => `facility-${id}`),
    ]
    let programIds: ReadonlyArray<string> = d.subjects.programIds ?? []
    for (const subject of subjects) {
      const programId = (yield* getRow(entities, subject))?.programId
      if (programId !== undefined && programId !== null) programIds = addOnce(programIds, programId)
    }
    yield* putRow(findings, {
      findingId: d.findingId,
      auditor: d.auditor,
      category: d.category,
      lhpDate: d.lhpDate,
      followUpDue: d.followUpDue,
      subjects,
      programIds,
      recommendations: d.recommendations.map((r) => r.recommendationId),
      accepted: [],
      followUpReportedOn: null,
      closedOn: null,
      said: {
        auditorName: d.auditorOrg?.nameAtEvent ?? null,
        lhpNumber: O.toNullable(findDocument(['LHP'], d.lhp, evidence))?.number ?? null,
        lhpReceivedOn: d.lhpReceivedOn ?? null,
        criteria: d.criteria,
        condition: d.condition,
        recommendations: d.recommendations.map((r) => ({ recommendationId: r.recommendationId, text: r.text })),
        amount: d.amount ?? null,
        evidenceLevel: evidence.level,
        newsOnly: restsOnNews(evidence),
      },
      followUps: [],
    })
    for (const subject of subjects) yield* putRow(findingSubjects, { subject, findingId: d.findingId })
    return
  }
  const existing = yield* getRow(findings, entityIdOf(streamId))
  if (existing === undefined) return
  switch (event.type) {
    case 'AuditFollowUpReported': {
      const d = event.data
      const followUp: AuditFollowUp = {
        followUpId: d.followUpId,
        reportedOn: occurredOn,
        recommendationIds: d.recommendationIds,
        action: d.action,
      }
      return yield* putRow(findings, {
        ...existing,
        followUpReportedOn: existing.followUpReportedOn ?? occurredOn,
        followUps: [...existing.followUps.filter((f) => f.followUpId !== d.followUpId), followUp],
      })
    }
    case 'AuditFollowUpAccepted':
      return yield* putRow(findings, { ...existing, accepted: addOnce(existing.accepted, event.data.recommendationId) })
    case 'AuditFindingClosed':
      return yield* putRow(findings, { ...existing, closedOn: occurredOn })
    default:
      return
  }
}

function* openFindingsOf(streamId: string): Rows<ReadonlyArray<string>> {
  const open: Array<string> = []
  for (const link of yield* rowsInScope(findingSubjects, streamId)) {
    const finding = yield* getRow(findings, link.findingId)
    if (finding !== undefined && finding.closedOn === null) open.push(finding.findingId)
  }
  return open
}

/** Days from one civil date to a later one (0 on the same day). */
const daysFrom = (from: string, to: string): number =>
  to < from ? 0 : inclusiveDays(from as CivilDate, to as CivilDate) - 1

const findingRow = (f: FindingRecord, asOf: CivilDate): AuditFindingRow => {
  const closedOn = f.closedOn !== null && f.closedOn <= asOf ? f.closedOn : null
  const reportedOn = f.followUpReportedOn !== null && f.followUpReportedOn <= asOf ? f.followUpReportedOn : null
  const status = closedOn !== null ? 'CLOSED' : reportedOn !== null ? 'FOLLOW_UP_REPORTED' : 'OPEN'
  // Late when nothing was reported by the due date: the first follow-up came after it, or has not come by asOf.
  const answeredOn = reportedOn ?? closedOn
  const lateUntil =
    answeredOn === null ? (asOf > f.followUpDue ? asOf : null) : answeredOn > f.followUpDue ? answeredOn : null
  return {
    findingId: f.findingId,
    auditor: f.auditor,
    auditorName: f.said.auditorName,
    category: f.category,
    lhpDate: f.lhpDate,
    lhpNumber: f.said.lhpNumber,
    lhpReceivedOn: f.said.lhpReceivedOn,
    followUpDue: f.followUpDue,
    criteria: f.said.criteria,
    condition: f.said.condition,
    recommendationTexts: f.said.recommendations,
    amount: f.said.amount,
    evidenceLevel: f.said.evidenceLevel,
    newsOnly: f.said.newsOnly,
    followUps: f.followUps.filter((u) => u.reportedOn <= asOf),
    subjects: f.subjects,
    programIds: f.programIds,
    recommendations: f.recommendations.length,
    recommendationsAccepted: f.accepted.length,
    status,
    followUpReportedOn: reportedOn,
    closedOn,
    asOf,
    daysOpen: daysFrom(f.lhpDate, closedOn ?? asOf),
    overdue: status === 'OPEN' && lateUntil !== null,
    daysOverdue: lateUntil === null ? 0 : daysFrom(f.followUpDue, lateUntil),
  }
}

function* applyEquipment(streamId: string, event: EquipmentEvent): Rows<void> {
  switch (event.type) {
    case 'EquipmentProcured': {
      const d = event.data
      yield* register({
        entity: 'EQUIPMENT',
        streamId,
        entityId: d.packageId,
        programId: d.programId,
        title: d.description,
        gaps: [],
        documents: [],
      })
      const subject = `${streamId}/procurement`
      return yield* expectDocs(streamId, [
        expected(subject, 'KONTRAK', stepEn.equipmentProcured(), d.contractDoc),
        expected(subject, 'BAST_PENYEDIA_PPK', stepEn.equipmentProcured(), d.bastSupplierDoc),
      ])
    }
    case 'EquipmentOperationallyHandedOver': {
      const d = event.data
      const step = stepEn.operationalHandover(d.to.nameAtEvent)
      return yield* expectDocs(streamId, [
        expected(`${streamId}/operational-handover`, 'BAST_OPERASIONAL', step, d.bastDoc),
      ])
    }
    case 'EquipmentOwnershipTransferred': {
      const d = event.data
      const subject = `${streamId}/ownership-transfer`
      const step = stepEn.ownershipTransferred(d.toPemda.nameAtEvent)
      return yield* expectDocs(streamId, [
        expected(subject, 'NASKAH_HIBAH', step, d.naskahHibahDoc),
        expected(subject, 'BAST_HIBAH', step, d.bastDoc),
      ])
    }
    case 'EquipmentGrantedToGroup': {
      const d = event.data
      return yield* expectDocs(streamId, [
        expected(`${streamId}/grant`, 'NPHD', stepEn.grantedToGroup(d.groupId), d.grantDoc),
      ])
    }
    case 'EquipmentGrantedToRecipients': {
      const d = event.data
      const step = stepEn.grantedToRecipients(d.recipients.length)
      return yield* expectDocs(streamId, [expected(`${streamId}/grant`, 'NPHD', step, d.grantDoc)])
    }
    default:
      return
  }
}

function* applyFacility(streamId: string, event: FacilityEvent, evidence: Evidence): Rows<void> {
  switch (event.type) {
    case 'FacilityFundingHistoryImported': {
      // Money recorded against a facility owes the budget document of its source, whatever the steps recorded.
      const d = event.data
      const { period } = periodOf(d.periodFrom, d.periodTo)
      const subject = `${streamId}/funding:${d.source}:${period}`
      const step = stepEn.fundingHistoryImported(d.source, period)
      const kind = budgetDocumentKindOf(d.source)
      const doc = findDocument([kind], undefined, evidence)
      yield* expectDocs(streamId, [expected(subject, kind, step, O.toUndefined(doc))])
      const approximate: Evidence = d.approximate ? { ...evidence, approximate: true } : evidence
      return yield* addConcern(streamId, concernOf(subject, d.amount, approximate, concernEn.fundingHistory(d.source)))
    }
    case 'FacilityRegistered': {
      const d = event.data
      const link = yield* getRow(links, d.facilityId)
      return yield* register({
        entity: 'FACILITY',
        streamId,
        entityId: d.facilityId,
        programId: link?.programId ?? null,
        title: d.name,
        gaps: [],
        documents: [],
      })
    }
    case 'FacilityWorksContracted': {
      const d = event.data
      return yield* expectDocs(streamId, [
        expected(
          `${streamId}/works-${d.worksId}/contract`,
          'KONTRAK',
          stepEn.worksContracted(d.worksId),
          d.contractDoc,
        ),
      ])
    }
    case 'FacilityWorksCompleted': {
      const d = event.data
      const step = stepEn.worksCompleted(d.worksId)
      return yield* expectDocs(streamId, [
        expected(`${streamId}/works-${d.worksId}/pho`, 'BAST_PENYEDIA_PPK', step, d.bastDoc),
      ])
    }
    default:
      return
  }
}

/** A concern when the money rests only on news or is approximate; `undefined` when it is documented. */
const concernOf = (subject: string, amount: bigint, evidence: Evidence, what: string): FundingConcern | undefined => {
  if (evidence.approximate === true)
    return { subject, reason: 'APPROXIMATE', amount, note: concernEn.approximate(what) }
  if (restsOnNews(evidence)) return { subject, reason: 'NEWS_ONLY', amount, note: concernEn.newsOnly(what) }
  return undefined
}

function* addConcern(streamId: string, concern: FundingConcern | undefined): Rows<void> {
  if (concern === undefined) return
  const existing = yield* getRow(entities, streamId)
  if (existing === undefined) return
  const concerns = (existing.concerns ?? []).filter((c) => c.subject !== concern.subject)
  yield* putRow(entities, { ...existing, concerns: [...concerns, concern] })
}

const missing = (subject: string, kind: string, step: string): ExpectedDocument => ({
  subject,
  kind,
  step,
  status: 'MISSING',
  number: null,
})

/** The document a step calls for: present (under the kind supplied) when the event carried it. */
const expected = (subject: string, kind: string, step: string, doc: DocumentRef | undefined): ExpectedDocument =>
  doc === undefined
    ? missing(subject, kind, step)
    : { subject, kind: doc.kind, step, status: 'PRESENT', number: doc.number ?? null }

/**
 * Adds a step's expected documents. One already listed for the same subject and kind is kept unless the new
 * one is present and it was missing, so a later event can supply a document but never un-supply it.
 */
function* expectDocs(streamId: string, docs: ReadonlyArray<ExpectedDocument>): Rows<void> {
  if (docs.length === 0) return
  const existing = yield* getRow(entities, streamId)
  if (existing === undefined) return
  let documents = existing.documents
  for (const doc of docs) {
    const same = documents.findIndex((d) => d.subject === doc.subject && d.kind === doc.kind)
    if (same < 0) documents = [...documents, doc]
    else if (documents[same]?.status === 'MISSING')
      documents = documents.map((d, i) =>
        i === same ? { ...doc, step: d.step.startsWith('gap ') ? doc.step : d.step } : d,
      )
  }
  yield* putRow(entities, { ...existing, documents })
}

/** A gap's document arrived: the missing document of that subject and kind turns present, or is added so. */
const supply = (documents: ReadonlyArray<ExpectedDocument>, doc: ExpectedDocument): ReadonlyArray<ExpectedDocument> => {
  const same = documents.findIndex((d) => d.subject === doc.subject && d.kind === doc.kind)
  if (same < 0) return [...documents, doc]
  return documents.map((d, i) => (i === same ? { ...d, status: 'PRESENT', number: doc.number } : d))
}

const toRow = (e: EntityRecord, openAuditFindings: ReadonlyArray<string>): AuditChecklistRow => {
  let missingKinds: ReadonlyArray<string> = []
  for (const doc of e.documents) if (doc.status === 'MISSING') missingKinds = addOnce(missingKinds, doc.kind)
  for (const gap of e.gaps) for (const kind of gap.missingDocKinds) missingKinds = addOnce(missingKinds, kind)
  const present = e.documents.filter((d) => d.status === 'PRESENT').length
  return {
    entity: e.entity,
    streamId: e.streamId,
    entityId: e.entityId,
    programId: e.programId,
    title: e.title,
    documents: e.documents,
    expected: e.documents.length,
    present,
    missing: e.documents.length - present,
    openGaps: e.gaps,
    missingDocKinds: missingKinds,
    fundingConcerns: e.concerns ?? [],
    openAuditFindings,
    ready:
      e.gaps.length === 0 &&
      present === e.documents.length &&
      (e.concerns ?? []).length === 0 &&
      openAuditFindings.length === 0,
  }
}

function* register(record: EntityRecord): Rows<void> {
  const existing = yield* getRow(entities, record.streamId)
  // A re-registration keeps the gaps noted and the documents expected already.
  yield* putRow(
    entities,
    existing === undefined
      ? record
      : { ...record, gaps: existing.gaps, documents: existing.documents, concerns: existing.concerns ?? [] },
  )
}
