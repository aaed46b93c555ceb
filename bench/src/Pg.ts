/**
 * PostgreSQL settings of the bench: the server, and the schemas it owns (all named `bench_*`).
 */
import pg from 'pg'

export const PG_URL = process.env['BENCH_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test'

/** The schema of one system's data set, e.g. `bench_emmett_append`. */
export const benchSchema = (system: string, dataset: string): string => `bench_${system}_${dataset}`

/** A connection string whose sessions use `schema` as their search path (how Emmett is pointed at a schema). */
export const urlWithSearchPath = (schema: string): string => {
  const url = new URL(PG_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

/** Runs statements on a short-lived connection. */
export const adminQuery = async (sql: string): Promise<pg.QueryResult> => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

export const dropSchema = (schema: string) => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)

/** Drops every `bench_*` schema (what an interrupted run may have left). */
export const dropAllBenchSchemas = async (): Promise<ReadonlyArray<string>> => {
  const { rows } = await adminQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%' ORDER BY nspname")
  const names = rows.map((row: { nspname: string }) => row.nspname)
  for (const name of names) await dropSchema(name)
  return names
}

export const isPgReachable = async (): Promise<boolean> => {
  try {
    await adminQuery('SELECT 1')
    return true
  } catch {
    return false
  }
}
