import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chainHash, nodeSha256, steppingClock, type EventStore, type NewEvent } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { newEvent } from '@ikm-ledger/testkit'
import { openStoreFromUrl } from '../src'
import { cli } from './support'

let dir: string
let path: string
let key: string

const event = (n: number): NewEvent =>
  newEvent({
    eventId: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    type: 'FundingAllocated',
    data: { n },
    metadata: { occurredOn: '2020-11-01', evidence: { level: 'NEWS_REPORT', refs: [] }, mode: 'HISTORICAL_IMPORT' },
  })

const writable = (): EventStore =>
  E.getOrElseW((e) => {
    throw new Error(JSON.stringify(e))
  })(createSqliteEventStore({ path, clock: steppingClock('2026-01-01T00:00:00.000Z') })) as EventStore

let next = 1
const append = async (streamId: string, count: number) => {
  const store = writable()
  await store.append(
    streamId,
    Array.from({ length: count }, () => event(next++)),
  )()
  await store.close()()
}

// The CLI's own way of opening stores (read-only SQLite), not the seed helper's writable one.
const run = cli(undefined, { openStore: (url, options) => openStoreFromUrl(url, options) })

const file = (name: string) => join(dir, name)

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-integrity-'))
  path = file('ledger.db')
  key = file('auditor.key')
  next = 1
  await append('program-a', 3)
  await append('equipment-b', 2)
  await append('program-a', 1)
  expect((await run('keygen', '--out', key)).code).toBe(0)
})

afterEach(() => {
  if (existsSync(path)) chmodSync(path, 0o644)
  rmSync(dir, { recursive: true, force: true })
})

describe('ikm-ledger integrity commands', () => {
  it('writes a private signing key readable by its owner only, and never overwrites one', async () => {
    expect(statSync(key).mode & 0o777).toBe(0o600)
    expect(readFileSync(key, 'utf8')).toContain('PRIVATE KEY')
    const again = await run('keygen', '--out', key)
    expect(again.code).toBe(2)
    expect(again.err).toContain('never overwritten')
  })

  it('signs a checkpoint, proves an event in it, and the proof verifies with no store', async () => {
    const made = await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    expect(made.code).toBe(0)
    const checkpoint = JSON.parse(readFileSync(file('cp.json'), 'utf8')) as Record<string, unknown>
    expect(checkpoint).toMatchObject({
      format: 'ikm-ledger/checkpoint/v1',
      ledgerId: '00000000-0000-7000-8000-000000000001',
      treeSize: 6,
      lastPosition: '6',
      algorithm: 'ed25519',
    })
    expect(readFileSync(file('cp.json'), 'utf8')).not.toContain('PRIVATE')
    const proved = await run(
      'prove',
      'equipment-b',
      '1',
      '--checkpoint',
      file('cp.json'),
      '--out',
      file('p.json'),
      '--store',
      path,
    )
    expect(proved.code).toBe(0)
    rmSync(path)
    const checked = await run('verify-proof', file('p.json'))
    expect(checked.code).toBe(0)
    expect(checked.out).toContain('OK (inclusion): equipment-b@1 (FundingAllocated, position 5) is event 5 of the 6')
    const pinned = await run('verify-proof', file('p.json'), '--key-id', 'ed25519:' + '0'.repeat(64))
    expect(pinned.code).toBe(1)
    expect(pinned.err).toContain('not by the trusted key')
  })

  it('rejects a proof whose event, path or checkpoint was changed by a single character', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    await run('prove', 'program-a', '1', '--checkpoint', file('cp.json'), '--out', file('p.json'), '--store', path)
    const proof = readFileSync(file('p.json'), 'utf8')
    const edits: ReadonlyArray<[string, string]> = [
      ['"n": 2', '"n": 3'],
      ['"2020-11-01"', '"2020-11-02"'],
      ['"leafIndex": 1', '"leafIndex": 2'],
      ['"treeSize": 6', '"treeSize": 7'],
    ]
    for (const [from, to] of edits) {
      expect(proof).toContain(from)
      writeFileSync(file('bad.json'), proof.replace(from, to))
      const result = await run('verify-proof', file('bad.json'))
      expect(result.code, `${from} -> ${to}`).toBe(1)
    }
    const parsed = JSON.parse(proof) as { auditPath: string[] }
    const first = parsed.auditPath[0]!
    writeFileSync(file('bad.json'), proof.replace(first, (first[0] === 'a' ? 'b' : 'a') + first.slice(1)))
    expect((await run('verify-proof', file('bad.json'))).code).toBe(1)
  })

  it('refuses a proof or checkpoint that gives a member twice or carries members nothing signed', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    await run('prove', 'program-a', '1', '--checkpoint', file('cp.json'), '--out', file('p.json'), '--store', path)
    const proof = readFileSync(file('p.json'), 'utf8')
    expect(proof).toContain('"n": 2')
    const forgeries: ReadonlyArray<[string, string, string]> = [
      [proof.replace('"n": 2', '"n": 250, "n": 2'), 'gives the member "n" twice', 'a value given twice'],
      [proof.replace('"n": 2', '"n": 2, "verifiedBy": "BPK RI"'), 'the event was changed', 'a member added to data'],
      [proof.replace('"data":', '"verifiedBy": "BPK RI", "data":'), '$.event.verifiedBy', 'an unsigned member'],
      [proof.replace(/^\{/, '{"note": "confirmed by Inspektorat",'), '$.note', 'an unsigned member'],
    ]
    for (const [text, reason, what] of forgeries) {
      writeFileSync(file('bad.json'), text)
      const result = await run('verify-proof', file('bad.json'))
      expect(result.code, what).toBe(1)
      expect(result.err, what).toContain(reason)
    }
    const checkpoint = readFileSync(file('cp.json'), 'utf8')
    writeFileSync(file('cp-extra.json'), checkpoint.replace(/^\{/, '{"auditor": "someone else",'))
    const against = await run('verify', '--against', file('cp-extra.json'), '--store', path)
    expect(against.code).toBe(1)
    expect(against.err).toContain('$.auditor is no member of a checkpoint')
  })

  it('proves that a later checkpoint extends an earlier one, and verifies it offline', async () => {
    await run('checkpoint', '--key', key, '--out', file('old.json'), '--store', path)
    await append('facility-c', 4)
    await run('checkpoint', '--key', key, '--out', file('new.json'), '--store', path)
    const proved = await run(
      'prove',
      '--from',
      file('old.json'),
      '--checkpoint',
      file('new.json'),
      '--out',
      file('c.json'),
      '--store',
      path,
    )
    expect(proved.code).toBe(0)
    const checked = await run('verify-proof', file('c.json'))
    expect(checked.out).toContain('at 10 events')
    expect(checked.out).toContain('extends its first 6 events')
    expect(checked.code).toBe(0)
  })

  it('refuses to prove against a checkpoint the ledger no longer matches', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    rewriteStream('equipment-b')
    rmSync(`${path}.merkle`)
    const proved = await run('prove', 'program-a', '0', '--checkpoint', file('cp.json'), '--store', path)
    expect(proved.code).toBe(1)
    expect(proved.err).toContain('the ledger was changed since the checkpoint')
  })

  it('finds a whole stream rewritten with recomputed hashes only against a checkpoint, and names every event', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--leaves', file('cp.leaves'), '--store', path)
    rewriteStream('equipment-b')
    const alone = await run('verify', '--store', path)
    expect(alone.code).toBe(0)
    const against = await run('verify', '--against', file('cp.json'), '--leaves', file('cp.leaves'), '--store', path)
    expect(against.code).toBe(1)
    expect(against.err).toContain('equipment-b@0 (position 4) has another hash than at the checkpoint: rewritten')
    expect(against.err).toContain('equipment-b@1 (position 5) has another hash than at the checkpoint: rewritten')
    expect(against.err).not.toContain('program-a@')
    const json = await run('verify', '--against', file('cp.json'), '--json', '--store', path)
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, against: { problems: [expect.stringMatching(/root/)] } })
  })

  it('reports every break and keeps going, with a non-zero exit', async () => {
    const db = new Database(path)
    db.prepare(`UPDATE events SET data = '{"n":99}' WHERE position IN (1, 4)`).run()
    db.prepare(`DELETE FROM events WHERE position = 3`).run()
    db.close()
    const result = await run('verify', '--json', '--store', path)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.out) as { breaks: Array<{ streamId: string; revision: string }> }
    expect(report.breaks.map((b) => `${b.streamId}@${b.revision}`)).toEqual([
      'program-a@0',
      'equipment-b@0',
      'program-a@2',
    ])
  })

  it('names the column when occurred_on, recorded_at or category no longer agree with the hashed event', async () => {
    const db = new Database(path)
    db.prepare(`UPDATE events SET occurred_on = '2020-12-31' WHERE position = 1`).run()
    db.prepare(`UPDATE events SET recorded_at = '2025-01-01T00:00:00.000Z' WHERE position = 4`).run()
    db.prepare(`UPDATE events SET category = 'equipment' WHERE position = 2`).run()
    db.close()
    const result = await run('verify', '--json', '--store', path)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.out) as { breaks: Array<{ streamId: string; revision: string; column: string }> }
    expect(report.breaks.map((b) => `${b.streamId}@${b.revision} ${b.column}`)).toEqual([
      'program-a@0 occurred_on',
      'program-a@1 category',
      'equipment-b@0 recorded_at',
    ])
    const text = await run('verify', '--store', path)
    expect(text.err).toContain("its occurred_on column disagrees with its hashed content (it says '2020-12-31'")
  })

  it('names an event whose occurred_on or recorded_at was edited as altered against a checkpoint, not deleted', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--leaves', file('cp.leaves'), '--store', path)
    const db = new Database(path)
    db.prepare(`UPDATE events SET occurred_on = '2020-12-31' WHERE position = 1`).run()
    db.prepare(`UPDATE events SET recorded_at = '2025-01-01T00:00:00.000Z' WHERE position = 4`).run()
    db.close()
    const against = await run('verify', '--against', file('cp.json'), '--leaves', file('cp.leaves'), '--store', path)
    expect(against.code).toBe(1)
    expect(against.err).toContain(
      'program-a@0 (position 1) is still in the store but was altered since the checkpoint: its occurred_on column ' +
        'differs from its hashed content',
    )
    expect(against.err).toContain(
      'equipment-b@0 (position 4) is still in the store but was altered since the checkpoint: its recorded_at column',
    )
    expect(against.err).not.toContain('deleted')
    const json = await run(
      'verify',
      '--against',
      file('cp.json'),
      '--leaves',
      file('cp.leaves'),
      '--json',
      '--store',
      path,
    )
    const changes = (JSON.parse(json.out) as { against: { changes: Array<{ position: string; column?: string }> } })
      .against.changes
    expect(changes.map((c) => [c.position, c.column])).toEqual([
      ['1', 'occurred_on'],
      ['4', 'recorded_at'],
    ])
  })

  it('signs what the store holds, whatever Merkle log cache lies beside it', async () => {
    // The administrator rewrites a stream in a copy, lets the CLI make that copy's cache, and plants it beside the
    // genuine ledger: its last leaf is the genuine ledger's last event, so a cache taken on trust would pass.
    const genuine = file('genuine.db')
    copyFileSync(path, genuine)
    rewriteStream('equipment-b')
    expect((await run('checkpoint', '--key', key, '--out', file('forged.json'), '--store', path)).code).toBe(0)
    copyFileSync(`${path}.merkle`, `${genuine}.merkle`)
    const signed = await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', genuine)
    expect(signed.code).toBe(0)
    const root = (JSON.parse((await run('verify', '--json', '--store', genuine)).out) as { rootHash: string }).rootHash
    const rootOf = (name: string) => (JSON.parse(readFileSync(file(name), 'utf8')) as { rootHash: string }).rootHash
    expect(rootOf('cp.json')).toBe(root)
    expect(rootOf('forged.json')).not.toBe(root)
    // The rewritten copy does not pass for the history that was signed.
    expect((await run('verify', '--against', file('cp.json'), '--store', path)).code).toBe(1)
  })

  it('signs no checkpoint of a damaged ledger, with or without a cache', async () => {
    expect((await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)).code).toBe(0)
    expect(existsSync(`${path}.merkle`)).toBe(true)
    const db = new Database(path)
    db.prepare(`UPDATE events SET data = '{"n":99}' WHERE position = 2`).run()
    db.close()
    const again = await run('checkpoint', '--key', key, '--out', file('cp2.json'), '--store', path)
    expect(again.code).toBe(1)
    expect(again.err).toContain('no checkpoint signed: the ledger does not verify')
    expect(existsSync(file('cp2.json'))).toBe(false)
  })

  it("matches a report's checkpoint against the stored events, not against the cache", async () => {
    expect((await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)).code).toBe(0)
    rewriteStream('equipment-b')
    const report = await run('report', 'a', '--checkpoint', file('cp.json'), '--format', 'json', '--store', path)
    expect(report.code).toBe(1)
    expect(report.err).toContain('does not match this store')
  })

  it('takes a stored text that is not the canonical JSON that was hashed as an edit, even of the same values', async () => {
    const db = new Database(path)
    db.prepare(`UPDATE events SET data = '{"n":5,"n":2}' WHERE position = 2`).run()
    db.prepare(`UPDATE events SET metadata = replace(metadata, '":', '": ') WHERE position = 5`).run()
    db.close()
    const result = await run('verify', '--json', '--store', path)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.out) as { breaks: Array<{ streamId: string; revision: string; column?: string }> }
    expect(report.breaks.map((b) => `${b.streamId}@${b.revision} ${b.column}`)).toEqual([
      'program-a@1 data',
      'equipment-b@1 metadata',
    ])
  })

  it('names a stream whose recorded head was deleted as a break, not as a stream that does not exist', async () => {
    const db = new Database(path)
    db.prepare(`DELETE FROM streams WHERE stream_id = 'program-a'`).run()
    db.close()
    const one = await run('verify', '--stream', 'program-a', '--store', path)
    expect(one.code).toBe(1)
    expect(one.err).toContain('the store records no head for the stream')
    expect(one.err + one.out).not.toContain("no stream 'program-a'")
    const events = await run('stream', 'program-a', '--store', path)
    expect(events.err).not.toContain("no stream 'program-a'")
  })

  it('names the hole a moved event leaves in the positions, which only a checkpoint saw before', async () => {
    const db = new Database(path)
    db.prepare('UPDATE events SET position = 1000 WHERE position = 6').run()
    db.prepare('UPDATE events SET position = 6 WHERE position = 5').run()
    db.close()
    const result = await run('verify', '--json', '--store', path)
    expect(result.code).toBe(1)
    const report = JSON.parse(result.out) as { breaks: Array<{ position: string; column?: string; reason: string }> }
    expect(report.breaks.map((b) => [b.position, b.column])).toEqual([
      ['6', 'position'],
      ['1000', 'position'],
    ])
    expect(report.breaks[0]!.reason).toContain('position 5 holds no event before it')
  })

  it('checks a checkpoint against the key the auditor trusts, and names the key it was signed with', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    const keyId = (JSON.parse(readFileSync(file('cp.json'), 'utf8')) as { keyId: string }).keyId
    const other = file('attacker.key')
    expect((await run('keygen', '--out', other)).code).toBe(0)
    await run('checkpoint', '--key', other, '--out', file('forged.json'), '--store', path)
    const unpinned = await run('verify', '--against', file('forged.json'), '--store', path)
    expect(unpinned.code).toBe(0)
    expect(unpinned.out).toContain('signed by ed25519:')
    expect(unpinned.out).not.toContain(keyId)
    const pinned = await run('verify', '--against', file('forged.json'), '--key-id', keyId, '--store', path)
    expect(pinned.code).toBe(1)
    expect(pinned.err).toContain(`not by the trusted key ${keyId}`)
    const trusted = await run('verify', '--against', file('cp.json'), '--key-id', keyId, '--json', '--store', path)
    expect(trusted.code).toBe(0)
    expect(JSON.parse(trusted.out)).toMatchObject({ ok: true, against: { keyId } })
  })

  it('opens a write-protected SQLite evidence copy read-only', async () => {
    await run('checkpoint', '--key', key, '--out', file('cp.json'), '--store', path)
    chmodSync(path, 0o444)
    const result = await run('verify', '--against', file('cp.json'), '--store', path)
    expect(result.err).not.toContain('readonly database')
    expect(result.code).toBe(0)
    // Whatever the file's mode (root ignores it), the CLI's connection itself refuses to write.
    const opened = await openStoreFromUrl(path, { readonly: true })
    if (E.isLeft(opened)) throw new Error('the store did not open')
    const appended = await opened.right.append('program-z', [event(99)])()
    await opened.right.close()()
    expect(JSON.stringify(E.isLeft(appended) ? appended.left : 'appended')).toContain('readonly')
  })
})

/** What an insider with write access can do with only the formula in docs/kernel.md: rewrite and re-chain a stream. */
const rewriteStream = (streamId: string) => {
  const db = new Database(path)
  const rows = db
    .prepare(
      'SELECT position, event_id, revision, type, schema_version, metadata FROM events WHERE stream_id = ? ORDER BY revision',
    )
    .all(streamId) as Array<{
    position: number
    event_id: string
    revision: number
    type: string
    schema_version: number
    metadata: string
  }>
  let prevHash = '0'.repeat(64)
  for (const row of rows) {
    const data = { n: 1000 + row.revision }
    const hash = chainHash(nodeSha256, prevHash, {
      eventId: row.event_id,
      streamId,
      revision: BigInt(row.revision),
      type: row.type,
      schemaVersion: row.schema_version,
      data,
      metadata: JSON.parse(row.metadata) as never,
    })
    db.prepare('UPDATE events SET data = ?, hash = ?, prev_hash = ? WHERE position = ?').run(
      JSON.stringify(data),
      hash,
      prevHash,
      row.position,
    )
    prevHash = hash
  }
  db.prepare('UPDATE streams SET last_hash = ? WHERE stream_id = ?').run(prevHash, streamId)
  db.close()
}
