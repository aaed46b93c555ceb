/**
 * The boundary fuzz suite on PostgreSQL: one fresh schema for the run. Under `CI=true` a missing server fails
 * the file instead of skipping it.
 */
import { afterAll, describe } from 'vitest'
import { eventStoreFuzz, requirePostgres } from '@ikm-ledger/testkit'
import { adminPool, dropSchema, freshSchema, openStore } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore boundary fuzz')

describe.runIf(reachable)('PostgresEventStore boundary fuzz', () => {
  const admin = adminPool(1)
  afterAll(async () => {
    await admin.end()
  })

  eventStoreFuzz('PostgresEventStore', async () => {
    const schema = freshSchema('fuzz')
    const store = await openStore(schema, { maxConnections: 2 })
    return {
      store,
      corrupt: async () => undefined,
      teardown: async () => {
        await store.close()()
        await dropSchema(admin, schema)
      },
    }
  })
})
