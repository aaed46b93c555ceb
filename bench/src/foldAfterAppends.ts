/**
 * Whether a process's earlier appends change its load-fold: the bench's load-fold workload on SQLite in a fresh
 * process, with or without the bench's append workloads (single and batch, warm-up included) run before it in the
 * same process, as they are in a full run's long-lived worker. Prints the median rate over the full run's rounds, every
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
import { planOf, type WorkloadPlan } from './Plan'
import type { SystemName } from './Subject'
import { openerOf } from './Subjects'
import { runWorkload, seed, type WorkloadId } from './Workloads'

const appendsFirst = (process.argv[2] ?? 'with') === 'with'
const system = (process.argv[3] ?? 'ours') as SystemName
const dir = mkdtempSync(join(tmpdir(), 'ikm-fold-after-'))
// The full run's own workloads, sizes and rounds (a warm-up round first, numbered -1, as the bench runs them).
const plan = planOf(false)
const planned = (workload: WorkloadId): WorkloadPlan => plan.workloads.find((wp) => wp.workload === workload)!
const rounds = (wp: WorkloadPlan) => Array.from({ length: wp.rounds + 1 }, (_, i) => i - 1)

const open = await openerOf(system, 'sqlite')
if (appendsFirst) {
  for (const workload of ['append-single', 'append-batch'] as const) {
    const wp = planned(workload)
    const subject = await open({ name: workload, dir, fresh: true })
    for (const round of rounds(wp)) await runWorkload(subject, workload, wp.params, round)
    await subject.close()
  }
}
const fold = planned('load-fold')
const subject = await open({ name: 'fold', dir, fresh: true })
await seed(subject, { ...fold.seed!, category: 'program' })

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
for (const round of rounds(fold)) {
  const measured = await runWorkload(subject, 'load-fold', fold.params, round)
  if (round >= 0) rates.push(Math.round(measured.units / (measured.ms / 1000)))
}
await new Promise((resolve) => setTimeout(resolve, 50))
observer.disconnect()
await subject.close()
rmSync(dir, { recursive: true, force: true })
const sorted = [...rates].sort((a, b) => a - b)
console.log(
  `${system}, ${appendsFirst ? 'after' : 'without'} the append workloads: verified load-fold median ` +
    `${sorted[Math.floor(sorted.length / 2)]} events/s (rounds ${rates.join(', ')}); GC ${gcMs.toFixed(0)} ms, of it minor ${minorMs.toFixed(0)} ms`,
)
