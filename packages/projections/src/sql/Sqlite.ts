/**
 * Read models in SQLite, through the transaction the SQLite projection store hands a projection (the
 * better-sqlite3 `Database`, used synchronously inside `BEGIN IMMEDIATE`). Each logical table is
 * `(id TEXT PRIMARY KEY, scope TEXT, doc TEXT)`: the row as JSON, keyed by id, listed by scope. Beside them, the
 * read model's typed tables (`ikm_rm1_programs`…, see `TypedViews`) have one real column per field and are
 * refreshed in the same transaction, for BI tools.
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
import { syncBatchCache } from '../internal/RowCache'
import { decodeRow, encodeRow } from '../internal/RowJson'
import { runRowsSync, type RowOp } from '../internal/Rows'
import type { ReadModel, RowQuery } from '../ReadModel'
import { typedViewsOf, type TypedView } from '../TypedViews'
import { bindCell, createTypedTableSql } from './TypedTables'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The part of a better-sqlite3 statement read models use.
 *
 * @category model
 * @since 0.1.0
 */
export interface SqliteStatement {
  run(...params: ReadonlyArray<unknown>): unknown
  get(...params: ReadonlyArray<unknown>): unknown
  all(...params: ReadonlyArray<unknown>): Array<unknown>
}

/**
 * The part of a better-sqlite3 `Database` read models use (so this package needs no SQLite driver itself).
 *
 * @category model
 * @since 0.1.0
 */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  exec(sql: string): unknown
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A read model as a persisted projection for `@ikm-ledger/projection-sqlite`, with its typed tables (the
 * ready-made ones by default; pass `[]` to keep none, or typed views of your own).
 *
 * @example
 * const runner = startProjection({ store, projectionStore, projection: sqliteReadModel(programStatusBoard), poisonPolicy: 'stop' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const sqliteReadModel = <Db extends SqliteDatabase>(
  model: ReadModel,
  views: ReadonlyArray<TypedView> = typedViewsOf(model),
): PersistedProjection<Db> =>
  persistedProjection<Db>({
    name: model.name,
    version: model.version,
    handles: model.handles,
    tables: [...model.tables, ...views.map((v) => v.name)],
    setup: (db, table) => {
      for (const v of views) db.exec(createTypedTableSql('sqlite', table(v.name), v))
      for (const logical of model.tables) {
        const name = table(logical)
        db.exec(
          `CREATE TABLE IF NOT EXISTS ${name} (id TEXT PRIMARY KEY, scope TEXT NOT NULL, doc TEXT NOT NULL);` +
            `CREATE INDEX IF NOT EXISTS ${table(`${logical}_scope`)} ON ${name} (scope, id);`,
        )
      }
    },
    apply: (db, events, table) => {
      const cache = syncBatchCache(stepper(db, table))
      for (const event of events) {
        const applied = runRowsSync(model.apply(event), cache.step)
        if (E.isLeft(applied)) return applied
      }
      cache.flush()
      for (const v of views) refreshTypedTable(db, table(v.name), v, cache.step)
      return E.right(undefined)
    },
  })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const refreshTypedTable = (db: SqliteDatabase, name: string, v: TypedView, step: (op: RowOp) => unknown): void => {
  db.prepare(`DELETE FROM ${name}`).run()
  const insert = db.prepare(
    `INSERT INTO ${name} (${v.columns.map((c) => c.name).join(', ')}) VALUES (${v.columns.map(() => '?').join(', ')})`,
  )
  for (const cells of runRowsSync(v.rows(), step)) insert.run(...cells.map((cell) => bindCell('sqlite', cell)))
}

/**
 * Runs a query on the live tables of a SQLite projection store (`store.database`, `store.tables()`).
 *
 * @example
 * const board = readSqlite(store.database, store.tables(), programStatusBoardRows())
 *
 * @category utils
 * @since 0.1.0
 */
export const readSqlite = <A>(
  db: SqliteDatabase,
  table: TableResolver,
  query: RowQuery<A>,
): E.Either<ProjectionError, A> =>
  E.tryCatch(
    () => runRowsSync(query(), stepper(db, table)),
    (cause) => projectionStoreFailure('query a SQLite read model', cause),
  )

const stepper = (db: SqliteDatabase, table: TableResolver): ((op: RowOp) => unknown) => {
  const statements = new Map<string, SqliteStatement>()
  const prepared = (sql: string): SqliteStatement => {
    const existing = statements.get(sql)
    if (existing !== undefined) return existing
    const statement = db.prepare(sql)
    statements.set(sql, statement)
    return statement
  }
  const docs = (rows: Array<unknown>) => rows.map((r) => decodeRow((r as { doc: string }).doc))
  return (op) => {
    const name = table(op.table)
    switch (op._tag) {
      case 'Get': {
        const found = prepared(`SELECT doc FROM ${name} WHERE id = ?`).get(op.id) as { doc: string } | undefined
        return found === undefined ? undefined : decodeRow(found.doc)
      }
      case 'Scope':
        return docs(prepared(`SELECT doc FROM ${name} WHERE scope = ? ORDER BY id`).all(op.scope))
      case 'All':
        return docs(prepared(`SELECT doc FROM ${name} ORDER BY id`).all())
      case 'Put':
        prepared(
          `INSERT INTO ${name} (id, scope, doc) VALUES (?, ?, ?) ` +
            'ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, doc = excluded.doc',
        ).run(op.id, op.scope, encodeRow(op.row))
        return undefined
    }
  }
}
