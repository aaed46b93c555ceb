/**
 * Ours on PostgreSQL: `@ikm-ledger/store-postgres` with its defaults (pool of 10) in its own schema, and
 * `@ikm-ledger/projection-postgres` (read models and checkpoints in the same schema) for projections.
 */
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { persistedProjection, projectionErrorMessage, storeErrorMessage } from '@ikm-ledger/core'
import { openPostgresEventStore } from '@ikm-ledger/store-postgres'
import { benchSchema, dropSchema, PG_URL } from '../Pg'
import { READ_MODEL_COLUMNS, type OpenSubject } from '../Subject'
import { oursSubject } from './Ours'
import { upsertCounts } from './FloorPostgres'

export const openOursPostgres: OpenSubject = async (dataset) => {
  const schema = benchSchema('ours', dataset.name)
  if (dataset.fresh) await dropSchema(schema)
  const opened = await openPostgresEventStore({
    connectionString: PG_URL,
    schema,
    ...(dataset.connections === undefined ? {} : { maxConnections: dataset.connections }),
  })()
  if (E.isLeft(opened)) throw new Error(`open schema ${schema}: ${storeErrorMessage(opened.left)}`)
  const store = opened.right
  let pool: pg.Pool | undefined
  return oursSubject<pg.PoolClient>({
    backend: 'postgres',
    describe: `store-postgres defaults (pg Pool max ${dataset.connections ?? 10}), reads verify hashes; projection-postgres on its own pool (max 10), same schema`,
    store,
    projections: async () => {
      // Loaded on first use, so the append and read workloads do not depend on the projection package.
      const { openPostgresProjectionStore } = await import('@ikm-ledger/projection-postgres')
      pool ??= new pg.Pool({ connectionString: PG_URL, max: 10 })
      const projectionStore = await openPostgresProjectionStore({ pool, schema })()
      if (E.isLeft(projectionStore)) throw new Error(projectionErrorMessage(projectionStore.left))
      return {
        projectionStore: projectionStore.right,
        projection: (name) => {
          const logical = `counts_${name}`
          return persistedProjection<pg.PoolClient>({
            name,
            version: 1,
            handles: 'all',
            tables: [logical],
            setup: async (tx, table) => {
              await tx.query(`CREATE TABLE IF NOT EXISTS ${table(logical)} (${READ_MODEL_COLUMNS})`)
            },
            apply: async (tx, events, table) => {
              // Set-based, as a batch-oriented projection writes on PostgreSQL (the raw floor does the same).
              const counts = new Map<string, { events: number; lastType: string }>()
              for (const event of events) {
                const seen = counts.get(event.streamId)
                counts.set(event.streamId, { events: (seen?.events ?? 0) + 1, lastType: event.type })
              }
              await upsertCounts(tx, table(logical), counts)
            },
          })
        },
      }
    },
    close: async () => {
      // Closing twice is the only failure, and a bench closes once.
      await store.close()()
      await pool?.end()
    },
  })
}
