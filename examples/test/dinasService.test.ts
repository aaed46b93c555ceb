import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dinasService } from '../src/dinasService'

describe('the dinas service example', () => {
  it('answers commands with revisions or problem documents, and serves states now and as of a date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-service-test-'))
    try {
      const replies = await dinasService(join(dir, 'ledger.db'))
      expect(replies.map((r) => r.status)).toEqual([200, 200, 412, 200, 422, 400, 200, 200, 404])
      expect(replies[1]?.body).toEqual({ revision: '1' })
      expect(replies[2]?.body).toMatchObject({
        type: 'urn:ikm-ledger:problem:WrongExpectedRevision',
        status: 412,
        expected: '0',
        actual: '1',
        detail: expect.stringContaining('was expected at 0 but is at 1'),
      })
      expect(replies[4]?.body).toMatchObject({
        title: 'RuleViolation',
        rule: 'R7',
        detail: expect.stringContaining('is APPROVED, not FUNDED for training (rule R7); allocate funding first'),
      })
      expect(replies[5]?.body).toMatchObject({ title: 'InvalidCommand', status: 400 })
      expect(replies[6]?.body).toMatchObject({ category: 'program', revision: '2', state: { status: 'APPROVED' } })
      expect(replies[7]?.body).toMatchObject({ revision: '0', state: { status: 'PLANNED' } })
      expect(replies[8]?.body).toMatchObject({ title: 'UnknownEntity', status: 404 })
      // Every body is plain JSON: what an HTTP framework sends as it is.
      for (const reply of replies) expect(JSON.parse(JSON.stringify(reply.body))).toEqual(reply.body)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
