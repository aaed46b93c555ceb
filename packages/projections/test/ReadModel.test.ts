import {
  createInMemoryEventStore,
  projectInMemory,
  projectionErrorMessage,
  startInMemoryProjection,
  steppingClock,
} from '@ikm-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  auditChecklist,
  auditChecklistRows,
  ikmReadModels,
  inMemoryReadModel,
  readInMemory,
  readSqlite,
  sqliteReadModel,
} from '../src'
import { allEvents } from './fixtures/seeds'
import { appendFacts, programRegistration } from './fixtures/events'

const registered = (programId: string) => ({
  stream: `program-${programId}`,
  type: 'ProgramRegistered',
  occurredOn: '2021-01-10',
  data: programRegistration(programId),
})

describe('ReadModel', () => {
  it('runs under the projection runner: catches up, then sees new events live', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
    await appendFacts(store, [registered('p1')])
    const runner = startInMemoryProjection(store, inMemoryReadModel(auditChecklist), { pollIntervalMs: 50 })
    expect(E.isRight(await runner.whenCaughtUp({ timeoutMs: 5_000 })())).toBe(true)
    expect(readInMemory(runner.state(), auditChecklistRows()).map((r) => r.entityId)).toEqual(['p1'])
    await appendFacts(store, [registered('p2')])
    expect(E.isRight(await runner.whenCaughtUp({ timeoutMs: 5_000 })())).toBe(true)
    expect(readInMemory(runner.state(), auditChecklistRows()).map((r) => r.entityId)).toEqual(['p1', 'p2'])
    await runner.stop()
  })

  it('stops on an event whose payload does not match its codec, naming the event (poison, never skipped)', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
    await appendFacts(store, [registered('p1'), { ...registered('p2'), data: { programId: 'p2' } }])
    const state = await projectInMemory(store, inMemoryReadModel(auditChecklist))()
    expect(E.isLeft(state) && state.left._tag === 'PoisonEvent' && [state.left.position, state.left.type]).toEqual([
      2n,
      'ProgramRegistered',
    ])
    const db = new Database(':memory:')
    const table = (logical: string) => `"${logical}"`
    const projection = sqliteReadModel<Database.Database>(auditChecklist)
    projection.setup(db, table)
    const events = await allEvents(store)
    const applied = projection.apply(db, events, table)
    expect(applied).toMatchObject({ _tag: 'Left', left: expect.stringMatching(/ProgramRegistered payload/) })
  })

  it('never changes an earlier in-memory state when folding further events (safe to roll back)', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
    await appendFacts(store, [registered('p1'), registered('p2')])
    const [first, second] = await allEvents(store)
    const model = inMemoryReadModel(auditChecklist)
    if (first === undefined || second === undefined) throw new Error('two events expected')
    const before = E.getOrElseW(() => model.init())(model.evolve(model.init(), first))
    const after = E.getOrElseW(() => model.init())(model.evolve(before, second))
    expect([
      readInMemory(before, auditChecklistRows()).map((r) => r.entityId),
      readInMemory(after, auditChecklistRows()).map((r) => r.entityId),
    ]).toEqual([['p1'], ['p1', 'p2']])
  })

  it('gives each stored read model its own name and table names that fit PostgreSQL with a version suffix', () => {
    const names = ikmReadModels.map((m) => m.name)
    const tables = ikmReadModels.flatMap((m) => [...m.tables, ...m.tables.map((t) => `${t}_scope`)])
    expect([new Set(names).size, new Set(tables).size]).toEqual([names.length, tables.length])
    expect(tables.filter((t) => !/^[a-z][a-z0-9_]*$/.test(t) || `${t}__v999`.length > 63)).toEqual([])
  })

  it('reports a failing query as a projection store failure instead of throwing', () => {
    const db = new Database(':memory:')
    const rows = readSqlite(db, (logical) => `"${logical}"`, auditChecklistRows())
    expect(E.isLeft(rows) && projectionErrorMessage(rows.left)).toMatch(/no such table: rm7_entities/)
  })
})
