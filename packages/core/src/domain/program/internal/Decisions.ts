/**
 * What the Program rules share: the decision type, the entity of a rejection, state guards, and the
 * documentary-rule switch (reject in `OPERATIONAL`, note a gap in `HISTORICAL_IMPORT`).
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import type { CommandContext } from '../../CommandContext'
import { complianceGapNoted, gapIdOf } from '../../ComplianceGap'
import { invalidTransition, ruleViolation, type DomainError, type EntityRef, type RuleCode } from '../../DomainError'
import type { RegionDirectory } from '../../values'
import type { Program } from '../Program'
import type { ProgramEvent } from '../ProgramEvents'
import type { ProgramStatus } from '../ProgramValues'
import type { DakTranchePolicy } from '../rules/DakTranchePolicy'

/** The outcome of a command. */
export type Decision = E.Either<DomainError, ReadonlyArray<ProgramEvent>>

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

/**
 * A documentary rule. In `OPERATIONAL` mode a missing document rejects the command; in `HISTORICAL_IMPORT`
 * mode the command is accepted and a `ComplianceGapNoted` is appended (once: an open gap with the same id is not
 * noted again). `satisfied` says whether the document is there.
 */
export const documentary = (args: {
  readonly p: Program
  readonly context: CommandContext
  readonly rule: RuleCode | 'DOC'
  readonly subject: string
  readonly satisfied: boolean
  readonly missingDocKinds: ReadonlyArray<string>
  readonly rejection: DomainError
  readonly note: string
}): E.Either<DomainError, ReadonlyArray<ProgramEvent>> => {
  if (args.satisfied) return E.right([])
  if (args.context.mode === 'OPERATIONAL') return E.left(args.rejection)
  const gapId = gapIdOf(args.rule, args.subject)
  if (args.p.gaps.get(gapId)?.status === 'OPEN') return E.right([])
  return E.right([complianceGapNoted(args.rule, args.subject, args.missingDocKinds, args.note)])
}

/** Appends the gap events of a documentary check after the fact's own events. */
export const withGaps = (
  gaps: E.Either<DomainError, ReadonlyArray<ProgramEvent>>,
  ...events: ReadonlyArray<ProgramEvent>
): Decision => E.map((noted: ReadonlyArray<ProgramEvent>) => [...events, ...noted])(gaps)

/** `true` when a line can pay for bimtek (rule R7). */
export const fundsTraining = (p: Program): boolean =>
  [...p.lines.values()].some((l) => (l.purpose === 'TRAINING' || l.purpose === 'MIXED') && l.allocated > 0n)
