/**
 * Persisted read models and their checkpoints in SQLite (better-sqlite3). A projection's unit of work is the
 * `Database` itself, used synchronously inside one `BEGIN IMMEDIATE` transaction that also saves the checkpoint.
 *
 * @since 0.1.0
 */
import {
  checkpointConflict,
  clockOption,
  instantOf,
  isOptionsObject,
  projectionStoreFailure,
  readOptions,
  showInput,
  sqlTableName,
  type Checkpoint,
  type Clock,
  type ParkedEvent,
  type ProjectionError,
  type ProjectionStore,
  type TableResolver,
} from '@ikm-ledger/core'
import Database from 'better-sqlite3'
// The namespace, not the default import, in every type: declarations must compile without esModuleInterop.
import type * as BetterSqlite3 from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where the store keeps its tables: its own file (`path`) or a database the caller opened and keeps owning
 * (for example the event store's own file, so one backup holds both). `clock` stamps `updated_at`/`parked_at`.
 *
 * @category model
 * @since 0.1.0
 */
export type SqliteProjectionStoreOptions = {
  readonly clock?: Clock
  /** How long a writer waits for SQLite's lock before failing; defaults to 5000 ms (files opened by `path`). */
  readonly busyTimeoutMs?: number
} & (
  | { readonly path: string; readonly database?: undefined }
  | { readonly database: BetterSqlite3.Database; readonly path?: undefined }
)

/**
 * The SQLite projection store. `Tx` is the better-sqlite3 `Database`: run statements on it synchronously (an
 * `apply` that returns a promise is rejected, because SQLite would commit before it settles).
 *
 * @category model
 * @since 0.1.0
 */
export interface SqliteProjectionStore extends ProjectionStore<BetterSqlite3.Database> {
  /** The connection, for queries of the read models (`store.tables()` gives their live names). */
  readonly database: BetterSqlite3.Database
  /** Closes the file if the store opened it; a database passed in stays open. */
  readonly close: () => TE.TaskEither<ProjectionError, void>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Opens (and on first use creates) the checkpoint and parked-event tables.
 *
 * @example
 * const store = createSqliteProjectionStore({ path: 'ledger.sqlite' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const createSqliteProjectionStore = (
  options: SqliteProjectionStoreOptions,
): E.Either<ProjectionError, SqliteProjectionStore> => {
  const refuse = (reason: string) => E.left(projectionStoreFailure('open the SQLite projection store', reason))
  if (!isOptionsObject(options)) return refuse(`its options must be an object, got ${showInput(options)}`)
  // Read once, field by field: a getter or a proxy's trap that throws is a refusal naming it.
  const read = readOptions(options, ['clock', 'busyTimeoutMs', 'path', 'database'], 'its options')
  if (E.isLeft(read)) return refuse(read.left)
  const fields = read.right as {
    readonly path?: unknown
    readonly busyTimeoutMs?: unknown
    readonly database?: BetterSqlite3.Database
  }
  const clock = clockOption(read.right.clock)
  if (E.isLeft(clock)) return refuse(clock.left)
  if ((fields.path === undefined) === (fields.database === undefined)) {
    return refuse('give either a file path (or ":memory:") or an open better-sqlite3 database, not both or none')
  }
  if (fields.path !== undefined && (typeof fields.path !== 'string' || fields.path.length === 0)) {
    return refuse(`the path must be a non-empty string: a file name or ":memory:", got ${showInput(fields.path)}`)
  }
  const busyTimeoutMs = fields.busyTimeoutMs ?? 5000
  if (typeof busyTimeoutMs !== 'number' || !Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    return refuse(`busyTimeoutMs must be a whole number of milliseconds >= 0, got ${showInput(busyTimeoutMs)}`)
  }
  const owned = fields.database === undefined
  return pipeTry('open the SQLite projection store', () => {
    const db = fields.database ?? new Database(fields.path as string, { timeout: busyTimeoutMs })
    if (owned) db.pragma('journal_mode = WAL')
    db.exec(SCHEMA)
    return sqliteProjectionStore(db, clock.right, owned)
  })
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ikm_projection_checkpoints (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  rebuild_version INTEGER,
  rebuild_position INTEGER,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS ikm_projection_parked (
  projection TEXT NOT NULL,
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  reason TEXT NOT NULL,
  parked_at TEXT NOT NULL,
  PRIMARY KEY (projection, event_id)
) STRICT;
`

/** In-process locks, per database file (or per connection for `:memory:`). */
const locks = new WeakMap<object, Set<string>>()
const fileKeys = new Map<string, object>()

const lockKey = (db: BetterSqlite3.Database): object => {
  if (db.memory) return db
  const existing = fileKeys.get(db.name)
  if (existing !== undefined) return existing
  const key = {}
  fileKeys.set(db.name, key)
  return key
}

const pipeTry = <A>(operation: string, run: () => A): E.Either<ProjectionError, A> =>
  E.tryCatch(run, (cause) => projectionStoreFailure(operation, cause))

const quote = (name: string) => `"${name}"`

// Inside a transaction: the store's transaction reports the thrown reason as a ProjectionStoreFailure.
const physical = (logical: string, version: number | undefined): string =>
  E.getOrElse((reason: string): string => {
    throw new Error(reason)
  })(sqlTableName(logical, version))

interface CheckpointRow {
  readonly name: string
  readonly version: bigint
  readonly position: bigint
  readonly rebuild_version: bigint | null
  readonly rebuild_position: bigint | null
}

interface ParkedRow {
  readonly projection: string
  readonly position: bigint
  readonly event_id: string
  readonly stream_id: string
  readonly revision: bigint
  readonly type: string
  readonly reason: string
}

const sqliteProjectionStore = (db: BetterSqlite3.Database, clock: Clock, owned: boolean): SqliteProjectionStore => {
  const loadStatement = db.prepare('SELECT * FROM ikm_projection_checkpoints WHERE name = ?').safeIntegers(true)
  const saveStatement = db.prepare(
    `INSERT INTO ikm_projection_checkpoints (name, version, position, rebuild_version, rebuild_position, updated_at)
     VALUES (@name, @version, @position, @rebuildVersion, @rebuildPosition, @updatedAt)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
       rebuild_version = excluded.rebuild_version, rebuild_position = excluded.rebuild_position,
       updated_at = excluded.updated_at`,
  )
  const parkStatement = db.prepare(
    `INSERT INTO ikm_projection_parked (projection, position, event_id, stream_id, revision, type, reason, parked_at)
     VALUES (@projection, @position, @eventId, @streamId, @revision, @type, @reason, @parkedAt)
     ON CONFLICT (projection, event_id) DO NOTHING`,
  )
  const parkedStatement = db
    .prepare('SELECT * FROM ikm_projection_parked WHERE projection = ? ORDER BY position')
    .safeIntegers(true)
  let closed = false

  const load = (name: string): Checkpoint | undefined => {
    const row = loadStatement.get(name) as CheckpointRow | undefined
    if (row === undefined) return undefined
    return {
      name: row.name,
      version: Number(row.version),
      position: row.position,
      rebuild:
        row.rebuild_version === null || row.rebuild_position === null
          ? undefined
          : { version: Number(row.rebuild_version), position: row.rebuild_position },
    }
  }

  const guarded = <A>(operation: string, run: () => A): TE.TaskEither<ProjectionError, A> =>
    TE.fromEither(
      closed ? E.left(projectionStoreFailure(operation, 'the projection store is closed')) : pipeTry(operation, run),
    )

  return {
    database: db,
    loadCheckpoint: (name) => guarded('load a checkpoint', () => O.fromNullable(load(name))),
    transaction: (work) =>
      guarded('run a projection transaction', () =>
        db
          .transaction(() => {
            const result = work(db)
            if (result instanceof Promise) {
              result.catch(() => undefined)
              throw new Error(
                'a SQLite projection must apply synchronously (better-sqlite3 is synchronous); do not return a promise',
              )
            }
            return result
          })
          .immediate(),
      ),
    saveCheckpoint: (_tx, checkpoint, expected) => {
      // Inside a BEGIN IMMEDIATE transaction: no other writer can move the row between this read and the write.
      const conflict = checkpointConflict(checkpoint.name, expected, load(checkpoint.name))
      if (conflict !== undefined) throw new Error(conflict)
      saveStatement.run({
        name: checkpoint.name,
        version: checkpoint.version,
        position: checkpoint.position,
        rebuildVersion: checkpoint.rebuild?.version ?? null,
        rebuildPosition: checkpoint.rebuild?.position ?? null,
        updatedAt: instantOf(clock.now()),
      })
    },
    tables:
      (version): TableResolver =>
      (logical) =>
        quote(physical(logical, version)),
    dropTables: (tx, tables, version) => {
      for (const table of tables) tx.exec(`DROP TABLE IF EXISTS ${quote(physical(table, version))}`)
    },
    swapTables: (tx, tables, version) => {
      for (const table of tables) {
        tx.exec(`DROP TABLE IF EXISTS ${quote(physical(table, undefined))}`)
        tx.exec(`ALTER TABLE ${quote(physical(table, version))} RENAME TO ${quote(physical(table, undefined))}`)
      }
    },
    park: (_tx, event) =>
      void parkStatement.run({
        projection: event.projection,
        position: event.position,
        eventId: event.eventId,
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        reason: event.reason,
        parkedAt: instantOf(clock.now()),
      }),
    parkedEvents: (name) =>
      guarded('list parked events', () =>
        (parkedStatement.all(name) as Array<ParkedRow>).map((row): ParkedEvent => ({
          projection: row.projection,
          position: row.position,
          eventId: row.event_id,
          streamId: row.stream_id,
          revision: row.revision,
          type: row.type,
          reason: row.reason,
        })),
      ),
    acquire: (name) =>
      guarded('take the projection lock', () => {
        const key = lockKey(db)
        const held = locks.get(key) ?? new Set<string>()
        locks.set(key, held)
        if (held.has(name)) return O.none
        held.add(name)
        return O.some(async () => void held.delete(name))
      }),
    close: () =>
      guarded('close the projection store', () => {
        closed = true
        if (owned) db.close()
      }),
  }
}
