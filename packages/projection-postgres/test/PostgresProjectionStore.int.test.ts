import {
  categoryOf,
  createInMemoryEventStore,
  type NewEvent,
  persistedProjection,
  projectionErrorMessage,
  startProjection,
  uuidV7,
} from '@ikm-ledger/core'
import {
  hostileOptions,
  projectionStoreContract,
  newEvent,
  POSTGRES_TEST_URL,
  requirePostgres,
  type CounterProjectionOptions,
  type ProjectionStoreHarness,
} from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgresProjectionStore, type PostgresProjectionStore } from '../src'
import { openPostgresEventStore, type PostgresEventStore } from '@ikm-ledger/store-postgres'

const reachable = await requirePostgres('PostgresProjectionStore integration tests')

const probe = (i: number): NewEvent => newEvent({ type: 'CounterProbed', data: { i } })

const newPool = () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 6 })
  pool.on('error', () => undefined)
  return pool
}

const freshSchema = () => `proj_pg_${randomBytes(5).toString('hex')}`

const open = async (pool: pg.Pool, schema: string): Promise<PostgresProjectionStore> => {
  const created = await openPostgresProjectionStore({ pool, schema })()
  if (E.isLeft(created)) throw new Error(projectionErrorMessage(created.left))
  return created.right
}

const postgresCounter = (options: CounterProjectionOptions) =>
  persistedProjection<pg.PoolClient>({
    name: options.name,
    version: options.version,
    handles: options.handles,
    tables: [options.table],
    setup: async (client, table) => {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table(options.table)} (category text PRIMARY KEY, n integer NOT NULL)`,
      )
    },
    apply: async (client, events, table) => {
      for (const event of events) {
        const rejected = options.reject(event)
        if (rejected !== undefined) throw new Error(rejected)
        await client.query(
          `INSERT INTO ${table(options.table)} AS c (category, n) VALUES ($1, $2)
           ON CONFLICT (category) DO UPDATE SET n = c.n + excluded.n`,
          [categoryOf(event.streamId), options.weight],
        )
      }
      options.onApply(events)
    },
  })

/** A harness on a fresh schema; with `withEventStore`, the events come from a PostgresEventStore too. */
const harness = (withEventStore: boolean) => async (): Promise<ProjectionStoreHarness<pg.PoolClient>> => {
  const schema = freshSchema()
  const pools = [newPool()]
  const admin = pools[0] as pg.Pool
  const store = await open(admin, schema)
  let eventStore: PostgresEventStore | undefined
  if (withEventStore) {
    const opened = await openPostgresEventStore({ connectionString: POSTGRES_TEST_URL, schema: `${schema}_events` })()
    if (E.isLeft(opened)) throw new Error(`could not open the event store: ${projectionErrorMessage(opened.left)}`)
    eventStore = opened.right
  }
  return {
    projectionStore: store,
    ...(eventStore === undefined ? {} : { eventStore }),
    readCounts: async (table, version) => {
      const physical = version === undefined ? table : `${table}__v${version}`
      const exists = await admin.query('SELECT to_regclass($1) AS t', [`"${schema}"."${physical}"`])
      if (exists.rows[0]?.t === null) return undefined
      const { rows } = await admin.query<{ category: string; n: number }>(
        `SELECT category, n FROM "${schema}"."${physical}"`,
      )
      return Object.fromEntries(rows.map((row) => [row.category, row.n]))
    },
    reopen: async () => {
      const pool = newPool()
      pools.push(pool)
      return open(pool, schema)
    },
    teardown: async () => {
      if (eventStore !== undefined) await eventStore.close()()
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}_events" CASCADE`)
      for (const pool of pools) await pool.end()
    },
  }
}

describe.runIf(reachable)('PostgresProjectionStore', () => {
  projectionStoreContract('PostgresProjectionStore', { counter: postgresCounter, open: harness(false) })

  projectionStoreContract('PostgresProjectionStore fed by a PostgresEventStore', {
    counter: postgresCounter,
    open: harness(true),
  })

  it('retries a swap that a long reader blocks, instead of stalling every reader behind it', async () => {
    const schema = freshSchema()
    const pool = newPool()
    const reader = await pool.connect()
    const events = createInMemoryEventStore()
    try {
      const created = await openPostgresProjectionStore({ pool, schema, swapLockTimeoutMs: 100 })()
      if (E.isLeft(created)) throw new Error(projectionErrorMessage(created.left))
      const store = created.right
      const streamId = `program-${uuidV7()}`
      const appended = await events.append(
        streamId,
        [1, 2, 3].map((i) => probe(i)),
      )()
      expect(E.isRight(appended)).toBe(true)
      const counter = (version: number, weight: number) =>
        postgresCounter({
          name: 'counter',
          version,
          weight,
          table: 'counts',
          handles: 'all',
          reject: () => undefined,
          onApply: () => undefined,
        })
      const options = { store: events, projectionStore: store, poisonPolicy: 'stop' as const }
      const v1 = startProjection({ ...options, projection: counter(1, 1) })
      expect(E.isRight(await v1.whenCaughtUp({ timeoutMs: 10_000 })())).toBe(true)
      await v1.stop()

      await reader.query('BEGIN')
      expect((await reader.query(`SELECT n FROM "${schema}"."counts"`)).rows).toEqual([{ n: 3 }])
      const retried: Array<string> = []
      const v2 = startProjection({
        ...options,
        projection: counter(2, 10),
        retry: { initialDelayMs: 20, maxDelayMs: 50 },
        onStatus: (status) => {
          if (status._tag === 'Retrying') retried.push(projectionErrorMessage(status.error))
        },
      })
      for (const deadline = Date.now() + 20_000; retried.length < 2;) {
        if (Date.now() > deadline)
          throw new Error(`the swap was retried ${retried.length} times in 20 s: ${retried.join('; ')}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(retried.some((message) => message.includes('lock timeout'))).toBe(true)
      await reader.query('COMMIT')
      expect(E.isRight(await v2.whenCaughtUp({ timeoutMs: 10_000 })())).toBe(true)
      expect((await pool.query(`SELECT n FROM "${schema}"."counts"`)).rows).toEqual([{ n: 30 }])
      await v2.stop()
    } finally {
      reader.release()
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await pool.end()
    }
  })

  it('refuses a schema name it would have to quote', async () => {
    const pool = newPool()
    const created = await openPostgresProjectionStore({ pool, schema: 'Read Models; DROP' })()
    expect(E.isLeft(created) && projectionErrorMessage(created.left)).toContain('not a usable schema name')
    await pool.end()
  })

  it('answers options it cannot read, and a clock that is no clock, with a Left naming the problem', async () => {
    const pool = newPool()
    try {
      for (const hostile of hostileOptions({ pool, schema: 'read_models_hostile' })) {
        const created = await openPostgresProjectionStore(hostile.options as never)()
        expect(E.isLeft(created) && projectionErrorMessage(created.left), hostile.what).toContain(hostile.says)
      }
      const noPool = await openPostgresProjectionStore({} as never)()
      expect(E.isLeft(noPool) && projectionErrorMessage(noPool.left)).toContain('pool must be a pg.Pool, got nothing')
    } finally {
      await pool.end()
    }
  })

  it('lets only one session hold a projection lock, across pools (processes)', async () => {
    const schema = freshSchema()
    const [first, second] = [newPool(), newPool()]
    try {
      const a = await open(first, schema)
      const b = await open(second, schema)
      const taken = await a.acquire('counter')()
      expect(E.isRight(taken) && taken.right._tag).toBe('Some')
      expect(await b.acquire('counter')()).toEqual(E.right({ _tag: 'None' }))
      const other = await b.acquire('other')()
      expect(E.isRight(other) && other.right._tag).toBe('Some')
      if (E.isRight(other) && other.right._tag === 'Some') await other.right.value()
      if (E.isRight(taken) && taken.right._tag === 'Some') await taken.right.value()
      const again = await b.acquire('counter')()
      expect(E.isRight(again) && again.right._tag).toBe('Some')
      if (E.isRight(again) && again.right._tag === 'Some') await again.right.value()
    } finally {
      await first.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await Promise.all([first.end(), second.end()])
    }
  })
})
