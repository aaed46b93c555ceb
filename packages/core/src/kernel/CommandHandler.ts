/**
 * The command handler: load a stream, fold it, decide, append with the expected revision, and retry on a revision
 * conflict. The only place where a decider meets a store.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import { foldEvents, type Decider } from './Decider'
import type { DomainEvent, EventRegistry } from './EventCodec'
import { isUuid } from './EventId'
import type { AppendResult, EventStore, ReadStreamOptions } from './EventStore'
import {
  expectedRevisionProblem,
  isExpectedRevision,
  satisfiesExpected,
  type ExpectedRevision,
  type StreamRevision,
} from './ExpectedRevision'
import { uuidV7, type IdGenerator } from './IdGenerator'
import type { EventMetadataInput } from './Metadata'
import type { NewEvent, RecordedEvent } from './RecordedEvent'
import type { Revision } from './Revision'
import {
  isOptionsObject,
  methodsProblem,
  readOptions,
  SHOWN_STREAM_ID_LENGTH,
  showInput,
  truncateText,
  viewOfFailure,
} from './Input'
import { invalidAppend, storageFailure, storeErrorMessage, wrongExpectedRevision, type StoreError } from './StoreError'
import type { CivilDate } from './Time'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The metadata a command handler needs for a command's events. `correlationId` may be left out: the handler then
 * takes a fresh id, shared by every event of the command.
 *
 * @category model
 * @since 0.1.0
 */
export type EventMetadataDraft = Omit<EventMetadataInput, 'correlationId'> & { readonly correlationId?: string }

/**
 * The decider rejected the command; nothing was written.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandRejected<Rejection> {
  readonly _tag: 'CommandRejected'
  readonly streamId: string
  readonly rejection: Rejection
}

/**
 * An event the decider produced does not pass its codec (or its type is not registered); nothing was written. A
 * programming error in the decider, reported as a value.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventEncodingFailed {
  readonly _tag: 'EventEncodingFailed'
  readonly streamId: string
  readonly type: string
  /** Index of the event among those the decider produced. */
  readonly index: number
  readonly reason: string
}

/**
 * Why a command did not go through: the decider said no, an event could not be encoded, or the store failed.
 *
 * @category model
 * @since 0.1.0
 */
export type CommandFailure<Rejection> = CommandRejected<Rejection> | EventEncodingFailed | StoreError

/**
 * What a handled command did.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandResult<State, Event> {
  readonly streamId: string
  /** The state after the new events. */
  readonly state: State
  /** The events the decider produced (empty when the command changed nothing). */
  readonly events: ReadonlyArray<Event>
  /** Where the events went; `undefined` when there were none to append. */
  readonly appended: AppendResult | undefined
  /** The stream's revision after the command: pass it as `expectedRevision` to pin the next one. */
  readonly nextExpectedRevision: StreamRevision
  /** How many times the command was decided (1 unless a revision conflict made it retry). */
  readonly attempts: number
}

/**
 * Options of one command.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandleOptions {
  /**
   * Pins the revision the caller decided on (e.g. the revision a user saw in a form). A conflict is then returned,
   * never retried. Without it the handler uses the revision it loaded and retries on conflict.
   */
  readonly expectedRevision?: ExpectedRevision
}

/**
 * Handles a command against a stream.
 *
 * @category model
 * @since 0.1.0
 */
export type CommandHandler<Command, Event, State, Rejection> = (
  streamId: string,
  command: Command,
  options?: HandleOptions,
) => TE.TaskEither<CommandFailure<Rejection>, CommandResult<State, Event>>

/**
 * What a command handler is built from.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandHandlerConfig<Command, Event extends DomainEvent, State, Rejection> {
  readonly store: EventStore
  readonly decider: Decider<Command, Event, State, Rejection>
  /** Decodes the stream's events on load and encodes the new ones. */
  readonly events: EventRegistry<Event>
  /** The metadata of the command's events (who, when, on what evidence). */
  readonly metadata: (command: Command) => EventMetadataDraft
  /** Event ids and missing correlation ids; UUIDv7 by default. */
  readonly ids?: IdGenerator
  /** Retries after a revision conflict when the revision is not pinned: a whole number from 0; defaults to 3. */
  readonly maxRetries?: number
  /**
   * The order of facts in time: which earlier events of its stream a command rests on, so that no event is dated
   * (`occurredOn`) before them. Without it, dates are not compared.
   */
  readonly factOrder?: FactOrder<Command, Event, State, Rejection>
}

/**
 * An earlier event of a stream, found under a fact key: what it was, where it sits and the civil date it happened
 * on.
 *
 * @category model
 * @since 0.2.0
 */
export interface DatedFact {
  /** The key the event established (`created`, `batch:b1`…). */
  readonly key: string
  readonly type: string
  readonly revision: Revision
  readonly occurredOn: CivilDate
}

/**
 * Valid-time order within a stream. An event may rest on earlier facts of its stream (an approval on the
 * registration, an attendance on the opening of its batch); dated before one of them, it would make a read "as
 * of" a date return the event without the fact it rests on. The command handler folds every loaded event's
 * `occurredOn` under the keys the event `establishes` (a later event with the same key takes its place), asks
 * which keys the command's events `restsOn` (keys no event established are ignored), and when the command is
 * dated before one of those facts, rejects it with `refuse(command, occurredOn, fact)` naming the latest one.
 * The rules — which facts establish what, which commands rest on what — are the decider's domain; the handler
 * only compares dates.
 *
 * @example
 * const factOrder = {
 *   establishes: (event, before) => (before.status === 'NONE' ? ['created'] : []),
 *   restsOn: () => ['created'],
 *   refuse: (command, occurredOn, fact) => ({ _tag: 'TooEarly', message: `${occurredOn} is before ${fact.occurredOn}` }),
 * }
 *
 * @category model
 * @since 0.2.0
 */
export interface FactOrder<Command, Event, State, Rejection> {
  /** The facts an event of the stream establishes, as keys; `before` and `after` are the states around it. */
  readonly establishes: (event: Event, before: State, after: State) => ReadonlyArray<string>
  /**
   * The facts the events a command decided rest on, as keys; `before` is the state they were decided on, `after`
   * the state they lead to.
   */
  readonly restsOn: (
    command: Command,
    events: ReadonlyArray<Event>,
    before: State,
    after: State,
  ) => ReadonlyArray<string>
  /** The rejection of a command dated `occurredOn`, before `fact`, which it rests on. */
  readonly refuse: (command: Command, occurredOn: CivilDate, fact: DatedFact) => Rejection
}

/**
 * A stream folded into a state.
 *
 * @category model
 * @since 0.1.0
 */
export interface LoadedAggregate<State> {
  readonly state: State
  /** The revision of the last event folded, or `'no_stream'` when none was. */
  readonly revision: StreamRevision
  /** How many events were folded. */
  readonly events: number
}

/**
 * Read options of {@link loadAggregate}: every bound of a stream read except the direction (events are folded
 * oldest first).
 *
 * @category model
 * @since 0.1.0
 */
export type LoadOptions = Omit<ReadStreamOptions, 'direction'>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Folds a stream into a state, decoding every event with the registry. With time-travel bounds (`asOf`,
 * `asKnownAt`, `untilRevision`, `untilPosition`) it rebuilds the state as it was, for audit replays.
 *
 * @example
 * loadAggregate(store, 'program-0190f8a2', programDecider, programEvents, { asKnownAt: auditInstant })
 *
 * @category constructors
 * @since 0.1.0
 */
export const loadAggregate = <Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve'>,
  registry: EventRegistry<Event>,
  options: LoadOptions = {},
): TE.TaskEither<StoreError, LoadedAggregate<State>> => foldStream(store, streamId, decider, registry, options)

/**
 * Folds a stream, telling `observe` each event with the states around it (the command handler's fact order).
 */
const foldStream =
  <Event extends DomainEvent, State>(
    store: EventStore,
    streamId: string,
    decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve'>,
    registry: EventRegistry<Event>,
    options: LoadOptions,
    observe?: (recorded: RecordedEvent, event: Event, before: State, after: State) => void,
  ): TE.TaskEither<StoreError, LoadedAggregate<State>> =>
  async () => {
    const problem = methodsProblem(store, 'the store to load from', ['readStream'])
    if (problem !== undefined) return E.left(storageFailure('load the stream', problem))
    let state = decider.initialState
    let revision: StreamRevision = 'no_stream'
    let count = 0
    try {
      for await (const batch of store.readStream(streamId, { ...options, direction: 'forwards' })) {
        if (E.isLeft(batch)) return batch
        for (const recorded of batch.right) {
          const event = registry.decode(recorded)
          if (E.isLeft(event)) return event
          const before = state
          state = decider.evolve(state, event.right)
          observe?.(recorded, event.right, before, state)
          revision = recorded.revision
          count++
        }
      }
    } catch (cause) {
      return E.left(storageFailure('load the stream', cause))
    }
    return E.right({ state, revision, events: count })
  }

/**
 * Builds a command handler. Each call loads the stream, decides, encodes the events and appends them expecting the
 * revision it loaded (`'no_stream'` for a new stream). When another writer got there first it reloads and decides
 * again, up to `maxRetries` times — unless the caller pinned `expectedRevision`. A command that produces no
 * events appends nothing and succeeds.
 *
 * @example
 * const handle = commandHandler({ store, decider: programDecider, events: programEvents, metadata: (c) => metadataOf(c.context) })
 * const result = await handle('program-0190f8a2', approveProgram)()
 *
 * @category constructors
 * @since 0.1.0
 */
export const commandHandler = <Command, Event extends DomainEvent, State, Rejection>(
  given: CommandHandlerConfig<Command, Event, State, Rejection>,
): CommandHandler<Command, Event, State, Rejection> => {
  // Read once, field by field: a JavaScript caller's null or hostile config gives a handler that answers every
  // command with the problem in plain words, never a throw.
  const read = readOptions(
    given,
    ['store', 'decider', 'events', 'metadata', 'ids', 'maxRetries', 'factOrder'],
    'its config',
    true,
  )
  const problem = E.isLeft(read)
    ? read.left
    : (methodsProblem(read.right.store, 'its store', ['readStream', 'append']) ??
      methodsProblem(read.right.decider, 'its decider', ['decide', 'evolve']) ??
      methodsProblem(read.right.events, 'its event registry (events)', ['decode', 'encode']) ??
      (typeof read.right.metadata === 'function'
        ? undefined
        : `its metadata must be a function of the command, got ${showInput(read.right.metadata)}`) ??
      idsProblem(read.right.ids) ??
      maxRetriesProblem(read.right.maxRetries) ??
      (read.right.factOrder === undefined
        ? undefined
        : methodsProblem(read.right.factOrder, 'its fact order (factOrder)', ['establishes', 'restsOn', 'refuse'])))
  if (problem !== undefined) {
    const refused = E.left(storageFailure('configure the command handler', problem))
    return () => () => Promise.resolve(refused)
  }
  const config = (read as E.Right<CommandHandlerConfig<Command, Event, State, Rejection>>).right
  const ids = checkedIds(config.ids ?? uuidV7)
  const maxRetries = config.maxRetries ?? 3
  const { store, decider, events: registry, factOrder } = config

  return (streamId, command, options) => async () => {
    const pinnedOrProblem = pinnedRevisionOf(streamId, options)
    if (E.isLeft(pinnedOrProblem)) return pinnedOrProblem
    const pinned = pinnedOrProblem.right
    try {
      return await handleOnce(streamId, command, pinned)
    } catch (cause) {
      if (cause instanceof BadId) return E.left(storageFailure('generate an id for the command', cause.message))
      // A decider, an evolve or a metadata function that throws is a bug in it: still a value here.
      return E.left(storageFailure('handle the command (a decider or metadata function threw)', cause))
    }
  }

  async function handleOnce(
    streamId: string,
    command: Command,
    pinned: ExpectedRevision | undefined,
  ): Promise<E.Either<CommandFailure<Rejection>, CommandResult<State, Event>>> {
    const draft = config.metadata(command)
    // One correlation id for the command, whichever attempt succeeds.
    const metadata: EventMetadataInput = { ...draft, correlationId: draft.correlationId ?? ids() }
    for (let attempt = 1; ; attempt++) {
      const facts = new Map<string, DatedFact>()
      const loaded = await foldStream(
        store,
        streamId,
        decider,
        registry,
        {},
        factOrder === undefined
          ? undefined
          : (recorded, event, before, after) => {
              for (const key of factOrder.establishes(event, before, after)) {
                facts.set(key, {
                  key,
                  type: recorded.type,
                  revision: recorded.revision,
                  occurredOn: recorded.metadata.occurredOn,
                })
              }
            },
      )()
      if (E.isLeft(loaded)) return loaded
      // A caller who pinned a revision decided on what it saw; if the stream has moved since, say so before
      // deciding on a state the caller never saw (the append would refuse it anyway).
      if (pinned !== undefined && !satisfiesExpected(pinned, loaded.right.revision)) {
        return E.left(wrongExpectedRevision(streamId, pinned, loaded.right.revision))
      }
      const decided = decider.decide(command, loaded.right.state)
      if (E.isLeft(decided)) {
        return E.left<CommandFailure<Rejection>>({ _tag: 'CommandRejected', streamId, rejection: decided.left })
      }
      const produced = decided.right
      const after = foldEvents(decider.evolve, loaded.right.state, produced)
      if (factOrder !== undefined && produced.length > 0 && facts.size > 0) {
        const floor = latestFact(facts, factOrder.restsOn(command, produced, loaded.right.state, after))
        if (floor !== undefined && typeof metadata.occurredOn === 'string' && metadata.occurredOn < floor.occurredOn) {
          return E.left<CommandFailure<Rejection>>({
            _tag: 'CommandRejected',
            streamId,
            rejection: factOrder.refuse(command, metadata.occurredOn, floor),
          })
        }
      }
      if (produced.length === 0) {
        return E.right({
          streamId,
          state: loaded.right.state,
          events: produced,
          appended: undefined,
          nextExpectedRevision: loaded.right.revision,
          attempts: attempt,
        })
      }
      const batch: Array<NewEvent> = []
      for (const [index, event] of produced.entries()) {
        const encoded = registry.encode(event)
        if (E.isLeft(encoded)) {
          return E.left<CommandFailure<Rejection>>({
            _tag: 'EventEncodingFailed',
            streamId,
            type: event.type,
            index,
            reason: encoded.left,
          })
        }
        batch.push({ eventId: ids(), ...encoded.right, metadata } as NewEvent)
      }
      const appended = await store.append(streamId, batch, {
        expectedRevision: pinned ?? loaded.right.revision,
      })()
      if (E.isLeft(appended)) {
        if (appended.left._tag === 'WrongExpectedRevision' && pinned === undefined && attempt <= maxRetries) continue
        return appended
      }
      return E.right({
        streamId,
        state: after,
        events: produced,
        appended: appended.right,
        nextExpectedRevision: appended.right.nextExpectedRevision,
        attempts: attempt,
      })
    }
  }
}

/** The latest-dated of the facts named (the first named among equals), or `undefined` when none was established. */
const latestFact = (facts: ReadonlyMap<string, DatedFact>, keys: ReadonlyArray<string>): DatedFact | undefined => {
  let latest: DatedFact | undefined
  for (const key of keys) {
    const fact = facts.get(key)
    if (fact !== undefined && (latest === undefined || fact.occurredOn > latest.occurredOn)) latest = fact
  }
  return latest
}

const idsProblem = (ids: unknown): string | undefined =>
  ids === undefined || typeof ids === 'function'
    ? undefined
    : `its ids must be a function returning a fresh UUID on each call (an IdGenerator such as uuidV7), got ${showInput(ids)}`

const maxRetriesProblem = (maxRetries: unknown): string | undefined =>
  maxRetries === undefined || (typeof maxRetries === 'number' && Number.isSafeInteger(maxRetries) && maxRetries >= 0)
    ? undefined
    : `its maxRetries must be a whole number from 0 (retries after a revision conflict), got ${showInput(maxRetries)}`

/** An id generator that returned something else than a UUID: a configuration error, reported as a store failure. */
class BadId extends Error {}

// The store would refuse a non-UUID event id as the caller's InvalidAppend (400); it is the handler's own ids that
// are wrong, so say so.
const checkedIds =
  (ids: () => unknown): (() => string) =>
  () => {
    let id: unknown
    try {
      id = ids()
    } catch (cause) {
      throw new BadId(
        `the command handler's ids() threw: ${cause instanceof Error ? truncateText(cause.message) : showInput(cause)}`,
      )
    }
    if (typeof id !== 'string' || !isUuid(id)) {
      throw new BadId(`the command handler's ids() returned ${showInput(id)}, not a UUID; check its ids option`)
    }
    return id
  }

/**
 * The pinned revision of a command's options, or why the options are unusable: left out, `expectedRevision` is
 * `undefined` (the handler picks the revision it loaded); given, it must be an {@link ExpectedRevision}, and
 * anything else is an `InvalidAppend` (400), never a conflict.
 */
const pinnedRevisionOf = (streamId: string, options: unknown): E.Either<StoreError, ExpectedRevision | undefined> => {
  const stream = typeof streamId === 'string' ? truncateText(streamId, SHOWN_STREAM_ID_LENGTH) : showInput(streamId)
  if (options === undefined) return E.right(undefined)
  if (!isOptionsObject(options)) {
    return E.left(invalidAppend(stream, `the command options must be an object or left out, got ${showInput(options)}`))
  }
  let given: unknown
  try {
    given = (options as { readonly expectedRevision?: unknown }).expectedRevision
  } catch (cause) {
    return E.left(invalidAppend(stream, `reading options.expectedRevision failed: ${showInput(cause)}`))
  }
  if (given === undefined) return E.right(undefined)
  return isExpectedRevision(given) ? E.right(given) : E.left(invalidAppend(stream, expectedRevisionProblem(given)))
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const rejectionText = (rejection: unknown): string => {
  if (typeof rejection === 'string') return rejection
  if (typeof rejection === 'object' && rejection !== null && 'message' in rejection) {
    const message = (rejection as { readonly message: unknown }).message
    if (typeof message === 'string') return message
  }
  try {
    return JSON.stringify(rejection, (_, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v))
  } catch {
    return String(rejection)
  }
}

/**
 * Says in plain words why a command failed. A rejection's own `message` is used when it has one (domain errors
 * do); pass `showRejection` to render other rejections.
 *
 * @category utils
 * @since 0.1.0
 */
export const commandFailureMessage = <Rejection>(
  failure: CommandFailure<Rejection>,
  showRejection: (rejection: Rejection) => string = rejectionText,
): string =>
  viewOfFailure(
    failure,
    () => {
      switch (failure._tag) {
        case 'CommandRejected':
          return `the command on stream '${failure.streamId}' was rejected: ${showRejection(failure.rejection)}`
        case 'EventEncodingFailed':
          return (
            `the command on stream '${failure.streamId}' produced a ${failure.type} event (#${failure.index}) that ` +
            `cannot be encoded: ${failure.reason}; nothing was written — this is a bug in the decider`
          )
        default:
          return storeErrorMessage(failure) as string | undefined
      }
    },
    () => `not a command failure: ${showInput(failure)}`,
  )
