/**
 * Ours in memory: the reference line (no I/O at all, so it shows what the kernel itself costs).
 */
import {
  createInMemoryEventStore,
  createInMemoryProjectionStore,
  persistedProjection,
  type MemoryTables,
} from '@ikm-ledger/core'
import type { OpenSubject } from '../Subject'
import { oursSubject } from './Ours'

export const openOursMemory: OpenSubject = async () => {
  const store = createInMemoryEventStore()
  return oursSubject<MemoryTables>({
    backend: 'memory',
    describe: 'createInMemoryEventStore + createInMemoryProjectionStore',
    store,
    projections: async () => ({
      projectionStore: createInMemoryProjectionStore(),
      projection: (name) =>
        persistedProjection<MemoryTables>({
          name,
          version: 1,
          handles: 'all',
          tables: ['streams'],
          setup: (tx, table) => {
            if (tx.get(table('streams')) === undefined) tx.set(table('streams'), new Map())
          },
          apply: (tx, events, table) => {
            const rows = new Map(tx.get(table('streams')) as Map<string, { events: number; lastType: string }>)
            for (const event of events) {
              rows.set(event.streamId, { events: (rows.get(event.streamId)?.events ?? 0) + 1, lastType: event.type })
            }
            tx.set(table('streams'), rows)
          },
        }),
    }),
    close: async () => {
      // Closing twice is the only failure, and a bench closes once.
      await store.close()()
    },
  })
}
