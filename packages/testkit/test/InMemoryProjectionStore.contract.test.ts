import {
  categoryOf,
  inMemoryProjectionStorage,
  createInMemoryProjectionStore,
  persistedProjection,
  type MemoryTables,
} from '@ikm-ledger/core'
import { projectionStoreContract, type CounterProjectionOptions } from '../src/index'

type Counts = Readonly<Record<string, number>>

const memoryCounter = (options: CounterProjectionOptions) =>
  persistedProjection<MemoryTables>({
    name: options.name,
    version: options.version,
    handles: options.handles,
    tables: [options.table],
    setup: (tx, table) => {
      if (tx.get(table(options.table)) === undefined) tx.set(table(options.table), {})
    },
    apply: (tx, events, table) => {
      // Tables are replaced, never changed in place: a failed batch then leaves the committed value as it was.
      const counts: Record<string, number> = { ...(tx.get(table(options.table)) as Counts) }
      for (const event of events) {
        const rejected = options.reject(event)
        if (rejected !== undefined) throw new Error(rejected)
        const category = categoryOf(event.streamId)
        counts[category] = (counts[category] ?? 0) + options.weight
      }
      tx.set(table(options.table), counts)
      options.onApply(events)
    },
  })

projectionStoreContract('InMemoryProjectionStore', {
  counter: memoryCounter,
  open: async () => {
    const storage = inMemoryProjectionStorage()
    const store = createInMemoryProjectionStore(storage)
    return {
      projectionStore: store,
      readCounts: async (table, version) =>
        store.read(version === undefined ? table : `${table}__v${version}`) as Counts | undefined,
      reopen: async () => createInMemoryProjectionStore(storage),
      teardown: async () => undefined,
    }
  },
})
