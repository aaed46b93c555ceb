/**
 * The projection-store contract suite: every `ProjectionStore` adapter (SQLite, PostgreSQL, third-party ones)
 * runs it with the kernel's runner, so checkpoints, exactly-once batches, rebuilds, poison events and live
 * tailing behave the same everywhere.
 *
 * @since 0.1.0
 */
import {
  categoryOf,
  createInMemoryEventStore,
  projectionErrorMessage,
  startProjection,
  START_POSITION,
  storeErrorMessage,
  type Checkpoint,
  type EventStore,
  type MaybePromise,
  type PersistedProjection,
  type ProjectionError,
  type ProjectionHandles,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type ProjectionStore,
  type RecordedEvent,
  uuidV7,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
import { describe, expect, it } from 'vitest'
import { appendOk, newEvent } from './internal/fixtures'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the suite asks each adapter to write: a projection counting handled events per stream category into
 * one table, `table` (columns `category` text primary key, `n` integer), adding `weight` per event.
 *
 * @category model
 * @since 0.1.0
 */
export interface CounterProjectionOptions {
  readonly name: string
  readonly version: number
  /** Added per event, so two versions build visibly different tables. */
  readonly weight: number
  /** The logical table name; defaults to `counts`. */
  readonly table: string
  readonly handles: ProjectionHandles
  /**
   * Rejects an event: the projection must first write the events before it in the batch, then throw (or return
   * `Left`) with the reason, so the suite sees that a failed batch leaves nothing behind.
   */
  readonly reject: (event: RecordedEvent) => string | undefined
  /**
   * Called at the end of every `apply`, after the batch's writes and inside its transaction: the suite throws
   * from it to simulate a process dying between the writes and the commit.
   */
  readonly onApply: (events: ReadonlyArray<RecordedEvent>) => void
}

/**
 * One fresh, empty projection store for one test, with direct reads of the counter's tables.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionStoreHarness<Tx> {
  readonly projectionStore: ProjectionStore<Tx>
  /**
   * The rows of a counter table as `{ category: n }`: the live table, or the shadow table of a rebuild to
   * `version`. `undefined` when the table does not exist.
   */
  readonly readCounts: (table: string, version?: number) => Promise<Record<string, number> | undefined>
  /** A second store on the same storage, as a restarted process would open it. */
  readonly reopen: () => Promise<ProjectionStore<Tx>>
  /**
   * The event source the runners read, empty; a fresh in-memory event store when absent. A durable one (e.g. a
   * PostgreSQL event store, whose wake-ups come from LISTEN/NOTIFY) makes the suite an end-to-end test.
   * `teardown` closes it.
   */
  readonly eventStore?: EventStore
  /** Releases everything the harness created. */
  readonly teardown: () => Promise<void>
}

/**
 * What an adapter hands the suite.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProjectionStoreContractSetup<Tx> {
  /** A fresh, empty projection store (new file, new schema…). */
  readonly open: () => Promise<ProjectionStoreHarness<Tx>>
  /** The counter projection written for this store's transaction type. */
  readonly counter: (options: CounterProjectionOptions) => PersistedProjection<Tx>
}

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const WAIT_MS = 10_000

const show = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))

const fail = (message: string): never => {
  throw new Error(message)
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

const andThen = <A, B>(value: MaybePromise<A>, next: (a: A) => MaybePromise<B>): MaybePromise<B> =>
  isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value)

const caughtUp = async (runner: ProjectionRunner): Promise<bigint> => {
  const result = await runner.whenCaughtUp({ timeoutMs: WAIT_MS })()
  return E.isRight(result)
    ? result.right
    : fail(
        `expected '${runner.name}' to catch up, got: ${projectionErrorMessage(result.left)} (${show(runner.status())})`,
      )
}

const checkpointOf = async <Tx>(store: ProjectionStore<Tx>, name: string): Promise<Checkpoint | undefined> => {
  const loaded = await store.loadCheckpoint(name)()
  return E.isRight(loaded)
    ? O.toUndefined(loaded.right)
    : fail(`loading the checkpoint failed: ${projectionErrorMessage(loaded.left)}`)
}

const head = async (store: EventStore): Promise<bigint> => {
  const result = await store.headPosition()()
  return E.isRight(result) ? result.right : fail(storeErrorMessage(result.left))
}

/** Waits until a status matching `predicate` is reported. */
const statusReached = (predicate: (status: ProjectionStatus) => boolean) => {
  let seen: (status: ProjectionStatus) => void = () => undefined
  const reached = new Promise<ProjectionStatus>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the expected status was never reported')), WAIT_MS)
    seen = (status) => {
      if (predicate(status)) {
        clearTimeout(timer)
        resolve(status)
      }
    }
  })
  return { onStatus: (status: ProjectionStatus) => seen(status), reached }
}

/** An event store whose `readAll` holds back after `free` batches until `open()` is called. */
const gated = (store: EventStore, free: number) => {
  let open: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (open = resolve))
  const wrapped: EventStore = {
    ...store,
    readAll: (options) => ({
      async *[Symbol.asyncIterator]() {
        let delivered = 0
        for await (const item of store.readAll(options)) {
          if (delivered >= free) await gate
          delivered += 1
          yield item
        }
      },
    }),
  }
  return { store: wrapped, open: () => open() }
}

// -------------------------------------------------------------------------------------
// the suite
// -------------------------------------------------------------------------------------

/**
 * Registers the projection-store contract as vitest `describe`/`it` blocks. `open` is called once per test and
 * must return a fresh, empty projection store; `counter` builds the suite's test projection in the adapter's
 * own SQL.
 *
 * @example
 * projectionStoreContract('SqliteProjectionStore', { open: openHarness, counter: sqliteCounter })
 *
 * @category contract
 * @since 0.1.0
 */
export const projectionStoreContract = <Tx>(adapterName: string, setup: ProjectionStoreContractSetup<Tx>): void => {
  interface World {
    readonly harness: ProjectionStoreHarness<Tx>
    readonly events: EventStore
    /** Appends `count` events to a new stream of `category`; `poison` marks which ones the counter rejects. */
    readonly append: (
      category: string,
      count: number,
      poison?: (i: number) => boolean,
    ) => Promise<ReadonlyArray<RecordedEvent>>
    readonly counter: (options: Partial<CounterProjectionOptions>) => PersistedProjection<Tx>
    readonly run: (
      projection: PersistedProjection<Tx>,
      options?: Partial<Omit<ProjectionRunnerOptions<Tx>, 'projection'>>,
    ) => ProjectionRunner
  }

  const test = (name: string, body: (world: World) => Promise<void>) =>
    it(name, async () => {
      const harness = await setup.open()
      const events = harness.eventStore ?? createInMemoryEventStore()
      const runners: Array<ProjectionRunner> = []
      const world: World = {
        harness,
        events,
        append: async (category, count, poison = () => false) => {
          const streamId = `${category}-${uuidV7()}`
          const batch = Array.from({ length: count }, (_, i) =>
            newEvent({ type: 'CounterProbed', data: poison(i) ? { i, poison: true } : { i } }),
          )
          const appended = await appendOk(events, streamId, batch)
          const recorded: Array<RecordedEvent> = []
          for await (const item of events.readStream(streamId)) {
            if (E.isLeft(item)) fail(storeErrorMessage(item.left))
            else recorded.push(...item.right)
          }
          expect(recorded.at(-1)?.position).toBe(appended.lastPosition)
          return recorded
        },
        counter: (options) =>
          setup.counter({
            name: 'counter',
            version: 1,
            weight: 1,
            table: 'counts',
            handles: 'all',
            reject: (event) =>
              typeof event.data === 'object' && event.data !== null && 'poison' in event.data
                ? `event #${(event.data as { i?: unknown }).i} is marked poison`
                : undefined,
            onApply: () => undefined,
            ...options,
          }),
        run: (projection, options = {}) => {
          const runner = startProjection<Tx>({
            store: events,
            projectionStore: harness.projectionStore,
            poisonPolicy: 'stop',
            pollIntervalMs: 60_000,
            lockRetryMs: 20,
            retry: { initialDelayMs: 10, maxDelayMs: 50 },
            ...options,
            projection,
          })
          runners.push(runner)
          return runner
        },
      }
      try {
        await body(world)
      } finally {
        for (const runner of runners) await runner.stop()
        await harness.teardown()
      }
    })

  /** Category counts of a list of events, `weight` per event. */
  const expectedCounts = (events: ReadonlyArray<RecordedEvent>, weight = 1) => {
    const counts: Record<string, number> = {}
    for (const event of events) {
      const category = categoryOf(event.streamId)
      counts[category] = (counts[category] ?? 0) + weight
    }
    return counts
  }

  describe(`ProjectionStore contract: ${adapterName}`, () => {
    describe('checkpoints', () => {
      test('a checkpoint saved in a transaction loads back as it was, rebuild progress included', async (world) => {
        const store = world.harness.projectionStore
        expect(await checkpointOf(store, 'roundtrip')).toBeUndefined()
        const first: Checkpoint = { name: 'roundtrip', version: 1, position: 42n }
        expect(E.isRight(await store.transaction((tx) => store.saveCheckpoint(tx, first, undefined))())).toBe(true)
        expect(await checkpointOf(store, 'roundtrip')).toEqual({ ...first, rebuild: undefined })
        const second: Checkpoint = {
          name: 'roundtrip',
          version: 1,
          position: 9_007_199_254_740_993n,
          rebuild: { version: 2, position: 7n },
        }
        expect(E.isRight(await store.transaction((tx) => store.saveCheckpoint(tx, second, first))())).toBe(true)
        expect(await checkpointOf(store, 'roundtrip')).toEqual(second)
        expect(await checkpointOf(store, 'other')).toBeUndefined()
      })

      test('a save is refused, and its transaction rolled back, when the checkpoint moved under it', async (world) => {
        const store = world.harness.projectionStore
        const first: Checkpoint = { name: 'fenced', version: 1, position: 10n }
        expect(E.isRight(await store.transaction((tx) => store.saveCheckpoint(tx, first, undefined))())).toBe(true)
        const again = await store.transaction((tx) => store.saveCheckpoint(tx, first, undefined))()
        expect(E.isLeft(again) && projectionErrorMessage(again.left)).toContain(
          "checkpoint of projection 'fenced' moved",
        )
        const stale = await store.transaction((tx) =>
          store.saveCheckpoint(tx, { ...first, position: 20n }, { ...first, position: 5n }),
        )()
        expect(E.isLeft(stale) && projectionErrorMessage(stale.left)).toContain(
          'expected version 1 at 5, found version 1 at 10',
        )
        expect(await checkpointOf(store, 'fenced')).toEqual({ ...first, rebuild: undefined })
      })

      test('a transaction that throws midway leaves neither the read-model writes nor the checkpoint', async (world) => {
        const store = world.harness.projectionStore
        const projection = world.counter({})
        const events = await world.append('program', 3)
        const setupDone = await store.transaction((tx) =>
          andThen(projection.setup(tx, store.tables()), () =>
            store.saveCheckpoint(tx, { name: projection.name, version: 1, position: START_POSITION }, undefined),
          ),
        )()
        expect(E.isRight(setupDone)).toBe(true)
        const boom = new Error('the process died here')
        const failed = await store.transaction((tx) =>
          andThen(projection.apply(tx, events, store.tables()), () =>
            andThen(
              store.saveCheckpoint(
                tx,
                { name: projection.name, version: 1, position: 3n },
                { name: projection.name, version: 1, position: START_POSITION },
              ),
              () => {
                throw boom
              },
            ),
          ),
        )()
        expect(E.isLeft(failed) && failed.left._tag === 'ProjectionStoreFailure' && failed.left.cause).toBe(boom)
        expect(await world.harness.readCounts('counts')).toEqual({})
        expect((await checkpointOf(store, projection.name))?.position).toBe(START_POSITION)
      })
    })

    describe('catching up', () => {
      test('applies every handled event once and saves the head as checkpoint', async (world) => {
        const programs = [...(await world.append('program', 4)), ...(await world.append('program', 3))]
        const equipment = await world.append('equipment', 5)
        const runner = world.run(world.counter({}), { batchSize: 3 })
        const position = await caughtUp(runner)
        expect(position).toBe(await head(world.events))
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts([...programs, ...equipment]))
        expect(await checkpointOf(world.harness.projectionStore, 'counter')).toEqual({
          name: 'counter',
          version: 1,
          position: 12n,
          rebuild: undefined,
        })
        expect(runner.status()).toMatchObject({ _tag: 'CaughtUp', position: 12n, lag: 0n })
      })

      test('a filtered projection moves its checkpoint to the head even when the last events are not its own', async (world) => {
        const programs = await world.append('program', 3)
        await world.append('equipment', 4)
        const runner = world.run(world.counter({ handles: { categories: ['program'] } }), { batchSize: 2 })
        expect(await caughtUp(runner)).toBe(7n)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(programs))
        expect((await checkpointOf(world.harness.projectionStore, 'counter'))?.position).toBe(7n)
      })

      test('a runner killed between batches resumes after the last committed batch, applying nothing twice', async (world) => {
        const all = [...(await world.append('program', 6)), ...(await world.append('facility', 4))]
        const kill = new AbortController()
        let applies = 0
        const crashing = world.counter({
          onApply: () => {
            applies += 1
            if (applies === 3) {
              kill.abort()
              throw new Error('killed in the middle of batch 3')
            }
          },
        })
        const first = world.run(crashing, { batchSize: 2, signal: kill.signal })
        const ended = await first.done
        expect(ended).toMatchObject({ _tag: 'Stopped', eventId: undefined })
        // Two batches of two committed, the third rolled back with its checkpoint.
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(all.slice(0, 4)))
        expect((await checkpointOf(world.harness.projectionStore, 'counter'))?.position).toBe(all[3]?.position)

        const restartedStore = await world.harness.reopen()
        const second = world.run(world.counter({}), { batchSize: 2, projectionStore: restartedStore })
        await caughtUp(second)
        const fromScratch = world.run(world.counter({ name: 'scratch', table: 'scratch_counts' }), { batchSize: 7 })
        await caughtUp(fromScratch)
        const resumed = await world.harness.readCounts('counts')
        expect(resumed).toEqual(expectedCounts(all))
        expect(resumed).toEqual(await world.harness.readCounts('scratch_counts'))
      })

      test('only one runner per projection is active; a second one waits on standby and takes over', async (world) => {
        const first = await world.append('program', 3)
        const standby = statusReached((s) => s._tag === 'Standby')
        const active = world.run(world.counter({}))
        await caughtUp(active)
        const waiting = world.run(world.counter({}), { onStatus: standby.onStatus })
        await standby.reached
        const later = await world.append('program', 2)
        await active.stop()
        await caughtUp(waiting)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts([...first, ...later]))
      })
    })

    describe('contention', () => {
      test('tells contention from poison: a runner whose checkpoint another runner moved retries, never halting on a healthy event', async (world) => {
        // Rows keyed by event id, the way a projection with a primary key keeps them: the runner that applies an
        // event second finds its row there and fails, as a unique violation would. As in the database, a row is
        // there for the other runner only once the transaction that wrote it committed (the runner reports the
        // position it saved after the commit); before that, a unique index would make the second writer wait.
        const claims = new Map<string, { readonly runner: string; readonly position: bigint }>()
        const committed = new Map<string, bigint>()
        const retried: Array<string> = []
        const rowOwner = (eventId: string) => {
          const claim = claims.get(eventId)
          return claim !== undefined && (committed.get(claim.runner) ?? -1n) >= claim.position
            ? claim.runner
            : undefined
        }
        const keyed = (runner: string) =>
          world.counter({
            reject: (event) => {
              const by = rowOwner(event.eventId)
              return by !== undefined && by !== runner ? `a row for event ${event.eventId} exists already` : undefined
            },
            onApply: (events) => {
              for (const event of events) {
                if (rowOwner(event.eventId) === undefined)
                  claims.set(event.eventId, { runner, position: event.position })
              }
            },
          })
        const saving = (runner: string) => (status: ProjectionStatus) => {
          // Progress is reported after each commit, with the position that commit saved.
          if (status._tag === 'CatchingUp' || status._tag === 'CaughtUp') committed.set(runner, status.position)
          if (status._tag === 'Retrying') retried.push(runner)
        }
        // The second runner's store does not see the first one's lock: another process on the same storage, or a
        // runner whose lock connection dropped without it noticing.
        const reopened = await world.harness.reopen()
        const unlocked: ProjectionStore<Tx> = { ...reopened, acquire: () => TE.right(O.some(async () => undefined)) }
        const statuses: Array<ProjectionStatus> = []
        const first = world.run(keyed('first'), { onStatus: saving('first') })
        await caughtUp(first)
        const second = world.run(keyed('second'), {
          projectionStore: unlocked,
          onStatus: (s) => {
            saving('second')(s)
            statuses.push(s)
          },
        })
        await caughtUp(second)
        const appended = [...(await world.append('program', 4)), ...(await world.append('facility', 3))]
        await caughtUp(first)
        await caughtUp(second)
        expect(first.status()._tag).toBe('CaughtUp')
        expect(second.status()._tag, `the second runner reported ${show(statuses.map((x) => x._tag))}`).toBe('CaughtUp')
        expect(statuses.filter((s) => s._tag === 'Stopped' || s._tag === 'Standby')).toEqual([])
        // Both read from a checkpoint of 0, so one of them lost the race and retried.
        expect(retried.length).toBeGreaterThan(0)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(appended))
        expect((await checkpointOf(world.harness.projectionStore, 'counter'))?.position).toBe(appended.at(-1)?.position)
      })
    })

    describe('live tail', () => {
      test('sees events appended after it caught up, woken by the store rather than by polling', async (world) => {
        const before = await world.append('program', 2)
        const runner = world.run(world.counter({}), { pollIntervalMs: 60_000 })
        await caughtUp(runner)
        const after = [...(await world.append('equipment', 3)), ...(await world.append('program', 1))]
        const position = await caughtUp(runner)
        expect(position).toBe(6n)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts([...before, ...after]))
        expect(runner.status()._tag).toBe('CaughtUp')
      })
    })

    describe('rebuilds', () => {
      test('a version bump rebuilds into shadow tables while the old tables keep answering, then swaps', async (world) => {
        const events = [...(await world.append('program', 5)), ...(await world.append('equipment', 3))]
        const v1 = world.run(world.counter({ version: 1, weight: 1 }))
        await caughtUp(v1)
        await v1.stop()

        const slow = gated(world.events, 1)
        const rebuilding = statusReached((s) => s._tag === 'Rebuilding' && s.position > 0n)
        const v2 = world.run(world.counter({ version: 2, weight: 10 }), {
          store: slow.store,
          batchSize: 3,
          onStatus: rebuilding.onStatus,
        })
        const status = await rebuilding.reached
        expect(status).toMatchObject({ _tag: 'Rebuilding', version: 2, fromVersion: 1, position: 3n, head: 8n })
        // Mid-rebuild: readers still get version 1, the shadow table holds the first batch of version 2.
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(events, 1))
        expect(await world.harness.readCounts('counts', 2)).toEqual(expectedCounts(events.slice(0, 3), 10))
        expect(await checkpointOf(world.harness.projectionStore, 'counter')).toEqual({
          name: 'counter',
          version: 1,
          position: 8n,
          rebuild: { version: 2, position: 3n },
        })

        slow.open()
        await caughtUp(v2)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(events, 10))
        expect(await world.harness.readCounts('counts', 2)).toBeUndefined()
        expect(await checkpointOf(world.harness.projectionStore, 'counter')).toEqual({
          name: 'counter',
          version: 2,
          position: 8n,
          rebuild: undefined,
        })
        const later = await world.append('program', 2)
        await caughtUp(v2)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts([...events, ...later], 10))
      })

      test('a rebuild interrupted by a crash resumes from its own checkpoint', async (world) => {
        const events = [...(await world.append('program', 4)), ...(await world.append('facility', 4))]
        const v1 = world.run(world.counter({ version: 1, weight: 1 }))
        await caughtUp(v1)
        await v1.stop()

        const kill = new AbortController()
        let applies = 0
        const crashing = world.counter({
          version: 2,
          weight: 10,
          onApply: () => {
            applies += 1
            if (applies === 2) {
              kill.abort()
              throw new Error('killed during the rebuild')
            }
          },
        })
        await world.run(crashing, { batchSize: 3, signal: kill.signal }).done
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(events, 1))
        expect(await world.harness.readCounts('counts', 2)).toEqual(expectedCounts(events.slice(0, 3), 10))

        let resumedApplies = 0
        const resumed = world.run(
          world.counter({ version: 2, weight: 10, onApply: (batch) => (resumedApplies += batch.length) }),
          { batchSize: 3, projectionStore: await world.harness.reopen() },
        )
        await caughtUp(resumed)
        expect(resumedApplies).toBe(5)
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(events, 10))
      })
    })

    describe('poison events', () => {
      test("policy 'stop' halts on the poison event with its position, keeping what came before it", async (world) => {
        const events = await world.append('program', 5, (i) => i === 2)
        const poison = events[2] ?? fail('no third event')
        const runner = world.run(world.counter({}), { batchSize: 10, poisonPolicy: 'stop' })
        const waited = await runner.whenCaughtUp({ timeoutMs: WAIT_MS })()
        expect(E.isLeft(waited) && waited.left._tag).toBe('ProjectionHalted')
        const ended = await runner.done
        expect(ended).toMatchObject({ _tag: 'Stopped', position: poison.position, eventId: poison.eventId })
        expect(ended._tag === 'Stopped' ? ended.reason : '').toContain('event #2 is marked poison')
        expect(ended._tag === 'Stopped' ? (ended.error as ProjectionError | undefined)?._tag : '').toBe('PoisonEvent')
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(events.slice(0, 2)))
        expect((await checkpointOf(world.harness.projectionStore, 'counter'))?.position).toBe(events[1]?.position)
        const parked = await world.harness.projectionStore.parkedEvents('counter')()
        expect(parked).toEqual(E.right([]))
      })

      test("policy 'stop' halts again on restart: the poison event is never skipped silently", async (world) => {
        const events = await world.append('program', 3, (i) => i === 0)
        const first = await world.run(world.counter({}), { poisonPolicy: 'stop' }).done
        const second = await world.run(world.counter({}), { poisonPolicy: 'stop' }).done
        expect(first).toMatchObject({ _tag: 'Stopped', eventId: events[0]?.eventId })
        expect(second).toMatchObject({ _tag: 'Stopped', eventId: events[0]?.eventId })
        expect(await world.harness.readCounts('counts')).toEqual({})
      })

      test("policy 'park' records the poison event in the parked table and moves on", async (world) => {
        const programs = await world.append('program', 5, (i) => i === 1 || i === 3)
        const equipment = await world.append('equipment', 2)
        const runner = world.run(world.counter({}), { batchSize: 4, poisonPolicy: 'park' })
        expect(await caughtUp(runner)).toBe(7n)
        const good = [...programs.filter((_, i) => i !== 1 && i !== 3), ...equipment]
        expect(await world.harness.readCounts('counts')).toEqual(expectedCounts(good))
        const parked = await world.harness.projectionStore.parkedEvents('counter')()
        expect(parked).toEqual(
          E.right(
            [programs[1], programs[3]].map((event) => ({
              projection: 'counter',
              position: event?.position,
              eventId: event?.eventId,
              streamId: event?.streamId,
              revision: event?.revision,
              type: 'CounterProbed',
              reason: `event #${event === programs[1] ? 1 : 3} is marked poison`,
            })),
          ),
        )
        expect((await checkpointOf(world.harness.projectionStore, 'counter'))?.position).toBe(7n)
      })
    })
  })
}
