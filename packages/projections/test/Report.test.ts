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
      'aspirations',
      'coverage',
      'evidence',
    ])
    // S0's budget line names its source without a figure: the paper says why there is no chart.
    expect(reportMarkdown(report)).toContain('Belum ada angka rupiah yang tercatat')
    expect(reportHtml(report)).not.toContain('<figure class="chart">')
    // S0 came from the ministry, not from a DPR member; it alone served Musi Banyuasin in 2020.
    expect(report.aspirations).toEqual([])
    expect(report.coverage).toEqual([
      {
        region: { code: '16.06', name: 'Kabupaten Musi Banyuasin' },
        fiscalYear: 2020,
        programIds: ['prg-muba-led-2020'],
        schemes: ['BIMTEK_DIVERSIFIKASI', 'BANTUAN_PERALATAN'],
        batches: 1,
        participants: 25,
        packages: 2,
      },
    ])
  })

  it("gives S1's paper its DPR aspirasi line and the coverage of Palembang and Banyuasin in 2018", async () => {
    const report = right(await programReport(store, 'prg-sumsel-wub-2018')())
    expect(report.aspirations.map((a) => [a.member, a.fiscalYear, a.commissions, a.packages])).toEqual([
      ['Bambang Wasista Bambang Utoyo', 2018, ['VI'], { withGovernment: 2, withRecipients: 0, writtenOff: 0 }],
    ])
    expect(report.coverage.map((c) => [c.region.code, c.programIds, c.batches, c.packages])).toEqual([
      ['16.07', ['prg-sumsel-wub-2018'], 0, 2],
      ['16.71', ['prg-sumsel-wub-2018'], 1, 2],
    ])
    const md = reportMarkdown(report)
    expect(md).toContain('## Aspirasi DPR (RM-9)')
    expect(md).toContain('| Bambang Wasista Bambang Utoyo | 2018 | VI |')
    expect(md).toContain('## Cakupan wilayah (RM-10)')
  })

  it('lists every aspirasi line and every region served in the ledger-wide report', async () => {
    const report = right(await ledgerReport(store, { bounds: { asOf: '2020-06-30' as CivilDate } })())
    expect(report.aspirations.map((a) => a.member)).toEqual(['Bambang Wasista Bambang Utoyo'])
    expect(report.coverage).toHaveLength(17)
    expect(report.coverage.some((c) => c.region.code === '16.06')).toBe(false)
    expect(reportSectionIds(report)).toEqual([
      'programs',
      'proposals',
      'budget',
      'custody',
      'documents',
      'facilities',
      'aspirations',
      'coverage',
      'evidence',
    ])
  })

  it('writes hostile text into Markdown as text: no raw HTML, no broken table, no Markdown markup', async () => {
    const report = right(await programReport(store, 'prg-muba-led-2020')())
    const title = '</title><script>alert(1)</script> | **bold** [x](http://evil.example) `code`\nline'
    const md = reportMarkdown({ ...report, program: { ...report.program, title } })
    expect(md).not.toMatch(/<script|<\/title>|\*\*bold\*\*|\[x\]\(/)
    expect(md).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\* \\[x\\](http://evil.example) `code` line',
    )
    // Every table row still has as many cells as its header: no pipe of the text splits a cell.
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length
    const tables = md.split('\n\n').filter((b) => b.startsWith('| '))
    expect(tables.length).toBeGreaterThan(0)
    for (const table of tables) {
      const [header, ...rows] = table.split('\n').filter((line) => line.startsWith('|'))
      for (const row of rows) expect(cells(row)).toBe(cells(header!))
    }
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
