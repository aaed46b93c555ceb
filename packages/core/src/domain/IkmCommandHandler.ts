/**
 * One entry point for every IKM command: a service hands over a stream id and the command as plain JSON (as it
 * came from an HTTP body or an import file); the stream's category picks the aggregate, its codec decodes the
 * command (naming the failing field), and the kernel command handler loads, decides and appends.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  commandHandler,
  inputLimits,
  instantOf,
  isOptionsObject,
  readOptions,
  systemClock,
  SHOWN_STREAM_ID_LENGTH,
  showInput,
  snapshotInput,
  storageFailure,
  truncateText,
  uuidV7,
  type CommandFailure,
  type CommandMode,
  type DomainEvent,
  type EventMetadataDraft,
  type EventStore,
  type ExpectedRevision,
  type CivilDate,
  type Clock,
  type IdGenerator,
  type InputLimits,
  type StreamRevision,
} from '../index'
import type { CommandContext } from './CommandContext'
import { invalidCommand, type DomainError } from './DomainError'
import { ikmAggregates, ikmCategoryOf, notAnIkmStream, type IkmAggregate, type IkmCategory } from './IkmAggregates'
import { operationalProblem } from './internal/OperationalChecks'
import type { IkmReferenceData } from './ReferenceData'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What one command did: the domain events it produced (none when it changed nothing) and the stream's revision
 * afterwards (pass it as `expectedRevision` to pin the next command).
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmCommandResult {
  readonly streamId: string
  readonly events: ReadonlyArray<DomainEvent>
  readonly nextExpectedRevision: StreamRevision
}

/**
 * Options of {@link ikmCommandHandler}. The reference data (`regions`, `dakTranchePolicies`) is handed to every
 * aggregate, so a deployment that loads a fuller region list has it checked on every stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmCommandHandlerOptions extends IkmReferenceData {
  readonly store: EventStore
  /** Event ids and correlation ids; UUIDv7 by default. */
  readonly ids?: IdGenerator
  /** Retries after a revision conflict when the caller did not pin the revision; defaults to 3. */
  readonly maxRetries?: number
  /** Accept only commands in this mode (an import job passes `HISTORICAL_IMPORT`, an operational API `OPERATIONAL`). */
  readonly onlyMode?: CommandMode
  /** Bounds on one command's input (size, string length, nesting, array length); see `DEFAULT_INPUT_LIMITS`. */
  readonly limits?: Partial<InputLimits>
  /** Today, for the OPERATIONAL check that a fact has already happened; the system clock by default. */
  readonly clock?: Clock
}

/**
 * Handles one IKM command given as unknown input.
 *
 * @category model
 * @since 0.1.0
 */
export type IkmCommandHandler = (
  streamId: string,
  input: unknown,
  options?: { readonly expectedRevision?: ExpectedRevision },
) => TE.TaskEither<CommandFailure<DomainError>, IkmCommandResult>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const metadataFor = (command: { readonly context: CommandContext }): EventMetadataDraft => {
  const { correlationId, causationId, placeTimeZone, ...rest } = command.context
  return {
    ...rest,
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    ...(placeTimeZone === undefined ? {} : { placeTimeZone }),
  }
}

const rejected = (streamId: string, rejection: DomainError): CommandFailure<DomainError> => ({
  _tag: 'CommandRejected',
  streamId,
  rejection,
})

// The options are read once, into a plain copy: a JavaScript caller's null, getter that throws or proxy becomes a
// handler that answers every command with the failure, never a throw.
const readHandlerOptions = (
  given: IkmCommandHandlerOptions,
): E.Either<CommandFailure<DomainError>, IkmCommandHandlerOptions> =>
  pipe(
    readOptions(given, HANDLER_OPTION_KEYS, 'its options', true),
    E.flatMap((fields) =>
      isOptionsObject(fields.store)
        ? E.right(fields as IkmCommandHandlerOptions)
        : E.left(`its options must name the event store to work on (store), got ${showInput(fields.store)}`),
    ),
    E.mapLeft((reason) => storageFailure('configure the IKM command handler', reason)),
  )

const HANDLER_OPTION_KEYS = [
  'store',
  'ids',
  'maxRetries',
  'onlyMode',
  'limits',
  'clock',
  'regions',
  'dakTranchePolicies',
] as const satisfies ReadonlyArray<keyof IkmCommandHandlerOptions>

const route = <C extends { readonly type: string; readonly context: CommandContext }, Ev extends DomainEvent, S>(
  options: IkmCommandHandlerOptions,
  { decode, decider, events, identity }: IkmAggregate<C, Ev, S>,
): IkmCommandHandler => {
  const handle = commandHandler({
    store: options.store,
    decider: decider(options),
    events,
    metadata: metadataFor,
    ids: options.ids ?? uuidV7,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  })
  const clock = options.clock ?? systemClock
  return (streamId, input, handleOptions) => {
    const decoded = decode(input)
    if (E.isLeft(decoded)) return TE.left(rejected(streamId, decoded.left))
    const command = decoded.right
    const own = identity.streamOf(command)
    if (own !== streamId) {
      return TE.left(
        rejected(
          streamId,
          invalidCommand(
            command.type,
            `${command.type} names ${identity.field} ${own.slice(own.indexOf('-') + 1)}, whose stream is ${own}, ` +
              `but it was sent to ${streamId}; an entity lives in the one stream its id names, so send it to ${own}`,
          ),
        ),
      )
    }
    if (options.onlyMode !== undefined && command.context.mode !== options.onlyMode) {
      return TE.left(
        rejected(
          streamId,
          invalidCommand(
            command.type,
            `${command.type} is in ${command.context.mode} mode, but this handler accepts only ${options.onlyMode} commands`,
          ),
        ),
      )
    }
    const meaningless = operationalProblem(
      command as unknown as Parameters<typeof operationalProblem>[0],
      instantOf(clock.now()).slice(0, 10) as CivilDate,
    )
    if (meaningless !== undefined) return TE.left(rejected(streamId, meaningless))
    return pipe(
      handle(streamId, command, handleOptions ?? {}),
      TE.map((result) => ({
        streamId: result.streamId,
        events: result.events,
        nextExpectedRevision: result.nextExpectedRevision,
      })),
    )
  }
}

/**
 * Builds the handler for every IKM aggregate: `program-…`, `proposal-…`, `equipment-…`, `facility-…`,
 * `group-…`, `person-…` and `audit-…` streams. A stream of any other category, a command its aggregate does not know, a command with a
 * field its codec does not know, or a command whose entity id names another stream than the one it was sent to
 * (`program-<programId>`: one entity, one stream) is rejected with `InvalidCommand`; a rule the command breaks,
 * with the aggregate's `DomainError`; nothing is written then.
 *
 * @example
 * const handle = ikmCommandHandler({ store })
 * await handle('program-prg-muba-led-2020', requestBody, { expectedRevision: 4n })()
 *
 * @category constructors
 * @since 0.1.0
 */
export const ikmCommandHandler = (given: IkmCommandHandlerOptions): IkmCommandHandler => {
  const options = readHandlerOptions(given)
  if (E.isLeft(options)) return () => TE.left(options.left)
  const handlers: Readonly<Record<IkmCategory, IkmCommandHandler>> = {
    program: route(options.right, ikmAggregates.program),
    proposal: route(options.right, ikmAggregates.proposal),
    equipment: route(options.right, ikmAggregates.equipment),
    facility: route(options.right, ikmAggregates.facility),
    group: route(options.right, ikmAggregates.group),
    person: route(options.right, ikmAggregates.person),
    audit: route(options.right, ikmAggregates.audit),
  }
  const limits = inputLimits(options.right.limits)
  return (streamId, input, handleOptions) => {
    const shownStream =
      typeof streamId === 'string' ? truncateText(streamId, SHOWN_STREAM_ID_LENGTH) : showInput(streamId)
    if (E.isLeft(limits))
      return TE.left(rejected(shownStream, invalidCommand('unknown', `the handler's ${limits.left}`)))
    // The command is decoded from a checked copy: no getter of the caller's runs, no cycle or 100k-deep value
    // reaches a codec, and an oversized input stops at the limit instead of being walked whole.
    const copied = snapshotInput(input, limits.right, 'command')
    if (E.isLeft(copied)) return TE.left(rejected(shownStream, invalidCommand('unknown', copied.left)))
    const command = copied.right
    const category = ikmCategoryOf(streamId)
    if (category === undefined) {
      const type =
        typeof command === 'object' && command !== null && 'type' in command && typeof command.type === 'string'
          ? truncateText(command.type)
          : 'unknown'
      return TE.left(rejected(shownStream, invalidCommand(type, notAnIkmStream(streamId))))
    }
    return async () => {
      try {
        return await handlers[category](streamId, command, handleOptions)()
      } catch (cause) {
        // Only a bug can get here; it is still reported as a value.
        return E.left(storageFailure('handle the command', cause))
      }
    }
  }
}
