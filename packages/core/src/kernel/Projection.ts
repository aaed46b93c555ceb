/**
 * Projections: read models folded from the global event log. An in-memory {@link Projection} is a pure fold
 * (`init`, `evolve`); a {@link PersistedProjection} writes tables through a {@link ProjectionStore}, which
 * commits the writes and the checkpoint in one transaction (exactly-once effect).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as O from 'fp-ts/Option'
import type * as TE from 'fp-ts/TaskEither'
import type { DomainEvent, EventRegistry } from './EventCodec'
import type { ReadAllOptions } from './EventStore'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition, Revision } from './Revision'
import { categoryOf } from './StreamId'
import { storeErrorMessage, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Which events a projection reads: stream categories and/or event types (both given: an event must match
 * both). The store filters, so a projection never sees the rest.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventFilter {
  readonly categories?: ReadonlyArray<string>
  readonly types?: ReadonlyArray<string>
}

/**
 * A list of event types, or a filter, or `'all'`.
 *
 * @category model
 * @since 0.1.0
 */
export type ProjectionHandles = ReadonlyArray<string> | EventFilter | 'all'

/**
 * A value or a promise of it: SQLite units of work are synchronous, PostgreSQL ones asynchronous.
 *
 * @category model
 * @since 0.1.0
 */
export type MaybePromise<A> = A | Promise<A>

/**
 * An in-memory projection: a pure fold over the events it handles. `evolve` returns the next state, or `Left`
 * with the reason it cannot apply the event, which makes the event a poison event (so does a typed projection's
 * event that fails to decode, and, as a guard, a throw).
 *
 * @category model
 * @since 0.1.0
 */
export interface Projection<S> {
  readonly name: string
  /** Bump it when `evolve` changes meaning; persisted runs then rebuild. */
  readonly version: number
  readonly handles: ProjectionHandles
  readonly init: () => S
  readonly evolve: (state: S, event: RecordedEvent) => E.Either<string, S>
}

/**
 * Gives the physical name of a logical table: the live name while serving, a shadow name during a rebuild.
 * Use it for every table and index the projection creates or writes.
 *
 * @category model
 * @since 0.1.0
 */
export type TableResolver = (logical: string) => string

const SQL_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The one naming rule of a projection's physical tables: the logical name while serving, `<logical>__v<version>`
 * for the shadow copy a rebuild to `version` builds.
 *
 * @category utils
 * @since 0.2.0
 */
export const physicalTableName = (logical: string, version: number | undefined): string =>
  version === undefined ? logical : `${logical}__v${version}`

/**
 * The physical name ({@link physicalTableName}) for a SQL store, checked: the logical name is letters, digits and `_`, not starting
 * with a digit, and the physical name fits the engine's identifier limit (`maxBytes`: PostgreSQL's 63, SQLite has
 * none). `Left` says what is wrong.
 *
 * @category utils
 * @since 0.2.0
 */
export const sqlTableName = (
  logical: string,
  version: number | undefined,
  maxBytes: number = Number.POSITIVE_INFINITY,
): E.Either<string, string> => {
  const name = physicalTableName(logical, version)
  if (!SQL_TABLE_NAME.test(logical)) {
    return E.left(
      `'${logical}' is not a usable table name: use letters, digits and underscores, starting with a letter or _`,
    )
  }
  return name.length > maxBytes
    ? E.left(`table name '${name}' is longer than the ${maxBytes} bytes the database allows; shorten '${logical}'`)
    : E.right(name)
}

/**
 * What `apply` returns: nothing (success), an `Either` whose `Left` says why the batch cannot be applied, or a
 * promise of either. A throw is guarded: the runner treats it like a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export type ApplyResult = MaybePromise<void | E.Either<string, unknown>>

/**
 * A projection persisted through a {@link ProjectionStore} whose unit of work is a `Tx` (a better-sqlite3
 * `Database` inside its transaction, a pg `PoolClient` inside `BEGIN`/`COMMIT`…).
 *
 * @category model
 * @since 0.1.0
 */
export interface PersistedProjection<Tx> {
  readonly name: string
  /** Bump it when the tables or their meaning change: the runner rebuilds into shadow tables and swaps. */
  readonly version: number
  readonly handles: ProjectionHandles
  /** The logical names of the tables it owns (the ones a rebuild shadows and swaps); indexes follow them. */
  readonly tables: ReadonlyArray<string>
  /** Creates the tables (idempotent: `CREATE … IF NOT EXISTS`), through the resolver. */
  readonly setup: (tx: Tx, table: TableResolver) => MaybePromise<void>
  /** Applies one batch of handled events, in global order, inside the transaction that also saves the checkpoint. */
  readonly apply: (tx: Tx, events: ReadonlyArray<RecordedEvent>, table: TableResolver) => ApplyResult
}

/**
 * Where a persisted projection is: its version and the global position through which it has applied events,
 * and, while a rebuild runs, the version and position of the shadow build.
 *
 * @category model
 * @since 0.1.0
 */
export interface Checkpoint {
  readonly name: string
  readonly version: number
  readonly position: GlobalPosition
  readonly rebuild?: { readonly version: number; readonly position: GlobalPosition } | undefined
}

/**
 * An event a projection could not apply and, by policy, set aside. Never silently dropped: it stays listed
 * until an operator replays or deletes it.
 *
 * @category model
 * @since 0.1.0
 */
export interface ParkedEvent {
  readonly projection: string
  readonly position: GlobalPosition
  readonly eventId: string
  readonly streamId: string
  readonly revision: Revision
  readonly type: string
  readonly reason: string
}

/**
 * The persistence port of projections. Adapters: `@ikm-ledger/projection-sqlite`,
 * `@ikm-ledger/projection-postgres`, and {@link createInMemoryProjectionStore} for tests. The `tx`-taking methods run
 * inside {@link ProjectionStore.transaction}; they may return promises only on asynchronous stores.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionStore<Tx> {
  /** The checkpoint of a projection; `None` before its first run. */
  readonly loadCheckpoint: (name: string) => TE.TaskEither<ProjectionError, O.Option<Checkpoint>>
  /**
   * Runs a unit of work in one transaction: all its writes commit together or none does. A work that throws
   * (or whose promise rejects) rolls back and yields `ProjectionStoreFailure` with the thrown value as `cause`.
   */
  readonly transaction: <A>(work: (tx: Tx) => MaybePromise<A>) => TE.TaskEither<ProjectionError, A>
  /**
   * Saves `checkpoint` if the stored one is still `expected` (`undefined`: none stored yet); otherwise throws
   * the reason given by {@link checkpointConflict}, which rolls the transaction back. This fences off a runner
   * that lost its lock without noticing: its writes never commit over another runner's.
   */
  readonly saveCheckpoint: (tx: Tx, checkpoint: Checkpoint, expected: Checkpoint | undefined) => MaybePromise<void>
  /** Resolves live names (`version` undefined) or the shadow names of a rebuild to `version`. */
  readonly tables: (version?: number) => TableResolver
  /** Drops tables (live, or the shadow set of `version`) if they exist. */
  readonly dropTables: (tx: Tx, tables: ReadonlyArray<string>, version?: number) => MaybePromise<void>
  /** Replaces the live tables by the shadow set of `version`: drop live, rename shadow to live. */
  readonly swapTables: (tx: Tx, tables: ReadonlyArray<string>, version: number) => MaybePromise<void>
  readonly park: (tx: Tx, event: ParkedEvent) => MaybePromise<void>
  readonly parkedEvents: (name: string) => TE.TaskEither<ProjectionError, ReadonlyArray<ParkedEvent>>
  /**
   * Takes the exclusive right to run projection `name`: `Some(release)` when taken, `None` when another
   * runner holds it (the caller waits and retries).
   */
  readonly acquire: (name: string) => TE.TaskEither<ProjectionError, O.Option<() => Promise<void>>>
}

/**
 * A projection could not apply an event: it failed to decode, `apply`/`evolve` threw or returned `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export interface PoisonEvent {
  readonly _tag: 'PoisonEvent'
  readonly code: 'PROJECTION_POISON_EVENT'
  readonly projection: string
  readonly position: GlobalPosition
  readonly eventId: string
  readonly streamId: string
  readonly revision: Revision
  readonly type: string
  readonly reason: string
}

/**
 * The projection store's storage failed (connection, SQL error, a transaction that threw).
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionStoreFailure {
  readonly _tag: 'ProjectionStoreFailure'
  readonly code: 'PROJECTION_STORE_FAILURE'
  readonly operation: string
  readonly reason: string
  readonly cause?: unknown
}

/**
 * The projection definition is unusable (a table name the store cannot accept, a bad version…).
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidProjection {
  readonly _tag: 'InvalidProjection'
  readonly code: 'PROJECTION_INVALID'
  readonly projection: string
  readonly reason: string
}

/**
 * The runner halted (stopped, poison event under policy `'stop'`, an error it cannot retry) before what the
 * caller waited for happened.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionHalted {
  readonly _tag: 'ProjectionHalted'
  readonly code: 'PROJECTION_HALTED'
  readonly projection: string
  readonly position: GlobalPosition
  readonly reason: string
}

/**
 * `whenCaughtUp` gave up after its timeout.
 *
 * @category model
 * @since 0.1.0
 */
export interface CatchUpTimedOut {
  readonly _tag: 'CatchUpTimedOut'
  readonly code: 'PROJECTION_CATCH_UP_TIMED_OUT'
  readonly projection: string
  readonly target: GlobalPosition
  readonly position: GlobalPosition
  readonly timeoutMs: number
}

/**
 * Everything that can go wrong running a projection: the event store's errors and the projection's own.
 *
 * @category model
 * @since 0.1.0
 */
export type ProjectionError =
  StoreError | PoisonEvent | ProjectionStoreFailure | InvalidProjection | ProjectionHalted | CatchUpTimedOut

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Defines an in-memory projection (identity: it only fixes the types).
 *
 * @example
 * const perCategory = projection({
 *   name: 'events-per-category',
 *   version: 1,
 *   handles: 'all',
 *   init: () => ({}) as Record<string, number>,
 *   evolve: (counts, event) => ({ ...counts, [categoryOf(event.streamId)]: (counts[categoryOf(event.streamId)] ?? 0) + 1 }),
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const projection = <S>(definition: Projection<S>): Projection<S> => definition

/**
 * Defines a persisted projection (identity: it only fixes the types).
 *
 * @category constructors
 * @since 0.1.0
 */
export const persistedProjection = <Tx>(definition: PersistedProjection<Tx>): PersistedProjection<Tx> => definition

/**
 * An in-memory projection over typed events: it handles the registry's types and decodes each event with the
 * registry before `evolve`. An event that fails to decode is a poison event, like one `evolve` returns `Left` for.
 *
 * @category constructors
 * @since 0.1.0
 */
export const typedProjection = <Event extends DomainEvent, S>(definition: {
  readonly name: string
  readonly version: number
  readonly registry: EventRegistry<Event>
  readonly init: () => S
  readonly evolve: (state: S, event: Event, recorded: RecordedEvent) => E.Either<string, S>
}): Projection<S> => ({
  name: definition.name,
  version: definition.version,
  handles: definition.registry.types,
  init: definition.init,
  evolve: (state, recorded) =>
    E.flatMap(E.mapLeft(storeErrorMessage)(definition.registry.decode(recorded)), (event: Event) =>
      definition.evolve(state, event, recorded),
    ),
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const poisonEvent = (projectionName: string, event: RecordedEvent, reason: string): PoisonEvent => ({
  _tag: 'PoisonEvent',
  code: 'PROJECTION_POISON_EVENT',
  projection: projectionName,
  position: event.position,
  eventId: event.eventId,
  streamId: event.streamId,
  revision: event.revision,
  type: event.type,
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const projectionStoreFailure = (operation: string, cause: unknown): ProjectionError => ({
  _tag: 'ProjectionStoreFailure',
  code: 'PROJECTION_STORE_FAILURE',
  operation,
  reason: reasonOf(cause),
  cause,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidProjection = (projectionName: string, reason: string): ProjectionError => ({
  _tag: 'InvalidProjection',
  code: 'PROJECTION_INVALID',
  projection: projectionName,
  reason,
})

/**
 * @category constructors
 * @since 0.2.0
 */
export const projectionHalted = (
  projectionName: string,
  position: GlobalPosition,
  reason: string,
): ProjectionError => ({
  _tag: 'ProjectionHalted',
  code: 'PROJECTION_HALTED',
  projection: projectionName,
  position,
  reason,
})

/**
 * @category constructors
 * @since 0.2.0
 */
export const catchUpTimedOut = (
  projectionName: string,
  target: GlobalPosition,
  position: GlobalPosition,
  timeoutMs: number,
): ProjectionError => ({
  _tag: 'CatchUpTimedOut',
  code: 'PROJECTION_CATCH_UP_TIMED_OUT',
  projection: projectionName,
  target,
  position,
  timeoutMs,
})

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Handles each kind of projection error, the event store's included (like `matchStoreError`, which the
 * `store` case receives the store's errors to).
 *
 * @example
 * const status = matchProjectionError({ PoisonEvent: () => 422, store: () => 503, ... })(error)
 *
 * @category destructors
 * @since 0.2.0
 */
export const matchProjectionError =
  <R>(
    cases: {
      readonly [K in Exclude<ProjectionError, StoreError>['_tag']]: (
        error: Extract<ProjectionError, { readonly _tag: K }>,
      ) => R
    } & { readonly store: (error: StoreError) => R },
  ) =>
  (error: ProjectionError): R =>
    PROJECTION_TAGS.has(error._tag)
      ? (cases[error._tag as Exclude<ProjectionError, StoreError>['_tag']] as (e: ProjectionError) => R)(error)
      : cases.store(error as StoreError)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** What is wrong with a `handles` a JavaScript caller passed (missing, or not one of its three forms), if anything. */
export const handlesProblem = (handles: unknown): string | undefined =>
  handles === 'all' ||
  (Array.isArray(handles) && handles.every((h) => typeof h === 'string')) ||
  (typeof handles === 'object' &&
    handles !== null &&
    !Array.isArray(handles) &&
    [(handles as EventFilter).categories, (handles as EventFilter).types].every(
      (list) => list === undefined || (Array.isArray(list) && list.every((h) => typeof h === 'string')),
    ))
    ? undefined
    : "`handles` must be 'all', a list of event types, or { categories?, types? } of strings"

/**
 * The `readAll` filter of a projection's `handles`.
 *
 * @category utils
 * @since 0.1.0
 */
export const readFilterOf = (handles: ProjectionHandles): Pick<ReadAllOptions, 'categories' | 'types'> => {
  if (handles === 'all') return {}
  if (isTypeList(handles)) return { types: handles }
  return {
    ...(handles.categories === undefined ? {} : { categories: handles.categories }),
    ...(handles.types === undefined ? {} : { types: handles.types }),
  }
}

/**
 * Tells whether a projection handles an event (the same rule the store applies when filtering).
 *
 * @category utils
 * @since 0.1.0
 */
export const handlesEvent = (handles: ProjectionHandles, event: RecordedEvent): boolean => {
  const filter = readFilterOf(handles)
  return (
    (filter.categories === undefined || filter.categories.includes(categoryOf(event.streamId))) &&
    (filter.types === undefined || filter.types.includes(event.type))
  )
}

/**
 * Applies one event with `evolve`, guarded: a `Left`, or a throw from the projection's code, is the event's
 * {@link PoisonEvent}. Nothing the projection throws gets past it.
 *
 * @category utils
 * @since 0.2.0
 */
export const evolveGuarded = <S>(definition: Projection<S>, state: S, event: RecordedEvent): E.Either<PoisonEvent, S> =>
  E.mapLeft((reason: string) => poisonEvent(definition.name, event, reason))(
    E.flatten(E.tryCatch(() => eitherOrReason(definition.evolve(state, event)), reasonOf)),
  )

// A JavaScript caller, or a projection written before evolve returned an Either, may hand back a bare state:
// taking it as a Right would fold on `undefined`, so it is the event's poison, saying what evolve must return.
const eitherOrReason = <S>(result: unknown): E.Either<string, S> => {
  const tag = typeof result === 'object' && result !== null ? (result as { _tag?: unknown })._tag : undefined
  return tag === 'Right' || tag === 'Left'
    ? (result as E.Either<string, S>)
    : E.left('evolve must return E.right(nextState) or E.left(reason), not a bare state')
}

/**
 * A thrown value as a reason in plain words.
 *
 * @category utils
 * @since 0.1.0
 */
export const reasonOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? 'unknown')

const PROJECTION_TAGS: ReadonlySet<string> = new Set([
  'PoisonEvent',
  'ProjectionStoreFailure',
  'InvalidProjection',
  'ProjectionHalted',
  'CatchUpTimedOut',
])

/**
 * Compares the stored checkpoint with the one a runner expects: `undefined` when they agree, otherwise the
 * reason to refuse the save. Every {@link ProjectionStore} uses it, so they all fence the same way.
 *
 * @category utils
 * @since 0.1.0
 */
export const checkpointConflict = (
  name: string,
  expected: Checkpoint | undefined,
  stored: Checkpoint | undefined,
): string | undefined => {
  const show = (c: Checkpoint | undefined) =>
    c === undefined
      ? 'none'
      : `version ${c.version} at ${c.position}` +
        (c.rebuild === undefined ? '' : ` (rebuilding version ${c.rebuild.version} at ${c.rebuild.position})`)
  const same =
    expected?.version === stored?.version &&
    expected?.position === stored?.position &&
    expected?.rebuild?.version === stored?.rebuild?.version &&
    expected?.rebuild?.position === stored?.rebuild?.position
  return same
    ? undefined
    : `the checkpoint of projection '${name}' moved: expected ${show(expected)}, found ${show(stored)}; ` +
        'another runner is writing this projection (check that only one holds its lock)'
}

/**
 * Says what went wrong, in plain words, for logs and dashboards.
 *
 * @category utils
 * @since 0.1.0
 */
export const projectionErrorMessage: (error: ProjectionError) => string = matchProjectionError({
  store: storeErrorMessage,
  PoisonEvent: (e) =>
    `projection '${e.projection}' cannot apply ${e.type} (event ${e.eventId}, stream '${e.streamId}' ` +
    `revision ${e.revision}, global position ${e.position}): ${e.reason}; fix the projection or an ` +
    `upcaster and restart it, or run it with poison policy 'park'`,
  ProjectionStoreFailure: (e) => `projection store failure during ${e.operation}: ${e.reason}`,
  InvalidProjection: (e) => `projection '${e.projection}' is invalid: ${e.reason}`,
  ProjectionHalted: (e) => `projection '${e.projection}' halted at global position ${e.position}: ${e.reason}`,
  CatchUpTimedOut: (e) =>
    `projection '${e.projection}' did not reach global position ${e.target} within ${e.timeoutMs} ms ` +
    `(it is at ${e.position})`,
})

const isTypeList = (handles: ProjectionHandles): handles is ReadonlyArray<string> => Array.isArray(handles)
