import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sequentialIds, steppingClock, type EventStore } from '@ikm-ledger/core'
import { ikmCommandHandler, importCommands, type ImportEntry } from '@ikm-ledger/core/domain'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import { ikmReadModels } from '@ikm-ledger/projections'
import Database from 'better-sqlite3'
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

describe('ikm-ledger rebuild over a live store', () => {
  it('brings every read model to the one head it took at the start, though the store grows meanwhile', async () => {
    const ledger = join(dir, 'live.db')
    const writer = createSqliteEventStore({ path: ledger, clock })
    if (E.isLeft(writer)) throw new Error(writer.left._tag)
    const before = await importInto(writer.right, seedFiles()[0] ?? '', 1)
    let reads = 0
    let added = 0
    // A dinas keeps importing while the rebuild runs: the store grows during the second read model's catch-up.
    const live = (reader: EventStore): EventStore => ({
      ...reader,
      readAll: (options) => {
        const inner = reader.readAll(options)
        const read = ++reads
        return (async function* () {
          for await (const batch of inner) {
            if (read === 2 && added === 0) added = await importInto(writer.right, seedFiles()[4] ?? '', 100_000)
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
    const into = join(dir, 'read-models.db')
    const { code, out } = await run('rebuild', '--into', into, '--store', ledger)
    await writer.right.close()()
    expect(code).toBe(0)
    expect(added).toBeGreaterThan(0)
    const reported = [...out.matchAll(/up to date: (\S+) through position (\d+)/g)].map((m) => [m[1], Number(m[2])])
    expect(reported).toEqual(ikmReadModels.map((m) => [m.name, before]))
    const db = new Database(into, { readonly: true })
    const checkpoints = db.prepare('SELECT name, position FROM ikm_projection_checkpoints').all() as ReadonlyArray<{
      readonly position: bigint | number
    }>
    db.close()
    expect(checkpoints.map((c) => Number(c.position))).toEqual(ikmReadModels.map(() => before))
    expect(lines.filter((l) => l.startsWith('ikm-rm1-program-status-board:')).at(-1)).toMatch(
      new RegExp(`^ikm-rm1-program-status-board: ${before}/${before} events \\(100%\\)`),
    )
    for (const line of lines) {
      const [, done, of] = /: (\d+)\/(\d+) events/.exec(line) ?? []
      expect(Number(done)).toBeLessThanOrEqual(Number(of))
    }
  })
})
