/**
 * Emmett on SQLite (`@event-driven-io/emmett-sqlite`, driver `sqlite3`), in its fastest reasonable set-up: one
 * long-lived connection shared by the store and its consumer (by default it opens and closes a connection per
 * operation), WAL (Emmett sets it) and `synchronous = FULL` (SQLite's default, the same as ours).
 */
import {
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  type SQLiteConnection,
} from '@event-driven-io/emmett-sqlite'
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett'
import { decodePayload, evolveFold, initialFold, type FoldState } from '../Payloads'
import { READ_MODEL_COLUMNS, type OpenSubject, type ReadAllResult } from '../Subject'
import { removeSqliteFile, sqliteFile } from './FloorSqlite'

export const openEmmettSqlite: OpenSubject = async (dataset) => {
  const file = sqliteFile(dataset.dir, 'emmett', dataset.name)
  if (dataset.fresh) removeSqliteFile(file)
  const connection: SQLiteConnection = sqliteConnection({ fileName: file })
  await connection.command('PRAGMA journal_mode = WAL')
  await connection.command('PRAGMA synchronous = FULL')
  const store = getSQLiteEventStore({ fileName: file, connectionOptions: { singleton: true, connection } })
  await store.schema.migrate()

  return {
    system: 'emmett',
    backend: 'sqlite',
    describe: 'emmett-sqlite 0.42.4 on sqlite3 5.1.7, one shared connection, WAL, synchronous=FULL',
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
        const batch = await readMessagesBatch(connection, { after, batchSize: 500 })
        for (const message of batch.messages) {
          checksum = (checksum + Number(message.metadata.streamPosition) + message.type.length) | 0
          events++
        }
        if (batch.messages.length === 0) break
        if (performance.now() > deadline) return { events, checksum, complete: false }
        after = batch.currentGlobalPosition
      }
      return { events, checksum, complete: true }
    },
    catchUp: async (name, batchSize) => {
      const table = `rm_${name}`
      await connection.command(`DROP TABLE IF EXISTS ${table}`)
      await connection.command(`CREATE TABLE ${table} (${READ_MODEL_COLUMNS})`)
      const head = await connection.querySingle<{ head: number }>(
        'SELECT max(global_position) AS head FROM emt_messages',
      )
      const last = BigInt(head?.head ?? 0)
      let applied = 0
      const consumer = store.consumer({ pulling: { batchSize, pullingFrequencyInMs: 0 } })
      consumer.processor({
        processorId: name,
        startFrom: 'BEGINNING',
        connectionOptions: { fileName: file, connection },
        stopAfter: (message) => message.metadata.globalPosition >= last,
        eachMessage: async (message, context) => {
          await context.connection.command(
            `INSERT INTO ${table} (stream_id, events, last_type) VALUES (?, 1, ?) ` +
              'ON CONFLICT (stream_id) DO UPDATE SET events = events + 1, last_type = excluded.last_type',
            [message.metadata.streamName, message.type],
          )
          applied++
        },
      })
      await consumer.start()
      await consumer.stop()
      return applied
    },
    close: async () => {
      connection.close()
    },
  }
}
