import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineProgress } from '../src'
import { cli, seedFiles, seedLedger } from './support'

let dir: string
let ledger: string
const run = cli()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-export-'))
  ledger = join(dir, 'ledger.db')
  await seedLedger(ledger, run)
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ikm-ledger read-model exports', () => {
  it('lists the programs with their states', async () => {
    const { code, out } = await run('programs', '--store', ledger)
    expect(code).toBe(0)
    const lines = out.split('\n')
    expect(lines[0]).toMatch(/^program_id +fiscal_year +state +executing_org +allocated/)
    expect(lines.find((l) => l.startsWith('prg-muba-led-2020'))).toMatch(/2020 +IN_EXECUTION +Direktorat Jenderal/)
    expect(lines.find((l) => l.startsWith('prg-medan-2020-ac'))).toMatch(/2020 +PLANNED/)
    expect(lines.at(-1)).toBe('15 row(s)')
    const storeFirst = await run('--store', ledger, 'programs')
    expect(storeFirst).toEqual({ code, out, err: '' })
  })

  it('exports the budget as of 31 December 2020 as CSV with exact rows', async () => {
    const { code, out } = await run('budget', '--as-of', '2020-12-31', '--format', 'csv', '--store', ledger)
    expect(code).toBe(0)
    expect(out.split('\r\n')).toEqual([
      'period,fiscal_year,source,region_code,region_name,asserted,allocated,revised,tranches_received,realised,reversed,absorption_bp,imported_approximate,imported_exact,program_ids,facility_ids',
      '2018,2018,APBN_KL,16.71+16.07,Kota Palembang + Kabupaten Banyuasin,true,0,0,0,0,0,,0,0,prg-sumsel-wub-2018,',
      '2019,2019,APBD_KABKOTA,12.71,Kota Medan,true,0,0,0,0,0,,0,0,prg-medan-2019-kue; prg-medan-2019-batik; prg-medan-2019-hp; prg-medan-2019-conblock; prg-medan-2019-kompos; prg-medan-2019-seminar,',
      '2020,2020,APBD_KABKOTA,12.71,Kota Medan,true,0,0,0,0,0,,0,0,prg-medan-2020-mekanik; prg-medan-2020-sabun; prg-medan-2020-animasi; prg-medan-2020-bordir; prg-medan-2020-ac; prg-medan-2020-briket,',
      '2020,2020,APBN_KL,16.06,Kabupaten Musi Banyuasin,true,0,0,0,0,0,,0,0,prg-muba-led-2020,',
      '2020,2020,DEKONSENTRASI,63,Kalimantan Selatan,true,0,0,0,0,0,,0,0,prg-kalsel-dekon-2020,',
    ])
  })

  it('exports the checklist as JSON Lines, and the approximate Sawahlunto money is never ready', async () => {
    const { code, out } = await run('checklist', '--format', 'jsonl', '--store', ledger)
    expect(code).toBe(0)
    const rows = out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows).toHaveLength(22)
    expect(rows.find((r) => r['stream_id'] === 'facility-fac-sentra-makanan-ringan-sawahlunto')).toEqual({
      stream_id: 'facility-fac-sentra-makanan-ringan-sawahlunto',
      entity: 'FACILITY',
      program_id: null,
      title: 'Sentra IKM Pengolahan Makanan Ringan',
      expected: 2,
      present: 0,
      missing: 2,
      open_gaps: 0,
      gap_rules: '',
      missing_doc_kinds: 'SK_ALOKASI_DAK',
      funding_concerns: 2,
      open_audit_findings: 0,
      ready: false,
    })
  })

  it('exports RM-6 for a program as JSON, as of a date', async () => {
    const all = await run('timeline', '--program', 'prg-muba-led-2020', '--format', 'json', '--store', ledger)
    const early = await run(
      'timeline',
      '--program',
      'program-prg-muba-led-2020',
      '--as-of',
      '2020-11-29',
      '--format',
      'json',
      '--store',
      ledger,
    )
    const facts = JSON.parse(all.out) as ReadonlyArray<Record<string, unknown>>
    const before = JSON.parse(early.out) as ReadonlyArray<Record<string, unknown>>
    expect(facts.length).toBeGreaterThan(before.length)
    expect(before.every((f) => String(f['occurred_on']) <= '2020-11-29')).toBe(true)
    expect(facts.some((f) => f['news_only'] === true)).toBe(true)
  })

  it('exports RM-4 aggregate-only for every program without --program, as of a date', async () => {
    const { code, out } = await run('participants', '--as-of', '2020-12-31', '--format', 'csv', '--store', ledger)
    expect(code).toBe(0)
    const lines = out.split('\r\n')
    expect(lines[0]).toBe(
      'program_id,track_id,region_code,region_name,sex,age_band,suppressed,participants,completion_rate_bp,certification_rate_bp',
    )
    expect(lines.slice(1, 2)).toEqual([
      'prg-kalsel-dekon-2020,t1,63.01,Kabupaten Tanah Laut,UNKNOWN,UNKNOWN,false,7,0,0',
    ])
    expect(lines.at(-1)).toBe('prg-muba-led-2020,,16.06,Kabupaten Musi Banyuasin,UNKNOWN,UNKNOWN,false,25,0,0')
    expect(lines).toHaveLength(1 + 13 + 1)
    const midYear = await run('participants', '--as-of', '2020-06-30', '--format', 'jsonl', '--store', ledger)
    expect(midYear.out.split('\n').every((l) => l.includes('prg-kalsel-dekon-2020'))).toBe(true)
  })

  it('exports RM-4 only in its aggregate-only form, for one program', async () => {
    const { code, out } = await run(
      'participants',
      '--program',
      'prg-kalsel-dekon-2020',
      '--format',
      'jsonl',
      '--store',
      ledger,
    )
    expect(code).toBe(0)
    const rows = out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r['program_id'] === 'prg-kalsel-dekon-2020')).toBe(true)
    expect(rows.every((r) => r['suppressed'] === false || r['participants'] === null)).toBe(true)
    expect(Object.keys(rows[0] ?? {})).not.toContain('person_id')
  })

  it('exports RM-10 as of 30 June 2020 as CSV (Muba not yet served) and RM-9 as JSON Lines, with exact rows', async () => {
    const coverage = await run('coverage', '--as-of', '2020-06-30', '--format', 'csv', '--store', ledger)
    expect(coverage.code).toBe(0)
    const lines = coverage.out.split('\r\n')
    expect(lines[0]).toBe(
      'region_code,region_name,fiscal_year,programs,program_ids,schemes,batches,participants,packages',
    )
    expect(lines.slice(3, 5)).toEqual([
      '16.07,Kabupaten Banyuasin,2018,1,prg-sumsel-wub-2018,WUB_BIMTEK; BANTUAN_PERALATAN,0,0,2',
      '16.71,Kota Palembang,2018,1,prg-sumsel-wub-2018,WUB_BIMTEK; BANTUAN_PERALATAN,1,0,2',
    ])
    expect(lines).toHaveLength(1 + 2 + 2 + 13)
    const yearEnd = await run('rm-10', '--as-of', '2020-12-31', '--format', 'csv', '--store', ledger)
    expect(yearEnd.out.split('\r\n')).toContain(
      '16.06,Kabupaten Musi Banyuasin,2020,1,prg-muba-led-2020,BIMTEK_DIVERSIFIKASI; BANTUAN_PERALATAN,1,25,2',
    )
    const aspirations = await run('aspirations', '--format', 'jsonl', '--store', ledger)
    expect(aspirations.code).toBe(0)
    expect(aspirations.out.split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        member: 'Bambang Wasista Bambang Utoyo',
        fiscal_year: 2018,
        commissions: 'VI',
        electoral_districts: '',
        programs: 1,
        program_ids: 'prg-sumsel-wub-2018',
        region_codes: '16.71; 16.07',
        region_names: 'Kota Palembang; Kabupaten Banyuasin',
        participants: 0,
        packages_with_government: 2,
        packages_with_recipients: 0,
        packages_written_off: 0,
      },
    ])
    const table = await run('aspirations', '--store', ledger)
    expect(table.out.split('\n')[0]).toMatch(/^member +fiscal_year +commissions +programs +region_names +participants/)
  })

  it('writes an export into a file and says so on stderr', async () => {
    const out = join(dir, 'facilities.csv')
    const { code, err } = await run('facilities', '--format', 'csv', '--out', out, '--store', ledger)
    expect(code).toBe(0)
    expect(err).toBe(`facilities: 3 row(s) written to ${out}`)
    expect(readFileSync(out, 'utf8').split('\r\n')[2]).toBe(
      'fac-sentra-makanan-ringan-sawahlunto,SENTRA,Sentra IKM Pengolahan Makanan Ringan,13.73,Kota Sawahlunto,BUILT,true,true,,,2020:10794,0,0,27000000000,0',
    )
  })
})

describe('ikm-ledger import', () => {
  it('applies JSON lines through the command handler and reports applied, rejected and gaps noted', async () => {
    const path = join(dir, 'import.db')
    const story = JSON.parse(readFileSync(seedFiles()[0] ?? '', 'utf8')) as { entries: ReadonlyArray<unknown> }
    const lines = story.entries.map((e) => JSON.stringify(e))
    // The same registration twice: the second is refused by the domain, nothing else is lost.
    const file = join(dir, 's0.jsonl')
    writeFileSync(file, [...lines, lines[0]].join('\n') + '\n')
    const { code, out } = await run('import', file, '--create', '--store', path)
    expect(code).toBe(1)
    expect(out.split('\n')[0]).toMatch(
      new RegExp(
        `^applied ${lines.length} of ${lines.length + 1} command\\(s\\): \\d+ event\\(s\\) written in 4 stream\\(s\\), 5 compliance gap\\(s\\) noted; 1 rejected$`,
      ),
    )
    expect(out.split('\n')[1]).toMatch(
      new RegExp(
        `^  rejected entry ${lines.length + 1} \\(program-prg-muba-led-2020, RegisterProgram\\): the command on stream`,
      ),
    )
  })

  it('refuses a store file that does not exist unless --create is given', async () => {
    const { code, err } = await run('import', seedFiles()[0] ?? '', '--store', join(dir, 'nowhere.db'))
    expect(code).toBe(3)
    expect(err).toContain('no SQLite file at')
  })
})

describe('ikm-ledger progress', () => {
  it('prints plain periodic lines with events/s when not on a terminal, and nothing with --quiet', async () => {
    let clock = 0
    const lines: Array<string> = []
    const progress = lineProgress(
      (l) => lines.push(l),
      () => (clock += 1000),
      500,
    )
    const loud = cli(undefined, { progress })
    expect((await loud('verify', '--store', ledger)).code).toBe(0)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.at(-1)).toMatch(/^verify: 333\/333 events \(100%\), \d+ events\/s$/)
    const before = lines.length
    expect((await loud('verify', '--quiet', '--store', ledger)).code).toBe(0)
    expect(lines).toHaveLength(before)
  })
})

describe('ikm-ledger rebuild', () => {
  it('writes the read models and their typed tables into a SQLite file a BI tool can query', async () => {
    const target = join(dir, 'read-models.db')
    const first = await run('rebuild', '--into', target, '--store', ledger)
    expect(first.code).toBe(0)
    expect(first.out).toContain('up to date: ikm-rm2-budget-realisation through position 333')
    const db = new Database(target, { readonly: true })
    try {
      expect(
        db
          .prepare(
            'SELECT source, imported_approximate FROM ikm_rm2_budget WHERE imported_approximate > 0 ORDER BY source',
          )
          .all(),
      ).toEqual([
        { source: 'DAK_FISIK', imported_approximate: 24_300_000_000 },
        { source: 'DAK_NONFISIK', imported_approximate: 2_700_000_000 },
      ])
      expect(db.prepare("SELECT count(*) AS n FROM ikm_rm1_programs WHERE state = 'PLANNED'").get()).toEqual({ n: 6 })
      expect(
        db
          .prepare("SELECT fiscal_year, sum(participants) AS p FROM ikm_rm10_coverage WHERE region_code LIKE '63.%'")
          .get(),
      ).toEqual({ fiscal_year: 2020, p: 91 })
      expect(db.prepare('SELECT member, packages_with_government FROM ikm_rm9_aspirations').all()).toEqual([
        { member: 'Bambang Wasista Bambang Utoyo', packages_with_government: 2 },
      ])
    } finally {
      db.close()
    }
    const again = await run('rebuild', '--into', target, '--store', ledger)
    expect(again.code).toBe(0)
  })

  it('refuses to write the read models into the event store itself', async () => {
    const { code, err } = await run('rebuild', '--into', ledger, '--store', ledger)
    expect(code).toBe(2)
    expect(err).toContain('--into must name another database than the event store')
  })
})

describe('ikm-ledger report evidence', () => {
  it('carries the unsigned root of the log as read, or a signed checkpoint checked against the store', async () => {
    const json = join(dir, 'evidence.json')
    expect((await run('report', '--all', '--format', 'json', '--out', json, '--store', ledger)).code).toBe(0)
    const unsigned = (JSON.parse(readFileSync(json, 'utf8')) as { evidence: { checkpoint: Record<string, unknown> } })
      .evidence.checkpoint
    expect(unsigned).toEqual({
      treeSize: '333',
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      keyId: null,
      lastPosition: '333',
    })

    const key = join(dir, 'auditor.key')
    const cp = join(dir, 'cp.json')
    expect((await run('keygen', '--out', key)).code).toBe(0)
    expect((await run('checkpoint', '--key', key, '--out', cp, '--store', ledger)).code).toBe(0)
    const signedCheckpoint = JSON.parse(readFileSync(cp, 'utf8')) as { keyId: string; rootHash: string }
    const md = await run(
      'report',
      'prg-muba-led-2020',
      '--checkpoint',
      cp,
      '--format',
      'md',
      '--lang',
      'en',
      '--store',
      ledger,
    )
    expect(md.code).toBe(0)
    expect(md.out).toContain(`Merkle log checkpoint: Tree size**: 333`)
    expect(md.out).toContain(signedCheckpoint.rootHash)
    expect(md.out).toContain(signedCheckpoint.keyId)
    expect(signedCheckpoint.rootHash).toBe(unsigned['rootHash'])

    // The same checkpoint does not describe another ledger: the report refuses to rest on it.
    const other = join(dir, 'other.db')
    await run('import', seedFiles()[4] ?? '', '--create', '--store', other)
    const refused = await run('report', '--all', '--checkpoint', cp, '--store', other)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('does not match this store')
  })

  it('says which events it read rest on no checkpoint, when the ledger grew past the one given', async () => {
    const files = seedFiles()
    const grown = join(dir, 'grown.db')
    for (const file of files.slice(0, -1)) {
      expect((await run('import', file, '--create', '--mode', 'historical', '--store', grown)).code).toBe(0)
    }
    const key = join(dir, 'auditor-2.key')
    const cp = join(dir, 'cp-early.json')
    expect((await run('keygen', '--out', key)).code).toBe(0)
    expect((await run('checkpoint', '--key', key, '--out', cp, '--store', grown)).code).toBe(0)
    const covered = (JSON.parse(readFileSync(cp, 'utf8')) as { lastPosition: string }).lastPosition
    expect((await run('import', files.at(-1)!, '--mode', 'historical', '--store', grown)).code).toBe(0)
    const md = await run('report', '--all', '--checkpoint', cp, '--format', 'md', '--lang', 'en', '--store', grown)
    expect(md.code).toBe(0)
    expect(md.out).toContain(`The checkpoint covers the log up to position ${covered} only; the events at positions`)
    const fresh = await run('report', '--all', '--format', 'md', '--lang', 'en', '--store', grown)
    expect(fresh.out).not.toContain('rest on no checkpoint')
  })
})
