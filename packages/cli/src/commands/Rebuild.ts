/**
 * `ikm-ledger rebuild --into TARGET`: brings the ready-made read models, with their typed tables for BI tools,
 * up to date in a projection database (a SQLite file, or a PostgreSQL schema): created on first use, caught
 * up afterwards, rebuilt in shadow tables when a read model's version changed. The event store is only read.
 */
import * as E from 'fp-ts/Either'
import pg from 'pg'
import {
  projectionErrorMessage,
  startProjection,
  type GlobalPosition,
  type PersistedProjection,
  type ProjectionError,
  type ProjectionStore,
} from '@ikm-ledger/core'
import { openPostgresProjectionStore } from '@ikm-ledger/projection-postgres'
import { createSqliteProjectionStore } from '@ikm-ledger/projection-sqlite'
import {
  ikmReadModels,
  ikmTypedViews,
  postgresReadModel,
  sqliteReadModel,
  type ReadModel,
} from '@ikm-ledger/projections'
import type Database from 'better-sqlite3'
import { parseOptions, UsageError } from '../internal/Args'
import type { Command, CommandContext } from '../internal/Context'
import type { ProgressFactory } from '../internal/Progress'

export const REBUILD_USAGE = 'ikm-ledger rebuild --into FILE.db | postgres://…?schema=S'

const POLL_MS = 250

/** Brings every read model to one head, taken once: over a live store they still all end at the same position. */
const catchUp = async <Tx>(
  context: CommandContext,
  projectionStore: ProjectionStore<Tx>,
  persisted: (model: ReadModel) => PersistedProjection<Tx>,
  progress: ProgressFactory,
): Promise<E.Either<ProjectionError, GlobalPosition>> => {
  const head = await context.store.headPosition()()
  if (E.isLeft(head)) return head
  const target = head.right
  for (const model of ikmReadModels) {
    const runner = startProjection({
      store: context.store,
      projectionStore,
      projection: persisted(model),
      poisonPolicy: 'stop',
      untilPosition: target,
    })
    const bar = progress(model.name, Number(target), 'events')
    const update = () => {
      const status = runner.status()
      if ('position' in status) bar.update(Number(status.position))
    }
    const timer = setInterval(update, POLL_MS)
    const caughtUp = await runner.whenCaughtUp()()
    await runner.done
    clearInterval(timer)
    update()
    bar.stop()
    if (E.isLeft(caughtUp)) return caughtUp
  }
  return E.right(target)
}

export const rebuildCommand: Command = async (context, args) => {
  const { values } = parseOptions(args, { into: { type: 'string' } }, { min: 0, max: 0, usage: REBUILD_USAGE })
  const into = values.into
  if (into === undefined) throw new UsageError(`rebuild needs --into: ${REBUILD_USAGE}`)
  if (into === context.storeUrl) throw new UsageError('--into must name another database than the event store')
  let result: E.Either<ProjectionError, GlobalPosition>
  if (/^postgres(ql)?:\/\//.test(into)) {
    const url = new URL(into)
    const schema = url.searchParams.get('schema') ?? 'ikm_read_models'
    url.searchParams.delete('schema')
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
    pool.on('error', () => undefined)
    try {
      const opened = await openPostgresProjectionStore({ pool, schema })()
      result = E.isLeft(opened)
        ? opened
        : await catchUp(context, opened.right, (m) => postgresReadModel<pg.PoolClient>(m), context.progress)
    } finally {
      await pool.end()
    }
  } else {
    const opened = createSqliteProjectionStore({ path: into.replace(/^sqlite:/, '') })
    if (E.isLeft(opened)) result = opened
    else {
      try {
        result = await catchUp(context, opened.right, (m) => sqliteReadModel<Database.Database>(m), context.progress)
      } finally {
        await opened.right.close()()
      }
    }
  }
  if (E.isLeft(result)) {
    context.io.err(`error: ${projectionErrorMessage(result.left)}`)
    return 3
  }
  for (const model of ikmReadModels) context.io.out(`up to date: ${model.name} through position ${result.right}`)
  context.io.out(`typed tables for BI tools: ${ikmTypedViews.map((v) => v.name).join(', ')}`)
  return 0
}
