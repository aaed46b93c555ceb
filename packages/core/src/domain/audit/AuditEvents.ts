/**
 * Events of an audit finding (temuan) of BPK, BPKP, the Inspektorat Jenderal or a regional Inspektorat, from the
 * LHP (laporan hasil pemeriksaan) that reports it to its closure: recorded with its criteria and
 * recommendations, the follow-up (tindak lanjut) reported, each recommendation's follow-up accepted, closed.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate, defineEvent, eventRegistry, type EventOf } from '../../index'
import { ComplianceGapNoted, ComplianceGapResolved } from '../ComplianceGap'
import { NonBlank } from '../internal/Commands'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { OrgRef } from '../values/Organisation'
import { PositiveRupiah } from '../values/Money'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Who audited: the external auditor (BPK), the government's internal auditors (BPKP, the Inspektorat Jenderal
 * Kemenperin) or a regional Inspektorat (APIP for DAK, APBD and hibah money).
 *
 * @category codecs
 * @since 0.1.0
 */
export const Auditor = t.keyof({ BPK: null, BPKP: null, ITJEN_KEMENPERIN: null, INSPEKTORAT_DAERAH: null }, 'Auditor')

/**
 * @category model
 * @since 0.1.0
 */
export type Auditor = t.TypeOf<typeof Auditor>

/**
 * What a finding is about (research §4.4.5).
 *
 * @category codecs
 * @since 0.1.0
 */
export const FindingCategory = t.keyof(
  {
    OVERPAYMENT: null,
    BAST_MISMATCH: null,
    RECIPIENT_INELIGIBLE: null,
    ASSET_UNUSED: null,
    ASSET_TRANSFERRED: null,
    MISSING_DOCUMENT: null,
    LATE_REPORT: null,
    OTHER: null,
  },
  'FindingCategory',
)

/**
 * The entities a finding is about: at least one program, equipment package or facility, by id.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AuditSubjects = exactStruct(
  {},
  {
    programIds: t.readonlyArray(NonBlank),
    packageIds: t.readonlyArray(NonBlank),
    facilityIds: t.readonlyArray(NonBlank),
  },
  'AuditSubjects',
)

/**
 * One recommendation of a finding.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Recommendation = t.exact(t.type({ recommendationId: NonBlank, text: NonBlank }), 'Recommendation')

/**
 * A finding as the LHP reports it. `followUpDue` is set by the decider: 60 days after the LHP was received
 * (`lhpReceivedOn`, else the LHP's date), UU 15/2004 Pasal 20 ayat (3).
 *
 * @category codecs
 * @since 0.1.0
 */
export const AuditFindingRecordedData = exactStruct(
  {
    findingId: NonBlank,
    auditor: Auditor,
    lhpDate: CivilDate,
    subjects: AuditSubjects,
    category: FindingCategory,
    criteria: NonBlank,
    condition: NonBlank,
    recommendations: t.readonlyArray(Recommendation),
    followUpDue: CivilDate,
  },
  { auditorOrg: OrgRef, lhp: DocumentRef, lhpReceivedOn: CivilDate, amount: PositiveRupiah },
  'AuditFindingRecordedData',
)

/**
 * A follow-up (tindak lanjut) reported to the auditor for some of the recommendations.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AuditFollowUpReportedData = exactStruct(
  { followUpId: NonBlank, recommendationIds: t.readonlyArray(NonBlank), action: NonBlank },
  { amountRefunded: PositiveRupiah, doc: DocumentRef },
  'AuditFollowUpReportedData',
)

/**
 * The auditor accepts a recommendation's follow-up as matching it ("sesuai rekomendasi").
 *
 * @category codecs
 * @since 0.1.0
 */
export const AuditFollowUpAcceptedData = exactStruct(
  { recommendationId: NonBlank },
  { doc: DocumentRef },
  'AuditFollowUpAcceptedData',
)

/**
 * The finding closed: every recommendation's follow-up accepted, or closed by the auditor's decision.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AuditFindingClosedData = exactStruct(
  { reason: t.keyof({ ALL_RECOMMENDATIONS_ACCEPTED: null, CLOSED_BY_AUDITOR: null }) },
  { doc: DocumentRef },
  'AuditFindingClosedData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * @category events
 * @since 0.1.0
 */
export const AuditFindingRecorded = defineEvent('AuditFindingRecorded', AuditFindingRecordedData)

/**
 * @category events
 * @since 0.1.0
 */
export const AuditFollowUpReported = defineEvent('AuditFollowUpReported', AuditFollowUpReportedData)

/**
 * @category events
 * @since 0.1.0
 */
export const AuditFollowUpAccepted = defineEvent('AuditFollowUpAccepted', AuditFollowUpAcceptedData)

/**
 * @category events
 * @since 0.1.0
 */
export const AuditFindingClosed = defineEvent('AuditFindingClosed', AuditFindingClosedData)

const definitions = [
  AuditFindingRecorded,
  AuditFollowUpReported,
  AuditFollowUpAccepted,
  AuditFindingClosed,
  ComplianceGapNoted,
  ComplianceGapResolved,
] as const

/**
 * Encodes and decodes the events of an `audit-<findingId>` stream (including the shared compliance-gap events).
 *
 * @category events
 * @since 0.1.0
 */
export const auditEvents = eventRegistry(definitions)

/**
 * An audit event in memory.
 *
 * @category model
 * @since 0.1.0
 */
export type AuditEvent = EventOf<(typeof definitions)[number]>
