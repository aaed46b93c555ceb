import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { storeErrorMessage, verifyAllChains, type RecordedEvent, type StoreError } from '@ikm-ledger/core'
import { createSqliteEventStore, openSqliteEventStore } from '../src'
import { collect, collectUntilLeft, eventsOf, newEvent, ok } from './fixtures/events'
import { hostileClocks, hostileOptions } from '@ikm-ledger/testkit'
import { corruptRow, openStore, tempDir } from './fixtures/harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const freshFile = (): string => {
  const { dir, remove } = tempDir()
  cleanups.push(remove)
  return join(dir, 'events.sqlite')
}

const failure = <A>(result: E.Either<StoreError, A>): StoreError => {
  if (E.isRight(result)) throw new Error(`expected a failure, got ${String(result.right)}`)
  return result.left
}

describe('SqliteEventStore', () => {
  describe('opening a file', () => {
    it('switches the file to WAL and records the schema migration once, however often it is reopened', async () => {
      const path = freshFile()
      for (let i = 0; i < 3; i++) ok(await openStore(path).close()())
      const db = new Database(path, { readonly: true })
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.prepare('SELECT version, name FROM event_store_migrations').all()).toEqual([
        { version: 1, name: 'events and streams' },
      ])
      db.close()
    })

    it('refuses a file written by a newer version of the schema with SchemaMismatch', async () => {
      const path = freshFile()
      ok(await openStore(path).close()())
      const db = new Database(path)
      db.prepare("INSERT INTO event_store_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')").run()
      db.close()
      const error = failure(await openSqliteEventStore({ path })())
      expect(error._tag).toBe('SchemaMismatch')
      expect(storeErrorMessage(error)).toContain('version 99')
    })

    it('creates the events table with a CHECK that refuses a position below 1', async () => {
      const path = freshFile()
      const store = openStore(path)
      ok(await store.append('program-check', [newEvent()])())
      ok(await store.close()())
      const db = new Database(path)
      try {
        for (const position of [0, -1]) {
          expect(() => db.prepare('UPDATE events SET position = ?').run(position)).toThrow(/CHECK constraint/)
        }
        expect(db.prepare('SELECT position FROM events').pluck().all()).toEqual([1])
      } finally {
        db.close()
      }
    })

    it('refuses a file that already has an unrelated events table instead of writing into it', () => {
      const path = freshFile()
      const db = new Database(path)
      db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT)')
      db.close()
      expect(failure(createSqliteEventStore({ path }))._tag).toBe('SchemaMismatch')
    })

    it('reports a file that is not a SQLite database as a storage failure, without throwing', () => {
      const path = freshFile()
      const db = new Database(path)
      db.close()
      writeFileSync(path, 'this is not a database, just some text that is long enough to matter')
      const error = failure(createSqliteEventStore({ path }))
      expect(error._tag).toBe('StorageFailure')
    })

    it('rejects options that make no sense, saying which one', () => {
      const path = freshFile()
      expect(storeErrorMessage(failure(createSqliteEventStore({ path, busyTimeoutMs: -1 })))).toContain('busyTimeoutMs')
      expect(storeErrorMessage(failure(createSqliteEventStore({ path: '' })))).toContain('path')
      expect(storeErrorMessage(failure(createSqliteEventStore({ path, watchIntervalMs: 0 })))).toContain(
        'watchIntervalMs',
      )
    })

    it('answers options it cannot read, and a clock that is no clock, with a Left naming the problem', async () => {
      const path = freshFile()
      const messageOf = (given: unknown) => storeErrorMessage(failure(createSqliteEventStore(given as never)))
      for (const hostile of hostileOptions({ path }))
        expect(messageOf(hostile.options), hostile.what).toContain(hostile.says)
      // Opening stamps the migration with the clock: a clock whose reading is no instant is refused there.
      for (const hostile of hostileClocks()) {
        expect(messageOf({ path: freshFile(), clock: hostile.options }), hostile.what).toContain(hostile.says)
      }
      // A clock that goes bad after the store opened fails the append, saying so, and stores nothing.
      let readings = 0
      const failing = { now: () => (readings++ === 0 ? new Date('2026-01-01T00:00:00.000Z') : undefined) }
      const store = openStore(freshFile(), { clock: failing as never })
      const appended = await store.append('program-clock', [newEvent()])()
      expect(storeErrorMessage(failure(appended))).toContain("the clock's now() returned nothing, not a valid Date")
      expect(await store.streamRevision('program-clock')()).toEqual(E.right('no_stream'))
      ok(await store.close()())
    })

    it('keeps events, revisions and hash chains across close and reopen', async () => {
      const path = freshFile()
      const first = openStore(path)
      const appended = ok(await first.append('program-a', [newEvent({ n: 1 }), newEvent({ n: 2 })])())
      ok(await first.close()())
      const second = openStore(path)
      expect(ok(await second.streamRevision('program-a')())).toBe(1n)
      const next = ok(await second.append('program-a', [newEvent({ n: 3 })], { expectedRevision: 1n })())
      expect(next.firstPosition).toBe(appended.lastPosition + 1n)
      const events = (await collect(second.readStream('program-a'))).flat()
      expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
      expect(events[2]!.prevHash).toBe(appended.lastHash)
      ok(await second.close()())
    })

    it('works in memory and on a connection the caller owns, which it leaves open on close', async () => {
      const memory = ok(createSqliteEventStore({ path: ':memory:' }))
      ok(await memory.append('program-a', [newEvent()])())
      expect(ok(await memory.headPosition()())).toBe(1n)
      ok(await memory.close()())

      const db = new Database(':memory:')
      const store = ok(createSqliteEventStore({ database: db }))
      ok(await store.append('program-a', [newEvent()])())
      ok(await store.close()())
      expect(db.open).toBe(true)
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1)
      db.close()
    })
  })

  describe('appending', () => {
    it('maps a uniqueness violation from a writer that bypassed the stream head to WrongExpectedRevision', async () => {
      const path = freshFile()
      const store = openStore(path)
      ok(await store.append('program-a', [newEvent(), newEvent()])())
      // Another tool deletes the head row: the store now believes the stream is new, but its revisions are taken.
      const db = new Database(path)
      db.prepare("DELETE FROM streams WHERE stream_id = 'program-a'").run()
      db.close()
      const error = failure(await store.append('program-a', [newEvent()], { expectedRevision: 'no_stream' })())
      expect(error).toMatchObject({ _tag: 'WrongExpectedRevision', streamId: 'program-a', actual: 1n })
      ok(await store.close()())
    })

    it('fails with StoreUnavailable, not a crash, when another process holds the write lock past the busy timeout', async () => {
      const path = freshFile()
      const store = openStore(path, { busyTimeoutMs: 50 })
      const other = new Database(path)
      other.exec('BEGIN IMMEDIATE')
      const error = failure(await store.append('program-a', [newEvent()])())
      other.exec('ROLLBACK')
      other.close()
      expect(error).toMatchObject({ _tag: 'StoreUnavailable', retryable: true })
      ok(await store.append('program-a', [newEvent()])())
      ok(await store.close()())
    })

    it('wakes onAppend listeners for its own commits at once and for another process’s commits by polling', async () => {
      const path = freshFile()
      const store = openStore(path, { watchIntervalMs: 10 })
      const writer = openStore(path)
      let calls = 0
      const stop = store.onAppend(() => {
        calls++
      })
      ok(await store.append('program-a', [newEvent()])())
      expect(calls).toBe(1)
      ok(await writer.append('program-b', [newEvent()])())
      const deadline = Date.now() + 5000
      while (calls < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      expect(calls).toBe(2)
      stop()
      ok(await store.append('program-a', [newEvent()])())
      expect(calls).toBe(2)
      ok(await writer.close()())
      ok(await store.close()())
    })
    it('joins a transaction the caller holds open on a shared connection, so a rollback undoes the append', async () => {
      const db = new Database(':memory:')
      const store = ok(createSqliteEventStore({ database: db }))
      db.exec('BEGIN')
      ok(await store.append('program-a', [newEvent()])())
      db.exec('ROLLBACK')
      expect(ok(await store.streamRevision('program-a')())).toBe('no_stream')
      db.exec('BEGIN')
      ok(await store.append('program-a', [newEvent()])())
      db.exec('COMMIT')
      expect(ok(await store.streamRevision('program-a')())).toBe(0n)
      ok(await store.close()())
      db.close()
    })
  })

  describe('reading', () => {
    it('reads a stream in batches of 64 unless the read names a batch size', async () => {
      const store = openStore(freshFile())
      ok(
        await store.append(
          'program-batches',
          Array.from({ length: 200 }, (_, n) => newEvent({ n })),
        )(),
      )
      const sizes = async (options?: { batchSize?: number }) => {
        const found: Array<number> = []
        for await (const batch of store.readStream('program-batches', options)) found.push(ok(batch).length)
        return found
      }
      expect(await sizes()).toEqual([64, 64, 64, 8])
      expect(await sizes({ batchSize: 150 })).toEqual([150, 50])
      ok(await store.close()())
    })

    it('filters by category and type in SQL with indexes, never confusing a category with its prefix', async () => {
      const path = freshFile()
      const store = openStore(path)
      ok(await store.append('prog-1', [newEvent({ s: 'prog' }, { type: 'A' })])())
      ok(await store.append('program-1', [newEvent({ s: 'program' }, { type: 'B' })])())
      ok(await store.append('program-2', [newEvent({ s: 'program' }, { type: 'A' })])())
      const read = async (options: { categories?: Array<string>; types?: Array<string> }) =>
        eventsOf(await collect(store.readAll(options))).map((e) => `${e.streamId}:${e.type}`)
      expect(await read({ categories: ['prog'] })).toEqual(['prog-1:A'])
      expect(await read({ categories: ['program'] })).toEqual(['program-1:B', 'program-2:A'])
      expect(await read({ types: ['A'] })).toEqual(['prog-1:A', 'program-2:A'])
      expect(await read({ categories: ['program'], types: ['A'] })).toEqual(['program-2:A'])
      expect(await read({ categories: ['prog%'] })).toEqual([])

      const db = new Database(path, { readonly: true })
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ')
      expect(plan("SELECT * FROM events WHERE category = 'x' AND position > 0 ORDER BY position LIMIT 5")).toContain(
        'events_category_position',
      )
      expect(plan("SELECT * FROM events WHERE type = 'x' AND position > 0 ORDER BY position LIMIT 5")).toContain(
        'events_type_position',
      )
      db.close()
      ok(await store.close()())
    })

    it('gives the same events for every filter and batch size as filtering a full read (property)', async () => {
      const path = freshFile()
      const store = openStore(path)
      const categories = ['alpha', 'beta', 'gamma', 'delta']
      const types = ['T1', 'T2', 'T3']
      for (let i = 0; i < 120; i++) {
        const category = categories[(i * 7) % 4]!
        ok(await store.append(`${category}-${i % 5}`, [newEvent({ i }, { type: types[(i * 5) % 3]! })])())
      }
      const everything = eventsOf(await collect(store.readAll()))
      await fc.assert(
        fc.asyncProperty(
          fc.option(fc.subarray(categories, { minLength: 1 }), { nil: undefined }),
          fc.option(fc.subarray(types, { minLength: 1 }), { nil: undefined }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 0, max: 130 }),
          async (cats, typs, batchSize, after) => {
            const batches = await collect(
              store.readAll({ categories: cats, types: typs, batchSize, after: BigInt(after) }),
            )
            const expected = everything.filter(
              (e) =>
                e.position > BigInt(after) &&
                (cats === undefined || cats.some((c) => e.streamId.startsWith(`${c}-`))) &&
                (typs === undefined || typs.includes(e.type)),
            )
            expect(eventsOf(batches).map((e) => e.position)).toEqual(expected.map((e) => e.position))
            for (const batch of batches) expect(batch.events.length).toBeLessThanOrEqual(batchSize)
            if (after < everything.length) expect(batches[batches.length - 1]?.checkpoint).toBe(120n)
          },
        ),
        { numRuns: 60 },
      )
      ok(await store.close()())
    })

    it('moves the checkpoint to the head when a filter matches nothing, and stops at untilPosition', async () => {
      const store = ok(createSqliteEventStore({ path: ':memory:' }))
      for (let i = 0; i < 10; i++) ok(await store.append(`program-${i}`, [newEvent()])())
      expect(await collect(store.readAll({ categories: ['equipment'] }))).toEqual([{ events: [], checkpoint: 10n }])
      expect(await collect(store.readAll({ categories: ['equipment'], untilPosition: 4n }))).toEqual([
        { events: [], checkpoint: 4n },
      ])
      expect(await collect(store.readAll({ categories: ['equipment'], after: 10n }))).toEqual([])
      ok(await store.close()())
    })

    it('reports a row damaged on disk with its stream, revision and position, after delivering the events before it', async () => {
      const path = freshFile()
      const store = openStore(path)
      ok(await store.append('program-a', [newEvent({ n: 0 }), newEvent({ n: 1 }), newEvent({ n: 2 })])())
      corruptRow(path, 'program-a', 1n, 'garbage')
      const all = await collectUntilLeft(store.readAll())
      expect(eventsOf(all.batches).map((e) => e.revision)).toEqual([0n])
      expect(all.error).toMatchObject({ _tag: 'CorruptEvent', streamId: 'program-a', revision: 1n, position: 2n })

      corruptRow(path, 'program-a', 1n, 'payload')
      const stream = await collectUntilLeft(store.readStream('program-a'))
      expect(stream.batches.flat().map((e) => e.revision)).toEqual([0n])
      expect(stream.error).toMatchObject({ _tag: 'HashChainBroken', streamId: 'program-a', revision: 1n })

      const db = new Database(path)
      db.prepare('UPDATE events SET metadata = \'{"recordedAt": 5}\' WHERE revision = 2').run()
      db.close()
      const backwards = await collectUntilLeft(store.readStream('program-a', { direction: 'backwards' }))
      expect(backwards.error).toMatchObject({ _tag: 'CorruptEvent', streamId: 'program-a', revision: 2n })
      // Unverified reads still decode: the damaged payload is valid JSON.
      const unverified = await collectUntilLeft(
        store.readStream('program-a', { verifyHashes: false, untilRevision: 1n }),
      )
      expect(unverified.error).toBeUndefined()
      ok(await store.close()())
    })

    it('fails a read that is under way once the store is closed', async () => {
      const store = ok(createSqliteEventStore({ path: ':memory:' }))
      ok(await store.append('program-a', [newEvent(), newEvent(), newEvent()])())
      const seen: Array<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> = []
      for await (const batch of store.readStream('program-a', { batchSize: 1 })) {
        seen.push(batch)
        if (seen.length === 1) ok(await store.close()())
      }
      expect(seen.map((b) => (E.isLeft(b) ? b.left._tag : 'events'))).toEqual(['events', 'StoreClosed'])
    })
  })

  describe('a row below position 1', () => {
    // A file created before the CHECK, or one whose administrator lifted it: the row must not hide from reads
    // from the start (they used to begin "after 0"), from verification, or from projections.
    const moveBelowOne = (path: string, streamId: string, revision: bigint, position: bigint) => {
      const db = new Database(path)
      try {
        db.pragma('ignore_check_constraints = ON')
        db.prepare('UPDATE events SET position = ? WHERE stream_id = ? AND revision = ?').run(
          position,
          streamId,
          revision,
        )
      } finally {
        db.close()
      }
    }

    it('is read from the start and named as not at a valid position, by readAll and by verifyAllChains', async () => {
      const path = freshFile()
      const store = openStore(path)
      cleanups.push(() => void store.close()())
      ok(await store.append('program-a', [newEvent(), newEvent()])())
      ok(await store.append('program-b', [newEvent()])())
      moveBelowOne(path, 'program-b', 0n, 0n)
      const read = await collectUntilLeft(store.readAll())
      expect(read.error).toMatchObject({
        _tag: 'CorruptEvent',
        streamId: 'program-b',
        position: 0n,
        column: 'position',
      })
      expect(storeErrorMessage(read.error as StoreError)).toContain('its position 0 is not a valid position')
      moveBelowOne(path, 'program-b', 0n, -5n)
      const report = ok(await verifyAllChains(store)())
      expect(report.breaks.map((b) => [b.streamId, b.revision, b.position])).toEqual([
        ['program-b', 0n, -5n],
        ['program-b', 0n, -5n],
      ])
      expect(report.breaks[0]!.reason).toContain('its position -5 is not a valid position')
      expect(report.breaks[1]!.reason).toContain('cannot go past this row')
    })
  })

  describe('hostile input', () => {
    it('stores and reads back payload strings built to break SQL or JSON verbatim', async () => {
      const path = freshFile()
      const store = openStore(path)
      const nasty = [
        "'; DROP TABLE events;--",
        '"; DELETE FROM streams; --',
        "Robert'); DROP TABLE streams;--",
        '%_%\\%\\_',
        'back\\slash \\\\ and \\u0000 literal',
        'line\nbreak\r\ttab \u0001\u001f\u007f',
        'emoji 🏭🇮🇩 and ümlaut, 漢字, עברית',
        '\u2028\u2029',
        "x' OR '1'='1",
      ]
      const streamId = "program-';DROP/**/TABLE/**/events;--%_\\"
      const events = nasty.map((s) =>
        newEvent({ s, [s]: s, list: [s, { [s]: s }] }, { metadata: { correlationId: s, causationId: s } }),
      )
      ok(await store.append(streamId, events)())
      const stream = (await collect(store.readStream(streamId))).flat()
      expect(stream.map((e) => e.data)).toEqual(events.map((e) => e.data))
      expect(stream.map((e) => e.metadata.correlationId)).toEqual(nasty)
      expect(stream.every((e) => e.streamId === streamId)).toBe(true)
      expect(eventsOf(await collect(store.readAll({ types: ["ProbeRecorded' OR '1'='1"] })))).toEqual([])
      const db = new Database(path, { readonly: true })
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(nasty.length)
      db.close()
      ok(await store.close()())
    })
  })
})
