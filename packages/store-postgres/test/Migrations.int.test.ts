import * as E from 'fp-ts/Either'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresEventStore } from '../src'
import {
  adminPool,
  dropSchema,
  freshSchema,
  newEvent,
  openStore,
  PG_URL,
  postgresReachable,
  rightOf,
} from './support/Postgres'

const reachable = await postgresReachable('PostgresEventStore migration tests')

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
      Array.from({ length: 6 }, () => createPostgresEventStore({ connectionString: PG_URL, schema })()),
    )
    expect(opened.every(E.isRight)).toBe(true)
    const { rows } = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)
    expect(rows.map((r) => r.version)).toEqual([1])
    for (const store of opened) if (E.isRight(store)) await store.right.close()()
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
    const reopened = await createPostgresEventStore({ connectionString: PG_URL, schema })()
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
      const limited = await createPostgresEventStore({ connectionString: url.toString(), schema })()
      const store = rightOf(limited)
      rightOf(await store.append('program-limited', [newEvent()])())
      expect(rightOf(await store.streamRevision('program-limited')())).toBe(0n)
      await store.close()()
      const elsewhere = await createPostgresEventStore({ connectionString: url.toString(), schema: fresh('denied') })()
      expect(E.isLeft(elsewhere) && elsewhere.left._tag).toBe('AccessDenied')
    } finally {
      await admin.query(`DROP OWNED BY ${role}`)
      await admin.query(`DROP ROLE ${role}`)
    }
  })

  it('refuses a schema name PostgreSQL could not keep', async () => {
    const tooLong = await createPostgresEventStore({ connectionString: PG_URL, schema: 'x'.repeat(64) })()
    expect(E.isLeft(tooLong) && tooLong.left._tag).toBe('StorageFailure')
    const reserved = await createPostgresEventStore({ connectionString: PG_URL, schema: 'pg_mine' })()
    expect(E.isLeft(reserved) && reserved.left._tag).toBe('StorageFailure')
  })

  it('reports an unreachable server as StoreUnavailable', async () => {
    const opened = await createPostgresEventStore({
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
