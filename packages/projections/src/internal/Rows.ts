/**
 * The one seam between read-model logic and storage. Read-model logic is written once, as generators that
 * yield row operations ({@link RowOp}); an interpreter per technology runs them: synchronously over plain maps
 * (in memory) or a better-sqlite3 connection, asynchronously over a pg client. So the logic never knows where
 * its rows live, and each technology costs one small interpreter instead of one copy of every read model.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A stored row: its key, the scope it is listed under, and the row itself. */
export interface StoredRow {
  readonly id: string
  readonly scope: string
  readonly row: unknown
}

/** A row operation on a logical table. `Scope` and `All` answer rows ordered by id. */
export type RowOp =
  | { readonly _tag: 'Get'; readonly table: string; readonly id: string }
  | { readonly _tag: 'Scope'; readonly table: string; readonly scope: string }
  | { readonly _tag: 'All'; readonly table: string }
  | { readonly _tag: 'Put'; readonly table: string; readonly id: string; readonly scope: string; readonly row: unknown }

/** A computation over rows that ends with an `A`. */
export type Rows<A> = Generator<RowOp, A, unknown>

/** A logical table of rows of type `R`. */
export interface Table<R> {
  readonly name: string
  readonly idOf: (row: R) => string
  readonly scopeOf: (row: R) => string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export const table = <R>(name: string, idOf: (row: R) => string, scopeOf: (row: R) => string): Table<R> => ({
  name,
  idOf,
  scopeOf,
})

// The interpreters answer each operation with the rows of the table the operation names, so the casts below
// only restate what the table's type parameter already promises.

export function* getRow<R>(t: Table<R>, id: string): Rows<R | undefined> {
  return (yield { _tag: 'Get', table: t.name, id }) as R | undefined
}

export function* rowsInScope<R>(t: Table<R>, scope: string): Rows<ReadonlyArray<R>> {
  return (yield { _tag: 'Scope', table: t.name, scope }) as ReadonlyArray<R>
}

export function* allRows<R>(t: Table<R>): Rows<ReadonlyArray<R>> {
  return (yield { _tag: 'All', table: t.name }) as ReadonlyArray<R>
}

export function* putRow<R>(t: Table<R>, row: R): Rows<void> {
  yield { _tag: 'Put', table: t.name, id: t.idOf(row), scope: t.scopeOf(row), row }
}

// -------------------------------------------------------------------------------------
// interpreters
// -------------------------------------------------------------------------------------

/** Runs a computation with a synchronous step. */
export const runRowsSync = <A>(rows: Rows<A>, step: (op: RowOp) => unknown): A => {
  let next = rows.next()
  while (next.done !== true) next = rows.next(step(next.value))
  return next.value
}

/** Runs a computation with an asynchronous step. */
export const runRowsAsync = async <A>(rows: Rows<A>, step: (op: RowOp) => Promise<unknown>): Promise<A> => {
  let next = rows.next()
  while (next.done !== true) next = rows.next(await step(next.value))
  return next.value
}

/** Compares ids in code-unit order, the order `COLLATE "C"` and SQLite's BINARY collation give. */
export const byId = (a: StoredRow, b: StoredRow): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
