import { afterEach, describe, expect, it, vi } from 'vitest'
import { createInMemoryEventStore } from '../../src'
import { liveTail } from '../../src/kernel/ProjectionTail'
import { newEvent } from './fixtures'

const HOUR = 3_600_000

/** Whether a promise has settled once pending callbacks have run (no clock involved). */
const settled = async (promise: Promise<void>) => {
  let done = false
  void promise.then(() => (done = true))
  for (let i = 0; i < 10; i++) await Promise.resolve()
  return done
}

afterEach(() => vi.useRealTimers())

describe('liveTail', () => {
  it('wakes a sleeping runner on an append, long before the poll', async () => {
    const store = createInMemoryEventStore()
    const tail = liveTail(store, new AbortController().signal)
    const woken = tail.sleep(HOUR, true)
    await store.append('program-a', [newEvent()])()
    await woken
    tail.close()
  })

  it('remembers an append made before the sleep until rearmed, so a wake-up is never lost', async () => {
    const store = createInMemoryEventStore()
    const tail = liveTail(store, new AbortController().signal)
    await store.append('program-a', [newEvent()])()
    await tail.sleep(HOUR, true)
    tail.rearm()
    vi.useFakeTimers()
    const next = tail.sleep(HOUR, true)
    expect(await settled(next)).toBe(false)
    vi.advanceTimersByTime(HOUR)
    expect(await settled(next)).toBe(true)
    tail.close()
  })

  it('ends every sleep when aborted, and sleeps without an append wake-up when not asked for one', async () => {
    const store = createInMemoryEventStore()
    const controller = new AbortController()
    const tail = liveTail(store, controller.signal)
    vi.useFakeTimers()
    const sleeping = tail.sleep(HOUR)
    await store.append('program-a', [newEvent()])()
    expect(await settled(sleeping)).toBe(false)
    controller.abort()
    expect(await settled(sleeping)).toBe(true)
    tail.close()
  })
})
