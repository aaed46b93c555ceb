/**
 * The wake-up side of LISTEN/NOTIFY: one dedicated connection per store, opened when the first listener
 * subscribes, closed when the last one leaves, and re-opened after a drop.
 */
import type pg from 'pg'
import { quoteIdent } from './Schema'

/** A LISTEN connection shared by the listeners of one store. */
export interface AppendListener {
  readonly subscribe: (listener: () => void) => () => void
  /** Calls every listener (also used for appends made through this very store). */
  readonly wake: () => void
  readonly close: () => Promise<void>
}

/** Settings of {@link appendListener}. */
export interface AppendListenerOptions {
  /** Opens a fresh connection that is not part of any pool. */
  readonly connect: () => Promise<pg.Client>
  readonly channel: string
  /** First delay before reconnecting; doubles up to 5 s. */
  readonly retryMs?: number
}

/** Starts nothing until the first subscription. */
export const appendListener = ({ connect, channel, retryMs = 100 }: AppendListenerOptions): AppendListener => {
  const listeners = new Set<() => void>()
  let client: pg.Client | undefined
  let connecting = false
  let closed = false
  let delay = retryMs
  let timer: ReturnType<typeof setTimeout> | undefined

  const wake = () => {
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch {
        // A listener's own failure must not stop the others from being woken.
      }
    }
  }

  const wanted = () => !closed && listeners.size > 0

  const drop = (dead: pg.Client) => {
    if (client === dead) client = undefined
    dead.removeAllListeners('notification')
    dead.end().catch(() => undefined)
    if (wanted()) schedule()
  }

  const schedule = () => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void start()
    }, delay)
    delay = Math.min(delay * 2, 5_000)
  }

  const start = async (): Promise<void> => {
    if (!wanted() || client !== undefined || connecting) return
    connecting = true
    let fresh: pg.Client | undefined
    try {
      fresh = await connect()
      fresh.on('error', () => drop(fresh!))
      fresh.on('end', () => drop(fresh!))
      fresh.on('notification', (note) => {
        if (note.channel === channel) wake()
      })
      await fresh.query(`LISTEN ${quoteIdent(channel)}`)
      if (!wanted()) {
        fresh.removeAllListeners()
        await fresh.end().catch(() => undefined)
        return
      }
      client = fresh
      const reconnected = delay !== retryMs
      delay = retryMs
      // Commits made while the connection was down sent notifications nobody heard: wake everyone once.
      if (reconnected) wake()
    } catch {
      if (fresh !== undefined) {
        fresh.removeAllListeners()
        fresh.on('error', () => undefined)
        fresh.end().catch(() => undefined)
      }
      if (wanted()) schedule()
    } finally {
      connecting = false
    }
  }

  const stop = async () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const current = client
    client = undefined
    if (current !== undefined) {
      current.removeAllListeners()
      current.on('error', () => undefined)
      await current.end().catch(() => undefined)
    }
  }

  return {
    subscribe: (listener) => {
      if (closed) return () => undefined
      const entry = () => listener()
      listeners.add(entry)
      void start()
      return () => {
        listeners.delete(entry)
        if (listeners.size === 0) void stop()
      }
    },
    wake,
    close: async () => {
      closed = true
      listeners.clear()
      await stop()
    },
  }
}
