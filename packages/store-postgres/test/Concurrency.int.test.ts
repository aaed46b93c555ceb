import { requirePostgres } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordedEvent, StoreError } from '@ikm-ledger/core'
import type { PostgresEventStore } from '../src'
import { schemaNames } from '../src/internal/Schema'
import {
  adminPool,
  appendByHand,
  collect,
  dropSchema,
  freshSchema,
  leftOf,
  newEvent,
  openStore,
  quoteSchema,
  rightOf,
  waitFor,
} from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore concurrency torture tests')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(reachable)('PostgresEventStore under concurrency', () => {
  const admin = adminPool(8)
  const schema = freshSchema('torture')
  const stores: Array<PostgresEventStore> = []

  beforeAll(async () => {
    // Several store instances, each with its own head cache and pool, so caches go stale for real.
    for (let i = 0; i < 4; i++) stores.push(await openStore(schema, { maxConnections: 6 }))
  })

  afterAll(async () => {
    for (const store of stores) await store.close()()
    await dropSchema(admin, schema)
    await admin.end()
  })

  it('lets exactly one of many writers win each revision of one stream', async () => {
    const streamId = 'program-contended'
    const writers = 20
    for (let round = 0; round < 12; round++) {
      const expected = round === 0 ? ('no_stream' as const) : BigInt(round - 1)
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          stores[w % stores.length]!.append(streamId, [newEvent('Won', { round, w })], {
            expectedRevision: expected,
          })(),
        ),
      )
      const wins = results.filter(E.isRight)
      const losses = results.filter(E.isLeft).map((r) => r.left)
      expect(wins).toHaveLength(1)
      expect(wins[0]!.right.firstRevision).toBe(BigInt(round))
      expect(losses).toHaveLength(writers - 1)
      for (const loss of losses) {
        expect(loss).toMatchObject({ _tag: 'WrongExpectedRevision', expected, actual: BigInt(round) })
      }
    }
    const events = (await collect(stores[0]!.readStream(streamId))).flat()
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)))
  })

  it('keeps a stream gapless and its chain intact when writers race with retries', async () => {
    const streamId = 'program-racing'
    let wins = 0
    let conflicts = 0
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        const store = stores[w % stores.length]!
        let known: bigint | 'no_stream' = 'no_stream'
        for (let done = 0; done < 8;) {
          const result = await store.append(streamId, [newEvent('Raced'), newEvent('Raced')], {
            expectedRevision: known,
          })()
          if (E.isRight(result)) {
            known = result.right.nextExpectedRevision
            wins += 1
            done += 1
          } else {
            const error: StoreError = result.left
            if (error._tag !== 'WrongExpectedRevision') throw new Error(`unexpected ${error._tag}`)
            conflicts += 1
            known = error.actual
          }
        }
      }),
    )
    const events = (await collect(stores[1]!.readStream(streamId, { batchSize: 17 }))).flat()
    expect(wins).toBe(96)
    expect(conflicts).toBeGreaterThan(0)
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 192 }, (_, i) => BigInt(i)))
  })

  it('lets exactly one of many creators of a new stream win with no_stream', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, w) =>
        stores[w % stores.length]!.append('equipment-created-once', [newEvent()], { expectedRevision: 'no_stream' })(),
      ),
    )
    expect(results.filter(E.isRight)).toHaveLength(1)
    expect(results.filter(E.isLeft).every((r) => r.left._tag === 'WrongExpectedRevision')).toBe(true)
  })

  it('commits an append without waiting for the ordering lock, and numbers it once the holder commits', async () => {
    await onFreshSchema('grouped', async (schema, [store]) => {
      rightOf(await store!.append('program-before', [newEvent()])())
      const [k1, k2] = schemaNames(schema).orderingLock
      const holder = await admin.connect()
      try {
        await holder.query('BEGIN')
        await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [k1, k2])
        const event = newEvent('WhileLocked')
        let settled = false
        const appending = store!
          .append('program-while-locked', [event])()
          .then((result) => {
            settled = true
            return result
          })
        // The batch is committed (another session sees it) but unnumbered, and the append waits to learn its
        // position, while readers see nothing of it.
        const committedRow = async () =>
          (await admin.query(`SELECT position FROM ${quoteSchema(schema)}.events WHERE event_id = $1`, [event.eventId]))
            .rows[0]
        // Bounded by time, not by a count of tries: the append first opens a connection of a fresh pool.
        await waitFor(async () => (await committedRow()) !== undefined, 20_000)
        expect(await committedRow()).toEqual({ position: null })
        expect(rightOf(await store!.headPosition()())).toBe(1n)
        expect((await collect(store!.readStream('program-while-locked'))).flat()).toEqual([])
        await sleep(100)
        expect(settled).toBe(false)
        await holder.query('COMMIT')
        const result = rightOf(await appending)
        expect(result.firstPosition).toBe(2n)
        expect(result.lastPosition).toBe(2n)
        expect(await committedRow()).toEqual({ position: '2' })
      } finally {
        holder.release()
      }
    })
  })

  /** A pool that counts the grouped appends sent through it. */
  const countingPool = () => {
    const pool = adminPool(6)
    const counts = { groups: 0, batches: 0 }
    const query = pool.query.bind(pool)
    pool.query = ((...args: Parameters<typeof query>) => {
      const config = args[0] as { text?: string; values?: ReadonlyArray<unknown> }
      if (typeof config === 'object' && config.text?.includes('.append_group(')) {
        counts.groups += 1
        // p_counts: one number per batch of the group (the text arrays go as literals).
        counts.batches += (config.values?.[4] as ReadonlyArray<unknown>).length
      }
      return query(...args)
    }) as typeof pool.query
    return { pool, counts }
  }

  const withTimeout = <A>(what: string, ms: number, promise: Promise<A>): Promise<A> =>
    Promise.race([
      promise,
      new Promise<A>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)),
    ])

  it('sends appends that arrive while one is in flight together: a few statements and commits for fifty writers', async () => {
    await onFreshSchema('groups', async (schema) => {
      const { pool, counts } = countingPool()
      const store = await openStore(schema, { pool })
      try {
        const batches = Array.from({ length: 50 }, (_, i) => [newEvent('Grouped', { i }), newEvent('Grouped', { i })])
        const results = (
          await Promise.all(
            batches.map((batch, i) => store.append(`program-g${i}`, batch, { expectedRevision: 'no_stream' })()),
          )
        ).map(rightOf)
        // The first leaves alone; the 49 that arrive meanwhile leave together when it is back (in groups of at
        // most 1000 events, so one or two statements).
        expect(counts.batches).toBe(50)
        expect(counts.groups).toBeLessThanOrEqual(5)
        const all = (await collect(store.readAll())).flatMap((b) => b.events)
        expect(all.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i + 1)))
        const positionOf = new Map(all.map((e) => [e.eventId, e.position]))
        results.forEach((result, i) => {
          expect(result.firstPosition).toBe(positionOf.get(batches[i]![0]!.eventId))
          expect(result.lastPosition).toBe(positionOf.get(batches[i]![1]!.eventId))
          expect(result.lastPosition - result.firstPosition).toBe(1n)
        })
      } finally {
        await store.close()()
        await pool.end()
      }
    })
  })

  // Another transaction holds a stream's row while this store appends to it and to 20 free streams: the group must
  // never wait for the row but answer busy, so the other appends are written and the held one waits alone.
  // - by the store that wrote the stream, knowing its head, while the row is locked;
  // - by a store that has not seen the stream and sends it as new (head -1), while the row is locked and updated as
  //   an appender's transaction leaves it (an insert of the row with ON CONFLICT DO NOTHING would wait for that).
  it.each([
    { who: 'the writer that knows its head', stranger: false, updated: false, expectedRevision: 0n },
    { who: 'a writer that does not know its head', stranger: true, updated: true, expectedRevision: undefined },
  ])(
    'never holds a group up for a stream row another transaction holds, appending as $who: that append waits alone',
    async ({ stranger, updated, expectedRevision }) => {
      await onFreshSchema('busy', async (schema, [creator, other]) => {
        const store = stranger ? other! : creator!
        rightOf(await creator!.append('program-held', [newEvent()])())
        const holder = await admin.connect()
        try {
          const streams = `${quoteSchema(schema)}.streams`
          await holder.query('BEGIN')
          await holder.query(`SELECT 1 FROM ${streams} WHERE stream_id = 'program-held' FOR UPDATE`)
          if (updated) await holder.query(`UPDATE ${streams} SET revision = revision WHERE stream_id = 'program-held'`)
          let heldDone = false
          const held = store
            .append('program-held', [newEvent('Later')], expectedRevision === undefined ? {} : { expectedRevision })()
            .then((result) => {
              heldDone = true
              return result
            })
          const others = await withTimeout(
            'appends to free streams',
            10_000,
            Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`program-free-${i}`, [newEvent()])())),
          )
          others.forEach(rightOf)
          await sleep(100)
          expect(heldDone).toBe(false)
          await holder.query('COMMIT')
          expect(rightOf(await held)).toMatchObject({ firstRevision: 1n, firstPosition: 22n })
          expect(rightOf(await store.streamRevision('program-held')())).toBe(1n)
        } finally {
          holder.release()
        }
      })
    },
  )

  it('lets one of two writers create a new stream and tells the other it exists, whichever groups they are in', async () => {
    await onFreshSchema('create-race', async (_, stores) => {
      for (let round = 0; round < 20; round++) {
        const stream = `program-race-${round}`
        const results = await Promise.all(
          stores.map((store, i) =>
            store.append(stream, [newEvent('Created', { i })], { expectedRevision: 'no_stream' })(),
          ),
        )
        const won = results.filter(E.isRight)
        expect(won).toHaveLength(1)
        for (const result of results) if (E.isLeft(result)) expect(result.left._tag).toBe('WrongExpectedRevision')
        const read = (await collect(stores[0]!.readStream(stream))).flat()
        expect(read).toHaveLength(1)
      }
    })
  })

  it('refuses a grouped batch that reuses another stream’s event id, and writes the rest of its group', async () => {
    await onFreshSchema('reuse', async (_, [store]) => {
      const taken = newEvent('Taken')
      rightOf(await store!.append('program-owner', [taken])())
      const results = await Promise.all([
        store!.append('program-first', [newEvent()])(),
        store!.append('program-thief', [taken])(),
        ...Array.from({ length: 5 }, (_, i) => store!.append(`program-y${i}`, [newEvent()])()),
      ])
      expect(leftOf(results[1]!)._tag).toBe('DuplicateEventId')
      for (const [i, result] of results.entries()) if (i !== 1) rightOf(result)
      const all = (await collect(store!.readAll())).flatMap((b) => b.events)
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 7 }, (_, i) => BigInt(i + 1)))
      expect(all.filter((e) => e.eventId === taken.eventId).map((e) => e.streamId)).toEqual(['program-owner'])
      expect(rightOf(await store!.streamRevision('program-thief')())).toBe('no_stream')
    })
  })

  it('numbers a batch whose writer stopped after committing it, on the next read that finds nothing new', async () => {
    await onFreshSchema('stranded', async (schema, [store]) => {
      const client = await admin.connect()
      try {
        await appendByHand(client, schema, 'proposal-stranded', 2)
      } finally {
        client.release()
      }
      const read = (await collect(store!.readAll())).flatMap((b) => b.events)
      expect(read.map((e) => [e.streamId, e.position])).toEqual([
        ['proposal-stranded', 1n],
        ['proposal-stranded', 2n],
      ])
    })
  })

  it('a stream whose writer stopped after committing its tail is read whole, and the next command on it succeeds', async () => {
    await onFreshSchema('stranded-stream', async (schema, [store]) => {
      const client = await admin.connect()
      try {
        await appendByHand(client, schema, 'proposal-stranded-tail', 2)
      } finally {
        client.release()
      }
      const unnumbered = async () =>
        Number(
          (await admin.query(`SELECT count(*) AS n FROM ${quoteSchema(schema)}.events WHERE position IS NULL`)).rows[0]
            .n,
        )
      expect(await unnumbered()).toBe(2)
      // What a command handler does: read the stream, decide, append with the last revision it saw.
      const seen = (await collect(store!.readStream('proposal-stranded-tail'))).flat()
      expect(seen.map((e) => [e.revision, e.position])).toEqual([
        [0n, 1n],
        [1n, 2n],
      ])
      expect(await unnumbered()).toBe(0)
      const next = rightOf(
        await store!.append('proposal-stranded-tail', [newEvent('Next')], { expectedRevision: seen[1]!.revision })(),
      )
      expect(next).toMatchObject({ nextExpectedRevision: 2n, firstPosition: 3n })
    })
  })

  it('an append that conflicts with a stranded tail numbers it, so the retry reads it and succeeds', async () => {
    await onFreshSchema('stranded-conflict', async (schema, [store]) => {
      const client = await admin.connect()
      try {
        await appendByHand(client, schema, 'proposal-stranded-retry', 1)
      } finally {
        client.release()
      }
      // A caller that believes the stream is new (it read before the tail was committed).
      const first = await store!.append('proposal-stranded-retry', [newEvent('Next')], {
        expectedRevision: 'no_stream',
      })()
      expect(E.isLeft(first) && first.left._tag).toBe('WrongExpectedRevision')
      const left = await admin.query(`SELECT count(*) AS n FROM ${quoteSchema(schema)}.events WHERE position IS NULL`)
      expect(Number(left.rows[0].n)).toBe(0)
      const all = (await collect(store!.readAll())).flatMap((b) => b.events)
      expect(all.map((e) => [e.streamId, e.revision, e.position])).toEqual([['proposal-stranded-retry', 0n, 1n]])
      const retried = rightOf(
        await store!.append('proposal-stranded-retry', [newEvent('Next')], { expectedRevision: 0n })(),
      )
      expect(retried).toMatchObject({ firstPosition: 2n })
    })
  })

  it('numbers a stranded batch before judging its re-send, which is then an idempotent success', async () => {
    await onFreshSchema('resend', async (schema, [store]) => {
      const batch = [newEvent('Resent')]
      const client = await admin.connect()
      try {
        await appendByHand(client, schema, 'proposal-resent', batch)
      } finally {
        client.release()
      }
      const resent = rightOf(await store!.append('proposal-resent', batch, { expectedRevision: 'no_stream' })())
      expect(resent).toMatchObject({ deduplicated: true, firstPosition: 1n, lastPosition: 1n })
      const events = (await collect(store!.readAll())).flatMap((b) => b.events)
      expect(events.map((e) => e.eventId)).toEqual([batch[0]!.eventId])
    })
  })

  /**
   * Opens four stores on a fresh schema (each on a pool that counts its grouped appends), runs `scenario` on
   * them, and drops the schema.
   */
  const onFreshSchema = async <A>(
    label: string,
    scenario: (
      schema: string,
      stores: ReadonlyArray<PostgresEventStore>,
      grouped: () => { readonly groups: number; readonly batches: number },
    ) => Promise<A>,
  ): Promise<A> => {
    const schema = freshSchema(label)
    const stores: Array<PostgresEventStore> = []
    const pools: Array<ReturnType<typeof countingPool>> = []
    for (let i = 0; i < 4; i++) {
      pools.push(countingPool())
      stores.push(await openStore(schema, { pool: pools[i]!.pool }))
    }
    const grouped = () => ({
      groups: pools.reduce((n, p) => n + p.counts.groups, 0),
      batches: pools.reduce((n, p) => n + p.counts.batches, 0),
    })
    try {
      return await scenario(schema, stores, grouped)
    } finally {
      for (const store of stores) await store.close()()
      for (const { pool } of pools) await pool.end()
      await dropSchema(admin, schema)
    }
  }

  it('never loses or repeats an event for a catch-up reader, despite rollbacks and held-open transactions', async () => {
    let grouped = { groups: 0, batches: 0 }
    const run = await onFreshSchema('catchup', async (schema, stores, counts) => {
      const result = await catchUp(schema, stores, { numberByHand: false })
      grouped = counts()
      return result
    })
    const { seen, final, committed, filteredSeen } = run
    // The writers' appends went through groups, several batches to a statement.
    expect(grouped.groups).toBeGreaterThan(0)
    expect(grouped.batches).toBeGreaterThan(grouped.groups)
    const positions = seen.map((e) => e.position)
    for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!)
    expect(lost(run)).toEqual([])
    expect(seen.map((e) => e.eventId)).toEqual(final.map((e) => e.eventId))
    expect(new Set(final.map((e) => e.eventId))).toEqual(committed)
    expect(final.some((e) => e.streamId.startsWith('proposal-rolled'))).toBe(false)
    // The held-open transaction committed its batch unnumbered, long after others: it was numbered then.
    expect(final.filter((e) => e.streamId === 'proposal-held-open')).toHaveLength(3)
    expect(filteredSeen.map((e) => e.eventId)).toEqual(
      final.filter((e) => e.streamId.startsWith('equipment-')).map((e) => e.eventId),
    )
    expect(run.readsDuringXminHold).toBeGreaterThan(0)
    expect(run.readsDuringHeldOpen).toBeGreaterThan(0)
    // Only the lock holder numbers, from the highest position up: rolled-back appends leave no holes.
    expect(final.map((e) => e.position)).toEqual(final.map((_, i) => BigInt(i + 1)))
  })

  it('loses events when the ordering guarantee is deliberately broken (the control for the test above)', async () => {
    const run = await onFreshSchema('broken', async (schema, stores) => {
      await breakOrdering(schema)
      return catchUp(schema, stores, { numberByHand: true })
    })
    // Positions drawn at insert time by whoever comes, without the lock held to commit: the held-open
    // transaction's lower positions become visible after the reader has moved past them.
    expect(lost(run).length).toBeGreaterThan(0)
    expect(lost(run).some((e) => e.streamId === 'proposal-held-open')).toBe(true)
  })

  it('loses events when grouped appends are numbered without the ordering lock (the control for the group path)', async () => {
    const run = await onFreshSchema('broken-group', async (schema, stores) => {
      await breakOrdering(schema, ['append_group'], true)
      return catchUp(schema, stores, { numberByHand: false })
    })
    // Only the store's own (grouped) appends are broken here: what the reader misses is theirs.
    expect(lost(run).filter((e) => !e.streamId.startsWith('proposal-')).length).toBeGreaterThan(0)
  })

  /** The committed events a catch-up reader never saw. */
  const lost = (run: { seen: ReadonlyArray<RecordedEvent>; final: ReadonlyArray<RecordedEvent> }) => {
    const seen = new Set(run.seen.map((e) => e.eventId))
    return run.final.filter((e) => !seen.has(e.eventId))
  }

  /**
   * Replaces the schema's append functions by the classic broken design: every append numbers its batch at insert
   * time from a sequence, whether or not it holds the ordering lock (`widen` adds a random pause of up to 20 ms
   * between drawing and writing, as a busy server would). Fails if a function no longer looks as expected, so that
   * the control cannot pass by breaking nothing.
   */
  const breakOrdering = async (
    schema: string,
    functions: ReadonlyArray<'append' | 'append_group'> = ['append', 'append_group'],
    widen = false,
  ) => {
    const q = quoteSchema(schema)
    // One sequence for every broken function; a group takes up to 1000 positions from one draw.
    const sequence = `${q}.broken_positions`
    await admin.query(`CREATE SEQUENCE ${sequence} INCREMENT BY 1000`)
    for (const name of functions) {
      const { rows } = await admin.query(
        `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = $1 AND p.proname = $2`,
        [schema, name],
      )
      const original: string = rows[0].def
      const lock = /pg_try_advisory_xact_lock\(-?\d+, -?\d+\)/
      const draw = /SELECT coalesce\(max\(e\.position\), 0\) \+ 1 INTO v_first FROM [^;]+;/
      expect(original).toMatch(lock)
      expect(original).toMatch(draw)
      const pause = widen ? ' PERFORM pg_sleep(random() * 0.02);' : ''
      await admin.query(original.replace(lock, 'true').replace(draw, `v_first := nextval('${sequence}');${pause}`))
    }
  }

  const catchUp = async (
    schema: string,
    stores: ReadonlyArray<PostgresEventStore>,
    { numberByHand }: { readonly numberByHand: boolean },
  ) => {
    const committed = new Set<string>()
    let writing = true
    let specialsDone = false
    const streams = Array.from({ length: 25 }, (_, i) => `${['program', 'equipment', 'facility'][i % 3]}-s${i}`)

    const writer = async (w: number) => {
      const store = stores[w % stores.length]!
      // At least 40 appends each, and on until the held-open and xmin-holding transactions are over, so that
      // writers are busy around both.
      for (let i = 0; i < 40 || !specialsDone; i++) {
        const size = 1 + ((w + i) % 3)
        const batch = Array.from({ length: size }, () => newEvent('Written', { w, i }))
        const stream = streams[(w * 7 + i * 13) % streams.length]!
        const result = await store.append(stream, batch)()
        if (E.isLeft(result)) throw new Error(`append failed: ${result.left._tag}`)
        for (const event of batch) committed.add(event.eventId)
        if (i % 10 === 0) await sleep(1)
      }
    }

    // Draws positions and rolls back: leaves holes in the sequence that no commit will ever fill.
    const rollbacks = async () => {
      for (let i = 0; i < 30; i++) {
        const client = await admin.connect()
        try {
          await client.query('BEGIN')
          await appendByHand(client, schema, `proposal-rolled-${i}`, 1 + (i % 4), numberByHand)
          await sleep(i % 5)
          await client.query('ROLLBACK')
        } finally {
          client.release()
        }
        await sleep(3)
      }
    }

    // Writes early, then sits on it for seconds before committing.
    let readsDuringHeldOpen = 0
    const heldOpen = async () => {
      await sleep(1_200)
      const client = await admin.connect()
      try {
        await client.query('BEGIN')
        const ids = await appendByHand(client, schema, 'proposal-held-open', 3, numberByHand)
        const before = seen.length
        await sleep(2_500)
        readsDuringHeldOpen = seen.length - before
        await client.query('COMMIT')
        for (const id of ids) committed.add(id)
      } finally {
        client.release()
      }
    }

    // An unrelated long transaction holding back the xmin horizon: must not stall readers here.
    let readsDuringXminHold = 0
    const xminHold = async () => {
      await sleep(20)
      const client = await admin.connect()
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
        await client.query('SELECT count(*) FROM pg_class')
        await client.query('SELECT txid_current()')
        const before = seen.length
        await sleep(1_000)
        readsDuringXminHold = seen.length - before
        await client.query('COMMIT')
      } finally {
        client.release()
      }
    }

    const seen: Array<RecordedEvent> = []
    const reader = async (store: PostgresEventStore) => {
      let checkpoint = 0n
      for (;;) {
        const finished = !writing
        let progressed = false
        for await (const batch of store.readAll({ after: checkpoint, batchSize: 37 })) {
          const value = rightOf(batch)
          expect(value.checkpoint).toBeGreaterThanOrEqual(checkpoint)
          seen.push(...value.events)
          if (value.events.length > 0) progressed = true
          checkpoint = value.checkpoint
        }
        if (finished && !progressed) return
        await sleep(2)
      }
    }

    const filteredSeen: Array<RecordedEvent> = []
    const filteredReader = async (store: PostgresEventStore) => {
      let checkpoint = 0n
      for (;;) {
        const finished = !writing
        for await (const batch of store.readAll({ after: checkpoint, categories: ['equipment'], batchSize: 11 })) {
          const value = rightOf(batch)
          filteredSeen.push(...value.events)
          checkpoint = value.checkpoint
        }
        if (finished) return
        await sleep(3)
      }
    }

    const readers = Promise.all([reader(stores[3]!), filteredReader(stores[2]!)])
    const specials = Promise.all([heldOpen(), xminHold()]).finally(() => {
      specialsDone = true
    })
    const failure = await Promise.all([...Array.from({ length: 12 }, (_, w) => writer(w)), rollbacks(), specials]).then(
      () => undefined,
      (error: unknown) => error,
    )
    writing = false
    await readers
    if (failure !== undefined) throw failure

    const final = (await collect(stores[0]!.readAll({ batchSize: 1000 }))).flatMap((b) => b.events)
    return { seen, final, committed, filteredSeen, readsDuringXminHold, readsDuringHeldOpen }
  }
})
