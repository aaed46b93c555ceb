/**
 * Shared set-up of the integration tests: finding the server, naming throw-away schemas, building events.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import * as E from 'fp-ts/Either'
import { expect } from 'vitest'
import { GENESIS_HASH, instantOf, nodeSha256, type Batches, type NewEvent, type StoreOptions } from '@ikm-ledger/core'
import { sealAppend, validateAppend } from '@ikm-ledger/core/adapter'
import { newEvent as testEvent, POSTGRES_TEST_URL } from '@ikm-ledger/testkit'
import { openPostgresEventStore, type PostgresEventStore } from '../../src'

/** The server the tests use: testkit's `POSTGRES_TEST_URL` (`IKM_LEDGER_PG_URL` overrides the local default). */
export const PG_URL = POSTGRES_TEST_URL

/** A fresh schema name for one suite or test: `store_pg_<label>_<random>`. */
export const freshSchema = (label: string): string => `store_pg_${label}_${randomBytes(4).toString('hex')}`

/** A pool for test-side SQL (inspecting, corrupting, dropping). */
export const adminPool = (max = 4): pg.Pool => {
  const pool = new pg.Pool({ connectionString: PG_URL, max })
  pool.on('error', () => undefined)
  return pool
}

/** Drops a schema and everything in it. */
export const dropSchema = async (pool: pg.Pool, schema: string): Promise<void> => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`)
}

/** Opens a store on the test server or fails the test with the store's error. */
export const openStore = async (
  schema: string,
  options: StoreOptions & {
    readonly pool?: pg.Pool
    readonly headCacheSize?: number
    readonly maxConnections?: number
    readonly groupEvents?: number
  } = {},
): Promise<PostgresEventStore> => {
  const opened = await openPostgresEventStore({ connectionString: PG_URL, schema, ...options })()
  if (E.isLeft(opened)) throw new Error(`could not open the store: ${JSON.stringify(opened.left)}`)
  return opened.right
}

/** testkit's test event with the given type, data and civil date. */
export const newEvent = (type = 'Happened', data: NewEvent['data'] = { n: 1 }, occurredOn = '2026-01-15'): NewEvent =>
  testEvent({ type, data, metadata: { occurredOn } })

/** Collects a streaming read, failing on the first `Left`. */
export const collect = async <B>(batches: Batches<B>): Promise<ReadonlyArray<B>> => {
  const out: Array<B> = []
  for await (const batch of batches) {
    if (E.isLeft(batch))
      throw new Error(`read failed: ${JSON.stringify(batch.left, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`)
    out.push(batch.right)
  }
  return out
}

/** Collects a streaming read including its final `Left`, if any. */
export const collectEither = async <B>(batches: Batches<B>): Promise<ReadonlyArray<E.Either<unknown, B>>> => {
  const out: Array<E.Either<unknown, B>> = []
  for await (const batch of batches) out.push(batch)
  return out
}

/** Unwraps a `Right` or fails the test with the `Left`. */
export const rightOf = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) {
    throw new Error(
      `expected Right, got ${JSON.stringify(either.left, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    )
  }
  return either.right
}

/** Unwraps a `Left` or fails the test. */
export const leftOf = <L>(either: E.Either<L, unknown>): L => {
  if (E.isRight(either)) throw new Error('expected Left, got Right')
  return either.left
}

/** A schema name as an SQL identifier. */
/** Waits until `condition` holds, checking every 10 ms; fails naming the wait after `ms`. */
export const waitFor = async (condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const quoteSchema = (schema: string) => `"${schema.replace(/"/g, '""')}"`

/** A new stream's batch validated and sealed as the store would (`newEvent('ByHand')` events for a count). */
export const sealedByHand = (streamId: string, batch: number | ReadonlyArray<NewEvent>) => {
  const valid = validateAppend(
    streamId,
    typeof batch === 'number' ? Array.from({ length: batch }, () => newEvent('ByHand')) : batch,
    'no_stream',
  )
  if (E.isLeft(valid)) throw new Error('invalid batch')
  const sealed = sealAppend(
    valid.right,
    { revision: 'no_stream', lastHash: GENESIS_HASH },
    instantOf(new Date()),
    nodeSha256,
  )
  if (E.isLeft(sealed)) throw new Error('cannot seal')
  return sealed.right
}

/**
 * The first twelve arguments of every schema version's `append(…)` for a new stream's sealed batch: stream,
 * category, the genesis hash as the head, then one array per column.
 */
export const appendArgs = (streamId: string, events: ReturnType<typeof sealedByHand>) => [
  streamId,
  events[0]!.category,
  GENESIS_HASH,
  events.map((e) => e.eventId),
  events.map((e) => e.type),
  events.map((e) => e.schemaVersion),
  events.map((e) => e.dataJson),
  events.map((e) => e.metadataJson),
  events.map((e) => e.metadata.occurredOn),
  events.map((e) => e.metadata.recordedAt),
  events.map((e) => e.hash),
  events.map((e) => e.prevHash),
]

/**
 * Calls the store's append function by hand on `client`, inside whatever transaction the client is in, as a
 * foreign transaction would: unnumbered unless `number` (which only an autocommit call may ask for).
 */
export const appendByHand = async (
  client: pg.PoolClient,
  schema: string,
  streamId: string,
  batch: number | ReadonlyArray<NewEvent>,
  number = false,
) => {
  const events = sealedByHand(streamId, batch)
  const { rows } = await client.query(
    `SELECT status, first_position::text AS first FROM ${quoteSchema(schema)}.append($1, $2, -1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [...appendArgs(streamId, events), number],
  )
  expect(rows[0].status).toBe(number ? 'ok' : 'pending')
  return events.map((e) => e.eventId)
}
