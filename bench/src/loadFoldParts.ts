/**
 * Where the time of a verified load-fold goes, ours beside the floor: one stream of 1,000 bench events, read and
 * folded, taken apart into the SQL alone, the read without and with hash verification, and the fold.
 *
 *   pnpm --filter @ikm-ledger/bench exec tsx src/loadFoldParts.ts sqlite|postgres [rounds]
 *
 * Ours and the floor are seeded through their bench subjects (the same events as the full run's load-fold), then
 * each part runs once per round, in rotated order:
 *
 * - the floor's SQL alone: its one `SELECT` of the stream, by the raw driver;
 * - the floor's load-fold, as the full run measures it (SQL, `JSON.parse`, one SHA-256 per event, decode, fold);
 * - ours' SQL alone: the statements the store sends for this read (SQLite: pages of 64 rows, 64-bit integers as
 *   BigInt; PostgreSQL: the first page with the stream's head, then the rest), by the raw driver, rows as arrays;
 * - ours' `readStream` without hash verification, then with it (the store through its API, built packages);
 * - ours' load-fold, as the full run measures it (`readStream`, the registry's decode, the fold).
 *
 * Differences between neighbours give the parts: what the read does with rows beyond SQL, what hashing adds, what
 * decoding and folding add. Medians over rounds with the spread; the first two rounds are warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { storeErrorMessage, type EventStore } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { openPostgresEventStore } from '@ikm-ledger/store-postgres'
import { generateEvent } from './Payloads'
import { benchSchema, dropSchema, PG_URL } from './Pg'
import { median, medianWithSpread } from './Report'
import type { Dataset, Subject } from './Subject'
import { openFloorPostgres } from './subjects/FloorPostgres'
import { openFloorSqlite, sqliteFile } from './subjects/FloorSqlite'
import { openOursPostgres } from './subjects/OursPostgres'
import { openOursSqlite } from './subjects/OursSqlite'

const backend = process.argv[2]
if (backend !== 'sqlite' && backend !== 'postgres') {
  console.error('usage: tsx src/loadFoldParts.ts sqlite|postgres [rounds]')
  process.exit(2)
}
const rounds = Number(process.argv[3] ?? 40)
const WARM_UP = 2
const EVENTS = 1000
const STREAM = 'program-parts-0001'
const CATEGORY = 'program'
const MAX = '9223372036854775807'

const dir = mkdtempSync(join(tmpdir(), 'ikm-fold-parts-'))
const dataset: Dataset = { name: 'parts', dir, fresh: true }
const events = Array.from({ length: EVENTS }, (_, i) => generateEvent(7, i))

/** One part: a name and one run of it. */
interface Part {
  readonly name: string
  readonly run: () => Promise<unknown>
}

const counted = async (store: EventStore, verifyHashes: boolean): Promise<number> => {
  let n = 0
  for await (const batch of store.readStream(STREAM, { verifyHashes })) {
    if (E.isLeft(batch)) throw new Error(storeErrorMessage(batch.left))
    n += batch.right.length
  }
  if (n !== EVENTS) throw new Error(`read ${n} events, expected ${EVENTS}`)
  return n
}

const foldOf = (subject: Subject): Part => ({
  name: `${subject.system}: load-fold, verified (as the full run)`,
  run: () => subject.loadFold(STREAM, true),
})

// The store's statements for this read, as of store-sqlite's Statements.ts and store-postgres's readStream.
const STREAM_COLUMNS_SQLITE =
  'position, NULL, revision, event_id, type, schema_version, data, metadata, hash, prev_hash, ' +
  'nullif(category, @category), occurred_on, recorded_at'

const sqliteParts = async (): Promise<Sides> => {
  const ours = await openOursSqlite(dataset)
  const floor = await openFloorSqlite(dataset)
  await ours.appendNew(STREAM, events)
  await floor.appendNew(STREAM, events)
  const oursDb = new Database(sqliteFile(dir, 'ours', dataset.name), { readonly: true })
  const floorDb = new Database(sqliteFile(dir, 'floor', dataset.name), { readonly: true })
  const floorSql = floorDb.prepare(
    'SELECT type, data, metadata, hash, prev_hash FROM events WHERE stream_id = ? ORDER BY revision',
  )
  const oursSql = oursDb
    .prepare(
      `SELECT ${STREAM_COLUMNS_SQLITE} FROM events WHERE stream_id = @streamId AND revision >= @low AND ` +
        'revision <= @high AND position <= @untilPosition ORDER BY revision ASC LIMIT @limit',
    )
    .safeIntegers(true)
    .raw(true)
  const head = oursDb.prepare('SELECT revision, last_hash FROM streams WHERE stream_id = ?').safeIntegers(true)
  const created = createSqliteEventStore({ database: new Database(sqliteFile(dir, 'ours', dataset.name)) })
  if (E.isLeft(created)) throw new Error(storeErrorMessage(created.left))
  const store = created.right
  return {
    ours,
    floor,
    store,
    floorSql: async () => floorSql.all(STREAM).length,
    oursSql: {
      name: 'ours: SQL alone (head, pages of 64)',
      run: async () => {
        head.get(STREAM)
        let n = 0
        for (let low = 0n; ; low += 64n) {
          const rows = oursSql.all({
            streamId: STREAM,
            category: CATEGORY,
            low,
            high: BigInt(MAX),
            untilPosition: BigInt(MAX),
            limit: 64,
          })
          n += rows.length
          if (rows.length < 64) return n
        }
      },
    },
    close: async () => {
      oursDb.close()
      floorDb.close()
    },
  }
}

const postgresParts = async (): Promise<Sides> => {
  const ours = await openOursPostgres(dataset)
  const floor = await openFloorPostgres(dataset)
  await ours.appendNew(STREAM, events)
  await floor.appendNew(STREAM, events)
  const q = `"${benchSchema('ours', dataset.name)}"`
  const fq = `"${benchSchema('floor', dataset.name)}"`
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
  const text = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig
  const columns = `e.event_id, NULL, e.revision::text, e.position::text, e.type, e.schema_version::text,
    e.data, e.metadata, e.hash, e.prev_hash, nullif(e.category, $4), e.occurred_on, e.recorded_at`
  const nulls = Array.from({ length: 13 }, () => 'NULL').join(', ')
  const firstPage = `SELECT '0', s.revision::text, s.last_hash, u.revision::text, u.prev_hash,
      CASE WHEN u.revision IS NOT NULL THEN NOT EXISTS (SELECT 1 FROM ${q}.events n
        WHERE n.stream_id = s.stream_id AND n.position IS NOT NULL AND n.revision > u.revision) END, ${nulls}
    FROM (SELECT 1) one
    LEFT JOIN ${q}.streams s ON s.stream_id = $1
    LEFT JOIN LATERAL (SELECT e.revision, e.prev_hash FROM ${q}.events e
      WHERE e.stream_id = s.stream_id AND e.position IS NULL ORDER BY e.revision LIMIT 1) u ON true
    UNION ALL
    SELECT * FROM (SELECT '1', NULL, NULL, NULL, NULL, NULL::boolean, ${columns} FROM ${q}.events e
      WHERE e.stream_id = $1 AND e.position IS NOT NULL AND e.revision >= $2 ORDER BY e.revision LIMIT $3) e`
  const nextPage = `SELECT ${columns} FROM ${q}.events e WHERE e.stream_id = $1 AND e.position IS NOT NULL
    AND e.revision >= $2 ORDER BY e.revision LIMIT $3`
  const created = await openPostgresEventStore({
    connectionString: PG_URL,
    schema: benchSchema('ours', dataset.name),
  })()
  if (E.isLeft(created)) throw new Error(storeErrorMessage(created.left))
  const store = created.right
  const arrays = async (name: string, sql: string, values: ReadonlyArray<unknown>) =>
    (await pool.query({ name, text: sql, values: [...values], rowMode: 'array', types: text })).rows.length
  return {
    ours,
    floor,
    store,
    floorSql: () =>
      arrays(
        'floor',
        `SELECT type, data, metadata, hash, prev_hash FROM ${fq}.events WHERE stream_id = $1 ORDER BY revision`,
        [STREAM],
      ),
    oursSql: {
      name: 'ours: SQL alone (head and 500, then 501)',
      run: async () =>
        (await arrays('first', firstPage, [STREAM, '0', 500, CATEGORY])) +
        (await arrays('next', nextPage, [STREAM, '500', 501, CATEGORY])),
    },
    close: async () => {
      await pool.end()
      await dropSchema(benchSchema('ours', dataset.name))
      await dropSchema(benchSchema('floor', dataset.name))
    },
  }
}

/** What a backend hands the common part: both subjects, ours' store, the two SQL-alone parts. */
interface Sides {
  readonly ours: Subject
  readonly floor: Subject
  readonly store: EventStore
  readonly floorSql: () => Promise<unknown>
  readonly oursSql: Part
  /** Closes what the backend opened beside the subjects and the store (after them). */
  readonly close: () => Promise<void>
}

const opened = backend === 'sqlite' ? await sqliteParts() : await postgresParts()
const parts: ReadonlyArray<Part> = [
  { name: 'floor: SQL alone', run: opened.floorSql },
  foldOf(opened.floor),
  opened.oursSql,
  { name: 'ours: readStream, no verification', run: () => counted(opened.store, false) },
  { name: 'ours: readStream, verified', run: () => counted(opened.store, true) },
  foldOf(opened.ours),
]
const close = async () => {
  await opened.store.close()
  await opened.ours.close()
  await opened.floor.close()
  await opened.close()
}
const times = parts.map(() => [] as Array<number>)
for (let round = 0; round < rounds + WARM_UP; round++) {
  for (let k = 0; k < parts.length; k++) {
    const i = (round + k) % parts.length
    const started = performance.now()
    await parts[i]!.run()
    if (round >= WARM_UP) times[i]!.push(performance.now() - started)
  }
}
await close()
rmSync(dir, { recursive: true, force: true })

const ms = (value: number) => value.toFixed(2)
console.log(`${backend}: ${EVENTS} events in one stream, ${rounds} rounds (ms per read, median (min–max))\n`)
console.log('| part | ms | µs per event |\n|---|---:|---:|')
parts.forEach((part, i) => {
  const m = median(times[i]!)
  console.log(`| ${part.name} | ${medianWithSpread(times[i]!, 2)} | ${((m * 1000) / EVENTS).toFixed(2)} |`)
})
const m = times.map(median)
const [floorSql, floorFold, oursSql, oursRaw, oursVerified, oursFold] = m as [
  number,
  number,
  number,
  number,
  number,
  number,
]
console.log(`
| derived | ms |
|---|---:|
| floor: everything after SQL (parse, hash, decode, fold) | ${ms(floorFold - floorSql)} |
| ours: SQL beyond the floor's | ${ms(oursSql - floorSql)} |
| ours: the read's work on rows beyond SQL, without hashing | ${ms(oursRaw - oursSql)} |
| ours: hashing | ${ms(oursVerified - oursRaw)} |
| ours: decode and fold | ${ms(oursFold - oursVerified)} |
| ours ÷ floor, load-fold (events/s) | ${(floorFold / oursFold).toFixed(2)}× |`)
