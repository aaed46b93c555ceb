import * as E from 'fp-ts/Either'
import { afterAll, describe, expect, it } from 'vitest'
import { sqlTamperer, tamperMatrix, requirePostgres } from '@ikm-ledger/testkit'
import { adminPool, collect, dropSchema, freshSchema, newEvent, openStore } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore tamper matrix')

describe.runIf(reachable)('PostgresEventStore', () => {
  const admin = adminPool()
  afterAll(async () => {
    await admin.end()
  })

  it('takes a committed batch not yet numbered for pending, not for a deletion, on a stream read and in its heads', async () => {
    const schema = freshSchema('pending')
    const store = await openStore(schema)
    try {
      const appended = await store.append('program-pending', [newEvent(), newEvent(), newEvent()])()
      if (E.isLeft(appended)) throw new Error(JSON.stringify(appended.left))
      // What a grouped writer leaves between its commit and its numbering: the stream's last event unnumbered.
      await admin.query(`UPDATE "${schema}".events SET position = NULL WHERE stream_id = $1 AND revision = 2`, [
        'program-pending',
      ])
      const heads = (await collect(store.streamHeads!())).flat()
      const before = (await collect(store.readStream('program-pending', { untilRevision: 1n }))).flat()
      expect(heads).toEqual([{ streamId: 'program-pending', revision: 1n, lastHash: before[1]!.hash }])
      // A reader with write rights numbers such a tail before it reads the stream whole (its writer may have
      // stopped after committing it): the event comes back, at the end of the log.
      const read = (await collect(store.readStream('program-pending'))).flat()
      expect(read.map((e) => [e.revision, e.position])).toEqual([
        [0n, 1n],
        [1n, 2n],
        [2n, 3n],
      ])
    } finally {
      await store.close()()
      await dropSchema(admin, schema)
    }
  })

  tamperMatrix('PostgresEventStore', {
    open: async () => {
      const schema = freshSchema('tamper')
      const store = await openStore(schema, { maxConnections: 8 })
      // The database's administrator, on a connection of their own: `?` placeholders become `$n`.
      const tamperer = sqlTamperer(
        {
          query: async (sql, params) => {
            let n = 0
            const text = sql.replace(/\?/g, () => `$${++n}`)
            const result = await admin.query(
              text,
              params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
            )
            return result.rows
          },
        },
        { events: `"${schema}".events`, streams: `"${schema}".streams` },
        {
          liftChecks: async () => {
            await admin.query(`ALTER TABLE "${schema}".events DROP CONSTRAINT events_position_check`)
          },
        },
      )
      return {
        store,
        tamperer,
        teardown: async () => {
          await store.close()()
          await dropSchema(admin, schema)
        },
      }
    },
  })
})
