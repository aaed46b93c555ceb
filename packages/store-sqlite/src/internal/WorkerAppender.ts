/**
 * The calling thread's side of `appendIn: 'worker'`: starts the append worker, hands it validated batches and
 * resolves each append with the worker's answer. The worker keeps the process alive only while an append is
 * in flight.
 */
import { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/Either'
import { storageFailure, type AppendResult, type Instant, type StoreError } from '@ikm-ledger/core'
import { type ValidAppend } from '@ikm-ledger/core/adapter'
import type { AppendReply, AppendRequest, AppendWorkerData } from './AppendWorker'

/** Appends on a worker thread. */
export interface WorkerAppender {
  readonly append: (valid: ValidAppend, recordedAt: Instant) => Promise<E.Either<StoreError, AppendResult>>
  /** Lets the appends in flight finish, then stops the worker. */
  readonly close: () => Promise<void>
}

/**
 * Where the worker's code is. Built, this module is part of a bundle at the root of `dist` and the worker is
 * `dist/internal/AppendWorker.js` (`.cjs` for CommonJS); from the TypeScript sources (the tests) it is the
 * sibling `.ts` file, loaded through tsx.
 */
const startWorker = (data: AppendWorkerData): Worker => {
  const here = import.meta.url
  if (here.endsWith('.ts')) {
    const file = new URL('./AppendWorker.ts', here).href
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}) })`
    return new Worker(boot, { eval: true, workerData: data, execArgv: ['--conditions=@ikm-ledger/source'] })
  }
  const file = new URL(`./internal/AppendWorker.${here.endsWith('.cjs') ? 'cjs' : 'js'}`, here)
  return new Worker(file, { workerData: data })
}

/** Starts the worker; appends made before it is ready wait in its queue. */
export const workerAppender = (data: AppendWorkerData): WorkerAppender => {
  const worker = startWorker(data)
  worker.unref()
  const pending = new Map<number, (result: E.Either<StoreError, AppendResult>) => void>()
  let nextId = 0
  let stopped: string | undefined

  const settleAll = (reason: string) => {
    stopped ??= reason
    for (const resolve of pending.values()) resolve(E.left(storageFailure('append', `the append worker ${reason}`)))
    pending.clear()
    worker.unref()
  }

  worker.on('message', (reply: AppendReply) => {
    const resolve = pending.get(reply.id)
    if (resolve === undefined) return
    pending.delete(reply.id)
    if (pending.size === 0) worker.unref()
    resolve(reply.result)
  })
  worker.on('error', (error) => settleAll(`failed: ${error instanceof Error ? error.message : String(error)}`))
  worker.on('exit', (code) => settleAll(`stopped (exit code ${code})`))

  return {
    append: (valid, recordedAt) =>
      new Promise((resolve) => {
        if (stopped !== undefined) {
          resolve(E.left(storageFailure('append', `the append worker ${stopped}`)))
          return
        }
        const id = nextId++
        const request: AppendRequest = {
          id,
          streamId: valid.streamId,
          events: valid.events,
          expected: valid.expected,
          recordedAt,
        }
        pending.set(id, resolve)
        worker.ref()
        try {
          worker.postMessage(request)
        } catch (cause) {
          pending.delete(id)
          if (pending.size === 0) worker.unref()
          resolve(E.left(storageFailure('append', cause)))
        }
      }),
    close: async () => {
      while (pending.size > 0 && stopped === undefined) await new Promise((resolve) => setTimeout(resolve, 1))
      stopped ??= 'was closed with its store'
      await worker.terminate()
    },
  }
}
