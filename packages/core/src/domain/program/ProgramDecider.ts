/**
 * The Program decider: `decide(command, state)` routes each command to its rules; every decision goes through
 * the validation pipeline all aggregates share (region references against the directory, rule R30 on events).
 *
 * Rules owned here: R1–R12, R14–R19, the per-member half of R29, and R30. R13 (guardian consent for minors)
 * waits for the consent events of the later PII issue.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { Decider } from '../../index'
import { alreadyExists, invalidCommand, unknownEntity, type DomainError } from '../DomainError'
import { pipelineOf, validated } from '../internal/Validation'
import type { IkmReferenceData } from '../ReferenceData'
import { regionDirectory } from '../values/Region'
import { programRef, type Decision, type RuleDeps } from './internal/ProgramRuleSupport'
import { evolveProgram, initialProgramState, isProgram, type ProgramState } from './Program'
import type { ProgramCommand } from './ProgramCommands'
import type { ProgramEvent } from './ProgramEvents'
import { DAK_TRANCHE_POLICIES, dakTranchePolicyFrom } from './rules/DakTranchePolicy'
import {
  allocateFunding,
  exactFiguresOnly,
  realizeExpenditure,
  receiveDakTranche,
  reverseExpenditure,
  reviseFunding,
} from './rules/FundingRules'
import {
  announceBudget,
  approveProgram,
  assertFundingSource,
  cancelProgram,
  closeProgram,
  completeProgramExecution,
  linkEquipment,
  linkFacility,
  noteAspiration,
  noteComplianceGap,
  registerProgram,
  resolveComplianceGap,
  startProgramExecution,
  submitProgramReport,
} from './rules/LifecycleRules'
import {
  assignInstructor,
  defineActivityTrack,
  nominateParticipant,
  selectParticipant,
  setEligibilityPolicy,
  setQuota,
  withdrawParticipant,
} from './rules/ParticipantRules'
import { deliverOutput, reportProduction, setProductionTarget } from './rules/ProductionRules'
import {
  completeTrainingBatch,
  issueCertificate,
  openTrainingBatch,
  recordAttendance,
  rescheduleTrainingBatch,
  scheduleTrainingBatch,
  setTrainingPolicy,
} from './rules/TrainingRules'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The reference data a Program decider consults: the region directory and the DAK tranche thresholds per
 * fiscal year (the same {@link IkmReferenceData} every aggregate takes).
 *
 * @category model
 * @since 0.1.0
 */
export type ProgramDeciderOptions = IkmReferenceData

/**
 * @category model
 * @since 0.1.0
 */
export type ProgramDecider = Decider<ProgramCommand, ProgramEvent, ProgramState, DomainError>

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const MONEY_COMMANDS: ReadonlyArray<ProgramCommand['type']> = [
  'AllocateFunding',
  'ReviseFunding',
  'ReceiveDakTranche',
  'RealizeExpenditure',
  'ReverseExpenditure',
]

const route = (command: ProgramCommand, state: ProgramState, deps: RuleDeps): Decision => {
  if (!isProgram(state)) {
    return command.type === 'RegisterProgram'
      ? registerProgram(command)
      : E.left(
          unknownEntity(
            programRef(command.data.programId),
            `cannot ${command.type}: program ${command.data.programId} does not exist; register it first with RegisterProgram`,
          ),
        )
  }
  if (command.data.programId !== state.programId) {
    return E.left(
      invalidCommand(
        command.type,
        `the command names program ${command.data.programId} but was sent to program ${state.programId}`,
      ),
    )
  }
  const p = state
  const inexact = MONEY_COMMANDS.includes(command.type) ? exactFiguresOnly(command, p) : undefined
  if (inexact !== undefined) return inexact
  switch (command.type) {
    case 'RegisterProgram':
      // Re-registering is refused even with identical data: a program is registered once.
      return E.left(
        alreadyExists(programRef(p.programId), `program ${p.programId} is already registered (${p.status})`),
      )
    case 'ApproveProgram':
      return approveProgram(command, p)
    case 'AllocateFunding':
      return allocateFunding(command, p)
    case 'ReviseFunding':
      return reviseFunding(command, p)
    case 'ReceiveDakTranche':
      return receiveDakTranche(command, p, deps)
    case 'RealizeExpenditure':
      return realizeExpenditure(command, p)
    case 'ReverseExpenditure':
      return reverseExpenditure(command, p)
    case 'DefineActivityTrack':
      return defineActivityTrack(command, p)
    case 'SetEligibilityPolicy':
      return setEligibilityPolicy(command, p)
    case 'SetTrainingPolicy':
      return setTrainingPolicy(command, p)
    case 'SetQuota':
      return setQuota(command, p)
    case 'AssignInstructor':
      return assignInstructor(command, p)
    case 'NominateParticipant':
      return nominateParticipant(command, p)
    case 'SelectParticipant':
      return selectParticipant(command, p)
    case 'WithdrawParticipant':
      return withdrawParticipant(command, p)
    case 'ScheduleTrainingBatch':
      return scheduleTrainingBatch(command, p)
    case 'RescheduleTrainingBatch':
      return rescheduleTrainingBatch(command, p)
    case 'OpenTrainingBatch':
      return openTrainingBatch(command, p)
    case 'RecordAttendance':
      return recordAttendance(command, p)
    case 'CompleteTrainingBatch':
      return completeTrainingBatch(command, p)
    case 'IssueCertificate':
      return issueCertificate(command, p)
    case 'SetProductionTarget':
      return setProductionTarget(command, p)
    case 'ReportProduction':
      return reportProduction(command, p)
    case 'DeliverOutput':
      return deliverOutput(command, p)
    case 'LinkEquipment':
      return linkEquipment(command, p)
    case 'LinkFacility':
      return linkFacility(command, p)
    case 'StartProgramExecution':
      return startProgramExecution(command, p)
    case 'CompleteProgramExecution':
      return completeProgramExecution(command, p)
    case 'SubmitProgramReport':
      return submitProgramReport(command, p)
    case 'CloseProgram':
      return closeProgram(command, p)
    case 'CancelProgram':
      return cancelProgram(command, p)
    case 'NoteAspiration':
      return noteAspiration(command, p)
    case 'AssertFundingSource':
      return assertFundingSource(command, p)
    case 'AnnounceBudget':
      return announceBudget(command, p)
    case 'NoteComplianceGap':
      return noteComplianceGap(command, p)
    case 'ResolveComplianceGap':
      return resolveComplianceGap(command, p)
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds a Program decider over the given reference data.
 *
 * @example
 * const decider = makeProgramDecider({ regions: regionDirectoryFrom([...SHIPPED_REGION_LISTS, fullList]) })
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeProgramDecider = (options: ProgramDeciderOptions = {}): ProgramDecider => {
  const deps: RuleDeps = {
    regions: options.regions ?? regionDirectory,
    dakTranchePolicy: dakTranchePolicyFrom(options.dakTranchePolicies ?? DAK_TRANCHE_POLICIES),
  }
  return validated(
    {
      initialState: initialProgramState,
      evolve: evolveProgram,
      decide: (command: ProgramCommand, state: ProgramState) => route(command, state, deps),
    },
    (command) => programRef(command.data.programId),
    pipelineOf(deps),
  )
}

/**
 * The Program decider over the shipped reference data.
 *
 * @category constructors
 * @since 0.1.0
 */
export const programDecider: ProgramDecider = makeProgramDecider()
