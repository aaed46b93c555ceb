/**
 * Ours on SQLite: `@ikm-ledger/store-sqlite` with its defaults (WAL, `synchronous = FULL`), and
 * `@ikm-ledger/projection-sqlite` on the same connection for projections (read models in the event store's
 * file, as Emmett's SQLite processors keep them).
 */
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { persistedProjection, projectionErrorMessage, storeErrorMessage } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { READ_MODEL_COLUMNS, type OpenSubject } from '../Subject'
import { removeSqliteFile, sqliteFile } from './FloorSqlite'
import { oursSubject } from './Ours'

export const openOursSqlite: OpenSubject = async (dataset) => {
  const file = sqliteFile(dataset.dir, 'ours', dataset.name)
  if (dataset.fresh) removeSqliteFile(file)
  const db = new Database(file)
  const opened = createSqliteEventStore({ database: db })
  if (E.isLeft(opened)) throw new Error(`open ${file}: ${storeErrorMessage(opened.left)}`)
  const store = opened.right
  return oursSubject<Database.Database>({
    backend: 'sqlite',
    describe:
      'store-sqlite defaults (better-sqlite3, WAL, synchronous=FULL), reads verify hashes; projection-sqlite on the same connection',
    store,
    projections: async () => {
      // Loaded on first use, so the append and read workloads do not depend on the projection package.
      const { createSqliteProjectionStore } = await import('@ikm-ledger/projection-sqlite')
      const projectionStore = createSqliteProjectionStore({ database: db })
      if (E.isLeft(projectionStore)) throw new Error(projectionErrorMessage(projectionStore.left))
      return {
        projectionStore: projectionStore.right,
        projection: (name) => {
          const logical = `counts_${name}`
          let upsert: Database.Statement<[string, string]> | undefined
          return persistedProjection<Database.Database>({
            name,
            version: 1,
            handles: 'all',
            tables: [logical],
            setup: (tx, table) => {
              tx.exec(`CREATE TABLE IF NOT EXISTS ${table(logical)} (${READ_MODEL_COLUMNS})`)
            },
            apply: (tx, events, table) => {
              upsert ??= tx.prepare(
                `INSERT INTO ${table(logical)} (stream_id, events, last_type) VALUES (?, 1, ?) ` +
                  'ON CONFLICT (stream_id) DO UPDATE SET events = events + 1, last_type = excluded.last_type',
              )
              for (const event of events) upsert.run(event.streamId, event.type)
            },
          })
        },
      }
    },
    close: async () => {
      // Closing twice is the only failure, and a bench closes once.
      await store.close()()
      db.close()
    },
  })
}
