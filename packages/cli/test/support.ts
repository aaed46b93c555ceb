/**
 * A SQLite ledger holding the five seed stories, loaded the way an operator would: `ikm-ledger import --create`
 * on each seed file, with a stepping clock (2026-01-01T00:00:00Z, one second per event) so `recordedAt` is the
 * same on every run.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { steppingClock, type Clock } from '@ikm-ledger/core'
import { openStoreFromUrl, runCli, type CliIo } from '../src'

export const SEED_DIR = fileURLToPath(new URL('../../../examples/seeds/', import.meta.url))

export const seedFiles = (): ReadonlyArray<string> =>
  readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(SEED_DIR, f))

export interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs the CLI against SQLite files opened with one clock (so appends across runs keep stepping). */
export const cli = (clock: Clock = steppingClock('2026-01-01T00:00:00.000Z'), extra: Partial<CliIo> = {}) => {
  return async (...argv: ReadonlyArray<string>): Promise<Run> => {
    const out: Array<string> = []
    const err: Array<string> = []
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      // As the real command does: every command but import opens the file read-only.
      openStore: (url, options) => openStoreFromUrl(url, { ...options, clock }),
      ...extra,
    }
    const code = await runCli(argv, io)
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
}

/** Imports the five seed stories into a new SQLite file. */
export const seedLedger = async (path: string, run = cli()): Promise<void> => {
  for (const file of seedFiles()) {
    const imported = await run('import', file, '--create', '--mode', 'historical', '--store', path)
    if (imported.code !== 0) throw new Error(`import of ${file} failed: ${imported.out}\n${imported.err}`)
  }
}
