import { describe } from 'vitest'
import { createInMemoryEventStore, inMemoryStorage, type InMemoryRow, type InMemoryStorage } from '@ikm-ledger/core'
import { tamperMatrix, type EventAt, type StoredColumn, type Tamperer } from '../src'

// The in-memory store's rows are objects in an array, indexed by stream; a test may replace a row in place
// (never add or remove one), so the attacks that apply are the edits of a row's columns and rewrites.
const FIELDS: Partial<Record<StoredColumn, keyof InMemoryRow>> = {
  category: 'category',
  event_id: 'eventId',
  type: 'type',
  schema_version: 'schemaVersion',
  data: 'data',
  metadata: 'metadata',
  occurred_on: 'occurredOn',
  recorded_at: 'recordedAt',
  hash: 'hash',
  prev_hash: 'prevHash',
}

const memoryTamperer = (storage: InMemoryStorage): Tamperer => {
  const indexOf = (at: EventAt): number => {
    const index = storage.streams.get(at.streamId)?.[Number(at.revision)]
    if (index === undefined) throw new Error(`no stored event ${at.streamId}@${at.revision}`)
    return index
  }
  return {
    row: async (at) => {
      const row = storage.rows[indexOf(at)]!
      return {
        position: row.position,
        stream_id: row.streamId,
        category: row.category,
        revision: row.revision,
        event_id: row.eventId,
        type: row.type,
        schema_version: BigInt(row.schemaVersion),
        data: row.data,
        metadata: row.metadata,
        occurred_on: row.occurredOn,
        recorded_at: row.recordedAt,
        hash: row.hash,
        prev_hash: row.prevHash,
      }
    },
    update: async (at, set) => {
      const index = indexOf(at)
      const row: Record<string, unknown> = { ...storage.rows[index]! }
      for (const [column, value] of Object.entries(set)) {
        const field = FIELDS[column as StoredColumn]
        if (field === undefined) return 'refused'
        row[field] = field === 'schemaVersion' && typeof value === 'bigint' ? Number(value) : value
      }
      storage.rows[index] = row as unknown as InMemoryRow
      return 'done'
    },
  }
}

describe('InMemoryEventStore', () => {
  tamperMatrix('InMemoryEventStore', {
    open: async () => {
      const storage = inMemoryStorage()
      const store = createInMemoryEventStore({ storage })
      return { store, tamperer: memoryTamperer(storage), teardown: async () => undefined }
    },
    columns: Object.keys(FIELDS) as Array<StoredColumn>,
    threats: [
      ...Object.keys(FIELDS).map((column) => `column:${column}`),
      'relink:middle',
      'rewrite:stream',
      'rewrite:log',
      'fork',
    ],
  })
})
