/**
 * Failures as an HTTP service answers them: a status code for every failure, and a JSON body in the shape of
 * RFC 9457 "problem details" (`application/problem+json`), with the failure's own fields as extension members.
 *
 * @since 0.1.0
 */
import { commandFailureMessage, type CommandFailure } from './CommandHandler'
import { showInput, viewOfFailure } from './Input'
import { toJson, type JsonValue } from './Json'
import { storeErrorMessage, type StoreError } from './StoreError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The HTTP status codes failures map to.
 *
 * @category model
 * @since 0.1.0
 */
export type FailureStatus = 400 | 403 | 404 | 409 | 410 | 412 | 422 | 500 | 503

/**
 * An RFC 9457 problem document. `type` is a stable URN per failure (`urn:ikm-ledger:problem:<Tag>`), `title` the
 * failure's tag, `detail` the plain-words message, `code` its stable code; every other field of the failure
 * (stream id, expected and actual revision, rule, entity…) follows in its JSON form (bigints as decimal strings).
 *
 * @category model
 * @since 0.1.0
 */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: FailureStatus
  readonly detail: string
  readonly code: string
  readonly [extension: string]: JsonValue
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The HTTP status of a store failure: bad input 400, a stale expected revision 412 (the `If-Match` precondition
 * failed: reload and decide again), a reused event id 409, a deleted stream 410, refused access 403, a store that
 * is down or closed 503 (retry later), and damage or a bug 500.
 *
 * @category utils
 * @since 0.1.0
 */
export const storeErrorStatus = (error: StoreError): FailureStatus => {
  switch (error._tag) {
    case 'InvalidStreamId':
    case 'InvalidAppend':
    case 'InvalidRead':
      return 400
    case 'WrongExpectedRevision':
      return 412
    case 'DuplicateEventId':
      return 409
    case 'StreamDeleted':
      return 410
    case 'AccessDenied':
      return 403
    case 'StoreUnavailable':
    case 'StoreClosed':
      return 503
    case 'CorruptEvent':
    case 'HashChainBroken':
    case 'UpcastFailed':
    case 'SchemaMismatch':
    case 'StorageFailure':
      return 500
  }
}

/**
 * The HTTP status of a decider's rejection, read from its `_tag` by a convention any decider can follow:
 * `InvalidCommand` 400 (the request itself is wrong), `UnknownEntity` 404 (what it names does not exist),
 * `InvalidTransition` and `AlreadyExists` 409 (the entity's state does not allow it), and any other rejection 422
 * (a business rule said no). The one mapping of rejections to statuses: {@link commandFailureStatus},
 * {@link commandFailureProblem}, the Promise facade's `CommandFailed` and the IKM helpers all read it.
 *
 * @example
 * rejectionStatus({ _tag: 'UnknownEntity', message: 'no program p1' }) // 404
 *
 * @category utils
 * @since 0.2.0
 */
export const rejectionStatus = (rejection: unknown): FailureStatus => {
  const tag = viewOfFailure(
    rejection,
    () => (rejection as { readonly _tag: string })._tag,
    () => undefined,
  )
  switch (tag) {
    case 'InvalidCommand':
      return 400
    case 'UnknownEntity':
      return 404
    case 'InvalidTransition':
    case 'AlreadyExists':
      return 409
    default:
      return 422
  }
}

/**
 * The HTTP status of a command failure. A rejection maps as {@link rejectionStatus} says; an event the decider
 * could not encode is a bug (500); a store failure maps as {@link storeErrorStatus} says.
 *
 * @category utils
 * @since 0.1.0
 */
export const commandFailureStatus = <Rejection>(failure: CommandFailure<Rejection>): FailureStatus =>
  viewOfFailure(
    failure,
    () => {
      switch (failure._tag) {
        case 'CommandRejected':
          return rejectionStatus(failure.rejection)
        case 'EventEncodingFailed':
          return 500
        default:
          return storeErrorStatus(failure) as FailureStatus | undefined
      }
    },
    () => 500,
  )

/**
 * A store failure as a problem document. What the driver said in a `StorageFailure` (its `cause` and `reason`)
 * stays out: it may carry SQL, file paths or addresses a client must not see; log `storeErrorMessage` on the
 * server instead.
 *
 * @example
 * reply.status(storeErrorStatus(error)).type('application/problem+json').send(storeErrorProblem(error))
 *
 * @category utils
 * @since 0.1.0
 */
export const storeErrorProblem = (error: StoreError): Problem =>
  error._tag === 'StorageFailure'
    ? problemOf(
        { ...error, reason: undefined },
        500,
        `the store failed to ${error.operation}; the cause is in the server's log`,
      )
    : problemOf(error, storeErrorStatus(error), storeErrorMessage(error))

/**
 * A command failure as a problem document: a rejection's own fields (rule, entity, message) are lifted to the
 * top, so a client reads `problem.rule` whatever failed; the status is {@link commandFailureStatus}'s.
 *
 * @category utils
 * @since 0.1.0
 */
export const commandFailureProblem = <Rejection>(failure: CommandFailure<Rejection>): Problem =>
  viewOfFailure(
    failure,
    () => {
      if (failure._tag !== 'CommandRejected' && failure._tag !== 'EventEncodingFailed') {
        return storeErrorStatus(failure) === undefined ? undefined : storeErrorProblem(failure)
      }
      const status = commandFailureStatus(failure)
      const detail = commandFailureMessage(failure)
      if (failure._tag === 'EventEncodingFailed') return problemOf(failure, status, detail)
      const rejection = toJson(failure.rejection)
      const fields = typeof rejection === 'object' && rejection !== null && !Array.isArray(rejection) ? rejection : {}
      return problemOf({ ...fields, streamId: failure.streamId }, status, detail)
    },
    () => notAFailure(failure),
  )

/** The problem of a value that is no failure this library returns: a bug of the caller's, answered as a 500. */
const notAFailure = (value: unknown): Problem =>
  problemOf({ _tag: 'NotAFailure' }, 500, `not a failure of ikm-ledger: ${showInput(value)}`)

/**
 * Builds a problem document from any tagged failure: `title` is its `_tag`, `code` its `code`, and every other
 * field except `message` and `cause` becomes an extension member in its JSON form.
 *
 * @category constructors
 * @since 0.1.0
 */
export const problemOf = (failure: object, status: FailureStatus, detail: string): Problem => {
  const { _tag, code, cause: _cause, message: _message, ...rest } = failure as Record<string, unknown>
  const title = typeof _tag === 'string' ? _tag : 'Failure'
  const extensions = toJson(rest) as Readonly<Record<string, JsonValue>>
  return {
    ...extensions,
    type: `urn:ikm-ledger:problem:${title}`,
    title,
    status,
    detail,
    code: typeof code === 'string' ? code : title,
  }
}
