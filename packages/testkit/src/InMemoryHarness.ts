/**
 * The contract harness of the in-memory store: the store over storage the harness can reach, so a test can damage
 * a stored row the way a disk or a hand edit would.
 *
 * @since 0.1.0
 */
import { createInMemoryEventStore, inMemoryStorage, type StoreOptions } from '@ikm-ledger/core'
import type { EventStoreHarness } from './EventStoreContract'

/**
 * A fresh in-memory store and its harness. Also handy as a throwaway store in other packages' tests.
 *
 * @example
 * eventStoreContract('InMemoryEventStore', async (options) => inMemoryHarness(options))
 *
 * @category harness
 * @since 0.1.0
 */
export const inMemoryHarness = (options: StoreOptions = {}): EventStoreHarness => {
  const storage = inMemoryStorage()
  const store = createInMemoryEventStore({ ...options, storage })
  return {
    store,
    corrupt: async (streamId, revision, how) => {
      const index = storage.streams.get(streamId)?.[Number(revision)]
      const row = index === undefined ? undefined : storage.rows[index]
      if (index === undefined || row === undefined) {
        throw new Error(`cannot corrupt ${streamId} at revision ${revision}: no such event is stored`)
      }
      storage.rows[index] =
        how === 'payload'
          ? { ...row, data: JSON.stringify({ tampered: true, was: row.data.length }) }
          : { ...row, data: '{"broken": ' }
    },
    teardown: async () => {
      await store.close()()
    },
  }
}
