/**
 * The resume logic of a catch-up subscription, as a pure state machine: fed what the server sends (events,
 * checkpoints, drops), it says what to do. The server delivers at least once (a resubscription replays from the
 * last position we gave it, and a reconnect may repeat events); the machine delivers each position once, in
 * order, by remembering the highest position delivered or checkpointed (the watermark).
 */
import type { GlobalPosition, StoreError } from '@ikm-ledger/core'

/** How a dropped subscription is retried. */
export interface RetryPolicy {
  /** Consecutive failed attempts before giving up (a delivered event resets the count). */
  readonly maxAttempts: number
  readonly initialDelayMs: number
  readonly maxDelayMs: number
}

/** Where a subscription stands. */
export interface ResumeState {
  /** Every event at or below this position has been delivered (or lies below a checkpoint). */
  readonly watermark: GlobalPosition
  /** Consecutive drops since the last delivered event. */
  readonly attempt: number
  readonly stopped: boolean
}

/** What the server (or the caller) did. */
export type ResumeInput =
  | { readonly _tag: 'Event'; readonly position: GlobalPosition }
  | { readonly _tag: 'Checkpoint'; readonly position: GlobalPosition }
  | { readonly _tag: 'Dropped'; readonly error: StoreError }
  | { readonly _tag: 'Stop' }

/** What to do about it. */
export type ResumeEffect =
  | { readonly _tag: 'Deliver' }
  | { readonly _tag: 'Skip'; readonly reason: string }
  | { readonly _tag: 'SaveCheckpoint'; readonly position: GlobalPosition }
  | { readonly _tag: 'Resubscribe'; readonly after: GlobalPosition; readonly delayMs: number }
  | { readonly _tag: 'Fail'; readonly error: StoreError }
  | { readonly _tag: 'Halt' }

/** The state of a subscription that starts after `after`. */
export const initialResume = (after: GlobalPosition): ResumeState => ({ watermark: after, attempt: 0, stopped: false })

/** The delay before the `attempt`-th resubscription (1-based): doubling from the initial delay, capped. */
export const backoffDelay = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1))

/** One step of the machine. */
export const resumeStep =
  (policy: RetryPolicy) =>
  (state: ResumeState, input: ResumeInput): readonly [ResumeState, ResumeEffect] => {
    if (state.stopped) return [state, { _tag: 'Halt' }]
    switch (input._tag) {
      case 'Event':
        return input.position > state.watermark
          ? [{ ...state, watermark: input.position, attempt: 0 }, { _tag: 'Deliver' }]
          : [state, { _tag: 'Skip', reason: `position ${input.position} was already delivered (${state.watermark})` }]
      case 'Checkpoint':
        return input.position > state.watermark
          ? [
              { ...state, watermark: input.position },
              { _tag: 'SaveCheckpoint', position: input.position },
            ]
          : [state, { _tag: 'Skip', reason: `checkpoint ${input.position} is not past ${state.watermark}` }]
      case 'Dropped': {
        const attempt = state.attempt + 1
        if (input.error._tag !== 'StoreUnavailable' || attempt > policy.maxAttempts) {
          return [
            { ...state, attempt, stopped: true },
            { _tag: 'Fail', error: input.error },
          ]
        }
        return [
          { ...state, attempt },
          { _tag: 'Resubscribe', after: state.watermark, delayMs: backoffDelay(policy, attempt) },
        ]
      }
      case 'Stop':
        return [{ ...state, stopped: true }, { _tag: 'Halt' }]
    }
  }
