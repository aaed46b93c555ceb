/**
 * Brings a schema up to the version this code writes. Safe when several processes open the same database at
 * once: they queue on a session advisory lock, and each migration runs in its own transaction.
 */
import * as E from 'fp-ts/Either'
import type pg from 'pg'
import { schemaMismatch, type StoreError } from '@ikm-ledger/core'
import { pgErrorToStoreError } from './PgErrors'
import { LATEST_VERSION, MIGRATIONS, migrationsTableSql, type SchemaNames } from './Schema'

/** The schema version recorded in the database, 0 when there is no store there yet. */
const currentVersion = async (client: pg.PoolClient, names: SchemaNames): Promise<number> => {
  const table = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
    `${names.q}.schema_migrations`,
  ])
  if (table.rows[0]?.found !== true) return 0
  const found = await client.query<{ version: string | null }>(
    `SELECT max(version)::text AS version FROM ${names.q}.schema_migrations`,
  )
  return Number(found.rows[0]?.version ?? 0)
}

const newerSchema = (names: SchemaNames, version: number): StoreError =>
  schemaMismatch(
    `schema '${names.schema}' is at version ${version} but this version of @ikm-ledger/store-postgres only ` +
      `knows versions up to ${LATEST_VERSION}; upgrade the library (never downgrade a store in place)`,
  )

/** The versions applied by this call (empty when the schema was already current). */
export type Migrated = ReadonlyArray<number>

/**
 * Applies the missing migrations, or refuses with `SchemaMismatch` when the database holds a newer schema than
 * this code knows. With `mode` `'check'` it changes nothing and refuses anything but the current version (no
 * schema, or an older one) with `SchemaMismatch`. Never throws.
 */
export const migrate = async (
  pool: pg.Pool,
  names: SchemaNames,
  mode: 'migrate' | 'check' = 'migrate',
): Promise<E.Either<StoreError, Migrated>> => {
  let client: pg.PoolClient
  try {
    client = await pool.connect()
  } catch (cause) {
    return E.left(pgErrorToStoreError('connect to migrate the schema', cause))
  }
  let broken = false
  try {
    // Fast path, without locks or DDL: a current schema needs nothing, so a role without CREATE rights can open it.
    const current = await currentVersion(client, names)
    if (current > LATEST_VERSION) return E.left(newerSchema(names, current))
    if (current === LATEST_VERSION) return E.right([])
    if (mode === 'check') {
      // Nothing is created or changed: a reader pointed at a mistyped or dropped schema learns there is no ledger
      // there, instead of finding an empty one made for it.
      return E.left(
        schemaMismatch(
          current === 0
            ? `there is no ledger in schema '${names.schema}' (no ikm-ledger tables there); nothing was created`
            : `schema '${names.schema}' is at version ${current}, older than this version's ${LATEST_VERSION}; ` +
                'open it once with migrations on (the default) to bring it up to date',
        ),
      )
    }
    await client.query('SELECT pg_advisory_lock($1, $2)', [...names.migrationLock])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.q}`)
      await client.query(migrationsTableSql(names))
      // Read again under the lock: another process may have migrated while we waited for it.
      const found = await currentVersion(client, names)
      if (found > LATEST_VERSION) return E.left(newerSchema(names, found))
      const applied: Array<number> = []
      for (const migration of MIGRATIONS) {
        if (migration.version <= found) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql(names))
          await client.query(`INSERT INTO ${names.q}.schema_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name,
          ])
          await client.query('COMMIT')
        } catch (cause) {
          await client.query('ROLLBACK').catch(() => undefined)
          return E.left(
            schemaMismatch(
              `migration ${migration.version} (${migration.name}) of schema '${names.schema}' failed and was rolled ` +
                `back: ${cause instanceof Error ? cause.message : String(cause)}`,
            ),
          )
        }
        applied.push(migration.version)
      }
      return E.right(applied)
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...names.migrationLock])
    }
  } catch (cause) {
    broken = true
    return E.left(pgErrorToStoreError('migrate the schema', cause))
  } finally {
    // A client whose connection failed mid-way goes away instead of back into the pool, taking its session
    // lock with it.
    client.release(broken)
  }
}
