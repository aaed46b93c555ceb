import { requirePostgres } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GENESIS_HASH, steppingClock, type CivilDate, type RecordedEvent } from '@ikm-ledger/core'
import type { PostgresEventStore } from '../src'
import { adminPool, collect, dropSchema, freshSchema, leftOf, newEvent, openStore, rightOf } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore integration tests')

describe.runIf(reachable)('PostgresEventStore', () => {
  const admin = adminPool()
  const schema = freshSchema('store')
  let store: PostgresEventStore

  beforeAll(async () => {
    store = await openStore(schema, { clock: steppingClock('2026-01-01T00:00:00.000Z', 1000) })
  })

  afterAll(async () => {
    await store.close()()
    await dropSchema(admin, schema)
    await admin.end()
  })

  const flat = (batches: ReadonlyArray<ReadonlyArray<RecordedEvent>>) => batches.flat()

  describe('append and read back', () => {
    it('numbers revisions from 0, links the hash chain and reads the events back verbatim', async () => {
      const events = [newEvent('Opened', { a: 1 }), newEvent('Renamed', { name: 'x' })]
      const result = rightOf(await store.append('program-basic', events, { expectedRevision: 'no_stream' })())
      expect(result.firstRevision).toBe(0n)
      expect(result.nextExpectedRevision).toBe(1n)
      expect(result.lastPosition - result.firstPosition).toBe(1n)
      expect(result.deduplicated).toBe(false)
      const read = flat(await collect(store.readStream('program-basic')))
      expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId))
      expect(read.map((e) => e.data)).toEqual([{ a: 1 }, { name: 'x' }])
      expect(read[0]!.prevHash).toBe(GENESIS_HASH)
      expect(read[1]!.prevHash).toBe(read[0]!.hash)
      expect(read[1]!.hash).toBe(result.lastHash)
      expect(read[0]!.metadata.recordedAt).toMatch(/^2026-01-01T/)
    })

    it('reads a stream that does not exist as empty and reports it as not existing', async () => {
      expect(await collect(store.readStream('program-nothing-here'))).toEqual([])
      expect(rightOf(await store.streamRevision('program-nothing-here')())).toBe('no_stream')
      expect(rightOf(await store.streamExists('program-nothing-here')())).toBe(false)
    })

    it('rejects an invalid stream id before any I/O', async () => {
      expect(leftOf(await store.append('no dash', [newEvent()])())._tag).toBe('InvalidStreamId')
      const read = []
      for await (const batch of store.readStream('Bad-Category')) read.push(batch)
      expect(read).toHaveLength(1)
      expect(E.isLeft(read[0]!) && read[0].left._tag).toBe('InvalidStreamId')
    })
  })

  describe('expected revision', () => {
    it('enforces no_stream on an existing stream', async () => {
      rightOf(await store.append('program-ns', [newEvent()], { expectedRevision: 'no_stream' })())
      const error = leftOf(await store.append('program-ns', [newEvent()], { expectedRevision: 'no_stream' })())
      expect(error).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 'no_stream', actual: 0n })
    })

    it('enforces stream_exists on a new stream', async () => {
      const error = leftOf(await store.append('program-se', [newEvent()], { expectedRevision: 'stream_exists' })())
      expect(error).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 'stream_exists', actual: 'no_stream' })
      rightOf(await store.append('program-se', [newEvent()])())
      const ok = rightOf(await store.append('program-se', [newEvent()], { expectedRevision: 'stream_exists' })())
      expect(ok.firstRevision).toBe(1n)
    })

    it('enforces an exact revision and reports the actual one', async () => {
      rightOf(await store.append('program-exact', [newEvent(), newEvent()])())
      const error = leftOf(await store.append('program-exact', [newEvent()], { expectedRevision: 0n })())
      expect(error).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 1n })
      const ok = rightOf(await store.append('program-exact', [newEvent()], { expectedRevision: 1n })())
      expect(ok.firstRevision).toBe(2n)
    })

    it('judges the expected revision against the database, not a stale cache of another store', async () => {
      const other = await openStore(schema)
      try {
        rightOf(await store.append('program-stale', [newEvent()])())
        rightOf(await other.append('program-stale', [newEvent()], { expectedRevision: 0n })())
        // `store` still remembers revision 0: the append must find out and succeed at revision 2.
        const ok = rightOf(await store.append('program-stale', [newEvent()], { expectedRevision: 1n })())
        expect(ok.firstRevision).toBe(2n)
        const stale = leftOf(await other.append('program-stale', [newEvent()], { expectedRevision: 1n })())
        expect(stale).toMatchObject({ _tag: 'WrongExpectedRevision', actual: 2n })
        const anyway = rightOf(await other.append('program-stale', [newEvent()])())
        expect(anyway.firstRevision).toBe(3n)
        const chain = flat(await collect(store.readStream('program-stale')))
        expect(chain.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n])
      } finally {
        await other.close()()
      }
    })

    it('never stamps an append earlier than the last event of the stream its cached head was stale for', async () => {
      const fixed = (instant: string) => ({ now: () => new Date(instant) })
      const behind = await openStore(schema, { clock: fixed('2026-01-01T09:00:00.000Z') })
      const ahead = await openStore(schema, { clock: fixed('2026-01-01T11:00:00.000Z') })
      try {
        rightOf(await behind.append('program-clock', [newEvent()])())
        rightOf(await ahead.append('program-clock', [newEvent()])())
        // `behind` still remembers revision 0 at 09:00: the database answers with revision 1, recorded at 11:00.
        rightOf(await behind.append('program-clock', [newEvent()])())
        const chain = flat(await collect(store.readStream('program-clock')))
        expect(chain.map((e) => e.metadata.recordedAt)).toEqual([
          '2026-01-01T09:00:00.000Z',
          '2026-01-01T11:00:00.000Z',
          '2026-01-01T11:00:00.000Z',
        ])
      } finally {
        await behind.close()()
        await ahead.close()()
      }
    })
  })

  describe('round trips', () => {
    it('appends in one round trip when it knows the head, from its own appends or from reading the tail', async () => {
      const pool = adminPool(2)
      let queries = 0
      const query = pool.query.bind(pool)
      pool.query = ((...args: Parameters<typeof query>) => {
        // Every statement counts: the wake-up is part of the append's own transaction (schema version 3).
        queries += 1
        return query(...args)
      }) as typeof pool.query
      const counted = await openStore(schema, { pool })
      const other = await openStore(schema)
      const roundTrips = async (run: () => Promise<unknown>) => {
        const before = queries
        await run()
        return queries - before
      }
      try {
        const id = 'program-roundtrips'
        expect(
          await roundTrips(async () =>
            rightOf(await counted.append(id, [newEvent()], { expectedRevision: 'no_stream' })()),
          ),
        ).toBe(1)
        expect(
          await roundTrips(async () => rightOf(await counted.append(id, [newEvent()], { expectedRevision: 0n })())),
        ).toBe(1)
        rightOf(await other.append(id, [newEvent()])())
        // Stale: the function answers with the real head, the appender reads that head's recordedAt (so the batch
        // is never stamped earlier) and re-seals once.
        expect(await roundTrips(async () => rightOf(await counted.append(id, [newEvent()])()))).toBe(3)
        rightOf(await other.append(id, [newEvent()])())
        await collect(counted.readStream(id))
        expect(
          await roundTrips(async () => rightOf(await counted.append(id, [newEvent()], { expectedRevision: 4n })())),
        ).toBe(1)
      } finally {
        await counted.close()()
        await other.close()()
        await pool.end()
      }
    })
  })

  describe('idempotency', () => {
    it('deduplicates an identical re-sent batch and returns the original placement', async () => {
      const batch = [newEvent('A'), newEvent('B')]
      const first = rightOf(await store.append('program-idem', batch, { expectedRevision: 'no_stream' })())
      rightOf(await store.append('program-idem', [newEvent('C')])())
      const again = rightOf(await store.append('program-idem', batch, { expectedRevision: 'no_stream' })())
      expect(again).toEqual({ ...first, deduplicated: true })
      const fresh = await openStore(schema)
      try {
        const fromCold = rightOf(await fresh.append('program-idem', batch, { expectedRevision: 'no_stream' })())
        expect(fromCold).toEqual({ ...first, deduplicated: true })
      } finally {
        await fresh.close()()
      }
      expect(flat(await collect(store.readStream('program-idem')))).toHaveLength(3)
    })

    it('refuses an event id already used in another stream or with other content', async () => {
      const event = newEvent('A', { v: 1 })
      rightOf(await store.append('program-dup1', [event])())
      expect(leftOf(await store.append('program-dup2', [event])())._tag).toBe('DuplicateEventId')
      const changed = { ...event, data: { v: 2 } }
      expect(leftOf(await store.append('program-dup1', [changed])())._tag).toBe('DuplicateEventId')
      expect(rightOf(await store.streamExists('program-dup2')())).toBe(false)
    })
  })

  describe('readStream bounds', () => {
    const id = 'facility-bounds'
    const dates = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01', '2025-07-01']

    beforeAll(async () => {
      for (const date of dates) rightOf(await store.append(id, [newEvent('Step', { date }, date)])())
    })

    const revisions = async (options: Parameters<PostgresEventStore['readStream']>[1]) =>
      flat(await collect(store.readStream(id, options))).map((e) => e.revision)

    it('reads forwards in batches with every event once', async () => {
      const batches = await collect(store.readStream(id, { batchSize: 3 }))
      expect(batches.map((b) => b.length)).toEqual([3, 3, 1])
      expect(flat(batches).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n])
    })

    it('reads backwards from a revision', async () => {
      expect(await revisions({ direction: 'backwards', batchSize: 2 })).toEqual([6n, 5n, 4n, 3n, 2n, 1n, 0n])
      expect(await revisions({ direction: 'backwards', fromRevision: 3n })).toEqual([3n, 2n, 1n, 0n])
    })

    it('combines fromRevision, untilRevision and maxCount', async () => {
      expect(await revisions({ fromRevision: 2n, untilRevision: 4n })).toEqual([2n, 3n, 4n])
      expect(await revisions({ fromRevision: 1n, maxCount: 2, batchSize: 1 })).toEqual([1n, 2n])
    })

    it('filters by global position, occurredOn (as of) and recordedAt (as known at)', async () => {
      const all = flat(await collect(store.readStream(id)))
      expect(await revisions({ untilPosition: all[2]!.position })).toEqual([0n, 1n, 2n])
      expect(await revisions({ asOf: '2025-03-15' as CivilDate })).toEqual([0n, 1n, 2n])
      expect(await revisions({ asKnownAt: all[3]!.metadata.recordedAt })).toEqual([0n, 1n, 2n, 3n])
    })

    it('refuses nonsensical bounds', async () => {
      const read = []
      for await (const batch of store.readStream(id, { batchSize: 0 })) read.push(batch)
      expect(E.isLeft(read[0]!) && read[0].left._tag).toBe('InvalidRead')
    })
  })

  describe('readAll', () => {
    it('reads every event once in position order, with category and type filters done in SQL', async () => {
      const local = await openStore(freshSchema('readall'))
      try {
        rightOf(await local.append('program-1', [newEvent('Opened'), newEvent('Closed')])())
        rightOf(await local.append('equipment-1', [newEvent('Opened')])())
        rightOf(await local.append('program-%_\\', [newEvent('Opened')])())
        rightOf(await local.append('programme-1', [newEvent('Opened')])())
        const all = (await collect(local.readAll({ batchSize: 2 }))).flatMap((b) => b.events)
        expect(all.map((e) => e.streamId)).toEqual([
          'program-1',
          'program-1',
          'equipment-1',
          'program-%_\\',
          'programme-1',
        ])
        const positions = all.map((e) => e.position)
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions)
        const programs = (await collect(local.readAll({ categories: ['program'] }))).flatMap((b) => b.events)
        expect(programs.map((e) => e.streamId)).toEqual(['program-1', 'program-1', 'program-%_\\'])
        const closed = (await collect(local.readAll({ types: ['Closed'] }))).flatMap((b) => b.events)
        expect(closed.map((e) => e.type)).toEqual(['Closed'])
        const both = await collect(local.readAll({ categories: ['equipment'], types: ['Closed'] }))
        expect(both.flatMap((b) => b.events)).toEqual([])
        // Nothing matched, yet the checkpoint moved to the head: a filtered reader can save it.
        expect(both.at(-1)?.checkpoint).toBe(all.at(-1)!.position)
        const tail = (await collect(local.readAll({ after: all[2]!.position, maxCount: 1 }))).flatMap((b) => b.events)
        expect(tail.map((e) => e.streamId)).toEqual(['program-%_\\'])
        const until = (await collect(local.readAll({ untilPosition: all[1]!.position }))).flatMap((b) => b.events)
        expect(until).toHaveLength(2)
        expect(rightOf(await local.headPosition()())).toBe(all.at(-1)!.position)
      } finally {
        await local.close()()
        await dropSchema(admin, local.schema)
      }
    })

    it('reads an empty store as nothing and its head as 0', async () => {
      const empty = await openStore(freshSchema('empty'))
      try {
        expect(await collect(empty.readAll())).toEqual([])
        expect(rightOf(await empty.headPosition()())).toBe(0n)
      } finally {
        await empty.close()()
        await dropSchema(admin, empty.schema)
      }
    })
  })

  describe('close', () => {
    it('fails every call after close with StoreClosed', async () => {
      const closing = await openStore(schema)
      rightOf(await closing.close()())
      expect(leftOf(await closing.append('program-closed', [newEvent()])())._tag).toBe('StoreClosed')
      expect(leftOf(await closing.headPosition()())._tag).toBe('StoreClosed')
      const read = []
      for await (const batch of closing.readAll()) read.push(batch)
      expect(E.isLeft(read[0]!) && read[0].left._tag).toBe('StoreClosed')
      // Closing again is harmless (a shutdown hook after a finally block).
      rightOf(await closing.close()())
    })

    it('leaves a pool it was given open', async () => {
      const pool = adminPool(2)
      const borrowed = await openStore(schema, { pool })
      rightOf(await borrowed.close()())
      const { rows } = await pool.query('SELECT 1 AS one')
      expect(rows[0].one).toBe(1)
      await pool.end()
    })
  })
})
