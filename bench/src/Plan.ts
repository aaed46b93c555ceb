/**
 * What a run measures and how big: the full run (about 9 minutes on a quiet 2-core machine, twice that when it is busy) and the smoke run
 * (tiny sizes, under a minute, to keep the harness from rotting).
 */
import type { Backend, SystemName } from './Subject'
import type { WorkloadId, WorkloadParams } from './Workloads'

export interface WorkloadPlan {
  readonly workload: WorkloadId
  readonly title: string
  /** What one unit is, for the table (`events/s`, `appends/s`). */
  readonly unit: string
  readonly backends: ReadonlyArray<Backend>
  readonly rounds: number
  readonly params: WorkloadParams
  /** The data set a read workload needs, written once per subject before the rounds. */
  readonly seed?: { readonly streams: number; readonly perStream: number }
}

export interface Plan {
  readonly smoke: boolean
  readonly warmup: boolean
  readonly workloads: ReadonlyArray<WorkloadPlan>
}

export const SYSTEMS: ReadonlyArray<SystemName> = ['ours', 'emmett', 'floor']

const base: WorkloadParams = {
  ops: 0,
  size: 1,
  writers: 1,
  batchSize: 500,
  expected: 0,
  verify: true,
  timeLimitMs: 600_000,
}

export const planOf = (smoke: boolean): Plan => {
  const s = <A>(full: A, tiny: A): A => (smoke ? tiny : full)
  // Emmett 0.42 catches up at a few hundred to a few thousand events/s (a checkpoint write per event): these
  // sizes keep its rounds under half a minute each.
  const catchUpEvents = { sqlite: s(20_000, 600), postgres: s(5_000, 600) }
  // BENCH_READ_ALL_EVENTS overrides the size of the read-all store (a multiple of 1,000), for trying things out.
  const million = Number(process.env['BENCH_READ_ALL_EVENTS'] ?? s(1_000_000, 2_000))
  const workloads: Array<WorkloadPlan> = [
    {
      workload: 'append-single',
      title: 'single-event append, sequential, new streams',
      unit: 'appends/s',
      backends: ['sqlite', 'postgres', 'memory'],
      rounds: s(9, 1),
      params: { ...base, ops: s(500, 20) },
    },
    {
      workload: 'append-batch',
      title: 'batch append, 100 events per call, new streams',
      unit: 'events/s',
      backends: ['sqlite', 'postgres', 'memory'],
      rounds: s(9, 1),
      params: { ...base, ops: s(30, 3), size: 100 },
    },
    {
      workload: 'concurrent',
      title: '50 concurrent writers, single-event appends to new streams',
      unit: 'appends/s',
      backends: ['postgres'],
      rounds: s(9, 1),
      params: { ...base, ops: s(1000, 100), writers: 50 },
    },
    {
      workload: 'load-fold',
      title: 'load and fold one 1,000-event stream (payload decode included)',
      unit: 'events/s',
      backends: ['sqlite', 'postgres', 'memory'],
      rounds: s(9, 1),
      params: { ...base, ops: s(10, 2), size: s(1000, 100) },
      seed: { streams: 1, perStream: s(1000, 100) },
    },
    ...(['sqlite', 'postgres', 'memory'] as const).map((backend): WorkloadPlan => ({
      workload: 'catch-up',
      title: 'projection catch-up from zero, per-batch transactional checkpoints',
      unit: 'events/s',
      backends: [backend],
      rounds: s(3, 1),
      params: {
        ...base,
        batchSize: s(500, 100),
        expected: backend === 'postgres' ? catchUpEvents.postgres : catchUpEvents.sqlite,
      },
      seed: { streams: (backend === 'postgres' ? catchUpEvents.postgres : catchUpEvents.sqlite) / 50, perStream: 50 },
    })),
    ...(['sqlite', 'postgres', 'memory'] as const).map((backend): WorkloadPlan => {
      // The in-memory store holds what it reads (several KiB per event): a tenth of the size is its reference.
      const events = backend === 'memory' ? million / 10 : million
      return {
        workload: 'read-all',
        title: `read all of a ${events.toLocaleString('en')}-event store with hash verification (own process)`,
        unit: 'events/s',
        backends: [backend],
        rounds: s(2, 1),
        // Emmett's PostgreSQL batch read scans and sorts its whole partition for every batch (EXPLAIN: bitmap
        // scan of all rows, top-N sort), so a full read grows with the square of the store: stop each read after a
        // minute and report the rate so far, an upper bound of its rate over the whole store.
        params: { ...base, expected: events, verify: true, timeLimitMs: s(60_000, 600_000) },
        seed: { streams: events / s(1000, 100), perStream: s(1000, 100) },
      }
    }),
  ]
  return { smoke, warmup: !smoke, workloads }
}
