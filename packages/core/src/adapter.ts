/**
 * `@ikm-ledger/core/adapter`: the adapter kit, what every event store adapter shares so that all of them
 * validate, number, hash, deduplicate, read, decode, verify and upcast in exactly the same way. Only adapter
 * authors need it; applications use the main entry.
 *
 * @since 0.2.0
 */
export {
  appendResultOf,
  decodeStoredEvent,
  normalizeReadAll,
  normalizeReadStream,
  passesTimeTravel,
  readPipeline,
  resolveIdempotentAppend,
  sealAppend,
  validateAppend,
  validateAppendRequest,
  validateStreamId,
  verifyEventHash,
  type ExistingEvent,
  type NormalizedReadAll,
  type NormalizedReadStream,
  type ReadPipelineOptions,
  type SealedEvent,
  type StreamHead,
  type ValidAppend,
  withinBounds,
  type StoredRow,
} from './kernel/AdapterKit'
export { lru, type Lru } from './kernel/Lru'
export { STORE_OPTION_KEYS, storeSettings, type StoreSettings } from './kernel/StoreSettings'
export {
  decodeRows,
  lowestPositionAfter,
  MAX_STORED_POSITION,
  MIN_STORED_POSITION,
  readAllLoop,
  readStreamLoop,
  type AllPage,
  type AllPageFetch,
  type AllPages,
  type ReadLoopContext,
  type StreamPageFetch,
  type StreamPages,
} from './kernel/ReadLoop'
export {
  backwardLinkProblem,
  forwardLinkProblem,
  globalContinuity,
  storedColumnsProblem,
  streamEndProblem,
  type ChainLink,
  type RecordedHead,
  type StoredColumns,
} from './kernel/RowIntegrity'
