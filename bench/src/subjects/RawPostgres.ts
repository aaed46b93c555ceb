/**
 * The physical floor on PostgreSQL: `pg` running the same SQL work as `@ikm-ledger/store-postgres` (one call of
 * an `append` function that locks the stream row, looks up the ids, takes the ordering lock, draws positions
 * and inserts with `unnest`, in autocommit), on the same tables, with nothing around it. Its hash is a plain
 * SHA-256 of the stored text.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { benchSchema, dropSchema, PG_URL } from '../Pg'
import { decodePayload, evolveFold, initialFold, type FoldState, type GeneratedEvent } from '../Payloads'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

const GENESIS = '0'.repeat(64)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

// A copy of store-postgres' v1 migration (tables and `append`), so the floor does the same statements.
const schemaSql = (q: string) => `
CREATE SCHEMA IF NOT EXISTS ${q};
CREATE SEQUENCE ${q}.positions AS bigint START WITH 1 MINVALUE 1 CACHE 1 NO CYCLE;
CREATE TABLE ${q}.streams (
  stream_id text COLLATE "C" PRIMARY KEY,
  category  text COLLATE "C" NOT NULL,
  revision  bigint NOT NULL CHECK (revision >= 0),
  last_hash text NOT NULL
);
CREATE TABLE ${q}.events (
  position       bigint PRIMARY KEY CHECK (position >= 1),
  event_id       uuid NOT NULL,
  stream_id      text COLLATE "C" NOT NULL,
  category       text COLLATE "C" NOT NULL,
  revision       bigint NOT NULL CHECK (revision >= 0),
  type           text COLLATE "C" NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data           text NOT NULL,
  metadata       text NOT NULL,
  occurred_on    text COLLATE "C" NOT NULL,
  recorded_at    text COLLATE "C" NOT NULL,
  hash           text NOT NULL,
  prev_hash      text NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
);
CREATE INDEX events_category_position ON ${q}.events (category, position);
CREATE INDEX events_type_position ON ${q}.events (type, position);
CREATE TABLE ${q}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
CREATE FUNCTION ${q}.append(
  p_stream text, p_category text, p_head_revision bigint, p_head_hash text,
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
  p_occurred text[], p_recorded text[], p_hashes text[], p_prev_hashes text[]
) RETURNS TABLE (status text, first_position bigint, last_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_count integer := cardinality(p_ids);
  v_revision bigint;
  v_hash text;
  v_first bigint;
BEGIN
  SELECT s.revision, s.last_hash INTO v_revision, v_hash FROM ${q}.streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM ${q}.events e WHERE e.event_id = ANY (p_ids)) THEN
      RETURN QUERY SELECT 'exists'::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    INSERT INTO ${q}.streams (stream_id, category, revision, last_hash)
      VALUES (p_stream, p_category, v_count - 1, p_hashes[v_count]) ON CONFLICT (stream_id) DO NOTHING;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'head'::text, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
  ELSE
    RETURN QUERY SELECT 'head'::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(1380, 1);
  v_first := nextval('${q}.positions'::regclass);
  IF v_count > 1 THEN
    PERFORM setval('${q}.positions'::regclass, v_first + v_count - 1);
  END IF;
  INSERT INTO ${q}.events (position, event_id, stream_id, category, revision, type, schema_version, data, metadata,
                           occurred_on, recorded_at, hash, prev_hash)
  SELECT v_first + u.ord - 1, u.id, p_stream, p_category, p_head_revision + u.ord, u.type, u.version, u.data,
         u.metadata, u.occurred, u.recorded, u.hash, u.prev_hash
    FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred, p_recorded, p_hashes, p_prev_hashes)
         WITH ORDINALITY AS u(id, type, version, data, metadata, occurred, recorded, hash, prev_hash, ord);
  PERFORM pg_notify('bench_raw', (v_first + v_count - 1)::text);
  RETURN QUERY SELECT 'ok'::text, v_first, v_first + v_count - 1;
END
$fn$;
`

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
  if (dataset.fresh) await pool.query(schemaSql(q))
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
    describe: 'pg Pool(max 10), a copy of the store-postgres schema and append function, autocommit, text columns',
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
