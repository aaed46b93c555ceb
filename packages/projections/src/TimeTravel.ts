/**
 * Read models as of a date and as known at an instant. `asOf` keeps the facts that had happened by a civil date
 * (`occurredOn ≤ D`): the board, the budget and the checklist at 31 December of a fiscal year. `asKnownAt`
 * keeps what the ledger had recorded by an instant (`recordedAt ≤ T`): what an auditor could have known then.
 * Both combine. The read models are folded in memory over one read of the store, in global order, so a fact
 * recorded late with an early `occurredOn` is counted as of its date.
 *
 * @since 0.1.0
 */
import {
  evolveGuarded,
  handlesEvent,
  invalidProjection,
  isCivilDate,
  isInstant,
  parseInstant,
  readOptions,
  showInput,
  type CivilDate,
  type EventStore,
  type Instant,
  type ProjectionError,
  type RecordedEvent,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import { inMemoryReadModel, readInMemory, type ReadModel, type ReadModelState, type RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The two time-travel bounds of a read model; none means "everything recorded".
 *
 * @category model
 * @since 0.1.0
 */
export interface TimeBounds {
  readonly asOf?: CivilDate
  readonly asKnownAt?: Instant
}

/**
 * Options of {@link projectReadModelsAt}: `onBatch` is told the global position read so far (for progress).
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectAtOptions {
  readonly onBatch?: (position: bigint, eventsRead: number) => void
  readonly batchSize?: number
}

/**
 * The read models folded as of the bounds, with the global position through which the store was read, and the
 * latest `recordedAt` and `occurredOn` among the events counted (`null` when none was): how far the ledger's
 * knowledge reaches.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadModelsAt {
  readonly bounds: TimeBounds
  readonly position: bigint
  readonly eventsRead: number
  readonly eventsCounted: number
  readonly lastRecordedAt: string | null
  readonly lastOccurredOn: string | null
  readonly states: ReadonlyMap<string, ReadModelState>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether an event is inside the bounds.
 *
 * @category utils
 * @since 0.1.0
 */
export const withinBounds = (event: RecordedEvent, bounds: TimeBounds): boolean =>
  (bounds.asOf === undefined || event.metadata.occurredOn <= bounds.asOf) &&
  (bounds.asKnownAt === undefined || event.metadata.recordedAt <= bounds.asKnownAt)

const BOUND_KEYS = ['asOf', 'asKnownAt'] as const

/**
 * The bounds as given by any JavaScript caller, checked: an object (or nothing) with at most `asOf`, a real civil
 * date, and `asKnownAt`, an instant with its zone (`2026-12-05T00:00:00+07:00` is taken as its UTC instant, as the
 * store reads and the CLI take it). `Left` says what is wrong.
 */
const checkedBounds = (given: unknown): E.Either<string, TimeBounds> => {
  const read = readOptions(given, BOUND_KEYS, 'the time bounds')
  if (E.isLeft(read)) return read
  let keys: ReadonlyArray<string> = []
  try {
    keys = given === undefined ? [] : Object.keys(given as object)
  } catch (cause) {
    return E.left(`the time bounds could not be read: ${showInput(cause)}`)
  }
  const unknown = keys.find((key) => !(BOUND_KEYS as ReadonlyArray<string>).includes(key))
  if (unknown !== undefined) {
    return E.left(`the time bounds take asOf and asKnownAt only, not ${showInput(unknown)}`)
  }
  const { asOf, asKnownAt } = read.right
  if (asOf !== undefined && !(typeof asOf === 'string' && isCivilDate(asOf))) {
    return E.left(`asOf must be a real civil date YYYY-MM-DD, got ${showInput(asOf)}`)
  }
  if (asKnownAt === undefined) return E.right(asOf === undefined ? {} : { asOf: asOf as CivilDate })
  if (typeof asKnownAt !== 'string') {
    return E.left(`asKnownAt must be an ISO-8601 instant such as 2021-01-01T00:00:00.000Z, got ${showInput(asKnownAt)}`)
  }
  const instant: E.Either<string, Instant> = isInstant(asKnownAt)
    ? E.right(asKnownAt as Instant)
    : parseInstant(asKnownAt)
  if (E.isLeft(instant)) return E.left(`asKnownAt: ${instant.left}`)
  return E.right({ ...(asOf === undefined ? {} : { asOf: asOf as CivilDate }), asKnownAt: instant.right })
}

/**
 * Folds several read models over one read of the store, keeping only the events inside the bounds.
 *
 * @example
 * const at = await projectReadModelsAt(store, ikmReadModels, { asOf: '2020-12-31' as CivilDate })()
 *
 * @category utils
 * @since 0.1.0
 */
export const projectReadModelsAt =
  (
    store: EventStore,
    models: ReadonlyArray<ReadModel>,
    given: TimeBounds = {},
    options: ProjectAtOptions = {},
  ): TE.TaskEither<ProjectionError, ReadModelsAt> =>
  async () => {
    const checked = checkedBounds(given)
    if (E.isLeft(checked)) return E.left(invalidProjection(models.map((m) => m.name).join(', '), checked.left))
    const bounds = checked.right
    const projections = models.map((model) => ({ model, projection: inMemoryReadModel(model) }))
    const states = new Map<string, ReadModelState>(projections.map((p) => [p.model.name, p.projection.init()]))
    let position = 0n
    let eventsRead = 0
    let eventsCounted = 0
    let lastRecordedAt: string | null = null
    let lastOccurredOn: string | null = null
    for await (const batch of store.readAll({
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    })) {
      if (E.isLeft(batch)) return batch
      for (const event of batch.right.events) {
        eventsRead++
        if (!withinBounds(event, bounds)) continue
        eventsCounted++
        // Both are fixed-width ISO strings, so the greater string is the later time.
        if (lastRecordedAt === null || event.metadata.recordedAt > lastRecordedAt)
          lastRecordedAt = event.metadata.recordedAt
        if (lastOccurredOn === null || event.metadata.occurredOn > lastOccurredOn)
          lastOccurredOn = event.metadata.occurredOn
        for (const { model, projection } of projections) {
          if (!handlesEvent(model.handles, event)) continue
          const next = evolveGuarded(projection, states.get(model.name) ?? projection.init(), event)
          if (E.isLeft(next)) return next
          states.set(model.name, next.right)
        }
      }
      position = batch.right.checkpoint
      options.onBatch?.(position, eventsRead)
    }
    return E.right({ bounds, position, eventsRead, eventsCounted, lastRecordedAt, lastOccurredOn, states })
  }

/**
 * One read model as of the bounds, answered by a query.
 *
 * @example
 * const budget = await readModelAt(store, budgetRealisation, budgetRealisationRows(), { asOf: '2020-12-31' as CivilDate })()
 *
 * @category utils
 * @since 0.1.0
 */
export const readModelAt =
  <A>(
    store: EventStore,
    model: ReadModel,
    query: RowQuery<A>,
    bounds: TimeBounds = {},
    options: ProjectAtOptions = {},
  ): TE.TaskEither<ProjectionError, A> =>
  async () => {
    const at = await projectReadModelsAt(store, [model], bounds, options)()
    if (E.isLeft(at)) return at
    return E.right(readInMemory(at.right.states.get(model.name) ?? new Map(), query))
  }
