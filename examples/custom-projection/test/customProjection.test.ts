import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { customProjection } from '../index'

describe('the custom-projection example', () => {
  it('counts participants per region in memory and in SQLite, and follows a live append', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-custom-projection-test-'))
    try {
      const output = await customProjection(dir)
      expect(output.inMemory).toEqual({ 'Jawa Tengah': 3, 'DI Yogyakarta': 1, Bali: 1 })
      expect(output.caughtUpTo).toBe(5n)
      expect(output.sqlite).toEqual([
        { region: 'Bali', n: 1 },
        { region: 'DI Yogyakarta', n: 1 },
        { region: 'Jawa Tengah', n: 3 },
      ])
      expect(output.afterLiveAppend).toEqual([
        { region: 'Bali', n: 2 },
        { region: 'DI Yogyakarta', n: 1 },
        { region: 'Jawa Tengah', n: 3 },
      ])
      expect(output.status).toEqual({
        _tag: 'CaughtUp',
        projection: 'participants-per-region',
        version: 1,
        position: 6n,
        head: 6n,
        lag: 0n,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
