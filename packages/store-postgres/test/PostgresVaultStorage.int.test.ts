import {
  checkLogAfterShredding,
  foundIn,
  piiVaultContract,
  runShreddingScenario,
  requirePostgres,
} from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresEventStore, openPostgresVaultStorage } from '../src'
import { adminPool, freshSchema, PG_URL } from './support/Postgres'

const reachable = await requirePostgres('PostgresVaultStorage suite')

/**
 * The bytes PostgreSQL keeps for a schema on disk: after a CHECKPOINT (so no page lives only in shared
 * buffers), every file of every relation in it (tables, indexes, TOAST tables and their indexes), read with
 * pg_read_binary_file. Dead tuples are in these files until the pages are rewritten.
 */
const relationBytes = async (admin: pg.Pool, schema: string): Promise<ReadonlyArray<Uint8Array>> => {
  await admin.query('CHECKPOINT')
  const relations = await admin.query<{ path: string | null }>(
    `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1
     UNION ALL
     SELECT pg_relation_filepath(t.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = c.reltoastrelid WHERE n.nspname = $1
     UNION ALL
     SELECT pg_relation_filepath(i.indexrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_index i ON i.indrelid = c.reltoastrelid WHERE n.nspname = $1`,
    [schema],
  )
  const chunks: Array<Uint8Array> = []
  for (const { path } of relations.rows) {
    if (path === null) continue
    const file = await admin.query<{ bytes: Buffer }>(`SELECT pg_read_binary_file($1::text) AS bytes`, [path])
    const bytes = file.rows[0]?.bytes
    if (bytes !== undefined && bytes !== null) chunks.push(bytes)
  }
  return chunks
}

/** The WAL segments written from `since` (an LSN) to now. */
const walBytesSince = async (admin: pg.Pool, since: string): Promise<ReadonlyArray<Uint8Array>> => {
  const names = await admin.query<{ name: string }>(
    `SELECT name FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'
       AND name >= pg_walfile_name($1::pg_lsn) AND name <= pg_walfile_name(pg_current_wal_lsn()) ORDER BY name`,
    [since],
  )
  const chunks: Array<Uint8Array> = []
  for (const { name } of names.rows) {
    const file = await admin.query<{ bytes: Buffer }>(`SELECT pg_read_binary_file('pg_wal/' || $1) AS bytes`, [name])
    if (file.rows[0] !== undefined) chunks.push(file.rows[0].bytes)
  }
  return chunks
}

// A database of its own: VACUUM keeps a dead tuple while any snapshot in the same database may still see it, and
// on a shared server another suite's held-open transaction would keep the erased key's tuple alive in `test`.
const database = `ikm_pii_${randomBytes(4).toString('hex')}`

describe.runIf(reachable)('PostgresVaultStorage', () => {
  const server = adminPool(1)
  let admin: pg.Pool
  beforeAll(async () => {
    await server.query(`CREATE DATABASE ${database}`)
    const url = new URL(PG_URL)
    url.pathname = `/${database}`
    admin = new pg.Pool({ connectionString: url.toString(), max: 4 })
    admin.on('error', () => undefined)
  })
  afterAll(async () => {
    await admin.end()
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await server.end()
  })

  piiVaultContract({
    name: 'PostgreSQL',
    harness: async () => {
      const schema = freshSchema('vault')
      const opened = await openPostgresVaultStorage({ pool: admin, schema })()
      if (E.isLeft(opened)) throw new Error(opened.left._tag)
      return { storage: opened.right, rawBytes: () => relationBytes(admin, schema), close: async () => undefined }
    },
  })

  it('after an erasure, no table file holds the person’s fields or wrapped key, the WAL never saw a plaintext field, the chains verify and a consistency proof from before the erasure holds', async () => {
    const schema = freshSchema('shred')
    const lsn = await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
    const opened = await openPostgresEventStore({ pool: admin, schema })()
    if (E.isLeft(opened)) throw new Error(opened.left._tag)
    const store = opened.right
    const storage = await openPostgresVaultStorage({ pool: admin, schema })()
    if (E.isLeft(storage)) throw new Error(storage.left._tag)
    const outcome = await runShreddingScenario(store, storage.right)
    const files = await relationBytes(admin, schema)
    expect(files.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(8192)
    expect(foundIn(files, [...outcome.erasedFields, ...outcome.erasedKeys])).toEqual([])
    expect(foundIn(files, outcome.heldSecrets)).toEqual([])
    const wal = await walBytesSince(admin, lsn.rows[0]?.lsn ?? '0/0')
    expect(wal.length).toBeGreaterThan(0)
    // The WAL keeps the inserts (ciphertext, wrapped key, digest) until it is recycled; never a plaintext field.
    expect(foundIn(wal, [...outcome.erasedFields, ...outcome.heldSecrets])).toEqual([])
    // A consistency proof from the Merkle tree before the erasure to the tree after it verifies: the log only grew.
    expect(await checkLogAfterShredding(store, outcome)).toEqual({
      breaks: 0,
      eventsChecked: outcome.eventsBefore + 1,
      consistent: true,
      headsUnchanged: true,
    })
    await store.close()()
  })
})
