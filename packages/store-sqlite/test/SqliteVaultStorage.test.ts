import { checkLogAfterShredding, foundIn, piiVaultContract, runShreddingScenario } from '@ikm-ledger/testkit'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteEventStore, createSqliteVaultStorage } from '../src'

// Every byte SQLite keeps for the file: the main database, its WAL and its shared-memory index.
const fileBytes = (path: string): ReadonlyArray<Uint8Array> =>
  [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter(existsSync).map((p) => readFileSync(p))

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ikm-pii-'))
  return { path: join(dir, 'ledger.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

piiVaultContract({
  name: 'SQLite',
  harness: async () => {
    const file = tempFile()
    const opened = createSqliteVaultStorage({ path: file.path })
    if (E.isLeft(opened)) throw new Error(opened.left._tag)
    return {
      storage: opened.right,
      rawBytes: async () => fileBytes(file.path),
      close: async () => {
        opened.right.close()
        file.remove()
      },
    }
  },
})

describe('SqliteVaultStorage beside the event store', () => {
  it('after an erasure, the file and its WAL hold none of the person’s fields nor their wrapped key, the chains verify and a consistency proof from before the erasure holds', async () => {
    const file = tempFile()
    const db = new Database(file.path)
    const store = createSqliteEventStore({ database: db })
    const storage = createSqliteVaultStorage({ database: db })
    if (E.isLeft(store) || E.isLeft(storage)) throw new Error('cannot open the file')
    const outcome = await runShreddingScenario(store.right, storage.right)
    const bytes = fileBytes(file.path)
    expect(bytes.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(4096)
    expect(foundIn(bytes, [...outcome.erasedFields, ...outcome.erasedKeys])).toEqual([])
    expect(foundIn(bytes, outcome.heldSecrets)).toEqual([])
    // A consistency proof from the Merkle tree before the erasure to the tree after it verifies: the log only grew.
    expect(await checkLogAfterShredding(store.right, outcome)).toEqual({
      breaks: 0,
      eventsChecked: outcome.eventsBefore + 1,
      consistent: true,
      headsUnchanged: true,
    })
    db.close()
    file.remove()
  })
})
