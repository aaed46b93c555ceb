import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { THREAT_MODEL, threatModelTable } from '../src'

const START = '<!-- threat-model:start (rendered by threatModelTable in packages/testkit/src/ThreatModel.ts) -->'
const END = '<!-- threat-model:end -->'

/** The cells of a Markdown table, line by line, whatever padding a formatter gave them. */
const cells = (table: string): ReadonlyArray<ReadonlyArray<string>> =>
  table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^:?-+:?$/, '---')),
    )

describe('ThreatModel', () => {
  it('is the table docs/audit.md shows, line for line', () => {
    const doc = readFileSync(new URL('../../../docs/audit.md', import.meta.url), 'utf8')
    const start = doc.indexOf(START)
    const end = doc.indexOf(END)
    expect(start, 'docs/audit.md has the start marker').toBeGreaterThan(-1)
    expect(end, 'docs/audit.md has the end marker').toBeGreaterThan(start)
    expect(cells(doc.slice(start + START.length, end))).toEqual(cells(threatModelTable()))
  })

  it('covers every attack the issue names, each with a check that catches it once a checkpoint is kept', () => {
    const ids = THREAT_MODEL.map((t) => t.id)
    for (const id of [
      'delete:first',
      'delete:middle',
      'truncate',
      'stream:all',
      'reorder:across',
      'rewrite:log',
      'fork',
    ]) {
      expect(ids).toContain(id)
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(THREAT_MODEL.filter((t) => t.id !== 'null' && !t.checkpoint)).toEqual([])
  })
})
