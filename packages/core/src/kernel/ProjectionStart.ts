/**
 * How a projection runner starts, and how a rebuild ends. From the stored checkpoint and the projection's version,
 * {@link startDecision} (a pure function, so every case is tested without a store) says what to do before reading:
 * set up, resume, drop an abandoned rebuild, or begin or continue a rebuild into shadow tables; the runner carries
 * it out in one transaction, and swaps the shadow tables in once a rebuild has caught up.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import {
  invalidProjection,
  type Checkpoint,
  type PersistedProjection,
  type ProjectionError,
  type ProjectionStore,
} from './Projection'
import { commit, guardUserCode, rejectionOf, type Work } from './ProjectionBatch'
import { START_POSITION } from './Revision'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a runner does on start. `checkpoint` is where it then stands; `expected` the stored checkpoint its first
 * save must find (the fence).
 *
 * - `SetUp`: nothing stored; run `setup` on the live tables and save the first checkpoint.
 * - `Resume`: the stored version is the projection's; carry on from its position.
 * - `DropAbandoned`: the same, but a rebuild towards another version was left behind (the code went back):
 *   drop its shadow tables, then carry on.
 * - `ContinueRebuild`: a rebuild towards this version is under way; carry on with it.
 * - `BeginRebuild`: the version changed; drop the shadow tables of any earlier rebuild (`previous`) and of this
 *   version, run `setup` on fresh shadow tables and replay from the start.
 *
 * @category model
 * @since 0.2.0
 */
export type StartDecision =
  | { readonly _tag: 'SetUp'; readonly checkpoint: Checkpoint }
  | { readonly _tag: 'Resume'; readonly checkpoint: Checkpoint }
  | {
      readonly _tag: 'DropAbandoned'
      readonly checkpoint: Checkpoint
      readonly expected: Checkpoint
      readonly abandoned: number
    }
  | { readonly _tag: 'ContinueRebuild'; readonly checkpoint: Checkpoint }
  | {
      readonly _tag: 'BeginRebuild'
      readonly checkpoint: Checkpoint
      readonly expected: Checkpoint
      readonly previous: number | undefined
    }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Decides how projection `name` at `version` starts, given its stored checkpoint.
 *
 * @category constructors
 * @since 0.2.0
 */
export const startDecision = (name: string, version: number, stored: O.Option<Checkpoint>): StartDecision => {
  if (O.isNone(stored)) return { _tag: 'SetUp', checkpoint: { name, version, position: START_POSITION } }
  const found = stored.value
  if (found.version === version) {
    return found.rebuild === undefined
      ? { _tag: 'Resume', checkpoint: found }
      : {
          _tag: 'DropAbandoned',
          checkpoint: { name, version, position: found.position },
          expected: found,
          abandoned: found.rebuild.version,
        }
  }
  if (found.rebuild?.version === version) return { _tag: 'ContinueRebuild', checkpoint: found }
  return {
    _tag: 'BeginRebuild',
    checkpoint: { ...found, rebuild: { version, position: START_POSITION } },
    expected: found,
    previous: found.rebuild?.version,
  }
}

/**
 * Loads the checkpoint and carries out the start decision in one transaction: the checkpoint the runner then
 * stands at. A `setup` that fails makes the projection invalid (retrying would not help).
 *
 * @category internal
 * @since 0.2.0
 */
export const startProjectionRun = async <Tx>(
  ps: ProjectionStore<Tx>,
  projection: PersistedProjection<Tx>,
): Promise<E.Either<ProjectionError, Checkpoint>> => {
  const loaded = await ps.loadCheckpoint(projection.name)()
  if (E.isLeft(loaded)) return loaded
  const decision = startDecision(projection.name, projection.version, loaded.right)
  const setup = (tx: Tx, version?: number) => () => guardUserCode(() => projection.setup(tx, ps.tables(version)))
  const drop = (tx: Tx, version?: number) => () =>
    version === undefined ? undefined : ps.dropTables(tx, projection.tables, version)
  const save = (tx: Tx) => () =>
    ps.saveCheckpoint(tx, decision.checkpoint, 'expected' in decision ? decision.expected : undefined)
  const work: Work<Tx> | undefined =
    decision._tag === 'SetUp'
      ? (tx) => [setup(tx), save(tx)]
      : decision._tag === 'DropAbandoned'
        ? (tx) => [drop(tx, decision.abandoned), save(tx)]
        : decision._tag === 'BeginRebuild'
          ? (tx) => [drop(tx, decision.previous), drop(tx, projection.version), setup(tx, projection.version), save(tx)]
          : undefined
  const done = work === undefined ? E.right(undefined) : await commit(ps, work)
  const reason = E.isLeft(done) ? rejectionOf(done.left) : undefined
  if (reason !== undefined) return E.left(invalidProjection(projection.name, `setup failed: ${reason}`))
  return E.as(done, decision.checkpoint)
}

/**
 * Ends a rebuild that has caught up: in one transaction, replaces the live tables by the shadow ones and records
 * the new version at the rebuild's position.
 *
 * @category internal
 * @since 0.2.0
 */
export const swapRebuilt = async <Tx>(
  ps: ProjectionStore<Tx>,
  projection: PersistedProjection<Tx>,
  checkpoint: Checkpoint,
): Promise<E.Either<ProjectionError, Checkpoint>> => {
  const swapped: Checkpoint = {
    name: projection.name,
    version: projection.version,
    position: checkpoint.rebuild?.position ?? START_POSITION,
  }
  const done = await commit(ps, (tx) => [
    () => ps.swapTables(tx, projection.tables, projection.version),
    () => ps.saveCheckpoint(tx, swapped, checkpoint),
  ])
  return E.as(done, swapped)
}
