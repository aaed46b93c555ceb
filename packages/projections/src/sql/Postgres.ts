/**
 * Read models in PostgreSQL, through the transaction the PostgreSQL projection store hands a projection (a
 * pooled client inside `BEGIN`/`COMMIT`). Each logical table is `(id text PRIMARY KEY, scope text, doc jsonb)`:
 * the row as JSON, keyed by id, listed by scope, queryable with SQL's JSON operators.
 *
 * @since 0.1.0
 */
import {
  persistedProjection,
  projectionStoreFailure,
  type PersistedProjection,
  type ProjectionError,
  type TableResolver,
} from '@ikm-ledger/core'
import * as TE from 'fp-ts/TaskEither'
import { asyncBatchCache } from '../internal/RowCache'
import { encodeRow, reviveRow } from '../internal/RowJson'
import { runRowsAsync, type RowOp } from '../internal/Rows'
import type { ReadModel, RowQuery } from '../ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The part of a `pg` client or pool read models use (so this package needs no PostgreSQL driver itself).
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresQueryable {
  query(text: string, values?: Array<unknown>): Promise<{ readonly rows: Array<unknown> }>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A read model as a persisted projection for `@ikm-ledger/projection-postgres`.
 *
 * @example
 * const runner = startProjection({ store, projectionStore, projection: postgresReadModel(programStatusBoard), poisonPolicy: 'stop' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const postgresReadModel = <Client extends PostgresQueryable>(model: ReadModel): PersistedProjection<Client> =>
  persistedProjection<Client>({
    name: model.name,
    version: model.version,
    handles: model.handles,
    tables: model.tables,
    setup: async (client, table) => {
      for (const logical of model.tables) {
        const name = table(logical)
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${name} (id text PRIMARY KEY, scope text NOT NULL, doc jsonb NOT NULL)`,
        )
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${unqualified(table(`${logical}_scope`))} ON ${name} (scope, id)`,
        )
      }
    },
    apply: async (client, events, table) => {
      const cache = asyncBatchCache(stepper(client, table))
      for (const event of events) await runRowsAsync(model.apply(event), cache.step)
      await cache.flush()
    },
  })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Runs a query on the live tables of a PostgreSQL projection store (`store.pool`, `store.tables()`).
 *
 * @example
 * const board = await readPostgres(store.pool, store.tables(), programStatusBoardRows())()
 *
 * @category utils
 * @since 0.1.0
 */
export const readPostgres = <A>(
  client: PostgresQueryable,
  table: TableResolver,
  query: RowQuery<A>,
): TE.TaskEither<ProjectionError, A> =>
  TE.tryCatch(
    () => runRowsAsync(query(), stepper(client, table)),
    (cause) => projectionStoreFailure('query a PostgreSQL read model', cause),
  )

/** An index name is never schema-qualified in PostgreSQL: it lives in its table's schema. */
const unqualified = (resolved: string): string => resolved.slice(resolved.lastIndexOf('.') + 1)

const stepper =
  (client: PostgresQueryable, table: TableResolver) =>
  async (op: RowOp): Promise<unknown> => {
    const name = table(op.table)
    const docs = (rows: Array<unknown>) => rows.map((r) => reviveRow((r as { doc: unknown }).doc))
    switch (op._tag) {
      case 'Get': {
        const { rows } = await client.query(`SELECT doc FROM ${name} WHERE id = $1`, [op.id])
        return rows.length === 0 ? undefined : reviveRow((rows[0] as { doc: unknown }).doc)
      }
      case 'Scope':
        return docs(
          (await client.query(`SELECT doc FROM ${name} WHERE scope = $1 ORDER BY id COLLATE "C"`, [op.scope])).rows,
        )
      case 'All':
        return docs((await client.query(`SELECT doc FROM ${name} ORDER BY id COLLATE "C"`)).rows)
      case 'Put':
        await client.query(
          `INSERT INTO ${name} (id, scope, doc) VALUES ($1, $2, $3::jsonb) ` +
            'ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, doc = excluded.doc',
          [op.id, op.scope, encodeRow(op.row)],
        )
        return undefined
    }
  }
