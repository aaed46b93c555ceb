/**
 * A catch-up subscription to the events of a KurrentDB store: it replays everything after a stored position,
 * then follows new commits live, and resubscribes after a dropped connection from the last position it
 * delivered, so no event is lost, repeated or reordered on the handler's side.
 *
 * The server delivers at least once; the pure machine in `internal/Resume.ts` turns that into exactly once, in
 * order, by position. Filtered subscriptions (categories, types) receive the server's periodic checkpoints, so a
 * reader whose filter matches nothing for a long time still advances its stored position (`onCheckpoint`).
 * A handler that needs exactly-once effects stores the position with its effects, in one transaction, and
 * resumes from it.
 *
 * @since 0.1.0
 */
import {
  nodeSha256,
  storageFailure,
  storeUnavailable,
  upcasterRegistry,
  type GlobalPosition,
  type RecordedEvent,
  type Sha256,
  type StoreError,
  type Upcaster,
} from '@ikm-ledger/core'
import { globalContinuity, readPipeline } from '@ikm-ledger/core/adapter'
import * as E from 'fp-ts/Either'
import type { KurrentDbClient, KurrentDbLiveSubscription } from './KurrentDbClient'
import { globalPositionOf, serverPositionOf } from './Positions'
import { errorTypeOf, storeErrorOf } from './internal/Errors'
import { storedRowOf } from './internal/EventMapping'
import { filterPlanOf } from './internal/Filters'
import { initialResume, resumeStep, type ResumeInput, type RetryPolicy } from './internal/Resume'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where the events come from: a client, and the namespace, hashing and upcasters of the store that wrote them.
 *
 * @category model
 * @since 0.1.0
 */
export interface CatchUpSource {
  readonly client: KurrentDbClient
  readonly namespace?: string
  readonly sha256?: Sha256
  readonly upcasters?: ReadonlyArray<Upcaster>
}

/**
 * Options of a catch-up subscription.
 *
 * @category model
 * @since 0.1.0
 */
export interface CatchUpOptions {
  /** Exclusive: deliver events with a position greater than this (a position this store handed out, or 0n). */
  readonly after: GlobalPosition
  /** Only streams of these categories (filtered by the server). */
  readonly categories?: ReadonlyArray<string>
  /** Only these event types. */
  readonly types?: ReadonlyArray<string>
  /** Recompute each event's hash (default true). */
  readonly verifyHashes?: boolean
  /** How often the server reports a checkpoint, as a multiple of its search window (default 1). */
  readonly checkpointInterval?: number
  /** Resubscription after drops (defaults: 10 attempts, 100 ms doubling up to 10 s). */
  readonly retry?: Partial<RetryPolicy>
  /** Called, in order with the events, when every matching event up to `position` has been delivered. */
  readonly onCheckpoint?: (position: GlobalPosition) => void | Promise<void>
}

/**
 * Called once per event, in position order; the next event waits for the returned promise.
 *
 * @category model
 * @since 0.1.0
 */
export type CatchUpHandler = (event: RecordedEvent) => void | Promise<void>

/**
 * The handler (or `onCheckpoint`) threw: the subscription stopped at this position.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandlerFailed {
  readonly _tag: 'HandlerFailed'
  readonly position: GlobalPosition
  readonly cause: unknown
}

/**
 * A running subscription.
 *
 * @category model
 * @since 0.1.0
 */
export interface CatchUpSubscription {
  /** Stops the subscription; `done` then resolves with `Right`. */
  readonly stop: () => Promise<void>
  /** Resolves when the subscription ends: `Right` when stopped, `Left` with the reason it gave up. */
  readonly done: Promise<E.Either<StoreError | HandlerFailed, void>>
  /** The highest position delivered or checkpointed so far (where a restart would resume). */
  readonly position: () => GlobalPosition
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 10_000 }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Starts a catch-up subscription after `options.after`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const subscribeFromPosition = (
  source: CatchUpSource,
  options: CatchUpOptions,
  handler: CatchUpHandler,
): CatchUpSubscription => {
  const namespace = source.namespace ?? ''
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const step = resumeStep(policy)
  const pipeline = readPipeline({
    sha256: source.sha256 ?? nodeSha256,
    upcasters: upcasterRegistry(source.upcasters ?? []),
    verifyHashes: options.verifyHashes ?? true,
  })
  // Every stream the subscription delivers must come whole, as on a `readAll` (see `RowIntegrity.ts`).
  const follows =
    (options.verifyHashes ?? true)
      ? globalContinuity({ fromStart: options.after === 0n, everyEvent: options.types === undefined })
      : undefined
  let state = initialResume(options.after)
  let failure: StoreError | HandlerFailed | undefined
  let current: KurrentDbLiveSubscription | undefined
  let wakeSleep: (() => void) | undefined
  let busy = false

  const feed = (input: ResumeInput) => {
    const [next, effect] = step(state, input)
    state = next
    return effect
  }

  // A checkpoint reaches the client through a callback while the events before it may still wait in the
  // subscription's buffer; it is applied only once they have all been handled, so it never runs ahead of them.
  // A checkpoint of a subscription that has since been dropped is ignored: the events it covers were lost with
  // the subscription's buffer and will be read again from the watermark.
  const settled = async (subscription: { readonly readableLength: number; readonly destroyed: boolean }) => {
    while (!state.stopped && !subscription.destroyed && (busy || subscription.readableLength > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }

  const plan = filterPlanOf(
    namespace,
    { categories: options.categories, types: options.types },
    {
      checkpointInterval: options.checkpointInterval ?? 1,
      checkpointReached: async (subscription, position) => {
        await settled(subscription)
        if (subscription !== current || subscription.destroyed || state.stopped) return
        const effect = feed({ _tag: 'Checkpoint', position: globalPositionOf(position) })
        if (effect._tag === 'SaveCheckpoint' && options.onCheckpoint !== undefined) {
          busy = true
          try {
            await options.onCheckpoint(effect.position)
          } catch (cause) {
            failure = { _tag: 'HandlerFailed', position: effect.position, cause }
            feed({ _tag: 'Stop' })
            void current?.unsubscribe()
          } finally {
            busy = false
          }
        }
      },
    },
  )

  const consume = async (subscription: KurrentDbLiveSubscription): Promise<StoreError | undefined> => {
    try {
      for await (const resolved of subscription) {
        if (state.stopped) return undefined
        const event = resolved.event
        if (event === undefined || !plan.accepts(event.streamId, event.type)) continue
        const position = globalPositionOf(event.position)
        busy = true
        try {
          const effect = feed({ _tag: 'Event', position })
          if (effect._tag !== 'Deliver') continue
          const decoded = pipeline(storedRowOf(event, event.streamId.slice(namespace.length), position))
          const broken = E.isLeft(decoded) ? decoded.left : follows?.(decoded.right)
          if (broken !== undefined || E.isLeft(decoded)) {
            failure = broken
            feed({ _tag: 'Stop' })
            return undefined
          }
          try {
            await handler(decoded.right)
          } catch (cause) {
            failure = { _tag: 'HandlerFailed', position, cause }
            feed({ _tag: 'Stop' })
            return undefined
          }
        } finally {
          busy = false
        }
      }
      return state.stopped
        ? undefined
        : storeUnavailable('subscribe to all streams', 'the server ended the subscription')
    } catch (cause) {
      if (state.stopped) return undefined
      const error = storeErrorOf('subscribe to all streams', cause, { allStream: true })
      // A broken connection surfaces under several client error types; all of them are worth resubscribing.
      return error._tag === 'StorageFailure' && errorTypeOf(cause) !== undefined
        ? storeUnavailable('subscribe to all streams', error.reason)
        : error
    }
  }

  const run = async (): Promise<E.Either<StoreError | HandlerFailed, void>> => {
    while (!state.stopped) {
      let subscription: KurrentDbLiveSubscription
      try {
        const from = serverPositionOf(state.watermark)
        subscription = source.client.subscribeToAll({ fromPosition: from, filter: plan.server })
      } catch (cause) {
        return E.left(storageFailure('subscribe to all streams', cause))
      }
      current = subscription
      const dropped = await consume(subscription)
      void subscription.unsubscribe().catch(() => undefined)
      if (dropped === undefined) break
      const effect = feed({ _tag: 'Dropped', error: dropped })
      if (effect._tag === 'Fail') return E.left(effect.error)
      if (effect._tag === 'Resubscribe' && effect.delayMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, effect.delayMs)
          wakeSleep = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        wakeSleep = undefined
      }
    }
    return failure === undefined ? E.right(undefined) : E.left(failure)
  }

  const done = run()
  return {
    stop: async () => {
      feed({ _tag: 'Stop' })
      wakeSleep?.()
      await current?.unsubscribe().catch(() => undefined)
      await done
    },
    done,
    position: () => state.watermark,
  }
}
