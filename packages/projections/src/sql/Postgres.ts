/**
 * Read models in PostgreSQL, through the transaction the PostgreSQL projection store hands a projection (a
 * pooled client inside `BEGIN`/`COMMIT`). Each logical table is `(id text PRIMARY KEY, scope text, doc jsonb)`:
 * the row as JSON, keyed by id, listed by scope, queryable with SQL's JSON operators. Beside them, the read
 * model's typed tables (`ikm_rm1_programs`…, see `TypedViews`) have one real column per field and are refreshed
 * in the same transaction, for BI tools.
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
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { asyncBatchCache } from '../internal/RowCache'
import { encodeRow, reviveRow } from '../internal/RowJson'
import { runRowsAsync, type RowOp } from '../internal/Rows'
import type { ReadModel, RowQuery } from '../ReadModel'
import { typedViewsOf, type TypedView } from '../TypedViews'
import { bindCell, createTypedTableSql } from './TypedTables'

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
 * A read model as a persisted projection for `@ikm-ledger/projection-postgres`, with its typed tables (the
 * ready-made ones by default; pass `[]` to keep none, or typed views of your own).
 *
 * @example
 * const runner = startProjection({ store, projectionStore, projection: postgresReadModel(programStatusBoard), poisonPolicy: 'stop' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const postgresReadModel = <Client extends PostgresQueryable>(
  model: ReadModel,
  views: ReadonlyArray<TypedView> = typedViewsOf(model),
): PersistedProjection<Client> =>
  persistedProjection<Client>({
    name: model.name,
    version: model.version,
    handles: model.handles,
    tables: [...model.tables, ...views.map((v) => v.name)],
    setup: async (client, table) => {
      for (const v of views) await client.query(createTypedTableSql('postgres', table(v.name), v))
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
      for (const event of events) {
        const applied = await runRowsAsync(model.apply(event), cache.step)
        if (E.isLeft(applied)) return applied
      }
      await cache.flush()
      for (const v of views) await refreshTypedTable(client, table(v.name), v, cache.step)
      return E.right(undefined)
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

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest typed table. */
const INSERT_CHUNK = 500

const refreshTypedTable = async (
  client: PostgresQueryable,
  name: string,
  v: TypedView,
  step: (op: RowOp) => Promise<unknown>,
): Promise<void> => {
  await client.query(`DELETE FROM ${name}`)
  const rows = await runRowsAsync(v.rows(), step)
  const width = v.columns.length
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK)
    const tuples = chunk.map((_, r) => `(${v.columns.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`)
    await client.query(
      `INSERT INTO ${name} (${v.columns.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`,
      chunk.flatMap((cells) => cells.map((cell) => bindCell('postgres', cell))),
    )
  }
}

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
