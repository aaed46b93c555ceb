/**
 * Whether a process's earlier appends change its load-fold: the bench's load-fold workload on SQLite in a fresh
 * process, with or without the bench's append workloads (single and batch, warm-up included) run before it in the
 * same process, as they are in a full run's long-lived worker. Prints the median rate over 9 rounds, every
 * round's rate, and the garbage collector's time during the folds (minor collections apart).
 *
 *   pnpm --filter @ikm-ledger/bench exec tsx src/foldAfterAppends.ts [with|without] [system: ours|emmett|floor]
 *
 * Run it several times each way: the figure it is for moves between processes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import type { SystemName } from './Subject'
import { openerOf } from './Subjects'
import { runWorkload, seed, type WorkloadParams } from './Workloads'

const appendsFirst = (process.argv[2] ?? 'with') === 'with'
const system = (process.argv[3] ?? 'ours') as SystemName
const dir = mkdtempSync(join(tmpdir(), 'ikm-fold-after-'))
const base: WorkloadParams = {
  ops: 0,
  size: 1,
  writers: 1,
  batchSize: 500,
  expected: 0,
  verify: true,
  timeLimitMs: 60_000,
}

const open = await openerOf(system, 'sqlite')
if (appendsFirst) {
  for (const [name, params] of [
    ['single', { ...base, ops: 500 }],
    ['batch', { ...base, ops: 30, size: 100 }],
  ] as const) {
    const subject = await open({ name, dir, fresh: true })
    for (let round = -1; round < 9; round++) {
      await runWorkload(subject, name === 'single' ? 'append-single' : 'append-batch', params, round)
    }
    await subject.close()
  }
}
const subject = await open({ name: 'fold', dir, fresh: true })
await seed(subject, { streams: 1, perStream: 1000, category: 'program' })

let gcMs = 0
let minorMs = 0
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration
    const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minorMs += entry.duration
  }
})
observer.observe({ entryTypes: ['gc'] })
const rates: Array<number> = []
for (let round = -1; round < 9; round++) {
  const measured = await runWorkload(subject, 'load-fold', { ...base, ops: 10, size: 1000 }, round)
  if (round >= 0) rates.push(Math.round(measured.units / (measured.ms / 1000)))
}
await new Promise((resolve) => setTimeout(resolve, 50))
observer.disconnect()
await subject.close()
rmSync(dir, { recursive: true, force: true })
const sorted = [...rates].sort((a, b) => a - b)
console.log(
  `${system}, ${appendsFirst ? 'after' : 'without'} the append workloads: verified load-fold median ` +
    `${sorted[4]} events/s (rounds ${rates.join(', ')}); GC ${gcMs.toFixed(0)} ms, of it minor ${minorMs.toFixed(0)} ms`,
)
