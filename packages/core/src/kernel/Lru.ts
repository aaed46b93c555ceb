/**
 * A bounded least-recently-used map, for the caches adapters keep (stream heads, stream state). A `Map` keeps
 * insertion order, so a hit re-inserts its key at the end and the first key is always the least recently used.
 *
 * @since 0.2.0
 */

/**
 * A bounded least-recently-used map.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface Lru<K, V> {
  readonly get: (key: K) => V | undefined
  readonly set: (key: K, value: V) => void
  readonly delete: (key: K) => void
  readonly size: () => number
}

/**
 * A map keeping at most `capacity` entries, forgetting the least recently used first; a capacity of 0 (or less)
 * remembers nothing.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const lru = <K, V>(capacity: number): Lru<K, V> => {
  const entries = new Map<K, V>()
  return {
    get: (key) => {
      const value = entries.get(key)
      if (value !== undefined) {
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set: (key, value) => {
      if (capacity <= 0) return
      entries.delete(key)
      entries.set(key, value)
      while (entries.size > capacity) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
      }
    },
    delete: (key) => {
      entries.delete(key)
    },
    size: () => entries.size,
  }
}
