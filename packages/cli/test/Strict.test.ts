import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, seedLedger } from './support'

let dir: string
let ledger: string
const run = cli()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-strict-'))
  ledger = join(dir, 'ledger.db')
  await seedLedger(ledger, run)
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const refused = async (argv: ReadonlyArray<string>, message: string | RegExp) => {
  const result = await run(...argv, '--store', ledger)
  expect(result.code).toBe(2)
  expect(result.out).toBe('')
  expect(result.err).toMatch(message)
}

describe('ikm-ledger bad input', () => {
  it('refuses an impossible date and says which day the month ends on', async () => {
    await refused(
      ['stream', 'program-prg-muba-led-2020', '--as-of', '2020-11-31'],
      "'2020-11-31' does not exist: November 2020 has 30 days — did you mean 2020-11-30?",
    )
    await refused(['budget', '--as-of', '2021-02-29'], 'February 2021 has 28 days')
    await refused(['programs', '--as-of', '2020-13-01'], 'has no month 13')
  })

  it('refuses a date not written YYYY-MM-DD, and an instant given to --as-of', async () => {
    await refused(['budget', '--as-of', '2020-1-5'], 'not in the form YYYY-MM-DD — did you mean 2020-01-05?')
    await refused(['budget', '--as-of', '31/12/2020'], 'not a date in the form YYYY-MM-DD')
    await refused(
      ['budget', '--as-of', '2020-12-31T00:00:00Z'],
      'is an instant; a civil date is YYYY-MM-DD — did you mean 2020-12-31?',
    )
  })

  it('refuses a date-only instant and suggests the full form', async () => {
    await refused(
      ['stream', 'program-prg-muba-led-2020', '--as-known-at', '2026-01-01'],
      '--as-known-at takes an instant, not a date: did you mean 2026-01-01T00:00:00.000Z',
    )
    await refused(['checklist', '--as-known-at', '2026-01-01T10:00:00'], 'has no time zone; add Z for UTC')
    await refused(['checklist', '--as-known-at', '2026-02-30T10:00:00Z'], 'February 2026 has 28 days')
    await refused(['checklist', '--as-known-at', '2026-01-01T25:00:00Z'], 'no such time of day')
    await refused(['checklist', '--as-known-at', 'yesterday'], 'not an ISO-8601 instant')
  })

  it('accepts an instant with an offset and reads it in UTC', async () => {
    const wib = await run(
      'programs',
      '--as-known-at',
      '2026-01-01T07:00:10+07:00',
      '--format',
      'csv',
      '--store',
      ledger,
    )
    const utc = await run('programs', '--as-known-at', '2026-01-01T00:00:10Z', '--format', 'csv', '--store', ledger)
    expect([wib.code, utc.code]).toEqual([0, 0])
    expect(wib.out).toBe(utc.out)
    expect(wib.out).toContain('prg-muba-led-2020')
  })

  it('answers a bare entity id with the stream id it means', async () => {
    await refused(['stream', 'prg-muba-led-2020'], 'did you mean program-prg-muba-led-2020?')
    await refused(['verify', '--stream', 'pkg-muba-led-a'], 'did you mean equipment-pkg-muba-led-a?')
    await refused(['stream', 'prg-nope'], 'did you mean program-prg-nope?')
  })

  it('refuses a stream that does not exist instead of reporting zero events', async () => {
    await refused(['verify', '--stream', 'program-does-not-exist'], "no stream 'program-does-not-exist' in this store")
    await refused(['stream', 'program-does-not-exist'], "no stream 'program-does-not-exist'")
    await refused(['stream', 'program-pkg-muba-led-a'], 'did you mean equipment-pkg-muba-led-a?')
  })

  it('refuses an unknown stream category and a malformed stream id', async () => {
    await refused(['stream', 'programme-prg-muba-led-2020'], 'did you mean program-prg-muba-led-2020?')
    await refused(['stream', 'Not A Stream'], "'Not A Stream' is not a stream id")
    await refused(['stream', 'ledger-x'], 'stream ids are <category>-<id>')
  })

  it('knows every category and event type the domain routes, audit findings included', async () => {
    const audits = await run('tail', '--category', 'audit', '--type', 'AuditFindingRecorded', '--store', ledger)
    expect([audits.code, audits.err]).toEqual([0, ''])
    await refused(['stream', 'audit-lhp-2021-1'], "no stream 'audit-lhp-2021-1'")
    await refused(['tail', '--category', 'audits'], "unknown category 'audits' — did you mean audit?")
  })

  it('refuses unknown categories and event types with the closest known one', async () => {
    await refused(['tail', '--category', 'programs'], "unknown category 'programs' — did you mean program?")
    await refused(['tail', '--category', 'vendor'], "unknown category 'vendor'")
    await refused(
      ['tail', '--type', 'FundingAlocated'],
      "unknown event type 'FundingAlocated' — did you mean FundingAllocated?",
    )
  })

  it('takes a read model by its RM number when the number names one export', async () => {
    const byNumber = await run('rm9', '--format', 'csv', '--store', ledger)
    const byName = await run('aspirations', '--format', 'csv', '--store', ledger)
    expect([byNumber.code, byNumber.out]).toEqual([0, byName.out])
  })

  it('refuses an unknown read model or command with the closest name', async () => {
    await refused(['budgit'], "unknown command or read model 'budgit' — did you mean budget?")
    await refused(['rm99'], "unknown command or read model 'rm99'")
    await refused(['rm-7'], "'rm-7' names 2 exports: checklist, documents; give one of them")
    await refused(['frobnicate'], "unknown command or read model 'frobnicate'")
  })

  it('refuses unknown options, formats, languages and stray arguments', async () => {
    await refused(['budget', '--format', 'xlsx'], '--format must be one of table, csv, jsonl, json')
    await refused(['budget', '--format', 'cvs'], 'did you mean csv?')
    await refused(['report', 'prg-muba-led-2020', '--lang', 'fr'], '--lang must be one of id, en')
    await refused(['report', 'prg-muba-led-2020', '--format', 'pdf'], '--format must be one of html, md, json')
    await refused(['budget', '--as-off', '2020-12-31'], "Unknown option '--as-off'")
    await refused(['budget', 'extra'], "unexpected argument 'extra'")
    await refused(['tail', '--limit', 'ten'], '--limit must be a whole number')
    await refused(['tail', '--limit', '0'], '--limit must be at least 1')
    await refused(
      ['stream', 'program-prg-muba-led-2020', '--until-revision', '-1'],
      "--until-revision must be a whole number, got '-1'",
    )
  })

  it('refuses a report of something that is not a program, and the timeline without one', async () => {
    await refused(['report'], 'report needs a program id')
    await refused(['report', 'equipment-pkg-muba-led-a'], 'report takes a program id')
    await refused(['report', 'prg-nope'], "no stream 'program-prg-nope'")
    await refused(['timeline'], 'timeline needs --program')
    await refused(
      ['budget', '--program', 'prg-muba-led-2020'],
      '--program applies to the timeline and participants only',
    )
  })

  it('refuses a malformed import file before applying anything', async () => {
    const bad = join(dir, 'bad.jsonl')
    writeFileSync(bad, '{"stream":"program-x","command":{}}\n{"stream":"program-y"}\n')
    await refused(['import', bad], 'line 2 has no "command" object')
    writeFileSync(bad, '{"stream":"program-x","command":{},"extra":1}\n')
    await refused(['import', bad], 'line 1 has unknown field(s) extra')
    writeFileSync(bad, 'not json\n')
    await refused(['import', bad], 'line 1 is not JSON')
    await refused(['import', join(dir, 'missing.jsonl')], 'cannot read')
    const verified = await run('verify', '--store', ledger)
    expect(verified.out).toMatch(/^OK: 333 event\(s\)/)
  })
})
