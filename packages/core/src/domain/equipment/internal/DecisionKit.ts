/**
 * What the proposal, equipment, facility and group deciders share: command codecs and decoding, documentary
 * rules (reject in `OPERATIONAL`, note a compliance gap in `HISTORICAL_IMPORT`), and the open-gap bookkeeping.
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import { formatErrors } from '../../../index'
import { CommandContext, isDocumented } from '../../CommandContext'
import { complianceGapNoted, gapIdOf, type ComplianceGapNotedData } from '../../ComplianceGap'
import {
  invalidCommand,
  ruleViolation,
  unknownEntity,
  type DomainError,
  type EntityRef,
  type RuleCode,
} from '../../DomainError'
import { DocumentRef, findDocument, type DocKind } from '../../values'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** A command codec: `{ type, data, context }`. */
export const commandCodec = <Type extends string, D extends t.Mixed>(type: Type, data: D) =>
  t.exact(t.type({ type: t.literal(type), data, context: CommandContext }), type)

/** A non-empty string with no surrounding blanks. */
export const NonBlank = t.refinement(t.string, (s) => s.trim().length > 0 && s.trim() === s, 'NonBlankString')

/** A count: a safe non-negative integer. */
export const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Count')

/** A positive count. */
export const PositiveCount = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveCount')

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes a command by its `type`, so the error names the io-ts path inside the right command (not a union of
 * every command's failures).
 */
export const decodeCommandOf =
  <C>(family: string, codecs: Readonly<Record<string, t.Decoder<unknown, C>>>) =>
  (input: unknown): E.Either<DomainError, C> => {
    const type =
      typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined
    const known = Object.keys(codecs).sort().join(', ')
    if (typeof type !== 'string') {
      return E.left(invalidCommand(family, `a ${family} command needs a string field "type" (one of ${known})`))
    }
    const codec = Object.prototype.hasOwnProperty.call(codecs, type) ? codecs[type] : undefined
    if (codec === undefined) {
      return E.left(invalidCommand(type, `"${type}" is not a ${family} command; use one of ${known}`))
    }
    return E.mapLeft((errors: t.Errors) =>
      invalidCommand(type, `${type} is invalid ${formatErrors(errors)}; correct those fields and send it again`),
    )(codec.decode(input))
  }

// -------------------------------------------------------------------------------------
// documentary rules
// -------------------------------------------------------------------------------------

/** One document a step needs: the kinds that satisfy it, and what the command supplied (if anything). */
export interface RequiredDocument {
  readonly kinds: ReadonlyArray<DocKind>
  readonly supplied: DocumentRef | undefined
}

const label = (d: RequiredDocument): string => d.kinds.join(' or ')

/** The payload of a noted gap. */
export type GapData = t.TypeOf<typeof ComplianceGapNotedData>

/** Open compliance gaps of an entity, by gap id. */
export type OpenGaps = Readonly<Record<string, GapData>>

/** The gap events a documentary rule produces. */
export type GapEvent = ReturnType<typeof complianceGapNoted>

/**
 * A documentary rule: satisfied when every required document is supplied (in its field, or among the evidence refs)
 * with the right kind and the command's evidence is `DOCUMENTED`. Otherwise `OPERATIONAL` rejects; `HISTORICAL_IMPORT` notes one gap (once: a gap
 * already open is not noted twice) and lets the command through. Never invents the document.
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
  if (missing.length === 0 && !unverified) return E.right([])
  const lacking = unverified ? args.documents : missing
  const kinds = lacking.map(label)
  const why = unverified
    ? `the ${kinds.join(' and ')} is cited but the evidence is ${args.context.evidence.level}, not DOCUMENTED`
    : `the ${kinds.join(' and ')} ${kinds.length === 1 ? 'is' : 'are'} missing`
  if (args.context.mode === 'OPERATIONAL') {
    return E.left(
      ruleViolation(
        args.rule,
        args.entity,
        `cannot ${args.action}: ${why} (rule ${args.rule}); attach the ${kinds.join(' and ')} with DOCUMENTED ` +
          `evidence, or use HISTORICAL_IMPORT mode to record the fact with a compliance gap`,
      ),
    )
  }
  if (args.openGaps[gapIdOf(args.rule, args.subject)] !== undefined) return E.right([])
  return E.right([
    complianceGapNoted(
      args.rule,
      args.subject,
      lacking.flatMap((d) => d.kinds),
      `imported without proof: ${why}`,
    ),
  ])
}

/**
 * A flag that is not about a missing document (e.g. R25: equipment transferred without permission): always a
 * gap, in both modes, never a rejection.
 */
export const flagGap = (rule: RuleCode, subject: string, note: string, openGaps: OpenGaps): ReadonlyArray<GapEvent> =>
  openGaps[gapIdOf(rule, subject)] === undefined ? [complianceGapNoted(rule, subject, [], note)] : []

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
