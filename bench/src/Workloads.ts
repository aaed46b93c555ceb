/**
 * The workloads, as run inside a subject's worker process. Each returns what it did (`units`) and how long it
 * took; the orchestrator turns that into rates and ratios.
 */
import { generateEvent, type GeneratedEvent } from './Payloads'
import type { Subject } from './Subject'

export type WorkloadId = 'append-single' | 'append-batch' | 'concurrent' | 'load-fold' | 'catch-up' | 'read-all'

export interface Measurement {
  /** Events (or appends) handled. */
  readonly units: number
  readonly ms: number
  /** Per-operation latency percentiles in ms, where a workload times single operations. */
  readonly p50?: number
  readonly p99?: number
  /** Peak resident set size of the process in MiB (read-all only). */
  readonly peakRssMb?: number
  /** Resident set size after start-up, before reading, in MiB (read-all only). */
  readonly baseRssMb?: number
  /** load-fold, ours only: the same loads without hash verification, in ms. */
  readonly unverifiedMs?: number
  /** The read hit its time limit before the end of the store: `units / ms` is an upper bound of its rate. */
  readonly partial?: boolean
}

export interface WorkloadParams {
  /** append-single / concurrent: appends per round; append-batch: calls per round; load-fold: loads per round. */
  readonly ops: number
  /** Events per append call (append-batch) or per stream (load-fold, seeding). */
  readonly size: number
  /** concurrent: writers. */
  readonly writers: number
  /** catch-up: events per batch (read and transaction). */
  readonly batchSize: number
  /** catch-up / read-all: how many events the data set holds (to check that all were seen). */
  readonly expected: number
  /** read-all: verify hashes. */
  readonly verify: boolean
  /** read-all: give up after this many ms (a system whose reads slow down as the store grows). */
  readonly timeLimitMs: number
}

export interface SeedSpec {
  readonly streams: number
  readonly perStream: number
  readonly category: string
}

/** Ids and events numbered per process: each subject runs in its own process with its own data sets. */
let counter = 0
const PREFIX = 0x1a2b0000
const nextEvent = (): GeneratedEvent => generateEvent(PREFIX, counter++)
const nextStreamId = (category: string): string => {
  const n = counter++
  return `${category}-${PREFIX.toString(16)}-${n.toString(16).padStart(12, '0')}`
}

export const fixedStreamId = (category: string, index: number): string =>
  `${category}-seed-${index.toString(16).padStart(8, '0')}`

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0

/** Writes the data set a read workload needs: `streams` streams of `perStream` events, one append each. */
export const seed = async (subject: Subject, spec: SeedSpec): Promise<Measurement> => {
  const started = performance.now()
  for (let s = 0; s < spec.streams; s++) {
    const events: Array<GeneratedEvent> = []
    for (let i = 0; i < spec.perStream; i++) events.push(nextEvent())
    await subject.appendNew(fixedStreamId(spec.category, s), events)
  }
  return { units: spec.streams * spec.perStream, ms: performance.now() - started }
}

export const runWorkload = async (
  subject: Subject,
  workload: WorkloadId,
  params: WorkloadParams,
  round: number,
): Promise<Measurement> => {
  switch (workload) {
    case 'append-single': {
      const events = Array.from({ length: params.ops }, nextEvent)
      const streams = Array.from({ length: params.ops }, () => nextStreamId('program'))
      const latencies: Array<number> = []
      const started = performance.now()
      for (let i = 0; i < params.ops; i++) {
        const t0 = performance.now()
        await subject.appendNew(streams[i]!, [events[i]!])
        latencies.push(performance.now() - t0)
      }
      const ms = performance.now() - started
      latencies.sort((a, b) => a - b)
      return { units: params.ops, ms, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }
    }
    case 'append-batch': {
      const batches = Array.from({ length: params.ops }, () => Array.from({ length: params.size }, nextEvent))
      const streams = Array.from({ length: params.ops }, () => nextStreamId('program'))
      const latencies: Array<number> = []
      const started = performance.now()
      for (let i = 0; i < params.ops; i++) {
        const t0 = performance.now()
        await subject.appendNew(streams[i]!, batches[i]!)
        latencies.push(performance.now() - t0)
      }
      const ms = performance.now() - started
      latencies.sort((a, b) => a - b)
      return { units: params.ops * params.size, ms, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }
    }
    case 'concurrent': {
      const perWriter = Math.ceil(params.ops / params.writers)
      const work = Array.from({ length: params.writers }, () =>
        Array.from({ length: perWriter }, () => ({ stream: nextStreamId('program'), event: nextEvent() })),
      )
      const latencies: Array<number> = []
      const started = performance.now()
      await Promise.all(
        work.map(async (items) => {
          for (const item of items) {
            const t0 = performance.now()
            await subject.appendNew(item.stream, [item.event])
            latencies.push(performance.now() - t0)
          }
        }),
      )
      const ms = performance.now() - started
      latencies.sort((a, b) => a - b)
      return {
        units: perWriter * params.writers,
        ms,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
      }
    }
    case 'load-fold': {
      const streamId = fixedStreamId('program', 0)
      const loads = async (verify: boolean) => {
        const started = performance.now()
        for (let i = 0; i < params.ops; i++) {
          const state = await subject.loadFold(streamId, verify)
          if (state.events !== params.size) throw new Error(`folded ${state.events} events, expected ${params.size}`)
        }
        return performance.now() - started
      }
      const ms = await loads(true)
      // Emmett has no hashes: ours and the floor without them compare like with like.
      const unverifiedMs = subject.system === 'emmett' ? undefined : await loads(false)
      return { units: params.ops * params.size, ms, ...(unverifiedMs === undefined ? {} : { unverifiedMs }) }
    }
    case 'catch-up': {
      const started = performance.now()
      const applied = await subject.catchUp(`p${round}`, params.batchSize)
      const ms = performance.now() - started
      if (applied !== params.expected)
        throw new Error(`the projection applied ${applied} events, expected ${params.expected}`)
      return { units: applied, ms }
    }
    case 'read-all': {
      const baseRssMb = process.memoryUsage.rss() / 2 ** 20
      const started = performance.now()
      const result = await subject.readAll(params.verify, started + params.timeLimitMs)
      const ms = performance.now() - started
      if (result.complete && result.events !== params.expected) {
        throw new Error(`read ${result.events} events, expected ${params.expected}`)
      }
      const peakRssMb = process.resourceUsage().maxRSS / 1024
      return { units: result.events, ms, peakRssMb, baseRssMb, ...(result.complete ? {} : { partial: true }) }
    }
  }
}
