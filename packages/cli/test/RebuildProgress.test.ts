import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sequentialIds, steppingClock, type EventStore } from '@ikm-ledger/core'
import { ikmCommandHandler, importCommands, type ImportEntry } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { lineProgress } from '../src'
import { cli, seedFiles } from './support'

let dir: string
const clock = steppingClock('2026-01-01T00:00:00.000Z')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-rebuild-progress-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const importInto = async (store: EventStore, file: string, seed: number): Promise<number> => {
  const handle = ikmCommandHandler({ store, ids: sequentialIds(seed), maxRetries: 0, onlyMode: 'HISTORICAL_IMPORT' })
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { readonly entries: ReadonlyArray<ImportEntry> }).entries
  const summary = await importCommands(handle, entries, { onRejection: 'stop' })()
  expect(summary.rejected).toEqual([])
  return summary.events
}

describe('ikm-ledger rebuild progress', () => {
  it('follows a store that grows while it catches up: the total moves with the head, never past 100%', async () => {
    const ledger = join(dir, 'live.db')
    const writer = createSqliteEventStore({ path: ledger, clock })
    if (E.isLeft(writer)) throw new Error(writer.left._tag)
    const before = await importInto(writer.right, seedFiles()[0] ?? '', 1)
    let added = 0
    // The first read model's catch-up sees the head move: a dinas keeps importing while the rebuild runs.
    const live = (reader: EventStore): EventStore => ({
      ...reader,
      readAll: (options) => {
        const inner = reader.readAll(options)
        return (async function* () {
          for await (const batch of inner) {
            // Appended after the runner fixed the head it reads to, before it has applied this batch.
            if (added === 0) added = await importInto(writer.right, seedFiles()[4] ?? '', 100_000)
            yield batch
          }
        })()
      },
    })
    let now = 0
    const lines: Array<string> = []
    const run = cli(clock, {
      progress: lineProgress(
        (l) => lines.push(l),
        () => (now += 1000),
        500,
      ),
      openStore: async (url) => {
        const opened = createSqliteEventStore({ path: url, clock, readonly: true })
        return E.map((reader: EventStore) => ({ ...live(reader), close: () => TE.right(undefined) }))(opened)
      },
    })
    const { code, out } = await run('rebuild', '--into', join(dir, 'read-models.db'), '--store', ledger)
    await writer.right.close()()
    expect(code).toBe(0)
    expect(added).toBeGreaterThan(0)
    const total = before + added
    const first = lines.filter((l) => l.startsWith('ikm-rm1-program-status-board:'))
    expect(first.at(-1)).toMatch(new RegExp(`^ikm-rm1-program-status-board: ${total}/${total} events \\(100%\\)`))
    for (const line of lines) {
      const [, done, of] = /: (\d+)\/(\d+) events/.exec(line) ?? []
      expect(Number(done)).toBeLessThanOrEqual(Number(of))
    }
    expect(out).toContain(`up to date: ikm-rm1-program-status-board through position ${total}`)
  })
})
