/**
 * The last known head of recently used streams, so that an append can seal its batch without first reading
 * the head. A stale entry is harmless: the append function compares it with the locked row and answers with the
 * real head, and the appender re-seals.
 */
import type { StreamHead } from '@ikm-ledger/core'

/** A bounded least-recently-used map from stream id to head. */
export interface HeadCache {
  readonly get: (streamId: string) => StreamHead | undefined
  readonly set: (streamId: string, head: StreamHead) => void
  readonly delete: (streamId: string) => void
  readonly size: () => number
}

/** A cache keeping at most `capacity` heads (0 disables caching). */
export const headCache = (capacity: number): HeadCache => {
  const entries = new Map<string, StreamHead>()
  return {
    get: (streamId) => {
      const head = entries.get(streamId)
      if (head !== undefined) {
        // Map keeps insertion order: re-inserting marks the entry as most recently used.
        entries.delete(streamId)
        entries.set(streamId, head)
      }
      return head
    },
    set: (streamId, head) => {
      if (capacity <= 0) return
      entries.delete(streamId)
      entries.set(streamId, head)
      if (entries.size > capacity) {
        const oldest = entries.keys().next()
        if (oldest.done !== true) entries.delete(oldest.value)
      }
    },
    delete: (streamId) => {
      entries.delete(streamId)
    },
    size: () => entries.size,
  }
}
