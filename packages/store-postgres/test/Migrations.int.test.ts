import { requirePostgres } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { afterAll, describe, expect, it } from 'vitest'
import { type RecordedEvent } from '@ikm-ledger/core'
import { openPostgresEventStore } from '../src'
import { MIGRATIONS, migrationsTableSql, schemaNames } from '../src/internal/Schema'
import {
  adminPool,
  appendArgs,
  appendByHand,
  collect,
  dropSchema,
  freshSchema,
  newEvent,
  openStore,
  PG_URL,
  rightOf,
  sealedByHand,
} from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore migration tests')

describe.runIf(reachable)('PostgresEventStore migrations', () => {
  const admin = adminPool()
  const schemas: Array<string> = []
  const fresh = (label: string) => {
    const schema = freshSchema(label)
    schemas.push(schema)
    return schema
  }

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema)
    await admin.end()
  })

  it('lets several stores open the same fresh schema at once, migrating it exactly once', async () => {
    const schema = fresh('race')
    const opened = await Promise.all(
      Array.from({ length: 6 }, () => openPostgresEventStore({ connectionString: PG_URL, schema })()),
    )
    expect(opened.every(E.isRight)).toBe(true)
    const { rows } = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5])
    for (const store of opened) if (E.isRight(store)) await store.right.close()()
  })

  it('upgrades a version 1 schema in place: stored positions stay, new ones follow the highest, chains verify', async () => {
    const schema = fresh('v1')
    const names = schemaNames(schema)
    await admin.query(`CREATE SCHEMA ${names.q}`)
    await admin.query(migrationsTableSql(names))
    await admin.query(MIGRATIONS[0]!.sql(names))
    await admin.query(`INSERT INTO ${names.q}.schema_migrations (version, name) VALUES (1, 'v1')`)
    // Written by version 1's append(): positions 1 and 2, a rolled-back draw (a hole at 3), then 4.
    const byV1 = async (streamId: string, rollback = false) => {
      const events = sealedByHand(streamId, [newEvent('OldEvent')])
      const client = await admin.connect()
      try {
        await client.query('BEGIN')
        await client.query(
          `SELECT * FROM ${names.q}.append($1, $2, -1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          appendArgs(streamId, events),
        )
        await client.query(rollback ? 'ROLLBACK' : 'COMMIT')
      } finally {
        client.release()
      }
    }
    await byV1('program-old-a')
    await byV1('program-old-b')
    await byV1('program-old-c', true)
    await byV1('program-old-d')
    const store = await openStore(schema)
    try {
      const { rows } = await admin.query(`SELECT version FROM ${names.q}.schema_migrations ORDER BY version`)
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5])
      const added = rightOf(await store.append('program-new', [newEvent()])())
      expect(added.firstPosition).toBe(5n)
      const all: ReadonlyArray<RecordedEvent> = (await collect(store.readAll({ verifyHashes: true }))).flatMap(
        (b) => b.events,
      )
      expect(all.map((e) => [e.streamId, e.position])).toEqual([
        ['program-old-a', 1n],
        ['program-old-b', 2n],
        ['program-old-d', 4n],
        ['program-new', 5n],
      ])
      expect(rightOf(await store.append('program-old-a', [newEvent()], { expectedRevision: 0n })()).firstPosition).toBe(
        6n,
      )
    } finally {
      await store.close()()
    }
  })

  it('upgrades a version 3 schema holding batches committed but never numbered: read in commit order, then new appends', async () => {
    const schema = fresh('v3')
    const names = schemaNames(schema)
    await admin.query(`CREATE SCHEMA ${names.q}`)
    await admin.query(migrationsTableSql(names))
    for (const migration of MIGRATIONS.slice(0, 3)) {
      await admin.query(migration.sql(names))
      await admin.query(`INSERT INTO ${names.q}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ])
    }
    // Version 3's append() with p_number false commits a batch unnumbered, as a writer that found the ordering lock
    // taken did; these writers stopped before calling sequence(ids), so nobody numbered them.
    const client = await admin.connect()
    try {
      await appendByHand(client, schema, 'program-old-a', 1, true)
      await appendByHand(client, schema, 'program-old-b', 2)
      await appendByHand(client, schema, 'program-old-c', 1)
    } finally {
      client.release()
    }
    const unnumbered = await admin.query(`SELECT count(*)::int AS n FROM ${names.q}.events WHERE position IS NULL`)
    expect(unnumbered.rows[0]!.n).toBe(3)
    const store = await openStore(schema)
    try {
      const { rows } = await admin.query(`SELECT version FROM ${names.q}.schema_migrations ORDER BY version`)
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5])
      // A verified read of a stranded stream numbers what is committed and reads it whole.
      const b = (await collect(store.readStream('program-old-b', { verifyHashes: true }))).flat()
      expect(b.map((e) => e.revision)).toEqual([0n, 1n])
      const added = rightOf(await store.append('program-new', [newEvent(), newEvent()])())
      const all: ReadonlyArray<RecordedEvent> = (await collect(store.readAll({ verifyHashes: true }))).flatMap(
        (batch) => batch.events,
      )
      // Dense positions: the numbered event, the stranded batches in (stream, revision) order, then the new batch.
      expect(all.map((e) => [e.streamId, e.revision, e.position])).toEqual([
        ['program-old-a', 0n, 1n],
        ['program-old-b', 0n, 2n],
        ['program-old-b', 1n, 3n],
        ['program-old-c', 0n, 4n],
        ['program-new', 0n, 5n],
        ['program-new', 1n, 6n],
      ])
      expect([added.firstPosition, added.lastPosition]).toEqual([5n, 6n])
      const left = await admin.query(`SELECT count(*)::int AS n FROM ${names.q}.events WHERE position IS NULL`)
      expect(left.rows[0]!.n).toBe(0)
    } finally {
      await store.close()()
    }
  })

  it('reopens a migrated schema and keeps its events', async () => {
    const schema = fresh('reopen')
    const first = await openStore(schema)
    rightOf(await first.append('program-kept', [newEvent()])())
    await first.close()()
    const second = await openStore(schema)
    expect(rightOf(await second.streamRevision('program-kept')())).toBe(0n)
    await second.close()()
  })

  it('refuses with SchemaMismatch a schema written by a newer version of the library', async () => {
    const schema = fresh('newer')
    const store = await openStore(schema)
    await store.close()()
    await admin.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (99, 'from the future')`)
    const reopened = await openPostgresEventStore({ connectionString: PG_URL, schema })()
    expect(E.isLeft(reopened) && reopened.left._tag).toBe('SchemaMismatch')
    expect(E.isLeft(reopened) && reopened.left._tag === 'SchemaMismatch' && reopened.left.reason).toMatch(/version 99/)
  })

  it('quotes any schema name, including quotes, spaces and capitals', async () => {
    const schema = fresh('We"ird; DROP TABLE x --')
    const store = await openStore(schema)
    rightOf(await store.append('program-quoted', [newEvent()])())
    expect(rightOf(await store.streamRevision('program-quoted')())).toBe(0n)
    await store.close()()
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [schema])
    expect(rows[0].n).toBe(1)
  })

  it('opens a current schema with a role that may only read and write rows, not create anything', async () => {
    const schema = fresh('grants')
    const owner = await openStore(schema)
    await owner.close()()
    const role = `store_pg_writer_${Math.random().toString(16).slice(2, 10)}`
    const q = `"${schema}"`
    await admin.query(`CREATE ROLE ${role} LOGIN`)
    try {
      await admin.query(`GRANT USAGE ON SCHEMA ${q} TO ${role}`)
      await admin.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${q} TO ${role}`)
      await admin.query(`GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA ${q} TO ${role}`)
      const url = new URL(PG_URL)
      url.username = role
      const limited = await openPostgresEventStore({ connectionString: url.toString(), schema })()
      const store = rightOf(limited)
      rightOf(await store.append('program-limited', [newEvent()])())
      expect(rightOf(await store.streamRevision('program-limited')())).toBe(0n)
      await store.close()()
      const elsewhere = await openPostgresEventStore({ connectionString: url.toString(), schema: fresh('denied') })()
      expect(E.isLeft(elsewhere) && elsewhere.left._tag).toBe('AccessDenied')
    } finally {
      await admin.query(`DROP OWNED BY ${role}`)
      await admin.query(`DROP ROLE ${role}`)
    }
  })

  it('refuses a schema name PostgreSQL could not keep', async () => {
    const tooLong = await openPostgresEventStore({ connectionString: PG_URL, schema: 'x'.repeat(64) })()
    expect(E.isLeft(tooLong) && tooLong.left._tag).toBe('StorageFailure')
    const reserved = await openPostgresEventStore({ connectionString: PG_URL, schema: 'pg_mine' })()
    expect(E.isLeft(reserved) && reserved.left._tag).toBe('StorageFailure')
  })

  it('reports an unreachable server as StoreUnavailable', async () => {
    const opened = await openPostgresEventStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/test?connect_timeout=2',
      schema: 'store_pg_unreachable',
    })()
    expect(E.isLeft(opened) && opened.left._tag).toBe('StoreUnavailable')
  })

  it('reports a schema dropped under a running store as SchemaMismatch', async () => {
    const schema = fresh('dropped')
    const store = await openStore(schema)
    await dropSchema(admin, schema)
    const result = await store.append('program-gone', [newEvent()])()
    expect(E.isLeft(result) && result.left._tag).toBe('SchemaMismatch')
    await store.close()()
  })
})
