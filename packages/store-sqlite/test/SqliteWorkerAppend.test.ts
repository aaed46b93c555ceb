import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeSha256 } from '@ikm-ledger/core'
import { createSqliteEventStore } from '../src'
import { newEvent } from './fixtures/events'
import { openStore, tempDir } from './fixtures/harness'

describe('SqliteEventStore appendIn: worker', () => {
  const dirs: Array<() => void> = []
  afterEach(() => {
    for (const remove of dirs.splice(0)) remove()
  })
  const file = () => {
    const { dir, remove } = tempDir()
    dirs.push(remove)
    return join(dir, 'events.sqlite')
  }

  /**
   * Holds the file's write lock from another connection and lets it go from a timer. An append that waits for
   * the lock on the calling thread blocks the event loop, so the timer cannot fire until the busy timeout gives
   * up; an append waiting on the worker leaves the loop free, the timer releases the lock and the append commits.
   */
  const timers: Array<ReturnType<typeof setTimeout>> = []
  const appendWhileLocked = async (appendIn: 'caller' | 'worker') => {
    const path = file()
    const store = openStore(path, { appendIn, busyTimeoutMs: 1500 })
    const holder = new Database(path)
    try {
      holder.exec('BEGIN IMMEDIATE')
      let released = false
      const timer = setTimeout(() => {
        holder.exec('COMMIT')
        released = true
      }, 200)
      timers.push(timer)
      const result = await store.append('program-locked', [newEvent()])()
      return { result, releasedBeforeAnswer: released }
    } finally {
      for (const timer of timers.splice(0)) clearTimeout(timer)
      if (holder.inTransaction) holder.exec('COMMIT')
      holder.close()
      await store.close()()
    }
  }

  it('keeps the event loop running while an append waits for the disk, and commits it', async () => {
    const { result, releasedBeforeAnswer } = await appendWhileLocked('worker')
    expect(E.isRight(result)).toBe(true)
    expect(releasedBeforeAnswer).toBe(true)
  })

  it('(the control) on the calling thread the same wait blocks the loop until the busy timeout fails it', async () => {
    const { result, releasedBeforeAnswer } = await appendWhileLocked('caller')
    expect(E.isLeft(result) && result.left._tag).toBe('StoreUnavailable')
    expect(releasedBeforeAnswer).toBe(false)
  })

  it('wakes its own listeners and reads what the worker wrote at once', async () => {
    const store = openStore(file(), { appendIn: 'worker', watchIntervalMs: false })
    let wakes = 0
    store.onAppend(() => {
      wakes += 1
    })
    const appended = await store.append('program-woken', [newEvent(), newEvent()])()
    expect(E.isRight(appended) && appended.right.lastPosition).toBe(2n)
    expect(wakes).toBe(1)
    const read: Array<unknown> = []
    for await (const batch of store.readStream('program-woken')) if (E.isRight(batch)) read.push(...batch.right)
    expect(read).toHaveLength(2)
    await store.close()()
    const after = await store.append('program-woken', [newEvent()])()
    expect(E.isLeft(after) && after.left._tag).toBe('StoreClosed')
  })

  // The store in the worker is the same store: what is tested here is the way there and back — results and
  // errors with their bigints, concurrency through one worker, and what the calling thread reads afterwards.
  // (The whole adapter contract passes with appendIn: 'worker' too; it is not run here because every test of it
  // would start a worker that compiles the sources, seconds each.)
  it('carries results and errors back whole, and serialises concurrent appends into one unbroken chain', async () => {
    const path = file()
    const store = openStore(path, { appendIn: 'worker' })
    try {
      const first = await store.append('program-carried', [newEvent()], { expectedRevision: 'no_stream' })()
      expect(E.isRight(first) && first.right).toMatchObject({ firstRevision: 0n, firstPosition: 1n })
      const stale = await store.append('program-carried', [newEvent()], { expectedRevision: 5n })()
      expect(E.isLeft(stale) && stale.left).toMatchObject({
        _tag: 'WrongExpectedRevision',
        expected: 5n,
        actual: 0n,
      })
      const again = newEvent()
      const once = await store.append('program-carried', [again])()
      const twice = await store.append('program-carried', [again])()
      expect(E.isRight(twice) && E.isRight(once) && twice.right).toEqual(
        E.isRight(once) && { ...once.right, deduplicated: true },
      )
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.append('program-carried', [newEvent()])()),
      )
      expect(results.every(E.isRight)).toBe(true)
    } finally {
      await store.close()()
    }
    // Read back by a store on the calling thread, hashes verified.
    const reader = openStore(path)
    const events = []
    for await (const batch of reader.readStream('program-carried')) {
      if (E.isLeft(batch)) throw new Error(batch.left._tag)
      events.push(...batch.right)
    }
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 22 }, (_, i) => BigInt(i)))
    await reader.close()()
  })

  it('refuses settings the worker cannot honour, saying why', () => {
    for (const options of [
      { path: ':memory:', appendIn: 'worker' as const },
      { path: file(), appendIn: 'worker' as const, sha256: nodeSha256 },
      { path: file(), appendIn: 'elsewhere' as 'worker' },
    ]) {
      const opened = createSqliteEventStore(options)
      expect(E.isLeft(opened) && opened.left._tag).toBe('StorageFailure')
    }
  })
})
