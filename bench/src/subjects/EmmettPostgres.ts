/**
 * Emmett on PostgreSQL (`@event-driven-io/emmett-postgresql`, pool from `@event-driven-io/dumbo` over `pg`),
 * default settings, pointed at its own schema through the connection's search path. Its pool is a `pg` Pool of
 * the size the workload gives every subject (10 by default, dumbo's own default; the 50 writers give ours, Emmett
 * and the floor the same larger pool), handed to dumbo as an ambient pool.
 */
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett'
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql'
import { dumbo, rawSql, sql } from '@event-driven-io/dumbo'
import pg from 'pg'
import { adminQuery, benchSchema, dropSchema, urlWithSearchPath } from '../Pg'
import { decodePayload, evolveFold, initialFold, type FoldState } from '../Payloads'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'

export const openEmmettPostgres: OpenSubject = async (dataset) => {
  const schema = benchSchema('emmett', dataset.name)
  if (dataset.fresh) await dropSchema(schema)
  await adminQuery(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  const url = urlWithSearchPath(schema)
  const connections = dataset.connections ?? 10
  const pgPool = new pg.Pool({ connectionString: url, max: connections })
  pgPool.on('error', () => undefined)
  const pool = dumbo({ connectionString: url, pool: pgPool })
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } })
  await store.schema.migrate()

  return {
    system: 'emmett',
    backend: 'postgres',
    describe: `emmett-postgresql 0.42.0 (dumbo 0.12.7 over a pg Pool(max ${connections}) passed as its pool), default options`,
    appendNew: async (streamId, events) => {
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
        { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
      )
    },
    loadFold: async (streamId) => {
      const { state } = await store.aggregateStream<FoldState, { type: string; data: Record<string, unknown> }>(
        streamId,
        {
          initialState: () => initialFold,
          evolve: (current: FoldState, event: { type: string; data: unknown }) =>
            evolveFold(current, event.type, decodePayload(event.type, event.data)),
        },
      )
      return state
    },
    readAll: async (_verify, deadline): Promise<ReadAllResult> => {
      // Emmett has no hashes; this is its consumers' read path.
      let after = 0n
      let events = 0
      let checksum = 0
      for (;;) {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize: 500 })
        for (const message of batch.messages) {
          checksum = (checksum + Number(message.metadata.streamPosition) + message.type.length) | 0
          events++
        }
        if (batch.messages.length === 0) break
        if (performance.now() > deadline) return { events, checksum, complete: false }
        after = BigInt(batch.currentGlobalPosition)
      }
      return { events, checksum, complete: true }
    },
    catchUp: async (name, batchSize) => {
      const table = `"${schema}".rm_${name}`
      await pool.execute.command(rawSql(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${READ_MODEL_COLUMNS})`))
      const { rows } = await adminQuery(`SELECT max(global_position)::text AS head FROM "${schema}".emt_messages`)
      const last = BigInt((rows[0] as { head: string | null }).head ?? '0')
      let applied = 0
      const consumer = store.consumer({ pulling: { batchSize, pullingFrequencyInMs: 0 } })
      consumer.reactor({
        processorId: name,
        startFrom: 'BEGINNING',
        stopAfter: (message) => BigInt(message.metadata.globalPosition) >= last,
        eachMessage: async (message, context) => {
          await context.execute.command(
            sql(
              `INSERT INTO ${table} (stream_id, events, last_type) VALUES (%L, 1, %L) ` +
                `ON CONFLICT (stream_id) DO UPDATE SET events = ${table}.events + 1, last_type = excluded.last_type`,
              message.metadata.streamName,
              message.type,
            ),
          )
          applied++
        },
      })
      await consumer.start()
      // `stop`, not `close`: close ends dumbo's pool, which dumbo shares by connection string with the store.
      await consumer.stop()
      return applied
    },
    close: async () => {
      await pool.close()
      await store.close()
      await pgPool.end()
    },
  }
}
