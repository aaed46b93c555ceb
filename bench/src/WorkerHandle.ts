/**
 * The orchestrator's side of a worker process.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Backend, Dataset, SystemName } from './Subject'
import type { WorkerRequest, WorkerResponse } from './Worker'
import type { Measurement, SeedSpec, WorkloadId, WorkloadParams } from './Workloads'

const WORKER = fileURLToPath(new URL('./Worker.ts', import.meta.url))

type Body<R> = R extends unknown ? Omit<R, 'id'> : never

export class WorkerHandle {
  private readonly child: ChildProcess
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private exited: string | undefined

  constructor(
    readonly system: SystemName,
    readonly backend: Backend,
    options: { readonly heapMb?: number; readonly extraArgs?: ReadonlyArray<string> } = {},
  ) {
    // Ours runs from the built packages (their `dist`, as users run them) unless the run asked for the sources.
    const sources = process.env['BENCH_SOURCES'] === '1' ? ['--conditions=@ikm-ledger/source'] : []
    // BENCH_WORKER_ARGS: Node flags for every worker, such as `--cpu-prof --cpu-prof-dir=/tmp/prof` (Node refuses
    // `--cpu-prof` in NODE_OPTIONS).
    const execArgv = [
      '--import',
      'tsx',
      ...sources,
      ...(options.extraArgs ?? []),
      ...(process.env['BENCH_WORKER_ARGS']?.split(' ').filter(Boolean) ?? []),
    ]
    if (options.heapMb !== undefined) execArgv.push(`--max-old-space-size=${options.heapMb}`)
    this.child = fork(WORKER, [system, backend], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (message: WorkerResponse) => {
      const waiter = this.pending.get(message.id)
      if (waiter === undefined) return
      this.pending.delete(message.id)
      if (message.ok) waiter.resolve(message.value)
      else waiter.reject(new Error(`${system}-${backend}: ${message.error}`))
    })
    this.child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? code}`
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`${system}-${backend} worker ${this.exited}`))
      }
      this.pending.clear()
    })
  }

  private call<A>(request: Body<WorkerRequest>): Promise<A> {
    if (this.exited !== undefined)
      return Promise.reject(new Error(`${this.system}-${this.backend} worker ${this.exited}`))
    const id = this.nextId++
    return new Promise<A>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ ...request, id } as WorkerRequest)
    })
  }

  open(dataset: Dataset): Promise<string> {
    return this.call({ op: 'open', dataset })
  }

  seed(dataset: string, spec: SeedSpec): Promise<Measurement> {
    return this.call({ op: 'seed', dataset, spec })
  }

  run(dataset: string, workload: WorkloadId, params: WorkloadParams, round: number): Promise<Measurement> {
    return this.call({ op: 'run', dataset, workload, params, round })
  }

  close(dataset: string): Promise<null> {
    return this.call({ op: 'close', dataset })
  }

  async exit(): Promise<void> {
    if (this.exited !== undefined) return
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    await this.call({ op: 'exit' }).catch(() => undefined)
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))])
    if (this.exited === undefined) this.child.kill()
  }
}
