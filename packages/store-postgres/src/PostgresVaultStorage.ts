/**
 * The PII vault's tables on PostgreSQL, in the event store's schema or one of their own: `pii_records` (sealed
 * record, NIK digest, categories, tombstone), `pii_keys` (wrapped data keys) and `pii_access` (the access log).
 * The vault encrypts before anything reaches this adapter, so table pages, dead tuples, WAL and backups only ever
 * see ciphertext.
 *
 * MVCC keeps a deleted row's bytes in a dead tuple, and a plain VACUUM frees the space without overwriting it.
 * So erasure deletes the wrapped key, the sealed record and the digest, then rewrites both tables
 * (`VACUUM FULL`, a few milliseconds for tables of this size, under a short exclusive lock): the old relation
 * files, with the wrapped key in them, are unlinked. WAL segments and base backups written earlier still hold
 * the wrapped key until they expire; a master-key rotation (`rewrapKeys`, then destroying the old master key)
 * makes those copies useless. See docs/privacy.md.
 *
 * @since 0.1.0
 */
import type { StoreError } from '@ikm-ledger/core'
import type { VaultAccess, VaultInventoryRow, VaultLookup, VaultStorage } from '@ikm-ledger/core/domain'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import pg from 'pg'
// Named types, not the default import's members, in every type: declarations must compile without esModuleInterop.
import type { Pool, PoolClient } from 'pg'
import { isUniqueViolation, pgErrorToStoreError } from './internal/PgErrors'
import { DEFAULT_SCHEMA, quoteIdent } from './internal/Schema'

/**
 * Options of {@link openPostgresVaultStorage}.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresVaultStorageOptions {
  /** A pool to use (the event store's, say); the storage never ends a pool it was given. */
  readonly pool?: Pool
  /** Used to create a pool of two connections when none is given. */
  readonly connectionString?: string
  /** The schema holding the vault tables; defaults to the event store's `ikm_ledger`. */
  readonly schema?: string
}

/** How long an erasure waits for older snapshots in the database before it rewrites the vault tables anyway. */
const VACUUM_WAIT_MS = 10_000

interface RecordRow {
  readonly person_id: string
  readonly nik_digest: string | null
  readonly sealed: Buffer | null
  readonly categories: ReadonlyArray<string>
  readonly stored_at: string
  readonly erased_at: string | null
}

/**
 * Creates the vault tables when missing and returns the storage.
 *
 * @category constructors
 * @since 0.1.0
 */
export const openPostgresVaultStorage = (
  options: PostgresVaultStorageOptions,
): TE.TaskEither<StoreError, VaultStorage & { readonly close: () => Promise<void> }> => {
  const owned = options.pool === undefined
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 2 })
  if (owned) pool.on('error', () => undefined)
  const q = quoteIdent(options.schema ?? DEFAULT_SCHEMA)
  const t = { records: `${q}.pii_records`, keys: `${q}.pii_keys`, access: `${q}.pii_access` }
  const sql = <A>(operation: string, f: () => Promise<A>): TE.TaskEither<StoreError, A> =>
    TE.tryCatch(f, (cause) => pgErrorToStoreError(operation, cause))
  const transaction = <A>(operation: string, f: (client: PoolClient) => Promise<A>) =>
    sql(operation, async () => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await f(client)
        await client.query('COMMIT')
        return result
      } catch (cause) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw cause
      } finally {
        client.release()
      }
    })
  const inventoryRow = (r: RecordRow): VaultInventoryRow => ({
    personId: r.person_id,
    categories: r.categories,
    storedAt: r.stored_at,
    erasedAt: r.erased_at,
  })
  const storage: VaultStorage = {
    insert: (entry, key) =>
      transaction('store a PII vault entry', async (c) => {
        const holder = await c.query<{ person_id: string }>(
          `SELECT person_id FROM ${t.records} WHERE nik_digest = $1`,
          [entry.nikDigest],
        )
        if (holder.rows[0] !== undefined) return { _tag: 'DigestTaken' as const, personId: holder.rows[0].person_id }
        try {
          await c.query('SAVEPOINT insert_entry')
          await c.query(
            `INSERT INTO ${t.records} (person_id, nik_digest, sealed, categories, stored_at) VALUES ($1, $2, $3, $4, $5)`,
            [
              entry.personId,
              entry.nikDigest,
              Buffer.from(entry.sealed),
              JSON.stringify(entry.categories),
              entry.storedAt,
            ],
          )
        } catch (cause) {
          if (!isUniqueViolation(cause)) throw cause
          // A concurrent registration of the same NIK (or a reused person id) won; report who holds it.
          await c.query('ROLLBACK TO SAVEPOINT insert_entry')
          const winner = await c.query<{ person_id: string }>(
            `SELECT person_id FROM ${t.records} WHERE nik_digest = $1 OR person_id = $2 LIMIT 1`,
            [entry.nikDigest, entry.personId],
          )
          return { _tag: 'DigestTaken' as const, personId: winner.rows[0]?.person_id ?? entry.personId }
        }
        await c.query(`INSERT INTO ${t.keys} (person_id, master_key_id, wrapped) VALUES ($1, $2, $3)`, [
          key.personId,
          key.masterKeyId,
          Buffer.from(key.wrapped),
        ])
        return { _tag: 'Inserted' as const }
      }),
    findByDigest: (digest) =>
      sql('look up a NIK digest', async () => {
        const r = await pool.query<{ person_id: string }>(`SELECT person_id FROM ${t.records} WHERE nik_digest = $1`, [
          digest,
        ])
        return r.rows[0]?.person_id
      }),
    lookup: (personId) =>
      sql('read a PII vault entry', async (): Promise<VaultLookup> => {
        const r = await pool.query<RecordRow & { master_key_id: string | null; wrapped: Buffer | null }>(
          `SELECT r.*, k.master_key_id, k.wrapped FROM ${t.records} r LEFT JOIN ${t.keys} k USING (person_id)
           WHERE r.person_id = $1`,
          [personId],
        )
        const row = r.rows[0]
        if (row === undefined) return { _tag: 'Absent' }
        if (row.erased_at !== null) return { _tag: 'Erased', erasedAt: row.erased_at }
        if (row.sealed === null || row.nik_digest === null || row.wrapped === null || row.master_key_id === null) {
          return { _tag: 'Absent' }
        }
        return {
          _tag: 'Held',
          entry: {
            personId,
            nikDigest: row.nik_digest,
            sealed: new Uint8Array(row.sealed),
            categories: row.categories,
            storedAt: row.stored_at,
          },
          key: { personId, masterKeyId: row.master_key_id, wrapped: new Uint8Array(row.wrapped) },
        }
      }),
    shred: (personId, erasedAt) =>
      pipe(
        transaction('shred a PII vault entry', async (c) => {
          const keys = await c.query(`DELETE FROM ${t.keys} WHERE person_id = $1`, [personId])
          const marked = await c.query(
            `UPDATE ${t.records} SET sealed = NULL, nik_digest = NULL, erased_at = $2
             WHERE person_id = $1 AND erased_at IS NULL`,
            [personId, erasedAt],
          )
          const xid = await c.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid')
          return { shredded: (keys.rowCount ?? 0) + (marked.rowCount ?? 0) > 0, xid: xid.rows[0]?.xid ?? '0' }
        }),
        TE.tap(({ xid }) =>
          sql('rewrite the PII vault tables after a shred', async () => {
            // VACUUM FULL copies a deleted row that an older snapshot in this database may still see (an
            // autoanalyze, a long report), so wait a little for those snapshots to end before rewriting.
            for (let waited = 0; waited < VACUUM_WAIT_MS; waited += 50) {
              const older = await pool.query(
                `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND backend_xmin IS NOT NULL AND age(backend_xmin) >= age($1::xid) LIMIT 1`,
                [xid],
              )
              if (older.rowCount === 0) break
              await new Promise((resolve) => setTimeout(resolve, 50))
            }
            await pool.query(`VACUUM (FULL) ${t.keys}, ${t.records}`)
          }),
        ),
        TE.map(({ shredded }) => shredded),
      ),
    inventory: (personIds) =>
      sql('list the PII vault', async () => {
        const r =
          personIds === undefined
            ? await pool.query<RecordRow>(`SELECT * FROM ${t.records} ORDER BY person_id`)
            : await pool.query<RecordRow>(
                `SELECT * FROM ${t.records} WHERE person_id = ANY($1::text[]) ORDER BY person_id`,
                [[...personIds]],
              )
        return r.rows.map(inventoryRow)
      }),
    keys: () =>
      sql('list the wrapped data keys', async () => {
        const r = await pool.query<{ person_id: string; master_key_id: string; wrapped: Buffer }>(
          `SELECT * FROM ${t.keys} ORDER BY person_id`,
        )
        return r.rows.map((k) => ({
          personId: k.person_id,
          masterKeyId: k.master_key_id,
          wrapped: new Uint8Array(k.wrapped),
        }))
      }),
    replaceKey: (key) =>
      sql('replace a wrapped data key', async () => {
        await pool.query(`UPDATE ${t.keys} SET master_key_id = $2, wrapped = $3 WHERE person_id = $1`, [
          key.personId,
          key.masterKeyId,
          Buffer.from(key.wrapped),
        ])
      }),
    logAccess: (a) =>
      sql('log an access to personal data', async () => {
        await pool.query(
          `INSERT INTO ${t.access} (person_id, actor_id, actor_role, purpose, action, at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [a.personId, a.actorId, a.actorRole, a.purpose, a.action, a.at],
        )
      }),
    accessLog: (personId) =>
      sql('read the access log', async () => {
        const r = await pool.query<{
          person_id: string
          actor_id: string
          actor_role: string
          purpose: string
          action: string
          at: string
        }>(`SELECT * FROM ${t.access} WHERE person_id = $1 ORDER BY seq`, [personId])
        return r.rows.map((row): VaultAccess => ({
          personId: row.person_id,
          actorId: row.actor_id,
          actorRole: row.actor_role,
          purpose: row.purpose,
          action: row.action as VaultAccess['action'],
          at: row.at,
        }))
      }),
  }
  return pipe(
    sql('create the PII vault tables', () =>
      pool.query(`
        CREATE SCHEMA IF NOT EXISTS ${q};
        CREATE TABLE IF NOT EXISTS ${t.records} (
          person_id  text PRIMARY KEY,
          nik_digest text UNIQUE,
          sealed     bytea,
          categories jsonb NOT NULL,
          stored_at  text NOT NULL,
          erased_at  text
        );
        CREATE TABLE IF NOT EXISTS ${t.keys} (
          person_id     text PRIMARY KEY,
          master_key_id text NOT NULL,
          wrapped       bytea NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${t.access} (
          seq        bigserial PRIMARY KEY,
          person_id  text NOT NULL,
          actor_id   text NOT NULL,
          actor_role text NOT NULL,
          purpose    text NOT NULL,
          action     text NOT NULL,
          at         text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS pii_access_person ON ${t.access} (person_id, seq);`),
    ),
    TE.map(() => ({ ...storage, close: async () => (owned ? pool.end() : undefined) })),
    TE.orElseFirstW(() => TE.fromTask(async () => (owned ? pool.end() : undefined))),
  )
}
