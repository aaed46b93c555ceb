/**
 * Read models written once and run anywhere: a {@link ReadModel} turns each event into row operations on
 * logical tables; {@link inMemoryReadModel} folds them into plain maps, and the SQLite and PostgreSQL adapters
 * (`sqliteReadModel`, `postgresReadModel`) write them through the projection store's transaction. Queries are
 * row computations too ({@link RowQuery}), so one query reads any of the three.
 *
 * @since 0.1.0
 */
import { projection, type Projection, type ProjectionHandles, type RecordedEvent } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { byId, runRowsSync, type RowOp, type Rows, type StoredRow } from './internal/Rows'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A row operation on a logical table: read one row by id, list the rows of a scope or of the whole table
 * (ordered by id), or write (insert or replace) a row.
 *
 * @category model
 * @since 0.1.0
 */
export type { RowOp } from './internal/Rows'

/**
 * A computation over rows: a generator that yields {@link RowOp}s and receives their answers.
 *
 * @category model
 * @since 0.1.0
 */
export type { Rows } from './internal/Rows'

/**
 * A read model: the event types it reads, the logical tables it owns, and the pure logic that turns one event
 * into row operations, ending `Left(reason)` for an event it cannot apply (a poison event), `Right` otherwise.
 * `version` is bumped when the logic or the row shapes change; persisted runs then rebuild.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadModel {
  readonly name: string
  readonly version: number
  /** The stream categories and event types it reads (the store filters on both). */
  readonly handles: ProjectionHandles
  readonly tables: ReadonlyArray<string>
  readonly apply: (event: RecordedEvent) => Rows<E.Either<string, void>>
}

/**
 * A query over a read model's rows, run by {@link readInMemory}, `readSqlite` or `readPostgres`.
 *
 * @category model
 * @since 0.1.0
 */
export type RowQuery<A> = () => Rows<A>

/**
 * The state of a read model in memory: rows by id, per logical table. Treated as immutable: every event
 * produces a new state that shares the tables it did not touch.
 *
 * @category model
 * @since 0.1.0
 */
export type ReadModelState = ReadonlyMap<string, ReadonlyMap<string, StoredRow>>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A read model as an in-memory projection, for `projectInMemory` or `startInMemoryProjection`.
 *
 * @example
 * const state = await projectInMemory(store, inMemoryReadModel(programStatusBoard))()
 *
 * @category constructors
 * @since 0.1.0
 */
export const inMemoryReadModel = (model: ReadModel): Projection<ReadModelState> =>
  projection<ReadModelState>({
    name: model.name,
    version: model.version,
    handles: model.handles,
    init: (): ReadModelState => new Map(),
    evolve: (state, event) => applyInMemory(state, model.apply(event)),
  })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Runs a query on an in-memory state.
 *
 * @example
 * const board = readInMemory(state, programStatusBoardRows())
 *
 * @category utils
 * @since 0.1.0
 */
export const readInMemory = <A>(state: ReadModelState, query: RowQuery<A>): A =>
  runRowsSync(query(), (op) => {
    if (op._tag === 'Put') throw new Error('a query cannot write rows')
    return answer(state, op)
  })

const answer = (state: ReadModelState, op: Exclude<RowOp, { _tag: 'Put' }>): unknown => {
  const rows = state.get(op.table)
  switch (op._tag) {
    case 'Get':
      return rows?.get(op.id)?.row
    case 'Scope':
      return [...(rows?.values() ?? [])]
        .filter((r) => r.scope === op.scope)
        .sort(byId)
        .map((r) => r.row)
    case 'All':
      return [...(rows?.values() ?? [])].sort(byId).map((r) => r.row)
  }
}

const applyInMemory = (state: ReadModelState, rows: Rows<E.Either<string, void>>): E.Either<string, ReadModelState> => {
  const draft = new Map(state)
  const copied = new Set<string>()
  const applied = runRowsSync(rows, (op) => {
    if (op._tag !== 'Put') return answer(draft, op)
    let table = draft.get(op.table) as Map<string, StoredRow> | undefined
    if (table === undefined || !copied.has(op.table)) {
      table = new Map(table ?? [])
      draft.set(op.table, table)
      copied.add(op.table)
    }
    table.set(op.id, { id: op.id, scope: op.scope, row: op.row })
    return undefined
  })
  return E.as(applied, draft)
}
