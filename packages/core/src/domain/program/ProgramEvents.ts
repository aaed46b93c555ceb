/**
 * The Program aggregate's events (research §4.4.2), each an io-ts codec registered in {@link programEvents}.
 * Events name facts in the past tense; payloads carry ids, codes and amounts, never a private person's name,
 * NIK or birth date.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate, defineEvent, eventRegistry, type EventOf } from '../../index'
import { ComplianceGapNoted, ComplianceGapResolved } from '../ComplianceGap'
import { Sex } from '../person/PersonEvents'
import { AgeBand, FiscalYear } from '../values/FiscalYear'
import { BasisPoints } from '../values/BasisPoints'
import { BottleVolumeMl, Quantity, QuantityValue, Unit } from '../values/Quantity'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { FundingSource } from '../values/FundingSource'
import { KbliRef } from '../values/Kbli'
import { OfficialRef, OrgRef } from '../values/Organisation'
import { Origin } from '../values/Origin'
import { PositiveRupiah, Rupiah } from '../values/Money'
import { RegionRef } from '../values/Region'
import {
  DakTranche,
  EligibilityParams,
  EligibilityResult,
  ExecutionTrigger,
  ExpenditureCategory,
  FundingPurpose,
  FundingRevisionReason,
  ProgramCount,
  ProgramPositiveCount,
  ProgramScheme,
  ProgramText,
  QuotaScope,
  TrainingMode,
  TrainingPolicy,
} from './ProgramValues'

// -------------------------------------------------------------------------------------
// payloads
// -------------------------------------------------------------------------------------

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramRegisteredData = exactStruct(
  {
    programId: ProgramText,
    fiscalYear: FiscalYear,
    title: ProgramText,
    schemes: t.readonlyArray(ProgramScheme),
    executingOrg: OrgRef,
    coOrganizers: t.readonlyArray(OrgRef),
    regions: t.readonlyArray(RegionRef),
    kbli: t.readonlyArray(KbliRef),
    origin: Origin,
  },
  {
    programCode: ProgramText,
    proposalRef: t.exact(t.type({ proposalId: ProgramText, itemId: ProgramText })),
  },
  'ProgramRegisteredData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramApprovedData = exactStruct(
  {},
  { approvedBy: OfficialRef, decisionDoc: DocumentRef },
  'ProgramApprovedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const FundingAllocatedData = exactStruct(
  {
    lineId: ProgramText,
    source: FundingSource,
    amount: PositiveRupiah,
    fiscalYear: FiscalYear,
    purpose: FundingPurpose,
  },
  { budgetDoc: DocumentRef, accountCode: ProgramText },
  'FundingAllocatedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const FundingRevisedData = exactStruct(
  { lineId: ProgramText, newAmount: Rupiah, reason: FundingRevisionReason },
  { doc: DocumentRef },
  'FundingRevisedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const DakTrancheReceivedData = exactStruct(
  {
    lineId: ProgramText,
    tranche: DakTranche,
    amount: PositiveRupiah,
    absorptionBpAtRequest: BasisPoints,
    outputBpAtRequest: BasisPoints,
  },
  { omspanRef: ProgramText },
  'DakTrancheReceivedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ExpenditureRealizedData = exactStruct(
  { lineId: ProgramText, expenditureId: ProgramText, amount: PositiveRupiah, category: ExpenditureCategory },
  { paymentDoc: DocumentRef, batchId: ProgramText, packageId: ProgramText, worksId: ProgramText },
  'ExpenditureRealizedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ExpenditureReversedData = exactStruct(
  { expenditureId: ProgramText, amount: PositiveRupiah, reason: ProgramText },
  { refundDoc: DocumentRef },
  'ExpenditureReversedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ActivityTrackDefinedData = exactStruct(
  {
    trackId: ProgramText,
    title: ProgramText,
    kbli: t.readonlyArray(KbliRef),
    eligibleRegions: t.readonlyArray(RegionRef),
    mode: TrainingMode,
  },
  { product: ProgramText },
  'ActivityTrackDefinedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const EligibilityPolicySetData = exactStruct(
  { policyId: ProgramText, params: EligibilityParams },
  {},
  'EligibilityPolicySetData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const TrainingPolicySetData = exactStruct({ policy: TrainingPolicy }, {}, 'TrainingPolicySetData')

/**
 * @category payloads
 * @since 0.1.0
 */
export const QuotaSetData = exactStruct(
  { scope: QuotaScope, maxParticipants: ProgramPositiveCount },
  {},
  'QuotaSetData',
)

/**
 * An instructor: the organisation that assigned them, and a person id when the instructor is an individual
 * (never a name).
 *
 * @category payloads
 * @since 0.1.0
 */
export const InstructorAssignedData = exactStruct(
  { assignmentId: ProgramText, org: OrgRef },
  { personId: ProgramText, assignmentDoc: DocumentRef, batchId: ProgramText, trackId: ProgramText },
  'InstructorAssignedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ParticipantNominatedData = exactStruct(
  { personId: ProgramText, nominatedBy: OrgRef, region: RegionRef },
  { trackId: ProgramText },
  'ParticipantNominatedData',
)

/**
 * A selection: the person id, their domicile region, the eligibility result and coarse demographics (an age
 * band and sex, for RM-4). The birth date the evaluation used is not stored.
 *
 * @category payloads
 * @since 0.1.0
 */
export const ParticipantSelectedData = exactStruct(
  { personId: ProgramText, region: RegionRef, eligibility: EligibilityResult },
  {
    trackId: ProgramText,
    batchId: ProgramText,
    groupId: ProgramText,
    demographics: exactStruct({}, { ageBand: AgeBand, sex: Sex }, 'Demographics'),
    selectionDoc: DocumentRef,
  },
  'ParticipantSelectedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ParticipantWithdrawnData = exactStruct(
  { personId: ProgramText, reason: ProgramText },
  { trackId: ProgramText, replacementPersonId: ProgramText },
  'ParticipantWithdrawnData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const TrainingBatchScheduledData = exactStruct(
  {
    batchId: ProgramText,
    title: ProgramText,
    mode: TrainingMode,
    region: RegionRef,
    plannedDays: ProgramPositiveCount,
  },
  {
    // An import may know only the duration ("5 hari"): the dates are then not reported, never made up.
    startDate: CivilDate,
    endDate: CivilDate,
    trackId: ProgramText,
    venue: ProgramText,
    capacity: ProgramPositiveCount,
  },
  'TrainingBatchScheduledData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const TrainingBatchRescheduledData = exactStruct(
  {
    batchId: ProgramText,
    startDate: CivilDate,
    endDate: CivilDate,
    plannedDays: ProgramPositiveCount,
    reason: ProgramText,
  },
  {},
  'TrainingBatchRescheduledData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const TrainingBatchOpenedData = exactStruct(
  { batchId: ProgramText, speakers: t.readonlyArray(OfficialRef) },
  // Who opened it may be unreported in an import; an operational opening names them.
  { openedBy: OfficialRef, venue: ProgramText },
  'TrainingBatchOpenedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const AttendanceRecordedData = exactStruct(
  {
    batchId: ProgramText,
    date: CivilDate,
    present: t.readonlyArray(ProgramText),
    absent: t.readonlyArray(ProgramText),
  },
  { attendanceDoc: DocumentRef },
  'AttendanceRecordedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const TrainingBatchCompletedData = exactStruct(
  {
    batchId: ProgramText,
    endDate: CivilDate,
    daysHeld: ProgramPositiveCount,
    completedParticipantIds: t.readonlyArray(ProgramText),
  },
  {},
  'TrainingBatchCompletedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const CertificateIssuedData = exactStruct(
  { batchId: ProgramText, personId: ProgramText },
  { certificateNo: ProgramText },
  'CertificateIssuedData',
)

/**
 * A production output: its unit is fixed (rule R17); the target is optional because news sometimes names a
 * product without a number (S4's face shields), and a number is never invented.
 *
 * @category payloads
 * @since 0.1.0
 */
export const ProductionTargetSetData = exactStruct(
  { outputId: ProgramText, product: ProgramText, unit: Unit, intendedRecipients: t.readonlyArray(OrgRef) },
  { trackId: ProgramText, kbli: KbliRef, target: QuantityValue, bottleVolumeMl: BottleVolumeMl, region: RegionRef },
  'ProductionTargetSetData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProductionReportedData = exactStruct(
  { reportId: ProgramText, outputId: ProgramText, quantity: Quantity, reportedBy: OrgRef },
  { region: RegionRef },
  'ProductionReportedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const OutputDeliveredData = exactStruct(
  { deliveryId: ProgramText, outputId: ProgramText, quantity: Quantity, to: OrgRef },
  { region: RegionRef, handoverDoc: DocumentRef },
  'OutputDeliveredData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const EquipmentLinkedData = exactStruct({ packageId: ProgramText }, { note: ProgramText }, 'EquipmentLinkedData')

/**
 * @category payloads
 * @since 0.1.0
 */
export const FacilityLinkedData = exactStruct(
  { facilityId: ProgramText },
  { worksId: ProgramText, note: ProgramText },
  'FacilityLinkedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramExecutionStartedData = exactStruct(
  { trigger: ExecutionTrigger },
  { ref: ProgramText },
  'ProgramExecutionStartedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramExecutionCompletedData = exactStruct(
  { batchesCompleted: ProgramCount, participantsCompleted: ProgramCount },
  {},
  'ProgramExecutionCompletedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramReportSubmittedData = exactStruct({}, { reportDoc: DocumentRef }, 'ProgramReportSubmittedData')

/**
 * @category payloads
 * @since 0.1.0
 */
export const FinalRealisation = exactStruct(
  { lineId: ProgramText, source: FundingSource, allocated: Rupiah, realised: Rupiah },
  {},
  'FinalRealisation',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramClosedData = exactStruct(
  { finalRealisation: t.readonlyArray(FinalRealisation) },
  {},
  'ProgramClosedData',
)

/**
 * @category payloads
 * @since 0.1.0
 */
export const ProgramCancelledData = exactStruct({ reason: ProgramText }, {}, 'ProgramCancelledData')

/**
 * @category payloads
 * @since 0.1.0
 */
export const AspirationNotedData = exactStruct(
  { aspirationId: ProgramText, from: OfficialRef, request: ProgramText },
  {},
  'AspirationNotedData',
)

/**
 * A budget announced or planned, not allocated: a sum said this year "for next year", a pagu indikatif. It is
 * recorded so the statement is not lost, but it is no allocation: it never makes a program FUNDED, never pays
 * for bimtek (R7) and never counts toward realisation or absorption.
 *
 * @category payloads
 * @since 0.1.0
 */
export const BudgetAnnouncedData = exactStruct(
  { announcementId: ProgramText, source: FundingSource, amount: PositiveRupiah, fiscalYear: FiscalYear },
  { announcedBy: OfficialRef, doc: DocumentRef },
  'BudgetAnnouncedData',
)

/**
 * A funding source named without an amount (a news report). Never counts as money (R3); stands in for an
 * allocation only in `HISTORICAL_IMPORT` mode, with a gap (R7).
 *
 * @category payloads
 * @since 0.1.0
 */
export const FundingSourceAssertedData = exactStruct(
  { source: FundingSource },
  { sourceOrg: OrgRef },
  'FundingSourceAssertedData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * The `ProgramRegistered` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramRegistered = defineEvent('ProgramRegistered', ProgramRegisteredData)
/**
 * The `ProgramApproved` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramApproved = defineEvent('ProgramApproved', ProgramApprovedData)
/**
 * The `FundingAllocated` event.
 *
 * @category events
 * @since 0.1.0
 */
export const FundingAllocated = defineEvent('FundingAllocated', FundingAllocatedData)
/**
 * The `FundingRevised` event.
 *
 * @category events
 * @since 0.1.0
 */
export const FundingRevised = defineEvent('FundingRevised', FundingRevisedData)
/**
 * The `DakTrancheReceived` event.
 *
 * @category events
 * @since 0.1.0
 */
export const DakTrancheReceived = defineEvent('DakTrancheReceived', DakTrancheReceivedData)
/**
 * The `ExpenditureRealized` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ExpenditureRealized = defineEvent('ExpenditureRealized', ExpenditureRealizedData)
/**
 * The `ExpenditureReversed` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ExpenditureReversed = defineEvent('ExpenditureReversed', ExpenditureReversedData)
/**
 * The `ActivityTrackDefined` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ActivityTrackDefined = defineEvent('ActivityTrackDefined', ActivityTrackDefinedData)
/**
 * The `EligibilityPolicySet` event.
 *
 * @category events
 * @since 0.1.0
 */
export const EligibilityPolicySet = defineEvent('EligibilityPolicySet', EligibilityPolicySetData)
/**
 * The `TrainingPolicySet` event.
 *
 * @category events
 * @since 0.1.0
 */
export const TrainingPolicySet = defineEvent('TrainingPolicySet', TrainingPolicySetData)
/**
 * The `QuotaSet` event.
 *
 * @category events
 * @since 0.1.0
 */
export const QuotaSet = defineEvent('QuotaSet', QuotaSetData)
/**
 * The `InstructorAssigned` event.
 *
 * @category events
 * @since 0.1.0
 */
export const InstructorAssigned = defineEvent('InstructorAssigned', InstructorAssignedData)
/**
 * The `ParticipantNominated` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ParticipantNominated = defineEvent('ParticipantNominated', ParticipantNominatedData)
/**
 * The `ParticipantSelected` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ParticipantSelected = defineEvent('ParticipantSelected', ParticipantSelectedData)
/**
 * The `ParticipantWithdrawn` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ParticipantWithdrawn = defineEvent('ParticipantWithdrawn', ParticipantWithdrawnData)
/**
 * The `TrainingBatchScheduled` event.
 *
 * @category events
 * @since 0.1.0
 */
export const TrainingBatchScheduled = defineEvent('TrainingBatchScheduled', TrainingBatchScheduledData)
/**
 * The `TrainingBatchRescheduled` event.
 *
 * @category events
 * @since 0.1.0
 */
export const TrainingBatchRescheduled = defineEvent('TrainingBatchRescheduled', TrainingBatchRescheduledData)
/**
 * The `TrainingBatchOpened` event.
 *
 * @category events
 * @since 0.1.0
 */
export const TrainingBatchOpened = defineEvent('TrainingBatchOpened', TrainingBatchOpenedData)
/**
 * The `AttendanceRecorded` event.
 *
 * @category events
 * @since 0.1.0
 */
export const AttendanceRecorded = defineEvent('AttendanceRecorded', AttendanceRecordedData)
/**
 * The `TrainingBatchCompleted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const TrainingBatchCompleted = defineEvent('TrainingBatchCompleted', TrainingBatchCompletedData)
/**
 * The `CertificateIssued` event.
 *
 * @category events
 * @since 0.1.0
 */
export const CertificateIssued = defineEvent('CertificateIssued', CertificateIssuedData)
/**
 * The `ProductionTargetSet` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProductionTargetSet = defineEvent('ProductionTargetSet', ProductionTargetSetData)
/**
 * The `ProductionReported` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProductionReported = defineEvent('ProductionReported', ProductionReportedData)
/**
 * The `OutputDelivered` event.
 *
 * @category events
 * @since 0.1.0
 */
export const OutputDelivered = defineEvent('OutputDelivered', OutputDeliveredData)
/**
 * The `EquipmentLinked` event.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentLinked = defineEvent('EquipmentLinked', EquipmentLinkedData)
/**
 * The `FacilityLinked` event.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityLinked = defineEvent('FacilityLinked', FacilityLinkedData)
/**
 * The `ProgramExecutionStarted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramExecutionStarted = defineEvent('ProgramExecutionStarted', ProgramExecutionStartedData)
/**
 * The `ProgramExecutionCompleted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramExecutionCompleted = defineEvent('ProgramExecutionCompleted', ProgramExecutionCompletedData)
/**
 * The `ProgramReportSubmitted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramReportSubmitted = defineEvent('ProgramReportSubmitted', ProgramReportSubmittedData)
/**
 * The `ProgramClosed` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramClosed = defineEvent('ProgramClosed', ProgramClosedData)
/**
 * The `ProgramCancelled` event.
 *
 * @category events
 * @since 0.1.0
 */
export const ProgramCancelled = defineEvent('ProgramCancelled', ProgramCancelledData)
/**
 * The `AspirationNoted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const AspirationNoted = defineEvent('AspirationNoted', AspirationNotedData)
/**
 * The `FundingSourceAsserted` event.
 *
 * @category events
 * @since 0.1.0
 */
export const FundingSourceAsserted = defineEvent('FundingSourceAsserted', FundingSourceAssertedData)

/**
 * The `BudgetAnnounced` event.
 *
 * @category events
 * @since 0.1.0
 */
export const BudgetAnnounced = defineEvent('BudgetAnnounced', BudgetAnnouncedData)

const definitions = [
  ProgramRegistered,
  ProgramApproved,
  FundingAllocated,
  FundingRevised,
  DakTrancheReceived,
  ExpenditureRealized,
  ExpenditureReversed,
  ActivityTrackDefined,
  EligibilityPolicySet,
  TrainingPolicySet,
  QuotaSet,
  InstructorAssigned,
  ParticipantNominated,
  ParticipantSelected,
  ParticipantWithdrawn,
  TrainingBatchScheduled,
  TrainingBatchRescheduled,
  TrainingBatchOpened,
  AttendanceRecorded,
  TrainingBatchCompleted,
  CertificateIssued,
  ProductionTargetSet,
  ProductionReported,
  OutputDelivered,
  EquipmentLinked,
  FacilityLinked,
  ProgramExecutionStarted,
  ProgramExecutionCompleted,
  ProgramReportSubmitted,
  ProgramClosed,
  ProgramCancelled,
  AspirationNoted,
  FundingSourceAsserted,
  BudgetAnnounced,
  ComplianceGapNoted,
  ComplianceGapResolved,
] as const

/**
 * Every Program event definition, in catalogue order.
 *
 * @category events
 * @since 0.1.0
 */
export const programEventDefinitions = definitions

/**
 * Encodes and decodes Program events (including the shared compliance-gap events).
 *
 * @category events
 * @since 0.1.0
 */
export const programEvents = eventRegistry(definitions)

/**
 * A Program event in memory.
 *
 * @category model
 * @since 0.1.0
 */
export type ProgramEvent = EventOf<(typeof definitions)[number]>

/**
 * One Program event type.
 *
 * @category model
 * @since 0.1.0
 */
export type ProgramEventOf<T extends ProgramEvent['type']> = Extract<ProgramEvent, { readonly type: T }>
