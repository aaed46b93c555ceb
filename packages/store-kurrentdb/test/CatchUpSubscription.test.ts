import type { GlobalPosition, RecordedEvent } from '@ikm-ledger/core'
import { AccessDeniedError, UnavailableError } from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { subscribeFromPosition, type CatchUpOptions } from '../src'
import { ok, probe, readAllEvents, storeOf, until } from './support/Events'
import { FakeKurrentDbClient } from './support/FakeKurrentDbClient'

const fast: CatchUpOptions['retry'] = { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 5 }

const everything = async (store: ReturnType<typeof storeOf>) => {
  const all = await readAllEvents(store.readAll())
  if (E.isLeft(all)) throw new Error(JSON.stringify(all.left))
  return all.right
}

describe('CatchUpSubscription', () => {
  it('replays what was stored after the position, then follows new commits live, in order', async () => {
    const client = new FakeKurrentDbClient({ systemNoise: true })
    const store = storeOf({ client })
    const first = await ok<{ lastPosition: GlobalPosition }>(store.append('program-1', [probe(), probe()]))
    await ok(store.append('equipment-1', [probe()]))
    const seen: Array<RecordedEvent> = []
    const subscription = store.subscribe({ after: first.lastPosition, retry: fast }, (event) => {
      seen.push(event)
    })
    await ok(store.append('program-1', [probe()]))
    await until(() => seen.length === 2, 'two events')
    await subscription.stop()
    expect(await subscription.done).toEqual(E.right(undefined))
    expect(seen.map((e) => [e.streamId, e.revision])).toEqual([
      ['equipment-1', 0n],
      ['program-1', 2n],
    ])
    expect(subscription.position()).toBe(seen[1]!.position)
  })

  it('delivers every event exactly once, in order, through repeated drops and servers that repeat events', async () => {
    const client = new FakeKurrentDbClient({ systemNoise: true, replayOverlap: 3 })
    const store = storeOf({ client })
    const seen: Array<RecordedEvent> = []
    const subscription = subscribeFromPosition({ client }, { after: 0n, retry: fast }, async (event) => {
      seen.push(event)
      if (seen.length % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    })
    let written = 0
    for (let i = 0; i < 30; i++) {
      await ok(store.append(`program-${i % 4}`, [probe({ i }), probe({ i, second: 1 })]))
      written += 2
      if (i % 6 === 5) {
        // Drop once the subscriber is mid-stream, so the resubscription repeats events it already delivered.
        await until(() => seen.length >= written - 1, 'the subscriber to catch up')
        client.dropSubscriptions(new UnavailableError(undefined, 'connection reset'))
      }
    }
    const expected = await everything(store)
    await until(() => seen.length >= expected.length, 'every event')
    await new Promise((resolve) => setTimeout(resolve, 20))
    await subscription.stop()
    expect(seen.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId))
    expect(client.calls.filter((c) => c === 'subscribeToAll').length).toBeGreaterThan(1)
  })

  it('advances a filtered reader with server checkpoints, never past an undelivered matching event', async () => {
    const client = new FakeKurrentDbClient({ systemNoise: true, checkpointEvery: 2 })
    const store = storeOf({ client })
    for (let i = 0; i < 12; i++) await ok(store.append(`equipment-${i}`, [probe({ i })]))
    await ok(store.append('program-1', [probe()]))
    for (let i = 0; i < 12; i++) await ok(store.append(`equipment-${i}`, [probe({ i })]))
    const programs = (await everything(store)).filter((e) => e.streamId.startsWith('program-'))
    const seen: Array<RecordedEvent> = []
    const checkpoints: Array<GlobalPosition> = []
    const subscription = store.subscribe(
      {
        after: 0n,
        categories: ['program'],
        retry: fast,
        onCheckpoint: (position) => {
          // Every matching event at or below a checkpoint has been handled before it is reported.
          for (const event of programs) if (event.position <= position) expect(seen).toContainEqual(event)
          checkpoints.push(position)
        },
      },
      (event) => {
        seen.push(event)
      },
    )
    // A failed expectation inside onCheckpoint is caught by the subscription, which then ends as HandlerFailed:
    // stop waiting when it ends, so that failure is reported (below) rather than a timeout.
    let ended = false
    void subscription.done.then(() => {
      ended = true
    })
    const head = await ok<GlobalPosition>(store.headPosition())
    await until(() => ended || checkpoints.some((c) => c >= head - 1n), 'a checkpoint at the head')
    await subscription.stop()
    expect(await subscription.done).toEqual(E.right(undefined))
    expect(seen).toEqual(programs)
    for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i]! > checkpoints[i - 1]!).toBe(true)
    // Resuming from the last checkpoint (often an even, between-records position) is accepted by the server.
    const rest: Array<RecordedEvent> = []
    const resumed = store.subscribe({ after: checkpoints[checkpoints.length - 1]!, retry: fast }, (event) => {
      rest.push(event)
    })
    await ok(store.append('program-1', [probe()]))
    await until(() => rest.length === 1, 'the new event')
    await resumed.stop()
    expect(await resumed.done).toEqual(E.right(undefined))
  })

  it('stops with HandlerFailed at the position whose handler threw', async () => {
    const client = new FakeKurrentDbClient()
    const store = storeOf({ client })
    await ok(store.append('program-1', [probe(), probe(), probe()]))
    const all = await everything(store)
    const seen: Array<bigint> = []
    const subscription = store.subscribe({ after: 0n, retry: fast }, (event) => {
      if (event.revision === 1n) throw new Error('projection bug')
      seen.push(event.revision)
    })
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'HandlerFailed', position: all[1]!.position },
    })
    expect(seen).toEqual([0n])
  })

  it('stops with the read error when a delivered event fails its hash check', async () => {
    const client = new FakeKurrentDbClient()
    const store = storeOf({ client })
    await ok(store.append('program-1', [probe(), probe()]))
    client.tamper('program-1', 1n, 'payload')
    const subscription = store.subscribe({ after: 0n, retry: fast }, () => undefined)
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'HashChainBroken', streamId: 'program-1', revision: 1n },
    })
  })

  it('stops with HashChainBroken naming the revision when a stream it delivers has lost an event', async () => {
    const client = new FakeKurrentDbClient()
    const store = storeOf({ client })
    await ok(store.append('program-1', [probe(), probe(), probe()]))
    client.remove('program-1', 1n)
    const delivered: Array<bigint> = []
    const subscription = store.subscribe({ after: 0n, retry: fast }, (event) => {
      delivered.push(event.revision)
    })
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'HashChainBroken', streamId: 'program-1', revision: 1n },
    })
    expect(delivered).toEqual([0n])
  })

  it('gives up on an error that resubscribing would not fix', async () => {
    const client = new FakeKurrentDbClient()
    const store = storeOf({ client })
    await ok(store.append('program-1', [probe()]))
    const subscription = store.subscribe({ after: 0n, retry: fast }, () => undefined)
    await new Promise((resolve) => setTimeout(resolve, 10))
    client.dropSubscriptions(new AccessDeniedError(undefined, 'Access denied'))
    expect(await subscription.done).toMatchObject({ _tag: 'Left', left: { _tag: 'AccessDenied' } })
  })
})
