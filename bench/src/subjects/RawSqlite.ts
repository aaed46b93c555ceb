/**
 * The physical floor on SQLite: better-sqlite3 running the same statements as `@ikm-ledger/store-sqlite` on the
 * same schema (WAL, `synchronous = FULL`, `BEGIN IMMEDIATE`, the id look-ups, the head row), with nothing around
 * them: no validation, no canonical JSON, no typed errors. Its hash is a plain SHA-256 of the stored text, the
 * least a tamper-evident row can carry.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { decodePayload, evolveFold, initialFold, type FoldState, type GeneratedEvent } from '../Payloads'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

const GENESIS = '0'.repeat(64)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

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

export const openRawSqlite: OpenSubject = async (dataset) => {
  const file = sqliteFile(dataset.dir, 'raw', dataset.name)
  if (dataset.fresh) removeSqliteFile(file)
  // The store's own migration makes the tables, so the floor runs on exactly the store's schema; the raw subject
  // adds only its checkpoint table.
  const created = createSqliteEventStore({ path: file })
  if (E.isLeft(created)) throw new Error(`create the raw schema: ${created.left._tag}`)
  await created.right.close()()
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)')
  const findEvent = db.prepare('SELECT position FROM events WHERE event_id = ?')
  const head = db.prepare<[string], { revision: number; last_hash: string }>(
    'SELECT revision, last_hash FROM streams WHERE stream_id = ?',
  )
  const insertEvent = db.prepare(
    'INSERT INTO events (stream_id, category, revision, event_id, type, schema_version, data, metadata, ' +
      'occurred_on, recorded_at, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const upsertHead = db.prepare(
    'INSERT INTO streams (stream_id, category, revision, last_hash, last_position) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, ' +
      'last_position = excluded.last_position',
  )
  const readStream = db.prepare<[string], Pick<Row, 'type' | 'data'>>(
    'SELECT type, data FROM events WHERE stream_id = ? ORDER BY revision',
  )
  const readBatch = db.prepare<[number, number], Row>(
    'SELECT position, stream_id, revision, type, data, metadata, hash, prev_hash FROM events ' +
      'WHERE position > ? ORDER BY position LIMIT ?',
  )

  const append = db.transaction((streamId: string, events: ReadonlyArray<GeneratedEvent>, recordedAt: string) => {
    for (const event of events) {
      if (findEvent.get(event.eventId) !== undefined) throw new Error(`event ${event.eventId} exists`)
    }
    const current = head.get(streamId)
    if (current !== undefined) throw new Error(`stream ${streamId} exists`)
    const category = streamId.slice(0, streamId.indexOf('-'))
    let prevHash = GENESIS
    let revision = 0
    let position = 0
    for (const event of events) {
      const data = JSON.stringify(event.data)
      const metadata = JSON.stringify({ recordedAt, ...event.metadata })
      const hash = sha256(prevHash + data + metadata)
      position = Number(
        insertEvent.run(
          streamId,
          category,
          revision,
          event.eventId,
          event.type,
          1,
          data,
          metadata,
          event.metadata.occurredOn,
          recordedAt,
          hash,
          prevHash,
        ).lastInsertRowid,
      )
      prevHash = hash
      revision++
    }
    upsertHead.run(streamId, category, revision - 1, prevHash, position)
  })
  // `BEGIN IMMEDIATE` as the store does: the write lock before the head is read.
  const appendImmediate = append.immediate

  return {
    system: 'raw',
    backend: 'sqlite',
    describe: 'better-sqlite3, same schema and statements as ours, WAL, synchronous=FULL, BEGIN IMMEDIATE',
    appendNew: async (streamId, events) => {
      appendImmediate(streamId, events, new Date().toISOString())
    },
    loadFold: async (streamId) => {
      let state: FoldState = initialFold
      for (const row of readStream.iterate(streamId)) {
        state = evolveFold(state, row.type, decodePayload(row.type, JSON.parse(row.data)))
      }
      return state
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
            if (sha256(row.prev_hash + row.data + row.metadata) !== row.hash) throw new Error('hash mismatch')
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

export { sha256 as rawSha256, GENESIS as RAW_GENESIS }
