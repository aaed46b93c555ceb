/**
 * A custom projection in a few lines: enrolled training participants per region, folded in memory and kept as
 * a SQLite table that survives restarts.
 *
 * Run: pnpm --filter @ikm-ledger/examples exec tsx --conditions=@ikm-ledger/source custom-projection/index.ts
 */
import {
  createInMemoryEventStore,
  defineEvent,
  eventRegistry,
  formatErrors,
  NewEvent,
  persistedProjection,
  projectionErrorMessage,
  projectInMemory,
  startProjection,
  steppingClock,
  storeErrorMessage,
  typedProjection,
  uuidV7,
  type EventStore,
  type ProjectionStatus,
} from '@ikm-ledger/core'
import { createSqliteProjectionStore, type SqliteProjectionStore } from '@ikm-ledger/projection-sqlite'
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// --- the events this projection reads --------------------------------------------------------------------

const ParticipantEnrolled = defineEvent('ParticipantEnrolled', t.type({ participantId: t.string, region: t.string }))
const registry = eventRegistry([ParticipantEnrolled])

// --- 1. in memory: a pure fold ------------------------------------------------------------------------------

const participantsPerRegion = typedProjection({
  name: 'participants-per-region',
  version: 1,
  registry,
  init: (): Readonly<Record<string, number>> => ({}),
  evolve: (counts, event) => E.right({ ...counts, [event.data.region]: (counts[event.data.region] ?? 0) + 1 }),
})

// --- 2. persisted: one SQLite table, written in the same transaction as the checkpoint ---------------------

type Db = SqliteProjectionStore['database']

const participantsTable = persistedProjection<Db>({
  name: 'participants-per-region',
  version: 1,
  handles: registry.types,
  tables: ['participants_per_region'],
  setup: (db, table) =>
    void db.exec(
      `CREATE TABLE IF NOT EXISTS ${table('participants_per_region')} (region TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
    ),
  apply: (db, events, table) => {
    const add = db.prepare(
      `INSERT INTO ${table('participants_per_region')} (region, n) VALUES (?, 1)
       ON CONFLICT (region) DO UPDATE SET n = n + 1`,
    )
    for (const recorded of events) {
      const event = registry.decode(recorded)
      // A Left makes this event a poison event: the runner stops on it (or parks it) and says where it is.
      if (E.isLeft(event)) return E.left(storeErrorMessage(event.left))
      add.run(event.right.data.region)
    }
    return E.right(undefined)
  },
})

// --- a few events ----------------------------------------------------------------------------------------

const enrol = (region: string): NewEvent => {
  const encoded = registry.encode({ type: 'ParticipantEnrolled', data: { participantId: uuidV7(), region } })
  if (E.isLeft(encoded)) throw new Error(encoded.left)
  const event = NewEvent.decode({
    eventId: uuidV7(),
    ...encoded.right,
    metadata: {
      occurredOn: '2025-03-10',
      actor: { id: 'dinas-perindustrian-jateng', role: 'OPERATOR' },
      correlationId: 'bimtek-batik-2025',
      evidence: { level: 'DOCUMENTED', refs: [{ kind: 'ATTENDANCE_LIST' }] },
      mode: 'OPERATIONAL',
    },
  })
  if (E.isLeft(event)) throw new Error(formatErrors(event.left))
  return event.right
}

const append = async (store: EventStore, streamId: string, regions: ReadonlyArray<string>) => {
  const result = await store.append(streamId, regions.map(enrol))()
  if (E.isLeft(result)) throw new Error(storeErrorMessage(result.left))
}

/** What the example shows, returned so a test can keep this README true. */
export interface CustomProjectionOutput {
  readonly inMemory: Readonly<Record<string, number>>
  readonly caughtUpTo: bigint
  readonly sqlite: ReadonlyArray<unknown>
  readonly afterLiveAppend: ReadonlyArray<unknown>
  readonly status: ProjectionStatus
}

/** Runs both projections; the SQLite file goes in `dir`. */
export const customProjection = async (dir: string): Promise<CustomProjectionOutput> => {
  const events = createInMemoryEventStore({ clock: steppingClock('2025-03-10T02:00:00.000Z') })
  await append(events, `program-${uuidV7()}`, ['Jawa Tengah', 'Jawa Tengah', 'DI Yogyakarta'])
  await append(events, `program-${uuidV7()}`, ['Bali', 'Jawa Tengah'])

  // 1. In memory, once.
  const folded = await projectInMemory(events, participantsPerRegion)()
  if (E.isLeft(folded)) throw new Error(projectionErrorMessage(folded.left))

  // 2. Persisted to SQLite: catch up, tail live, stop cleanly.
  const opened = createSqliteProjectionStore({ path: join(dir, 'read-models.sqlite') })
  if (E.isLeft(opened)) throw new Error(projectionErrorMessage(opened.left))
  const readModels = opened.right
  const runner = startProjection({
    store: events,
    projectionStore: readModels,
    projection: participantsTable,
    poisonPolicy: 'stop',
  })
  const query = () =>
    readModels.database
      .prepare(`SELECT region, n FROM ${readModels.tables()('participants_per_region')} ORDER BY region`)
      .all()
  try {
    const caughtUp = await runner.whenCaughtUp({ timeoutMs: 5000 })()
    if (E.isLeft(caughtUp)) throw new Error(projectionErrorMessage(caughtUp.left))
    const sqlite = query()

    await append(events, `program-${uuidV7()}`, ['Bali'])
    const live = await runner.whenCaughtUp({ timeoutMs: 5000 })()
    if (E.isLeft(live)) throw new Error(projectionErrorMessage(live.left))
    return {
      inMemory: folded.right,
      caughtUpTo: caughtUp.right,
      sqlite,
      afterLiveAppend: query(),
      status: runner.status(),
    }
  } finally {
    await runner.stop()
    await readModels.close()()
  }
}

if (process.argv[1]?.endsWith(join('custom-projection', 'index.ts'))) {
  const dir = mkdtempSync(join(tmpdir(), 'ikm-custom-projection-'))
  customProjection(dir)
    .then((output) => {
      console.log('in memory:', output.inMemory)
      console.log(`sqlite, caught up to position ${output.caughtUpTo}:`, output.sqlite)
      console.log('sqlite, after a live append:', output.afterLiveAppend)
      console.log('status:', output.status)
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }))
}
