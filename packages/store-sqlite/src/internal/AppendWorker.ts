/**
 * The thread that runs a SQLite store's appends when the store was opened with `appendIn: 'worker'`: its own
 * connection to the file and its own store, so that the transaction and its fsync never block the event loop of
 * the thread that asked for them. It receives validated batches and the instant to record them at, and answers
 * with the store's own result.
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/Either'
import {
  storageFailure,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type StoreError,
} from '@ikm-ledger/core'
import { createSqliteEventStore } from '../SqliteEventStore'

/** What the worker is started with. */
export interface AppendWorkerData {
  readonly path: string
  readonly busyTimeoutMs: number
  readonly synchronous: 'FULL' | 'NORMAL'
}

/** One append, already validated by the calling thread. */
export interface AppendRequest {
  readonly id: number
  readonly streamId: string
  readonly events: ReadonlyArray<NewEvent>
  readonly expected: ExpectedRevision
  /** The calling store's clock, read when the append was asked for. */
  readonly recordedAt: string
}

/** The answer to one {@link AppendRequest}. */
export interface AppendReply {
  readonly id: number
  readonly result: E.Either<StoreError, AppendResult>
}

const port = parentPort
if (port !== null) {
  const { path, busyTimeoutMs, synchronous } = workerData as AppendWorkerData
  let now = new Date()
  const opened = createSqliteEventStore({
    path,
    busyTimeoutMs,
    synchronous,
    // The calling thread's store hears its own appends; this one never has listeners.
    watchIntervalMs: false,
    clock: { now: () => now },
  })
  port.on('message', (request: AppendRequest) => {
    if (E.isLeft(opened)) {
      port.postMessage({ id: request.id, result: opened } satisfies AppendReply)
      return
    }
    // The store runs the whole transaction before its task returns, so the clock is read for this request only.
    now = new Date(request.recordedAt)
    void opened.right
      .append(request.streamId, request.events, { expectedRevision: request.expected })()
      .then((result) => {
        try {
          port.postMessage({ id: request.id, result } satisfies AppendReply)
        } catch (cause) {
          // A failure whose cause cannot be copied to the other thread is sent without it.
          const left: StoreError = E.isLeft(result) ? result.left : storageFailure('append', cause)
          port.postMessage({
            id: request.id,
            result: E.left(storageFailure('append', `${left._tag}: ${JSON.stringify(left, replacer)}`)),
          } satisfies AppendReply)
        }
      })
  })
}

const replacer = (_: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)
