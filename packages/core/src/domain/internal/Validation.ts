/**
 * The one validation pipeline every aggregate's decisions go through, Program and the stream aggregates alike:
 * checks on the command before its rules run (every region it names is in the loaded directory) and checks on
 * the events it would record (rule R30, no personal data). A new cross-cutting check is one more entry in
 * `commandChecks` or `eventChecks`, and then holds for every aggregate.
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import type { Decider } from '../../index'
import { invalidCommand, type DomainError, type EntityRef } from '../DomainError'
import { rejectPii } from '../values/Pii'
import { regionDirectory, type RegionDirectory, type RegionRef } from '../values/Region'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A command as every check sees it. */
export interface CheckedCommand {
  readonly type: string
  readonly data: unknown
}

/** A check on a command before its aggregate's rules run: the rejection, or `undefined` when it passes. */
export type CommandCheck = (command: CheckedCommand, entity: EntityRef) => DomainError | undefined

/** A check on the events a decision would record. */
export type EventCheck = <Ev extends { readonly type: string; readonly data: unknown }>(
  events: ReadonlyArray<Ev>,
  entity: EntityRef,
) => E.Either<DomainError, ReadonlyArray<Ev>>

/** The checks of the pipeline, in order. */
export interface Pipeline {
  readonly commandChecks: ReadonlyArray<CommandCheck>
  readonly eventChecks: ReadonlyArray<EventCheck>
}

/** The reference data the checks consult. */
export interface ReferenceData {
  readonly regions?: RegionDirectory
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

const isRegionRef = (value: object): value is RegionRef =>
  'scheme' in value && 'code' in value && 'level' in value && 'listVersion' in value && 'nameAtEvent' in value

const firstBadRegion = (directory: RegionDirectory, value: unknown): string | undefined => {
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = firstBadRegion(directory, item)
      if (bad !== undefined) return bad
    }
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (isRegionRef(value)) {
    const checked = directory.validate(value)
    return E.isLeft(checked) ? checked.left : undefined
  }
  for (const item of Object.values(value)) {
    const bad = firstBadRegion(directory, item)
    if (bad !== undefined) return bad
  }
  return undefined
}

/** Every region reference anywhere in the command's data is in the directory, with its level and a known name. */
export const regionCheck =
  (directory: RegionDirectory): CommandCheck =>
  (command) => {
    const bad = firstBadRegion(directory, command.data)
    return bad === undefined
      ? undefined
      : invalidCommand(command.type, `${bad}; use a code and name from the region list`)
  }

/** Rule R30 on every event. */
export const piiCheck: EventCheck = (events, entity) => rejectPii(entity, events)

/** The pipeline over the given reference data (the shipped region lists by default). */
export const pipelineOf = (reference: ReferenceData = {}): Pipeline => ({
  commandChecks: [regionCheck(reference.regions ?? regionDirectory)],
  eventChecks: [piiCheck],
})

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Runs a decider's decisions through the pipeline: command checks, then the rules, then event checks. */
export const validated = <C extends CheckedCommand, Ev extends { readonly type: string; readonly data: unknown }, S>(
  decider: Decider<C, Ev, S, DomainError>,
  entityOf: (command: C) => EntityRef,
  pipeline: Pipeline,
): Decider<C, Ev, S, DomainError> => ({
  ...decider,
  decide: (command, state) => {
    const entity = entityOf(command)
    for (const check of pipeline.commandChecks) {
      const rejection = check(command, entity)
      if (rejection !== undefined) return E.left(rejection)
    }
    let decided = decider.decide(command, state)
    for (const check of pipeline.eventChecks) {
      if (E.isLeft(decided)) return decided
      decided = check(decided.right, entity)
    }
    return decided
  },
})
