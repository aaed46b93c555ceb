/**
 * A worker process: one subject (system × backend), driven by the orchestrator over IPC. Each subject gets its
 * own process so that no system shares a heap, a JIT or global driver settings with another.
 */
import { openerOf } from './Subjects'
import type { Backend, Dataset, Subject, SystemName } from './Subject'
import { runWorkload, seed, type Measurement, type SeedSpec, type WorkloadId, type WorkloadParams } from './Workloads'

export type WorkerRequest =
  | { readonly id: number; readonly op: 'open'; readonly dataset: Dataset }
  | { readonly id: number; readonly op: 'seed'; readonly dataset: string; readonly spec: SeedSpec }
  | {
      readonly id: number
      readonly op: 'run'
      readonly dataset: string
      readonly workload: WorkloadId
      readonly params: WorkloadParams
      readonly round: number
    }
  | { readonly id: number; readonly op: 'close'; readonly dataset: string }
  | { readonly id: number; readonly op: 'exit' }

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: Measurement | string | null }
  | { readonly id: number; readonly ok: false; readonly error: string }

const [system, backend] = process.argv.slice(2) as [SystemName, Backend]
const subjects = new Map<string, Subject>()

const handle = async (request: WorkerRequest): Promise<Measurement | string | null> => {
  switch (request.op) {
    case 'open': {
      const open = await openerOf(system, backend)
      const subject = await open(request.dataset)
      subjects.set(request.dataset.name, subject)
      return subject.describe
    }
    case 'seed':
      return seed(subjectOf(request.dataset), request.spec)
    case 'run':
      return runWorkload(subjectOf(request.dataset), request.workload, request.params, request.round)
    case 'close': {
      const subject = subjects.get(request.dataset)
      subjects.delete(request.dataset)
      await subject?.close()
      return null
    }
    case 'exit':
      for (const subject of subjects.values()) await subject.close()
      subjects.clear()
      setImmediate(() => process.exit(0))
      return null
  }
}

const subjectOf = (dataset: string): Subject => {
  const subject = subjects.get(dataset)
  if (subject === undefined) throw new Error(`data set ${dataset} is not open`)
  return subject
}

process.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value } satisfies WorkerResponse),
    (cause: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        error: cause instanceof Error ? (cause.stack ?? cause.message) : String(cause),
      } satisfies WorkerResponse),
  )
})
process.on('disconnect', () => process.exit(0))
