/**
 * `pnpm bench` (full run, writes bench/results/<date>-<sha>.md) and `pnpm bench --smoke` (tiny sizes, every
 * workload end to end, exits non-zero on any failure).
 *
 * Each system runs in its own worker process; rounds are interleaved (ours, Emmett, the floor, then the next round in
 * a rotated order) so that drift on a shared machine hits every system alike.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchSchema, dropAllBenchSchemas, dropSchema, isPgReachable } from './Pg'
import { planOf, SYSTEMS, type WorkloadPlan } from './Plan'
import {
  BENCH_DIR,
  describeMachine,
  errorHeadline,
  latencyTable,
  memoryTable,
  ratioTable,
  roundsTable,
  type Cell,
} from './Report'
import { removeSqliteFile, sqliteFile } from './subjects/FloorSqlite'
import type { Backend, SystemName } from './Subject'
import { WorkerHandle } from './WorkerHandle'

const args = process.argv.slice(2).filter((arg) => arg !== '--')
const smoke = args.includes('--smoke')
// `--sources` runs ours from the TypeScript sources (quicker to try a change); measured runs use the build.
if (args.includes('--sources')) process.env['BENCH_SOURCES'] = '1'
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const backendsArg = args
  .find((arg) => arg.startsWith('--backends='))
  ?.slice('--backends='.length)
  .split(',')
const unknown = args.filter(
  (arg) => !arg.startsWith('--only=') && !arg.startsWith('--backends=') && arg !== '--smoke' && arg !== '--sources',
)
const BACKENDS: ReadonlyArray<string> = ['sqlite', 'postgres', 'memory']
const WORKLOADS: ReadonlyArray<string> = [
  'append-single',
  'append-batch',
  'concurrent',
  'load-fold',
  'catch-up',
  'read-all',
]
unknown.push(...(backendsArg ?? []).filter((b) => !BACKENDS.includes(b)).map((b) => `--backends=${b}`))
unknown.push(...(only ?? []).filter((w) => !WORKLOADS.includes(w)).map((w) => `--only=${w}`))
if (unknown.length > 0) {
  console.error(
    `unknown arguments: ${unknown.join(' ')}\nusage: pnpm bench [--smoke] [--sources] [--only=workload,…] [--backends=sqlite,postgres,memory]`,
  )
  process.exit(2)
}

const BUILT = ['core', 'store-sqlite', 'store-postgres', 'projection-sqlite', 'projection-postgres']

/** The newest file under a folder (its path and modification time), to tell a build older than its sources. */
const newestFile = (dir: string): { readonly file: string; readonly mtimeMs: number } | undefined => {
  let newest: { file: string; mtimeMs: number } | undefined
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        const { mtimeMs } = fs.statSync(full)
        if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs }
      }
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return newest
}

// A build missing or older than its sources would make every round of ours fail (an export the bench imports
// is not in the old build) or measure old code: refuse to start, and say which package to build.
const buildProblems = BUILT.flatMap((name) => {
  const root = path.join(BENCH_DIR, '..', 'packages', name)
  const built = path.join(root, 'dist', 'index.js')
  if (!fs.existsSync(built)) return [`@ikm-ledger/${name} has no dist`]
  const source = newestFile(path.join(root, 'src'))
  const builtAt = fs.statSync(built).mtimeMs
  return source !== undefined && source.mtimeMs > builtAt
    ? [
        `@ikm-ledger/${name}'s dist is older than its sources (${path.relative(root, source.file)} changed ` +
          `${new Date(source.mtimeMs).toISOString()}, dist built ${new Date(builtAt).toISOString()})`,
      ]
    : []
})
if (process.env['BENCH_SOURCES'] !== '1' && buildProblems.length > 0) {
  console.error(
    `the bench runs ours from the built packages, and ${buildProblems.join('; ')}: run \`pnpm build\` first ` +
      '(or pass --sources to run the TypeScript sources)',
  )
  process.exit(2)
}

const plan = planOf(smoke)
// Connections for the 50 writers, the same pool size for every subject (ours, Emmett, the floor): enough for their
// commits to group, few enough that two pools left open side by side stay under the server's max_connections
// (100 by default, shared with whatever else runs there). BENCH_PG_CONNECTIONS overrides it.
const CONCURRENT_CONNECTIONS = Number(process.env['BENCH_PG_CONNECTIONS'] ?? 30)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikm-ledger-bench-'))
const cells: Array<Cell> = []
const failures: Array<string> = []
const startedAt = Date.now()

const log = (line: string) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${line}`)

const datasetName = (plan: WorkloadPlan) => plan.workload.replace('-', '')

const rotate = <A>(items: ReadonlyArray<A>, by: number): ReadonlyArray<A> =>
  items.map((_, i) => items[(i + by) % items.length]!)

const cleanup = async (backend: Backend, name: string) => {
  for (const system of SYSTEMS) {
    if (backend === 'sqlite') removeSqliteFile(sqliteFile(dir, system, name))
    if (backend === 'postgres') await dropSchema(benchSchema(system, name)).catch(() => undefined)
  }
}

const newCell = (plan: WorkloadPlan, backend: Backend, system: SystemName, describe: string): Cell => {
  const cell: Cell = {
    workload: plan.workload,
    title: plan.title,
    unit: plan.unit,
    backend,
    system,
    describe,
    measurements: [],
  }
  cells.push(cell)
  return cell
}

const fail = (cell: Cell, error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  cell.error = message
  failures.push(`${cell.workload} / ${cell.backend} / ${cell.system}: ${message}`)
  log(`FAILED ${cell.workload} ${cell.backend} ${cell.system}: ${errorHeadline(message)}`)
}

/** The workloads that run in the long-lived workers of a backend. */
const runInWorkers = async (workers: ReadonlyArray<WorkerHandle>, backend: Backend, wp: WorkloadPlan) => {
  const name = datasetName(wp)
  const live: Array<{ worker: WorkerHandle; cell: Cell }> = []
  for (const worker of workers) {
    const cell = newCell(wp, backend, worker.system, '')
    try {
      const connections = wp.workload === 'concurrent' ? CONCURRENT_CONNECTIONS : undefined
      const describe = await worker.open({
        name,
        dir,
        fresh: true,
        ...(connections === undefined ? {} : { connections }),
      })
      Object.assign(cell, { describe })
      live.push({ worker, cell })
    } catch (error) {
      fail(cell, error)
    }
  }
  const seed = wp.seed
  if (seed !== undefined) {
    await Promise.all(
      live.map(async (entry) => {
        try {
          const seeded = await entry.worker.seed(name, { ...seed, category: 'program' })
          log(`  seeded ${entry.worker.system}: ${seeded.units} events in ${(seeded.ms / 1000).toFixed(1)} s`)
        } catch (error) {
          fail(entry.cell, error)
        }
      }),
    )
  }
  if (plan.warmup && wp.workload !== 'catch-up') {
    for (const entry of live) {
      if (entry.cell.error !== undefined) continue
      const params = { ...wp.params, ops: Math.max(1, Math.ceil(wp.params.ops / 5)) }
      await entry.worker.run(name, wp.workload, params, -1).catch((error: unknown) => fail(entry.cell, error))
    }
  }
  for (let round = 0; round < wp.rounds; round++) {
    for (const entry of rotate(live, round)) {
      if (entry.cell.error !== undefined) continue
      try {
        entry.cell.measurements.push(await entry.worker.run(name, wp.workload, wp.params, round))
      } catch (error) {
        fail(entry.cell, error)
      }
    }
  }
  for (const entry of live) await entry.worker.close(name).catch((error: unknown) => fail(entry.cell, error))
  await cleanup(backend, name)
}

/** Read-all: seeded by the backend's workers, then read by a fresh process per round so its RSS is its own. */
const runReadAll = async (workers: ReadonlyArray<WorkerHandle>, backend: Backend, wp: WorkloadPlan) => {
  const name = datasetName(wp)
  const seed = wp.seed!
  const entries: Array<{ system: SystemName; cell: Cell }> = []
  if (backend === 'memory') {
    entries.push({
      system: 'ours',
      cell: newCell(wp, backend, 'ours', 'createInMemoryEventStore, seeded in the reading process'),
    })
  } else {
    await Promise.all(
      workers.map(async (worker) => {
        const cell = newCell(wp, backend, worker.system, '')
        entries.push({ system: worker.system, cell })
        try {
          Object.assign(cell, { describe: await worker.open({ name, dir, fresh: true }) })
          const seeded = await worker.seed(name, { ...seed, category: 'program' })
          log(`  seeded ${worker.system}: ${seeded.units} events in ${(seeded.ms / 1000).toFixed(1)} s`)
          await worker.close(name)
        } catch (error) {
          fail(cell, error)
        }
      }),
    )
    entries.sort((a, b) => SYSTEMS.indexOf(a.system) - SYSTEMS.indexOf(b.system))
  }
  const readOnce = async (entry: { system: SystemName; cell: Cell }, round: number) => {
    if (entry.cell.error !== undefined) return
    const reader = new WorkerHandle(entry.system, backend)
    try {
      await reader.open({ name, dir, fresh: false })
      entry.cell.measurements.push(await reader.run(name, 'read-all', wp.params, round))
    } catch (error) {
      fail(entry.cell, error)
    } finally {
      await reader.exit()
    }
  }
  if (backend === 'memory') {
    // The store lives in the reading process: seed it once there, then read it once per round.
    const entry = entries[0]!
    const reader = new WorkerHandle('ours', backend, { heapMb: 8192 })
    try {
      await reader.open({ name, dir, fresh: true })
      await reader.seed(name, { ...seed, category: 'program' })
      for (let round = 0; round < wp.rounds; round++) {
        entry.cell.measurements.push(await reader.run(name, 'read-all', wp.params, round))
      }
    } catch (error) {
      fail(entry.cell, error)
    } finally {
      await reader.exit()
    }
    return
  }
  for (let round = 0; round < wp.rounds; round++) {
    // A smoke run only checks that reading works, so its readers may share the machine; a measured round
    // reads alone.
    if (plan.smoke) await Promise.all(entries.map((entry) => readOnce(entry, round)))
    else for (const entry of rotate(entries, round)) await readOnce(entry, round)
  }
  await cleanup(backend, name)
}

const main = async () => {
  const pgUp = await isPgReachable()
  const wanted = (backend: Backend) => backendsArg === undefined || backendsArg.includes(backend)
  if (!pgUp && wanted('postgres')) {
    const message = 'PostgreSQL is not reachable at 127.0.0.1:5432'
    if (process.env['CI'] === 'true') {
      console.error(`${message}; CI needs it`)
      process.exit(1)
    }
    console.warn(`${message}: skipping the PostgreSQL workloads`)
  }
  const backends = (['sqlite', 'postgres', 'memory'] as const).filter((b) => wanted(b) && (b !== 'postgres' || pgUp))
  log(`${smoke ? 'smoke' : 'full'} run; data in ${dir}`)
  if (pgUp) {
    // Every bench_* schema, not only this run's: one an earlier run or an experiment left can break a system's
    // set-up (Emmett's migration skipped creating its functions when another bench schema already held them).
    // The names are fixed per data set, so two benches on one server at once would break each other anyway.
    const ours = new Set(plan.workloads.flatMap((wp) => SYSTEMS.map((system) => benchSchema(system, datasetName(wp)))))
    const left = (await dropAllBenchSchemas()).filter((name) => !ours.has(name))
    if (left.length > 0) log(`dropped schemas an earlier run left: ${left.join(', ')}`)
  }
  // Every worker starts at once (start-up is the slow part of a smoke run); an idle worker costs only memory.
  const workersOf = new Map(
    backends.map((backend) => {
      const systems: ReadonlyArray<SystemName> = backend === 'memory' ? ['ours'] : SYSTEMS
      return [backend, systems.map((system) => new WorkerHandle(system, backend, { heapMb: 4096 }))] as const
    }),
  )
  for (const backend of backends) {
    const workloads = plan.workloads.filter(
      (wp) => wp.backends.includes(backend) && (only === undefined || only.includes(wp.workload)),
    )
    const workers = workersOf.get(backend)!
    try {
      for (const wp of workloads) {
        log(`${wp.workload} on ${backend}: ${wp.title}`)
        if (wp.workload === 'read-all') await runReadAll(workers, backend, wp)
        else await runInWorkers(workers, backend, wp)
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.exit()))
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })

  const elapsed = (Date.now() - startedAt) / 1000
  console.log(`\n${ratioTable(cells)}\n\n${latencyTable(cells)}\n\n${memoryTable(cells)}\n`)
  if (!smoke && only === undefined && backendsArg === undefined) await writeResults(elapsed, pgUp)
  if (failures.length > 0) {
    console.error(`\n${failures.length} failure(s):\n${failures.map((f) => `- ${f}`).join('\n')}`)
    process.exit(1)
  }
  log(`done in ${elapsed.toFixed(0)} s`)
  process.exit(0)
}

const writeResults = async (elapsed: number, pgUp: boolean) => {
  const machine = await describeMachine(pgUp)
  const date = new Date().toISOString().slice(0, 10)
  const file = path.join(BENCH_DIR, 'results', `${date}-${machine.sha}.md`)
  const roundsLine = plan.workloads
    .filter((wp, i, all) => all.findIndex((other) => other.workload === wp.workload) === i)
    .map(
      (wp) =>
        `${wp.workload}: ${wp.rounds}${plan.warmup && wp.workload !== 'catch-up' && wp.workload !== 'read-all' ? ' after a warm-up' : ''}`,
    )
    .join('; ')
  const describes = [...new Map(cells.map((c) => [`${c.system}-${c.backend}`, c.describe])).entries()]
  const text = `# Benchmark results ${date} (${machine.sha})

Full run of \`pnpm bench\`, ${Math.round(elapsed)} s. Medians over rounds (${roundsLine}).
Every system ran in its own process, rounds interleaved in rotated order.
See docs/performance.md for what each workload does.

## Machine

${machine.lines.join('\n')}

## Median throughput and ratios

${ratioTable(cells)}

## Append latency (median over rounds of each round's percentile)

${latencyTable(cells)}

## Read-all of the big store: throughput and peak RSS (one process per round)

${memoryTable(cells)}

## Configuration of each system

${describes.map(([key, describe]) => `- ${key}: ${describe}`).join('\n')}

## Every round

${roundsTable(cells)}
`
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  log(`wrote ${path.relative(process.cwd(), file)}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
