/**
 * The whole event-store contract, run here against the in-process fake of the KurrentDB client
 * (`support/FakeKurrentDbClient.ts`): the strongest evidence of the adapter's logic available without a server.
 * What the fake does not model is listed at the top of that file; the same suite runs against a real server in
 * `KurrentDbEventStore.int.test.ts` when `KURRENTDB_CONNECTION_STRING` is set.
 */
import * as E from 'fp-ts/Either'
import { eventStoreContract } from '@ikm-ledger/testkit'
import { createKurrentDbEventStore } from '../src'
import { kurrentDbHarness } from './support/ContractHarness'
import { FakeKurrentDbClient } from './support/FakeKurrentDbClient'

// Damage is done on the fake's "disk", the way a real server could only be damaged.
eventStoreContract('KurrentDbEventStore (fake client)', async ({ clock, upcasters }) => {
  const client = new FakeKurrentDbClient({ systemNoise: true })
  const created = createKurrentDbEventStore({ client, clock, upcasters })
  if (E.isLeft(created)) throw new Error(`cannot create the store: ${created.left._tag}`)
  const store = created.right
  return {
    store,
    corrupt: async (streamId, revision, how) => client.tamper(streamId, revision, how),
    teardown: async () => {
      await store.close()()
    },
  }
})

// The exact harness of the real-server run (a namespace per test, damage through a redirected copy), on the fake.
let run = 0
eventStoreContract('KurrentDbEventStore (fake client, namespaced, real-server harness)', async (setup) => {
  run += 1
  const client = new FakeKurrentDbClient({ systemNoise: true })
  // Another tenant's events in the same database must stay invisible to this store.
  client.writeRaw('probe-foreign', 'ProbeRecorded', '{"n":1}', '{}')
  return kurrentDbHarness(client, `t${run}.`, setup)
})
