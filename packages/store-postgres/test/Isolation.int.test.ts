import { requirePostgres } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { storeErrorMessage } from '@ikm-ledger/core'
import { openPostgresEventStore } from '../src'
import { adminPool, collect, dropSchema, freshSchema, newEvent, PG_URL, rightOf } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore isolation tests')

// The ordering design numbers a batch committed unnumbered in a later statement, which must see it: READ COMMITTED.
describe.runIf(reachable)('PostgresEventStore and the transaction isolation level', () => {
  const admin = adminPool(2)
  const schemas: Array<string> = []
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema)
    await admin.end()
  })

  it('refuses a pool whose connections default to REPEATABLE READ, saying what to set, before any append', async () => {
    const pool = new pg.Pool({
      connectionString: PG_URL,
      max: 2,
      options: '-c default_transaction_isolation=repeatable\\ read',
    })
    const schema = freshSchema('isolation_rr')
    schemas.push(schema)
    try {
      const opened = await openPostgresEventStore({ pool, schema })()
      expect(E.isLeft(opened)).toBe(true)
      if (E.isLeft(opened)) {
        const message = storeErrorMessage(opened.left)
        expect(message).toContain("'repeatable read'")
        expect(message).toContain("default_transaction_isolation = 'read committed'")
      }
    } finally {
      await pool.end()
    }
  })

  it("uses READ COMMITTED on the store's own connections even when the connection string asks for another level", async () => {
    const url = new URL(PG_URL)
    url.searchParams.set('options', '-c default_transaction_isolation=serializable')
    const schema = freshSchema('isolation_own')
    schemas.push(schema)
    const store = rightOf(await openPostgresEventStore({ connectionString: url.toString(), schema })())
    try {
      // Concurrent writers, so that some commit unnumbered and are numbered by another statement afterwards.
      const writers = Array.from({ length: 8 }, async (_, w) => {
        const outcomes: Array<boolean> = []
        for (let i = 0; i < 20; i++) {
          outcomes.push(E.isRight(await store.append(`proposal-iso-${w}-${i}`, [newEvent('Iso')])()))
        }
        return outcomes
      })
      const outcomes = (await Promise.all(writers)).flat()
      expect(outcomes.filter((ok) => !ok)).toEqual([])
      const events = (await collect(store.readAll())).flatMap((b) => b.events)
      expect(events.map((e) => e.position)).toEqual(Array.from({ length: 160 }, (_, i) => BigInt(i + 1)))
    } finally {
      await store.close()()
    }
  })
})
