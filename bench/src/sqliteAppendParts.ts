/**
 * Where the time of a single-event SQLite append goes: the store's own schema and statements, run by the raw
 * driver with parts left out one at a time, beside the floor's table and the store itself through its API.
 *
 *   pnpm --filter @ikm-ledger/bench exec tsx src/sqliteAppendParts.ts [appends per round] [rounds]
 *
 * Every variant appends one ~600-byte event per transaction (`BEGIN IMMEDIATE`, WAL, `synchronous = FULL`, the
 * default checkpoint every 1,000 pages), each to a new stream, on a file of its own; rounds are interleaved in
 * rotated order. It prints the median wall time per append (min–max over rounds), the process's user and system
 * CPU per append, and how many WAL frames (pages) one commit writes, counted in a separate pass with
 * checkpoints off. Runs ours from the built packages.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { storeErrorMessage, type NewEvent } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { generateEvent } from './Payloads'
import { median, medianWithSpread } from './Report'

const perRound = Number(process.argv[2] ?? 2000)
const rounds = Number(process.argv[3] ?? 5)
const dir = mkdtempSync(join(tmpdir(), 'ikm-append-parts-'))
const HASH = 'a'.repeat(64)

/** Parts of the store's schema and statements a variant leaves out. */
type Part = 'autoincrement' | 'filter indexes' | 'streams row' | 'event id index'

interface Variant {
  readonly name: string
  /** Opens a fresh file and answers an append of event `i`. */
  readonly open: (file: string) => {
    readonly db: Database.Database
    readonly append: (i: number) => Promise<void>
    readonly close: () => void
  }
}

const rawVariant = (name: string, without: ReadonlyArray<Part>): Variant => ({
  name,
  open: (file) => {
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    const has = (part: Part) => !without.includes(part)
    db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY ${has('autoincrement') ? 'AUTOINCREMENT' : ''}, stream_id TEXT NOT NULL,
      category TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL ${has('event id index') ? 'UNIQUE' : ''},
      type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      occurred_on TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL,
      UNIQUE (stream_id, revision)) STRICT`)
    if (has('filter indexes')) {
      db.exec('CREATE INDEX events_category_position ON events (category, position)')
      db.exec('CREATE INDEX events_type_position ON events (type, position)')
    }
    db.exec(`CREATE TABLE streams (stream_id TEXT PRIMARY KEY, category TEXT NOT NULL, revision INTEGER NOT NULL,
      last_hash TEXT NOT NULL, last_position INTEGER NOT NULL) STRICT, WITHOUT ROWID`)
    const find = db.prepare('SELECT event_id FROM events WHERE event_id = ?')
    const head = db.prepare(
      'SELECT s.revision, s.last_hash, e.recorded_at FROM streams s LEFT JOIN events e ON e.stream_id = s.stream_id ' +
        'AND e.revision = s.revision WHERE s.stream_id = ?',
    )
    const insert = db.prepare(
      'INSERT INTO events (stream_id, category, revision, event_id, type, schema_version, data, metadata, ' +
        'occurred_on, recorded_at, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const upsert = db.prepare(
      'INSERT INTO streams (stream_id, category, revision, last_hash, last_position) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, ' +
        'last_position = excluded.last_position',
    )
    const transaction = db.transaction((i: number) => {
      const event = generateEvent(3, i)
      const streamId = `program-${i}`
      if (has('event id index')) find.get(event.eventId)
      if (has('streams row')) head.get(streamId)
      const { lastInsertRowid } = insert.run(
        streamId,
        'program',
        0,
        event.eventId,
        event.type,
        1,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.metadata.occurredOn,
        '2024-03-01T00:00:00.000Z',
        HASH,
        HASH,
      )
      if (has('streams row')) upsert.run(streamId, 'program', 0, HASH, lastInsertRowid)
    })
    return {
      db,
      append: async (i) => {
        transaction.immediate(i)
      },
      close: () => db.close(),
    }
  },
})

const floorVariant: Variant = {
  name: "the floor's table (position, unique (stream, revision); one INSERT)",
  open: (file) => {
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL,
      prev_hash TEXT NOT NULL, UNIQUE (stream_id, revision))`)
    const insert = db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const transaction = db.transaction((i: number) => {
      const event = generateEvent(3, i)
      insert.run(
        event.eventId,
        `program-${i}`,
        0,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        HASH,
        HASH,
      )
    })
    return { db, append: async (i) => void transaction.immediate(i), close: () => db.close() }
  },
}

const storeVariant: Variant = {
  name: 'the store through its API (createSqliteEventStore, defaults)',
  open: (file) => {
    const db = new Database(file)
    const opened = createSqliteEventStore({ database: db })
    if (E.isLeft(opened)) throw new Error(storeErrorMessage(opened.left))
    const store = opened.right
    return {
      db,
      append: async (i) => {
        const event = generateEvent(3, i) as unknown as NewEvent
        const result = await store.append(`program-${i}`, [event], { expectedRevision: 'no_stream' })()
        if (E.isLeft(result)) throw new Error(storeErrorMessage(result.left))
      },
      close: () => {
        void store.close()()
        db.close()
      },
    }
  },
}

const variants: ReadonlyArray<Variant> = [
  storeVariant,
  rawVariant("the store's schema and statements, raw", []),
  rawVariant('  without AUTOINCREMENT', ['autoincrement']),
  rawVariant('  without the category and type indexes', ['filter indexes']),
  rawVariant('  without the streams row and head read', ['streams row']),
  rawVariant('  without the event id index and probe', ['event id index']),
  rawVariant('  without all four', ['autoincrement', 'filter indexes', 'streams row', 'event id index']),
  floorVariant,
]

/** One round: a fresh file, a short warm-up, then `perRound` appends timed. */
const round = async (variant: Variant, k: number, countFrames: boolean) => {
  const file = join(dir, `v${k}-${countFrames ? 'frames' : 'time'}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const opened = variant.open(file)
  for (let i = 0; i < 100; i++) await opened.append(1_000_000 + i)
  // The checkpoint setting is the connection's own: set on the one that appends.
  if (countFrames) {
    opened.db.pragma('wal_checkpoint(TRUNCATE)')
    opened.db.pragma('wal_autocheckpoint = 0')
  }
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < perRound; i++) await opened.append(i)
  const used = process.cpuUsage(cpu)
  const us = ((performance.now() - started) * 1000) / perRound
  const frames = countFrames ? statSync(file + '-wal').size / (4096 + 24) / perRound : 0
  opened.close()
  return { us, user: used.user / perRound, system: used.system / perRound, frames }
}

const main = async () => {
  const results = variants.map(() => ({ us: [] as number[], user: [] as number[], system: [] as number[], frames: 0 }))
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < variants.length; j++) {
      const k = (j + r) % variants.length
      const measured = await round(variants[k]!, k, false)
      results[k]!.us.push(measured.us)
      results[k]!.user.push(measured.user)
      results[k]!.system.push(measured.system)
    }
  }
  for (let k = 0; k < variants.length; k++) results[k]!.frames = (await round(variants[k]!, k, true)).frames
  console.log(`${perRound} single-event appends per round, ${rounds} rounds, medians (min–max)\n`)
  console.log('| variant | µs per append | user CPU µs | system CPU µs | WAL frames per commit |')
  console.log('|---|---:|---:|---:|---:|')
  variants.forEach((variant, k) => {
    const { us, user, system, frames } = results[k]!
    console.log(
      `| ${variant.name} | ${medianWithSpread(us, 0)} | ` +
        `${median(user).toFixed(0)} | ${median(system).toFixed(0)} | ${frames.toFixed(1)} |`,
    )
  })
  rmSync(dir, { recursive: true, force: true })
}

await main()
