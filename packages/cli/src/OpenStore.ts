/**
 * Opens the store a URL names: the one opener behind `--store` and the examples.
 *
 * @since 0.1.0
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import {
  createInMemoryEventStore,
  storageFailure,
  type EventStore,
  type StoreError,
  type StoreOptions,
} from '@ikm-ledger/core'
import { openPostgresEventStore } from '@ikm-ledger/store-postgres'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

/**
 * How to open a store by URL. The store options (clock, hashing, upcasters, limits) reach the store as given.
 *
 * @category model
 * @since 0.2.0
 */
export interface OpenStoreOptions extends StoreOptions {
  /** A SQLite file that does not exist is created, with its folder; without it, a missing file is an error. */
  readonly create?: boolean
  /**
   * Opens a SQLite file read-only (an auditor's evidence copy may be write-protected); on PostgreSQL nothing is
   * created or migrated (`migrate: false`): a schema with no ledger in it is an error, never an empty ledger.
   */
  readonly readonly?: boolean
  /** Empties the store first: deletes the SQLite file, drops the PostgreSQL schema. Implies `create`. */
  readonly fresh?: boolean
  /** The PostgreSQL schema when the URL has no `?schema=`; the store's default otherwise. */
  readonly schema?: string
  /** Whether a file exists; `node:fs` `existsSync` unless a caller (a test) says otherwise. */
  readonly fileExists?: (path: string) => boolean
}

const storeOptionsOf = (options: OpenStoreOptions): StoreOptions => ({
  ...(options.clock === undefined ? {} : { clock: options.clock }),
  ...(options.sha256 === undefined ? {} : { sha256: options.sha256 }),
  ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters }),
  ...(options.limits === undefined ? {} : { limits: options.limits }),
})

const dropSchema = async (connectionString: string, schema: string): Promise<E.Either<StoreError, void>> => {
  const client = new pg.Client({ connectionString })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`)
    return E.right(undefined)
  } catch (cause) {
    return E.left(storageFailure(`empty the PostgreSQL schema ${schema}`, cause))
  } finally {
    await client.end().catch(() => undefined)
  }
}

const openPostgres = async (url: string, options: OpenStoreOptions): Promise<E.Either<StoreError, EventStore>> => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    return E.left(storageFailure('open the PostgreSQL store', cause))
  }
  const schema = parsed.searchParams.get('schema') ?? options.schema
  parsed.searchParams.delete('schema')
  const connectionString = parsed.toString()
  if (options.fresh === true) {
    const dropped = await dropSchema(connectionString, schema ?? 'public')
    if (E.isLeft(dropped)) return dropped
  }
  // A command that only reads never creates a schema: a mistyped name is an error, not an empty ledger.
  const create = options.create === true || options.fresh === true || options.readonly !== true
  return openPostgresEventStore({
    ...storeOptionsOf(options),
    connectionString,
    ...(schema === undefined ? {} : { schema }),
    ...(create ? {} : { migrate: false }),
  })()
}

const openSqlite = (path: string, options: OpenStoreOptions): E.Either<StoreError, EventStore> => {
  const store = storeOptionsOf(options)
  if (path === ':memory:') return createSqliteEventStore({ ...store, path })
  const create = options.create === true || options.fresh === true
  if (!create && !(options.fileExists ?? existsSync)(path)) {
    return E.left(storageFailure('open the SQLite store', new Error(`no SQLite file at ${path}`)))
  }
  if (create) {
    try {
      mkdirSync(dirname(path), { recursive: true })
      if (options.fresh === true) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
    } catch (cause) {
      return E.left(storageFailure(`prepare the SQLite file ${path}`, cause))
    }
  }
  return createSqliteEventStore(options.readonly === true ? { ...store, path, readonly: true } : { ...store, path })
}

/**
 * Opens the store a URL names:
 * - `postgres://…` or `postgresql://…`: PostgreSQL (schema from `?schema=`, else `options.schema`, else the
 *   store's default);
 * - `memory:`: a new, empty in-memory store;
 * - anything else: a SQLite file path (`sqlite:` prefix optional). A file that does not exist is an error, so a
 *   typo never creates an empty ledger, unless `create` (`ikm-ledger import --create`) or `fresh` is asked for.
 *
 * Never throws: a URL that does not parse, an unreachable server or a missing file is a `StoreError`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const openStoreFromUrl = async (
  url: string,
  options: OpenStoreOptions = {},
): Promise<E.Either<StoreError, EventStore>> => {
  if (url === 'memory:') return E.right(createInMemoryEventStore(storeOptionsOf(options)))
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options)
  return openSqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url, options)
}
