/**
 * A {@link ProjectionStore} in memory: tables are plain values, a transaction works on a copy and publishes it
 * on success. It backs `startInMemoryProjection` and lets tests run the runner without a database.
 *
 * @since 0.1.0
 */
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
import {
  checkpointConflict,
  physicalTableName,
  projectionStoreFailure,
  type Checkpoint,
  type MaybePromise,
  type ParkedEvent,
  type ProjectionError,
  type ProjectionStore,
} from './Projection'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The unit of work of the in-memory projection store: read and write whole tables by physical name.
 *
 * @category model
 * @since 0.1.0
 */
export interface MemoryTables {
  readonly get: (table: string) => unknown
  readonly set: (table: string, value: unknown) => void
}

/**
 * An in-memory projection store, with direct reads for callers and tests.
 *
 * @category model
 * @since 0.1.0
 */
export interface InMemoryProjectionStore extends ProjectionStore<MemoryTables> {
  /** The committed value of a table (by physical name), `undefined` when it does not exist. */
  readonly read: (table: string) => unknown
  /** The physical tables that exist now. */
  readonly tableNames: () => ReadonlyArray<string>
}

interface Snapshot {
  readonly tables: Map<string, unknown>
  readonly checkpoints: Map<string, Checkpoint>
  readonly parked: Array<ParkedEvent>
}

/**
 * What an in-memory projection store keeps: its committed tables, checkpoints, parked events and held locks.
 * Two stores over one storage behave like two processes on one database.
 *
 * @category model
 * @since 0.2.0
 */
export interface InMemoryProjectionStorage {
  /** Replaced, never mutated, by each committed transaction. */
  committed: Snapshot
  /** Transactions of every store on this storage run one at a time, in this queue. */
  queue: Promise<unknown>
  readonly held: Set<string>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Empty storage for in-memory projection stores.
 *
 * @category constructors
 * @since 0.2.0
 */
export const inMemoryProjectionStorage = (): InMemoryProjectionStorage => ({
  committed: { tables: new Map(), checkpoints: new Map(), parked: [] },
  queue: Promise.resolve(),
  held: new Set(),
})

/**
 * Creates an in-memory projection store, on fresh storage unless one is given. Transactions run one at a time;
 * the values stored in tables are replaced, never mutated in place, so a rolled-back transaction leaves no trace.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createInMemoryProjectionStore = (
  storage: InMemoryProjectionStorage = inMemoryProjectionStorage(),
): InMemoryProjectionStore => {
  const { held } = storage
  const draftOf = (tx: MemoryTables): Snapshot => (tx as MemoryTx).draft

  const transaction = <A>(work: (tx: MemoryTables) => MaybePromise<A>): TE.TaskEither<ProjectionError, A> =>
    TE.tryCatch(
      () => {
        const run = storage.queue.then(async () => {
          const { committed } = storage
          const draft: Snapshot = {
            tables: new Map(committed.tables),
            checkpoints: new Map(committed.checkpoints),
            parked: [...committed.parked],
          }
          const tx: MemoryTx = {
            draft,
            get: (table) => draft.tables.get(table),
            set: (table, value) => void draft.tables.set(table, value),
          }
          const result = await work(tx)
          storage.committed = draft
          return result
        })
        storage.queue = run.catch(() => undefined)
        return run
      },
      (cause) => projectionStoreFailure('transaction', cause),
    )

  return {
    loadCheckpoint: (name) => TE.right(O.fromNullable(storage.committed.checkpoints.get(name))),
    transaction,
    saveCheckpoint: (tx, checkpoint, expected) => {
      const checkpoints = draftOf(tx).checkpoints
      const conflict = checkpointConflict(checkpoint.name, expected, checkpoints.get(checkpoint.name))
      if (conflict !== undefined) throw new Error(conflict)
      checkpoints.set(checkpoint.name, checkpoint)
    },
    tables: (version) => (table) => physicalTableName(table, version),
    dropTables: (tx, tables, version) => {
      for (const table of tables) draftOf(tx).tables.delete(physicalTableName(table, version))
    },
    swapTables: (tx, tables, version) => {
      const draft = draftOf(tx)
      for (const table of tables) {
        draft.tables.set(table, draft.tables.get(physicalTableName(table, version)))
        draft.tables.delete(physicalTableName(table, version))
      }
    },
    park: (tx, event) => {
      const parked = draftOf(tx).parked
      if (!parked.some((p) => p.projection === event.projection && p.eventId === event.eventId)) parked.push(event)
    },
    parkedEvents: (name) => TE.right(storage.committed.parked.filter((p) => p.projection === name)),
    acquire: (name) => {
      if (held.has(name)) return TE.right(O.none)
      held.add(name)
      return TE.right(O.some(async () => void held.delete(name)))
    },
    read: (table) => storage.committed.tables.get(table),
    tableNames: () => [...storage.committed.tables.keys()],
  }
}

interface MemoryTx extends MemoryTables {
  readonly draft: Snapshot
}
