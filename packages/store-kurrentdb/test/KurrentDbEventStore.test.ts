/**
 * The adapter's own behaviour against the in-process fake client: what the contract suite cannot see (the
 * stream states it sends, conflicts with other processes, lost responses, each client error on its way to a
 * StoreError, claims, closing).
 */
import { nodeSha256, storeErrorMessage, type AppendResult, type StreamRevision } from '@ikm-ledger/core'
import { hostileClocks, hostileOptions } from '@ikm-ledger/testkit'
import {
  AccessDeniedError,
  KurrentDBClient,
  NO_STREAM,
  NotLeaderError,
  UnavailableError,
} from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createKurrentDbEventStore, globalPositionOf } from '../src'
import { err, expectChain, ok, probe, readAllEvents, storeOf, streamEvents as events } from './support/Events'
import { FakeKurrentDbClient } from './support/FakeKurrentDbClient'

const notLeader = () =>
  new NotLeaderError({
    name: 'Error',
    message: 'not leader',
    code: 5,
    details: 'not leader',
    metadata: { 'leader-endpoint-host': 'node-2', 'leader-endpoint-port': '2113' },
  } as unknown as ConstructorParameters<typeof NotLeaderError>[0])

describe('KurrentDbEventStore', () => {
  describe('appending', () => {
    it('appends with the exact head it sealed against, whatever the caller expected', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe()], { expectedRevision: 'no_stream' }))
      await ok(store.append('program-1', [probe()]))
      await ok(store.append('program-1', [probe(), probe()], { expectedRevision: 'stream_exists' }))
      await ok(store.append('program-1', [probe()], { expectedRevision: 3n }))
      expect(client.appends.map((a) => a.streamState)).toEqual([NO_STREAM, 0n, 1n, 3n])
    })

    it("re-reads and re-seals when another process wrote first and the caller's expectation still holds", async () => {
      const client = new FakeKurrentDbClient()
      const mine = storeOf({ client })
      const theirs = storeOf({ client })
      await ok(mine.append('program-1', [probe()]))
      // `mine` now caches revision 0; `theirs` moves the stream on behind its back.
      await ok(theirs.append('program-1', [probe(), probe()]))
      const result = await ok<AppendResult>(mine.append('program-1', [probe()], { expectedRevision: 'stream_exists' }))
      expect(result.firstRevision).toBe(3n)
      expectChain(await events(mine, 'program-1'))
    })

    it('fails with WrongExpectedRevision and the actual revision when the stale view hid a real conflict', async () => {
      const client = new FakeKurrentDbClient()
      const mine = storeOf({ client })
      const theirs = storeOf({ client })
      await ok(mine.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe()]))
      expect(await err(mine.append('program-1', [probe()], { expectedRevision: 0n }))).toMatchObject({
        _tag: 'WrongExpectedRevision',
        streamId: 'program-1',
        expected: 0n,
        actual: 1n,
      })
    })

    it('recognises a retry after a lost response: the first append was written, the retry is deduplicated', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe()]))
      const batch = [probe({ n: 1 }), probe({ n: 2 })]
      client.loseNextAppendResponse()
      expect(await err(store.append('program-1', batch, { expectedRevision: 0n }))).toMatchObject({
        _tag: 'StoreUnavailable',
        retryable: true,
      })
      const retried = await ok<AppendResult>(store.append('program-1', batch, { expectedRevision: 0n }))
      expect(retried).toMatchObject({ firstRevision: 1n, nextExpectedRevision: 2n, deduplicated: true })
      expect(await events(store, 'program-1')).toHaveLength(3)
    })

    it('reports the positions the events got in $all', async () => {
      const client = new FakeKurrentDbClient({ systemNoise: true })
      const store = storeOf({ client })
      const result = await ok<AppendResult>(store.append('program-1', [probe(), probe(), probe()]))
      const read = await events(store, 'program-1')
      expect([result.firstPosition, result.lastPosition]).toEqual([read[0]!.position, read[2]!.position])
      expect(result.lastHash).toBe(read[2]!.hash)
    })

    it('maps client errors of an append to StoreErrors', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      const cases = [
        [new UnavailableError(undefined, 'connection refused'), 'StoreUnavailable'],
        [notLeader(), 'StoreUnavailable'],
        [new AccessDeniedError(undefined, 'Access denied'), 'AccessDenied'],
        [new TypeError('unexpected'), 'StorageFailure'],
      ] as const
      for (const [error, tag] of cases) {
        client.failNext('append', error)
        expect(await err(store.append('program-1', [probe()]))).toMatchObject({ _tag: tag })
      }
      await ok(store.append('program-1', [probe()]))
    })

    it('refuses to append to a tombstoned stream with StreamDeleted', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      client.tombstone('program-1')
      expect(await err(store.append('program-1', [probe()]))).toMatchObject({
        _tag: 'StreamDeleted',
        streamId: 'program-1',
      })
    })

    it('gives up on a stream that keeps changing with a retryable StoreUnavailable', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, maxAppendAttempts: 2, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe()]))
      const rival = storeOf({ client, uniqueEventIds: 'stream' })
      const original = client.appendToStream.bind(client)
      // Every append of `store` is preceded by a rival write, as under heavy contention from other processes.
      client.appendToStream = async (name, batch, options) => {
        if (batch.some((e) => e.type === 'Contended')) await ok(rival.append('program-1', [probe()]))
        return original(name, batch, options)
      }
      expect(await err(store.append('program-1', [probe({}, 'Contended')]))).toMatchObject({
        _tag: 'StoreUnavailable',
        retryable: true,
      })
    })
  })

  describe('event id claims', () => {
    it('claims every event id in a bookkeeping stream that $all readers never see', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, namespace: 'n.' })
      const event = probe()
      await ok(store.append('program-1', [event]))
      expect(client.streamRecords(`n._eventid-${event.eventId}`)).toHaveLength(1)
      const all = await readAllEvents(store.readAll())
      expect(E.isRight(all) && all.right.map((e) => e.streamId)).toEqual(['program-1'])
    })

    it('never takes over a claim left by an append that never reached its stream', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      const event = probe()
      // The claim is the first write; the second, the events themselves, fails.
      const original = client.appendToStream.bind(client)
      let calls = 0
      client.appendToStream = async (name, batch, options) => {
        calls += 1
        if (calls === 2) throw new UnavailableError(undefined, 'connection reset')
        return original(name, batch, options)
      }
      expect(await err(store.append('program-1', [event]))).toMatchObject({ _tag: 'StoreUnavailable' })
      client.appendToStream = original
      // The append that failed may still land in program-1: the id stays program-1's.
      expect(await err(store.append('program-2', [event]))).toMatchObject({
        _tag: 'InvalidAppend',
        streamId: 'program-2',
        index: 0,
        reason: expect.stringMatching(/claimed by stream 'program-1'/),
      })
      expect(await events(store, 'program-2')).toEqual([])
      // Sent again to program-1, it is written there.
      await ok(store.append('program-1', [event]))
      expect((await events(store, 'program-1')).map((e) => e.eventId)).toEqual([event.eventId])
      expect(client.streamRecords(`_eventid-${event.eventId}`).map((r) => JSON.parse(r.data))).toEqual([
        { streamId: 'program-1' },
      ])
    })

    it("with uniqueEventIds: 'stream' writes no claims", async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe(), probe()]))
      expect(client.appends.map((a) => a.streamName)).toEqual(['program-1'])
    })
  })

  describe('reading', () => {
    it('reads a missing stream as empty and a tombstoned one as StreamDeleted', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      expect(await events(store, 'program-none')).toEqual([])
      await ok(store.append('program-1', [probe()]))
      client.tombstone('program-1')
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'StreamDeleted', streamId: 'program-1' },
      })
      expect(await err(store.streamRevision('program-1'))).toMatchObject({ _tag: 'StreamDeleted' })
    })

    it('maps read errors: access denied, not leader, unavailable', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe()]))
      client.failNext('readStream', new AccessDeniedError(undefined, 'Access denied'))
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({ left: { _tag: 'AccessDenied' } })
      client.failNext('readAll', notLeader())
      expect(await readAllEvents(store.readAll())).toMatchObject({ left: { _tag: 'StoreUnavailable' } })
      client.failNext('readAll', new UnavailableError(undefined, 'down'))
      expect(await err(store.headPosition())).toMatchObject({ _tag: 'StoreUnavailable', retryable: true })
    })

    it('reports an event some other writer put in a stream named like ours as CorruptEvent', async () => {
      const client = new FakeKurrentDbClient()
      const store = storeOf({ client })
      client.writeRaw('program-1', 'OrderPlaced', '{"id":1}', '{"by":"someone else"}')
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({
        left: { _tag: 'CorruptEvent', streamId: 'program-1', revision: 0n },
      })
      expect(await err(store.append('program-1', [probe()]))).toMatchObject({ _tag: 'CorruptEvent' })
    })

    it('moves the $all checkpoint to the head past system events and other namespaces', async () => {
      const client = new FakeKurrentDbClient({ systemNoise: true })
      const store = storeOf({ client, namespace: 'mine.' })
      const other = storeOf({ client, namespace: 'theirs.' })
      const result = await ok<AppendResult>(store.append('program-1', [probe()]))
      await ok(other.append('program-1', [probe()]))
      const batches: Array<{ events: number; checkpoint: bigint }> = []
      for await (const batch of store.readAll({ after: result.lastPosition })) {
        if (E.isLeft(batch)) throw new Error(batch.left._tag)
        batches.push({ events: batch.right.events.length, checkpoint: batch.right.checkpoint })
      }
      // Nothing of this store after its last event: no batch, the reader is already at the head.
      expect(batches).toEqual([])
      expect(await ok(store.headPosition())).toBe(result.lastPosition)
    })
  })

  describe('revisions and positions', () => {
    it('reads $all after a checkpoint that falls between two records, as subscriptions report them', async () => {
      const client = new FakeKurrentDbClient({ systemNoise: true })
      const store = storeOf({ client })
      await ok(store.append('program-1', [probe()]))
      const second = await ok<AppendResult>(store.append('program-2', [probe()]))
      await ok(store.append('program-3', [probe()]))
      // The checkpoint "everything before the record of program-2's event": {commit: <its offset>, prepare: 0}.
      const offset = (second.firstPosition - 1n) / 2n
      const checkpoint = globalPositionOf({ commit: offset, prepare: 0n })
      expect(checkpoint % 2n).toBe(0n)
      const after = await readAllEvents(store.readAll({ after: checkpoint }))
      expect(E.isRight(after) && after.right.map((e) => e.streamId)).toEqual(['program-2', 'program-3'])
    })

    it('reads the stream revision from the server, not from the append cache', async () => {
      const client = new FakeKurrentDbClient()
      const mine = storeOf({ client })
      const theirs = storeOf({ client })
      await ok(mine.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe(), probe()]))
      expect(await ok<StreamRevision>(mine.streamRevision('program-1'))).toBe(2n)
    })
  })

  describe('wake-ups', () => {
    it('wakes listeners when another process commits, through a live $all subscription', async () => {
      const client = new FakeKurrentDbClient()
      const reader = storeOf({ client })
      const writer = storeOf({ client })
      let woken = 0
      const woke = new Promise<void>((resolve) => {
        const stop = reader.onAppend(() => {
          woken += 1
          stop()
          resolve()
        })
      })
      await new Promise((resolve) => setTimeout(resolve, 5))
      await ok(writer.append('program-1', [probe()]))
      await woke
      expect(woken).toBe(1)
      expect(client.calls).toContain('subscribeToAll')
    })
  })

  describe('creating and closing', () => {
    it('needs a client or a connection string, and a namespace that is not a system prefix', () => {
      expect(createKurrentDbEventStore({})).toMatchObject({ left: { _tag: 'StorageFailure' } })
      expect(createKurrentDbEventStore({ client: new FakeKurrentDbClient(), namespace: '$sys' })).toMatchObject({
        left: { _tag: 'StorageFailure', reason: expect.stringMatching(/\$/) },
      })
      expect(createKurrentDbEventStore({ connectionString: 'not a connection string' })).toMatchObject({
        left: { _tag: 'StorageFailure', operation: 'parse the KurrentDB connection string' },
      })
    })

    it('answers options it cannot read, and a clock that is no clock, with a Left naming the problem', async () => {
      const client = new FakeKurrentDbClient()
      for (const hostile of hostileOptions({ client })) {
        const created = createKurrentDbEventStore(hostile.options as never)
        expect(E.isLeft(created) && storeErrorMessage(created.left), hostile.what).toContain(hostile.says)
      }
      expect(createKurrentDbEventStore({ client, maxAppendAttempts: Number.NaN })).toMatchObject({
        left: { reason: expect.stringContaining('maxAppendAttempts must be a positive whole number, got NaN') },
      })
      for (const hostile of hostileClocks()) {
        const store = storeOf({ client, clock: hostile.options as never })
        expect(storeErrorMessage((await err(store.append('program-1', [probe()]))) as never), hostile.what).toContain(
          hostile.says,
        )
      }
      expect(client.appends).toEqual([])
    })

    it('maps the real client failing to reach a server to a retryable StoreUnavailable', async () => {
      // Nothing listens on port 1: the real client (gRPC and its native reader) fails fast with UnavailableError.
      const store = storeOf({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1' })
      expect(await err(store.headPosition())).toMatchObject({ _tag: 'StoreUnavailable', retryable: true })
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({ left: { _tag: 'StoreUnavailable' } })
      expect(await err(store.append('program-1', [probe()]))).toMatchObject({ _tag: 'StoreUnavailable' })
      await ok(store.close())
    })

    it('disposes a client it created from a connection string, and leaves a given client alone', async () => {
      const owned = storeOf({ connectionString: 'kurrentdb://localhost:1?tls=false', sha256: nodeSha256 })
      expect(owned.client).toBeInstanceOf(KurrentDBClient)
      expect(await owned.close()()).toEqual(E.right(undefined))
      const client = new FakeKurrentDbClient()
      const given = storeOf({ client })
      await ok(given.close())
      expect(client.disposed).toBe(false)
      await ok(given.close())
      expect(client.disposed).toBe(false)
      expect(await err(given.headPosition())).toMatchObject({ _tag: 'StoreClosed' })
    })
  })
})
