/**
 * Memory and speed of a full read of a large SQLite event store: writes N events (default 1,000,000) into a
 * temporary file with batch appends, then reads them all back with `readAll` (decode → hash verification →
 * upcast) in a fresh child process, so the peak RSS reported belongs to the read alone.
 *
 *   pnpm exec tsx --conditions=@ikm-ledger/source src/sqliteMillionRead.ts [events] [--keep]
 *
 * Prints events/s (wall clock, and per CPU-second, which is steadier on a shared machine) and peak RSS (`process.resourceUsage().maxRSS`, plus RSS sampled every batch) for: the read
 * with verification, the read without verification, and the raw better-sqlite3 scan underneath, so the cost of
 * each layer shows.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { steppingClock, storeErrorMessage, type CivilDate, type EventId, type NewEvent } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

const STREAM_LENGTH = 1000
const MB = 1024 * 1024

const eventIdOf = (n: number): EventId => {
  const hex = n.toString(16).padStart(12, '0')
  return `01900000-0000-7000-8000-${hex}` as EventId
}

const eventAt = (n: number, stream: number): NewEvent => ({
  eventId: eventIdOf(n),
  type: n % 3 === 0 ? 'FundingAllocated' : 'TrainingParticipantEnrolled',
  schemaVersion: 1,
  data: {
    programId: `program-${stream}`,
    participantId: `person-${n}`,
    amountRupiah: String(150_000_000 + n),
    source: 'APBN',
    note: 'bimtek batch',
  },
  metadata: {
    occurredOn: '2024-03-15' as CivilDate,
    actor: { id: 'officer-7', role: 'DINAS' },
    correlationId: `corr-${stream}`,
    evidence: { level: 'DOCUMENTED', refs: [{ kind: 'SK', number: `SK-${stream}/2024` }] },
    mode: 'OPERATIONAL',
  },
})

const write = async (path: string, total: number): Promise<void> => {
  const opened = createSqliteEventStore({ path, clock: steppingClock('2024-03-15T00:00:00.000Z', 1) })
  if (E.isLeft(opened)) throw new Error(storeErrorMessage(opened.left))
  const store = opened.right
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let first = 0, stream = 0; first < total; first += STREAM_LENGTH, stream++) {
    const batch: Array<NewEvent> = []
    for (let n = first; n < Math.min(first + STREAM_LENGTH, total); n++) batch.push(eventAt(n, stream))
    const result = await store.append(`program-${stream}`, batch, { expectedRevision: 'no_stream' })()
    if (E.isLeft(result)) throw new Error(storeErrorMessage(result.left))
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  await store.close()()
  console.log(
    `write: ${total} events in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} events/s ` +
      `(${Math.round(total / ((used.user + used.system) / 1e6))} events per CPU-second) ` +
      `(batches of ${STREAM_LENGTH}, synchronous FULL); file ${(statSync(path).size / MB).toFixed(0)} MB`,
  )
}

interface Figures {
  readonly label: string
  readonly events: number
  readonly seconds: number
  readonly cpuSeconds: number
  readonly peakRssMb: number
  readonly sampledMaxRssMb: number
}

const read = async (path: string, mode: 'verify' | 'noverify' | 'floor'): Promise<Figures> => {
  let sampledMax = 0
  const sample = () => {
    sampledMax = Math.max(sampledMax, process.memoryUsage().rss)
  }
  let count = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  if (mode === 'floor') {
    const db = new Database(path, { readonly: true })
    const statement = db
      .prepare(
        'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, hash, prev_hash FROM events WHERE position > ? ORDER BY position LIMIT 1000',
      )
      .safeIntegers(true)
    let after = 0n
    for (;;) {
      const rows = statement.all(after) as Array<{ position: bigint }>
      if (rows.length === 0) break
      count += rows.length
      after = rows[rows.length - 1]!.position
      sample()
    }
    db.close()
  } else {
    const opened = createSqliteEventStore({ path })
    if (E.isLeft(opened)) throw new Error(storeErrorMessage(opened.left))
    const store = opened.right
    for await (const batch of store.readAll({ batchSize: 1000, verifyHashes: mode === 'verify' })) {
      if (E.isLeft(batch)) throw new Error(storeErrorMessage(batch.left))
      count += batch.right.events.length
      sample()
    }
    await store.close()()
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  return {
    label:
      mode === 'verify'
        ? 'readAll, decode + hash verification'
        : mode === 'noverify'
          ? 'readAll, decode only (verifyHashes: false)'
          : 'raw better-sqlite3 keyset scan, no decode',
    events: count,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    sampledMaxRssMb: sampledMax / MB,
  }
}

const main = async (): Promise<void> => {
  const [, , first, second] = process.argv
  if (first === '--read') {
    const figures = await read(second!, process.argv[4] as 'verify' | 'noverify' | 'floor')
    process.stdout.write(JSON.stringify(figures))
    return
  }
  const total = first === undefined || first.startsWith('--') ? 1_000_000 : Number(first)
  const keep = process.argv.includes('--keep')
  const dir = mkdtempSync(join(tmpdir(), 'ikm-sqlite-million-'))
  const path = join(dir, 'events.sqlite')
  try {
    await write(path, total)
    for (const mode of ['verify', 'noverify', 'floor'] as const) {
      // A fresh process per read, so its peak RSS is the read's alone, not the write's.
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), '--read', path, mode],
        { encoding: 'utf8', maxBuffer: 16 * MB },
      )
      if (child.status !== 0) throw new Error(`read (${mode}) failed: ${child.stderr}`)
      const f = JSON.parse(child.stdout) as Figures
      console.log(
        `${f.label}: ${f.events} events in ${f.seconds.toFixed(2)} s = ${Math.round(f.events / f.seconds)} events/s ` +
          `(${Math.round(f.events / f.cpuSeconds)} events per CPU-second); ` +
          `peak RSS ${f.peakRssMb.toFixed(0)} MB (sampled max ${f.sampledMaxRssMb.toFixed(0)} MB)`,
      )
    }
  } finally {
    if (keep) console.log(`kept ${path}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
