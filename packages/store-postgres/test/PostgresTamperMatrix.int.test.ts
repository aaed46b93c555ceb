import { afterAll, describe } from 'vitest'
import { sqlTamperer, tamperMatrix } from '@ikm-ledger/testkit'
import { adminPool, dropSchema, freshSchema, openStore, postgresReachable } from './support/Postgres'

const reachable = await postgresReachable('PostgresEventStore tamper matrix')

describe.runIf(reachable)('PostgresEventStore', () => {
  const admin = adminPool()
  afterAll(async () => {
    await admin.end()
  })

  tamperMatrix('PostgresEventStore', {
    open: async () => {
      const schema = freshSchema('tamper')
      const store = await openStore(schema, { maxConnections: 8 })
      // The database's administrator, on a connection of their own: `?` placeholders become `$n`.
      const tamperer = sqlTamperer(
        {
          query: async (sql, params) => {
            let n = 0
            const text = sql.replace(/\?/g, () => `$${++n}`)
            const result = await admin.query(
              text,
              params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
            )
            return result.rows
          },
        },
        { events: `"${schema}".events`, streams: `"${schema}".streams` },
      )
      return {
        store,
        tamperer,
        teardown: async () => {
          await store.close()()
          await dropSchema(admin, schema)
        },
      }
    },
  })
})
