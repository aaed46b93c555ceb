/**
 * The floor on PostgreSQL: the least SQL an event log with these workloads needs, with nothing of ours in it —
 * one table (`position` bigserial primary key, `(stream_id, revision)` unique for stream reads), one prepared
 * `INSERT … SELECT FROM unnest(…)` per append in autocommit (one round trip, one transaction, whatever the batch
 * size; fifty connections commit in groups), no stream row, no expected-revision check, no ordering guarantee.
 * Reads are a bare `SELECT`, `JSON.parse` and, when verifying, one SHA-256 of the stored text per event compared
 * with the stored hash and the chain link. Ours ÷ floor is the price of everything the store does on top.
 */
import pg from 'pg'
import { benchSchema, dropSchema, PG_URL } from '../Pg'
import { type GeneratedEvent } from '../Payloads'
import { FLOOR_GENESIS, floorLoadFold, floorSha256 } from './FloorFold'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

interface Row {
  position: string
  stream_id: string
  revision: string
  type: string
  data: string
  metadata: string
  hash: string
  prev_hash: string
}

export const openFloorPostgres: OpenSubject = async (dataset) => {
  const schema = benchSchema('floor', dataset.name)
  const q = `"${schema}"`
  if (dataset.fresh) await dropSchema(schema)
  const connections = dataset.connections ?? 10
  const pool = new pg.Pool({ connectionString: PG_URL, max: connections })
  pool.on('error', () => undefined)
  if (dataset.fresh) {
    await pool.query(`CREATE SCHEMA ${q}`)
    await pool.query(`CREATE TABLE ${q}.events (
      position bigserial PRIMARY KEY, event_id uuid NOT NULL, stream_id text COLLATE "C" NOT NULL,
      revision bigint NOT NULL, type text NOT NULL, data text NOT NULL, metadata text NOT NULL, hash text NOT NULL,
      prev_hash text NOT NULL, UNIQUE (stream_id, revision))`)
    await pool.query(`CREATE TABLE ${q}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL)`)
  }
  const appendSql = `INSERT INTO ${q}.events (event_id, stream_id, revision, type, data, metadata, hash, prev_hash)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
      $8::text[])`
  const readBatchSql =
    `SELECT e.position::text AS position, e.stream_id, e.revision::text AS revision, e.type, e.data, e.metadata, ` +
    `e.hash, e.prev_hash FROM ${q}.events e WHERE e.position > $1 ORDER BY e.position LIMIT $2`

  const appendNew = async (streamId: string, events: ReadonlyArray<GeneratedEvent>) => {
    const recordedAt = new Date().toISOString()
    const data: Array<string> = []
    const metadata: Array<string> = []
    const hashes: Array<string> = []
    const prevHashes: Array<string> = []
    let prev = FLOOR_GENESIS
    for (const event of events) {
      const d = JSON.stringify(event.data)
      const m = JSON.stringify({ recordedAt, ...event.metadata })
      const hash = floorSha256(prev + d + m)
      data.push(d)
      metadata.push(m)
      prevHashes.push(prev)
      hashes.push(hash)
      prev = hash
    }
    await pool.query({
      name: `${schema}_append`,
      text: appendSql,
      values: [
        events.map((e) => e.eventId),
        events.map(() => streamId),
        events.map((_, i) => i),
        events.map((e) => e.type),
        data,
        metadata,
        hashes,
        prevHashes,
      ],
    })
  }

  return {
    system: 'floor',
    backend: 'postgres',
    describe: `floor: pg Pool(max ${connections}), one table (bigserial position, unique (stream, revision)), one prepared INSERT … unnest per append, autocommit`,
    appendNew,
    loadFold: async (streamId, verify) => {
      const { rows } = await pool.query<Pick<Row, 'type' | 'data' | 'metadata' | 'hash' | 'prev_hash'>>({
        name: `${schema}_stream`,
        text: `SELECT type, data, metadata, hash, prev_hash FROM ${q}.events WHERE stream_id = $1 ORDER BY revision`,
        values: [streamId],
      })
      return floorLoadFold(rows, verify)
    },
    readAll: async (verify, deadline): Promise<ReadAllResult> => {
      let after = '0'
      let events = 0
      let checksum = 0
      const heads = new Map<string, string>()
      for (;;) {
        const { rows } = await pool.query<Row>({ name: `${schema}_all`, text: readBatchSql, values: [after, 500] })
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
          checksum = (checksum + Number(row.revision) + metadata.recordedAt.length + (data === null ? 0 : 1)) | 0
          events++
        }
        after = rows[rows.length - 1]!.position
        if (performance.now() > deadline) return { events, checksum, complete: false }
      }
      return { events, checksum, complete: true }
    },
    catchUp: async (name, batchSize) => {
      const table = `${q}.rm_${name}`
      await pool.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${READ_MODEL_COLUMNS})`)
      await pool.query(`DELETE FROM ${q}.checkpoints WHERE name = $1`, [name])
      let after = '0'
      let applied = 0
      for (;;) {
        const { rows } = await pool.query<Row>({
          name: `${schema}_all`,
          text: readBatchSql,
          values: [after, batchSize],
        })
        if (rows.length === 0) break
        const counts = new Map<string, { events: number; lastType: string }>()
        for (const row of rows) {
          JSON.parse(row.data)
          JSON.parse(row.metadata)
          const seen = counts.get(row.stream_id)
          counts.set(row.stream_id, { events: (seen?.events ?? 0) + 1, lastType: row.type })
        }
        after = rows[rows.length - 1]!.position
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          await upsertCounts(client, table, counts)
          await client.query(
            `INSERT INTO ${q}.checkpoints (name, position) VALUES ($1, $2) ` +
              'ON CONFLICT (name) DO UPDATE SET position = excluded.position',
            [name, after],
          )
          await client.query('COMMIT')
        } catch (cause) {
          await client.query('ROLLBACK')
          throw cause
        } finally {
          client.release()
        }
        applied += rows.length
      }
      return applied
    },
    close: async () => {
      await pool.end()
    },
  }
}

/**
 * The set-based write every batch-oriented projection does on PostgreSQL: one statement per batch, the
 * per-stream counts folded in memory first.
 */
export const upsertCounts = async (
  client: { query: (text: string, values: ReadonlyArray<unknown>) => Promise<unknown> },
  table: string,
  counts: ReadonlyMap<string, { readonly events: number; readonly lastType: string }>,
) => {
  const ids: Array<string> = []
  const events: Array<number> = []
  const types: Array<string> = []
  for (const [id, count] of counts) {
    ids.push(id)
    events.push(count.events)
    types.push(count.lastType)
  }
  await client.query(
    `INSERT INTO ${table} (stream_id, events, last_type) SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) ` +
      'ON CONFLICT (stream_id) DO UPDATE SET events = ' +
      `${table}.events + excluded.events, last_type = excluded.last_type`,
    [ids, events, types],
  )
}
