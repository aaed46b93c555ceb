/**
 * What a real KurrentDB server does that a naive fake would not, and what the store must do about it: one test
 * per behaviour of the fake (`support/FakeKurrentDbClient.ts`, which names the server source of each), written
 * from the defects a review of the adapter against the server found (issue #18).
 */
import { steppingClock, type AppendResult } from '@ikm-ledger/core'
import { streamNameFilter, type AppendToStreamOptions, type EventData, type Position } from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { globalPositionOf, subscribeFromPosition } from '../src'
import { err, expectChain, ok, probe, readAllEvents, storeOf, streamEvents as events, until } from './support/Events'
import { FakeKurrentDbClient, transientErrors } from './support/FakeKurrentDbClient'

/** Holds every append to `streamName` until `release` is called. */
const holdAppends = (client: FakeKurrentDbClient, streamName: string) => {
  const original = client.appendToStream.bind(client)
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  let held = 0
  client.appendToStream = async (name: string, batch: Array<EventData>, options?: AppendToStreamOptions) => {
    if (name === streamName) {
      held += 1
      await gate
    }
    return original(name, batch, options)
  }
  return { release: () => release(), held: () => held }
}

describe('KurrentDbEventStore on the server’s semantics', () => {
  describe('appends the server deduplicates', () => {
    it('a retry through an instance with a stale head returns the original result and keeps the chain whole', async () => {
      const client = new FakeKurrentDbClient()
      const a = storeOf({ client, clock: steppingClock('2024-05-01T08:00:00Z') })
      const b = storeOf({ client, clock: steppingClock('2024-05-02T08:00:00Z') })
      await ok(b.append('program-1', [probe()]))
      // `b` caches revision 0; `a` writes the batch, whose response the caller then does not see.
      const batch = [probe({ n: 1 }), probe({ n: 2 })]
      const original = await ok<AppendResult>(a.append('program-1', batch, { expectedRevision: 0n }))
      // The caller retries through `b`: it seals against its stale head, the server answers with the original.
      const retried = await ok<AppendResult>(b.append('program-1', batch, { expectedRevision: 0n }))
      expect(retried).toEqual({ ...original, deduplicated: true })
      await ok(b.append('program-1', [probe({ n: 3 })]))
      const read = await events(b, 'program-1')
      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n])
      expectChain(read)
    })
  })

  describe('event id claims', () => {
    it('never lets one event id into two streams while the owner’s append is in flight', async () => {
      const client = new FakeKurrentDbClient()
      const owner = storeOf({ client })
      const other = storeOf({ client })
      const event = probe()
      const held = holdAppends(client, 'program-1')
      const owning = owner.append('program-1', [event])()
      await until(() => held.held() === 1, 'the owner’s append to be in flight')
      const taking = await other.append('program-2', [event])()
      held.release()
      expect(E.isRight(await owning)).toBe(true)
      expect(taking).toMatchObject({ _tag: 'Left' })
      const holders = ['program-1', 'program-2'].filter((s) =>
        client.streamRecords(s).some((r) => r.id === event.eventId),
      )
      expect(holders).toEqual(['program-1'])
    })

    it('never lets one event id into two streams after an append whose outcome was unknown', async () => {
      const client = new FakeKurrentDbClient()
      const owner = storeOf({ client })
      const other = storeOf({ client })
      const event = probe()
      // The owner's append times out on its way: the server may still write it later.
      const original = client.appendToStream.bind(client)
      const late: Array<() => Promise<unknown>> = []
      client.appendToStream = async (name, batch, options) => {
        if (name === 'program-1') {
          late.push(() => original(name, batch, options))
          throw transientErrors.notReady()
        }
        return original(name, batch, options)
      }
      expect(await err(owner.append('program-1', [event]))).toMatchObject({ _tag: 'StoreUnavailable' })
      const taking = await other.append('program-2', [event])()
      for (const write of late) await write()
      client.appendToStream = original
      const holders = ['program-1', 'program-2'].filter((s) =>
        client.streamRecords(s).some((r) => r.id === event.eventId),
      )
      expect(holders.length).toBeLessThanOrEqual(1)
      expect(E.isLeft(taking) || holders[0] === 'program-2').toBe(true)
    })
  })

  describe('soft-deleted streams', () => {
    it('refuses to append to a soft-deleted stream instead of letting the server write after its old events', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe(), probe()]))
      client.deleteStream('program-1')
      const fresh = storeOf({ client })
      expect(await err(fresh.append('program-1', [probe()]))).toMatchObject({
        _tag: 'StreamDeleted',
        streamId: 'program-1',
      })
      expect(client.streamRecords('program-1')).toHaveLength(2)
    })

    it('refuses to chain onto a stream whose first events are hidden (recreated after a soft delete)', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe(), probe()]))
      client.deleteStream('program-1')
      // Someone else appends with `no_stream`: the server writes at revision 2 and hides 0 and 1.
      await client.appendToStream(
        'program-1',
        [{ id: crypto.randomUUID(), type: 'X', contentType: 'application/json', data: {}, metadata: undefined }],
        {
          streamState: 'no_stream',
        },
      )
      const fresh = storeOf({ client })
      expect(await err(fresh.append('program-1', [probe()]))).toMatchObject({ _tag: 'StreamDeleted' })
      expect(client.streamRecords('program-1')).toHaveLength(3)
    })
    it('says so when the server wrote a batch elsewhere than it was sealed for, instead of reporting it', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      // Between the store's look at the (new) stream and its append, someone writes it and soft-deletes it.
      const original = client.appendToStream.bind(client)
      client.appendToStream = async (name, batch, options) => {
        client.appendToStream = original
        const raw = (): EventData => ({
          id: crypto.randomUUID(),
          type: 'X',
          contentType: 'application/json',
          data: {},
          metadata: undefined,
        })
        await original(name, [raw(), raw()], { streamState: 'no_stream' })
        client.deleteStream(name)
        return original(name, batch, options)
      }
      expect(await err(store.append('program-1', [probe()], { expectedRevision: 'no_stream' }))).toMatchObject({
        _tag: 'StorageFailure',
        reason: expect.stringMatching(/revision 2, not at 0/),
      })
    })
  })

  describe('transient server conditions', () => {
    const transient = Object.entries(transientErrors)

    it.each(transient)('maps %s on an append to a retryable StoreUnavailable that says to retry', async (_, make) => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe()]))
      client.failNext('append', make())
      expect(await err(store.append('program-1', [probe()]))).toMatchObject({
        _tag: 'StoreUnavailable',
        retryable: true,
        reason: expect.stringMatching(/retry/i),
      })
    })

    it.each(transient)('maps %s on reads to a retryable StoreUnavailable', async (_, make) => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe()]))
      client.failNext('readStream', make())
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({ left: { _tag: 'StoreUnavailable' } })
      client.failNext('readAll', make())
      expect(await readAllEvents(store.readAll())).toMatchObject({ left: { _tag: 'StoreUnavailable' } })
    })
  })

  describe('a read connection that lags', () => {
    it('confirms a write on the leader, so neither the write nor its retry depends on a lagging node', async () => {
      const client = new FakeKurrentDbClient({ readLag: 1 })
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe()]))
      const batch = [probe({ n: 1 }), probe({ n: 2 })]
      const first = await ok<AppendResult>(store.append('program-1', batch))
      expect(await ok(store.append('program-1', batch))).toEqual({ ...first, deduplicated: true })
      const cold = storeOf({ client, uniqueEventIds: 'stream' })
      expect(await ok(cold.append('program-1', batch, { expectedRevision: 0n }))).toEqual({
        ...first,
        deduplicated: true,
      })
      expect(
        client
          .streamRecords('program-1')
          .map((r) => r.id)
          .slice(1),
      ).toEqual(batch.map((e) => e.eventId))
    })

    it('reports the actual revision the leader holds, not a lagging one', async () => {
      const client = new FakeKurrentDbClient({ readLag: 1 })
      const mine = storeOf({ client, uniqueEventIds: 'stream' })
      const theirs = storeOf({ client, uniqueEventIds: 'stream' })
      await ok(mine.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe()]))
      expect(await err(mine.append('program-1', [probe()], { expectedRevision: 0n }))).toMatchObject({
        _tag: 'WrongExpectedRevision',
        actual: 2n,
      })
    })
  })

  describe('throwOnAppendFailure=false', () => {
    it('treats a {success: false} reply as the conflict it is, never as written', async () => {
      const client = new FakeKurrentDbClient({ throwOnAppendFailure: false })
      const mine = storeOf({ client })
      const theirs = storeOf({ client })
      await ok(mine.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe()]))
      expect(await err(mine.append('program-1', [probe()], { expectedRevision: 0n }))).toMatchObject({
        _tag: 'WrongExpectedRevision',
        expected: 0n,
        actual: 1n,
      })
      const result = await ok<AppendResult>(mine.append('program-1', [probe()]))
      expect(result.firstRevision).toBe(2n)
      expectChain(await events(mine, 'program-1'))
    })
  })

  describe('size limits', () => {
    const big = (kb: number) => probe({ blob: 'x'.repeat(kb * 1024) })
    // The kernel's input limits are raised out of the way here, so what is tested is the server's own limits.
    const roomy = { maxStringLength: 32 * 1024 * 1024, maxPayloadBytes: 64 * 1024 * 1024 }

    it('refuses a batch over the server’s append size before writing anything', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, limits: roomy })
      expect(await err(store.append('program-1', [big(600), big(600)]))).toMatchObject({
        _tag: 'InvalidAppend',
        reason: expect.stringMatching(/1048576 bytes/),
      })
      expect(client.calls.filter((c) => c.startsWith('append'))).toEqual([])
    })

    it('refuses an event over 16 MiB before writing anything, whatever the append size allows', async () => {
      const client = new FakeKurrentDbClient({ maxAppendSize: 64 * 1024 * 1024 })
      const store = storeOf({ client, maxAppendSize: 64 * 1024 * 1024, limits: roomy })
      expect(await err(store.append('program-1', [probe(), big(16 * 1024 + 1)]))).toMatchObject({
        _tag: 'InvalidAppend',
        index: 1,
      })
      expect(client.calls.filter((c) => c.startsWith('append'))).toEqual([])
    })

    it('appends a batch just under the limit', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, limits: roomy })
      await ok(store.append('program-1', [big(500), big(500)]))
    })
  })

  describe('servers older than 22.6', () => {
    it('says which server version is needed, on reads and appends, instead of inventing positions', async () => {
      const client = new FakeKurrentDbClient({ oldServer: true })
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      expect(await err(store.append('program-1', [probe()]))).toMatchObject({
        _tag: 'StorageFailure',
        reason: expect.stringMatching(/22\.10/),
      })
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({
        left: { _tag: 'StorageFailure', reason: expect.stringMatching(/22\.10/) },
      })
    })
  })

  describe('ACLs', () => {
    it('tells a non-admin user which ACL reading $all needs, and works once it is granted', async () => {
      const client = new FakeKurrentDbClient({ user: { name: 'ledger', admin: false } })
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe()]))
      const denied = { _tag: 'AccessDenied', reason: expect.stringMatching(/\$all.*readRoles/s) }
      expect(await readAllEvents(store.readAll())).toMatchObject({ left: denied })
      expect(await err(store.headPosition())).toMatchObject(denied)
      const subscription = subscribeFromPosition({ client }, { after: 0n }, () => undefined)
      expect(await subscription.done).toMatchObject({ left: denied })
      client.grantAllStreamRead('ledger')
      expect(await readAllEvents(store.readAll())).toMatchObject({ right: [{ streamId: 'program-1' }] })
    })
  })

  describe('checkpoints', () => {
    it('resumes reads and subscriptions from every checkpoint shape the server sends', async () => {
      const client = new FakeKurrentDbClient({ systemNoise: true, checkpointEvery: 2 })
      const store = storeOf({ client })
      for (let i = 0; i < 12; i++)
        await ok(store.append(i % 3 === 0 ? `program-${i}` : `equipment-${i}`, [probe({ i })]))
      // The raw checkpoints of a filtered server subscription, as the client hands them over.
      const raw: Array<Position> = []
      const probeSubscription = client.subscribeToAll({
        filter: streamNameFilter({
          prefixes: ['program-'],
          checkpointReached: (_, position) => void raw.push(position),
        }),
      })
      void (async () => {
        for await (const _ of probeSubscription) void _
      })()
      await until(() => raw.length >= 8, 'the server checkpoints')
      await probeSubscription.unsubscribe()
      const shapes = new Set(
        raw.map((p) => (p.commit === 0n && p.prepare === 0n ? 'start' : p.commit === p.prepare ? 'event' : 'between')),
      )
      expect(shapes).toEqual(new Set(['event', 'between']))
      const all = await readAllEvents(store.readAll({ categories: ['program'] }))
      if (E.isLeft(all)) throw new Error('readAll failed')
      for (const checkpoint of [{ commit: 0n, prepare: 0n }, ...raw]) {
        const after = globalPositionOf(checkpoint)
        const expected = all.right.filter((e) => e.position > after).map((e) => e.eventId)
        const read = await readAllEvents(store.readAll({ after, categories: ['program'] }))
        expect(E.isRight(read) && read.right.map((e) => e.eventId)).toEqual(expected)
        const resumed: Array<string> = []
        const again = store.subscribe({ after, categories: ['program'] }, (e) => void resumed.push(e.eventId))
        await until(() => resumed.length >= expected.length, 'the resumed subscription')
        await new Promise((resolve) => setTimeout(resolve, 5))
        await again.stop()
        expect(resumed).toEqual(expected)
      }
    })
  })

  describe('the idempotency window', () => {
    it('recognises a retried batch long after the server forgot it (any, stream_exists)', async () => {
      const client = new FakeKurrentDbClient({ idempotencyWindow: 2 })
      const writer = storeOf({ client })
      await ok(writer.append('program-1', [probe()]))
      const batch = [probe({ n: 1 }), probe({ n: 2 })]
      const original = await ok<AppendResult>(writer.append('program-1', batch))
      for (let i = 0; i < 5; i++) await ok(writer.append(`equipment-${i}`, [probe()]))
      for (const expectedRevision of ['any', 'stream_exists'] as const) {
        const cold = storeOf({ client })
        expect(await ok(cold.append('program-1', batch, { expectedRevision }))).toEqual({
          ...original,
          deduplicated: true,
        })
      }
      expect(client.streamRecords('program-1')).toHaveLength(3)
    })
  })

  describe('what an append costs', () => {
    it('one event: round trips and log growth', async () => {
      const measure = async (uniqueEventIds: 'store' | 'stream') => {
        const client = new FakeKurrentDbClient()
        const store = storeOf({ client, uniqueEventIds })
        await ok(store.append('program-1', [probe()]))
        const calls = client.calls.length
        const bytes = client.logBytes()
        const streams = client.streamCount()
        await ok(store.append('program-1', [probe()]))
        return {
          calls: client.calls.length - calls,
          bytes: client.logBytes() - bytes,
          streams: client.streamCount() - streams,
        }
      }
      const stream = await measure('stream')
      const store = await measure('store')
      expect(stream.calls).toBe(2)
      expect(store.calls).toBe(3)
      expect(stream.streams).toBe(0)
      expect(store.streams).toBe(1)
      // A claim record is a third of the size of a small event's record, give or take.
      expect(Number(store.bytes - stream.bytes)).toBeLessThan(Number(stream.bytes))
    })
  })
})
