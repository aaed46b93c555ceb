/**
 * `@ikm-ledger/projection-sqlite`: persisted read models and their checkpoints in SQLite.
 *
 * @since 0.1.0
 */
export {
  createSqliteProjectionStore,
  type SqliteProjectionStore,
  type SqliteProjectionStoreOptions,
} from './SqliteProjectionStore'
