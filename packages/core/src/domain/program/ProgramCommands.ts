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

const onProgram = <D extends t.Mixed>(data: D, name: string) => t.intersection([ProgramIdField, data], name)

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
export const ApproveProgram = commandCodec('ApproveProgram', onProgram(ProgramApprovedData, 'ApproveProgramData'))

/**
 * Allocates a funding line. `budgetDoc` (DIPA / DPA / SK alokasi DAK) is required in `OPERATIONAL` mode.
 *
 * @category commands
 * @since 0.1.0
 */
export const AllocateFunding = commandCodec('AllocateFunding', onProgram(FundingAllocatedData, 'AllocateFundingData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const ReviseFunding = commandCodec('ReviseFunding', onProgram(FundingRevisedData, 'ReviseFundingData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const ReceiveDakTranche = commandCodec(
  'ReceiveDakTranche',
  onProgram(DakTrancheReceivedData, 'ReceiveDakTrancheData'),
)

/**
 * Records realised spending. Its date is `context.occurredOn`, the civil date of the place (rule R4).
 *
 * @category commands
 * @since 0.1.0
 */
export const RealizeExpenditure = commandCodec(
  'RealizeExpenditure',
  onProgram(ExpenditureRealizedData, 'RealizeExpenditureData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const ReverseExpenditure = commandCodec(
  'ReverseExpenditure',
  onProgram(ExpenditureReversedData, 'ReverseExpenditureData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const DefineActivityTrack = commandCodec(
  'DefineActivityTrack',
  onProgram(ActivityTrackDefinedData, 'DefineActivityTrackData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetEligibilityPolicy = commandCodec(
  'SetEligibilityPolicy',
  onProgram(EligibilityPolicySetData, 'SetEligibilityPolicyData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetTrainingPolicy = commandCodec(
  'SetTrainingPolicy',
  onProgram(TrainingPolicySetData, 'SetTrainingPolicyData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetQuota = commandCodec('SetQuota', onProgram(QuotaSetData, 'SetQuotaData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const AssignInstructor = commandCodec(
  'AssignInstructor',
  onProgram(InstructorAssignedData, 'AssignInstructorData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const NominateParticipant = commandCodec(
  'NominateParticipant',
  onProgram(ParticipantNominatedData, 'NominateParticipantData'),
)

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
export const SelectParticipant = commandCodec(
  'SelectParticipant',
  onProgram(
    exactStruct(
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
      'SelectParticipantFields',
    ),
    'SelectParticipantData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const WithdrawParticipant = commandCodec(
  'WithdrawParticipant',
  onProgram(ParticipantWithdrawnData, 'WithdrawParticipantData'),
)

/**
 * Schedules a batch; the decider computes `plannedDays` (inclusive) from the dates.
 *
 * @category commands
 * @since 0.1.0
 */
export const ScheduleTrainingBatch = commandCodec(
  'ScheduleTrainingBatch',
  onProgram(
    exactStruct(
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
      'ScheduleTrainingBatchFields',
    ),
    'ScheduleTrainingBatchData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RescheduleTrainingBatch = commandCodec(
  'RescheduleTrainingBatch',
  onProgram(
    exactStruct(
      { batchId: ProgramText, startDate: CivilDate, endDate: CivilDate, reason: ProgramText },
      {},
      'RescheduleTrainingBatchFields',
    ),
    'RescheduleTrainingBatchData',
  ),
)

/**
 * Opens a batch on `context.occurredOn`.
 *
 * @category commands
 * @since 0.1.0
 */
export const OpenTrainingBatch = commandCodec(
  'OpenTrainingBatch',
  onProgram(
    exactStruct(
      { batchId: ProgramText },
      { openedBy: OfficialRef, speakers: t.readonlyArray(OfficialRef), venue: ProgramText },
      'OpenTrainingBatchFields',
    ),
    'OpenTrainingBatchData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RecordAttendance = commandCodec(
  'RecordAttendance',
  onProgram(
    exactStruct(
      { batchId: ProgramText, date: CivilDate, present: t.readonlyArray(ProgramText) },
      { absent: t.readonlyArray(ProgramText), attendanceDoc: DocumentRef },
      'RecordAttendanceFields',
    ),
    'RecordAttendanceData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const CompleteTrainingBatch = commandCodec(
  'CompleteTrainingBatch',
  onProgram(
    exactStruct(
      {
        batchId: ProgramText,
        endDate: CivilDate,
        daysHeld: ProgramPositiveCount,
        completedParticipantIds: t.readonlyArray(ProgramText),
      },
      {},
      'CompleteTrainingBatchFields',
    ),
    'CompleteTrainingBatchData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const IssueCertificate = commandCodec(
  'IssueCertificate',
  onProgram(
    exactStruct(
      { batchId: ProgramText, personId: ProgramText },
      { certificateNo: ProgramText },
      'IssueCertificateFields',
    ),
    'IssueCertificateData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetProductionTarget = commandCodec(
  'SetProductionTarget',
  onProgram(ProductionTargetSetData, 'SetProductionTargetData'),
)

/**
 * Reports produced quantity, as an increment (reports add up per output and region).
 *
 * @category commands
 * @since 0.1.0
 */
export const ReportProduction = commandCodec(
  'ReportProduction',
  onProgram(ProductionReportedData, 'ReportProductionData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const DeliverOutput = commandCodec(
  'DeliverOutput',
  onProgram(
    exactStruct(
      { deliveryId: ProgramText, outputId: ProgramText, quantity: Quantity, to: OrgRef },
      { region: RegionRef, handoverDoc: DocumentRef },
      'DeliverOutputFields',
    ),
    'DeliverOutputData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const LinkEquipment = commandCodec('LinkEquipment', onProgram(EquipmentLinkedData, 'LinkEquipmentData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const LinkFacility = commandCodec('LinkFacility', onProgram(FacilityLinkedData, 'LinkFacilityData'))

/**
 * Starts execution when something other than a batch opening does (equipment procured, works contracted, or a
 * historical record of a program that ran).
 *
 * @category commands
 * @since 0.1.0
 */
export const StartProgramExecution = commandCodec(
  'StartProgramExecution',
  onProgram(ProgramExecutionStartedData, 'StartProgramExecutionData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const CompleteProgramExecution = commandCodec(
  'CompleteProgramExecution',
  onProgram(t.exact(t.type({})), 'CompleteProgramExecutionData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SubmitProgramReport = commandCodec(
  'SubmitProgramReport',
  onProgram(ProgramReportSubmittedData, 'SubmitProgramReportData'),
)

/**
 * Closes the program; the decider freezes the final realisation per line.
 *
 * @category commands
 * @since 0.1.0
 */
export const CloseProgram = commandCodec('CloseProgram', onProgram(t.exact(t.type({})), 'CloseProgramData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const CancelProgram = commandCodec('CancelProgram', onProgram(ProgramCancelledData, 'CancelProgramData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const NoteAspiration = commandCodec('NoteAspiration', onProgram(AspirationNotedData, 'NoteAspirationData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const AssertFundingSource = commandCodec(
  'AssertFundingSource',
  onProgram(FundingSourceAssertedData, 'AssertFundingSourceData'),
)

/**
 * Records a budget announced or planned but not allocated (see `BudgetAnnouncedData`).
 *
 * @category commands
 * @since 0.1.0
 */
export const AnnounceBudget = commandCodec('AnnounceBudget', onProgram(BudgetAnnouncedData, 'AnnounceBudgetData'))

/**
 * Notes a compliance gap by hand (an importer that knows a document is missing).
 *
 * @category commands
 * @since 0.1.0
 */
export const NoteProgramComplianceGap = commandCodec(
  'NoteComplianceGap',
  onProgram(
    exactStruct(
      { rule: ProgramText, subject: ProgramText, missingDocKinds: t.readonlyArray(DocKind), note: ProgramText },
      {},
      'NoteComplianceGapFields',
    ),
    'NoteComplianceGapData',
  ),
)

/**
 * Resolves an open gap with the document that was missing (it must have a number).
 *
 * @category commands
 * @since 0.1.0
 */
export const ResolveProgramComplianceGap = commandCodec(
  'ResolveComplianceGap',
  onProgram(
    exactStruct({ gapId: ProgramText, document: DocumentRef }, {}, 'ResolveComplianceGapFields'),
    'ResolveComplianceGapData',
  ),
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
