/**
 * The event-store contract and the catch-up subscription against a real KurrentDB / EventStoreDB server. Runs
 * only when `KURRENTDB_CONNECTION_STRING` is set, e.g.
 *
 *   KURRENTDB_CONNECTION_STRING='kurrentdb://admin:changeit@localhost:2113?tls=false' \
 *     pnpm exec vitest run --project integration packages/store-kurrentdb
 *
 * Every test gets a namespace of its own under a per-run prefix, so runs never see each other's events and the
 * database needs no cleaning. When the variable is set, an unreachable server fails the run: it is never skipped.
 */
import { randomBytes } from 'node:crypto'
import { eventStoreContract } from '@ikm-ledger/testkit'
import { KurrentDBClient } from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import type { GlobalPosition, RecordedEvent } from '@ikm-ledger/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KurrentDbClient } from '../src'
import { kurrentDbHarness } from './support/ContractHarness'
import { err, ok, probe, readAllEvents, storeOf } from './support/Events'

const connectionString = process.env['KURRENTDB_CONNECTION_STRING']
const configured = connectionString !== undefined && connectionString !== ''
const run = `ikmtest.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`

if (!configured) {
  console.warn(
    'NOT RUN: the KurrentDB contract suite needs a server. Set KURRENTDB_CONNECTION_STRING ' +
      "(e.g. 'kurrentdb://admin:changeit@localhost:2113?tls=false') to run it.",
  )
}

if (!configured) {
  describe('KurrentDbEventStore against a real KurrentDB server', () => {
    it('was NOT run: KURRENTDB_CONNECTION_STRING is not set, so nothing here was checked against a server', (context) => {
      context.skip('KURRENTDB_CONNECTION_STRING is not set; the KurrentDB contract suite did not run')
    })
  })
}

describe.runIf(configured)('KurrentDbEventStore on a server', () => {
  let client: KurrentDBClient | undefined
  let tests = 0
  const theClient = (): KurrentDbClient => {
    if (client === undefined) throw new Error('the KurrentDB client was not created')
    return client
  }

  beforeAll(async () => {
    client = KurrentDBClient.connectionString(connectionString!)
    try {
      for await (const _ of client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })) break
    } catch (cause) {
      throw new Error(`KURRENTDB_CONNECTION_STRING is set but the server cannot be read: ${String(cause)}`)
    }
  })

  afterAll(async () => {
    await client?.dispose()
  })

  eventStoreContract('KurrentDbEventStore (KurrentDB server)', async (setup) => {
    tests += 1
    return kurrentDbHarness(theClient(), `${run}.c${tests}.`, setup)
  })

  describe('server behaviour the fake only imitates', () => {
    const namespace = () => {
      tests += 1
      return `${run}.s${tests}.`
    }

    it('stream reads carry positions (a server of 22.10 or later)', async () => {
      const store = storeOf({ client: theClient(), namespace: namespace() })
      const appended = await ok<{ lastPosition: GlobalPosition }>(store.append('program-1', [probe()]))
      const read = await readAllEvents(store.readStream('program-1'))
      expect(E.isRight(read) && read.right.map((e) => e.position)).toEqual([appended.lastPosition])
    })

    it('rejects a stale revision from another process with WrongExpectedRevision', async () => {
      const ns = namespace()
      const mine = storeOf({ client: theClient(), namespace: ns })
      const theirs = storeOf({ client: theClient(), namespace: ns })
      await ok(mine.append('program-1', [probe()]))
      await ok(theirs.append('program-1', [probe()]))
      expect(await err(mine.append('program-1', [probe()], { expectedRevision: 0n }))).toMatchObject({
        _tag: 'WrongExpectedRevision',
        actual: 1n,
      })
      await ok(mine.append('program-1', [probe()]))
    })

    it('reads and appends to a tombstoned stream fail with StreamDeleted', async () => {
      const ns = namespace()
      const store = storeOf({ client: theClient(), namespace: ns, uniqueEventIds: 'stream' })
      await ok(store.append('program-1', [probe()]))
      await client!.tombstoneStream(`${ns}program-1`)
      expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({ left: { _tag: 'StreamDeleted' } })
      const fresh = storeOf({ client: theClient(), namespace: ns, uniqueEventIds: 'stream' })
      expect(await err(fresh.append('program-1', [probe()]))).toMatchObject({ _tag: 'StreamDeleted' })
    })

    it('a catch-up subscription replays, goes live and reports filtered checkpoints', async () => {
      const store = storeOf({ client: theClient(), namespace: namespace() })
      for (let i = 0; i < 5; i++) await ok(store.append(`equipment-${i}`, [probe({ i })]))
      await ok(store.append('program-1', [probe()]))
      const seen: Array<RecordedEvent> = []
      const checkpoints: Array<GlobalPosition> = []
      const subscription = store.subscribe(
        { after: 0n, categories: ['program'], onCheckpoint: (p) => void checkpoints.push(p) },
        (event) => void seen.push(event),
      )
      await ok(store.append('program-1', [probe()]))
      for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      await subscription.stop()
      expect(seen.map((e) => [e.streamId, e.revision])).toEqual([
        ['program-1', 0n],
        ['program-1', 1n],
      ])
      for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i]! > checkpoints[i - 1]!).toBe(true)
    })
  })
})
