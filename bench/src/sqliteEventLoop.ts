/**
 * What an embedded SQLite store costs the event loop of the service it lives in. better-sqlite3 is synchronous:
 * an append runs its transaction, and with `synchronous = FULL` its fsync, on the calling thread, so nothing
 * else in the process (timers, sockets, other requests) runs meanwhile.
 *
 *   pnpm --filter @ikm-ledger/bench exec tsx src/sqliteEventLoop.ts [seconds per scenario]
 *
 * Each scenario runs for a few seconds while `perf_hooks.monitorEventLoopDelay` (sampling every millisecond)
 * records how late the loop was; it prints appends/s and the loop delay's p50, p99 and max. Scenarios:
 * the idle loop (the instrument's own floor); a steady offered load (one append every 2 ms, a busy service);
 * and appends as fast as eight request handlers can make them, each yielding to the loop between appends —
 * each with appends on the calling thread (`synchronous` FULL and NORMAL) and on the store's worker thread
 * (`appendIn: 'worker'`).
 * Runs ours from the built packages.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as E from 'fp-ts/Either'
import { storeErrorMessage, type CivilDate, type EventId, type EventStore, type NewEvent } from '@ikm-ledger/core'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'

const seconds = Number(process.argv[2] ?? 4)
let counter = 0

const nextEvent = (): NewEvent => {
  counter += 1
  return {
    eventId: `01900000-0000-7000-8000-${counter.toString(16).padStart(12, '0')}` as EventId,
    type: 'ParticipantSelected',
    schemaVersion: 1,
    data: { programId: 'program-1', personId: `person-${counter}`, note: 'x'.repeat(200) },
    metadata: {
      occurredOn: '2026-01-15' as CivilDate,
      actor: { id: 'officer-7', role: 'DINAS' },
      correlationId: `corr-${counter}`,
      evidence: { level: 'DOCUMENTED', refs: [] },
      mode: 'OPERATIONAL',
    },
  }
}

const appendOne = async (store: EventStore) => {
  const result = await store.append(`program-el-${counter}`, [nextEvent()], { expectedRevision: 'no_stream' })()
  if (E.isLeft(result)) throw new Error(storeErrorMessage(result.left))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve))

interface Figures {
  readonly scenario: string
  readonly appends: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

/** Runs `load` for the scenario's time with the loop-delay monitor on; returns appends/s and delays in ms. */
const measure = async (scenario: string, load: (until: number) => Promise<number>): Promise<Figures> => {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  const started = performance.now()
  const appends = await load(started + seconds * 1000)
  const elapsed = performance.now() - started
  histogram.disable()
  const ms = (ns: number) => ns / 1e6
  return {
    scenario,
    appends: (appends / elapsed) * 1000,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  }
}

const steady =
  (store: EventStore, everyMs: number) =>
  async (until: number): Promise<number> => {
    let done = 0
    while (performance.now() < until) {
      const next = performance.now() + everyMs
      await appendOne(store)
      done += 1
      const wait = next - performance.now()
      if (wait > 0) await sleep(wait)
    }
    return done
  }

const flatOut =
  (store: EventStore, handlers: number) =>
  async (until: number): Promise<number> => {
    let done = 0
    await Promise.all(
      Array.from({ length: handlers }, async () => {
        while (performance.now() < until) {
          await appendOne(store)
          done += 1
          await yieldToLoop()
        }
      }),
    )
    return done
  }

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ikm-ledger-event-loop-'))
  const figures: Array<Figures> = []
  try {
    figures.push(await measure('idle loop (no appends)', async (until) => (await sleep(until - performance.now()), 0)))
    const modes = [
      { synchronous: 'FULL', appendIn: 'caller' },
      { synchronous: 'FULL', appendIn: 'worker' },
      { synchronous: 'NORMAL', appendIn: 'caller' },
    ] as const
    for (const { synchronous, appendIn } of modes) {
      const label = `synchronous=${synchronous}, appendIn=${appendIn}`
      const opened = createSqliteEventStore({
        path: join(dir, `${synchronous}-${appendIn}.sqlite`),
        synchronous,
        appendIn,
      })
      if (E.isLeft(opened)) throw new Error(storeErrorMessage(opened.left))
      const store = opened.right
      for (let i = 0; i < 200; i++) await appendOne(store)
      figures.push(await measure(`${label}, one append every 2 ms`, steady(store, 2)))
      figures.push(await measure(`${label}, 8 handlers appending flat out`, flatOut(store, 8)))
      await store.close()()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    `\nEvent-loop delay of a service appending to SQLite (${seconds} s per scenario, Node ${process.version})\n`,
  )
  console.log('| scenario | appends/s | loop delay p50 ms | p99 ms | max ms |')
  console.log('|---|---:|---:|---:|---:|')
  for (const f of figures) {
    console.log(
      `| ${f.scenario} | ${Math.round(f.appends).toLocaleString('en')} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.max.toFixed(2)} |`,
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
