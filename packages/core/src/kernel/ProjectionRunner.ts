/**
 * The projection runner: catches a projection up from its checkpoint through `readAll`, in batches, each
 * batch's writes and checkpoint committed in one transaction; then tails the log live. A version bump rebuilds
 * into shadow tables while the live ones keep serving, then swaps them in one transaction. A poison event stops
 * the projection or is parked, by policy — never skipped silently.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import type * as TE from 'fp-ts/TaskEither'
import type { EventStore } from './EventStore'
import {
  catchUpTimedOut,
  checkpointConflict,
  evolveGuarded,
  handlesEvent,
  invalidProjection,
  poisonEvent,
  projectionErrorMessage,
  projectionHalted,
  projectionStoreFailure,
  readFilterOf,
  reasonOf,
  type Checkpoint,
  type MaybePromise,
  type ParkedEvent,
  type PersistedProjection,
  type PoisonEvent,
  type Projection,
  type ProjectionError,
  type ProjectionStore,
  type TableResolver,
} from './Projection'
import { createInMemoryProjectionStore, type MemoryTables } from './ProjectionMemoryStore'
import { startDecision } from './ProjectionStart'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition } from './Revision'
import { START_POSITION } from './Revision'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What to do with an event the projection cannot apply: halt on it (`'stop'`, the default for read models
 * that must be complete) or record it in the parked-events table and go on (`'park'`).
 *
 * @category model
 * @since 0.1.0
 */
export type PoisonPolicy = 'stop' | 'park'

/**
 * Where a runner is, for dashboards. `lag` is the number of global positions between the projection and the
 * store's head as last seen.
 *
 * @category model
 * @since 0.1.0
 */
export type ProjectionStatus =
  | { readonly _tag: 'Starting'; readonly projection: string }
  | { readonly _tag: 'Standby'; readonly projection: string; readonly reason: string }
  | ProgressStatus<'CatchingUp'>
  | ProgressStatus<'CaughtUp'>
  | (ProgressStatus<'Rebuilding'> & { readonly fromVersion: number })
  | (ProgressStatus<'Retrying'> & { readonly attempt: number; readonly error: ProjectionError })
  | {
      readonly _tag: 'Stopped'
      readonly projection: string
      /** The poison event's position when one stopped it; otherwise the checkpoint. */
      readonly position: GlobalPosition
      readonly eventId: string | undefined
      readonly reason: string
      readonly error: ProjectionError | undefined
    }

/**
 * The progress fields common to the running statuses.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProgressStatus<Tag extends string> {
  readonly _tag: Tag
  readonly projection: string
  readonly version: number
  readonly position: GlobalPosition
  readonly head: GlobalPosition
  readonly lag: bigint
}

/**
 * Options of {@link startProjection}.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionRunnerOptions<Tx> {
  /** The event source. */
  readonly store: EventStore
  readonly projectionStore: ProjectionStore<Tx>
  readonly projection: PersistedProjection<Tx>
  readonly poisonPolicy: PoisonPolicy
  /** Events per read and per transaction; defaults to 500. */
  readonly batchSize?: number
  /** Aborting it ends the runner at once, committing nothing more (like a crash, but releasing the lock). */
  readonly signal?: AbortSignal
  /** The fallback poll while tailing, for missed wake-ups; defaults to 5000 ms. */
  readonly pollIntervalMs?: number
  /** How often a standby runner retries to take the projection's lock; defaults to 2000 ms. */
  readonly lockRetryMs?: number
  /** Back-off after a retryable failure: starts at `initialDelayMs` (200), doubles up to `maxDelayMs` (30000). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number }
  /** Verify hashes while reading; defaults to the store's default (true). */
  readonly verifyHashes?: boolean
  /** Called on every status change. */
  readonly onStatus?: (status: ProjectionStatus) => void
  /**
   * A bounded run: read nothing past this position, and end (`done` settles `CaughtUp` at it, no live tail) once
   * the live read model has applied everything through it. Give several runners the same one to end them together.
   */
  readonly untilPosition?: GlobalPosition
}

/**
 * A running projection.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionRunner {
  readonly name: string
  readonly status: () => ProjectionStatus
  /**
   * Resolves once the live read model has applied everything up to the store's head at the time of the call
   * (or `untilPosition`, if lower; a rebuild must have swapped in first). `Left` if the runner halts first or the
   * timeout passes.
   */
  readonly whenCaughtUp: (options?: { readonly timeoutMs?: number }) => TE.TaskEither<ProjectionError, GlobalPosition>
  /** Stops after the transaction in flight (if any) and releases the lock; resolves with the final status. */
  readonly stop: () => Promise<ProjectionStatus>
  /** Settles when the runner has ended, whatever the reason (`CaughtUp` when a bounded run reached its end). */
  readonly done: Promise<ProjectionStatus>
}

/**
 * A running in-memory projection and its current state.
 *
 * @category model
 * @since 0.1.0
 */
export interface InMemoryProjectionRunner<S> extends ProjectionRunner {
  /** The state as of the last applied batch. */
  readonly state: () => S
  readonly parkedEvents: () => Promise<ReadonlyArray<ParkedEvent>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Starts a persisted projection. It takes the projection's lock first (one active runner per projection name;
 * others wait on standby), then catches up, rebuilds if the version changed, and tails the log.
 *
 * A crash between batches is harmless: the writes of a batch and its checkpoint commit together, so a restart
 * resumes after the last committed batch and applies nothing twice.
 *
 * @category constructors
 * @since 0.1.0
 */
export const startProjection = <Tx>(options: ProjectionRunnerOptions<Tx>): ProjectionRunner => {
  const { store, projectionStore: ps, projection, poisonPolicy } = options
  const name = projection.name
  const batchSize = options.batchSize ?? 500
  const pollIntervalMs = options.pollIntervalMs ?? 5000
  const lockRetryMs = options.lockRetryMs ?? 2000
  const initialDelayMs = options.retry?.initialDelayMs ?? 200
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000
  const until = options.untilPosition
  const bounded = (position: GlobalPosition) => (until !== undefined && position > until ? until : position)
  const filter = readFilterOf(projection.handles)

  const controller = new AbortController()
  const abortFromOutside = () => controller.abort()
  if (options.signal?.aborted === true) controller.abort()
  options.signal?.addEventListener('abort', abortFromOutside, { once: true })
  const aborted = () => controller.signal.aborted

  let status: ProjectionStatus = { _tag: 'Starting', projection: name }
  let phase: 'starting' | 'live' | 'rebuild' = 'starting'
  let checkpoint: Checkpoint | undefined
  let head: GlobalPosition = START_POSITION
  const waiters = new Set<Waiter>()

  let wakePending = false
  let wake: (() => void) | undefined
  const unsubscribe = store.onAppend(() => {
    wakePending = true
    wake?.()
  })

  const livePosition = () => checkpoint?.position ?? START_POSITION
  const currentPosition = () =>
    phase === 'rebuild' ? (checkpoint?.rebuild?.position ?? START_POSITION) : livePosition()

  const setStatus = (next: ProjectionStatus) => {
    status = next
    options.onStatus?.(next)
    settleWaiters()
  }
  const progress = <Tag extends 'CatchingUp' | 'CaughtUp'>(tag: Tag): ProgressStatus<Tag> => {
    const position = currentPosition()
    return { _tag: tag, projection: name, version: projection.version, position, head, lag: lagOf(head, position) }
  }
  const reportProgress = () => {
    if (phase === 'rebuild' && checkpoint !== undefined) {
      const position = currentPosition()
      setStatus({
        _tag: 'Rebuilding',
        projection: name,
        version: projection.version,
        fromVersion: checkpoint.version,
        position,
        head,
        lag: lagOf(head, position),
      })
    } else setStatus(progress(currentPosition() >= head ? 'CaughtUp' : 'CatchingUp'))
  }

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (status._tag === 'Stopped') {
        waiter.settle(E.left(projectionHalted(name, status.position, status.reason)))
      } else if (phase === 'live' && livePosition() >= waiter.target) waiter.settle(E.right(livePosition()))
    }
  }

  const sleep = (ms: number, wakeOnAppend = false) =>
    new Promise<void>((resolve) => {
      if (aborted() || (wakeOnAppend && wakePending)) return resolve()
      const done = () => {
        clearTimeout(timer)
        controller.signal.removeEventListener('abort', done)
        if (wakeOnAppend) wake = undefined
        resolve()
      }
      const timer = setTimeout(done, ms)
      controller.signal.addEventListener('abort', done)
      if (wakeOnAppend) wake = done
    })

  // --- units of work ---------------------------------------------------------------

  const commit = async (work: (tx: Tx) => MaybePromise<unknown>): Promise<E.Either<ProjectionError, void>> => {
    const result = await ps.transaction((tx) => andThen(work(tx), () => undefined))()
    return result
  }

  const checkpointAt = (position: GlobalPosition): Checkpoint => {
    const base = checkpoint as Checkpoint
    return phase === 'rebuild'
      ? { ...base, rebuild: { version: projection.version, position } }
      : { name, version: projection.version, position }
  }
  const advance = (saved: Checkpoint) => {
    checkpoint = saved
    reportProgress()
  }
  const resolver = (): TableResolver => (phase === 'rebuild' ? ps.tables(projection.version) : ps.tables())

  const applyGuarded = (tx: Tx, events: ReadonlyArray<RecordedEvent>, table: TableResolver): MaybePromise<void> =>
    guardUserCode(() => projection.apply(tx, events, table))

  const setupGuarded = (tx: Tx, table: TableResolver): MaybePromise<void> =>
    guardUserCode(() => projection.setup(tx, table))

  const applyAndSave = (events: ReadonlyArray<RecordedEvent>, saved: Checkpoint) => (tx: Tx) =>
    andThen(events.length === 0 ? undefined : applyGuarded(tx, events, resolver()), () =>
      ps.saveCheckpoint(tx, saved, checkpoint),
    )

  /** Applies one batch; on a rejected batch, finds the poison event by applying the events one by one. */
  const commitBatch = async (events: ReadonlyArray<RecordedEvent>, through: GlobalPosition): Promise<Step> => {
    const saved = checkpointAt(through)
    const whole = await commit(applyAndSave(events, saved))
    if (E.isRight(whole)) {
      advance(saved)
      return CONTINUE
    }
    if (aborted()) return ABORTED
    if (rejectionOf(whole.left) === undefined) return { _tag: 'Failed', error: whole.left }
    // The projection refused the batch. If another runner moved the checkpoint meanwhile, that runner's writes
    // are why (rows already there): contention, retried from the stored checkpoint, never poison.
    const contention = await fenceMoved()
    if (contention !== undefined) return { _tag: 'Failed', error: contention }
    for (const event of events) {
      if (event.position <= currentPosition()) continue
      const one = checkpointAt(event.position)
      const single = await commit(applyAndSave([event], one))
      if (E.isRight(single)) {
        advance(one)
        continue
      }
      if (aborted()) return ABORTED
      const reason = rejectionOf(single.left)
      if (reason === undefined) return { _tag: 'Failed', error: single.left }
      const poison = poisonEvent(name, event, reason)
      if (poisonPolicy === 'stop') return { _tag: 'Poison', poison }
      const parked = await commit((tx) =>
        andThen(ps.park(tx, parkedOf(poison)), () => ps.saveCheckpoint(tx, one, checkpoint)),
      )
      if (E.isLeft(parked)) return { _tag: 'Failed', error: parked.left }
      advance(one)
    }
    if (currentPosition() < through) {
      const rest = await commit((tx) => ps.saveCheckpoint(tx, saved, checkpoint))
      if (E.isLeft(rest)) return { _tag: 'Failed', error: rest.left }
      advance(saved)
    }
    return CONTINUE
  }

  /** A retryable failure when the stored checkpoint is no longer the one this runner saw, else `undefined`. */
  const fenceMoved = async (): Promise<ProjectionError | undefined> => {
    const stored = await ps.loadCheckpoint(name)()
    if (E.isLeft(stored)) return stored.left
    const moved = checkpointConflict(name, checkpoint, O.toUndefined(stored.right))
    return moved === undefined ? undefined : projectionStoreFailure('apply a batch', new Error(moved))
  }

  /** Reads and applies everything after the current position up to the head as of now. */
  const catchUp = async (): Promise<Step> => {
    const headNow = await store.headPosition()()
    if (E.isLeft(headNow)) return { _tag: 'Failed', error: headNow.left }
    head = bounded(headNow.right)
    reportProgress()
    const from = currentPosition()
    if (from >= head) return CONTINUE
    const batches = store.readAll({
      after: from,
      untilPosition: head,
      batchSize,
      ...filter,
      ...(options.verifyHashes === undefined ? {} : { verifyHashes: options.verifyHashes }),
    })
    for await (const item of batches) {
      if (aborted()) return ABORTED
      if (E.isLeft(item)) return { _tag: 'Failed', error: item.left }
      // A store must filter, but a projection must never see what it does not handle.
      const events = item.right.events.filter(
        (e) => e.position > currentPosition() && handlesEvent(projection.handles, e),
      )
      const step = await commitBatch(events, item.right.checkpoint > head ? head : item.right.checkpoint)
      if (step._tag !== 'Continue') return step
    }
    if (aborted()) return ABORTED
    // Everything matching up to `head` has been delivered, so a filtered reader may move its checkpoint there.
    if (currentPosition() < head) {
      const saved = checkpointAt(head)
      const done = await commit((tx) => ps.saveCheckpoint(tx, saved, checkpoint))
      if (E.isLeft(done)) return { _tag: 'Failed', error: done.left }
      advance(saved)
    }
    return CONTINUE
  }

  /** Loads the checkpoint and carries out the start decision: first setup, resume, or a rebuild. */
  const prepare = async (): Promise<Step> => {
    const loaded = await ps.loadCheckpoint(name)()
    if (E.isLeft(loaded)) return { _tag: 'Failed', error: loaded.left }
    const version = projection.version
    const decision = startDecision(name, version, loaded.right)
    let done: E.Either<ProjectionError, void> = E.right(undefined)
    switch (decision._tag) {
      case 'SetUp': {
        done = await commit((tx) =>
          andThen(setupGuarded(tx, ps.tables()), () => ps.saveCheckpoint(tx, decision.checkpoint, undefined)),
        )
        if (E.isLeft(done)) return { _tag: 'Failed', error: setupError(done.left) }
        break
      }
      case 'DropAbandoned': {
        done = await commit((tx) =>
          andThen(ps.dropTables(tx, projection.tables, decision.abandoned), () =>
            ps.saveCheckpoint(tx, decision.checkpoint, decision.expected),
          ),
        )
        break
      }
      case 'BeginRebuild': {
        const { previous } = decision
        done = await commit((tx) =>
          andThen(previous === undefined ? undefined : ps.dropTables(tx, projection.tables, previous), () =>
            andThen(ps.dropTables(tx, projection.tables, version), () =>
              andThen(setupGuarded(tx, ps.tables(version)), () =>
                ps.saveCheckpoint(tx, decision.checkpoint, decision.expected),
              ),
            ),
          ),
        )
        if (E.isLeft(done)) return { _tag: 'Failed', error: setupError(done.left) }
        break
      }
    }
    if (E.isLeft(done)) return { _tag: 'Failed', error: done.left }
    checkpoint = decision.checkpoint
    phase = decision._tag === 'ContinueRebuild' || decision._tag === 'BeginRebuild' ? 'rebuild' : 'live'
    return CONTINUE
  }

  const swap = async (): Promise<Step> => {
    const rebuilt = checkpoint?.rebuild?.position ?? START_POSITION
    const swapped: Checkpoint = { name, version: projection.version, position: rebuilt }
    const done = await commit((tx) =>
      andThen(ps.swapTables(tx, projection.tables, projection.version), () =>
        ps.saveCheckpoint(tx, swapped, checkpoint),
      ),
    )
    if (E.isLeft(done)) return { _tag: 'Failed', error: done.left }
    checkpoint = swapped
    phase = 'live'
    reportProgress()
    return CONTINUE
  }

  const setupError = (error: ProjectionError): ProjectionError => {
    const reason = rejectionOf(error)
    return reason === undefined ? error : invalidProjection(name, `setup failed: ${reason}`)
  }

  /** One pass: prepare if needed, catch up (and swap a finished rebuild), until nothing is left to read. */
  const pass = async (): Promise<Step> => {
    if (checkpoint === undefined) {
      const prepared = await prepare()
      if (prepared._tag !== 'Continue') return prepared
    }
    const caught = await catchUp()
    if (caught._tag !== 'Continue') return caught
    if (phase === 'rebuild') {
      const swapped = await swap()
      if (swapped._tag !== 'Continue') return swapped
      return catchUp()
    }
    return CONTINUE
  }

  const stopWith = (position: GlobalPosition, reason: string, eventId?: string, error?: ProjectionError) =>
    setStatus({ _tag: 'Stopped', projection: name, position, eventId, reason, error })

  const acquireLock = async (): Promise<(() => Promise<void>) | undefined> => {
    let attempt = 0
    while (!aborted()) {
      const taken = await ps.acquire(name)()
      if (E.isRight(taken) && O.isSome(taken.right)) return taken.right.value
      if (E.isLeft(taken)) {
        attempt += 1
        setStatus({ ...progress('CatchingUp'), _tag: 'Retrying', attempt, error: taken.left })
        await sleep(backoff(attempt))
      } else {
        setStatus({ _tag: 'Standby', projection: name, reason: 'another runner holds this projection' })
        await sleep(lockRetryMs)
      }
    }
    return undefined
  }

  const backoff = (attempt: number) => Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 20))

  const run = async (): Promise<ProjectionStatus> => {
    const problem = definitionProblem(projection, batchSize)
    if (problem !== undefined) {
      stopWith(START_POSITION, problem, undefined, invalidProjection(name, problem))
      return finish()
    }
    const release = await acquireLock()
    if (release === undefined) {
      stopWith(START_POSITION, 'stopped before it took the lock')
      return finish()
    }
    try {
      let attempt = 0
      while (!aborted()) {
        wakePending = false
        const step = await pass()
        if (step._tag === 'Aborted' || aborted()) break
        if (step._tag === 'Poison') {
          const { poison } = step
          stopWith(poison.position, projectionErrorMessage(poison), poison.eventId, poison)
          return finish()
        }
        if (step._tag === 'Failed') {
          if (!isRetryable(step.error)) {
            stopWith(currentPosition(), projectionErrorMessage(step.error), undefined, step.error)
            return finish()
          }
          attempt += 1
          // Reload the checkpoint after a failure: the store is the truth, not this process's memory.
          setStatus({ ...progress('CatchingUp'), _tag: 'Retrying', attempt, error: step.error })
          checkpoint = undefined
          phase = 'starting'
          await sleep(backoff(attempt))
          continue
        }
        attempt = 0
        if (until !== undefined && phase === 'live' && livePosition() >= until) return finish()
        await sleep(pollIntervalMs, true)
      }
      stopWith(currentPosition(), 'stopped')
      return finish()
    } finally {
      await release().catch(() => undefined)
    }
  }

  const finish = () => {
    unsubscribe()
    options.signal?.removeEventListener('abort', abortFromOutside)
    return status
  }

  const done = run().catch((thrown: unknown) => {
    // Only a bug in a store adapter gets here (ports return Left): report it as a halt rather than lose it.
    stopWith(currentPosition(), `runner failed: ${reasonOf(thrown)}`)
    return finish()
  })

  return {
    name,
    status: () => status,
    whenCaughtUp:
      (waitOptions = {}) =>
      () =>
        new Promise((resolve) => {
          void store
            .headPosition()()
            .then((target) => {
              if (E.isLeft(target)) return resolve(target)
              let timer: ReturnType<typeof setTimeout> | undefined
              const waiter: Waiter = {
                target: bounded(target.right),
                settle: (result) => {
                  if (timer !== undefined) clearTimeout(timer)
                  waiters.delete(waiter)
                  resolve(result)
                },
              }
              if (waitOptions.timeoutMs !== undefined) {
                const timeoutMs = waitOptions.timeoutMs
                timer = setTimeout(
                  () => waiter.settle(E.left(catchUpTimedOut(name, waiter.target, livePosition(), timeoutMs))),
                  timeoutMs,
                )
              }
              waiters.add(waiter)
              settleWaiters()
            })
        }),
    stop: () => {
      controller.abort()
      return done
    },
    done,
  }
}

/**
 * Runs an in-memory projection over a store, once: the state after every handled event up to `untilPosition`
 * (default: everything). An event `evolve` rejects is a `PoisonEvent`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const projectInMemory =
  <S>(
    store: EventStore,
    definition: Projection<S>,
    options: { readonly untilPosition?: GlobalPosition; readonly batchSize?: number } = {},
  ): TE.TaskEither<ProjectionError, S> =>
  async () => {
    let state = definition.init()
    const batches = store.readAll({
      ...readFilterOf(definition.handles),
      ...(options.untilPosition === undefined ? {} : { untilPosition: options.untilPosition }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    })
    for await (const item of batches) {
      if (E.isLeft(item)) return item
      for (const event of item.right.events) {
        if (!handlesEvent(definition.handles, event)) continue
        const next = evolveGuarded(definition, state, event)
        if (E.isLeft(next)) return next
        state = next.right
      }
    }
    return E.right(state)
  }

/**
 * Runs an in-memory projection incrementally: catches up, then tails the store live, like a persisted one
 * (same statuses, poison policy and `whenCaughtUp`), keeping its state in memory.
 *
 * @category constructors
 * @since 0.1.0
 */
export const startInMemoryProjection = <S>(
  store: EventStore,
  definition: Projection<S>,
  options: Omit<ProjectionRunnerOptions<MemoryTables>, 'store' | 'projectionStore' | 'projection' | 'poisonPolicy'> & {
    readonly poisonPolicy?: PoisonPolicy
  } = {},
): InMemoryProjectionRunner<S> => {
  const projectionStore = createInMemoryProjectionStore()
  const runner = startProjection({
    ...options,
    store,
    projectionStore,
    projection: inMemoryAsPersisted(definition),
    poisonPolicy: options.poisonPolicy ?? 'stop',
  })
  return {
    ...runner,
    state: () => (projectionStore.read(STATE_TABLE) as S | undefined) ?? definition.init(),
    parkedEvents: async () => {
      const parked = await projectionStore.parkedEvents(definition.name)()
      return E.isRight(parked) ? parked.right : []
    },
  }
}

/**
 * An in-memory projection as a persisted one over the in-memory projection store (one table holding the state).
 *
 * @category constructors
 * @since 0.1.0
 */
export const inMemoryAsPersisted = <S>(definition: Projection<S>): PersistedProjection<MemoryTables> => ({
  name: definition.name,
  version: definition.version,
  handles: definition.handles,
  tables: [STATE_TABLE],
  setup: (tx, table) => {
    if (tx.get(table(STATE_TABLE)) === undefined) tx.set(table(STATE_TABLE), definition.init())
  },
  apply: (tx, events, table) => {
    let state = (tx.get(table(STATE_TABLE)) as S | undefined) ?? definition.init()
    for (const event of events) {
      const next = definition.evolve(state, event)
      if (E.isLeft(next)) return next
      state = next.right
    }
    tx.set(table(STATE_TABLE), state)
    return E.right(undefined)
  },
})

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const STATE_TABLE = 'state'

interface Waiter {
  readonly target: GlobalPosition
  readonly settle: (result: E.Either<ProjectionError, GlobalPosition>) => void
}

type Step =
  | { readonly _tag: 'Continue' }
  | { readonly _tag: 'Aborted' }
  | { readonly _tag: 'Poison'; readonly poison: PoisonEvent }
  | { readonly _tag: 'Failed'; readonly error: ProjectionError }

const CONTINUE: Step = { _tag: 'Continue' }
const ABORTED: Step = { _tag: 'Aborted' }

/** Marks a throw that came from the projection's own code (as opposed to the store's). */
class ApplyRejected {
  constructor(readonly reason: string) {}
}

const rejectionOf = (error: ProjectionError): string | undefined =>
  error._tag === 'ProjectionStoreFailure' && error.cause instanceof ApplyRejected ? error.cause.reason : undefined

/** Runs the projection's own code, marking whatever it throws or rejects with as {@link ApplyRejected}. */
const guardUserCode = (run: () => unknown): MaybePromise<void> => {
  let result: unknown
  try {
    result = run()
  } catch (thrown) {
    throw new ApplyRejected(reasonOf(thrown))
  }
  return isPromiseLike(result)
    ? Promise.resolve(result).then(rejectLeft, (thrown: unknown) => {
        throw new ApplyRejected(reasonOf(thrown))
      })
    : rejectLeft(result)
}

const rejectLeft = (result: unknown): void => {
  if (typeof result === 'object' && result !== null && (result as { _tag?: unknown })._tag === 'Left') {
    throw new ApplyRejected(reasonOf((result as E.Left<unknown>).left))
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Sequences possibly-asynchronous steps while staying synchronous when every step is (SQLite needs that). */
const andThen = <A, B>(value: MaybePromise<A>, next: (a: A) => MaybePromise<B>): MaybePromise<B> =>
  isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value)

const parkedOf = (poison: PoisonEvent): ParkedEvent => ({
  projection: poison.projection,
  position: poison.position,
  eventId: poison.eventId,
  streamId: poison.streamId,
  revision: poison.revision,
  type: poison.type,
  reason: poison.reason,
})

const lagOf = (head: GlobalPosition, position: GlobalPosition): bigint => (head > position ? head - position : 0n)

const RETRYABLE: ReadonlySet<string> = new Set(['StoreUnavailable', 'StorageFailure', 'ProjectionStoreFailure'])

const isRetryable = (error: ProjectionError): boolean => RETRYABLE.has(error._tag) && rejectionOf(error) === undefined

const definitionProblem = (
  definition: Pick<PersistedProjection<unknown>, 'name' | 'version' | 'tables' | 'handles'>,
  batchSize: number,
): string | undefined => {
  if (definition.name.trim() === '') return 'the name is empty; give the projection a stable name'
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    return `version must be an integer from 1 up, got ${definition.version}`
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) return `batchSize must be a positive integer, got ${batchSize}`
  if (definition.tables.length === 0) return 'it declares no tables; list the logical tables it owns in `tables`'
  const filter = readFilterOf(definition.handles)
  if (filter.types?.length === 0 || filter.categories?.length === 0) {
    return "`handles` lists no event types or categories, so it would read nothing; use 'all' to read everything"
  }
  return undefined
}
