/**
 * `@ikm-ledger/core`: the event-sourcing kernel. The IKM domain lives in `@ikm-ledger/core/domain`.
 *
 * @since 0.1.0
 */

// json and hashing
export {
  canonicalJson,
  duplicateJsonKey,
  findNonJson,
  toJson,
  unknownMember,
  type JsonObject,
  type JsonValue,
} from './kernel/Json'
export { nodeSha256, type Sha256 } from './kernel/platform/sha256'
export { nodeEnvelope, type Envelope } from './kernel/platform/envelope'
export {
  keyProviderFromEnv,
  keyUnavailable,
  type KeyProvider,
  type KeyUnavailable,
  type MasterKey,
} from './kernel/KeyProvider'
export { chainHash, GENESIS_HASH, hashInput, type HashedFields } from './kernel/HashChain'

// envelope
export {
  categoryOf,
  MAX_STREAM_ID_LENGTH,
  parseStreamId,
  StreamId,
  streamIdOf,
  streamIdProblem,
  type StreamIdBrand,
} from './kernel/StreamId'
export { EventId, isUuid, type EventIdBrand } from './kernel/EventId'
export { BigIntFromString, GlobalPosition, parseBigInt, Revision, START_POSITION } from './kernel/Revision'
export {
  CivilDate,
  clockOption,
  instantOf,
  Instant,
  isCivilDate,
  isInstant,
  parseInstant,
  steppingClock,
  systemClock,
  type CivilDateBrand,
  type Clock,
  type InstantBrand,
} from './kernel/Time'
export {
  Actor,
  CommandMode,
  Evidence,
  EvidenceLevel,
  EvidenceRef,
  EventMetadata,
  EventMetadataInput,
  PlaceTimeZone,
} from './kernel/Metadata'
export {
  decodeNewEvent,
  EventType,
  JsonValueCodec,
  NewEvent,
  RecordedEvent,
  SchemaVersion,
} from './kernel/RecordedEvent'
export {
  expectedRevisionProblem,
  isExpectedRevision,
  satisfiesExpected,
  showRevision,
  type ExpectedRevision,
  type StreamRevision,
} from './kernel/ExpectedRevision'
export {
  isOptionsObject,
  methodsProblem,
  readOptions,
  SHOWN_INPUT_LENGTH,
  SHOWN_STREAM_ID_LENGTH,
  showInput,
  snapshotInput,
  truncateText,
} from './kernel/Input'
export { DEFAULT_INPUT_LIMITS, inputLimits, type InputLimits } from './kernel/Limits'
export { uuidV7, sequentialIds, type IdGenerator } from './kernel/IdGenerator'

// errors
export {
  accessDenied,
  corruptEvent,
  duplicateEventId,
  hashChainBroken,
  invalidAppend,
  invalidRead,
  invalidStreamId,
  matchStoreError,
  schemaMismatch,
  storageFailure,
  storeClosed,
  storeErrorMessage,
  storeUnavailable,
  streamDeleted,
  upcastFailed,
  wrongExpectedRevision,
  type AccessDenied,
  type CorruptEvent,
  type DuplicateEventId,
  type HashChainBroken,
  type InvalidAppend,
  type InvalidRead,
  type InvalidStreamId,
  type SchemaMismatch,
  type StorageFailure,
  type StoreClosed,
  type StoreError,
  type StoreUnavailable,
  type StreamDeleted,
  type UpcastFailed,
  type WrongExpectedRevision,
} from './kernel/StoreError'
export { errorPath, formatErrors } from './kernel/Decode'

// the port
export type {
  AllBatch,
  AppendOptions,
  AppendResult,
  Batches,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedStreamHead,
  StoreOptions,
} from './kernel/EventStore'

// schema evolution
export { upcast, upcasterRegistry, type Upcaster, type UpcasterRegistry } from './kernel/Upcaster'

// typed events and deciders
export {
  defineEvent,
  eventRegistry,
  type DomainEvent,
  type EncodedEvent,
  type EventDefinition,
  type EventOf,
  type EventRegistry,
} from './kernel/EventCodec'
export { foldEvents, type Decider } from './kernel/Decider'

// the in-memory store
export {
  createInMemoryEventStore,
  inMemoryStorage,
  type InMemoryEventStoreOptions,
  type InMemoryRow,
  type InMemoryStorage,
} from './kernel/InMemoryEventStore'

// consuming reads
export {
  collectAll,
  collectStream,
  foldAll,
  foldStream,
  forEachAllBatch,
  forEachBatch,
  type FoldedAll,
} from './kernel/Streams'

// projections
export {
  checkpointConflict,
  evolveGuarded,
  handlesEvent,
  invalidProjection,
  persistedProjection,
  poisonEvent,
  projection,
  projectionErrorMessage,
  projectionStoreFailure,
  readFilterOf,
  reasonOf,
  typedProjection,
  type ApplyResult,
  type CatchUpTimedOut,
  type Checkpoint,
  type EventFilter,
  type InvalidProjection,
  type MaybePromise,
  type ParkedEvent,
  type PersistedProjection,
  type PoisonEvent,
  type Projection,
  type ProjectionError,
  type ProjectionHalted,
  type ProjectionHandles,
  type ProjectionStore,
  type ProjectionStoreFailure,
  catchUpTimedOut,
  matchProjectionError,
  physicalTableName,
  projectionHalted,
  sqlTableName,
  type TableResolver,
} from './kernel/Projection'
export { startDecision, type StartDecision } from './kernel/ProjectionStart'
export {
  inMemoryProjectionStorage,
  createInMemoryProjectionStore,
  type InMemoryProjectionStorage,
  type InMemoryProjectionStore,
  type MemoryTables,
} from './kernel/ProjectionMemoryStore'
export {
  inMemoryAsPersisted,
  projectInMemory,
  startInMemoryProjection,
  startProjection,
  type InMemoryProjectionRunner,
  type PoisonPolicy,
  type ProgressStatus,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './kernel/ProjectionRunner'

// command handling
export {
  commandFailureMessage,
  commandHandler,
  loadAggregate,
  type CommandFailure,
  type CommandHandler,
  type CommandHandlerConfig,
  type CommandRejected,
  type CommandResult,
  type DatedFact,
  type EventEncodingFailed,
  type FactOrder,
  type EventMetadataDraft,
  type HandleOptions,
  type LoadedAggregate,
  type LoadOptions,
} from './kernel/CommandHandler'

// failures over HTTP
export {
  commandFailureProblem,
  commandFailureStatus,
  problemOf,
  rejectionStatus,
  storeErrorProblem,
  storeErrorStatus,
  type FailureStatus,
  type Problem,
} from './kernel/Problem'

// the Promise facade
export {
  CommandFailed,
  promiseCommandHandler,
  promiseStore,
  StoreFailure,
  type PlainBounds,
  type PromiseEventStore,
} from './kernel/Promises'

// audits
export {
  compareWithCheckpoint,
  compareWithLeafList,
  verifyAllChains,
  verifyStreamChain,
  type ChainBreak,
  type ChainReport,
  type LedgerReport,
  type StreamChainReport,
  type VerifyAllOptions,
} from './kernel/ChainVerification'

// the Merkle log, checkpoints and proofs
export { bytesEqual, bytesToHex, hexToBytes } from './kernel/Hex'
export { nodeSha256Bytes, type Sha256Bytes } from './kernel/platform/sha256'
export { ed25519Signer, ed25519Verifier, generateEd25519KeyPair } from './kernel/platform/ed25519'
export {
  DIGEST_SIZE,
  eventLeafData,
  merkleLog,
  rfc9162Hasher,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
  type MerkleHasher,
  type MerkleLog,
} from './kernel/Merkle'
export {
  CHECKPOINT_FORMAT,
  checkpointJson,
  checkpointMessage,
  checkpointRoot,
  decodeCheckpoint,
  keyIdOf,
  signCheckpoint,
  SignedCheckpoint,
  verifyCheckpointSignature,
  type SignatureVerifier,
  type Signer,
  type TreeHead,
} from './kernel/Checkpoint'
export {
  CONSISTENCY_PROOF_FORMAT,
  ConsistencyProof,
  consistencyProofOf,
  decodeLedgerLog,
  decodeLogProof,
  encodeLedgerLog,
  extendLedgerLog,
  INCLUSION_PROOF_FORMAT,
  InclusionProof,
  inclusionProofOf,
  ledgerLog,
  leafListText,
  LogProof,
  parseLeafList,
  treeHeadOf,
  verifyLogProof,
  type LeafRecord,
  type LedgerLog,
  type LogExtension,
  type ProofVerified,
  type ProofVerifierDeps,
} from './kernel/LedgerLog'
