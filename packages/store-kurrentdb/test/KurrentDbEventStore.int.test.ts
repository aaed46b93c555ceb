/**
 * The event-store contract and the catch-up subscription against a real KurrentDB / EventStoreDB server. Runs
 * only when `KURRENTDB_CONNECTION_STRING` is set, e.g.
 *
 *   KURRENTDB_CONNECTION_STRING='kurrentdb://admin:changeit@localhost:2113?tls=false' \
 *     pnpm exec vitest run --project integration packages/store-kurrentdb
 *
 * Every test gets a namespace of its own under a per-run prefix, so runs never see each other's events and the
 * database needs no cleaning. testkit's `requireServer` decides (opt-in): unset, the suite is skipped saying so, under
 * `CI=true` too (no CI machine has a KurrentDB server); set, an unreachable server fails the run: it is never skipped.
 *
 * Two tests need more than a connection, and say NOT RUN without it: the node-restart test runs
 * `KURRENTDB_RESTART_COMMAND` (e.g. `docker restart kurrentdb`) in the middle of appends; the non-admin test uses
 * `KURRENTDB_NONADMIN_CONNECTION_STRING`, or creates a user through the HTTP API of a `tls=false` node (it also
 * sets and restores the `$all` ACL, so it needs the admin connection). `KURRENTDB_MAX_APPEND_SIZE` is the server's
 * `MaxAppendSize` (default 1 MiB, the default up to 25.0; 268435456 from 25.1).
 */
import { exec } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { eventStoreContract, requireServer } from '@ikm-ledger/testkit'
import {
  KurrentDBClient,
  StreamNotFoundError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type AppendToStreamOptions,
  type EventData,
  type GetStreamMetadataOptions,
  type GetStreamMetadataResult,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import {
  steppingClock,
  type AppendResult,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '@ikm-ledger/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { globalPositionOf, type KurrentDbClient, type KurrentDbLiveSubscription } from '../src'
import { kurrentDbHarness } from './support/ContractHarness'
import { err, ok, probe, readAllEvents, storeOf, until } from './support/Events'

/** Counts the client calls (each one round trip) and can make the appends to one stream fail. */
class CountingClient implements KurrentDbClient {
  calls = 0
  failAppendsTo: string | undefined

  constructor(readonly inner: KurrentDbClient) {}

  appendToStream(
    streamName: string,
    events: Array<EventData>,
    options?: AppendToStreamOptions,
  ): Promise<ClientAppendResult> {
    this.calls += 1
    if (streamName === this.failAppendsTo) return Promise.reject(new Error(`append to ${streamName} made to fail`))
    return this.inner.appendToStream(streamName, events, options)
  }

  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEvent> {
    this.calls += 1
    return this.inner.readStream(streamName, options)
  }

  readAll(options?: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    this.calls += 1
    return this.inner.readAll(options)
  }

  subscribeToAll(options?: SubscribeToAllOptions): KurrentDbLiveSubscription {
    this.calls += 1
    return this.inner.subscribeToAll(options)
  }

  getStreamMetadata(streamName: string, options?: GetStreamMetadataOptions): Promise<GetStreamMetadataResult> {
    this.calls += 1
    return this.inner.getStreamMetadata(streamName, options)
  }

  dispose(): Promise<void> {
    return this.inner.dispose()
  }
}

/** Appends one batch, retrying it unchanged while the store says the outcome is unknown or the server away. */
const appendRetrying = async (
  store: ReturnType<typeof storeOf>,
  streamId: string,
  batch: ReadonlyArray<NewEvent>,
  failures: Array<string>,
): Promise<AppendResult> => {
  for (;;) {
    const result = await store.append(streamId, batch)()
    if (E.isRight(result)) return result.right
    failures.push(result.left._tag)
    if (result.left._tag !== 'StoreUnavailable') throw new Error(`append failed: ${JSON.stringify(result.left)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The user and password of a connection string's authority, replaced. */
const withUser = (connection: string, user: string, password: string): string =>
  connection.replace(/^(kurrentdb(?:\+discover)?|esdb(?:\+discover)?):\/\/(?:[^@/]*@)?/, `$1://${user}:${password}@`)

/** Creates a user through the server's HTTP API (which the Node client does not cover), on an insecure node. */
const createUser = async (connection: string, login: string, password: string): Promise<boolean> => {
  const match = /^[a-z+]+:\/\/(?:([^:@/]+):([^@/]*)@)?([^,/?]+)/.exec(connection)
  if (match === null || !/tls=false/i.test(connection)) return false
  const [, admin = 'admin', adminPassword = 'changeit', host] = match
  const response = await fetch(`http://${host}/users/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${admin}:${adminPassword}`).toString('base64')}`,
    },
    body: JSON.stringify({ loginName: login, fullName: login, groups: [], password }),
  })
  return response.ok
}

const connectionString = process.env['KURRENTDB_CONNECTION_STRING']
/** A shell command that restarts one node (e.g. `docker restart kurrentdb`), for the restart test. */
const restartCommand = process.env['KURRENTDB_RESTART_COMMAND']
/** A connection string of a non-admin user; without it the test creates one (on a `tls=false` node). */
const nonAdminConnection = process.env['KURRENTDB_NONADMIN_CONNECTION_STRING']
/** The server's `MaxAppendSize` (1 MiB up to 25.0, 256 MiB from 25.1). */
const maxAppendSize = Number(process.env['KURRENTDB_MAX_APPEND_SIZE'] ?? 1024 * 1024)
const run = `ikmtest.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`

// Opt-in: no CI machine has a KurrentDB server, so an unset variable skips the suite saying so (under CI=true too);
// a set one makes the server mandatory.
const configured = await requireServer({
  suite:
    'the KurrentDB contract suite and the real-server tests (stale-instance retry, claims, soft delete, positions ' +
    'and checkpoints under load, node restart, size limit, non-admin user, round trips)',
  url: connectionString,
  optIn: 'KURRENTDB_CONNECTION_STRING',
  hint: "set KURRENTDB_CONNECTION_STRING (e.g. 'kurrentdb://admin:changeit@localhost:2113?tls=false')",
})

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
  const realClient = (): KurrentDBClient => {
    if (client === undefined) throw new Error('the KurrentDB client was not created')
    return client
  }
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

  describe('what a real server must do for the store to be correct (issue #18)', () => {
    const namespace = () => {
      tests += 1
      return `${run}.r${tests}.`
    }

    it('a retry through an instance with a stale head returns the original result and keeps the chain whole', async () => {
      const ns = namespace()
      const a = storeOf({ client: theClient(), namespace: ns, clock: steppingClock('2024-05-01T08:00:00Z') })
      const b = storeOf({ client: theClient(), namespace: ns, clock: steppingClock('2024-05-02T08:00:00Z') })
      await ok(b.append('program-1', [probe()]))
      const batch = [probe({ n: 1 }), probe({ n: 2 })]
      const original = await ok<AppendResult>(a.append('program-1', batch, { expectedRevision: 0n }))
      expect(await ok(b.append('program-1', batch, { expectedRevision: 0n }))).toEqual({
        ...original,
        deduplicated: true,
      })
      await ok(b.append('program-1', [probe({ n: 3 })]))
      const read = await readAllEvents(b.readStream('program-1'))
      expect(E.isRight(read) && read.right.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n])
    })

    it('an event id claimed by an append that failed is never taken over by another stream', async () => {
      const ns = namespace()
      const counting = new CountingClient(theClient())
      const store = storeOf({ client: counting, namespace: ns })
      const event = probe()
      counting.failAppendsTo = `${ns}program-1`
      expect(await err(store.append('program-1', [event]))).toMatchObject({ _tag: 'StorageFailure' })
      counting.failAppendsTo = undefined
      expect(await err(store.append('program-2', [event]))).toMatchObject({
        _tag: 'InvalidAppend',
        reason: expect.stringMatching(/claimed by stream 'program-1'/),
      })
      await ok(store.append('program-1', [event]))
      const other = storeOf({ client: theClient(), namespace: ns })
      expect(await err(other.append('program-3', [event]))).toMatchObject({
        _tag: 'DuplicateEventId',
        existingStreamId: 'program-1',
        existingRevision: 0n,
      })
    })

    it('refuses to append to a soft-deleted stream, and writes nothing there', async () => {
      const ns = namespace()
      const store = storeOf({ client: theClient(), namespace: ns })
      await ok(store.append('program-1', [probe(), probe()]))
      await realClient().deleteStream(`${ns}program-1`)
      const fresh = storeOf({ client: theClient(), namespace: ns })
      expect(await err(fresh.append('program-1', [probe()]))).toMatchObject({ _tag: 'StreamDeleted' })
      // A write would have undeleted the stream and shown its new event.
      await expect(async () => {
        for await (const _ of theClient().readStream(`${ns}program-1`, { requiresLeader: true })) void _
      }).rejects.toBeInstanceOf(StreamNotFoundError)
    })

    it('multi-event appends report the positions $all gives them, and every checkpoint shape resumes exactly, under load', async () => {
      const ns = namespace()
      const writers = Array.from({ length: 4 }, () => storeOf({ client: theClient(), namespace: ns }))
      const results: Array<AppendResult> = []
      await Promise.all(
        writers.map(async (store, w) => {
          for (let i = 0; i < 25; i++) {
            const stream = i % 5 === 0 ? `program-${w}-${i}` : `equipment-${w}-${i % 3}`
            results.push(
              await ok<AppendResult>(
                store.append(stream, [probe({ w, i }), probe({ w, i, n: 2 }), probe({ w, i, n: 3 })]),
              ),
            )
          }
        }),
      )
      const reader = storeOf({ client: theClient(), namespace: ns })
      const all = await readAllEvents(reader.readAll())
      if (E.isLeft(all)) throw new Error(JSON.stringify(all.left))
      const byPosition = new Map(all.right.map((e) => [e.position, e]))
      for (const result of results) {
        expect(byPosition.get(result.firstPosition)?.revision).toBe(result.firstRevision)
        expect(byPosition.get(result.lastPosition)?.hash).toBe(result.lastHash)
      }
      const raw: Array<Position> = []
      const subscription = theClient().subscribeToAll({
        filter: streamNameFilter({ prefixes: [`${ns}program-`], checkpointReached: (_, p) => void raw.push(p) }),
      })
      void (async () => {
        for await (const _ of subscription) void _
      })()
      await until(() => raw.length >= 2, 'server checkpoints', 30_000)
      await subscription.unsubscribe()
      const programs = all.right.filter((e) => e.streamId.startsWith('program-'))
      for (const checkpoint of [{ commit: 0n, prepare: 0n }, ...raw]) {
        const after = globalPositionOf(checkpoint)
        const expected = programs.filter((e) => e.position > after).map((e) => e.eventId)
        const read = await readAllEvents(reader.readAll({ after, categories: ['program'] }))
        expect(E.isRight(read) && read.right.map((e) => e.eventId)).toEqual(expected)
        const resumed: Array<string> = []
        const again = reader.subscribe({ after, categories: ['program'] }, (e) => void resumed.push(e.eventId))
        await until(() => resumed.length >= expected.length, 'the resumed subscription', 30_000)
        await again.stop()
        expect(resumed.slice(0, expected.length)).toEqual(expected)
      }
    })

    it('a batch over the append size is refused before anything is written; one under it is accepted', async () => {
      const ns = namespace()
      const store = storeOf({ client: theClient(), namespace: ns, maxAppendSize })
      const blob = (bytes: number) => probe({ blob: 'x'.repeat(bytes) })
      const half = Math.floor(maxAppendSize / 2)
      expect(await err(store.append('program-1', [blob(half), blob(half)]))).toMatchObject({ _tag: 'InvalidAppend' })
      expect(await ok(store.streamExists('program-1'))).toBe(false)
      // By the store's count, just under the limit: the server (which counts no more than the store) takes it.
      await ok(store.append('program-1', [blob(half - 4096), blob(half - 4096)]))
    })

    it('a non-admin user appends and reads streams, and is told which ACL reading $all needs', async (context) => {
      let connection = nonAdminConnection
      if (connection === undefined) {
        const login = `ikmtest${randomBytes(4).toString('hex')}`
        const password = randomBytes(12).toString('hex')
        if (await createUser(connectionString!, login, password))
          connection = withUser(connectionString!, login, password)
      }
      if (connection === undefined) {
        return context.skip(
          'NOT RUN: set KURRENTDB_NONADMIN_CONNECTION_STRING (a user outside $admins), or use a tls=false node so the test can create one',
        )
      }
      const user = /:\/\/([^:@/]+)/.exec(connection)?.[1] ?? ''
      const ns = namespace()
      const client = KurrentDBClient.connectionString(connection)
      try {
        const store = storeOf({ client, namespace: ns })
        await ok(store.append('program-1', [probe()]))
        expect(await readAllEvents(store.readStream('program-1'))).toMatchObject({ right: [{ revision: 0n }] })
        const denied = { _tag: 'AccessDenied', reason: expect.stringMatching(/readRoles/) }
        expect(await readAllEvents(store.readAll())).toMatchObject({ left: denied })
        expect(await err(store.headPosition())).toMatchObject(denied)
        const before = await realClient().getStreamMetadata('$all')
        await realClient().setStreamMetadata('$all', { ...before.metadata, acl: { readRoles: ['$admins', user] } })
        try {
          expect(await readAllEvents(store.readAll())).toMatchObject({ right: [{ streamId: 'program-1' }] })
        } finally {
          await realClient().setStreamMetadata('$all', before.metadata ?? {})
        }
      } finally {
        await client.dispose()
      }
    })

    it('costs 2 round trips per single-event append without claims, 3 with claims', async () => {
      for (const [uniqueEventIds, trips] of [
        ['stream', 2],
        ['store', 3],
      ] as const) {
        const counting = new CountingClient(theClient())
        const store = storeOf({ client: counting, namespace: namespace(), uniqueEventIds })
        await ok(store.append('program-1', [probe()]))
        const before = counting.calls
        await ok(store.append('program-1', [probe()]))
        expect(counting.calls - before).toBe(trips)
      }
    })

    it('every error during a node restart is a retryable StoreUnavailable, and every batch lands once', async (context) => {
      if (restartCommand === undefined) {
        return context.skip(
          'NOT RUN: set KURRENTDB_RESTART_COMMAND to a command that restarts a node (e.g. docker restart kurrentdb)',
        )
      }
      const ns = namespace()
      const store = storeOf({ client: theClient(), namespace: ns })
      const failures: Array<string> = []
      const batches = Array.from({ length: 60 }, (_, i) => [probe({ i })])
      let restarted = false
      const restart = promisify(exec)(restartCommand).then(() => {
        restarted = true
      })
      for (let i = 0; i < batches.length || !restarted; i++) {
        await appendRetrying(store, `program-${i % 3}`, batches[i % batches.length]!, failures)
      }
      await restart
      expect(failures.every((tag) => tag === 'StoreUnavailable')).toBe(true)
      for (let s = 0; s < 3; s++) {
        const read = await readAllEvents(store.readStream(`program-${s}`))
        if (E.isLeft(read)) throw new Error(JSON.stringify(read.left))
        const ids = read.right.map((e) => e.eventId)
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids).toEqual(batches.filter((_, i) => i % 3 === s).map((b) => b[0]!.eventId))
      }
    }, 300_000)
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
