import * as E from 'fp-ts/Either'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  instantOf,
  nodeSha256,
  sealAppend,
  validateAppend,
  GENESIS_HASH,
  type RecordedEvent,
  type StoreError,
} from '@ikm-ledger/core'
import type { PostgresEventStore } from '../src'
import {
  adminPool,
  collect,
  dropSchema,
  freshSchema,
  newEvent,
  openStore,
  postgresReachable,
  rightOf,
} from './support/Postgres'

const reachable = await postgresReachable('PostgresEventStore concurrency torture tests')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const quoted = (schema: string) => `"${schema.replace(/"/g, '""')}"`

/** Calls the store's append function by hand on `client`, inside whatever transaction the client is in. */
const appendByHand = async (client: pg.PoolClient, schema: string, streamId: string, count: number) => {
  const valid = validateAppend(
    streamId,
    Array.from({ length: count }, () => newEvent('ByHand')),
    'no_stream',
  )
  if (E.isLeft(valid)) throw new Error('invalid batch')
  const sealed = sealAppend(
    valid.right,
    { revision: 'no_stream', lastHash: GENESIS_HASH },
    instantOf(new Date()),
    nodeSha256,
  )
  if (E.isLeft(sealed)) throw new Error('cannot seal')
  const events = sealed.right
  const { rows } = await client.query(
    `SELECT status, first_position::text AS first FROM ${quoted(schema)}.append($1, $2, -1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      streamId,
      events[0]!.category,
      GENESIS_HASH,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => e.dataJson),
      events.map((e) => e.metadataJson),
      events.map((e) => e.metadata.occurredOn),
      events.map((e) => e.metadata.recordedAt),
      events.map((e) => e.hash),
      events.map((e) => e.prevHash),
    ],
  )
  expect(rows[0].status).toBe('ok')
  return events.map((e) => e.eventId)
}

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

  it('never loses or repeats an event for a catch-up reader, despite rollbacks and held-open transactions', async () => {
    const schema = freshSchema('catchup')
    const stores: Array<PostgresEventStore> = []
    for (let i = 0; i < 4; i++) stores.push(await openStore(schema, { maxConnections: 6 }))
    try {
      await catchUp(schema, stores)
    } finally {
      for (const store of stores) await store.close()()
      await dropSchema(admin, schema)
    }
  })

  const catchUp = async (schema: string, stores: ReadonlyArray<PostgresEventStore>) => {
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
          await appendByHand(client, schema, `proposal-rolled-${i}`, 1 + (i % 4))
          await sleep(i % 5)
          await client.query('ROLLBACK')
        } finally {
          client.release()
        }
        await sleep(3)
      }
    }

    // Draws a position early, then sits on it for seconds before committing.
    const heldOpen = async () => {
      await sleep(1_200)
      const client = await admin.connect()
      try {
        await client.query('BEGIN')
        const ids = await appendByHand(client, schema, 'proposal-held-open', 3)
        await sleep(2_500)
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
    const positions = seen.map((e) => e.position)
    for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!)
    expect(seen.map((e) => e.eventId)).toEqual(final.map((e) => e.eventId))
    expect(new Set(final.map((e) => e.eventId))).toEqual(committed)
    expect(final.some((e) => e.streamId.startsWith('proposal-rolled'))).toBe(false)
    expect(final.filter((e) => e.streamId === 'proposal-held-open')).toHaveLength(3)
    expect(filteredSeen.map((e) => e.eventId)).toEqual(
      final.filter((e) => e.streamId.startsWith('equipment-')).map((e) => e.eventId),
    )
    expect(readsDuringXminHold).toBeGreaterThan(0)
    // Rolled-back appends left holes: positions are not dense, and that is fine.
    expect(final.at(-1)!.position).toBeGreaterThan(BigInt(final.length))
  }
})
