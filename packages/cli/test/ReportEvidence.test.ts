import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sequentialIds, steppingClock, type EventStore } from '@ikm-ledger/core'
import { ikmCommandHandler, importCommands, type ImportEntry } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { cli, seedFiles, seedLedger } from './support'

interface Evidence {
  readonly sourceSha256: string | null
  readonly sourceState: string
  readonly sourceFiles: ReadonlyArray<{ readonly name: string; readonly bytes: string; readonly sha256: string }>
  readonly readThroughPosition: string
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

const entriesOf = (file: string): ReadonlyArray<ImportEntry> =>
  (JSON.parse(readFileSync(file, 'utf8')) as { readonly entries: ReadonlyArray<ImportEntry> }).entries

const evidenceOf = (out: string): Evidence => (JSON.parse(out) as { readonly evidence: Evidence }).evidence

let dir: string
const clock = steppingClock('2026-01-01T00:00:00.000Z')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-evidence-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A writer that keeps its connection open, so its last commits stay in the write-ahead log. */
const openWriter = (path: string): EventStore => {
  const opened = createSqliteEventStore({ path, clock })
  if (E.isLeft(opened)) throw new Error(opened.left._tag)
  return opened.right
}

const importInto = async (store: EventStore, file: string, seed = 1): Promise<void> => {
  const handle = ikmCommandHandler({ store, ids: sequentialIds(seed), maxRetries: 0, onlyMode: 'HISTORICAL_IMPORT' })
  const summary = await importCommands(handle, entriesOf(file), { onRejection: 'stop' })()
  expect(summary.rejected).toEqual([])
}

describe('the report evidence of a SQLite file', () => {
  it('hashes a file without a write-ahead log as found, and says so', async () => {
    const ledger = join(dir, 'plain.db')
    await seedLedger(ledger, cli(clock))
    expect(existsSync(`${ledger}-wal`) && statSync(`${ledger}-wal`).size > 0).toBe(false)
    const { code, out } = await cli(clock)('report', '--all', '--format', 'json', '--store', ledger)
    expect(code).toBe(0)
    expect(evidenceOf(out)).toMatchObject({
      sourceSha256: sha256(ledger),
      sourceState: 'FILE',
      sourceFiles: [{ name: 'plain.db', bytes: String(statSync(ledger).size), sha256: sha256(ledger) }],
    })
  })

  it('hashes the data read when commits are still in the WAL: the file with its WAL checkpointed, on a copy', async () => {
    const live = join(dir, 'live.db')
    const writer = openWriter(live)
    await importInto(writer, seedFiles()[0] ?? '')
    // The evidence copy of a ledger whose writer is still running: the file and its WAL, taken together.
    const copy = join(dir, 'copy.db')
    copyFileSync(live, copy)
    copyFileSync(`${live}-wal`, `${copy}-wal`)
    await writer.close()()
    const walBytes = statSync(`${copy}-wal`).size
    expect(walBytes).toBeGreaterThan(0)
    const [fileHash, walHash] = [sha256(copy), sha256(`${copy}-wal`)]

    const { code, out } = await cli(clock)('report', '--all', '--format', 'json', '--store', copy)
    expect(code).toBe(0)
    const evidence = evidenceOf(out)

    // What an auditor computes by hand: checkpoint a second copy, then hash the one file.
    const check = join(dir, 'check.db')
    copyFileSync(copy, check)
    copyFileSync(`${copy}-wal`, `${check}-wal`)
    const db = new Database(check)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    db.close()

    expect(evidence.sourceState).toBe('FILE_WITH_WAL')
    expect(evidence.sourceSha256).toBe(sha256(check))
    expect(evidence.sourceSha256).not.toBe(fileHash)
    expect(evidence.sourceFiles).toEqual([
      { name: 'copy.db', bytes: String(statSync(copy).size), sha256: fileHash },
      { name: 'copy.db-wal', bytes: String(walBytes), sha256: walHash },
    ])
    expect(evidence.readThroughPosition).toBe(String(events))
    // The evidence itself is left as it was found.
    expect([sha256(copy), sha256(`${copy}-wal`)]).toEqual([fileHash, walHash])

    const md = await cli(clock)('report', '--all', '--format', 'md', '--lang', 'en', '--store', copy)
    expect(md.out).toContain('the SQLite file with its write-ahead log (-wal) applied on a copy')
    expect(md.out).toContain(`File as found: copy.db-wal**: \`${walHash} (${walBytes} bytes)\``)
  })

  it('names no hash when the file changes while the report reads it', async () => {
    const ledger = join(dir, 'busy.db')
    const writer = openWriter(ledger)
    await importInto(writer, seedFiles()[0] ?? '')
    let appended = false
    // The report's own read-only connection, with a writer that commits while the report is reading.
    const run = cli(clock, {
      openStore: async (url) => {
        const opened = createSqliteEventStore({ path: url, clock, readonly: true })
        if (E.isLeft(opened)) return opened
        const reader = opened.right
        return E.right({
          ...reader,
          readAll: (options) => {
            const inner = reader.readAll(options)
            return (async function* () {
              for await (const batch of inner) {
                yield batch
                if (!appended) {
                  appended = true
                  await importInto(writer, seedFiles()[4] ?? '', 100_000)
                }
              }
            })()
          },
          close: () => TE.right(undefined),
        })
      },
    })
    const { code, out, err } = await run('report', '--all', '--format', 'json', '--store', ledger)
    await writer.close()()
    expect(appended).toBe(true)
    expect(code).toBe(0)
    expect(err).toContain('the store file changed while the report was read')
    expect(evidenceOf(out)).toMatchObject({ sourceSha256: null, sourceState: 'CHANGED_WHILE_READ' })
  })
})
