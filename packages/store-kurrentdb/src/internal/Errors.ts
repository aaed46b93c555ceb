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
])

/**
 * The `StoreError` for a client error thrown during `operation` on `streamId` (when there is one).
 * `expected` is what the caller expected, reported in `WrongExpectedRevision` instead of the state the adapter
 * sent (which is the exact head it sealed against).
 */
export const storeErrorOf = (
  operation: string,
  cause: unknown,
  context: { readonly streamId?: string; readonly expected?: ExpectedRevision } = {},
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
    return accessDenied(operation, `${messageOf(cause)}; check the user in the connection string and the stream ACLs`)
  }
  if (type !== undefined && UNAVAILABLE.has(type)) {
    const reason =
      type === ErrorType.NOT_LEADER
        ? 'the node is not the leader; the client reconnects to the leader on the next call'
        : `${type}: ${messageOf(cause)}`
    return storeUnavailable(operation, reason)
  }
  return storageFailure(operation, cause)
}
