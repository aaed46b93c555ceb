/**
 * The SQL of the typed tables (`TypedView`) in both dialects: their DDL and how a cell is bound. The adapters
 * refresh them at the end of every batch, inside the projection's transaction, so a typed table always shows
 * the same checkpoint as the JSON tables it is computed from.
 */
import type { Cell, ColumnType, TypedView } from '../TypedViews'

export type Dialect = 'sqlite' | 'postgres'

const SQL_TYPES: Readonly<Record<Dialect, Readonly<Record<ColumnType, string>>>> = {
  sqlite: { text: 'TEXT', integer: 'INTEGER', bigint: 'INTEGER', money: 'INTEGER', boolean: 'INTEGER', date: 'TEXT' },
  postgres: { text: 'text', integer: 'integer', bigint: 'bigint', money: 'bigint', boolean: 'boolean', date: 'date' },
}

export const createTypedTableSql = (dialect: Dialect, name: string, view: TypedView): string =>
  `CREATE TABLE IF NOT EXISTS ${name} (` +
  view.columns.map((c) => `${c.name} ${SQL_TYPES[dialect][c.type]}${c.nullable ? '' : ' NOT NULL'}`).join(', ') +
  ')'

/** better-sqlite3 binds bigints natively and has no boolean; pg is given bigints as decimal text. */
export const bindCell = (dialect: Dialect, cell: Cell): unknown => {
  if (typeof cell === 'boolean') return dialect === 'sqlite' ? (cell ? 1 : 0) : cell
  if (typeof cell === 'bigint') return dialect === 'sqlite' ? cell : cell.toString(10)
  return cell
}
