/**
 * The physical floor on PostgreSQL: `pg` running the same SQL as `@ikm-ledger/store-postgres` (one call of the
 * store's own `append` function, made by the store's migration, that locks the stream row, looks up the ids, takes the ordering lock, draws positions
 * and inserts with `unnest`, in autocommit), on the same tables, with nothing around it. Its hash is a plain
 * SHA-256 of the stored text.
 */
import { createHash } from 'node:crypto'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { createPostgresEventStore } from '@ikm-ledger/store-postgres'
import { benchSchema, dropSchema, PG_URL } from '../Pg'
import { decodePayload, evolveFold, initialFold, type FoldState, type GeneratedEvent } from '../Payloads'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

const GENESIS = '0'.repeat(64)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

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

export const openRawPostgres: OpenSubject = async (dataset) => {
  const schema = benchSchema('raw', dataset.name)
  const q = `"${schema}"`
  if (dataset.fresh) await dropSchema(schema)
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10 })
  pool.on('error', () => undefined)
  if (dataset.fresh) {
    // The store's own migration makes the schema and its `append` function, so the floor runs exactly the SQL the
    // store runs and cannot drift from it; the raw subject adds only its checkpoint table.
    const created = await createPostgresEventStore({ connectionString: PG_URL, schema })()
    if (E.isLeft(created)) throw new Error(`create the raw schema: ${created.left._tag}`)
    await created.right.close()()
    await pool.query(`CREATE TABLE ${q}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL)`)
  }
  const appendSql = `SELECT status, first_position::text AS first_position, last_position::text AS last_position
    FROM ${q}.append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
  const readBatchSql =
    `SELECT e.position::text AS position, e.stream_id, e.revision::text AS revision, e.type, e.data, e.metadata, ` +
    `e.hash, e.prev_hash FROM ${q}.events e WHERE e.position > $1 ORDER BY e.position LIMIT $2`

  const appendNew = async (streamId: string, events: ReadonlyArray<GeneratedEvent>) => {
    const recordedAt = new Date().toISOString()
    const category = streamId.slice(0, streamId.indexOf('-'))
    const data: Array<string> = []
    const metadata: Array<string> = []
    const hashes: Array<string> = []
    const prevHashes: Array<string> = []
    let prev = GENESIS
    for (const event of events) {
      const d = JSON.stringify(event.data)
      const m = JSON.stringify({ recordedAt, ...event.metadata })
      const hash = sha256(prev + d + m)
      data.push(d)
      metadata.push(m)
      prevHashes.push(prev)
      hashes.push(hash)
      prev = hash
    }
    const { rows } = await pool.query<{ status: string }>({
      name: `${schema}_append`,
      text: appendSql,
      values: [
        streamId,
        category,
        '-1',
        GENESIS,
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map(() => 1),
        data,
        metadata,
        events.map((e) => e.metadata.occurredOn),
        events.map(() => recordedAt),
        hashes,
        prevHashes,
      ],
    })
    if (rows[0]?.status !== 'ok') throw new Error(`raw append to ${streamId}: ${rows[0]?.status}`)
  }

  return {
    system: 'raw',
    backend: 'postgres',
    describe: 'pg Pool(max 10), the store-postgres schema and append function (its own migration), autocommit',
    appendNew,
    loadFold: async (streamId) => {
      const { rows } = await pool.query<Pick<Row, 'type' | 'data'>>({
        name: `${schema}_stream`,
        text: `SELECT type, data FROM ${q}.events WHERE stream_id = $1 ORDER BY revision`,
        values: [streamId],
      })
      let state: FoldState = initialFold
      for (const row of rows) state = evolveFold(state, row.type, decodePayload(row.type, JSON.parse(row.data)))
      return state
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
            if (sha256(row.prev_hash + row.data + row.metadata) !== row.hash) throw new Error('hash mismatch')
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
