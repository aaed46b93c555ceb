/**
 * The working papers as an auditor opens them: the HTML report of the five seed stories in headless Chromium
 * (Debian's `chromium`, driven by playwright-core), every section present with the figures of the JSON report,
 * no request leaving the page, and a PDF printed from it. Under CI the browser must be there; elsewhere the
 * test says it skips. `IKM_LEDGER_UPDATE_SCREENSHOTS=1` refreshes the README's screenshots under docs/images.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatRupiah } from '@ikm-ledger/core/domain'
import { cli, seedLedger } from './support'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url))

const present = existsSync(CHROMIUM)
if (!present) {
  if (process.env['CI'] === 'true')
    throw new Error(`the report browser test must run in CI, but there is no Chromium at ${CHROMIUM}`)
  console.warn(
    `SKIPPING the report browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  )
}

interface JsonBudgetLine {
  readonly period: string
  readonly source: string
  readonly revised: string
  readonly importedApproximate: string
}

interface JsonReport {
  readonly kind: string
  readonly programs: ReadonlyArray<{ readonly programId: string; readonly state: string }>
  readonly proposals: ReadonlyArray<{ readonly proposalId: string }>
  readonly facilities: ReadonlyArray<{ readonly facilityId: string; readonly name: string }>
  readonly budget: ReadonlyArray<JsonBudgetLine>
  readonly custody: ReadonlyArray<{ readonly packageId: string; readonly ceremonies: ReadonlyArray<unknown> }>
  readonly checklist: ReadonlyArray<{ readonly streamId: string; readonly ready: boolean }>
  readonly aspirations: ReadonlyArray<{ readonly member: string }>
  readonly coverage: ReadonlyArray<{ readonly region: { readonly code: string } }>
  readonly timeline?: ReadonlyArray<{ readonly newsOnly: boolean }>
  readonly evidence: {
    readonly sourceSha256: string | null
    readonly readThroughPosition: string
    readonly streamHeads: ReadonlyArray<{ readonly streamId: string; readonly hash: string }>
  }
}

describe.runIf(present)('the HTML report in Chromium', () => {
  let dir: string
  let ledger: string
  let browser: Browser
  const run = cli()

  const report = async (target: ReadonlyArray<string>, format: 'html' | 'json', lang = 'id') => {
    const out = join(dir, `${target.join('-').replace(/[^a-z0-9-]/gi, '')}-${lang}.${format}`)
    const result = await run('report', ...target, '--format', format, '--lang', lang, '--out', out, '--store', ledger)
    expect(result.code).toBe(0)
    return out
  }

  /** Opens a report file, recording every request the page makes. */
  const open = async (file: string): Promise<{ page: Page; requests: Array<string> }> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } })
    const requests: Array<string> = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    return { page, requests }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ikm-report-browser-'))
    ledger = join(dir, 'ledger.db')
    await seedLedger(ledger, run)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows every section of the ledger-wide report with the figures of the JSON report', async () => {
    const html = await report(['--all'], 'html')
    const json = JSON.parse(readFileSync(await report(['--all'], 'json'), 'utf8')) as JsonReport
    const { page, requests } = await open(html)
    const sections = [
      'programs',
      'proposals',
      'budget',
      'custody',
      'documents',
      'facilities',
      'aspirations',
      'coverage',
    ]
    for (const id of [...sections, 'evidence']) {
      expect(await page.locator(`#section-${id} h2`).count()).toBe(1)
    }
    const programRows = page.locator('#section-programs tbody tr')
    expect(await programRows.count()).toBe(json.programs.length)
    expect(json.programs).toHaveLength(15)
    for (const [i, p] of json.programs.entries()) {
      const cells = await programRows.nth(i).locator('td').allInnerTexts()
      expect([cells[0], cells[3]]).toEqual([p.programId, p.state])
    }
    expect(await page.locator('#section-proposals tbody tr').count()).toBe(json.proposals.length)
    const budget = await page.locator('#section-budget table').innerText()
    for (const line of json.budget) {
      expect(budget).toContain(formatRupiah(BigInt(line.revised)))
      if (line.importedApproximate !== '0')
        expect(budget).toContain(`≈ ${formatRupiah(BigInt(line.importedApproximate))}`)
    }
    expect(json.budget.some((b) => b.importedApproximate === '24300000000')).toBe(true)
    expect(await page.locator('#section-budget svg rect').count()).toBeGreaterThan(0)
    expect(await page.locator('#section-facilities tbody tr').count()).toBe(json.facilities.length)
    expect(await page.locator('#section-aspirations tbody tr').count()).toBe(json.aspirations.length)
    expect(await page.locator('#section-aspirations').innerText()).toContain('Bambang Wasista Bambang Utoyo')
    expect(await page.locator('#section-coverage tbody tr').count()).toBe(json.coverage.length)
    expect(json.coverage).toHaveLength(18)
    expect(await page.locator('#section-documents tbody tr').count()).toBe(json.checklist.length)
    const evidence = await page.locator('#section-evidence').innerText()
    expect(json.evidence.sourceSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(evidence).toContain(json.evidence.sourceSha256 ?? '')
    expect(evidence).toContain(json.evidence.readThroughPosition)
    expect(await page.locator('#section-evidence tbody tr').count()).toBe(json.evidence.streamHeads.length)
    for (const head of json.evidence.streamHeads) expect(evidence).toContain(head.hash)
    expect(requests).toEqual([pathToFileURL(html).href])
    if (process.env['IKM_LEDGER_UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({
        path: join(DOCS_IMAGES, 'report-ledger.png'),
        clip: { x: 0, y: 0, width: 1200, height: 1500 },
      })
    }
    await page.close()
  })

  it("shows a program's working paper: timeline with news-only facts, custody with ceremonies apart, gaps, evidence", async () => {
    const html = await report(['prg-muba-led-2020', '--as-of', '2020-12-31'], 'html', 'en')
    const json = JSON.parse(
      readFileSync(await report(['prg-muba-led-2020', '--as-of', '2020-12-31'], 'json', 'en'), 'utf8'),
    ) as JsonReport
    const { page, requests } = await open(html)
    const ids = [
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
    ]
    expect(
      await page.locator('section[data-section]').evaluateAll((s) => s.map((e) => e.getAttribute('data-section'))),
    ).toEqual(ids)
    expect(await page.locator('#section-identity').innerText()).toContain('Bimtek Diversifikasi Produk Elektronika')
    expect(await page.locator('#section-timeline').innerText()).toContain('news only')
    expect(json.timeline?.some((f) => f.newsOnly)).toBe(true)
    const custody = await page.locator('#section-custody').innerText()
    expect(custody).toContain('Legal transfers (BAST)')
    expect(custody).toContain('Ceremonial handovers (no legal effect)')
    expect(custody).toContain('MISSING')
    expect(custody).toContain('Pemerintah Kabupaten Musi Banyuasin (operational handover, BAST missing)')
    expect(json.custody.map((c) => [c.packageId, c.ceremonies.length])).toEqual([
      ['pkg-muba-led-a', 1],
      ['pkg-muba-led-b', 1],
    ])
    const documents = await page.locator('#section-documents').innerText()
    expect(documents).toContain('R20')
    expect(documents).toContain('R21')
    expect(await page.locator('#section-facilities').innerText()).toContain('Sentra IKM Pembuatan Lampu LED')
    expect(await page.locator('#section-aspirations').innerText()).toContain('Not a DPR aspirasi program.')
    const coverage = await page.locator('#section-coverage tbody tr').allInnerTexts()
    expect(coverage).toHaveLength(json.coverage.length)
    expect(coverage[0]).toContain('16.06 Kabupaten Musi Banyuasin')
    expect(requests).toEqual([pathToFileURL(html).href])
    if (process.env['IKM_LEDGER_UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({
        path: join(DOCS_IMAGES, 'report-program.png'),
        clip: { x: 0, y: 0, width: 1200, height: 1500 },
      })
    }
    await page.close()
  })

  it('fits every table of both papers within the width of an A4 page in print', async () => {
    // A4 (210 mm) less the 12 mm margins each side, at the 96 px per inch of CSS.
    const printable = Math.floor(((210 - 24) / 25.4) * 96)
    for (const target of [['--all'], ['prg-muba-led-2020', '--as-of', '2020-12-31']]) {
      for (const lang of ['id', 'en']) {
        const page = await browser.newPage({ viewport: { width: printable, height: 1000 } })
        await page.emulateMedia({ media: 'print' })
        await page.goto(pathToFileURL(await report(target, 'html', lang)).href, { waitUntil: 'load' })
        const overflowing = await page
          .locator('table, dl, figure')
          .evaluateAll(
            (elements, width) =>
              elements
                .filter((e) => e.getBoundingClientRect().right > width + 0.5)
                .map((e) => e.closest('section')?.id ?? e.tagName),
            printable,
          )
        expect([target[0], lang, overflowing]).toEqual([target[0], lang, []])
        await page.close()
      }
    }
  })

  it('prints the report to PDF', async () => {
    const html = await report(['--all'], 'html')
    const { page } = await open(html)
    await page.emulateMedia({ media: 'print' })
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
    expect(pages).toBeGreaterThanOrEqual(2)
    await page.close()
  })
})
