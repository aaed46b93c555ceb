/**
 * Opens the event store the examples run on, by URL:
 * - a file path (or `sqlite:<path>`): the embedded SQLite store — the default;
 * - `postgres://…` / `postgresql://…`: PostgreSQL (schema from `?schema=`, default `ikm_ledger_demo`);
 * - `memory:`: a fresh in-memory store.
 *
 * @since 0.1.0
 */
import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  createInMemoryEventStore,
  storageFailure,
  type EventStore,
  type StoreError,
  type StoreOptions,
} from '@ikm-ledger/core'
import { openPostgresEventStore } from '@ikm-ledger/store-postgres'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import * as TE from 'fp-ts/TaskEither'
import pg from 'pg'

/**
 * The store URL used when none is given: a SQLite file next to the examples.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_STORE_URL = '.ikm-ledger/demo.db'

/**
 * How to open: `fresh` empties the store first (the demo replays the seeds from scratch on every run).
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenStoreOptions extends StoreOptions {
  readonly fresh?: boolean
}

const DEMO_SCHEMA = 'ikm_ledger_demo'

const openPostgres = (url: string, options: OpenStoreOptions): TE.TaskEither<StoreError, EventStore> => {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema') ?? DEMO_SCHEMA
  parsed.searchParams.delete('schema')
  const connectionString = parsed.toString()
  const reset: TE.TaskEither<StoreError, void> =
    options.fresh === true
      ? TE.tryCatch(
          async () => {
            const client = new pg.Client({ connectionString })
            await client.connect()
            try {
              await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`)
            } finally {
              await client.end()
            }
          },
          (cause) => storageFailure(`reset the demo schema ${schema}`, cause),
        )
      : TE.right(undefined)
  return TE.flatMap(reset, () => openPostgresEventStore({ ...options, connectionString, schema }))
}

const openSqlite = (path: string, options: OpenStoreOptions): TE.TaskEither<StoreError, EventStore> =>
  TE.fromEither(
    (() => {
      if (path !== ':memory:') {
        mkdirSync(dirname(path), { recursive: true })
        if (options.fresh === true) {
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
        }
      }
      return createSqliteEventStore({ ...options, path })
    })(),
  )

/**
 * Opens a store by URL (see the module comment).
 *
 * @category constructors
 * @since 0.1.0
 */
export const openStore = (
  url: string = DEFAULT_STORE_URL,
  options: OpenStoreOptions = {},
): TE.TaskEither<StoreError, EventStore> => {
  if (url === 'memory:') return TE.right(createInMemoryEventStore(options))
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options)
  return openSqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url, options)
}
