import type { EventStore } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import { ledgerReport, programReport, reportHtml, reportMarkdown, type BudgetLineRow, type ProgramReport } from '../src'
import { isKnownPhrase } from '../src/internal/Phrases'
import { newsSeededStore } from './fixtures/seeds'

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left))
  return either.right
}

const line: BudgetLineRow = {
  fiscalYear: 2022,
  period: '2022',
  source: 'DAK_FISIK',
  region: { code: '13.73', name: 'Kota Sawahlunto' },
  asserted: false,
  allocated: 2_790_000_000n,
  revised: 2_790_000_000n,
  tranchesReceived: 0n,
  realised: 1_999_999_999n,
  reversed: 0n,
  absorptionBp: 7168,
  importedApproximate: 9_007_199_254_740_993n,
  importedExact: 0n,
  programIds: ['prg-muba-led-2020'],
  facilityIds: [],
}

/** The text of every `<text class="value">` label of the page's charts. */
const chartLabels = (html: string): ReadonlyArray<string> =>
  [...html.matchAll(/<text [^>]*class="value">([^<]*)<\/text>/g)].map((m) => m[1] ?? '')

describe('ReportRender', () => {
  let store: EventStore
  let programIds: ReadonlyArray<string>
  beforeAll(async () => {
    store = await newsSeededStore()
    programIds = right(await ledgerReport(store)()).programs.map((p) => p.programId)
  }, 120_000)

  const paper = async (programId: string): Promise<ProgramReport> => right(await programReport(store, programId)())

  it('rounds the chart labels half up to one decimal and groups their thousands, in each language', async () => {
    const report = { ...(await paper('prg-muba-led-2020')), budget: [line] }
    expect(chartLabels(reportHtml(report, 'id'))).toEqual(['Rp2,8 M', 'Rp2,0 M', 'Rp9.007,2 T'])
    expect(chartLabels(reportHtml(report, 'en'))).toEqual(['Rp2.8 bn', 'Rp2.0 bn', 'Rp9,007.2 tn'])
    // The exact figure stays in the bar's title and the table.
    expect(reportHtml(report, 'id')).toContain('<title>Realisasi: Rp1.999.999.999</title>')
    expect(reportHtml(report, 'en')).toContain('<title>Realised: Rp1,999,999,999</title>')
  })

  it('writes counts and percentages in id-ID in the Indonesian paper and in English in the English one', async () => {
    const report = await paper('prg-kalsel-dekon-2020')
    const id = reportMarkdown(report, 'id')
    expect(id).toContain('| masker kain sasirangan | - | PCS | 6.034 | 6.034 | 0 | 100,00% |')
    expect(id).toContain('| minuman herbal | - | ML | 900.000 | 899.250 | 0 | 99,91% |')
    const en = reportMarkdown(report, 'en')
    expect(en).toContain('| masker kain sasirangan | - | PCS | 6,034 | 6,034 | 0 | 100.00% |')
    expect(en).toContain('| minuman herbal | - | ML | 900,000 | 899,250 | 0 | 99.91% |')
    // A fiscal year, a revision and a position are identifiers: never grouped.
    expect(id).toContain('- **Tahun anggaran**: 2020')
    expect(id).not.toMatch(/2\.020/)
  })

  it('writes rupiah with the thousands separator of the paper’s language', async () => {
    const report = right(await ledgerReport(store)())
    expect(reportMarkdown(report, 'id')).toContain('≈ Rp24.300.000.000')
    expect(reportMarkdown(report, 'en')).toContain('≈ Rp24,300,000,000')
    expect(reportMarkdown(report, 'en')).not.toContain('Rp24.300.000.000')
  })

  it("says the Dompu paper's due step, gap notes, document steps and recipients in Indonesian", async () => {
    const id = reportMarkdown(await paper('prg-dompu-kopi-2020'), 'id')
    expect(id).toContain(
      '- **Langkah berikutnya**: tindak lanjuti 1 temuan pemeriksaan yang masih terbuka (rekomendasi LHP)',
    )
    expect(id).toContain('| KONTRAK | peralatan diadakan | TIDAK ADA |')
    expect(id).toContain('| NPHD | dihibahkan kepada 8 penerima | TIDAK ADA |')
    expect(id).toContain('diimpor tanpa bukti: KONTRAK dan BAST\\_PENYEDIA\\_PPK tidak ada (2020-12-30)')
    expect(id).toContain('| usaha milik prs-dompu-oi-amo-owner | BAST\\_OPERASIONAL 090/289/Disperindag/2020 |')
    expect(id).toContain('APBD\\_KABKOTA disebut tanpa nilai')
    for (const english of ['imported without proof', 'equipment procured', 'follow up 1', 'business of person']) {
      expect(id).not.toContain(english)
    }
    const en = reportMarkdown(await paper('prg-dompu-kopi-2020'), 'en')
    expect(en).toContain('- **Next due step**: follow up 1 open audit finding (LHP recommendations)')
    expect(en).toContain('imported without proof: the KONTRAK and BAST\\_PENYEDIA\\_PPK are missing (2020-12-30)')
  })

  it('leaves no phrase of a read model or a decider in English in any Indonesian paper of the stories', async () => {
    const ledger = right(await ledgerReport(store)())
    expect(ledger.programs.length).toBe(programIds.length)
    const reports = [ledger, ...(await Promise.all(programIds.map(paper)))]
    const phrases = new Set<string>()
    for (const report of reports) {
      for (const b of report.budget) phrases.add(b.period)
      for (const r of report.checklist) {
        for (const d of r.documents) phrases.add(d.step)
        for (const g of r.openGaps) phrases.add(g.note)
        for (const c of r.fundingConcerns) phrases.add(c.note)
      }
      if (report.kind === 'PROGRAM' && report.program.nextDueStep !== null) phrases.add(report.program.nextDueStep)
      for (const c of report.custody) for (const s of c.chain) for (const to of s.to.split('; ')) phrases.add(to)
    }
    // A period that is one fiscal year and the name of an organisation or a group are said as they are.
    const names = new Set(
      reports.flatMap((r) =>
        r.custody.flatMap((c) => [c.holder.name, c.owner.name, ...c.recipients.map((x) => x.name ?? x.id)]),
      ),
    )
    expect([...phrases].filter((p) => !isKnownPhrase(p) && !/^\d{4}$/.test(p) && !names.has(p))).toEqual([])
    for (const report of reports) {
      const id = reportMarkdown(report, 'id')
      for (const english of ['imported without proof', ' held on ', 'equipment procured', 'named without an amount']) {
        expect(id).not.toContain(english)
      }
    }
  })
})
