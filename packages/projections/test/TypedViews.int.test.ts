import { randomBytes } from 'node:crypto'
import { projectionErrorMessage } from '@ikm-ledger/core'
import { openPostgresProjectionStore } from '@ikm-ledger/projection-postgres'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { POSTGRES_TEST_URL, requirePostgres } from '@ikm-ledger/testkit'
import { afterAll, describe } from 'vitest'
import { postgresReadModel } from '../src'
import { runAll, typedViewsSpec } from './specs/TypedViews.spec'

const reachable = await requirePostgres('the typed views on PostgreSQL')
const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 4 })
pool.on('error', () => undefined)
const schema = `typed_${randomBytes(4).toString('hex')}`

describe.runIf(reachable)('typed views on PostgreSQL', () => {
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  })

  typedViewsSpec(
    {
      name: 'PostgreSQL',
      open: async (store) => {
        const opened = await openPostgresProjectionStore({ pool, schema })()
        if (E.isLeft(opened)) throw new Error(projectionErrorMessage(opened.left))
        const projectionStore = opened.right
        await runAll(store, projectionStore, (model) => postgresReadModel<pg.PoolClient>(model))
        const name = (table: string) => projectionStore.tables()(table)
        return {
          select: async (table) => (await pool.query(`SELECT * FROM ${name(table)}`)).rows,
          columnTypes: async (table) => {
            const physical = name(table)
              .slice(name(table).lastIndexOf('.') + 1)
              .replace(/"/g, '')
            const { rows } = await pool.query<{ column_name: string; data_type: string }>(
              'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
              [schema, physical],
            )
            return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]))
          },
        }
      },
    },
    'bool',
    { money: 'bigint', integer: 'integer', boolean: 'boolean', text: 'text', date: 'date' },
  )
})
