// The published types of every package a service may import, type-checked as a consumer compiles them — also
// under CommonJS + moduleResolution node10 without esModuleInterop (tsconfig.node10.json), where a default import
// of better-sqlite3 or pg left in our declarations would be an error. testkit is left out: fast-check, which it
// re-exports, publishes declarations that only resolve under node16 and later.
import type * as cli from '@ikm-ledger/cli'
import type * as core from '@ikm-ledger/core'
import type * as adapter from '@ikm-ledger/core/adapter'
import type * as domain from '@ikm-ledger/core/domain'
import type * as projectionPostgres from '@ikm-ledger/projection-postgres'
import type * as projectionSqlite from '@ikm-ledger/projection-sqlite'
import type * as projections from '@ikm-ledger/projections'
import type * as regions from '@ikm-ledger/regions'
import type * as kurrentDb from '@ikm-ledger/store-kurrentdb'
import type * as postgres from '@ikm-ledger/store-postgres'
import type * as sqlite from '@ikm-ledger/store-sqlite'

export type EveryPackage = [
  typeof cli,
  typeof core,
  typeof adapter,
  typeof domain,
  typeof projectionPostgres,
  typeof projectionSqlite,
  typeof projections,
  typeof regions,
  typeof kurrentDb,
  typeof postgres,
  typeof sqlite,
]

// The types that carry a driver's: a connection or a pool a caller passes in.
export type DriverTypes = [
  sqlite.SqliteEventStoreOptions,
  projectionSqlite.SqliteProjectionStore,
  postgres.PostgresEventStoreOptions,
  projectionPostgres.PostgresProjectionStore,
]
