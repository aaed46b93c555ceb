/**
 * The floor on SQLite: the least SQL an event log with these workloads needs, with nothing of ours in it — one
 * table (`position` INTEGER PRIMARY KEY, `(stream_id, revision)` unique for stream reads), WAL with
 * `synchronous = FULL` (a durable commit, as the stores), one transaction per append running one prepared
 * `INSERT` per event; no stream row, no id look-up, no expected-revision check. Reads are a bare `SELECT`,
 * `JSON.parse` and, when verifying, one SHA-256 of the stored text per event compared with the stored hash and
 * the chain link. Ours ÷ floor is the price of everything the store does on top.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { type GeneratedEvent } from '../Payloads'
import { FLOOR_GENESIS, floorLoadFold, floorSha256 } from './FloorFold'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

export const sqliteFile = (dir: string, system: string, name: string) => path.join(dir, `${system}-${name}.sqlite`)

export const removeSqliteFile = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
}

interface Row {
  position: number
  stream_id: string
  revision: number
  type: string
  data: string
  metadata: string
  hash: string
  prev_hash: string
}

export const openFloorSqlite: OpenSubject = async (dataset) => {
  const file = sqliteFile(dataset.dir, 'floor', dataset.name)
  if (dataset.fresh) removeSqliteFile(file)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL,
    UNIQUE (stream_id, revision))`)
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)')
  const insertEvent = db.prepare(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, hash, prev_hash) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const readStream = db.prepare<[string], Pick<Row, 'type' | 'data' | 'metadata' | 'hash' | 'prev_hash'>>(
    'SELECT type, data, metadata, hash, prev_hash FROM events WHERE stream_id = ? ORDER BY revision',
  )
  const readBatch = db.prepare<[number, number], Row>(
    'SELECT position, stream_id, revision, type, data, metadata, hash, prev_hash FROM events ' +
      'WHERE position > ? ORDER BY position LIMIT ?',
  )

  const append = db.transaction((streamId: string, events: ReadonlyArray<GeneratedEvent>, recordedAt: string) => {
    let prevHash = FLOOR_GENESIS
    let revision = 0
    for (const event of events) {
      const data = JSON.stringify(event.data)
      const metadata = JSON.stringify({ recordedAt, ...event.metadata })
      const hash = floorSha256(prevHash + data + metadata)
      insertEvent.run(event.eventId, streamId, revision, event.type, data, metadata, hash, prevHash)
      prevHash = hash
      revision++
    }
  })

  return {
    system: 'floor',
    backend: 'sqlite',
    describe:
      'floor: better-sqlite3, one table (integer position, unique (stream, revision)), WAL, synchronous=FULL, one transaction of prepared INSERTs per append',
    appendNew: async (streamId, events) => {
      append(streamId, events, new Date().toISOString())
    },
    loadFold: async (streamId, verify) => {
      return floorLoadFold(readStream.iterate(streamId), verify)
    },
    readAll: async (verify, deadline): Promise<ReadAllResult> => {
      let after = 0
      let events = 0
      let checksum = 0
      const heads = new Map<string, string>()
      for (;;) {
        const rows = readBatch.all(after, 500)
        if (rows.length === 0) break
        for (const row of rows) {
          const data = JSON.parse(row.data) as unknown
          const metadata = JSON.parse(row.metadata) as { recordedAt: string }
          if (verify) {
            if (floorSha256(row.prev_hash + row.data + row.metadata) !== row.hash) throw new Error('hash mismatch')
            const previous = heads.get(row.stream_id)
            if (previous !== undefined && previous !== row.prev_hash) throw new Error('chain broken')
            heads.set(row.stream_id, row.hash)
          }
          checksum = (checksum + row.revision + metadata.recordedAt.length + (data === null ? 0 : 1)) | 0
          events++
          after = row.position
        }
        if (performance.now() > deadline) return { events, checksum, complete: false }
      }
      return { events, checksum, complete: true }
    },
    catchUp: async (name, batchSize) => {
      const table = `rm_${name}`
      db.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${READ_MODEL_COLUMNS})`)
      db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name)
      const upsert = db.prepare(
        `INSERT INTO ${table} (stream_id, events, last_type) VALUES (?, 1, ?) ` +
          'ON CONFLICT (stream_id) DO UPDATE SET events = events + 1, last_type = excluded.last_type',
      )
      const saveCheckpoint = db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      )
      const applyBatch = db.transaction((rows: ReadonlyArray<{ stream_id: string; type: string }>, last: number) => {
        for (const row of rows) upsert.run(row.stream_id, row.type)
        saveCheckpoint.run(name, last)
      })
      let after = 0
      let applied = 0
      for (;;) {
        const rows = readBatch.all(after, batchSize)
        if (rows.length === 0) break
        const events = rows.map((row) => ({
          stream_id: row.stream_id,
          type: row.type,
          data: JSON.parse(row.data) as unknown,
          metadata: JSON.parse(row.metadata) as unknown,
        }))
        after = rows[rows.length - 1]!.position
        applyBatch.immediate(events, after)
        applied += events.length
      }
      return applied
    },
    close: async () => {
      db.close()
    },
  }
}
