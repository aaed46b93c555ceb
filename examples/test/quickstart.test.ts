import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { quickstart } from '../src/quickstart'

describe('the README quickstart', () => {
  it('appends two facts, reads them back with their hashes and replays the stream as of a date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-quickstart-test-'))
    try {
      const lines = await quickstart(join(dir, 'ledger.db'))
      expect(lines).toHaveLength(3)
      expect(lines[0]).toMatch(/^0 ProgramRegistered 2020-11-02 [0-9a-f]{12}…$/)
      expect(lines[1]).toMatch(/^1 FundingAllocated 2020-11-20 [0-9a-f]{12}…$/)
      expect(lines[2]).toBe('as of 2020-11-10: ProgramRegistered')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
