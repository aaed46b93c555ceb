/**
 * What integrity costs, on one SQLite file of N events (default 1,000,000; `--smoke`: 2,000):
 *
 * - checkpoint: the Merkle log built from every stored event and signed (what `ikm-ledger checkpoint` does each
 *   time, beside its full verification), and the log resumed from its cache (`<file>.merkle`, decoded from bytes)
 *   after 1,000 more events and signed: it reads and hashes only those (what `ikm-ledger prove` does);
 * - proofs at size N: root, inclusion proof (make + verify) and consistency proof (make + verify);
 * - append: one event per append, with and without extending a Merkle log by its leaf (what an appender that kept
 *   the log would pay; ikm-ledger keeps it on the verifier side, so an append pays nothing), as a ratio;
 * - full verify: `verifyAllChains` with the RFC 9162 hasher and with a hasher that does no work, as a ratio.
 *
 * Every figure is the median of several rounds with its spread (min–max); rounds of the two sides of a ratio
 * alternate, so both see the same load on a shared machine. Results go to bench/results/<date>-integrity.md.
 *
 *   pnpm --filter @ikm-ledger/bench run integrity [--smoke] [--events=N]
 */
import { execSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/Either'
import {
  decodeLedgerLog,
  ed25519Signer,
  encodeLedgerLog,
  extendLedgerLog,
  generateEd25519KeyPair,
  instantOf,
  ledgerLog,
  nodeSha256Bytes,
  rfc9162Hasher,
  signCheckpoint,
  steppingClock,
  treeHeadOf,
  verifyAllChains,
  verifyConsistency,
  verifyInclusion,
  type CivilDate,
  type EventId,
  type EventStore,
  type MerkleHasher,
  type NewEvent,
} from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

const args = process.argv.slice(2).filter((arg) => arg !== '--')
const smoke = args.includes('--smoke')
const eventsArg = args.find((arg) => arg.startsWith('--events='))
const unknown = args.filter((arg) => arg !== '--smoke' && !arg.startsWith('--events='))
if (unknown.length > 0) {
  console.error(
    `unknown arguments: ${unknown.join(' ')}\nusage: pnpm --filter @ikm-ledger/bench run integrity [--smoke] [--events=N]`,
  )
  process.exit(2)
}
const TOTAL = eventsArg === undefined ? (smoke ? 2_000 : 1_000_000) : Number(eventsArg.slice('--events='.length))
if (!Number.isSafeInteger(TOTAL) || TOTAL < 100) {
  console.error(`--events must be a whole number of at least 100, got ${String(eventsArg)}`)
  process.exit(2)
}
const ROUNDS = smoke ? 2 : 5
const VERIFY_ROUNDS = smoke ? 2 : 3
const COLD_ROUNDS = 2
const APPENDS = smoke ? 200 : 2_000
const STREAM_LENGTH = 1000

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const fail = (message: string): never => {
  throw new Error(message)
}

const eventIdOf = (n: number): EventId => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}` as EventId

const eventAt = (n: number, stream: number): NewEvent => ({
  eventId: eventIdOf(n),
  type: n % 3 === 0 ? 'FundingAllocated' : 'TrainingParticipantEnrolled',
  schemaVersion: 1,
  data: { programId: `program-${stream}`, participantId: `person-${n}`, amountRupiah: String(150_000_000 + n) },
  metadata: {
    occurredOn: '2024-03-15' as CivilDate,
    actor: { id: 'officer-7', role: 'DINAS' },
    correlationId: `corr-${stream}`,
    evidence: { level: 'DOCUMENTED', refs: [] },
    mode: 'OPERATIONAL',
  },
})

interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
}

const spreadOf = (values: ReadonlyArray<number>): Spread => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

const ms = (s: Spread, digits = 1) =>
  `${s.median.toFixed(digits)} ms (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
const us = (s: Spread) =>
  `${(s.median * 1000).toFixed(1)} µs (${(s.min * 1000).toFixed(1)}–${(s.max * 1000).toFixed(1)})`

const time = async (f: () => Promise<unknown> | unknown): Promise<number> => {
  const started = performance.now()
  await f()
  return performance.now() - started
}

/** Wall-clock and CPU milliseconds of one run (CPU time is steadier on a shared machine). */
const timeBoth = async (f: () => Promise<unknown>): Promise<{ readonly wall: number; readonly cpu: number }> => {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await f()
  const wall = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { wall, cpu: (used.user + used.system) / 1000 }
}

const right = <A>(either: E.Either<unknown, A>, what: string): A =>
  E.isRight(either) ? either.right : fail(`${what}: ${JSON.stringify(either.left)}`)

const rfc = rfc9162Hasher(nodeSha256Bytes)
const ZERO = new Uint8Array(32)
/** A hasher that does no work: the verify without the Merkle log. */
const noHasher: MerkleHasher = { emptyRoot: ZERO, leaf: () => ZERO, node: () => ZERO }

const openStore = (path: string): EventStore =>
  right(
    createSqliteEventStore({ path, clock: steppingClock('2024-03-15T00:00:00.000Z', 1) }),
    `open the SQLite store at ${path}`,
  )

const log = (line: string) => console.log(`[integrity] ${line}`)

// -------------------------------------------------------------------------------------
// the run
// -------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'ikm-bench-integrity-'))
const lines: Array<string> = []
const out = (line = '') => {
  lines.push(line)
  console.log(line)
}

try {
  const path = join(dir, 'ledger.sqlite')
  const store = openStore(path)
  log(`writing ${TOTAL} events in appends of ${STREAM_LENGTH}`)
  let next = 0
  const writeStarted = performance.now()
  for (let stream = 0; next < TOTAL; stream++) {
    const batch: Array<NewEvent> = []
    for (; batch.length < STREAM_LENGTH && next < TOTAL; next++) batch.push(eventAt(next, stream))
    right(await store.append(`program-${stream}`, batch)(), 'append')
  }
  log(`written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`)

  // ----- full verify, with and without the Merkle log --------------------------------
  type Timing = { readonly wall: number; readonly cpu: number }
  const withLog: Array<Timing> = []
  const withoutLog: Array<Timing> = []
  for (let round = 0; round < VERIFY_ROUNDS; round++) {
    // Alternate which side goes first, so neither always runs on a warmer (or busier) machine.
    const sides = [
      [rfc, withLog],
      [noHasher, withoutLog],
    ] as const
    for (const [hasher, into] of round % 2 === 0 ? sides : [...sides].reverse()) {
      into.push(
        await timeBoth(async () => {
          const report = right(await verifyAllChains(store, { hasher, batchSize: 1000 })(), 'verify')
          if (report.breaks.length > 0 || report.eventsChecked !== TOTAL) fail('the benchmark ledger does not verify')
        }),
      )
    }
    log(
      `verify round ${round + 1}: CPU ${withLog.at(-1)!.cpu.toFixed(0)} ms with the log, ${withoutLog.at(-1)!.cpu.toFixed(0)} without`,
    )
  }
  const verifyRatios = withLog.map((w, i) => w.cpu / withoutLog[i]!.cpu)

  // ----- checkpoint: cold, then warm with the cache ----------------------------------
  const signer = right(ed25519Signer(generateEd25519KeyPair().privateKeyPem), 'make a signing key')
  const checkpointOf = async (merkle: ReturnType<typeof ledgerLog>) =>
    right(
      await signCheckpoint(signer, treeHeadOf(merkle, 'bench', instantOf(new Date('2026-12-02T00:00:00.000Z'))))(),
      'sign',
    )
  const cold: Array<Timing> = []
  let cache: Uint8Array = new Uint8Array()
  for (let round = 0; round < COLD_ROUNDS; round++) {
    cold.push(
      await timeBoth(async () => {
        const merkle = ledgerLog(rfc)
        const extended = right(await extendLedgerLog(store, merkle, { batchSize: 1000 })(), 'build the log')
        if (extended._tag !== 'Extended' || extended.added !== TOTAL) fail('the log did not take every event')
        await checkpointOf(merkle)
        cache = encodeLedgerLog(merkle)
      }),
    )
  }
  log(`cold checkpoint: CPU ${ms(spreadOf(cold.map((c) => c.cpu)), 0)}`)
  const warm: Array<number> = []
  const warmAdded: Array<number> = []
  let size = TOTAL
  for (let round = 0; round < ROUNDS; round++) {
    const batch: Array<NewEvent> = []
    for (let i = 0; i < 1000; i++, next++) batch.push(eventAt(next, 1_000_000 + round))
    right(await store.append(`program-late-${round}`, batch)(), 'append')
    warm.push(
      await time(async () => {
        const merkle = right(decodeLedgerLog(cache, rfc), 'decode the cache')
        const extended = right(await extendLedgerLog(store, merkle, { batchSize: 1000 })(), 'extend the log')
        if (extended._tag !== 'Extended') return fail(`the cache did not fit: ${JSON.stringify(extended)}`)
        warmAdded.push(extended.added)
        await checkpointOf(merkle)
        cache = encodeLedgerLog(merkle)
        size = merkle.size()
      }),
    )
  }
  log(`warm checkpoint: ${ms(spreadOf(warm))}`)

  // ----- proofs at the full size ------------------------------------------------------
  const merkle = right(decodeLedgerLog(cache, rfc), 'decode the cache').merkle
  const root = right(merkle.root(size), 'root')
  const rootTimes: Array<number> = []
  const inclusionTimes: Array<number> = []
  const consistencyTimes: Array<number> = []
  const samples = smoke ? 50 : 1000
  let seed = 12345
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  for (let i = 0; i < samples; i++) {
    rootTimes.push(await time(() => right(merkle.root(size), 'root')))
    const index = random(size)
    inclusionTimes.push(
      await time(() => {
        const proof = right(merkle.inclusionProof(index, size), 'inclusion proof')
        const leaf = right(merkle.leafHash(index), 'leaf')
        if (!verifyInclusion(rfc, index, size, leaf, proof, root)) fail('an inclusion proof did not verify')
      }),
    )
    const older = 1 + random(size - 1)
    const olderRoot = right(merkle.root(older), 'older root')
    consistencyTimes.push(
      await time(() => {
        const proof = right(merkle.consistencyProof(older, size), 'consistency proof')
        if (!verifyConsistency(rfc, older, size, olderRoot, root, proof)) fail('a consistency proof did not verify')
      }),
    )
  }

  // ----- single appends, with and without extending a log ------------------------------
  const plain: Array<number> = []
  const logged: Array<number> = []
  const leafOnly: Array<number> = []
  const appendLog = right(decodeLedgerLog(cache, rfc), 'decode the cache')
  // Appends with and without the log alternate one by one; the leaf's own cost is timed apart too, since it is
  // small against the noise of a single commit.
  for (let s = 0; s < APPENDS; s++, next++) {
    const keep = s % 2 === 1
    const event = eventAt(next, 2_000_000 + s)
    const started = performance.now()
    const result = right(await store.append(`program-single-${s}`, [event])(), 'append')
    const appended = performance.now()
    if (keep) right(appendLog.appendEvent(result.lastPosition, result.lastHash), 'extend the log')
    const ended = performance.now()
    if (keep) {
      logged.push(ended - started)
      leafOnly.push(ended - appended)
    } else plain.push(appended - started)
  }
  await store.close()()

  // ----- report -------------------------------------------------------------------------
  const sha = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim()
    } catch {
      return 'unknown'
    }
  })()
  const verifyW = spreadOf(withLog.map((v) => v.cpu))
  const verifyWo = spreadOf(withoutLog.map((v) => v.cpu))
  const verifyWall = spreadOf(withLog.map((v) => v.wall))
  const plainS = spreadOf(plain)
  const loggedS = spreadOf(logged)
  const leafS = spreadOf(leafOnly)
  out(`# Integrity benchmark, ${new Date().toISOString().slice(0, 10)} (${sha})${smoke ? ' — smoke run' : ''}`)
  out()
  out(
    `One SQLite file (synchronous FULL) of ${TOTAL.toLocaleString('en')} events (streams of ${STREAM_LENGTH}), on a ` +
      'machine shared with other work: medians with the spread (min–max) over the rounds; the two sides of each ratio ' +
      'ran alternately in the same process.',
  )
  out()
  out('| what | figure |')
  out('|---|---|')
  out(
    `| first checkpoint (build the Merkle log from all ${TOTAL.toLocaleString('en')} events, sign) | CPU ${ms(spreadOf(cold.map((c) => c.cpu)), 0)}, wall ${ms(spreadOf(cold.map((c) => c.wall)), 0)}, ${COLD_ROUNDS} rounds |`,
  )
  out(
    `| the log resumed from the cache, after 1,000 more events (decode cache, read and hash only the new events, sign; what \`prove\` does) | ${ms(spreadOf(warm))}, ${ROUNDS} rounds; events hashed per round: ${[...new Set(warmAdded)].join(', ')} |`,
  )
  out(`| root at ${size.toLocaleString('en')} leaves | ${us(spreadOf(rootTimes))} |`)
  out(`| inclusion proof at ${size.toLocaleString('en')} leaves, made and verified | ${us(spreadOf(inclusionTimes))} |`)
  out(
    `| consistency proof to ${size.toLocaleString('en')} leaves from a random older size, made and verified | ${us(spreadOf(consistencyTimes))} |`,
  )
  out(`| single append (one event) | ${ms(plainS, 3)}, ${plain.length} appends |`)
  out(`| single append + extending a Merkle log by its leaf | ${ms(loggedS, 3)}, ${logged.length} appends |`)
  out(`| extending the log by one leaf, alone | ${us(leafS)} |`)
  out(
    `| **append with the log / without** | **${(1 + leafS.median / plainS.median).toFixed(4)}** from the leaf's own cost; ${(loggedS.median / plainS.median).toFixed(3)} median over median of the alternating appends |`,
  )
  out(`| full verify with the Merkle log | CPU ${ms(verifyW, 0)}, wall ${ms(verifyWall, 0)} |`)
  out(`| full verify without it (a hasher that does no work) | CPU ${ms(verifyWo, 0)} |`)
  out(
    `| **verify with the log / without** (CPU, per round) | **${spreadOf(verifyRatios).median.toFixed(3)}** (${spreadOf(verifyRatios).min.toFixed(3)}–${spreadOf(verifyRatios).max.toFixed(3)}) |`,
  )
  out()
  out(
    'ikm-ledger keeps the log on the verifier side (`ikm-ledger checkpoint` and its cache), so an append pays nothing for ' +
      'it; the "append + extending a log" line is what an appender that kept the log itself would pay.',
  )
  if (!smoke && eventsArg === undefined) {
    const results = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')
    mkdirSync(results, { recursive: true })
    const file = join(results, `${new Date().toISOString().slice(0, 10)}-integrity.md`)
    writeFileSync(file, lines.join('\n') + '\n')
    log(`written to ${file}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
