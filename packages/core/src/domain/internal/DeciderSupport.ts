/**
 * What the five deciders share: the documentary rule (reject in `OPERATIONAL`, note a compliance gap in
 * `HISTORICAL_IMPORT`), the open-gap bookkeeping and `ResolveComplianceGap`, and the routing every stream does
 * before its own rules (create on an empty stream, refuse a missing or foreign entity).
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import type { Decider } from '../../index'
import { type CommandContext, isDocumented } from '../CommandContext'
import { complianceGapNoted, gapIdOf, type ComplianceGapNotedData } from '../ComplianceGap'
import {
  alreadyExists,
  invalidCommand,
  invalidTransition,
  ruleViolation,
  unknownEntity,
  type DomainError,
  type EntityRef,
  type RuleCode,
} from '../DomainError'
import { DocumentRef, findDocument, type DocKind } from '../values/Document'
import { NonBlank } from './Commands'
import { pipelineOf, validated, type ReferenceData } from './Validation'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The outcome of a command: the events it produces, or why it is refused. */
export type Decision<Ev> = E.Either<DomainError, ReadonlyArray<Ev>>

/** The payload of a noted gap. */
export type GapData = t.TypeOf<typeof ComplianceGapNotedData>

/** Open compliance gaps of an entity, by gap id. */
export type OpenGaps = Readonly<Record<string, GapData>>

/** The gap events a documentary rule produces. */
export type GapEvent = ReturnType<typeof complianceGapNoted>

// -------------------------------------------------------------------------------------
// documentary rules
// -------------------------------------------------------------------------------------

/**
 * The switch behind every documentary rule. A satisfied rule produces nothing. Otherwise `OPERATIONAL` mode
 * rejects the command, and `HISTORICAL_IMPORT` mode accepts it and notes one gap (once: a gap already open is not
 * noted again). Never invents the document.
 */
export const documentary = (args: {
  readonly context: CommandContext
  readonly rule: string
  readonly subject: string
  readonly satisfied: boolean
  /** Whether the gap with this id is open already. */
  readonly isOpen: (gapId: string) => boolean
  readonly missingDocKinds: ReadonlyArray<string>
  readonly rejection: () => DomainError
  readonly note: string
}): E.Either<DomainError, ReadonlyArray<GapEvent>> => {
  if (args.satisfied) return E.right([])
  if (args.context.mode === 'OPERATIONAL') return E.left(args.rejection())
  if (args.isOpen(gapIdOf(args.rule, args.subject))) return E.right([])
  return E.right([complianceGapNoted(args.rule, args.subject, args.missingDocKinds, args.note)])
}

/** One document a step needs: the kinds that satisfy it, and what the command supplied (if anything). */
export interface RequiredDocument {
  readonly kinds: ReadonlyArray<DocKind>
  readonly supplied: DocumentRef | undefined
}

const label = (d: RequiredDocument): string => d.kinds.join(' or ')

/**
 * A documentary rule over the documents a command supplies: satisfied when every required document is supplied
 * (in its field, or among the evidence refs) with the right kind and the command's evidence is `DOCUMENTED`.
 */
export const requireDocuments = (args: {
  readonly rule: RuleCode
  readonly entity: EntityRef
  readonly subject: string
  readonly context: CommandContext
  readonly documents: ReadonlyArray<RequiredDocument>
  readonly openGaps: OpenGaps
  /** What the command does, for the message: "hand over equipment pkg-1 operationally". */
  readonly action: string
}): E.Either<DomainError, ReadonlyArray<GapEvent>> => {
  const missing = args.documents.filter((d) => O.isNone(findDocument(d.kinds, d.supplied, args.context.evidence)))
  const unverified = missing.length === 0 && !isDocumented(args.context)
  const lacking = unverified ? args.documents : missing
  const kinds = lacking.map(label)
  const why = unverified
    ? `the ${kinds.join(' and ')} is cited but the evidence is ${args.context.evidence.level}, not DOCUMENTED`
    : `the ${kinds.join(' and ')} ${kinds.length === 1 ? 'is' : 'are'} missing`
  return documentary({
    context: args.context,
    rule: args.rule,
    subject: args.subject,
    satisfied: missing.length === 0 && !unverified,
    isOpen: (gapId) => args.openGaps[gapId] !== undefined,
    missingDocKinds: lacking.flatMap((d) => d.kinds),
    rejection: () =>
      ruleViolation(
        args.rule,
        args.entity,
        `cannot ${args.action}: ${why} (rule ${args.rule}); attach the ${kinds.join(' and ')} with DOCUMENTED ` +
          `evidence, or use HISTORICAL_IMPORT mode to record the fact with a compliance gap`,
      ),
    note: `imported without proof: ${why}`,
  })
}

/**
 * A flag that is not about a missing document (e.g. R25: equipment transferred without permission): always a
 * gap, in both modes, never a rejection.
 */
export const flagGap = (rule: RuleCode, subject: string, note: string, openGaps: OpenGaps): ReadonlyArray<GapEvent> =>
  openGaps[gapIdOf(rule, subject)] === undefined ? [complianceGapNoted(rule, subject, [], note)] : []

/**
 * A fact's own event followed by the gap events of its documentary check. The event type comes from the
 * decision the caller returns, so the fact's event is checked against its aggregate's events.
 */
export const withGaps = <Ev>(
  main: NoInfer<Ev>,
  gaps: E.Either<DomainError, ReadonlyArray<NoInfer<Ev>>>,
): Decision<Ev> => E.map((noted: ReadonlyArray<Ev>): ReadonlyArray<Ev> => [main, ...noted])(gaps)

/**
 * Rule R31: a funding source a news report gives only as "DAK" (`DAK_UNSPECIFIED`) is refused in `OPERATIONAL`
 * mode and, in `HISTORICAL_IMPORT` mode, recorded as such with a gap asking which kind (the SK alokasi DAK says).
 */
export const unspecifiedDak = (args: {
  readonly context: CommandContext
  readonly source: string
  readonly subject: string
  readonly entity: EntityRef
  readonly isOpen: (gapId: string) => boolean
  readonly action: string
}): E.Either<DomainError, ReadonlyArray<GapEvent>> =>
  documentary({
    context: args.context,
    rule: 'R31',
    subject: args.subject,
    satisfied: args.source !== 'DAK_UNSPECIFIED',
    isOpen: args.isOpen,
    missingDocKinds: ['SK_ALOKASI_DAK'],
    rejection: () =>
      ruleViolation(
        'R31',
        args.entity,
        `cannot ${args.action} as DAK_UNSPECIFIED: say which DAK it is (DAK_FISIK, DAK_NONFISIK or DAK_TEMATIK) (rule R31); ` +
          'only an import of a report that does not say may record it unspecified',
      ),
    note: 'the source says "DAK" without saying which kind: fisik, nonfisik or tematik? The SK alokasi DAK says',
  })

// -------------------------------------------------------------------------------------
// gap resolution
// -------------------------------------------------------------------------------------

/** The data of a `ResolveComplianceGap` command. */
export const ResolveComplianceGapData = t.exact(
  t.type({ gapId: NonBlank, document: DocumentRef }),
  'ResolveComplianceGapData',
)

/**
 * Closes an open gap with the document that was missing: the gap must be open, the document of a kind the gap
 * named (any kind for a flag that named none), with a number, on `DOCUMENTED` evidence.
 */
export const resolveGap = (
  entity: EntityRef,
  openGaps: OpenGaps,
  data: t.TypeOf<typeof ResolveComplianceGapData>,
  context: CommandContext,
): E.Either<
  DomainError,
  ReadonlyArray<{
    readonly type: 'ComplianceGapResolved'
    readonly data: { gapId: string; documentKind: string; documentNumber: string }
  }>
> => {
  const gap = openGaps[data.gapId]
  if (gap === undefined) {
    const open = Object.keys(openGaps)
    return E.left(
      unknownEntity(
        entity,
        `cannot resolve compliance gap ${data.gapId} on ${entity.kind} ${entity.id}: no such open gap; ` +
          (open.length === 0 ? 'it has no open gaps' : `its open gaps are ${open.join(', ')}`),
      ),
    )
  }
  const rule = gap.rule as RuleCode
  if (gap.missingDocKinds.length > 0 && !gap.missingDocKinds.includes(data.document.kind)) {
    return E.left(
      ruleViolation(
        rule,
        entity,
        `cannot resolve gap ${gap.gapId}: it needs a ${gap.missingDocKinds.join(' or ')}, not a ${data.document.kind}; ` +
          'attach a document of the missing kind',
      ),
    )
  }
  if (data.document.number === undefined || !isDocumented(context)) {
    return E.left(
      ruleViolation(
        rule,
        entity,
        `cannot resolve gap ${gap.gapId} on ${entity.kind} ${entity.id}: the ${data.document.kind} needs a document ` +
          'number and the command needs DOCUMENTED evidence; supply both',
      ),
    )
  }
  return E.right([
    {
      type: 'ComplianceGapResolved' as const,
      data: { gapId: gap.gapId, documentKind: data.document.kind, documentNumber: data.document.number },
    },
  ])
}

/** Folds the two gap events into an entity's open gaps. */
export const evolveGaps = (openGaps: OpenGaps, event: { readonly type: string; readonly data: unknown }): OpenGaps => {
  if (event.type === 'ComplianceGapNoted') {
    const gap = event.data as GapData
    return { ...openGaps, [gap.gapId]: gap }
  }
  if (event.type === 'ComplianceGapResolved') {
    const { gapId } = event.data as { gapId: string }
    const { [gapId]: _closed, ...rest } = openGaps
    return rest
  }
  return openGaps
}

// -------------------------------------------------------------------------------------
// routing
// -------------------------------------------------------------------------------------

/** Refuses a command the entity's state does not allow, saying what to do instead. */
export const refuseInState = <Ev>(
  entity: EntityRef,
  noun: string,
  status: string,
  command: string,
  todo: string,
): Decision<Ev> =>
  E.left(
    invalidTransition(entity, status, command, `cannot ${command} on ${noun} ${entity.id}: it is ${status}; ${todo}`),
  )

/** The state of a stream holding one entity: `NONE` before the creating command. */
export type StreamState<Entity> = { readonly status: 'NONE' } | Entity

/**
 * The decider of a stream holding one entity: the creating command only on an empty stream, every other command
 * only on the entity the stream holds; every decision goes through the shared validation pipeline (regions in
 * the given directory, no personal data in events).
 */
export const streamDecider = <
  C extends { readonly type: string; readonly data: unknown },
  Created extends C['type'],
  Entity extends { readonly status: string },
  Ev extends { readonly type: string; readonly data: unknown },
>(
  spec: {
    readonly creation: Created
    readonly entityOf: (id: string) => EntityRef
    /** The id of the entity a command names. */
    readonly commandId: (command: C) => string
    readonly entityId: (entity: Entity) => string
    readonly create: (command: Extract<C, { readonly type: Created }>) => Decision<Ev>
    readonly decideOn: (command: Exclude<C, { readonly type: Created }>, entity: Entity) => Decision<Ev>
    readonly evolve: (state: StreamState<Entity>, event: Ev) => StreamState<Entity>
    /** What the messages call the entity: `the command names <noun> <id> but the stream holds <id>`. */
    readonly noun: string
    readonly messages: {
      readonly exists: (id: string) => string
      readonly missing: (command: string, id: string) => string
    }
  },
  reference: ReferenceData = {},
): Decider<C, Ev, StreamState<Entity>, DomainError> => {
  const isEmpty = (s: StreamState<Entity>): s is { readonly status: 'NONE' } => s.status === 'NONE'
  const creates = (c: C): c is Extract<C, { readonly type: Created }> => c.type === spec.creation
  const decide = (command: C, state: StreamState<Entity>): Decision<Ev> => {
    if (creates(command)) {
      if (isEmpty(state)) return spec.create(command)
      const id = spec.entityId(state)
      return E.left(alreadyExists(spec.entityOf(id), spec.messages.exists(id)))
    }
    const id = spec.commandId(command)
    if (isEmpty(state)) return E.left(unknownEntity(spec.entityOf(id), spec.messages.missing(command.type, id)))
    const held = spec.entityId(state)
    if (id !== held) {
      const message = `the command names ${spec.noun} ${id} but the stream holds ${held}; send it to its own stream`
      return E.left(invalidCommand(command.type, message))
    }
    return spec.decideOn(command as Exclude<C, { readonly type: Created }>, state)
  }
  return validated(
    { initialState: { status: 'NONE' }, decide, evolve: spec.evolve },
    (command: C) => spec.entityOf(spec.commandId(command)),
    pipelineOf(reference),
  )
}

/**
 * Facts a news report may not give — an origin, an official's name, a proposer, a group's name, works dates —
 * may be left unknown in `HISTORICAL_IMPORT` mode only: an operational command states them. `missing` names the
 * fields left unknown; none means nothing to check.
 */
export const reportedInOperation = (
  context: CommandContext,
  commandType: string,
  missing: ReadonlyArray<string>,
): E.Either<DomainError, void> =>
  missing.length === 0 || context.mode === 'HISTORICAL_IMPORT'
    ? E.right(undefined)
    : E.left(
        invalidCommand(
          commandType,
          `${commandType} in OPERATIONAL mode needs ${missing.join(', ')}; only an import of history ` +
            '(HISTORICAL_IMPORT) may record ' +
            (missing.length === 1 ? 'it' : 'them') +
            ' as not reported',
        ),
      )
