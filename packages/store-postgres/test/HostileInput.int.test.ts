import { storeErrorMessage } from '@ikm-ledger/core'
import { hostileClocks, hostileOptions, POSTGRES_TEST_URL, requirePostgres } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresEventStore, type PostgresEventStore } from '../src'
import {
  adminPool,
  collect,
  collectEither,
  dropSchema,
  freshSchema,
  newEvent,
  openStore,
  rightOf,
} from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore hostile input tests')

const HOSTILE_IDS = [
  "program-';DROP/**/TABLE/**/events;--",
  "program-'),('x',1);--",
  'program-"quoted"\\backslash',
  'program-%_%_',
  'program-$1$$body$$',
  'program-\\x00\\u0000',
  'equipment-)))((;;',
  `program-${'z'.repeat(192)}`,
]

const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  '"); DELETE FROM streams; --',
  // NUL and lone surrogates are refused on append (the contract suite shows it); every other character is kept.
  '\u0001 start of heading, \u007f delete, \u2028 line separator',
  'emoji 🧵 and ñ and 中文',
  '$$ dollar $body$ quotes $$',
  '\\N \\. \t tab \r\n newline',
  '{"json": "in a string"}',
  '%_% like wildcards _%',
  '\u001f unit \u001e record \u001d group separators \u0001',
]

describe.runIf(reachable)('PostgresEventStore with hostile input', () => {
  const admin = adminPool()
  const schema = freshSchema('hostile')
  let store: PostgresEventStore

  beforeAll(async () => {
    store = await openStore(schema)
  })

  afterAll(async () => {
    await store.close()()
    await dropSchema(admin, schema)
    await admin.end()
  })

  it('answers options it cannot read, and a clock that is no clock, with a Left naming the problem', async () => {
    for (const hostile of hostileOptions({ connectionString: POSTGRES_TEST_URL, schema })) {
      const opened = await openPostgresEventStore(hostile.options as never)()
      expect(E.isLeft(opened) && storeErrorMessage(opened.left), hostile.what).toContain(hostile.says)
    }
    for (const hostile of hostileClocks()) {
      const clocked = await openStore(schema, { clock: hostile.options as never })
      try {
        const appended = await clocked.append('program-hostile-clock', [newEvent()])()
        expect(E.isLeft(appended) && storeErrorMessage(appended.left), hostile.what).toContain(hostile.says)
      } finally {
        await clocked.close()()
      }
    }
    expect(await store.streamRevision('program-hostile-clock')()).toEqual(E.right('no_stream'))
  })

  it('stores stream ids built to break SQL and reads them back verbatim', async () => {
    for (const id of HOSTILE_IDS) {
      const result = rightOf(await store.append(id, [newEvent('Hostile', { id })], { expectedRevision: 'no_stream' })())
      expect(result.streamId).toBe(id)
      const events = (await collect(store.readStream(id))).flat()
      expect(events.map((e) => e.streamId)).toEqual([id])
      expect(events[0]!.data).toEqual({ id })
      expect(rightOf(await store.streamRevision(id)())).toBe(0n)
    }
    const all = (await collect(store.readAll({ categories: ['program'] }))).flatMap((b) => b.events)
    expect(all.map((e) => e.streamId)).toEqual(HOSTILE_IDS.filter((id) => id.startsWith('program-')))
  })

  it('stores payload and metadata strings built to break SQL and JSON and reads them back verbatim', async () => {
    const data = {
      strings: HOSTILE_STRINGS,
      [HOSTILE_STRINGS[0]!]: HOSTILE_STRINGS[1]!,
      nested: { deep: [{ '\u0001': 1.5e300, '': -0 }, 9007199254740991, 0.1] },
    }
    const event = newEvent('Hostile', data)
    const withMetadata = {
      ...event,
      metadata: {
        ...event.metadata,
        correlationId: HOSTILE_STRINGS.join('|'),
        actor: { id: "o'brien", role: '"admin"' },
      },
    }
    rightOf(await store.append('facility-payload', [withMetadata])())
    const [read] = (await collect(store.readStream('facility-payload'))).flat()
    expect(read!.data).toEqual(JSON.parse(JSON.stringify(data)))
    expect(read!.metadata.correlationId).toBe(HOSTILE_STRINGS.join('|'))
    expect(read!.metadata.actor).toEqual({ id: "o'brien", role: '"admin"' })
  })

  it('keeps each event of a batch apart whatever its strings hold, separators and control characters included', async () => {
    // An append sends a batch's columns joined by U+001F; canonical JSON escapes it, so no event can bleed into
    // the next one, and a multi-event batch comes back event by event, verified.
    // Both ways an append is sent: in a group (append_group()) and alone (append()).
    const alone = await openStore(schema, { groupEvents: 0 })
    try {
      for (const [via, streamId] of [
        [store, 'facility-batch-grouped'],
        [alone, 'facility-batch-alone'],
      ] as const) {
        const batch = HOSTILE_STRINGS.map((text, i) => {
          const event = newEvent('Hostile', { text, i })
          return { ...event, metadata: { ...event.metadata, correlationId: text } }
        })
        rightOf(await via.append(streamId, batch, { expectedRevision: 'no_stream' })())
        const read = (await collect(store.readStream(streamId, { verifyHashes: true }))).flat()
        expect(read.map((e) => e.data)).toEqual(HOSTILE_STRINGS.map((text, i) => ({ text, i })))
        expect(read.map((e) => e.metadata.correlationId)).toEqual(HOSTILE_STRINGS)
        expect(read.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId))
      }
    } finally {
      await alone.close()()
    }
  })

  it('never copies an edited head instant into new events, and keeps the appends grouped with it apart', async () => {
    // The recorded_at of a stream's last event is what a later batch is never stamped before. Edited to hold a
    // separator (or anything that is not an instant), it must neither reach the new events nor fail the appends
    // of other streams that share the group's statement.
    const id = 'program-edited-head'
    rightOf(await store.append(id, [newEvent()])())
    await admin.query(
      `UPDATE "${schema}".events SET recorded_at = E'\\x1F2999-01-01' WHERE stream_id = $1 AND revision = 0`,
      [id],
    )
    // A store that has not seen the stream reads its head (and that instant) from the table.
    const fresh = await openStore(schema)
    try {
      const results = await Promise.all([
        fresh.append(id, [newEvent('After')], { expectedRevision: 0n })(),
        ...Array.from({ length: 5 }, (_, i) => fresh.append(`program-beside-${i}`, [newEvent()])()),
      ])
      results.forEach(rightOf)
      const [after] = (await collect(store.readStream(id, { fromRevision: 1n }))).flat()
      expect(after!.metadata.recordedAt).toMatch(/^20\d\d-/)
    } finally {
      await fresh.close()()
      // Mended, so that the reads of the tests after this one meet only their own damage.
      await admin.query(
        `UPDATE "${schema}".events SET recorded_at = metadata::json->>'recordedAt' WHERE stream_id = $1 AND revision = 0`,
        [id],
      )
    }
  })

  it('reports a row corrupted in the table with its stream and revision, without crashing the reader', async () => {
    const id = 'program-corrupted'
    rightOf(await store.append(id, [newEvent(), newEvent(), newEvent()])())
    await admin.query(
      `UPDATE "${schema}".events SET data = '{"tampered":true}' WHERE stream_id = $1 AND revision = 1`,
      [id],
    )
    const tampered = await collectEither(store.readStream(id))
    expect(tampered).toHaveLength(2)
    expect(E.isRight(tampered[0]!) && tampered[0].right.map((e) => e.revision)).toEqual([0n])
    expect(E.isLeft(tampered[1]!) && tampered[1].left).toMatchObject({
      _tag: 'HashChainBroken',
      streamId: id,
      revision: 1n,
    })

    await admin.query(`UPDATE "${schema}".events SET data = '{not json' WHERE stream_id = $1 AND revision = 2`, [id])
    const garbage = await collectEither(store.readStream(id, { fromRevision: 2n }))
    expect(garbage).toHaveLength(1)
    expect(E.isLeft(garbage[0]!) && garbage[0].left).toMatchObject({ _tag: 'CorruptEvent', streamId: id, revision: 2n })

    const unverified = await collectEither(store.readStream(id, { verifyHashes: false, untilRevision: 1n }))
    expect(unverified.every(E.isRight)).toBe(true)

    // The store keeps working after reporting the damage.
    rightOf(await store.append('program-after-corruption', [newEvent()])())
    const all = await collectEither(store.readAll())
    const last = all.at(-1)!
    expect(E.isLeft(last) && last.left).toMatchObject({ streamId: id, revision: 1n })
  })
})
