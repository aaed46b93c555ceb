/**
 * The read side of {@link ikmCommandHandler}: the current state of any IKM stream by its id, or its state as it
 * was (as of a date, as known at an instant, up to a revision or a global position), for a service's GET
 * endpoints and for audit replays.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { pipe } from 'fp-ts/function'
import {
  DEFAULT_INPUT_LIMITS,
  invalidRead,
  invalidStreamId,
  isOptionsObject,
  loadAggregate,
  readOptions,
  showInput,
  snapshotInput,
  storageFailure,
  type DomainEvent,
  type EventStore,
  type LoadOptions,
  type PlainBounds,
  type StoreError,
  type StreamRevision,
} from '../index'
import type { UnknownEntity } from './DomainError'
import {
  ikmAggregates,
  ikmCategoryOf,
  notAnIkmStream,
  type IkmAggregate,
  type IkmCategory,
  type IkmStates,
} from './IkmAggregates'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One IKM stream folded into its aggregate's state; `category` tells which state it is.
 *
 * @category model
 * @since 0.1.0
 */
export type IkmLoadedState = {
  readonly [K in IkmCategory]: {
    readonly streamId: string
    readonly category: K
    readonly state: IkmStates[K]
    /** The revision of the last event folded: pass it as `expectedRevision` (If-Match) with the next command. */
    readonly revision: StreamRevision
    /** How many events were folded. */
    readonly events: number
  }
}[IkmCategory]

/**
 * Why a state could not be loaded: the store failed (an invalid stream id included), or the stream has no event
 * within the bounds (`UnknownEntity`: the entity did not exist then, or never did).
 *
 * @category model
 * @since 0.1.0
 */
export type IkmReadFailure = StoreError | UnknownEntity

/**
 * Loads the state of an IKM stream.
 *
 * @category model
 * @since 0.1.0
 */
export type IkmStateLoader = (
  streamId: string,
  options?: PlainBounds<LoadOptions>,
) => TE.TaskEither<IkmReadFailure, IkmLoadedState>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds the state loader over a store. The stream's category picks the aggregate, as in the command handler;
 * every event is decoded and its hash verified on the way.
 *
 * @example
 * const load = ikmStateLoader({ store })
 * const asAtYearEnd = await load('program-prg-muba-led-2020', { asOf: '2020-12-31' as CivilDate })()
 * // Right({ category: 'program', state: { status: 'COMPLETED', … }, revision: 41n, events: 42 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const ikmStateLoader = (options: { readonly store: EventStore }): IkmStateLoader => {
  // Read once: a JavaScript caller's null, getter that throws or proxy gives a loader that answers with the failure.
  const store = pipe(
    readOptions(options, ['store'], 'its options', true),
    E.flatMap((fields) =>
      isOptionsObject(fields.store)
        ? E.right(fields.store as EventStore)
        : E.left(`its options must name the event store to read (store), got ${showInput(fields.store)}`),
    ),
    E.mapLeft((reason) => storageFailure('configure the IKM state loader', reason)),
  )
  return (streamId, given = {}) => {
    if (E.isLeft(store)) return TE.left(store.left)
    // The bounds are read from a checked copy, so a getter that throws is an InvalidRead, not a store failure.
    const copied = snapshotInput(given, DEFAULT_INPUT_LIMITS, 'load options')
    if (E.isLeft(copied)) return TE.left(invalidRead(copied.left))
    const loadOptions = copied.right as PlainBounds<LoadOptions>
    const category = ikmCategoryOf(streamId)
    if (category === undefined)
      return TE.left(invalidStreamId(String(streamId).slice(0, 200), notAnIkmStream(streamId)))
    const aggregate = ikmAggregates[category] as IkmAggregate<unknown, DomainEvent, unknown>
    // Folding needs only the initial state and evolve, which no reference data changes.
    const decider = aggregate.decider({})
    const events = aggregate.events
    return pipe(
      // The store validates the plain bounds (an impossible date is an InvalidRead).
      loadAggregate(store.right, streamId, decider, events, loadOptions as LoadOptions),
      TE.filterOrElseW(
        (loaded) => loaded.events > 0,
        (): IkmReadFailure => ({
          _tag: 'UnknownEntity',
          code: 'DOMAIN_UNKNOWN_ENTITY',
          entity: { kind: category, id: streamId.slice(category.length + 1) },
          message: absent(streamId, loadOptions),
        }),
      ),
      TE.map((loaded) => ({ streamId, category, ...loaded }) as IkmLoadedState),
    )
  }
}

const absent = (streamId: string, bounds: PlainBounds<LoadOptions>): string => {
  const within = [
    bounds.asOf === undefined ? undefined : `as of ${bounds.asOf}`,
    bounds.asKnownAt === undefined ? undefined : `as known at ${bounds.asKnownAt}`,
    bounds.untilRevision === undefined ? undefined : `up to revision ${String(bounds.untilRevision)}`,
    bounds.untilPosition === undefined ? undefined : `up to position ${String(bounds.untilPosition)}`,
  ].filter((part) => part !== undefined)
  return `stream '${streamId}' has no events${within.length === 0 ? '' : ' ' + within.join(', ')}: the entity does not exist${within.length === 0 ? '' : ' yet at that point'}`
}
