import { piiVaultContract } from '../src'
import { createInMemoryVaultStorage, type VaultStorage } from '@ikm-ledger/core/domain'

// The in-memory medium is the storage's own state: every byte it keeps, serialised.
const snapshot = async (storage: VaultStorage): Promise<ReadonlyArray<Uint8Array>> => {
  const chunks: Array<Uint8Array> = []
  const inventory = await storage.inventory()()
  if (inventory._tag === 'Left') throw new Error(inventory.left._tag)
  for (const row of inventory.right) {
    const found = await storage.lookup(row.personId)()
    if (found._tag === 'Left') throw new Error(found.left._tag)
    chunks.push(new TextEncoder().encode(JSON.stringify(row)))
    if (found.right._tag === 'Held') {
      chunks.push(
        found.right.entry.sealed,
        found.right.key.wrapped,
        new TextEncoder().encode(found.right.entry.nikDigest),
      )
    }
    const log = await storage.accessLog(row.personId)()
    if (log._tag === 'Right') chunks.push(new TextEncoder().encode(JSON.stringify(log.right)))
  }
  return chunks
}

piiVaultContract({
  name: 'memory',
  harness: async () => {
    const storage = createInMemoryVaultStorage()
    return { storage, rawBytes: () => snapshot(storage), close: async () => undefined }
  },
})
