import { describe, expect, it } from 'vitest'
import { ok, probe, readAllEvents, storeOf } from './support/Events'
import { FakeKurrentDbClient } from './support/FakeKurrentDbClient'
import * as E from 'fp-ts/Either'

describe('KurrentDbEventStore stream cache', () => {
  it('lets a store with a one-stream cache keep every chain intact: an evicted head is read again', async () => {
    const client = new FakeKurrentDbClient()
    const store = storeOf({ client, streamCacheSize: 1 })
    for (const stream of ['program-a', 'program-b', 'program-a', 'program-b', 'program-a']) {
      await ok(store.append(stream, [probe()]))
    }
    const a = await readAllEvents(store.readStream('program-a'))
    expect(E.isRight(a) && a.right.map((e) => e.revision)).toEqual([0n, 1n, 2n])
    expect(client.calls.filter((c) => c === 'readStream program-a').length).toBeGreaterThanOrEqual(3)
  })
})
