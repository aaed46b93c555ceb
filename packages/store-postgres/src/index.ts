/**
 * `@ikm-ledger/store-postgres`: the ikm-ledger event store on PostgreSQL (`pg`), with gap-safe global ordering.
 *
 * @since 0.1.0
 */

export { openPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore'
export { openPostgresVaultStorage, type PostgresVaultStorageOptions } from './PostgresVaultStorage'
