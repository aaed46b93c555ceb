import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runShreddingScenario, samplePerson } from '@ikm-ledger/testkit'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createSqliteEventStore, createSqliteVaultStorage } from '@ikm-ledger/store-sqlite'
import { openStoreFromUrl, runCli } from '../src'

describe('ikm-ledger pii-inventory', () => {
  it('lists the categories of personal data held for a program’s people, and who was erased, without printing any', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-cli-pii-'))
    const path = join(dir, 'ledger.sqlite')
    const db = new Database(path)
    const store = createSqliteEventStore({ database: db })
    const storage = createSqliteVaultStorage({ database: db })
    if (E.isLeft(store) || E.isLeft(storage)) throw new Error('cannot open the file')
    await runShreddingScenario(store.right, storage.right)
    db.close()
    const out: Array<string> = []
    const err: Array<string> = []
    const code = await runCli(['pii-inventory', 'prg-shred', '--store', path], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      openStore: (url) => openStoreFromUrl(url),
    })
    expect([code, err]).toEqual([0, []])
    const text = out.join('\n')
    expect(out.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['p-001', 'ERASED'],
      ['p-002', 'HELD'],
      ['p-003', 'HELD'],
    ])
    expect(text).toContain('people held: 2, erased: 1, named but not in the vault: 0')
    expect(text).toContain('categories held: ADDRESS 2, BIRTH_DATE 2, DOMICILE 2, NAME 2, NIK 2, PHONE 2, SEX 2')
    for (const n of [1, 2, 3]) for (const secret of samplePerson(n).secrets) expect(text).not.toContain(secret)
    rmSync(dir, { recursive: true, force: true })
  })
})
