/**
 * The boundary fuzz suite through the shared adapter kit, on the in-process fake of the KurrentDB client.
 */
import * as E from 'fp-ts/Either'
import { eventStoreFuzz } from '@ikm-ledger/testkit'
import { createKurrentDbEventStore } from '../src'
import { FakeKurrentDbClient } from './support/FakeKurrentDbClient'

eventStoreFuzz('KurrentDbEventStore (fake client)', async () => {
  const client = new FakeKurrentDbClient({ systemNoise: true })
  const created = createKurrentDbEventStore({ client })
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
