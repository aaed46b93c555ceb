/**
 * The runner's catch-up step: reads the log after the checkpoint up to a head, in batches, and commits each
 * batch's writes with its checkpoint in one transaction. A batch the projection rejects is applied again event by
 * event to find the poison event, stopped on or parked by policy; a rejection under a checkpoint another runner
 * moved is contention (retried), never poison. The projection's own code runs guarded: what it throws, rejects
 * with or returns as `Left` is a rejection, told apart from the store's failures.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import {
  checkpointConflict,
  handlesEvent,
  poisonEvent,
  projectionStoreFailure,
  readFilterOf,
  reasonOf,
  type Checkpoint,
  type MaybePromise,
  type PoisonEvent,
  type ProjectionError,
  type ProjectionStore,
} from './Projection'
import type { ProjectionRunnerOptions } from './ProjectionRunner'
import type { RecordedEvent } from './RecordedEvent'
import type { GlobalPosition } from './Revision'

/** What the runner's steps work with: its options, whether it was aborted, and its checkpoint (read and saved). */
export interface RunnerSteps<Tx> extends ProjectionRunnerOptions<Tx> {
  readonly aborted: () => boolean
  readonly checkpoint: () => Checkpoint
  /** Called after each commit with the checkpoint it saved. */
  readonly saved: (checkpoint: Checkpoint) => void
}

/** How a step ended: go on, aborted, a poison event under policy `'stop'`, or a failure. */
export type Step =
  | { readonly _tag: 'Continue' }
  | { readonly _tag: 'Aborted' }
  | { readonly _tag: 'Poison'; readonly poison: PoisonEvent }
  | { readonly _tag: 'Failed'; readonly error: ProjectionError }

export const CONTINUE: Step = { _tag: 'Continue' }
const ABORTED: Step = { _tag: 'Aborted' }
export const failed = (error: ProjectionError): Step => ({ _tag: 'Failed', error })

/** The position a checkpoint stands at: the shadow build's during a rebuild, else the live one. */
export const positionOf = (checkpoint: Checkpoint): GlobalPosition =>
  checkpoint.rebuild?.position ?? checkpoint.position

/** The checkpoint moved to `position`, on the side (live or shadow) being built. */
export const checkpointAt = (checkpoint: Checkpoint, position: GlobalPosition): Checkpoint =>
  checkpoint.rebuild === undefined
    ? { ...checkpoint, position }
    : { ...checkpoint, rebuild: { ...checkpoint.rebuild, position } }

/** Reads and applies everything after the checkpoint up to `head`, then moves the checkpoint to `head`. */
export const catchUp = async <Tx>(run: RunnerSteps<Tx>, head: GlobalPosition): Promise<Step> => {
  const from = positionOf(run.checkpoint())
  if (from >= head) return CONTINUE
  const batches = run.store.readAll({
    after: from,
    untilPosition: head,
    batchSize: run.batchSize ?? 500,
    ...readFilterOf(run.projection.handles),
    ...(run.verifyHashes === undefined ? {} : { verifyHashes: run.verifyHashes }),
  })
  for await (const item of batches) {
    if (run.aborted()) return ABORTED
    if (E.isLeft(item)) return failed(item.left)
    // A store must filter, but a projection must never see what it does not handle.
    const events = item.right.events.filter(
      (e) => e.position > positionOf(run.checkpoint()) && handlesEvent(run.projection.handles, e),
    )
    const step = await applyBatch(run, events, item.right.checkpoint > head ? head : item.right.checkpoint)
    if (step._tag !== 'Continue') return step
  }
  if (run.aborted()) return ABORTED
  // Everything matching up to `head` has been delivered, so a filtered reader may move its checkpoint there.
  return positionOf(run.checkpoint()) < head ? save(run, head) : CONTINUE
}

/** Applies one batch through `through`; on a rejected batch, finds the poison event by applying them one by one. */
export const applyBatch = async <Tx>(
  run: RunnerSteps<Tx>,
  events: ReadonlyArray<RecordedEvent>,
  through: GlobalPosition,
): Promise<Step> => {
  const whole = await save(run, through, applying(run, events))
  if (whole._tag !== 'Failed') return whole
  if (run.aborted()) return ABORTED
  if (rejectionOf(whole.error) === undefined) return whole
  // The projection refused the batch. If another runner moved the checkpoint meanwhile, that runner's writes
  // are why (rows already there): contention, retried from the stored checkpoint, never poison.
  const contention = await fenceMoved(run)
  if (contention !== undefined) return failed(contention)
  for (const event of events) {
    if (event.position <= positionOf(run.checkpoint())) continue
    const single = await save(run, event.position, applying(run, [event]))
    if (single._tag !== 'Failed') continue
    if (run.aborted()) return ABORTED
    const reason = rejectionOf(single.error)
    if (reason === undefined) return single
    const poison = poisonEvent(run.projection.name, event, reason)
    if (run.poisonPolicy === 'stop') return { _tag: 'Poison', poison }
    const { _tag: _poison, code: _code, ...parked } = poison
    const step = await save(run, event.position, (tx) => run.projectionStore.park(tx, parked))
    if (step._tag !== 'Continue') return step
  }
  return positionOf(run.checkpoint()) < through ? save(run, through) : CONTINUE
}

/** A retryable failure when the stored checkpoint is no longer the one this runner saw, else `undefined`. */
export const fenceMoved = async <Tx>(run: RunnerSteps<Tx>): Promise<ProjectionError | undefined> => {
  const stored = await run.projectionStore.loadCheckpoint(run.projection.name)()
  if (E.isLeft(stored)) return stored.left
  const moved = checkpointConflict(run.projection.name, run.checkpoint(), O.toUndefined(stored.right))
  return moved === undefined ? undefined : projectionStoreFailure('apply a batch', new Error(moved))
}

const applying = <Tx>(run: RunnerSteps<Tx>, events: ReadonlyArray<RecordedEvent>) =>
  events.length === 0
    ? undefined
    : (tx: Tx) =>
        guardUserCode(() =>
          run.projection.apply(tx, events, run.projectionStore.tables(run.checkpoint().rebuild?.version)),
        )

/** Commits `before` (if any), then the checkpoint moved to `position`, in one transaction. */
const save = async <Tx>(run: RunnerSteps<Tx>, position: GlobalPosition, before?: (tx: Tx) => unknown) => {
  const checkpoint = run.checkpoint()
  const done = await commit(run.projectionStore, (tx) => [
    () => before?.(tx),
    () => run.projectionStore.saveCheckpoint(tx, checkpointAt(checkpoint, position), checkpoint),
  ])
  return E.isLeft(done) ? failed(done.left) : advance(run, position)
}

const advance = <Tx>(run: RunnerSteps<Tx>, position: GlobalPosition): Step => {
  run.saved(checkpointAt(run.checkpoint(), position))
  return CONTINUE
}

// --- units of work and the guard around the projection's code ----------------------

/** A unit of work: the steps of one transaction, run in order. */
export type Work<Tx> = (tx: Tx) => ReadonlyArray<() => MaybePromise<unknown>>

/** Runs a unit of work in one transaction of the projection store. */
export const commit = <Tx>(ps: ProjectionStore<Tx>, work: Work<Tx>) =>
  ps.transaction((tx) =>
    work(tx).reduce<MaybePromise<unknown>>((previous, step) => andThen(previous, step), undefined),
  )()

/** Marks a throw that came from the projection's own code (as opposed to the store's). */
class ApplyRejected {
  constructor(readonly reason: string) {}
}

/** The reason the projection's own code gave, when `error` came from it; `undefined` for the store's failures. */
export const rejectionOf = (error: ProjectionError): string | undefined =>
  error._tag === 'ProjectionStoreFailure' && error.cause instanceof ApplyRejected ? error.cause.reason : undefined

/**
 * Runs the projection's own code: what it throws, rejects with or returns as `Left` is thrown as a rejection, so
 * the transaction rolls back and {@link rejectionOf} tells it from a store failure.
 */
export const guardUserCode = (run: () => unknown): MaybePromise<void> => {
  const reject = (thrown: unknown) => {
    throw new ApplyRejected(reasonOf(thrown))
  }
  let result: unknown
  try {
    result = run()
  } catch (thrown) {
    reject(thrown)
  }
  return andThen(
    result,
    (value) => {
      if (typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'Left') {
        reject((value as E.Left<unknown>).left)
      }
    },
    reject,
  )
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Sequences possibly-asynchronous steps while staying synchronous when every step is (SQLite needs that). */
export const andThen = <A, B>(
  value: MaybePromise<A>,
  next: (a: A) => MaybePromise<B>,
  onRejected?: (thrown: unknown) => never,
): MaybePromise<B> => (isPromiseLike(value) ? Promise.resolve(value).then(next, onRejected) : next(value))
