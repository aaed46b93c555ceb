/**
 * `@ikm-ledger/store-sqlite`: the embedded, durable event store on one SQLite file.
 *
 * @since 0.1.0
 */
export {
  createSqliteEventStore,
  openSqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteTuning,
} from './SqliteEventStore'
export { createSqliteVaultStorage, type SqliteVaultStorageOptions } from './SqliteVaultStorage'
