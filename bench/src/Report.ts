/**
 * Medians, ratios, the machine description and the markdown of a results file.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { adminQuery } from './Pg'
import type { Backend, SystemName } from './Subject'
import type { Measurement, WorkloadId } from './Workloads'

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// -------------------------------------------------------------------------------------
// results
// -------------------------------------------------------------------------------------

export interface Cell {
  readonly workload: WorkloadId
  readonly title: string
  readonly unit: string
  readonly backend: Backend
  readonly system: SystemName
  readonly describe: string
  readonly measurements: Array<Measurement>
  error?: string
}

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** A measurement as the part tools print it: the median with the spread, `12.3 (11.0–15.2)`, to `digits` places. */
export const medianWithSpread = (values: ReadonlyArray<number>, digits: number): string =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`

/** Units per second, median over rounds. */
export const rateOf = (cell: Cell | undefined): number =>
  cell === undefined || cell.error !== undefined
    ? Number.NaN
    : median(cell.measurements.map((m) => (m.units / m.ms) * 1000))

const fmtRate = (rate: number): string =>
  Number.isNaN(rate)
    ? 'n/a'
    : rate >= 100_000
      ? `${Math.round(rate / 1000).toLocaleString('en')}k`
      : rate >= 10_000
        ? `${(rate / 1000).toFixed(1)}k`
        : Math.round(rate).toLocaleString('en')

const fmtRatio = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a')

const fmtMs = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? 'n/a' : ms.toFixed(3))

const isPartial = (cell: Cell | undefined): boolean => cell?.measurements.some((m) => m.partial === true) ?? false

/** A rate, marked `≤ … *` when a read stopped at its time limit (the rate so far bounds the true rate). */
const cellText = (cell: Cell | undefined): string => {
  if (cell === undefined) return '—'
  if (cell.error !== undefined) return 'failed'
  return isPartial(cell) ? `≤ ${fmtRate(rateOf(cell))} *` : fmtRate(rateOf(cell))
}

/** The footnote for `*`, when a table has such a cell. */
export const partialNote = (cells: ReadonlyArray<Cell>): string => {
  const partial = cells.filter(isPartial)
  if (partial.length === 0) return ''
  const which = partial
    .map(
      (c) =>
        `${c.system} on ${c.backend} (${Math.max(...c.measurements.map((m) => m.units)).toLocaleString('en')} events read)`,
    )
    .join(', ')
  return `\n\n\\* stopped at its time limit before the end of the store: ${which}. Its rate falls as the store grows, so the rate so far is an upper bound; the ratio against it is a lower bound.`
}

/** Each round's rate, in units per second (rounds ran interleaved: round i of every system ran side by side). */
const roundRates = (cell: Cell | undefined, ms: (m: Measurement) => number | undefined = (m) => m.ms) =>
  cell === undefined || cell.error !== undefined
    ? []
    : cell.measurements.map((m) => (m.units / (ms(m) ?? Number.NaN)) * 1000)

/** `median (min–max)` of a cell's rounds. */
const spreadText = (rates: ReadonlyArray<number>, partial = false): string => {
  if (rates.length === 0) return '—'
  const med = fmtRate(median(rates))
  const text = rates.length === 1 ? med : `${med} (${fmtRate(Math.min(...rates))}–${fmtRate(Math.max(...rates))})`
  return partial ? `≤ ${text} *` : text
}

/**
 * `a ÷ b` as the ratio of the medians, and in brackets the range of the per-round ratios (round i of one
 * system against round i of the other, which ran next to it), so that drift on a shared machine shows.
 */
const ratioText = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, prefix = ''): string => {
  if (a.length === 0 || b.length === 0) return '—'
  const ratio = median(a) / median(b)
  const paired = a.slice(0, Math.min(a.length, b.length)).map((x, i) => x / b[i]!)
  const range = paired.length > 1 ? ` (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})` : ''
  return `${prefix}${fmtRatio(ratio)}${range}`
}

/**
 * The main table: one row per workload and backend, each system's median rate with the spread over rounds, and
 * ours against Emmett and against the floor (throughput ratios: above 1 is faster).
 */
export const ratioTable = (cells: ReadonlyArray<Cell>): string => {
  const rows: Array<string> = [
    '| workload | backend | unit | ours | Emmett | floor | ours ÷ Emmett | ours ÷ floor |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ]
  const keys = [...new Set(cells.map((c) => `${c.workload}|${c.backend}`))]
  for (const key of keys) {
    const [workload, backend] = key.split('|') as [WorkloadId, Backend]
    const of = (system: SystemName) =>
      cells.find((c) => c.workload === workload && c.backend === backend && c.system === system)
    const ours = of('ours')
    const emmett = of('emmett')
    const floor = of('floor')
    const where = backend === 'memory' ? 'memory (reference)' : backend
    const unit = ours?.unit ?? emmett?.unit ?? ''
    const failed = (cell: Cell | undefined) => (cell?.error !== undefined ? 'failed' : undefined)
    const cellOf = (cell: Cell | undefined) =>
      cell === undefined ? '—' : (failed(cell) ?? spreadText(roundRates(cell), isPartial(cell)))
    const verifiedLabel = workload === 'load-fold' ? ', hashes verified (Emmett has none)' : ''
    rows.push(
      `| ${workload}${verifiedLabel} | ${where} | ${unit} | ${cellOf(ours)} | ${cellOf(emmett)} | ${cellOf(floor)} | ${
        emmett === undefined ? '—' : ratioText(roundRates(ours), roundRates(emmett), isPartial(emmett) ? '≥ ' : '')
      } | ${floor === undefined ? '—' : ratioText(roundRates(ours), roundRates(floor))} |`,
    )
    const hasUnverified = (cell: Cell | undefined) => cell?.measurements.some((m) => m.unverifiedMs !== undefined)
    if (hasUnverified(ours)) {
      const oursPlain = roundRates(ours, (m) => m.unverifiedMs)
      const floorPlain = hasUnverified(floor) ? roundRates(floor, (m) => m.unverifiedMs) : []
      rows.push(
        `| ${workload}, no hash verification | ${where} | ${unit} | ${spreadText(oursPlain)} | ${cellOf(emmett)} | ${
          floorPlain.length === 0 ? '—' : spreadText(floorPlain)
        } | ${emmett === undefined ? '—' : ratioText(oursPlain, roundRates(emmett))} | ${
          floorPlain.length === 0 ? '—' : ratioText(oursPlain, floorPlain)
        } |`,
      )
    }
  }
  return rows.join('\n') + partialNote(cells)
}

/** Latency of the append workloads (median over rounds of each round's p50 / p99). */
export const latencyTable = (cells: ReadonlyArray<Cell>): string => {
  const rows = ['| workload | backend | system | p50 ms | p99 ms |', '|---|---|---|---:|---:|']
  for (const cell of cells) {
    if (cell.error !== undefined || cell.measurements[0]?.p50 === undefined) continue
    rows.push(
      `| ${cell.workload} | ${cell.backend} | ${cell.system} | ${fmtMs(median(cell.measurements.map((m) => m.p50 ?? Number.NaN)))} | ${fmtMs(median(cell.measurements.map((m) => m.p99 ?? Number.NaN)))} |`,
    )
  }
  return rows.join('\n')
}

/** Peak RSS of the read-all processes (the highest over rounds). */
export const memoryTable = (cells: ReadonlyArray<Cell>): string => {
  const rows = [
    '| backend | system | events/s | peak RSS MiB (max over rounds) | RSS before reading MiB |',
    '|---|---|---:|---:|---:|',
  ]
  for (const cell of cells) {
    if (cell.workload !== 'read-all') continue
    if (cell.error !== undefined) {
      rows.push(`| ${cell.backend} | ${cell.system} | failed | | |`)
      continue
    }
    const peak = Math.max(...cell.measurements.map((m) => m.peakRssMb ?? 0))
    const base = median(cell.measurements.map((m) => m.baseRssMb ?? Number.NaN))
    rows.push(`| ${cell.backend} | ${cell.system} | ${cellText(cell)} | ${peak.toFixed(0)} | ${base.toFixed(0)} |`)
  }
  return rows.join('\n')
}

/**
 * The line of an error message that says what went wrong: a module that fails to load reports `file:line` first
 * and the `SyntaxError: …` (such as an export a stale build lacks) a few lines below.
 */
export const errorHeadline = (message: string): string => {
  const lines = message.split('\n').map((line) => line.trim())
  return lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines[0] ?? message
}

/** Every round's figure, for whoever wants to check the medians. */
export const roundsTable = (cells: ReadonlyArray<Cell>): string => {
  const rows = ['| workload | backend | system | rounds (units/s) |', '|---|---|---|---|']
  for (const cell of cells) {
    const rounds =
      cell.error !== undefined
        ? `failed: ${errorHeadline(cell.error)}`
        : cell.measurements
            .map(
              (m) =>
                fmtRate((m.units / m.ms) * 1000) + (m.partial === true ? ` (stopped after ${m.units} events)` : ''),
            )
            .join(', ')
    rows.push(`| ${cell.workload} | ${cell.backend} | ${cell.system} | ${rounds} |`)
  }
  return rows.join('\n')
}

// -------------------------------------------------------------------------------------
// machine
// -------------------------------------------------------------------------------------

const packageVersion = (name: string, from = BENCH_DIR): string => {
  try {
    const file = path.join(from, 'node_modules', name, 'package.json')
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

const git = (...args: Array<string>): string | undefined => {
  try {
    return execFileSync('git', args, { cwd: BENCH_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

export interface Machine {
  readonly lines: ReadonlyArray<string>
  readonly sha: string
}

export const describeMachine = async (withPostgres: boolean): Promise<Machine> => {
  const cpus = os.cpus()
  const db = new Database(':memory:')
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  db.close()
  let pgVersion = 'not reachable'
  let pgSettings = ''
  if (withPostgres) {
    const { rows } = await adminQuery(
      "SELECT current_setting('server_version') AS v, current_setting('fsync') AS f, " +
        "current_setting('synchronous_commit') AS s, current_setting('shared_buffers') AS b",
    )
    const row = rows[0] as { v: string; f: string; s: string; b: string }
    pgVersion = row.v
    pgSettings = ` (fsync=${row.f}, synchronous_commit=${row.s}, shared_buffers=${row.b}, loopback)`
  }
  const sqlite3Version = await import('sqlite3')
    .then((m) => (m.default as unknown as { VERSION: string }).VERSION)
    .catch(() => 'unknown')
  const sha = git('rev-parse', '--short', 'HEAD') ?? 'local'
  const dirty = (git('status', '--porcelain') ?? '') !== ''
  const core = packageVersion('@ikm-ledger/core')
  return {
    sha,
    lines: [
      `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores (shared with other work on this machine)`,
      `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()}`,
      `- Node ${process.version}`,
      `- PostgreSQL ${pgVersion}${pgSettings}`,
      `- SQLite ${sqliteVersion} (better-sqlite3 ${packageVersion('better-sqlite3')}); Emmett's driver sqlite3 ${packageVersion('sqlite3')} (SQLite ${sqlite3Version})`,
      `- ikm-ledger ${core} at ${sha}${dirty ? ' (with uncommitted changes in the work tree)' : ''}`,
      `- Emmett: @event-driven-io/emmett ${packageVersion('@event-driven-io/emmett')}, emmett-sqlite ${packageVersion('@event-driven-io/emmett-sqlite')}, emmett-postgresql ${packageVersion('@event-driven-io/emmett-postgresql')} (dumbo ${packageVersion('@event-driven-io/dumbo')})`,
      `- Drivers: pg ${packageVersion('pg')}, better-sqlite3 ${packageVersion('better-sqlite3')}, fp-ts ${packageVersion('fp-ts')}, io-ts ${packageVersion('io-ts')}`,
    ],
  }
}
