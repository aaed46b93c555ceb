import type { CivilDate, EventStore, Instant } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ledgerReport,
  programReport,
  reportHtml,
  reportJson,
  reportMarkdown,
  reportSectionIds,
  type AuditFindingRow,
} from '../src'
import { newsSeededStore, seededStore } from './fixtures/seeds'

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
      'findings',
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
      'findings',
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

  it('answers a program id or options of any shape with a short message, never a throw', async () => {
    const huge = await programReport(store, 'p'.repeat(100_000))()
    expect(E.isLeft(huge) && huge.left._tag).toBe('InvalidProjection')
    expect(JSON.stringify(E.isLeft(huge) && huge.left).length).toBeLessThan(400)
    for (const options of [null, 'x', 5]) {
      const bad = await programReport(store, 'prg-muba-led-2020', options as never)()
      expect(E.isLeft(bad) && JSON.stringify(bad.left)).toContain('the report options must be an object')
      const all = await ledgerReport(store, options as never)()
      expect(E.isLeft(all) && JSON.stringify(all.left)).toContain('the report options must be an object')
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

  it('gives no absorption (null, not 0) to a budget line with nothing allocated, in the JSON as in the data', async () => {
    const report = right(await ledgerReport(store)())
    const json = JSON.parse(reportJson(report)) as { budget: Array<{ revised: string; absorptionBp: number | null }> }
    expect(json.budget.length).toBeGreaterThan(0)
    for (const line of json.budget) expect([line.revised, line.absorptionBp]).toEqual(['0', null])
    expect(report.budget.every((b) => b.absorptionBp === null)).toBe(true)
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

describe('Report: audit findings', () => {
  const FINDING = 'bpk-dompu-disperindag-2020'
  let store: EventStore
  beforeAll(async () => {
    store = await newsSeededStore()
  }, 120_000)

  const dompu = async (options: Parameters<typeof programReport>[2] = {}) =>
    right(await programReport(store, 'prg-dompu-kopi-2020', options)())

  it("puts N1's BPK finding in the Dompu paper, overdue as of the paper's date, in English and Indonesian", async () => {
    const report = await dompu({ bounds: { asOf: '2022-12-31' as CivilDate } })
    expect([report.paperDate, report.paperDateSource]).toEqual(['2022-12-31', 'AS_OF'])
    expect(report.findings).toHaveLength(1)
    expect(report.findings[0]).toMatchObject({
      findingId: FINDING,
      auditor: 'BPK',
      auditorName: 'Badan Pemeriksa Keuangan',
      lhpDate: '2022-07-31',
      followUpDue: '2022-09-29',
      status: 'OPEN',
      overdue: true,
      daysOverdue: 93,
      daysOpen: 153,
      evidenceLevel: 'NEWS_REPORT',
      newsOnly: true,
      recommendationTexts: [],
      followUps: [],
    })
    expect(report.findings[0]?.condition).toContain('tersimpan pada gudang UKM Oi Amo')
    expect(reportSectionIds(report)).toContain('findings')
    const en = reportMarkdown(report, 'en')
    expect(en).toContain('## Audit findings of BPK, BPKP and the Inspektorat (RM-7)')
    expect(en).toContain(
      `| \`${FINDING}\` | BPK | 2022-07-31 | 2022-09-29 | overdue: no follow-up 93 days after the due date | 153 |`,
    )
    expect(en).toContain('Status as of: 2022-12-31 (the as-of bound)')
    expect(en).toContain('- **Auditor**: BPK — Badan Pemeriksa Keuangan')
    expect(en).toContain('- **Condition**: BPK: the goods bought with the SP2D were given to 8 IKM')
    expect(en).toContain('- **Criteria**: ketentuan penyaluran barang')
    expect(en).toContain('- **Evidence**: NEWS\\_REPORT · news only')
    const id = reportMarkdown(report, 'id')
    expect(id).toContain('## Temuan pemeriksaan BPK, BPKP dan Inspektorat (RM-7)')
    expect(id).toContain(
      `| \`${FINDING}\` | BPK | 2022-07-31 | 2022-09-29 | lewat batas: belum ditindaklanjuti 93 hari setelah batas | 153 |`,
    )
    expect(id).toContain('- **Rekomendasi**: belum tercatat (sumbernya tidak mengutip); minta LHP-nya')
    const html = reportHtml(report, 'id')
    expect(html).toContain('<section id="section-findings" data-section="findings">')
    expect(html).toContain('lewat batas: belum ditindaklanjuti 93 hari setelah batas')
    const json = JSON.parse(reportJson(report, 'en')) as { paperDate: string; findings: Array<Record<string, unknown>> }
    expect(json.paperDate).toBe('2022-12-31')
    expect(json.findings[0]).toMatchObject({
      findingId: FINDING,
      followUpDue: '2022-09-29',
      status: 'OPEN',
      overdue: true,
    })
    // The paper rests on the finding's stream too.
    expect(report.evidence.streamHeads.map((h) => h.streamId)).toContain(`audit-${FINDING}`)
  })

  it('tells an open finding before its due date from an overdue one, by the date the paper speaks for', async () => {
    const before = await dompu({ bounds: { asOf: '2022-09-01' as CivilDate } })
    expect(before.findings.map((f) => [f.status, f.overdue])).toEqual([['OPEN', false]])
    expect(reportMarkdown(before, 'en')).toContain('| 2022-09-29 | open | 32 |')
    expect(reportMarkdown(before, 'id')).toContain('| 2022-09-29 | terbuka | 32 |')
    const onTheDay = await dompu({ paperDate: '2022-09-29' as CivilDate })
    expect([onTheDay.paperDateSource, onTheDay.findings[0]?.overdue]).toEqual(['GIVEN', false])
    const dayAfter = await dompu({ paperDate: '2022-09-30' as CivilDate })
    expect(reportMarkdown(dayAfter, 'en')).toContain('overdue: no follow-up 1 day after the due date')
    // Before its LHP, nobody knew of it.
    expect((await dompu({ bounds: { asOf: '2022-07-30' as CivilDate } })).findings).toEqual([])
  })

  it('dates a paper without bounds by the latest date the ledger knows of, and one as known at an instant in WIB', async () => {
    const unbounded = await dompu()
    // The seeds are recorded from 2026-01-01T00:00:00Z on (steppingClock), 07:00 in Jakarta.
    expect([unbounded.paperDate, unbounded.paperDateSource]).toEqual(['2026-01-01', 'LAST_RECORDED'])
    expect(unbounded.findings[0]?.overdue).toBe(true)
    const known = await dompu({ bounds: { asKnownAt: '2026-01-01T17:30:00.000Z' as Instant } })
    expect([known.paperDate, known.paperDateSource]).toEqual(['2026-01-02', 'AS_KNOWN_AT'])
    const both = await dompu({
      bounds: { asOf: '2022-12-31' as CivilDate, asKnownAt: '2026-01-01T17:30:00.000Z' as Instant },
    })
    expect([both.paperDate, both.paperDateSource]).toEqual(['2022-12-31', 'AS_OF'])
    const bad = await programReport(store, 'prg-dompu-kopi-2020', { paperDate: '2022-02-30' as CivilDate })()
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidProjection')
  })

  it('says a followed-up or closed finding as such, and a late follow-up as late', async () => {
    const report = await dompu({ bounds: { asOf: '2022-12-31' as CivilDate } })
    const finding = report.findings[0]!
    const followedUp: AuditFindingRow = {
      ...finding,
      status: 'FOLLOW_UP_REPORTED',
      followUpReportedOn: '2022-10-09',
      overdue: false,
      daysOverdue: 10,
      followUps: [
        {
          followUpId: 'tl1',
          reportedOn: '2022-10-09',
          recommendationIds: ['r1'],
          action: 'peralatan dicatat sebagai aset',
        },
      ],
    }
    const closed: AuditFindingRow = { ...followedUp, status: 'CLOSED', closedOn: '2022-12-01', daysOverdue: 0 }
    const en = reportMarkdown({ ...report, findings: [followedUp, closed] }, 'en')
    expect(en).toContain('| followed up 2022-10-09 (10 days late) |')
    expect(en).toContain('| closed 2022-12-01 |')
    expect(en).toContain('- **Follow-ups reported**: 2022-10-09 (r1): peralatan dicatat sebagai aset')
    const id = reportMarkdown({ ...report, findings: [followedUp, closed] }, 'id')
    expect(id).toContain('| sudah ditindaklanjuti 2022-10-09 (terlambat 10 hari) |')
    expect(id).toContain('| selesai 2022-12-01 |')
  })

  it('lists every finding in the ledger-wide paper, and says so when there is none', async () => {
    const report = right(await ledgerReport(store, { bounds: { asOf: '2022-12-31' as CivilDate } })())
    expect(report.findings.map((f) => [f.findingId, f.programIds, f.overdue])).toEqual([
      [FINDING, ['prg-dompu-kopi-2020'], true],
    ])
    expect(reportSectionIds(report)).toContain('findings')
    expect(reportMarkdown(report, 'en')).toContain(`### Finding ${FINDING}`)
    expect(report.evidence.streamHeads.map((h) => h.streamId)).toContain(`audit-${FINDING}`)
    const none = right(await ledgerReport(store, { bounds: { asOf: '2021-12-31' as CivilDate } })())
    expect(none.findings).toEqual([])
    expect(reportMarkdown(none, 'en')).toContain('_No audit finding recorded._')
    expect(reportMarkdown(none, 'id')).toContain('_Tidak ada temuan pemeriksaan yang tercatat._')
  })
})
