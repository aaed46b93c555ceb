/**
 * Everything that can go wrong talking to an event store, as data. Each member has a `_tag`, a stable `code`
 * and enough fields to say in plain words what was wrong; {@link storeErrorMessage} says it.
 *
 * @since 0.1.0
 */
import { showRevision, type ExpectedRevision, type StreamRevision } from './ExpectedRevision'
import { showInput, truncateText } from './Input'
import type { GlobalPosition, Revision } from './Revision'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stream id was rejected before any I/O.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidStreamId {
  readonly _tag: 'InvalidStreamId'
  readonly code: 'STORE_INVALID_STREAM_ID'
  readonly streamId: string
  readonly reason: string
}

/**
 * The append request was malformed (empty batch, an event that fails its envelope codec, an id used twice in
 * one batch…). Nothing was written.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidAppend {
  readonly _tag: 'InvalidAppend'
  readonly code: 'STORE_INVALID_APPEND'
  readonly streamId: string
  readonly reason: string
  /** Index of the offending event in the batch, when one event is at fault. */
  readonly index?: number
}

/**
 * A read was asked with bounds or options that make no sense (a negative revision, a batch size of 0…).
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidRead {
  readonly _tag: 'InvalidRead'
  readonly code: 'STORE_INVALID_READ'
  readonly reason: string
}

/**
 * The stream was not where the caller expected it to be. Nothing was written.
 *
 * @category model
 * @since 0.1.0
 */
export interface WrongExpectedRevision {
  readonly _tag: 'WrongExpectedRevision'
  readonly code: 'STORE_WRONG_EXPECTED_REVISION'
  readonly streamId: string
  readonly expected: ExpectedRevision
  readonly actual: StreamRevision
}

/**
 * An event id already recorded elsewhere (another stream, another revision, or with other content) was sent
 * again. Re-sending an identical batch to the same place is not this error: it succeeds idempotently.
 *
 * @category model
 * @since 0.1.0
 */
export interface DuplicateEventId {
  readonly _tag: 'DuplicateEventId'
  readonly code: 'STORE_DUPLICATE_EVENT_ID'
  readonly eventId: string
  readonly streamId: string
  readonly existingStreamId: string
  readonly existingRevision: Revision
  readonly reason: string
}

/**
 * A stored event could not be decoded, or one of its stored columns disagrees with its hashed content: the row
 * is damaged or was written by something that does not follow the envelope. Names the place, and the io-ts path
 * or the column (`column`, the storage's own name for it, such as `occurred_on`).
 *
 * @category model
 * @since 0.1.0
 */
export interface CorruptEvent {
  readonly _tag: 'CorruptEvent'
  readonly code: 'STORE_CORRUPT_EVENT'
  readonly streamId: string
  readonly revision: Revision | undefined
  readonly position: GlobalPosition | undefined
  readonly reason: string
  /** The stored column that disagrees with the hashed content, when that is what is wrong. */
  readonly column?: string
}

/**
 * A stored event's hash does not match its content or its predecessor: the history was altered.
 *
 * @category model
 * @since 0.1.0
 */
export interface HashChainBroken {
  readonly _tag: 'HashChainBroken'
  readonly code: 'STORE_HASH_CHAIN_BROKEN'
  readonly streamId: string
  readonly revision: Revision
  /** Where the event the break was found at is stored, when the read had it (a verifier resumes after it). */
  readonly position?: GlobalPosition
  readonly reason: string
}

/**
 * An upcaster failed, or no upcaster leads from a stored schema version to the current one.
 *
 * @category model
 * @since 0.1.0
 */
export interface UpcastFailed {
  readonly _tag: 'UpcastFailed'
  readonly code: 'STORE_UPCAST_FAILED'
  readonly streamId: string
  readonly revision: Revision
  readonly type: string
  readonly fromVersion: number
  readonly reason: string
}

/**
 * The stream was deleted (KurrentDB tombstones).
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamDeleted {
  readonly _tag: 'StreamDeleted'
  readonly code: 'STORE_STREAM_DELETED'
  readonly streamId: string
}

/**
 * The store refused the caller's credentials.
 *
 * @category model
 * @since 0.1.0
 */
export interface AccessDenied {
  readonly _tag: 'AccessDenied'
  readonly code: 'STORE_ACCESS_DENIED'
  readonly operation: string
  readonly reason: string
}

/**
 * The store could not be reached or is not ready (no leader, connection refused, timeout). Safe to retry.
 *
 * @category model
 * @since 0.1.0
 */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable'
  readonly code: 'STORE_UNAVAILABLE'
  readonly operation: string
  readonly reason: string
  readonly retryable: true
}

/**
 * The store's schema is newer than this library knows, or could not be migrated.
 *
 * @category model
 * @since 0.1.0
 */
export interface SchemaMismatch {
  readonly _tag: 'SchemaMismatch'
  readonly code: 'STORE_SCHEMA_MISMATCH'
  readonly reason: string
}

/**
 * Any other failure of the underlying driver, with the operation it happened in.
 *
 * @category model
 * @since 0.1.0
 */
export interface StorageFailure {
  readonly _tag: 'StorageFailure'
  readonly code: 'STORE_STORAGE_FAILURE'
  readonly operation: string
  readonly reason: string
  readonly cause?: unknown
}

/**
 * The store was closed before the operation.
 *
 * @category model
 * @since 0.1.0
 */
export interface StoreClosed {
  readonly _tag: 'StoreClosed'
  readonly code: 'STORE_CLOSED'
  readonly operation: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type StoreError =
  | InvalidStreamId
  | InvalidAppend
  | InvalidRead
  | WrongExpectedRevision
  | DuplicateEventId
  | CorruptEvent
  | HashChainBroken
  | UpcastFailed
  | StreamDeleted
  | AccessDenied
  | StoreUnavailable
  | SchemaMismatch
  | StorageFailure
  | StoreClosed

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidStreamId = (streamId: string, reason: string): StoreError => ({
  _tag: 'InvalidStreamId',
  code: 'STORE_INVALID_STREAM_ID',
  streamId,
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidAppend = (streamId: string, reason: string, index?: number): StoreError =>
  index === undefined
    ? { _tag: 'InvalidAppend', code: 'STORE_INVALID_APPEND', streamId, reason }
    : { _tag: 'InvalidAppend', code: 'STORE_INVALID_APPEND', streamId, reason, index }

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidRead = (reason: string): StoreError => ({ _tag: 'InvalidRead', code: 'STORE_INVALID_READ', reason })

/**
 * @category constructors
 * @since 0.1.0
 */
export const wrongExpectedRevision = (
  streamId: string,
  expected: ExpectedRevision,
  actual: StreamRevision,
): StoreError => ({ _tag: 'WrongExpectedRevision', code: 'STORE_WRONG_EXPECTED_REVISION', streamId, expected, actual })

/**
 * @category constructors
 * @since 0.1.0
 */
export const duplicateEventId = (
  eventId: string,
  streamId: string,
  existingStreamId: string,
  existingRevision: Revision,
  reason: string,
): StoreError => ({
  _tag: 'DuplicateEventId',
  code: 'STORE_DUPLICATE_EVENT_ID',
  eventId,
  streamId,
  existingStreamId,
  existingRevision,
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const corruptEvent = (
  streamId: string,
  revision: Revision | undefined,
  position: GlobalPosition | undefined,
  reason: string,
  column?: string,
): StoreError => ({
  _tag: 'CorruptEvent',
  code: 'STORE_CORRUPT_EVENT',
  streamId,
  revision,
  position,
  reason,
  ...(column === undefined ? {} : { column }),
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const hashChainBroken = (
  streamId: string,
  revision: Revision,
  reason: string,
  position?: GlobalPosition,
): StoreError => ({
  _tag: 'HashChainBroken',
  code: 'STORE_HASH_CHAIN_BROKEN',
  streamId,
  revision,
  ...(position === undefined ? {} : { position }),
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const upcastFailed = (
  streamId: string,
  revision: Revision,
  type: string,
  fromVersion: number,
  reason: string,
): StoreError => ({ _tag: 'UpcastFailed', code: 'STORE_UPCAST_FAILED', streamId, revision, type, fromVersion, reason })

/**
 * @category constructors
 * @since 0.1.0
 */
export const streamDeleted = (streamId: string): StoreError => ({
  _tag: 'StreamDeleted',
  code: 'STORE_STREAM_DELETED',
  streamId,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const accessDenied = (operation: string, reason: string): StoreError => ({
  _tag: 'AccessDenied',
  code: 'STORE_ACCESS_DENIED',
  operation,
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const storeUnavailable = (operation: string, reason: string): StoreError => ({
  _tag: 'StoreUnavailable',
  code: 'STORE_UNAVAILABLE',
  operation,
  reason,
  retryable: true,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const schemaMismatch = (reason: string): StoreError => ({
  _tag: 'SchemaMismatch',
  code: 'STORE_SCHEMA_MISMATCH',
  reason,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const storageFailure = (operation: string, cause: unknown): StoreError => ({
  _tag: 'StorageFailure',
  code: 'STORE_STORAGE_FAILURE',
  operation,
  reason: reasonOf(cause),
  cause,
})

/** What a driver's failure says, as bounded text, whatever was thrown (an `Error`, a string, a hostile object). */
const reasonOf = (cause: unknown): string => {
  try {
    const text = cause instanceof Error ? String(cause.message) : typeof cause === 'string' ? cause : showInput(cause)
    return truncateText(text === '' ? 'no reason given' : text, MAX_REASON_LENGTH)
  } catch {
    return showInput(cause)
  }
}

const MAX_REASON_LENGTH = 1000

/**
 * @category constructors
 * @since 0.1.0
 */
export const storeClosed = (operation: string): StoreError => ({ _tag: 'StoreClosed', code: 'STORE_CLOSED', operation })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const at = (streamId: string, revision: Revision | undefined, position?: GlobalPosition) =>
  `stream '${streamId}'` +
  (revision === undefined ? '' : ` at revision ${revision}`) +
  (position === undefined ? '' : ` (global position ${position})`)

/**
 * Says what went wrong, in plain words, for logs and API responses.
 *
 * @category utils
 * @since 0.1.0
 */
export const storeErrorMessage = (error: StoreError): string => {
  switch (error._tag) {
    case 'InvalidStreamId':
      return `'${error.streamId}' is not a valid stream id: ${error.reason}`
    case 'InvalidAppend':
      return (
        `cannot append to stream '${error.streamId}'` +
        (error.index === undefined ? '' : ` (event #${error.index} of the batch)`) +
        `: ${error.reason}; nothing was written`
      )
    case 'InvalidRead':
      return `invalid read: ${error.reason}`
    case 'WrongExpectedRevision':
      return (
        `stream '${error.streamId}' was expected at ${showRevision(error.expected)} but is at ` +
        `${showRevision(error.actual)}; someone else wrote first — reload the stream and decide again`
      )
    case 'DuplicateEventId':
      return (
        `event id ${error.eventId} sent to stream '${error.streamId}' is already recorded in ` +
        `${at(error.existingStreamId, error.existingRevision)}: ${error.reason}`
      )
    case 'CorruptEvent':
      return error.column === undefined
        ? `stored event in ${at(error.streamId, error.revision, error.position)} cannot be decoded: ${error.reason}`
        : `stored event in ${at(error.streamId, error.revision, error.position)}: its ${error.column} column ` +
            `disagrees with its hashed content (${error.reason}); the stored row was altered`
    case 'HashChainBroken':
      return `hash chain broken in ${at(error.streamId, error.revision)}: ${error.reason}; the stored history was altered`
    case 'UpcastFailed':
      return `cannot upcast ${error.type} v${error.fromVersion} in ${at(error.streamId, error.revision)}: ${error.reason}`
    case 'StreamDeleted':
      return `stream '${error.streamId}' was deleted`
    case 'AccessDenied':
      return `access denied during ${error.operation}: ${error.reason}`
    case 'StoreUnavailable':
      return `the store is unavailable during ${error.operation}: ${error.reason} (safe to retry)`
    case 'SchemaMismatch':
      return `store schema problem: ${error.reason}`
    case 'StorageFailure':
      return `storage failure during ${error.operation}: ${error.reason}`
    case 'StoreClosed':
      return `the store is closed; cannot ${error.operation}`
  }
}

/**
 * Folds a {@link StoreError} by its tag.
 *
 * @category utils
 * @since 0.1.0
 */
export const matchStoreError =
  <R>(cases: { readonly [K in StoreError['_tag']]: (error: Extract<StoreError, { _tag: K }>) => R }) =>
  (error: StoreError): R =>
    (cases[error._tag] as (e: StoreError) => R)(error)
