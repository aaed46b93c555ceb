/**
 * `@ikm-ledger/projection-postgres`: persisted read models and their checkpoints in PostgreSQL.
 *
 * @since 0.1.0
 */
export {
  openPostgresProjectionStore,
  type PostgresProjectionStore,
  type PostgresProjectionStoreOptions,
} from './PostgresProjectionStore'
