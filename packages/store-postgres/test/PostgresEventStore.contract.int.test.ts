import { afterAll, describe } from 'vitest'
import { eventStoreContract, requirePostgres } from '@ikm-ledger/testkit'
import { adminPool, dropSchema, freshSchema, openStore } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore contract suite')

// Twice: with the defaults, where appends go through append_group() (a lone writer's as a group of one), and
// with every append sent alone, through append() (what a group's 'busy' or rolled-back append falls back to).
describe.runIf(reachable).each([
  { how: 'appends in groups', groupEvents: undefined },
  { how: 'every append alone', groupEvents: 0 },
])('PostgresEventStore contract, $how', ({ groupEvents }) => {
  const admin = adminPool()
  afterAll(async () => {
    await admin.end()
  })

  // Every test gets a fresh schema of its own, migrated on open and dropped on teardown.
  eventStoreContract('PostgresEventStore', async ({ clock, upcasters }) => {
    const schema = freshSchema('contract')
    const store = await openStore(schema, {
      clock,
      upcasters,
      maxConnections: 4,
      ...(groupEvents === undefined ? {} : { groupEvents }),
    })
    const events = `"${schema}".events`
    const others: Array<Awaited<ReturnType<typeof openStore>>> = []
    return {
      store,
      corrupt: async (streamId, revision, how) => {
        const data = how === 'payload' ? '{"tampered":true}' : '{this is not json'
        await admin.query(`UPDATE ${events} SET data = $3 WHERE stream_id = $1 AND revision = $2`, [
          streamId,
          revision.toString(),
          data,
        ])
      },
      another: async () => {
        const other = await openStore(schema, {
          clock,
          upcasters,
          maxConnections: 4,
          ...(groupEvents === undefined ? {} : { groupEvents }),
        })
        others.push(other)
        return other
      },
      teardown: async () => {
        for (const other of others) await other.close()()
        await store.close()()
        await dropSchema(admin, schema)
      },
    }
  })
})
