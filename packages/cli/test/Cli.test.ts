import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { steppingClock, type EventStore, type NewEvent } from '@ikm-ledger/core'
import { newEvent } from '@ikm-ledger/testkit'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { openStoreFromUrl, runCli, type CliIo } from '../src'

let dir: string
let path: string

const event = (n: number, occurredOn: string): NewEvent =>
  newEvent({
    eventId: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    type: n === 1 ? 'ProgramRegistered' : 'FundingAllocated',
    data: { n },
    metadata: { occurredOn, evidence: { level: 'NEWS_REPORT', refs: [] }, mode: 'HISTORICAL_IMPORT' },
  })

const seed = async () => {
  const store = E.getOrElseW((e) => {
    throw new Error(JSON.stringify(e))
  })(createSqliteEventStore({ path, clock: steppingClock('2026-01-01T00:00:00.000Z') })) as EventStore
  await store.append('program-a', [event(1, '2020-11-01'), event(2, '2020-12-01')])()
  await store.append('equipment-b', [event(3, '2020-11-30')])()
  await store.close()()
}

const run = async (...argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    openStore: (url) => openStoreFromUrl(url),
  }
  const code = await runCli(argv, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-'))
  path = join(dir, 'ledger.db')
  await seed()
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('ikm-ledger', () => {
  it('prints a stream with positions, revisions, types and evidence', async () => {
    const { code, out } = await run('stream', 'program-a', '--store', path)
    expect(code).toBe(0)
    expect(out).toContain('program-a@0')
    expect(out).toContain('FundingAllocated')
    expect(out).toContain('NEWS_REPORT')
    expect(out).toContain('2 event(s) in program-a')
  })

  it('replays a stream as of a date, leaving out later facts', async () => {
    const { out } = await run('stream', 'program-a', '--as-of', '2020-11-15', '--store', path)
    expect(out).toContain('1 event(s) in program-a')
    expect(out).not.toContain('FundingAllocated')
  })

  it('tails the global log filtered by category, as JSON lines', async () => {
    const { code, out } = await run('tail', '--category', 'equipment', '--json', '--store', path)
    expect(code).toBe(0)
    const lines = out.split('\n').map((l) => JSON.parse(l) as { streamId: string; position: string })
    expect(lines.map((l) => l.streamId)).toEqual(['equipment-b'])
    expect(lines[0]?.position).toBe('3')
  })

  it('verifies every hash chain and reports a tampered row with its stream and revision', async () => {
    expect((await run('verify', '--store', path)).out).toContain('OK: 3 event(s) in 2 stream(s)')
    const db = new Database(path)
    db.prepare(`UPDATE events SET data = '{"n":99}' WHERE stream_id = 'program-a' AND revision = 1`).run()
    db.close()
    const tampered = await run('verify', '--store', path)
    expect(tampered.code).toBe(1)
    expect(tampered.err).toContain('FAILED program-a@1 (position 2): its content does not match its stored hash')
  })

  it('refuses a store path that does not exist instead of creating an empty ledger', async () => {
    const { code, err } = await run('verify', '--store', join(dir, 'typo.db'))
    expect(code).toBe(3)
    expect(err).toContain('no SQLite file at')
  })

  it('says what is wrong with bad usage', async () => {
    expect((await run('frobnicate', '--store', path)).code).toBe(2)
    const bad = await run('stream', 'program-a', '--until-revision', 'two', '--store', path)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--until-revision must be a whole number')
    const invalid = await run('stream', 'Not A Stream', '--store', path)
    expect(invalid.code).toBe(2)
    expect(invalid.err).toContain("'Not A Stream' is not a stream id")
  })
})
