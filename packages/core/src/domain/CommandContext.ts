/**
 * What every domain command carries besides its own fields: who issues it, in which mode, on what evidence,
 * and the civil date of the fact. The command handler turns it into event metadata.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { Actor, CivilDate, CommandMode, Evidence, PlaceTimeZone, type EventMetadataInput } from '../index'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The context of a command.
 *
 * @category codecs
 * @since 0.1.0
 */
export const CommandContext = t.exact(
  t.intersection([
    t.type({
      mode: CommandMode,
      occurredOn: CivilDate,
      actor: Actor,
      evidence: Evidence,
    }),
    t.partial({ correlationId: t.string, causationId: t.string, placeTimeZone: PlaceTimeZone }),
  ]),
  'CommandContext',
)

/**
 * @category model
 * @since 0.1.0
 */
export type CommandContext = t.TypeOf<typeof CommandContext>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The event metadata for a command's events. `correlationId` falls back to the given one (the handler passes
 * a fresh id), so every event of one command shares a correlation id.
 *
 * @category utils
 * @since 0.1.0
 */
export const metadataOf = (context: CommandContext, fallbackCorrelationId: string): EventMetadataInput => ({
  occurredOn: context.occurredOn,
  actor: context.actor,
  correlationId: context.correlationId ?? fallbackCorrelationId,
  evidence: context.evidence,
  mode: context.mode,
  ...(context.causationId === undefined ? {} : { causationId: context.causationId }),
  ...(context.placeTimeZone === undefined ? {} : { placeTimeZone: context.placeTimeZone }),
})

/**
 * True when the command's evidence is a document (needed by documentary rules in `OPERATIONAL` mode).
 *
 * @category utils
 * @since 0.1.0
 */
export const isDocumented = (context: CommandContext): boolean => context.evidence.level === 'DOCUMENTED'
