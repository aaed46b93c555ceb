/**
 * The Program aggregate's commands: `{ type, data, context }`, one io-ts codec each, imperative names. Every
 * command's `data` names the `programId` it targets, so errors can name the program even before it exists.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { CivilDate, formatErrors } from '../../index'
import { CommandContext } from '../CommandContext'
import { invalidCommand, type DomainError } from '../DomainError'
import { DocKind, DocumentRef, exactStruct, OfficialRef, OrgRef, Quantity, RegionRef } from '../values'
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

const commandOf = <Type extends string, D extends t.Mixed>(type: Type, data: D) =>
  t.exact(t.type({ type: t.literal(type), data, context: CommandContext }), type)

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
export const RegisterProgram = commandOf('RegisterProgram', ProgramRegisteredData)

/**
 * @category commands
 * @since 0.1.0
 */
export const ApproveProgram = commandOf('ApproveProgram', onProgram(ProgramApprovedData, 'ApproveProgramData'))

/**
 * Allocates a funding line. `budgetDoc` (DIPA / DPA / SK alokasi DAK) is required in `OPERATIONAL` mode.
 *
 * @category commands
 * @since 0.1.0
 */
export const AllocateFunding = commandOf('AllocateFunding', onProgram(FundingAllocatedData, 'AllocateFundingData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const ReviseFunding = commandOf('ReviseFunding', onProgram(FundingRevisedData, 'ReviseFundingData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const ReceiveDakTranche = commandOf(
  'ReceiveDakTranche',
  onProgram(DakTrancheReceivedData, 'ReceiveDakTrancheData'),
)

/**
 * Records realised spending. Its date is `context.occurredOn`, the civil date of the place (rule R4).
 *
 * @category commands
 * @since 0.1.0
 */
export const RealizeExpenditure = commandOf(
  'RealizeExpenditure',
  onProgram(ExpenditureRealizedData, 'RealizeExpenditureData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const ReverseExpenditure = commandOf(
  'ReverseExpenditure',
  onProgram(ExpenditureReversedData, 'ReverseExpenditureData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const DefineActivityTrack = commandOf(
  'DefineActivityTrack',
  onProgram(ActivityTrackDefinedData, 'DefineActivityTrackData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetEligibilityPolicy = commandOf(
  'SetEligibilityPolicy',
  onProgram(EligibilityPolicySetData, 'SetEligibilityPolicyData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetTrainingPolicy = commandOf(
  'SetTrainingPolicy',
  onProgram(TrainingPolicySetData, 'SetTrainingPolicyData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SetQuota = commandOf('SetQuota', onProgram(QuotaSetData, 'SetQuotaData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const AssignInstructor = commandOf('AssignInstructor', onProgram(InstructorAssignedData, 'AssignInstructorData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const NominateParticipant = commandOf(
  'NominateParticipant',
  onProgram(ParticipantNominatedData, 'NominateParticipantData'),
)

/**
 * Selects a participant. The eligibility inputs (`birthDate`, `isCivilServant`, `priorSimilarAidCount`,
 * `hasExistingBusiness`) are evaluated and dropped: the event keeps only the result and an age band. `region`
 * is the person's domicile. `checkedVia: 'GROUP_LEADER'` says only a group's leader was checked, which a
 * DPR-aspirasi program refuses (rule R29).
 *
 * @category commands
 * @since 0.1.0
 */
export const SelectParticipant = commandOf(
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
export const WithdrawParticipant = commandOf(
  'WithdrawParticipant',
  onProgram(ParticipantWithdrawnData, 'WithdrawParticipantData'),
)

/**
 * Schedules a batch; the decider computes `plannedDays` (inclusive) from the dates.
 *
 * @category commands
 * @since 0.1.0
 */
export const ScheduleTrainingBatch = commandOf(
  'ScheduleTrainingBatch',
  onProgram(
    exactStruct(
      {
        batchId: ProgramText,
        title: ProgramText,
        mode: TrainingMode,
        region: RegionRef,
        startDate: CivilDate,
        endDate: CivilDate,
      },
      { trackId: ProgramText, venue: ProgramText, capacity: ProgramPositiveCount },
      'ScheduleTrainingBatchFields',
    ),
    'ScheduleTrainingBatchData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RescheduleTrainingBatch = commandOf(
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
export const OpenTrainingBatch = commandOf(
  'OpenTrainingBatch',
  onProgram(
    exactStruct(
      { batchId: ProgramText, openedBy: OfficialRef },
      { speakers: t.readonlyArray(OfficialRef), venue: ProgramText },
      'OpenTrainingBatchFields',
    ),
    'OpenTrainingBatchData',
  ),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const RecordAttendance = commandOf(
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
export const CompleteTrainingBatch = commandOf(
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
export const IssueCertificate = commandOf(
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
export const SetProductionTarget = commandOf(
  'SetProductionTarget',
  onProgram(ProductionTargetSetData, 'SetProductionTargetData'),
)

/**
 * Reports produced quantity, as an increment (reports add up per output and region).
 *
 * @category commands
 * @since 0.1.0
 */
export const ReportProduction = commandOf('ReportProduction', onProgram(ProductionReportedData, 'ReportProductionData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const DeliverOutput = commandOf(
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
export const LinkEquipment = commandOf('LinkEquipment', onProgram(EquipmentLinkedData, 'LinkEquipmentData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const LinkFacility = commandOf('LinkFacility', onProgram(FacilityLinkedData, 'LinkFacilityData'))

/**
 * Starts execution when something other than a batch opening does (equipment procured, works contracted, or a
 * historical record of a program that ran).
 *
 * @category commands
 * @since 0.1.0
 */
export const StartProgramExecution = commandOf(
  'StartProgramExecution',
  onProgram(ProgramExecutionStartedData, 'StartProgramExecutionData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const CompleteProgramExecution = commandOf(
  'CompleteProgramExecution',
  onProgram(t.exact(t.type({})), 'CompleteProgramExecutionData'),
)

/**
 * @category commands
 * @since 0.1.0
 */
export const SubmitProgramReport = commandOf(
  'SubmitProgramReport',
  onProgram(ProgramReportSubmittedData, 'SubmitProgramReportData'),
)

/**
 * Closes the program; the decider freezes the final realisation per line.
 *
 * @category commands
 * @since 0.1.0
 */
export const CloseProgram = commandOf('CloseProgram', onProgram(t.exact(t.type({})), 'CloseProgramData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const CancelProgram = commandOf('CancelProgram', onProgram(ProgramCancelledData, 'CancelProgramData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const NoteAspiration = commandOf('NoteAspiration', onProgram(AspirationNotedData, 'NoteAspirationData'))

/**
 * @category commands
 * @since 0.1.0
 */
export const AssertFundingSource = commandOf(
  'AssertFundingSource',
  onProgram(FundingSourceAssertedData, 'AssertFundingSourceData'),
)

/**
 * Notes a compliance gap by hand (an importer that knows a document is missing).
 *
 * @category commands
 * @since 0.1.0
 */
export const NoteProgramComplianceGap = commandOf(
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
export const ResolveProgramComplianceGap = commandOf(
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
export const decodeProgramCommand = (input: unknown): E.Either<DomainError, ProgramCommand> => {
  const type =
    typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined
  const known = programCommandTypes.join(', ')
  if (typeof type !== 'string') {
    return E.left(invalidCommand('program', `a program command needs a string field "type" (one of ${known})`))
  }
  const codec: t.Decoder<unknown, ProgramCommand> | undefined = Object.prototype.hasOwnProperty.call(codecs, type)
    ? codecs[type as keyof typeof codecs]
    : undefined
  if (codec === undefined)
    return E.left(invalidCommand(type, `"${type}" is not a program command; use one of ${known}`))
  const decoded = codec.decode(input)
  return E.isLeft(decoded)
    ? E.left(
        invalidCommand(
          type,
          `${type} is invalid ${formatErrors(decoded.left)}; correct those fields and send it again`,
        ),
      )
    : E.right(decoded.right)
}
