/**
 * Consuming batched reads as `TaskEither`s: collect, fold, or visit batch by batch. An iterator that throws (an
 * adapter bug) becomes a `StorageFailure` instead of a rejected promise, and leaving early closes the read.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import type { AllBatch, Batches } from './EventStore'
import type { RecordedEvent } from './RecordedEvent'
import { START_POSITION, type GlobalPosition } from './Revision'
import { storageFailure, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Visits every batch in order with an effect; stops at the first store error or the first error of `f`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const forEachBatch =
  <B, FE = never>(
    batches: Batches<B>,
    f: (batch: B) => TE.TaskEither<FE, void>,
  ): TE.TaskEither<StoreError | FE, void> =>
  async () => {
    try {
      for await (const batch of batches) {
        if (E.isLeft(batch)) return batch
        const visited = await f(batch.right)()
        if (E.isLeft(visited)) return visited
      }
      return E.right(undefined)
    } catch (cause) {
      return E.left(storageFailure('read', cause))
    }
  }

/**
 * Folds the events of a stream read into a value, batch after batch, without holding them all.
 *
 * @category combinators
 * @since 0.1.0
 */
export const foldStream =
  <S>(
    batches: Batches<ReadonlyArray<RecordedEvent>>,
    initial: S,
    f: (state: S, event: RecordedEvent) => S,
  ): TE.TaskEither<StoreError, S> =>
  async () => {
    let state = initial
    try {
      for await (const batch of batches) {
        if (E.isLeft(batch)) return batch
        for (const event of batch.right) state = f(state, event)
      }
      return E.right(state)
    } catch (cause) {
      return E.left(storageFailure('read', cause))
    }
  }

/**
 * Collects every event of a stream read into one array. For bounded reads (one aggregate, a time-travel window);
 * prefer {@link foldStream} or {@link forEachBatch} for large ones.
 *
 * @category combinators
 * @since 0.1.0
 */
export const collectStream = (
  batches: Batches<ReadonlyArray<RecordedEvent>>,
): TE.TaskEither<StoreError, Array<RecordedEvent>> =>
  foldStream(batches, [] as Array<RecordedEvent>, (events, event) => {
    events.push(event)
    return events
  })

/**
 * The result of folding a read across all streams: the value and the last checkpoint seen (where to resume).
 *
 * @category model
 * @since 0.1.0
 */
export interface FoldedAll<S> {
  readonly state: S
  readonly checkpoint: GlobalPosition
}

/**
 * Folds the events of a read across all streams into a value, and keeps the last checkpoint (which can be beyond
 * the last event when a filter skipped the tail). The checkpoint starts at `from` (the read's `after`).
 *
 * @category combinators
 * @since 0.1.0
 */
export const foldAll =
  <S>(
    batches: Batches<AllBatch>,
    initial: S,
    f: (state: S, event: RecordedEvent) => S,
    from: GlobalPosition = START_POSITION,
  ): TE.TaskEither<StoreError, FoldedAll<S>> =>
  async () => {
    let state = initial
    let checkpoint = from
    try {
      for await (const batch of batches) {
        if (E.isLeft(batch)) return batch
        for (const event of batch.right.events) state = f(state, event)
        checkpoint = batch.right.checkpoint
      }
      return E.right({ state, checkpoint })
    } catch (cause) {
      return E.left(storageFailure('read', cause))
    }
  }

/**
 * Collects every event of a read across all streams, with the last checkpoint.
 *
 * @category combinators
 * @since 0.1.0
 */
export const collectAll = (
  batches: Batches<AllBatch>,
  from: GlobalPosition = START_POSITION,
): TE.TaskEither<StoreError, FoldedAll<Array<RecordedEvent>>> =>
  foldAll(
    batches,
    [] as Array<RecordedEvent>,
    (events, event) => {
      events.push(event)
      return events
    },
    from,
  )

/**
 * Visits every batch of a read across all streams, in global order (alias of {@link forEachBatch} typed for
 * `readAll`, so the checkpoint is at hand).
 *
 * @category combinators
 * @since 0.1.0
 */
export const forEachAllBatch = <FE = never>(
  batches: Batches<AllBatch>,
  f: (batch: AllBatch) => TE.TaskEither<FE, void>,
): TE.TaskEither<StoreError | FE, void> => forEachBatch(batches, f)
