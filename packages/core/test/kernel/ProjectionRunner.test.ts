import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  categoryOf,
  createInMemoryEventStore,
  defineEvent,
  eventRegistry,
  inMemoryAsPersisted,
  createInMemoryProjectionStore,
  projectInMemory,
  projection,
  projectionErrorMessage,
  startInMemoryProjection,
  startProjection,
  typedProjection,
  type EventStore,
  type MemoryTables,
  type PersistedProjection,
  type ProjectionError,
  type ProjectionRunner,
  type ProjectionStatus,
  type ProjectionStore,
  type RecordedEvent,
} from '../../src/index'
import { leftOf, newEvent } from './fixtures'

const rightOf = async <A>(task: () => Promise<E.Either<ProjectionError, A>>): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(`expected success, got: ${projectionErrorMessage(result.left)}`)
  return result.right
}

type Counts = Readonly<Record<string, number>>

const perCategory = projection<Counts>({
  name: 'per-category',
  version: 1,
  handles: 'all',
  init: () => ({}),
  evolve: (counts, event) => {
    if (typeof event.data === 'object' && event.data !== null && 'poison' in event.data) {
      return E.left(`event ${JSON.stringify(event.data)} is poison`)
    }
    const category = categoryOf(event.streamId)
    return E.right({ ...counts, [category]: (counts[category] ?? 0) + 1 })
  },
})

const append = async (store: EventStore, streamId: string, data: ReadonlyArray<unknown>, type?: string) =>
  rightOf(
    store.append(
      streamId,
      data.map((d) => newEvent(d, type)),
    ),
  )

const seeded = async () => {
  const store = createInMemoryEventStore()
  await append(store, 'program-a', [{ n: 1 }, { n: 2 }, { n: 3 }])
  await append(store, 'equipment-b', [{ n: 4 }, { n: 5 }])
  await append(store, 'program-c', [{ n: 6 }])
  return store
}

const caughtUp = async (runner: ProjectionRunner) => {
  const result = await runner.whenCaughtUp({ timeoutMs: 5000 })()
  if (E.isLeft(result)) throw new Error(projectionErrorMessage(result.left))
  return result.right
}

describe('projectInMemory', () => {
  it('folds every handled event in global order', async () => {
    const store = await seeded()
    expect(await rightOf(projectInMemory(store, perCategory))).toEqual({ program: 4, equipment: 2 })
  })

  it('stops at untilPosition and honours a category filter', async () => {
    const store = await seeded()
    const programsOnly = { ...perCategory, handles: { categories: ['program'] } }
    expect(await rightOf(projectInMemory(store, perCategory, { untilPosition: 4n }))).toEqual({
      program: 3,
      equipment: 1,
    })
    expect(await rightOf(projectInMemory(store, programsOnly, { batchSize: 1 }))).toEqual({ program: 4 })
  })

  it('reports an event that evolve rejects as a poison event with its position', async () => {
    const store = await seeded()
    await append(store, 'facility-d', [{ poison: true }])
    const error = await leftOf(projectInMemory(store, perCategory))
    expect(error).toMatchObject({ _tag: 'PoisonEvent', position: 7n, streamId: 'facility-d', revision: 0n })
    expect(projectionErrorMessage(error)).toContain("projection 'per-category' cannot apply ProbeRecorded")
    expect(error).toMatchObject({ reason: 'event {"poison":true} is poison' })
  })

  it('guards against an evolve that throws: the throw becomes a poison event, never an exception', async () => {
    const store = await seeded()
    const throwing = projection<Counts>({
      ...perCategory,
      evolve: (counts, event) => {
        if (event.position === 4n) throw new Error('a bug in the projection')
        return perCategory.evolve(counts, event)
      },
    })
    expect(await leftOf(projectInMemory(store, throwing))).toMatchObject({
      _tag: 'PoisonEvent',
      position: 4n,
      reason: 'a bug in the projection',
    })
    const runner = startInMemoryProjection(store, throwing)
    expect(await runner.done).toMatchObject({ _tag: 'Stopped', position: 4n, reason: expect.stringContaining('a bug') })
  })

  it('makes a bare state from evolve (a JavaScript caller, a pre-Either projection) a poison event, not a Right', async () => {
    const store = await seeded()
    const bare = { ...perCategory, evolve: (counts: Counts) => ({ ...counts, n: 1 }) } as unknown as typeof perCategory
    const error = await leftOf(projectInMemory(store, bare))
    expect(error).toMatchObject({ _tag: 'PoisonEvent', position: 1n })
    expect(error._tag === 'PoisonEvent' && error.reason).toContain('evolve must return E.right(nextState) or E.left')
    expect(await startInMemoryProjection(store, bare).done).toMatchObject({ _tag: 'Stopped', position: 1n })
  })

  it('answers a projection without a readable handles with InvalidProjection instead of throwing', async () => {
    const store = await seeded()
    for (const handles of [undefined, null, 42, { types: 'ProbeRecorded' }, [1]]) {
      const broken = { ...perCategory, handles } as unknown as typeof perCategory
      const error = await leftOf(projectInMemory(store, broken))
      expect(error).toMatchObject({ _tag: 'InvalidProjection' })
      expect(projectionErrorMessage(error)).toContain("`handles` must be 'all', a list of event types")
    }
  })

  it('decodes typed events with a registry and makes an undecodable one a poison event', async () => {
    const Trained = defineEvent('ParticipantTrained', t.type({ region: t.string }))
    const registry = eventRegistry([Trained])
    const perRegion = typedProjection({
      name: 'per-region',
      version: 1,
      registry,
      init: (): Counts => ({}),
      evolve: (counts, event) => E.right({ ...counts, [event.data.region]: (counts[event.data.region] ?? 0) + 1 }),
    })
    const store = createInMemoryEventStore()
    await append(store, 'program-a', [{ region: 'Jawa Tengah' }, { region: 'Bali' }], 'ParticipantTrained')
    await append(store, 'program-b', [{ region: 'Bali' }], 'ParticipantTrained')
    await append(store, 'program-b', [{ n: 1 }], 'SomethingElse')
    expect(await rightOf(projectInMemory(store, perRegion))).toEqual({ 'Jawa Tengah': 1, Bali: 2 })
    await append(store, 'program-c', [{ region: 42 }], 'ParticipantTrained')
    const error = await leftOf(projectInMemory(store, perRegion))
    expect(error).toMatchObject({ _tag: 'PoisonEvent', position: 5n, type: 'ParticipantTrained' })
    expect(error._tag === 'PoisonEvent' && error.reason).toContain('ParticipantTrained payload')
  })
})

describe('startInMemoryProjection', () => {
  it('catches up, then follows new events as they are appended', async () => {
    const store = await seeded()
    const runner = startInMemoryProjection(store, perCategory, { batchSize: 2, pollIntervalMs: 60_000 })
    expect(await caughtUp(runner)).toBe(6n)
    expect(runner.state()).toEqual({ program: 4, equipment: 2 })
    await append(store, 'facility-x', [{ n: 7 }, { n: 8 }])
    expect(await caughtUp(runner)).toBe(8n)
    expect(runner.state()).toEqual({ program: 4, equipment: 2, facility: 2 })
    expect(runner.status()).toMatchObject({ _tag: 'CaughtUp', version: 1, position: 8n, head: 8n, lag: 0n })
    expect(await runner.stop()).toMatchObject({ _tag: 'Stopped', position: 8n, reason: 'stopped' })
  })

  it('parks poison events by policy and keeps folding the rest', async () => {
    const store = await seeded()
    await append(store, 'facility-d', [{ poison: 1 }, { n: 1 }])
    const runner = startInMemoryProjection(store, perCategory, { poisonPolicy: 'park' })
    await caughtUp(runner)
    expect(runner.state()).toEqual({ program: 4, equipment: 2, facility: 1 })
    expect(await runner.parkedEvents()).toMatchObject([{ position: 7n, streamId: 'facility-d', revision: 0n }])
    await runner.stop()
  })

  it('halts on a poison event by default, and whenCaughtUp says so', async () => {
    const store = await seeded()
    await append(store, 'facility-d', [{ poison: 1 }])
    const runner = startInMemoryProjection(store, perCategory)
    const error = await leftOf(runner.whenCaughtUp({ timeoutMs: 5000 }))
    expect(error).toMatchObject({ _tag: 'ProjectionHalted', position: 7n })
    expect(await runner.done).toMatchObject({ _tag: 'Stopped', position: 7n })
    expect(runner.state()).toEqual({ program: 4, equipment: 2 })
  })
})

describe('startProjection', () => {
  const run = <Tx>(
    store: EventStore,
    projectionStore: ProjectionStore<Tx>,
    definition: PersistedProjection<Tx>,
    extra: {
      readonly signal?: AbortSignal
      readonly batchSize?: number
      onStatus?: (s: ProjectionStatus) => void
    } = {},
  ) =>
    startProjection({
      store,
      projectionStore,
      projection: definition,
      poisonPolicy: 'stop',
      pollIntervalMs: 60_000,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    })

  it('ends a bounded run at untilPosition, reading nothing past it though the store grew', async () => {
    const store = await seeded()
    const memory = createInMemoryProjectionStore()
    const programs = { ...inMemoryAsPersisted(perCategory), handles: { categories: ['program'] } }
    const runner = startProjection({
      store,
      projectionStore: memory,
      projection: programs,
      poisonPolicy: 'stop',
      untilPosition: 5n,
    })
    expect(await runner.done).toMatchObject({ _tag: 'CaughtUp', position: 5n, head: 5n, lag: 0n })
    expect(memory.read('state')).toEqual({ program: 3 })
    const checkpoint = await rightOf(memory.loadCheckpoint('per-category'))
    expect(O.toUndefined(checkpoint)).toMatchObject({ position: 5n })
  })

  it('treats an apply that returns Left as a poison event', async () => {
    const store = await seeded()
    const refusing: PersistedProjection<MemoryTables> = {
      ...inMemoryAsPersisted(perCategory),
      apply: (_tx, events) => (events.some((e) => e.position === 5n) ? E.left('position 5 is refused') : E.right(1)),
    }
    const status = await run(store, createInMemoryProjectionStore(), refusing).done
    expect(status).toMatchObject({ _tag: 'Stopped', position: 5n, reason: expect.stringContaining('refused') })
  })

  it('retries a failing projection store with back-off instead of blaming an event', async () => {
    const store = await seeded()
    const memory = createInMemoryProjectionStore()
    let failures = 3
    const flaky: ProjectionStore<MemoryTables> = {
      ...memory,
      transaction: (work) => {
        if (failures > 0) {
          failures -= 1
          return () =>
            Promise.resolve(
              E.left<ProjectionError>({
                _tag: 'StoreUnavailable',
                code: 'STORE_UNAVAILABLE',
                operation: 'commit',
                reason: 'connection reset',
                retryable: true,
              }),
            )
        }
        return memory.transaction(work)
      },
    }
    const seen: Array<string> = []
    const runner = run(store, flaky, inMemoryAsPersisted(perCategory), { onStatus: (s) => seen.push(s._tag) })
    await caughtUp(runner)
    expect(seen.filter((tag) => tag === 'Retrying')).toHaveLength(3)
    expect(memory.read('state')).toEqual({ program: 4, equipment: 2 })
    await runner.stop()
  })

  it('resolves whenCaughtUp only once the status says so, not while a retry has reloaded the checkpoint', async () => {
    const seededStore = await seeded()
    const memory = createInMemoryProjectionStore()
    // The first batch commits, but the runner hears of a lost connection instead, as when the reply to a COMMIT
    // never arrives; its retry reloads the checkpoint (now at the head) and then asks for the head, held back
    // here until the test has called whenCaughtUp.
    let applied = 0
    const counted: PersistedProjection<MemoryTables> = {
      ...inMemoryAsPersisted(perCategory),
      apply: (tx, events, tables) => {
        applied += 1
        return inMemoryAsPersisted(perCategory).apply(tx, events, tables)
      },
    }
    const lost: ProjectionStore<MemoryTables> = {
      ...memory,
      transaction: (work) => async () => {
        const before = applied
        const done = await memory.transaction(work)()
        return applied === 1 && before === 0
          ? E.left<ProjectionError>({
              _tag: 'StoreUnavailable',
              code: 'STORE_UNAVAILABLE',
              operation: 'commit',
              reason: 'connection reset',
              retryable: true,
            })
          : done
      },
    }
    let heads = 0
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    let reachedHold: () => void = () => undefined
    const holding = new Promise<void>((resolve) => (reachedHold = resolve))
    const store: EventStore = {
      ...seededStore,
      headPosition: () => async () => {
        heads += 1
        // The runner's second pass (after the retry) asks for the head second; whenCaughtUp asks third.
        if (heads === 2) {
          reachedHold()
          await held
        }
        return seededStore.headPosition()()
      },
    }
    const tags: Array<string> = []
    const runner = run(store, lost, counted, { onStatus: (s) => tags.push(s._tag) })
    await holding
    expect(runner.status()._tag).toBe('Retrying')
    let settled = false
    const waiting = runner
      .whenCaughtUp({ timeoutMs: 5000 })()
      .then((result) => {
        settled = true
        return result
      })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBe(false)
    release()
    expect(await waiting).toEqual(E.right(6n))
    expect(runner.status()).toMatchObject({ _tag: 'CaughtUp', position: 6n })
    expect(tags).toContain('Retrying')
    await runner.stop()
  })

  it('stops with the reason when setup fails, rather than retrying forever', async () => {
    const store = await seeded()
    const broken: PersistedProjection<MemoryTables> = {
      ...inMemoryAsPersisted(perCategory),
      setup: () => {
        throw new Error("table name 'bad name' is not usable")
      },
    }
    const status = await run(store, createInMemoryProjectionStore(), broken).done
    expect(status).toMatchObject({
      _tag: 'Stopped',
      error: { _tag: 'InvalidProjection', reason: "setup failed: table name 'bad name' is not usable" },
    })
  })

  it('never double-applies when two runners both believe they hold the lock: the checkpoint fences them', async () => {
    const store = createInMemoryEventStore()
    for (let i = 0; i < 20; i++) await append(store, `program-${i % 4}`, [{ i }])
    const memory = createInMemoryProjectionStore()
    const noLock: ProjectionStore<MemoryTables> = {
      ...memory,
      acquire: () => () => Promise.resolve(E.right(O.some(() => Promise.resolve()))),
    }
    const tags: Array<string> = []
    const runners = [1, 2].map(() =>
      run(store, noLock, inMemoryAsPersisted(perCategory), { batchSize: 1, onStatus: (s) => tags.push(s._tag) }),
    )
    for (const runner of runners) await caughtUp(runner)
    for (const runner of runners) await runner.stop()
    expect(memory.read('state')).toEqual({ program: 20 })
    expect(tags).toContain('Retrying')
  })

  it('refuses an invalid definition with a reason instead of running it', async () => {
    const store = await seeded()
    const status = await run(store, createInMemoryProjectionStore(), {
      ...inMemoryAsPersisted(perCategory),
      version: 0,
    }).done
    expect(status).toMatchObject({ _tag: 'Stopped', reason: 'version must be an integer from 1 up, got 0' })
    const nothing = await run(store, createInMemoryProjectionStore(), {
      ...inMemoryAsPersisted(perCategory),
      handles: [],
    }).done
    expect(nothing).toMatchObject({ _tag: 'Stopped', reason: expect.stringContaining('would read nothing') })
  })

  it('times out whenCaughtUp with the position it reached', async () => {
    const store = await seeded()
    const stuck: ProjectionStore<MemoryTables> = {
      ...createInMemoryProjectionStore(),
      acquire: () => () => Promise.resolve(E.right({ _tag: 'None' })),
    }
    const runner = run(store, stuck, inMemoryAsPersisted(perCategory))
    const error = await leftOf(runner.whenCaughtUp({ timeoutMs: 30 }))
    expect(error).toMatchObject({ _tag: 'CatchUpTimedOut', target: 6n, position: 0n })
    expect(runner.status()._tag).toBe('Standby')
    await runner.stop()
  })

  it('rebuilds a new version into shadow tables and swaps them in, in memory too', async () => {
    const store = await seeded()
    const memory = createInMemoryProjectionStore()
    const v1 = run(store, memory, inMemoryAsPersisted(perCategory))
    await caughtUp(v1)
    await v1.stop()
    const doubled = projection<Counts>({
      ...perCategory,
      version: 2,
      evolve: (counts, event) => {
        const category = categoryOf(event.streamId)
        return E.right({ ...counts, [category]: (counts[category] ?? 0) + 2 })
      },
    })
    const tags: Array<string> = []
    const v2 = run(store, memory, inMemoryAsPersisted(doubled), { batchSize: 2, onStatus: (s) => tags.push(s._tag) })
    await caughtUp(v2)
    expect(tags).toContain('Rebuilding')
    expect(memory.read('state')).toEqual({ program: 8, equipment: 4 })
    expect(memory.tableNames()).toEqual(['state'])
    await v2.stop()
  })

  it('resumes after a crash at any batch with the same state as a build from scratch (property)', async () => {
    // `crashAt` is often past the last batch; count the runs that did crash, so the property cannot hold only on
    // runs that never crashed.
    let crashes = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('program', 'equipment', 'facility'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        async (categories, batchSize, crashAt) => {
          const store = createInMemoryEventStore()
          for (const [i, category] of categories.entries()) await append(store, `${category}-${i % 3}`, [{ i }])
          const memory = createInMemoryProjectionStore()
          const kill = new AbortController()
          let applies = 0
          const base = inMemoryAsPersisted(perCategory)
          const crashing: PersistedProjection<MemoryTables> = {
            ...base,
            apply: (tx, events: ReadonlyArray<RecordedEvent>, table) => {
              base.apply(tx, events, table)
              applies += 1
              if (applies === crashAt) {
                crashes += 1
                kill.abort()
                throw new Error('crash after the writes, before the commit')
              }
            },
          }
          // When `crashAt` is past the last batch the first runner simply catches up: stop it then.
          const first = run(store, memory, crashing, { batchSize, signal: kill.signal })
          await first.whenCaughtUp({ timeoutMs: 5000 })()
          await first.stop()
          const resumed = run(store, memory, base, { batchSize })
          await caughtUp(resumed)
          await resumed.stop()
          expect(memory.read('state')).toEqual(await rightOf(projectInMemory(store, perCategory)))
        },
      ),
      { numRuns: 60 },
    )
    expect(crashes).toBeGreaterThan(0)
  })
})
