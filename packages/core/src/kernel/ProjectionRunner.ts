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
  evolveGuarded,
  handlesProblem,
  handlesEvent,
  invalidProjection,
  projectionErrorMessage,
  projectionHalted,
  projectionStoreFailure,
  readFilterOf,
  reasonOf,
  type Checkpoint,
  type ParkedEvent,
  type PersistedProjection,
  type Projection,
  type ProjectionError,
  type ProjectionStore,
} from './Projection'
import { catchUp, CONTINUE, failed, positionOf, rejectionOf, type RunnerSteps, type Step } from './ProjectionBatch'
import { createInMemoryProjectionStore, type MemoryTables } from './ProjectionMemoryStore'
import { startProjectionRun, swapRebuilt } from './ProjectionStart'
import { liveTail } from './ProjectionTail'
import { isOptionsObject, methodsProblem, readOptions, showInput } from './Input'
import { START_POSITION, type GlobalPosition } from './Revision'

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
   * timeout passes. When it resolves, `status()` says `CaughtUp` (or `CatchingUp` past the target) too.
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
export const startProjection = <Tx>(given: ProjectionRunnerOptions<Tx>): ProjectionRunner => {
  // Read once, field by field: options a JavaScript caller got wrong give a runner that has already stopped,
  // saying what is wrong, never a throw.
  const read = readOptions(given, RUNNER_OPTION_KEYS, 'its options', true)
  if (E.isLeft(read)) return stoppedRunner('(unknown)', read.left)
  const options = read.right as ProjectionRunnerOptions<Tx>
  let named: unknown
  try {
    named = isOptionsObject(options.projection) ? (options.projection as { readonly name?: unknown }).name : undefined
  } catch {
    named = undefined
  }
  const problem =
    methodsProblem(options.store, 'its store', ['readAll', 'headPosition', 'onAppend']) ??
    methodsProblem(options.projectionStore, 'its projection store', ['acquire', 'loadCheckpoint', 'transaction']) ??
    (typeof named === 'string'
      ? undefined
      : `its projection must be a persisted projection with a name, got ${showInput(options.projection)}`)
  if (problem !== undefined) return stoppedRunner(typeof named === 'string' ? named : '(unknown)', problem)
  const { store, projectionStore: ps, projection } = options
  const name = projection.name
  const lockRetryMs = options.lockRetryMs ?? 2000
  const initialDelayMs = options.retry?.initialDelayMs ?? 200
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000
  const until = options.untilPosition
  const bounded = (position: GlobalPosition) => (until !== undefined && position > until ? until : position)

  const controller = new AbortController()
  const abortFromOutside = () => controller.abort()
  if (options.signal?.aborted === true) controller.abort()
  options.signal?.addEventListener('abort', abortFromOutside, { once: true })
  const aborted = () => controller.signal.aborted
  const tail = liveTail(store, controller.signal)

  let status: ProjectionStatus = { _tag: 'Starting', projection: name }
  // `undefined` until started (and again after a failure); a checkpoint with `rebuild` builds the shadow tables.
  let checkpoint: Checkpoint | undefined
  let head: GlobalPosition = START_POSITION
  const waiters = new Set<Waiter>()

  const livePosition = () => checkpoint?.position ?? START_POSITION
  const isLive = () => checkpoint !== undefined && checkpoint.rebuild === undefined
  const currentPosition = () => (checkpoint === undefined ? START_POSITION : positionOf(checkpoint))

  const setStatus = (next: ProjectionStatus) => {
    status = next
    options.onStatus?.(next)
    settleWaiters()
  }
  // A waiter settles on what the status says, not on the checkpoint in memory: a retry reloads the checkpoint
  // before it reports progress, and a caller told "caught up" must find the status saying so.
  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (status._tag === 'Stopped') waiter.settle(E.left(projectionHalted(name, status.position, status.reason)))
      else if ((status._tag === 'CaughtUp' || status._tag === 'CatchingUp') && status.position >= waiter.target) {
        waiter.settle(E.right(status.position))
      }
    }
  }
  const progress = <Tag extends 'CatchingUp' | 'CaughtUp'>(tag: Tag): ProgressStatus<Tag> => {
    const position = currentPosition()
    return { _tag: tag, projection: name, version: projection.version, position, head, lag: lagOf(head, position) }
  }
  const reportProgress = () =>
    setStatus(
      checkpoint?.rebuild === undefined
        ? progress(currentPosition() >= head ? 'CaughtUp' : 'CatchingUp')
        : { ...progress('CatchingUp'), _tag: 'Rebuilding', fromVersion: checkpoint.version },
    )
  const saved = (next: Checkpoint) => {
    checkpoint = next
    reportProgress()
  }
  const steps: RunnerSteps<Tx> = { ...options, aborted, checkpoint: () => checkpoint as Checkpoint, saved }
  const stepOf = (result: E.Either<ProjectionError, Checkpoint>, report: boolean): Step => {
    if (E.isLeft(result)) return failed(result.left)
    if (report) saved(result.right)
    else checkpoint = result.right
    return CONTINUE
  }

  /** Reads and applies everything after the current position up to the head as of now. */
  const catchUpToHead = async (): Promise<Step> => {
    const headNow = await store.headPosition()()
    if (E.isLeft(headNow)) return failed(headNow.left)
    head = bounded(headNow.right)
    reportProgress()
    return catchUp(steps, head)
  }

  /** One pass: start if needed, catch up (and swap a finished rebuild), until nothing is left to read. */
  const pass = async (): Promise<Step> => {
    if (checkpoint === undefined) {
      const started = stepOf(await startProjectionRun(ps, projection), false)
      if (started._tag !== 'Continue') return started
    }
    const caught = await catchUpToHead()
    if (caught._tag !== 'Continue' || checkpoint?.rebuild === undefined) return caught
    const swapped = stepOf(await swapRebuilt(ps, projection, checkpoint), true)
    return swapped._tag === 'Continue' ? catchUpToHead() : swapped
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
        await tail.sleep(backoff(attempt))
      } else {
        setStatus({ _tag: 'Standby', projection: name, reason: 'another runner holds this projection' })
        await tail.sleep(lockRetryMs)
      }
    }
    return undefined
  }

  const backoff = (attempt: number) => Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 20))

  const run = async (): Promise<ProjectionStatus> => {
    const problem = definitionProblem(projection, options.batchSize ?? 500)
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
        tail.rearm()
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
          await tail.sleep(backoff(attempt))
          continue
        }
        attempt = 0
        if (until !== undefined && isLive() && livePosition() >= until) return finish()
        await tail.sleep(options.pollIntervalMs ?? 5000, true)
      }
      stopWith(currentPosition(), 'stopped')
      return finish()
    } finally {
      await release().catch(() => undefined)
    }
  }

  const finish = () => {
    tail.close()
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

const RUNNER_OPTION_KEYS = [
  'store',
  'projectionStore',
  'projection',
  'poisonPolicy',
  'batchSize',
  'signal',
  'pollIntervalMs',
  'lockRetryMs',
  'retry',
  'verifyHashes',
  'onStatus',
  'untilPosition',
] as const satisfies ReadonlyArray<keyof ProjectionRunnerOptions<unknown>>

/** A runner that never started: stopped at the start with `problem`, as an `InvalidProjection`. */
const stoppedRunner = (name: string, problem: string): ProjectionRunner => {
  const status: ProjectionStatus = {
    _tag: 'Stopped',
    projection: name,
    position: START_POSITION,
    eventId: undefined,
    reason: problem,
    error: invalidProjection(name, problem),
  }
  const done = Promise.resolve(status)
  return {
    name,
    status: () => status,
    whenCaughtUp: () => () => Promise.resolve(E.left(projectionHalted(name, START_POSITION, problem))),
    stop: () => done,
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
    const storeProblem = methodsProblem(store, 'the store to project', ['readAll'])
    if (storeProblem !== undefined) return E.left(projectionStoreFailure('run the projection', storeProblem))
    const problem = handlesProblem(definition.handles)
    if (problem !== undefined) return E.left(invalidProjection(definition.name, problem))
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
      const next = evolveGuarded(definition, state, event)
      if (E.isLeft(next)) return E.left(next.left.reason)
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
  const handles = handlesProblem(definition.handles)
  if (handles !== undefined) return handles
  const filter = readFilterOf(definition.handles)
  if (filter.types?.length === 0 || filter.categories?.length === 0) {
    return "`handles` lists no event types or categories, so it would read nothing; use 'all' to read everything"
  }
  return undefined
}
