/**
 * The vault's storage in memory, for tests and examples; it runs the same contract suite as the SQLite and
 * PostgreSQL tables.
 *
 * @since 0.1.0
 */
import * as TE from 'fp-ts/TaskEither'
import type { VaultAccess, VaultEntry, VaultInventoryRow, VaultKey, VaultStorage } from './VaultStorage'

/**
 * An empty vault storage in memory.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createInMemoryVaultStorage = (): VaultStorage => {
  const entries = new Map<string, VaultEntry>()
  const keys = new Map<string, VaultKey>()
  const erased = new Map<
    string,
    { readonly categories: ReadonlyArray<string>; readonly storedAt: string; readonly erasedAt: string }
  >()
  const digests = new Map<string, string>()
  const log: Array<VaultAccess> = []
  const row = (personId: string): VaultInventoryRow | undefined => {
    const e = entries.get(personId)
    if (e !== undefined) return { personId, categories: e.categories, storedAt: e.storedAt, erasedAt: null }
    const gone = erased.get(personId)
    return gone === undefined ? undefined : { personId, ...gone }
  }
  return {
    insert: (entry, key) =>
      TE.fromIO(() => {
        const holder = digests.get(entry.nikDigest)
        if (holder !== undefined) return { _tag: 'DigestTaken' as const, personId: holder }
        if (entries.has(entry.personId) || erased.has(entry.personId)) {
          return { _tag: 'DigestTaken' as const, personId: entry.personId }
        }
        entries.set(entry.personId, entry)
        keys.set(entry.personId, key)
        digests.set(entry.nikDigest, entry.personId)
        return { _tag: 'Inserted' as const }
      }),
    findByDigest: (nikDigest) => TE.fromIO(() => digests.get(nikDigest)),
    lookup: (personId) =>
      TE.fromIO(() => {
        const entry = entries.get(personId)
        const key = keys.get(personId)
        if (entry !== undefined && key !== undefined) return { _tag: 'Held' as const, entry, key }
        const gone = erased.get(personId)
        return gone === undefined ? { _tag: 'Absent' as const } : { _tag: 'Erased' as const, erasedAt: gone.erasedAt }
      }),
    shred: (personId, erasedAt) =>
      TE.fromIO(() => {
        const entry = entries.get(personId)
        if (entry === undefined) return false
        entries.delete(personId)
        keys.delete(personId)
        digests.delete(entry.nikDigest)
        erased.set(personId, { categories: entry.categories, storedAt: entry.storedAt, erasedAt })
        return true
      }),
    inventory: (personIds) =>
      TE.fromIO(() => {
        const ids = personIds ?? [...entries.keys(), ...erased.keys()]
        return [...new Set(ids)].sort().flatMap((id) => {
          const r = row(id)
          return r === undefined ? [] : [r]
        })
      }),
    keys: () => TE.fromIO(() => [...keys.values()]),
    replaceKey: (key) =>
      TE.fromIO(() => {
        if (keys.has(key.personId)) keys.set(key.personId, key)
      }),
    logAccess: (access) =>
      TE.fromIO(() => {
        log.push(access)
      }),
    accessLog: (personId) => TE.fromIO(() => log.filter((a) => a.personId === personId)),
  }
}
