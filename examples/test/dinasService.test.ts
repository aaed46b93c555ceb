import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dinasService } from '../src/dinasService'

describe('the dinas service example', () => {
  it('answers JSON commands with revisions, a stale screen with 409, and a broken rule with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-service-test-'))
    try {
      const replies = await dinasService(join(dir, 'ledger.db'))
      expect(replies.map((r) => r.status)).toEqual([200, 200, 409, 200, 422])
      expect(replies[1]?.body).toBe('revision 1')
      expect(replies[2]?.body).toContain('was expected at 0 but is at 1')
      expect(replies[4]?.body).toContain('is APPROVED, not FUNDED for training (rule R7); allocate funding first')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
