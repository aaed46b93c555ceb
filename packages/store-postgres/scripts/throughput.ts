/**
 * Measures append and read throughput of the PostgreSQL store against a raw `pg` INSERT baseline.
 *
 *   pnpm exec tsx --conditions @ikm-ledger/source packages/store-postgres/scripts/throughput.ts [postgres-url]
 *
 * Creates a throw-away schema `store_pg_bench_<random>` and drops it at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import * as E from 'fp-ts/Either'
import pg from 'pg'
import type { NewEvent } from '@ikm-ledger/core'
import { openPostgresEventStore, type PostgresEventStore } from '../src'

const url = process.argv[2] ?? process.env['IKM_LEDGER_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `store_pg_bench_${randomBytes(4).toString('hex')}`

const event = (n: number): NewEvent =>
  ({
    eventId: randomUUID(),
    type: 'TrainingBatchOpened',
    schemaVersion: 1,
    data: { batch: n, participants: 30, budget: '125000000', venue: 'Balai Diklat Industri' },
    metadata: {
      occurredOn: '2026-01-15',
      actor: { id: 'officer-1', role: 'satker' },
      correlationId: randomUUID(),
      evidence: { level: 'DOCUMENTED', refs: [{ kind: 'SK', number: '123/2026' }] },
      mode: 'OPERATIONAL',
    },
  }) as unknown as NewEvent

const time = async (label: string, operations: number, unit: string, run: () => Promise<void>) => {
  const start = process.hrtime.bigint()
  await run()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const rate = Math.round((operations / ms) * 1000)
  console.log(`${label.padEnd(58)} ${String(rate).padStart(7)} ${unit}/s  (${operations} in ${ms.toFixed(0)} ms)`)
  return rate
}

const must = async <A>(task: () => Promise<E.Either<unknown, A>>): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left, (_, v) => (typeof v === 'bigint' ? `${v}` : v)))
  return result.right
}

const parallel = async (writers: number, perWriter: number, work: (w: number, i: number) => Promise<void>) => {
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await work(w, i)
    }),
  )
}

const main = async () => {
  const raw = new pg.Pool({ connectionString: url, max: 52 })
  const store: PostgresEventStore = await must(
    openPostgresEventStore({ connectionString: url, schema, maxConnections: 52 }),
  )
  try {
    await raw.query(`CREATE TABLE "${schema}".raw_baseline (id bigserial PRIMARY KEY, data text NOT NULL)`)
    const payload = JSON.stringify(event(0))
    console.log(`PostgreSQL store throughput, schema ${schema}`)

    await time('raw pg INSERT autocommit, 1 connection', 2000, 'inserts', async () => {
      for (let i = 0; i < 2000; i++)
        await raw.query(`INSERT INTO "${schema}".raw_baseline (data) VALUES ($1)`, [payload])
    })
    await time('raw pg INSERT autocommit, 50 connections', 5000, 'inserts', () =>
      parallel(50, 100, async () => {
        await raw.query(`INSERT INTO "${schema}".raw_baseline (data) VALUES ($1)`, [payload])
      }),
    )

    await time('append 1 event, new stream each (no_stream), 1 writer', 2000, 'appends', async () => {
      for (let i = 0; i < 2000; i++)
        await must(store.append(`program-solo${i}`, [event(i)], { expectedRevision: 'no_stream' }))
    })
    await time('append 1 event, same stream, expected revision, 1 writer', 2000, 'appends', async () => {
      let revision: bigint | 'no_stream' = 'no_stream'
      for (let i = 0; i < 2000; i++) {
        revision = (await must(store.append('program-one', [event(i)], { expectedRevision: revision })))
          .nextExpectedRevision
      }
    })
    await time('append 1 event, 50 writers, own streams', 5000, 'appends', () =>
      parallel(50, 100, async (w, i) => {
        await must(store.append(`equipment-w${w}-${i % 10}`, [event(i)]))
      }),
    )
    await time('append 100-event batches, 1 writer', 20_000, 'events', async () => {
      for (let i = 0; i < 200; i++) {
        await must(
          store.append(
            `facility-batch${i}`,
            Array.from({ length: 100 }, (_, n) => event(n)),
          ),
        )
      }
    })
    await time('append 100-event batches, 50 writers', 50_000, 'events', () =>
      parallel(50, 10, async (w, i) => {
        await must(
          store.append(
            `facility-w${w}-${i}`,
            Array.from({ length: 100 }, (_, n) => event(n)),
          ),
        )
      }),
    )

    const head = await must(store.headPosition())
    let read = 0
    await time('readAll from the start, batch 1000, hashes verified', Number(head), 'positions', async () => {
      for await (const batch of store.readAll({ batchSize: 1000 })) {
        if (E.isLeft(batch)) throw new Error(batch.left._tag)
        read += batch.right.events.length
      }
    })
    console.log(`(readAll delivered ${read} events; positions include holes from no gaps-free sequence)`)
    await time('readStream of a 2000-event stream, hashes verified', 2000, 'events', async () => {
      for await (const batch of store.readStream('program-one')) if (E.isLeft(batch)) throw new Error(batch.left._tag)
    })
  } finally {
    await must(store.close())
    await raw.query(`DROP SCHEMA "${schema}" CASCADE`)
    await raw.end()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
