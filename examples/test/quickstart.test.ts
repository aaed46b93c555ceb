import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const quickstart = join(root, 'examples', 'src', 'quickstart.ts')

const readmeBlock = (): string => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.split(/^## /m).find((part) => part.startsWith('A first example'))
  const block = section === undefined ? undefined : /```ts\n([\s\S]*?)```/.exec(section)
  if (block?.[1] === undefined) throw new Error('README.md has no ```ts block under "## A first example"')
  return block[1]
}

describe('the README quickstart', () => {
  it('is examples/src/quickstart.ts, word for word', () => {
    expect(readmeBlock()).toBe(readFileSync(quickstart, 'utf8'))
  })

  it('runs as written: registers and approves with expected revisions, reads back, replays as of a date, loads the state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-quickstart-test-'))
    try {
      const tsx = join(root, 'node_modules', '.bin', 'tsx')
      const out = execFileSync(tsx, ['--conditions=@ikm-ledger/source', quickstart], { cwd: dir, encoding: 'utf8' })
      const lines = out.trim().split('\n')
      expect(lines).toHaveLength(4)
      expect(lines[0]).toMatch(/^0n ProgramRegistered 2020-04-02 [0-9a-f]{64}$/)
      expect(lines[1]).toMatch(/^1n ProgramApproved 2020-04-06 [0-9a-f]{64}$/)
      expect(lines[2]).toBe('as of 2020-04-03: ProgramRegistered')
      expect(lines[3]).toBe('program APPROVED 1n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
