import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bimtekParticipants } from '../src/bimtekParticipants'

describe('the bimtek participants example', () => {
  it('checks, selects, trains and certifies people from the vault, refuses one over the age limit, and erases one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-participants-test-'))
    try {
      const path = join(dir, 'ledger.sqlite')
      const lines = await bimtekParticipants(path)
      expect(lines.filter((l) => l.startsWith('selected'))).toEqual([
        'selected p-01',
        'selected p-02',
        'selected p-03',
        'selected p-04',
        'selected p-05',
      ])
      expect(lines.find((l) => l.startsWith('refused p-06'))).toContain('R11: cannot select participant p-06: aged 45')
      expect(lines).toContain('participants shown as erased: p-02')
      expect(lines).toContain('RM-4 (public): 4 of 4 cells suppressed (fewer than 5 people)')
      expect(lines.filter((l) => l.startsWith('  63.'))).toEqual([
        '  63.71 F 25-35 1 1 1 0/0 0',
        '  63.71 M 25-35 2 1 1 0/0 1',
        '  63.72 F <18   1 1 1 1/1 0',
        '  63.72 F 18-24 1 1 1 0/0 0',
      ])
      expect(lines.at(-2)).toBe(
        'breach inventory: 5 held, 1 erased; BIRTH_DATE 5, CHILD_DATA 1, DOMICILE 5, GUARDIAN 1, NAME 5, NIK 5, PHONE 5, SEX 5',
      )
      expect(lines.at(-1)).toMatch(/^every hash chain verifies: \d+ events in 7 streams$/)
      const file = readFileSync(path)
      for (const secret of ['Contoh Fauzan', 'Contoh Rahmawati', 'Contoh Wali Putri', '1999-09-02']) {
        expect(file.includes(Buffer.from(secret))).toBe(false)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
