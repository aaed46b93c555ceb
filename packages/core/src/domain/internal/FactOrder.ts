/**
 * Rule R35, the order of facts in time: an event is never dated (`occurredOn`) before the facts of its stream it
 * rests on, so a read "as of" a date never returns an event without them. Each aggregate states its facts in a
 * small table (`FactRules`); `factOrderOf` turns the table into the kernel command handler's `FactOrder`, which
 * compares the dates while it loads the stream.
 *
 * What every aggregate rests on, without a table entry:
 * - the entity's creation (the stream's first event): every command;
 * - the entity's last change of phase: every command that changes it (a state-machine arrow leaves the state the
 *   previous arrow entered, so it cannot come before it);
 * - a compliance gap's noting: the `ResolveComplianceGap` that closes it.
 *
 * Internal: not part of the public surface.
 */
import type { CivilDate } from '../../index'
// The kernel's fact-order contract (not yet re-exported from the package's main entry).
import type { DatedFact, FactOrder } from '../../kernel/CommandHandler'
import { ruleViolation, type DomainError, type EntityRef } from '../DomainError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Fact keys every aggregate shares. */
export const CREATED = 'created'
export const PHASE = 'phase'

/** The key of the phase an event entered: `phase:APPROVED`. */
export const phaseKey = (phase: string): string => `${PHASE}:${phase}`

/**
 * The key of a part of an entity or of a step in its life, in words a message can show: `batch:b1`,
 * `opening of batch:b1`, `hibah approval` (no id). Nothing when the command or event names no such part.
 */
export const partKey = (part: string, id?: string | undefined): ReadonlyArray<string> =>
  id === undefined ? [] : [`${part}:${id}`]

/** The key of a step without an id: `monitoring visit`. */
export const stepKey = (step: string): ReadonlyArray<string> => [step]

/** The facts one aggregate adds to the shared ones. */
export interface FactRules<
  C extends { readonly type: string; readonly data: unknown },
  Ev extends { readonly type: string; readonly data: unknown },
  S extends { readonly status: string },
> {
  /** What the messages call the entity. */
  readonly entityOf: (command: C) => EntityRef
  /**
   * The entity's phase: a change of it is a state-machine arrow. The status by default; an aggregate whose status
   * also moves with the decisions on its parts (a proposal's items) names the phases of its own life instead.
   */
  readonly phaseOf?: (state: S) => string
  /** The facts an event establishes beyond its phase: the parts it creates, by event type. */
  readonly establishes?: {
    readonly [T in Ev['type']]?: (
      event: Extract<Ev, { readonly type: T }>,
      before: S,
      after: S,
    ) => ReadonlyArray<string>
  }
  /** The facts a command rests on beyond its entity's creation and phase, by command type. */
  readonly restsOn?: {
    readonly [T in C['type']]?: (command: Extract<C, { readonly type: T }>, before: S) => ReadonlyArray<string>
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const describe = (fact: DatedFact, entity: EntityRef): string => {
  const colon = fact.key.indexOf(':')
  const label = colon < 0 ? fact.key : fact.key.slice(0, colon)
  const id = colon < 0 ? '' : fact.key.slice(colon + 1)
  const which =
    fact.key === CREATED
      ? `the creation of ${entity.kind} ${entity.id}`
      : fact.key === PHASE
        ? `the last change of state of ${entity.kind} ${entity.id}`
        : label === PHASE
          ? `${entity.kind} ${entity.id} becoming ${id}`
          : colon < 0
            ? `the ${label}`
            : `the ${label} ${id}`
  return `${which} (${fact.type}, revision ${fact.revision}), dated ${fact.occurredOn}`
}

/**
 * The rejection of a command dated before a fact it rests on: rule R35, naming both dates, the earlier event and
 * its revision.
 */
export const datedBefore = (entity: EntityRef, command: string, occurredOn: CivilDate, fact: DatedFact): DomainError =>
  ruleViolation(
    'R35',
    entity,
    `cannot ${command} dated ${occurredOn} on ${entity.kind} ${entity.id}: it rests on ${describe(fact, entity)}, ` +
      `and a fact may not be dated before a fact it rests on (rule R35); date it ${fact.occurredOn} or later`,
  )

const gapIdOf = (data: unknown): string | undefined => {
  const gapId = typeof data === 'object' && data !== null ? (data as { readonly gapId?: unknown }).gapId : undefined
  return typeof gapId === 'string' ? gapId : undefined
}

/** The kernel's fact order of one aggregate: the shared facts and the aggregate's own. */
export const factOrderOf = <
  C extends { readonly type: string; readonly data: unknown },
  Ev extends { readonly type: string; readonly data: unknown },
  S extends { readonly status: string },
>(
  rules: FactRules<C, Ev, S>,
): FactOrder<C, Ev, S, DomainError> => {
  const phaseOf = rules.phaseOf ?? ((state: S) => state.status)
  const own = <K extends string>(table: object | undefined, key: K) =>
    table !== undefined && Object.prototype.hasOwnProperty.call(table, key)
      ? ((table as Record<string, unknown>)[key] as (...args: ReadonlyArray<unknown>) => ReadonlyArray<string>)
      : undefined
  return {
    establishes: (event, before, after) => {
      const keys: Array<string> = []
      if (before.status === 'NONE') keys.push(CREATED)
      const phase = phaseOf(after)
      if (phaseOf(before) !== phase) keys.push(PHASE, phaseKey(phase))
      if (event.type === 'ComplianceGapNoted') keys.push(...partKey('compliance gap', gapIdOf(event.data)))
      const extra = own(rules.establishes, event.type)
      if (extra !== undefined) keys.push(...extra(event, before, after))
      return keys
    },
    restsOn: (command, _events, before, after) => {
      const keys: Array<string> = [CREATED]
      if (phaseOf(before) !== phaseOf(after)) keys.push(PHASE)
      if (command.type === 'ResolveComplianceGap') keys.push(...partKey('compliance gap', gapIdOf(command.data)))
      const extra = own(rules.restsOn, command.type)
      if (extra !== undefined) keys.push(...extra(command, before))
      return keys
    },
    refuse: (command, occurredOn, fact) => datedBefore(rules.entityOf(command), command.type, occurredOn, fact),
  }
}
