/**
 * The store's tables and the versioned migrations that create them. Migrations run on open inside one
 * `BEGIN IMMEDIATE` transaction, so two processes opening the same new file at once apply them exactly once.
 */
import type Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { schemaMismatch, storageFailure, type StoreError } from '@ikm-ledger/core'

/** One step of the schema, applied once and recorded in `event_store_migrations`. */
interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

// The migrations table has its own name (not `schema_migrations`, not `PRAGMA user_version`) because read-model
// packages may keep their tables in the same file and version them independently.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS event_store_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`

// `position` is the rowid: SQLite lets one writer in at a time and assigns rowids under the write lock, so
// position order is commit order and a reader never sees a later commit below a position it has passed.
// AUTOINCREMENT keeps positions from ever being handed out twice, even if the last rows were deleted by hand.
// Positions start at 1 and the CHECK refuses anything below (files created before it was added lack it; their
// reads name such a row all the same, see `lowestPositionAfter`).
// The category is its own column so that a category filter is an index range, never a LIKE on ids that may
// contain `%` and `_`. STRICT makes SQLite refuse a value of the wrong type instead of storing it.
const V1 = `
CREATE TABLE events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT CHECK (position >= 1),
  stream_id      TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  revision       INTEGER NOT NULL CHECK (revision >= 0),
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  occurred_on    TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;

CREATE INDEX events_category_position ON events (category, position);
CREATE INDEX events_type_position ON events (type, position);

CREATE TABLE streams (
  stream_id     TEXT    PRIMARY KEY,
  category      TEXT    NOT NULL,
  revision      INTEGER NOT NULL CHECK (revision >= 0),
  last_hash     TEXT    NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`

const MIGRATIONS: ReadonlyArray<Migration> = [{ version: 1, name: 'events and streams', sql: V1 }]

/**
 * The schema version this code writes.
 */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/**
 * Brings the file's schema up to {@link SCHEMA_VERSION}. Refuses a file written by a newer version of the
 * library rather than guessing how to use it.
 */
export const migrate = (db: Database.Database, appliedAt: string): E.Either<StoreError, number> => {
  try {
    return db
      .transaction((): E.Either<StoreError, number> => {
        db.exec(MIGRATIONS_TABLE)
        const row = db.prepare('SELECT max(version) AS version FROM event_store_migrations').get() as {
          version: number | null
        }
        const current = row.version ?? 0
        if (current > SCHEMA_VERSION) {
          return E.left(
            schemaMismatch(
              `the SQLite file is at event store schema version ${current} but this version of @ikm-ledger/store-sqlite ` +
                `knows versions up to ${SCHEMA_VERSION}; upgrade the library before opening this file`,
            ),
          )
        }
        const record = db.prepare('INSERT INTO event_store_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        for (const migration of MIGRATIONS) {
          if (migration.version <= current) continue
          db.exec(migration.sql)
          record.run(migration.version, migration.name, appliedAt)
        }
        return E.right(SCHEMA_VERSION)
      })
      .immediate()
  } catch (cause) {
    return E.left(
      cause instanceof Error && /already exists/.test(cause.message)
        ? schemaMismatch(
            `the SQLite file already holds tables the event store needs (${cause.message}) but no record of ` +
              `creating them; open an empty file or one written by @ikm-ledger/store-sqlite`,
          )
        : storageFailure('migrate the event store schema', cause),
    )
  }
}

/**
 * For a file opened read-only: checks that it is at {@link SCHEMA_VERSION} instead of migrating it.
 */
export const checkSchemaVersion = (db: Database.Database): E.Either<StoreError, number> => {
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'event_store_migrations'")
      .get()
    const version =
      table === undefined
        ? 0
        : ((
            db.prepare('SELECT max(version) AS version FROM event_store_migrations').get() as { version: number | null }
          ).version ?? 0)
    return version === SCHEMA_VERSION
      ? E.right(version)
      : E.left(
          schemaMismatch(
            `the SQLite file opened read-only is at event store schema version ${version}, this version of ` +
              `@ikm-ledger/store-sqlite reads version ${SCHEMA_VERSION}` +
              (version < SCHEMA_VERSION ? '; a read-only file cannot be migrated, open a writable copy once' : ''),
          ),
        )
  } catch (cause) {
    return E.left(storageFailure('read the event store schema version', cause))
  }
}
