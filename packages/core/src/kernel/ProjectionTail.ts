/**
 * The runner's live tail: waits between passes until the store reports an append (`onAppend`), the fallback poll
 * passes, or the runner is aborted. An append between two waits is remembered, so a wake-up is never lost.
 *
 * @since 0.2.0
 */
import type { EventStore } from './EventStore'

/** Waits of a runner; `rearm` forgets the appends seen so far (call it before reading). */
export interface LiveTail {
  readonly sleep: (ms: number, wakeOnAppend?: boolean) => Promise<void>
  readonly rearm: () => void
  readonly close: () => void
}

export const liveTail = (store: EventStore, signal: AbortSignal): LiveTail => {
  let wakePending = false
  let wake: (() => void) | undefined
  const close = store.onAppend(() => {
    wakePending = true
    wake?.()
  })
  const sleep = (ms: number, wakeOnAppend = false) =>
    new Promise<void>((resolve) => {
      if (signal.aborted || (wakeOnAppend && wakePending)) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        if (wakeOnAppend) wake = undefined
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done)
      if (wakeOnAppend) wake = done
    })
  return { sleep, rearm: () => (wakePending = false), close }
}
