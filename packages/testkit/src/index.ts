/**
 * `@ikm-ledger/testkit`: the contract suites every adapter runs, and given/when/then for deciders.
 *
 * @since 0.1.0
 */
export { eventStoreContract, type EventStoreContractSetup, type EventStoreHarness } from './EventStoreContract'
export {
  eventStoreFuzz,
  fuzzSeed,
  MAX_ERROR_MESSAGE_LENGTH,
  messageProblem,
  type EventStoreFuzzOptions,
} from './EventStoreFuzz'
export { hostileClocks, hostileOptions, type HostileOptions } from './HostileOptions'
export { Hostile, hostileValue, materialize } from './HostileValues'
export { inMemoryHarness } from './InMemoryHarness'
export { newEvent, type EventSpec, type MetadataOverrides } from './internal/fixtures'
export { VECTOR_EVENTS, VECTOR_HASHES, VECTOR_RECORDED_AT, VECTOR_STREAM } from './internal/hashVector'
export { POSTGRES_TEST_URL, requirePostgres, requireServer, type ServerRequirement } from './RequireServer'
export { deciderSpec, type DeciderSpec, type DeciderThen, type DeciderWhen } from './DeciderSpec'
export {
  projectionStoreContract,
  type CounterProjectionOptions,
  type ProjectionStoreContractSetup,
  type ProjectionStoreHarness,
} from './ProjectionStoreContract'
export {
  foundIn,
  piiVaultContract,
  samplePerson,
  testKeys,
  type PiiVaultContractSetup,
  type PiiVaultHarness,
} from './PiiVaultContract'
export {
  checkLogAfterShredding,
  runShreddingScenario,
  type LogAfterShredding,
  type ShreddingOutcome,
} from './ShreddingScenario'
export {
  sqlTamperer,
  tamperMatrix,
  type EventAt,
  type SqlAccess,
  type StoredValues,
  type TamperHarness,
  type Tamperer,
  type TamperMatrixSetup,
} from './TamperMatrix'
export { STORED_COLUMNS, THREAT_MODEL, threatModelTable, type StoredColumn, type Threat } from './ThreatModel'
