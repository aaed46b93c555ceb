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
  clockOption,
  commandHandler,
  inputLimits,
  instantOf,
  invalidStreamId,
  methodsProblem,
  readOptions,
  SHOWN_STREAM_ID_LENGTH,
  showInput,
  snapshotInput,
  storageFailure,
  streamIdProblem,
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
import { escapedText } from './internal/Commands'
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
 * aggregate, so a deployment that loads a fuller region list has it checked on every stream. Every option is
 * checked when the handler is built; see {@link ikmCommandHandler} for what a wrong one does.
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmCommandHandlerOptions extends IkmReferenceData {
  readonly store: EventStore
  /** Event ids and correlation ids: a function returning a fresh UUID on each call; UUIDv7 by default. */
  readonly ids?: IdGenerator
  /** Retries after a revision conflict when the caller did not pin the revision: a whole number from 0; 3 by default. */
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

/** The options as checked, with their defaults filled in. */
interface HandlerSettings extends IkmReferenceData {
  readonly store: EventStore
  readonly ids: IdGenerator
  readonly maxRetries: number | undefined
  readonly onlyMode: CommandMode | undefined
  readonly limits: InputLimits
  readonly clock: Clock
}

const MODES: ReadonlyArray<CommandMode> = ['OPERATIONAL', 'HISTORICAL_IMPORT']

/**
 * Reads and checks the options once, into a plain copy, the way the stores' constructors do: a JavaScript caller's
 * null, getter that throws, proxy or option of the wrong kind becomes a reason naming the option (the handler then
 * answers every command with it as a `StorageFailure`, never a throw), instead of a `TypeError` on every request
 * or a client error (400) blamed on the caller's command.
 */
const readHandlerOptions = (given: IkmCommandHandlerOptions): E.Either<CommandFailure<DomainError>, HandlerSettings> =>
  pipe(
    readOptions(given, HANDLER_OPTION_KEYS, 'its options', true),
    E.flatMap(settingsOf),
    E.mapLeft((reason) => storageFailure('configure the IKM command handler', reason)),
  )

const settingsOf = (
  fields: Partial<Record<(typeof HANDLER_OPTION_KEYS)[number], unknown>>,
): E.Either<string, HandlerSettings> => {
  const { store, ids, maxRetries, onlyMode, regions, dakTranchePolicies } = fields
  if (methodsProblem(store, 'store', ['readStream', 'append']) !== undefined) {
    return E.left(
      `its options must name the event store to work on (store), got ${showInput(store)}; a store is an object with ` +
        'readStream() and append()',
    )
  }
  if (ids !== undefined && typeof ids !== 'function') {
    return E.left(
      `its ids must be a function returning a fresh UUID on each call (such as uuidV7), got ${showInput(ids)}`,
    )
  }
  if (
    maxRetries !== undefined &&
    !(typeof maxRetries === 'number' && Number.isSafeInteger(maxRetries) && maxRetries >= 0)
  ) {
    return E.left(
      `its maxRetries must be a whole number from 0 (retries after a revision conflict), got ${showInput(maxRetries)}`,
    )
  }
  if (onlyMode !== undefined && !MODES.includes(onlyMode as CommandMode)) {
    return E.left(`its onlyMode must be ${MODES.join(' or ')} (or left out for both), got ${showInput(onlyMode)}`)
  }
  const limits = inputLimits(fields.limits)
  if (E.isLeft(limits)) return E.left(`its ${limits.left}`)
  const clock = clockOption(fields.clock)
  if (E.isLeft(clock)) return E.left(`its clock is wrong: ${clock.left}`)
  const badRegions =
    regions === undefined
      ? undefined
      : methodsProblem(regions, 'its regions (a RegionDirectory, from regionDirectoryFrom)', [
          'validate',
          'lookup',
          'refOf',
        ])
  if (badRegions !== undefined) return E.left(badRegions)
  const badPolicies =
    dakTranchePolicies === undefined
      ? undefined
      : methodsProblem(dakTranchePolicies, 'its dakTranchePolicies (a Map from fiscal year to policy)', ['get'])
  if (badPolicies !== undefined) return E.left(badPolicies)
  return E.right({
    store: store as EventStore,
    ids: (ids as IdGenerator | undefined) ?? uuidV7,
    maxRetries: maxRetries as number | undefined,
    onlyMode: onlyMode as CommandMode | undefined,
    limits: limits.right,
    clock: clock.right,
    ...(regions === undefined ? {} : { regions: regions as IkmReferenceData['regions'] }),
    ...(dakTranchePolicies === undefined
      ? {}
      : { dakTranchePolicies: dakTranchePolicies as IkmReferenceData['dakTranchePolicies'] }),
  })
}

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
  options: HandlerSettings,
  { decode, decider, events, identity, factOrder }: IkmAggregate<C, Ev, S>,
): IkmCommandHandler => {
  const handle = commandHandler({
    store: options.store,
    decider: decider(options),
    events,
    metadata: metadataFor,
    ids: options.ids,
    factOrder,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  })
  const { clock } = options
  return (streamId, input, handleOptions) => {
    const decoded = decode(input)
    if (E.isLeft(decoded)) return TE.left(rejected(streamId, decoded.left))
    const command = decoded.right
    const own = identity.streamOf(command)
    if (own !== streamId) {
      const id = own.slice(own.indexOf('-') + 1)
      const ownProblem = streamIdProblem(own)
      return TE.left(
        rejected(
          streamId,
          invalidCommand(
            command.type,
            ownProblem === undefined
              ? `${command.type} names ${identity.field} ${id}, whose stream is ${own}, ` +
                  `but it was sent to ${streamId}; an entity lives in the one stream its id names, so send it to ${own}`
              : `${command.type} names ${identity.field} ${showInput(id, SHOWN_STREAM_ID_LENGTH)}, which cannot name a ` +
                  `stream (${ownProblem}); an entity lives in the stream ${identity.field} names, here ${streamId}`,
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
    const today = todayBy(clock)
    if (E.isLeft(today)) return TE.left(today.left)
    const meaningless = operationalProblem(command as unknown as Parameters<typeof operationalProblem>[0], today.right)
    if (meaningless !== undefined) return TE.left(rejected(streamId, meaningless))
    // The options go to the kernel as given: null or a number is an InvalidAppend there, as on every store.
    return pipe(
      handle(streamId, command, handleOptions),
      TE.map((result) => ({
        streamId: result.streamId,
        events: result.events,
        nextExpectedRevision: result.nextExpectedRevision,
      })),
    )
  }
}

/** Today by the handler's clock; a clock that fails or returns no date is the deployment's fault, not the caller's. */
const todayBy = (clock: Clock): E.Either<CommandFailure<DomainError>, CivilDate> => {
  try {
    return E.right(instantOf(clock.now()).slice(0, 10) as CivilDate)
  } catch (cause) {
    return E.left(
      storageFailure(
        "read the IKM command handler's clock",
        cause instanceof Error ? truncateText(cause.message, 200) : showInput(cause),
      ),
    )
  }
}

/**
 * A caller's stream id as a message may show it: every character outside printable ASCII escaped (`\u0000`,
 * `\n`, `\u202e`), so no control character, line break or direction override reaches a log line, and cut short.
 * A valid stream id (printable ASCII) shows as it is.
 */
const shownStreamId = (streamId: string): string => {
  const head = streamId
    .slice(0, SHOWN_STREAM_ID_LENGTH)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return streamId.length > SHOWN_STREAM_ID_LENGTH ? `${head}… (${streamId.length} characters)` : head
}

/**
 * The stream id checked by the kernel's rules before anything else, as the stores check it before any I/O: not a
 * string, empty, too long, or with a character outside printable ASCII is an `InvalidStreamId` (400), with the id
 * shown safely.
 */
const checkedStreamId = (streamId: unknown): E.Either<CommandFailure<DomainError>, string> => {
  if (typeof streamId !== 'string') {
    return E.left(invalidStreamId(showInput(streamId), `it is not a string but ${showInput(streamId)}`))
  }
  const problem = streamIdProblem(streamId)
  return problem === undefined ? E.right(streamId) : E.left(invalidStreamId(shownStreamId(streamId), problem))
}

/**
 * Builds the handler for every IKM aggregate: `program-…`, `proposal-…`, `equipment-…`, `facility-…`,
 * `group-…`, `person-…` and `audit-…` streams.
 *
 * - A stream id that breaks the kernel's rules (not a string, empty, over 200 characters, a character outside
 *   printable ASCII) is an `InvalidStreamId`, as the stores say it, before anything else; the id is shown with
 *   every other character escaped.
 * - A stream of any other category, a command its aggregate does not know, a command with a field its codec does
 *   not know or text it may not hold, or a command whose entity id names another stream than the one it was sent
 *   to (`program-<programId>`: one entity, one stream) is rejected with `InvalidCommand`; a rule the command
 *   breaks, with the aggregate's `DomainError` (a command dated before a fact of its stream it rests on: rule
 *   R35); options that are not an object with a valid `expectedRevision` (or left out) are an `InvalidAppend`, as
 *   on every store. Nothing is written then.
 * - Options it cannot use (a store without `readStream`/`append`, ids or a clock that are no function or clock,
 *   an unknown `onlyMode`, a `maxRetries` that is no whole number from 0, a bad limit, reference data of the
 *   wrong kind) make, like a store's constructor given bad options, a handler that answers every command with a
 *   `StorageFailure` (500) naming the option — the deployment's mistake, never blamed on the caller, and never
 *   thrown. A clock that fails or ids that are no UUIDs when used are `StorageFailure`s too.
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
  const { limits } = options.right
  return (sentTo, input, handleOptions) => {
    const checked = checkedStreamId(sentTo)
    if (E.isLeft(checked)) return TE.left(checked.left)
    const streamId = checked.right
    // The command is decoded from a checked copy: no getter of the caller's runs, no cycle or 100k-deep value
    // reaches a codec, and an oversized input stops at the limit instead of being walked whole.
    const copied = snapshotInput(input, limits, 'command')
    if (E.isLeft(copied)) return TE.left(rejected(streamId, invalidCommand('unknown', copied.left)))
    const command = copied.right
    const category = ikmCategoryOf(streamId)
    if (category === undefined) {
      const type =
        typeof command === 'object' && command !== null && 'type' in command && typeof command.type === 'string'
          ? escapedText(truncateText(command.type))
          : 'unknown'
      return TE.left(rejected(streamId, invalidCommand(type, notAnIkmStream(streamId))))
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
