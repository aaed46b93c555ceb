import type { CivilDate, EventStore } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import { ledgerReport, programReport, reportHtml, reportJson, reportMarkdown, reportSectionIds } from '../src'
import { seededStore } from './fixtures/seeds'

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left))
  return either.right
}

describe('Report', () => {
  let store: EventStore
  beforeAll(async () => {
    store = await seededStore()
  }, 120_000)

  it("assembles S0's working paper as of 31 December 2020 from every read model and the timeline", async () => {
    const report = right(
      await programReport(store, 'prg-muba-led-2020', { bounds: { asOf: '2020-12-31' as CivilDate } })(),
    )
    expect(report.program.state).toBe('IN_EXECUTION')
    expect(report.timeline.every((f) => f.occurredOn <= '2020-12-31')).toBe(true)
    expect(report.custody.map((c) => [c.packageId, c.chain.length, c.ceremonies.length])).toEqual([
      ['pkg-muba-led-a', 2, 1],
      ['pkg-muba-led-b', 2, 1],
    ])
    expect(report.checklist.map((r) => r.streamId)).toEqual([
      'equipment-pkg-muba-led-a',
      'equipment-pkg-muba-led-b',
      'facility-fac-sentra-led-muba',
      'program-prg-muba-led-2020',
    ])
    expect(report.facilities.map((f) => f.facilityId)).toEqual(['fac-sentra-led-muba'])
    expect(report.budget.map((b) => [b.period, b.source, b.asserted])).toEqual([['2020', 'APBN_KL', true]])
    expect(report.evidence.streamHeads.map((h) => [h.streamId, h.revision])).toEqual([
      ['equipment-pkg-muba-led-a', 4n],
      ['equipment-pkg-muba-led-b', 4n],
      ['facility-fac-sentra-led-muba', 0n],
      ['program-prg-muba-led-2020', 35n],
    ])
    expect(reportSectionIds(report)).toEqual([
      'identity',
      'timeline',
      'budget',
      'custody',
      'production',
      'documents',
      'facilities',
      'evidence',
    ])
  })

  it('refuses a program that is not registered within the bounds', async () => {
    const early = await programReport(store, 'prg-muba-led-2020', { bounds: { asOf: '2020-06-30' as CivilDate } })()
    expect(E.isLeft(early) && early.left._tag).toBe('InvalidProjection')
    const unknown = await programReport(store, 'prg-nope')()
    expect(E.isLeft(unknown) && JSON.stringify(unknown.left)).toContain('program prg-nope is not registered')
  })

  it('carries the same figures in JSON, Markdown and HTML, in rupiah and in Indonesian by default', async () => {
    const report = right(await ledgerReport(store, { source: 'ledger.db', sourceSha256: 'ab'.repeat(32) })())
    const json = JSON.parse(reportJson(report)) as {
      format: string
      lang: string
      budget: Array<{ importedApproximate: string }>
    }
    expect([json.format, json.lang]).toEqual(['ikm-ledger.report/1', 'id'])
    expect(json.budget.map((b) => b.importedApproximate)).toContain('24300000000')
    const md = reportMarkdown(report)
    const html = reportHtml(report)
    for (const text of ['≈ Rp24.300.000.000', '≈ Rp2.700.000.000', 'Anggaran dan realisasi (RM-2)', 'ab'.repeat(32)]) {
      expect(md).toContain(text)
      expect(html).toContain(text)
    }
    expect(reportMarkdown(report, 'en')).toContain('Budget and realisation (RM-2)')
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import|url\(/)
  })

  it('shows the checkpoint when one is given, and says how to make one when none is', async () => {
    const without = right(await ledgerReport(store)())
    expect(reportMarkdown(without, 'en')).toContain('No checkpoint yet; make one with `ikm-ledger checkpoint`')
    const withCheckpoint = right(
      await ledgerReport(store, { checkpoint: { treeSize: 333n, rootHash: 'cd'.repeat(32), keyId: 'key-2026' } })(),
    )
    const md = reportMarkdown(withCheckpoint, 'en')
    expect(md).toContain('Merkle log checkpoint: Tree size**: 333')
    expect(md).toContain('cd'.repeat(32))
    expect(md).toContain('key-2026')
  })
})
