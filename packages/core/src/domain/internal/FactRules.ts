/**
 * Rule R35 per aggregate: which facts each event establishes and which each command rests on, beyond the ones
 * every aggregate shares (the entity's creation, its last change of state, a compliance gap's noting; see
 * `FactOrder.ts`). A command rests on the fact that created the part it acts on (the batch it opens, the funding
 * line it spends, the works it completes) and on the step the rule it follows names (R1: funding after the
 * approval; R7: a bimtek after the funding; R21: the ownership after the hibah approval; R24: a reassignment after
 * the monitoring visit).
 *
 * Internal: not part of the public surface.
 */
import type { FactOrder } from '../../kernel/CommandHandler'
import type { AuditCommand } from '../audit/AuditCommands'
import type { AuditState } from '../audit/AuditDecider'
import type { AuditEvent } from '../audit/AuditEvents'
import type { DomainError } from '../DomainError'
import type { EquipmentCommand } from '../equipment/EquipmentCommands'
import type { EquipmentState } from '../equipment/EquipmentDecider'
import type { EquipmentEvent } from '../equipment/EquipmentEvents'
import type { FacilityCommand } from '../facility/FacilityCommands'
import type { FacilityState } from '../facility/FacilityDecider'
import type { FacilityEvent } from '../facility/FacilityEvents'
import type { GroupCommand } from '../group/GroupCommands'
import type { GroupState } from '../group/GroupDecider'
import type { GroupEvent } from '../group/GroupEvents'
import type { PersonCommand } from '../person/PersonCommands'
import type { PersonState } from '../person/PersonDecider'
import type { PersonEvent } from '../person/PersonEvents'
import { isProgram, participantKey, type ProgramState } from '../program/Program'
import type { ProgramCommand } from '../program/ProgramCommands'
import type { ProgramEvent } from '../program/ProgramEvents'
import type { ProposalCommand } from '../proposal/ProposalCommands'
import type { ProposalState } from '../proposal/ProposalDecider'
import type { ProposalEvent } from '../proposal/ProposalEvents'
import { factOrderOf, partKey, phaseKey, stepKey } from './FactOrder'

// -------------------------------------------------------------------------------------
// program
// -------------------------------------------------------------------------------------

const BATCH = 'batch'
const OPENING = 'opening of batch'
const COMPLETION = 'completion of batch'
const LINE = 'funding line'
const FIRST_FUNDING = 'first funding allocation'
const FIRST_ASSERTION = 'first funding source assertion'

/** Program: funding lines, expenditures, tracks, batches (scheduled, opened, completed), participants, outputs. */
export const programFactOrder: FactOrder<ProgramCommand, ProgramEvent, ProgramState, DomainError> = factOrderOf<
  ProgramCommand,
  ProgramEvent,
  ProgramState
>({
  entityOf: (command) => ({ kind: 'program', id: command.data.programId }),
  establishes: {
    FundingAllocated: (event, before) => [
      ...partKey(LINE, event.data.lineId),
      ...(isProgram(before) && before.lines.size === 0 ? stepKey(FIRST_FUNDING) : []),
    ],
    FundingSourceAsserted: (_event, before) =>
      isProgram(before) && before.fundingAsserted.length === 0 ? stepKey(FIRST_ASSERTION) : [],
    ExpenditureRealized: (event) => partKey('expenditure', event.data.expenditureId),
    ActivityTrackDefined: (event) => partKey('activity track', event.data.trackId),
    ParticipantSelected: (event) =>
      partKey('selection of participant', participantKey(event.data.personId, event.data.trackId)),
    TrainingBatchScheduled: (event) => partKey(BATCH, event.data.batchId),
    TrainingBatchRescheduled: (event) => partKey(BATCH, event.data.batchId),
    TrainingBatchOpened: (event) => partKey(OPENING, event.data.batchId),
    TrainingBatchCompleted: (event) => partKey(COMPLETION, event.data.batchId),
    ProductionTargetSet: (event) => partKey('output', event.data.outputId),
  },
  restsOn: {
    // R1: funding only for an approved program.
    AllocateFunding: () => [phaseKey('APPROVED')],
    ReviseFunding: (command) => partKey(LINE, command.data.lineId),
    ReceiveDakTranche: (command) => partKey(LINE, command.data.lineId),
    RealizeExpenditure: (command) => partKey(LINE, command.data.lineId),
    ReverseExpenditure: (command) => partKey('expenditure', command.data.expenditureId),
    AssignInstructor: (command) => [
      ...partKey(BATCH, command.data.batchId),
      ...partKey('activity track', command.data.trackId),
    ],
    NominateParticipant: (command) => partKey('activity track', command.data.trackId),
    SelectParticipant: (command) => [
      ...partKey(BATCH, command.data.batchId),
      ...partKey('activity track', command.data.trackId),
    ],
    WithdrawParticipant: (command) =>
      partKey('selection of participant', participantKey(command.data.personId, command.data.trackId)),
    ScheduleTrainingBatch: (command) => partKey('activity track', command.data.trackId),
    RescheduleTrainingBatch: (command) => partKey(BATCH, command.data.batchId),
    // R7: no bimtek before the funding (or, in an import, the asserted source standing in for it).
    OpenTrainingBatch: (command, before) => [
      ...partKey(BATCH, command.data.batchId),
      phaseKey('APPROVED'),
      ...stepKey(isProgram(before) && before.lines.size > 0 ? FIRST_FUNDING : FIRST_ASSERTION),
    ],
    RecordAttendance: (command) => partKey(OPENING, command.data.batchId),
    CompleteTrainingBatch: (command) => partKey(OPENING, command.data.batchId),
    IssueCertificate: (command) => partKey(COMPLETION, command.data.batchId),
    SetProductionTarget: (command) => partKey('activity track', command.data.trackId),
    ReportProduction: (command) => partKey('output', command.data.outputId),
    DeliverOutput: (command) => partKey('output', command.data.outputId),
  },
})

// -------------------------------------------------------------------------------------
// proposal
// -------------------------------------------------------------------------------------

const ASSESSMENT = 'assessment of item'

/**
 * Proposal: its own life is submitted, exposed, under identification, withdrawn; the statuses the item decisions
 * give it (assessed, partly or wholly accepted, rejected) follow each item's own assessment instead, so two items
 * may be decided in either order.
 */
export const proposalFactOrder: FactOrder<ProposalCommand, ProposalEvent, ProposalState, DomainError> = factOrderOf<
  ProposalCommand,
  ProposalEvent,
  ProposalState
>({
  entityOf: (command) => ({ kind: 'proposal', id: command.data.proposalId }),
  phaseOf: (state) =>
    state.status === 'ASSESSED' ||
    state.status === 'PARTIALLY_ACCEPTED' ||
    state.status === 'ACCEPTED' ||
    state.status === 'REJECTED'
      ? 'UNDER_IDENTIFICATION'
      : state.status,
  establishes: {
    ProposalAssessed: (event) => partKey(ASSESSMENT, event.data.itemId),
  },
  restsOn: {
    AssessProposalItem: () => [phaseKey('UNDER_IDENTIFICATION')],
    AcceptProposalItem: (command) => partKey(ASSESSMENT, command.data.itemId),
    RejectProposalItem: (command) => partKey(ASSESSMENT, command.data.itemId),
    WithdrawProposal: (_command, before) =>
      before.status === 'NONE'
        ? []
        : before.itemOrder.flatMap((id) => (before.items[id]?.assessment === undefined ? [] : partKey(ASSESSMENT, id))),
  },
})

// -------------------------------------------------------------------------------------
// equipment
// -------------------------------------------------------------------------------------

const ASSIGNMENT = 'latest assignment to recipients'
const MONITORING = 'monitoring visit'

const recipientsOf = (state: EquipmentState): string =>
  state.status === 'NONE' ? '' : JSON.stringify(state.recipients)

/** Equipment: the custody chain is its phase; the optional steps before the ownership; assignments and monitoring. */
export const equipmentFactOrder: FactOrder<EquipmentCommand, EquipmentEvent, EquipmentState, DomainError> = factOrderOf<
  EquipmentCommand,
  EquipmentEvent,
  EquipmentState
>({
  entityOf: (command) => ({ kind: 'equipment', id: command.data.packageId }),
  establishes: {
    EquipmentUsageStatusDetermined: () => stepKey('usage status decision (PSP)'),
    EquipmentHibahApproved: () => stepKey('hibah approval'),
    // A loan converted into a grant to the same recipients is no new assignment: its monitoring still holds.
    EquipmentLentToGroup: (_event, before, after) =>
      recipientsOf(before) === recipientsOf(after) ? [] : stepKey(ASSIGNMENT),
    EquipmentGrantedToGroup: (_event, before, after) =>
      recipientsOf(before) === recipientsOf(after) ? [] : stepKey(ASSIGNMENT),
    EquipmentLentToRecipients: (_event, before, after) =>
      recipientsOf(before) === recipientsOf(after) ? [] : stepKey(ASSIGNMENT),
    EquipmentGrantedToRecipients: (_event, before, after) =>
      recipientsOf(before) === recipientsOf(after) ? [] : stepKey(ASSIGNMENT),
    EquipmentReassigned: () => stepKey(ASSIGNMENT),
    EquipmentUtilizationMonitored: () => stepKey(MONITORING),
  },
  restsOn: {
    // R21: the ownership follows the PSP and the hibah approval when they were recorded.
    TransferEquipmentOwnership: () => [...stepKey('usage status decision (PSP)'), ...stepKey('hibah approval')],
    MonitorEquipmentUtilization: () => stepKey(ASSIGNMENT),
    // R24: a reassignment follows the monitoring visit that found the package unused.
    ReassignEquipment: () => [...stepKey(ASSIGNMENT), ...stepKey(MONITORING)],
    DerecognizeEquipmentFromBmn: (_command, before) => [
      phaseKey(before.status === 'WRITTEN_OFF' ? 'WRITTEN_OFF' : 'OWNED_BY_PEMDA'),
    ],
  },
})

// -------------------------------------------------------------------------------------
// facility
// -------------------------------------------------------------------------------------

/** Facility: each works contract and its PHO. */
export const facilityFactOrder: FactOrder<FacilityCommand, FacilityEvent, FacilityState, DomainError> = factOrderOf<
  FacilityCommand,
  FacilityEvent,
  FacilityState
>({
  entityOf: (command) => ({ kind: 'facility', id: command.data.facilityId }),
  establishes: {
    FacilityWorksContracted: (event) => partKey('works', event.data.worksId),
    FacilityWorksCompleted: (event) => partKey('PHO of works', event.data.worksId),
  },
  restsOn: {
    ReportFacilityWorksProgress: (command) => partKey('works', command.data.worksId),
    CompleteFacilityWorks: (command) => partKey('works', command.data.worksId),
    HandOverFacilityWorksFinally: (command) => partKey('PHO of works', command.data.worksId),
  },
})

// -------------------------------------------------------------------------------------
// group, person, audit
// -------------------------------------------------------------------------------------

/** Group: a member leaves, or becomes the leader, after joining. */
export const groupFactOrder: FactOrder<GroupCommand, GroupEvent, GroupState, DomainError> = factOrderOf<
  GroupCommand,
  GroupEvent,
  GroupState
>({
  entityOf: (command) => ({ kind: 'group', id: command.data.groupId }),
  establishes: {
    GroupMemberJoined: (event) => partKey('joining of member', event.data.personId),
  },
  restsOn: {
    LeaveGroupMember: (command) => partKey('joining of member', command.data.personId),
    ChangeGroupLeader: (command) => partKey('joining of member', command.data.personId),
  },
})

/** Person: a consent is withdrawn after it was recorded. */
export const personFactOrder: FactOrder<PersonCommand, PersonEvent, PersonState, DomainError> = factOrderOf<
  PersonCommand,
  PersonEvent,
  PersonState
>({
  entityOf: (command) => ({ kind: 'person', id: command.data.personId }),
  establishes: {
    ConsentRecorded: (event) => partKey('consent for', event.data.purpose),
  },
  restsOn: {
    WithdrawConsent: (command) => partKey('consent for', command.data.purpose),
  },
})

/** Audit finding: a follow-up is accepted after it was reported; the finding closes after every acceptance. */
export const auditFactOrder: FactOrder<AuditCommand, AuditEvent, AuditState, DomainError> = factOrderOf<
  AuditCommand,
  AuditEvent,
  AuditState
>({
  entityOf: (command) => ({ kind: 'audit', id: command.data.findingId }),
  establishes: {
    AuditFollowUpReported: (event) =>
      event.data.recommendationIds.flatMap((id) => partKey('follow-up report on recommendation', id)),
    AuditFollowUpAccepted: (event) => partKey('acceptance of recommendation', event.data.recommendationId),
  },
  restsOn: {
    AcceptAuditFollowUp: (command) => partKey('follow-up report on recommendation', command.data.recommendationId),
    CloseAuditFinding: (_command, before) =>
      before.status === 'NONE' ? [] : before.accepted.flatMap((id) => partKey('acceptance of recommendation', id)),
  },
})
