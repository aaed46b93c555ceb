import {
  categoryOf,
  persistedProjection,
  projectionErrorMessage,
  storeErrorMessage,
  type EventStore,
} from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import {
  hostileOptions,
  projectionStoreContract,
  type CounterProjectionOptions,
  type ProjectionStoreHarness,
} from '@ikm-ledger/testkit'
import type Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteProjectionStore, type SqliteProjectionStore } from '../src'

const open = (path: string): SqliteProjectionStore => {
  const created = createSqliteProjectionStore({ path })
  if (E.isLeft(created)) throw new Error(projectionErrorMessage(created.left))
  return created.right
}

const sqliteCounter = (options: CounterProjectionOptions) =>
  persistedProjection<Database.Database>({
    name: options.name,
    version: options.version,
    handles: options.handles,
    tables: [options.table],
    setup: (db, table) => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table(options.table)} (category TEXT PRIMARY KEY, n INTEGER NOT NULL)`)
    },
    apply: (db, events, table) => {
      const upsert = db.prepare(
        `INSERT INTO ${table(options.table)} (category, n) VALUES (?, ?)
         ON CONFLICT (category) DO UPDATE SET n = n + excluded.n`,
      )
      for (const event of events) {
        const rejected = options.reject(event)
        if (rejected !== undefined) throw new Error(rejected)
        upsert.run(categoryOf(event.streamId), options.weight)
      }
      options.onApply(events)
    },
  })

/**
 * A harness on a fresh file. With `sharedEventStore`, the events come from a SqliteEventStore on the same
 * connection, so one file (and one backup) holds the log and the read models.
 */
const harness = (sharedEventStore: boolean) => async (): Promise<ProjectionStoreHarness<Database.Database>> => {
  const dir = mkdtempSync(join(tmpdir(), 'projection-sqlite-'))
  const path = join(dir, 'ledger.sqlite')
  const stores: Array<SqliteProjectionStore> = [open(path)]
  const first = stores[0] as SqliteProjectionStore
  let eventStore: EventStore | undefined
  if (sharedEventStore) {
    const created = createSqliteEventStore({ database: first.database })
    if (E.isLeft(created)) throw new Error(storeErrorMessage(created.left))
    eventStore = created.right
  }
  return {
    projectionStore: first,
    ...(eventStore === undefined ? {} : { eventStore }),
    readCounts: async (table, version) => {
      const physical = version === undefined ? table : `${table}__v${version}`
      const exists = first.database
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
        .get(physical)
      if (exists === undefined) return undefined
      const rows = first.database.prepare(`SELECT category, n FROM "${physical}"`).all() as Array<{
        category: string
        n: number
      }>
      return Object.fromEntries(rows.map((row) => [row.category, row.n]))
    },
    reopen: async () => {
      const store = open(path)
      stores.push(store)
      return store
    },
    teardown: async () => {
      if (eventStore !== undefined) await eventStore.close()()
      for (const store of stores) await store.close()()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

projectionStoreContract('SqliteProjectionStore', { counter: sqliteCounter, open: harness(false) })

projectionStoreContract('SqliteProjectionStore sharing the file of a SqliteEventStore', {
  counter: sqliteCounter,
  open: harness(true),
})

describe('SqliteProjectionStore', () => {
  it('rejects an apply that returns a promise, since SQLite would commit before it settles', async () => {
    const store = open(':memory:')
    const result = await store.transaction(async () => 1)()
    expect(E.isLeft(result) && result.left._tag === 'ProjectionStoreFailure' && result.left.reason).toContain(
      'must apply synchronously',
    )
    await store.close()()
  })

  it('answers options it cannot read, and a clock that is no clock, with a Left naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-projection-sqlite-'))
    try {
      for (const hostile of hostileOptions({ path: join(dir, 'read-models.sqlite') })) {
        const created = createSqliteProjectionStore(hostile.options as never)
        expect(E.isLeft(created) && projectionErrorMessage(created.left), hostile.what).toContain(hostile.says)
      }
      expect(createSqliteProjectionStore({ path: '' })).toMatchObject({
        left: { reason: expect.stringContaining('the path must be a non-empty string') },
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('shares a database the caller owns and leaves it open on close', async () => {
    const owner = open(':memory:')
    const shared = createSqliteProjectionStore({ database: owner.database })
    expect(E.isRight(shared)).toBe(true)
    if (E.isRight(shared)) await shared.right.close()()
    expect(owner.database.open).toBe(true)
    await owner.close()()
  })
})
