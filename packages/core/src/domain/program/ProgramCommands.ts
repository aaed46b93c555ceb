/**
 * The Program aggregate's commands: `{ type, data, context }`, one io-ts codec each, imperative names. Every
 * command's `data` names the `programId` it targets, so errors can name the program even before it exists.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { PersonFacts } from '../person/PersonFacts'
import { CivilDate } from '../../index'
import type { DomainError } from '../DomainError'
import { commandCodec, decodeCommandOf } from '../internal/Commands'
import { DocKind, DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { OfficialRef, OrgRef } from '../values/Organisation'
import { Quantity } from '../values/Quantity'
import { RegionRef } from '../values/Region'
import {
  ActivityTrackDefinedData,
  AspirationNotedData,
  DakTrancheReceivedData,
  EligibilityPolicySetData,
  EquipmentLinkedData,
  ExpenditureRealizedData,
  ExpenditureReversedData,
  FacilityLinkedData,
  FundingAllocatedData,
  FundingRevisedData,
  FundingSourceAssertedData,
  BudgetAnnouncedData,
  InstructorAssignedData,
  ParticipantNominatedData,
  ParticipantWithdrawnData,
  ProductionReportedData,
  ProductionTargetSetData,
  ProgramApprovedData,
  ProgramCancelledData,
  ProgramExecutionStartedData,
  ProgramRegisteredData,
  ProgramReportSubmittedData,
  QuotaSetData,
  TrainingPolicySetData,
} from './ProgramEvents'
import { ProgramCount, ProgramPositiveCount, ProgramText, TrainingMode } from './ProgramValues'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const ProgramIdField = t.exact(t.type({ programId: ProgramText }))

/** A command on an existing program: its data is the `programId` and `data`, named `<type>Data`. */
const programCommand = <Type extends string, D extends t.Mixed>(type: Type, data: D) =>
  commandCodec(type, t.intersection([ProgramIdField, data], `${type}Data`))

/** A program command whose fields are its own (no event data), named `<type>Fields`. */
const programCommandOf = <Type extends string, P extends t.Props, Q extends t.Props>(
  type: Type,
  required: P,
  optional: Q,
) => programCommand(type, exactStruct(required, optional, `${type}Fields`))

// -------------------------------------------------------------------------------------
// command codecs
// -------------------------------------------------------------------------------------

/**
 * Registers a program (the only command accepted on an empty stream).
 *
 * @category commands
 * @since 0.1.0
 */
export const RegisterProgram = commandCodec('RegisterProgram', ProgramRegisteredData)

/**
 * @category commands
 * @since 0.1.0
 */
export const ApproveProgram = programCommand('ApproveProgram', ProgramApprovedData)

/**
 * Allocates a funding line. `budgetDoc` (DIPA / DPA / SK alokasi DAK) is required in `OPERATIONAL` mode.
 *
 * @category commands
 * @since 0.1.0
 */
export const AllocateFunding = programCommand('AllocateFunding', FundingAllocatedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const ReviseFunding = programCommand('ReviseFunding', FundingRevisedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const ReceiveDakTranche = programCommand('ReceiveDakTranche', DakTrancheReceivedData)

/**
 * Records realised spending. Its date is `context.occurredOn`, the civil date of the place (rule R4).
 *
 * @category commands
 * @since 0.1.0
 */
export const RealizeExpenditure = programCommand('RealizeExpenditure', ExpenditureRealizedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const ReverseExpenditure = programCommand('ReverseExpenditure', ExpenditureReversedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const DefineActivityTrack = programCommand('DefineActivityTrack', ActivityTrackDefinedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetEligibilityPolicy = programCommand('SetEligibilityPolicy', EligibilityPolicySetData)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetTrainingPolicy = programCommand('SetTrainingPolicy', TrainingPolicySetData)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetQuota = programCommand('SetQuota', QuotaSetData)

/**
 * @category commands
 * @since 0.1.0
 */
export const AssignInstructor = programCommand('AssignInstructor', InstructorAssignedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const NominateParticipant = programCommand('NominateParticipant', ParticipantNominatedData)

/**
 * Selects a participant. The eligibility inputs (`birthDate`, `isCivilServant`, `priorSimilarAidCount`,
 * `hasExistingBusiness`) are evaluated and dropped: the event keeps only the result and an age band. `region`
 * is the person's domicile. `checkedVia: 'GROUP_LEADER'` says only a group's leader was checked, which a
 * DPR-aspirasi program refuses (rule R29). `person` carries the facts of the person's own stream
 * (`personFactsOf`): in `OPERATIONAL` mode they are required, so an enrolment without a lawful basis (R30) or a
 * child's selection without a guardian's consent (R13) is refused.
 *
 * @category commands
 * @since 0.1.0
 */
export const SelectParticipant = programCommandOf(
  'SelectParticipant',
  { personId: ProgramText, region: RegionRef },
  {
    trackId: ProgramText,
    batchId: ProgramText,
    groupId: ProgramText,
    birthDate: CivilDate,
    isCivilServant: t.boolean,
    priorSimilarAidCount: ProgramCount,
    hasExistingBusiness: t.boolean,
    checkedVia: t.keyof({ INDIVIDUAL: null, GROUP_LEADER: null }),
    selectionDoc: DocumentRef,
    person: PersonFacts,
  },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const WithdrawParticipant = programCommand('WithdrawParticipant', ParticipantWithdrawnData)

/**
 * Schedules a batch; the decider computes `plannedDays` (inclusive) from the dates.
 *
 * @category commands
 * @since 0.1.0
 */
export const ScheduleTrainingBatch = programCommandOf(
  'ScheduleTrainingBatch',
  {
    batchId: ProgramText,
    title: ProgramText,
    mode: TrainingMode,
    region: RegionRef,
  },
  {
    startDate: CivilDate,
    endDate: CivilDate,
    // The number of days, when an import knows only the duration; computed from the dates otherwise.
    plannedDays: ProgramPositiveCount,
    trackId: ProgramText,
    venue: ProgramText,
    capacity: ProgramPositiveCount,
  },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RescheduleTrainingBatch = programCommandOf(
  'RescheduleTrainingBatch',
  { batchId: ProgramText, startDate: CivilDate, endDate: CivilDate, reason: ProgramText },
  {},
)

/**
 * Opens a batch on `context.occurredOn`.
 *
 * @category commands
 * @since 0.1.0
 */
export const OpenTrainingBatch = programCommandOf(
  'OpenTrainingBatch',
  { batchId: ProgramText },
  { openedBy: OfficialRef, speakers: t.readonlyArray(OfficialRef), venue: ProgramText },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RecordAttendance = programCommandOf(
  'RecordAttendance',
  { batchId: ProgramText, date: CivilDate, present: t.readonlyArray(ProgramText) },
  { absent: t.readonlyArray(ProgramText), attendanceDoc: DocumentRef },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const CompleteTrainingBatch = programCommandOf(
  'CompleteTrainingBatch',
  {
    batchId: ProgramText,
    endDate: CivilDate,
    daysHeld: ProgramPositiveCount,
    completedParticipantIds: t.readonlyArray(ProgramText),
  },
  {},
)

/**
 * @category commands
 * @since 0.1.0
 */
export const IssueCertificate = programCommandOf(
  'IssueCertificate',
  { batchId: ProgramText, personId: ProgramText },
  { certificateNo: ProgramText },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetProductionTarget = programCommand('SetProductionTarget', ProductionTargetSetData)

/**
 * Reports produced quantity, as an increment (reports add up per output and region).
 *
 * @category commands
 * @since 0.1.0
 */
export const ReportProduction = programCommand('ReportProduction', ProductionReportedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const DeliverOutput = programCommandOf(
  'DeliverOutput',
  { deliveryId: ProgramText, outputId: ProgramText, quantity: Quantity, to: OrgRef },
  { region: RegionRef, handoverDoc: DocumentRef },
)

/**
 * @category commands
 * @since 0.1.0
 */
export const LinkEquipment = programCommand('LinkEquipment', EquipmentLinkedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const LinkFacility = programCommand('LinkFacility', FacilityLinkedData)

/**
 * Starts execution when something other than a batch opening does (equipment procured, works contracted, or a
 * historical record of a program that ran).
 *
 * @category commands
 * @since 0.1.0
 */
export const StartProgramExecution = programCommand('StartProgramExecution', ProgramExecutionStartedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const CompleteProgramExecution = programCommand('CompleteProgramExecution', t.exact(t.type({})))

/**
 * @category commands
 * @since 0.1.0
 */
export const SubmitProgramReport = programCommand('SubmitProgramReport', ProgramReportSubmittedData)

/**
 * Closes the program; the decider freezes the final realisation per line.
 *
 * @category commands
 * @since 0.1.0
 */
export const CloseProgram = programCommand('CloseProgram', t.exact(t.type({})))

/**
 * @category commands
 * @since 0.1.0
 */
export const CancelProgram = programCommand('CancelProgram', ProgramCancelledData)

/**
 * @category commands
 * @since 0.1.0
 */
export const NoteAspiration = programCommand('NoteAspiration', AspirationNotedData)

/**
 * @category commands
 * @since 0.1.0
 */
export const AssertFundingSource = programCommand('AssertFundingSource', FundingSourceAssertedData)

/**
 * Records a budget announced or planned but not allocated (see `BudgetAnnouncedData`).
 *
 * @category commands
 * @since 0.1.0
 */
export const AnnounceBudget = programCommand('AnnounceBudget', BudgetAnnouncedData)

/**
 * Notes a compliance gap by hand (an importer that knows a document is missing).
 *
 * @category commands
 * @since 0.1.0
 */
export const NoteProgramComplianceGap = programCommandOf(
  'NoteComplianceGap',
  { rule: ProgramText, subject: ProgramText, missingDocKinds: t.readonlyArray(DocKind), note: ProgramText },
  {},
)

/**
 * Resolves an open gap with the document that was missing (it must have a number).
 *
 * @category commands
 * @since 0.1.0
 */
export const ResolveProgramComplianceGap = programCommandOf(
  'ResolveComplianceGap',
  { gapId: ProgramText, document: DocumentRef },
  {},
)

const codecs = {
  RegisterProgram,
  ApproveProgram,
  AllocateFunding,
  ReviseFunding,
  ReceiveDakTranche,
  RealizeExpenditure,
  ReverseExpenditure,
  DefineActivityTrack,
  SetEligibilityPolicy,
  SetTrainingPolicy,
  SetQuota,
  AssignInstructor,
  NominateParticipant,
  SelectParticipant,
  WithdrawParticipant,
  ScheduleTrainingBatch,
  RescheduleTrainingBatch,
  OpenTrainingBatch,
  RecordAttendance,
  CompleteTrainingBatch,
  IssueCertificate,
  SetProductionTarget,
  ReportProduction,
  DeliverOutput,
  LinkEquipment,
  LinkFacility,
  StartProgramExecution,
  CompleteProgramExecution,
  SubmitProgramReport,
  CloseProgram,
  CancelProgram,
  NoteAspiration,
  AssertFundingSource,
  AnnounceBudget,
  NoteComplianceGap: NoteProgramComplianceGap,
  ResolveComplianceGap: ResolveProgramComplianceGap,
} as const

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const programCommandCodecs: { readonly [K in keyof typeof codecs]: (typeof codecs)[K] } = codecs

/**
 * A Program command.
 *
 * @category model
 * @since 0.1.0
 */
export type ProgramCommand = t.TypeOf<(typeof codecs)[keyof typeof codecs]>

/**
 * One Program command type.
 *
 * @category model
 * @since 0.1.0
 */
export type ProgramCommandOf<T extends ProgramCommand['type']> = Extract<ProgramCommand, { readonly type: T }>

/**
 * The command types, sorted.
 *
 * @category constants
 * @since 0.1.0
 */
export const programCommandTypes: ReadonlyArray<ProgramCommand['type']> = (
  Object.keys(codecs) as Array<ProgramCommand['type']>
).sort()

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes a command by its `type`, naming the io-ts path that failed (`at data.amount: expected an amount of
 * at least Rp1, got "0"`).
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeProgramCommand: (input: unknown) => E.Either<DomainError, ProgramCommand> =
  decodeCommandOf<ProgramCommand>('program', codecs)
