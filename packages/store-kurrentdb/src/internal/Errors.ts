/**
 * What a client error means, as a `StoreError`. The client's error classes carry a `type` string
 * (`ErrorType`); matching on it rather than on `instanceof` keeps the mapping right when two copies of the client
 * are installed.
 */
import {
  accessDenied,
  storageFailure,
  storeUnavailable,
  streamDeleted,
  wrongExpectedRevision,
  type ExpectedRevision,
  type StoreError,
} from '@ikm-ledger/core'
import { ErrorType, type AppendStreamState, type CurrentStreamState } from '@kurrent/kurrentdb-client'
import { expectedRevisionOf, streamRevisionOf } from './StreamState'

/** The `type` of a client error, when the value is one. */
export const errorTypeOf = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'type' in cause && typeof cause.type === 'string'
    ? cause.type
    : undefined

const messageOf = (cause: unknown): string =>
  cause instanceof Error && cause.message !== '' ? cause.message : String(errorTypeOf(cause) ?? cause)

/** The details of a wrong-expected-version error, when the value is one. */
export const wrongExpectedVersionOf = (
  cause: unknown,
): { readonly expected: ExpectedRevision; readonly actual: ReturnType<typeof streamRevisionOf> } | undefined => {
  if (errorTypeOf(cause) !== ErrorType.WRONG_EXPECTED_VERSION) return undefined
  const { expectedState, actualState } = cause as {
    expectedState?: AppendStreamState
    actualState?: CurrentStreamState
  }
  return {
    expected: expectedState === undefined ? 'any' : expectedRevisionOf(expectedState),
    actual: actualState === undefined ? 'no_stream' : streamRevisionOf(actualState),
  }
}

/** Whether the read failed because the stream does not exist (which reads as an empty stream). */
export const isStreamNotFound = (cause: unknown): boolean => errorTypeOf(cause) === ErrorType.STREAM_NOT_FOUND

const UNAVAILABLE: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.NOT_LEADER,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
])

/**
 * Passing conditions that reach the caller as an `UnknownError` carrying the server's words: on the batch-append
 * path "Server Is Not Ready", "Server Is Busy" and "No leader info available in response"
 * (`Streams.BatchAppend.cs`, sent with empty details, which the client's `unpackError.js` reports as
 * "Could not recognize …"; "Server Is Too Busy" and the leader-info one are also gRPC statuses in
 * `RpcExceptions.cs`), and reads that timed out or were cancelled inside the Rust bridge (`convertBridgeError.js`
 * turns every error it does not name into `UnknownError`).
 */
const TRANSIENT_MESSAGES: ReadonlyArray<RegExp> = [
  /server is not ready/i,
  /server is (too )?busy/i,
  /no leader info/i,
  /timed? ?out/i,
  /deadline/i,
  /cancel/i,
]

/** Whether a client error is a passing condition: an election, a restart, overload, a timeout, a cancellation. */
export const isTransient = (cause: unknown): boolean => {
  const type = errorTypeOf(cause)
  if (type !== undefined && UNAVAILABLE.has(type)) return true
  return type === ErrorType.UNKNOWN && TRANSIENT_MESSAGES.some((pattern) => pattern.test(messageOf(cause)))
}

/** What to do after an append failed in a way that leaves its outcome unknown. */
export const RETRY_THE_BATCH =
  'it may or may not have been written: retry the same batch with the same event ids, which is recognised and never written twice'

/** A `StoreUnavailable` of an append, with the advice to retry the same batch. */
export const withRetryAdvice = (error: StoreError): StoreError =>
  error._tag === 'StoreUnavailable' && !error.reason.includes(RETRY_THE_BATCH)
    ? { ...error, reason: `${error.reason}; ${RETRY_THE_BATCH}` }
    : error

/** Reading `$all` (reads of all streams, the head position, subscriptions) needs more than user streams do. */
const ALL_STREAM_ACL =
  "reading $all needs a user in $admins, or one the $all stream's ACL lets read: " +
  "client.setStreamMetadata('$all', { acl: { readRoles: ['$admins', '<user>'] } }) (see docs/scaling.md)"

/**
 * The `StoreError` for a client error thrown during `operation` on `streamId` (when there is one).
 * `expected` is what the caller expected, reported in `WrongExpectedRevision` instead of the state the adapter
 * sent (which is the exact head it sealed against).
 */
export const storeErrorOf = (
  operation: string,
  cause: unknown,
  context: { readonly streamId?: string; readonly expected?: ExpectedRevision; readonly allStream?: boolean } = {},
): StoreError => {
  const type = errorTypeOf(cause)
  const conflict = wrongExpectedVersionOf(cause)
  if (conflict !== undefined) {
    return wrongExpectedRevision(context.streamId ?? '', context.expected ?? conflict.expected, conflict.actual)
  }
  if (type === ErrorType.STREAM_DELETED || type === ErrorType.STREAM_TOMBSTONED) {
    return streamDeleted(context.streamId ?? '')
  }
  if (type === ErrorType.ACCESS_DENIED) {
    return accessDenied(
      operation,
      `${messageOf(cause)}; ${context.allStream === true ? ALL_STREAM_ACL : 'check the user in the connection string and the stream ACLs'}`,
    )
  }
  if (isTransient(cause)) {
    const reason =
      type === ErrorType.NOT_LEADER
        ? 'the node is not the leader; the client reconnects to the leader on the next call'
        : `${type ?? 'unknown'}: ${messageOf(cause)}; the server is electing a leader, restarting or overloaded, retry`
    return storeUnavailable(operation, reason)
  }
  return storageFailure(operation, cause)
}
