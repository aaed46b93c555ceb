/**
 * What the Program rules share: the decision type, the entity of a rejection, state guards, and the test of an
 * open gap. The documentary rule itself is the one every aggregate uses (`../../internal/DeciderSupport`).
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import { invalidTransition, ruleViolation, type DomainError, type EntityRef, type RuleCode } from '../../DomainError'
import { type Decision as DecisionOf } from '../../internal/DeciderSupport'
import type { RegionDirectory } from '../../values/Region'
import type { Program } from '../Program'
import type { ProgramEvent } from '../ProgramEvents'
import type { ProgramStatus } from '../ProgramValues'
import type { DakTranchePolicy } from '../rules/DakTranchePolicy'

/** The outcome of a command. */
export type Decision = DecisionOf<ProgramEvent>

/** The reference data the rules consult. */
export interface RuleDeps {
  readonly regions: RegionDirectory
  readonly dakTranchePolicy: (fiscalYear: number) => DakTranchePolicy
}

/** The entity of every rejection. */
export const programRef = (programId: string): EntityRef => ({ kind: 'program', id: programId })

/** The events of a decision that changes nothing. */
export const nothing: Decision = E.right([])

/** Accepts events. */
export const accept = (...events: ReadonlyArray<ProgramEvent>): Decision => E.right(events)

/** Rejects with a rule violation. */
export const violate = (p: Pick<Program, 'programId'>, rule: RuleCode, message: string): Decision =>
  E.left(ruleViolation(rule, programRef(p.programId), message))

/** Rejects a command the program's state does not allow. */
export const notIn = (p: Pick<Program, 'programId' | 'status'>, command: string, message: string): Decision =>
  E.left(invalidTransition(programRef(p.programId), p.status, command, message))

/** Requires the program to be in one of `allowed`; otherwise an `InvalidTransition` naming what to do. */
export const requireStatus = (
  p: Pick<Program, 'programId' | 'status'>,
  command: string,
  allowed: ReadonlyArray<ProgramStatus>,
  action: string,
): E.Either<DomainError, void> =>
  allowed.includes(p.status)
    ? E.right(undefined)
    : E.left(
        invalidTransition(
          programRef(p.programId),
          p.status,
          command,
          `cannot ${action}: program ${p.programId} is ${p.status}; ${command} is allowed only when it is ${allowed.join(', ')}`,
        ),
      )

/** Statuses after approval and before closing. */
export const ACTIVE: ReadonlyArray<ProgramStatus> = [
  'APPROVED',
  'FUNDED',
  'IN_EXECUTION',
  'EXECUTION_COMPLETED',
  'REPORTED',
]

/** Statuses in which the program is still being prepared or run. */
export const PREPARING_OR_RUNNING: ReadonlyArray<ProgramStatus> = ['PLANNED', 'APPROVED', 'FUNDED', 'IN_EXECUTION']

/** Whether the program has the gap with this id open (the test of a documentary rule's "note once"). */
export const hasOpenGap =
  (p: Pick<Program, 'gaps'>) =>
  (gapId: string): boolean =>
    p.gaps.get(gapId)?.status === 'OPEN'

/** `true` when a line can pay for bimtek (rule R7). */
export const fundsTraining = (p: Program): boolean =>
  [...p.lines.values()].some((l) => (l.purpose === 'TRAINING' || l.purpose === 'MIXED') && l.allocated > 0n)
