/**
 * What ours does on every backend: append through the `EventStore` port, read streams and the log through it
 * (decode, hash verification, upcasting), decode payloads with an `eventRegistry`, and run projections with
 * `startProjection` over a `ProjectionStore`.
 */
import * as E from 'fp-ts/Either'
import {
  persistedProjection,
  startProjection,
  storeErrorMessage,
  projectionErrorMessage,
  type EventStore,
  type NewEvent,
  type PersistedProjection,
  type ProjectionStore,
  type RecordedEvent,
} from '@ikm-ledger/core'
import { benchEvents, evolveFold, initialFold, type FoldState, type GeneratedEvent } from '../Payloads'
import type { Backend, ReadAllResult, Subject } from '../Subject'

const unwrap = <A>(either: E.Either<{ readonly _tag: string }, A>, what: string): A => {
  if (E.isRight(either)) return either.right
  const error = either.left as Parameters<typeof storeErrorMessage>[0]
  throw new Error(`${what}: ${storeErrorMessage(error)}`)
}

/** What a backend adds to the generic part: its projection store and the projection that writes to it. */
export interface OursProjectionSupport<Tx> {
  readonly projectionStore: ProjectionStore<Tx>
  /** The read model written the backend's idiomatic way (see each backend). */
  readonly projection: (name: string) => PersistedProjection<Tx>
}

export const oursSubject = <Tx>(options: {
  readonly backend: Backend
  readonly describe: string
  readonly store: EventStore
  readonly projections: (() => Promise<OursProjectionSupport<Tx>>) | undefined
  readonly close: () => Promise<void>
}): Subject => {
  const { store } = options
  return {
    system: 'ours',
    backend: options.backend,
    describe: options.describe,
    appendNew: async (streamId, events) => {
      unwrap(
        await store.append(streamId, events as ReadonlyArray<GeneratedEvent> as ReadonlyArray<NewEvent>, {
          expectedRevision: 'no_stream',
        })(),
        `append to ${streamId}`,
      )
    },
    loadFold: async (streamId, verify) => {
      let state: FoldState = initialFold
      for await (const batch of store.readStream(streamId, { verifyHashes: verify })) {
        for (const recorded of unwrap(batch, `read ${streamId}`)) {
          const event = unwrap(benchEvents.decode(recorded), `decode ${recorded.type}`)
          state = evolveFold(state, event.type, event.data)
        }
      }
      return state
    },
    readAll: async (verify, deadline): Promise<ReadAllResult> => {
      let events = 0
      let checksum = 0
      for await (const batch of store.readAll({ verifyHashes: verify })) {
        for (const event of unwrap(batch, 'read all').events) {
          checksum = (checksum + Number(event.revision) + event.metadata.recordedAt.length) | 0
          events++
        }
        if (performance.now() > deadline) return { events, checksum, complete: false }
      }
      return { events, checksum, complete: true }
    },
    catchUp: async (name, batchSize) => {
      if (options.projections === undefined) throw new Error(`ours on ${options.backend} has no projection store yet`)
      const support = await options.projections()
      let applied = 0
      const inner = support.projection(name)
      const counted = persistedProjection<Tx>({
        ...inner,
        apply: (tx, events: ReadonlyArray<RecordedEvent>, table) => {
          applied += events.length
          return inner.apply(tx, events, table)
        },
      })
      const runner = startProjection({
        store,
        projectionStore: support.projectionStore,
        projection: counted,
        poisonPolicy: 'stop',
        batchSize,
      })
      const caughtUp = await runner.whenCaughtUp({ timeoutMs: 600_000 })()
      await runner.stop()
      if (E.isLeft(caughtUp)) throw new Error(`catch-up ${name}: ${projectionErrorMessage(caughtUp.left)}`)
      return applied
    },
    close: options.close,
  }
}

export { unwrap }
