/**
 * IKM failures as an HTTP service answers them: the status for every domain rejection and store failure, and the
 * RFC 9457 problem document to send as the body.
 *
 * @since 0.1.0
 */
import {
  commandFailureProblem,
  commandFailureStatus,
  problemOf,
  type CommandFailure,
  type FailureStatus,
  type Problem,
} from '../index'
// The kernel's one mapping of rejections to statuses (not yet re-exported from the package's main entry).
import { rejectionStatus } from '../kernel/Problem'
import type { DomainError } from './DomainError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Whatever an IKM command or state read can fail with.
 *
 * @category model
 * @since 0.1.0
 */
export type IkmFailure = CommandFailure<DomainError> | DomainError

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The HTTP status of a domain rejection: a command that does not decode 400, an entity (or a batch, a funding
 * line…) that does not exist 404, a transition the state machine does not have or an entity that exists already
 * 409, a broken business rule 422. This is the kernel's `rejectionStatus`, the one mapping every helper uses, so
 * `ikmFailureStatus`, `commandFailureStatus` and the problem document of a `CommandFailed` always agree.
 *
 * @category utils
 * @since 0.1.0
 */
export const domainErrorStatus = (error: DomainError): FailureStatus => rejectionStatus(error)

const isDomainError = (failure: IkmFailure): failure is DomainError =>
  typeof failure === 'object' &&
  failure !== null &&
  (failure._tag === 'InvalidCommand' ||
    failure._tag === 'UnknownEntity' ||
    failure._tag === 'InvalidTransition' ||
    failure._tag === 'AlreadyExists' ||
    failure._tag === 'RuleViolation')

/**
 * The HTTP status of any IKM failure (from `ikmCommandHandler` or `ikmStateLoader`): see
 * {@link domainErrorStatus} for rejections; a stale `If-Match` revision is 412, a store that is down 503.
 *
 * @example
 * const result = await handle(streamId, body, { expectedRevision })()
 * if (E.isLeft(result)) return reply.status(ikmFailureStatus(result.left)).send(ikmProblem(result.left))
 *
 * @category utils
 * @since 0.1.0
 */
export const ikmFailureStatus = (failure: IkmFailure): FailureStatus => {
  try {
    return isDomainError(failure) ? domainErrorStatus(failure) : commandFailureStatus(failure)
  } catch {
    // A value whose `_tag` throws when read is no failure; the kernel's helpers answer 500 for those.
    return commandFailureStatus(failure as never)
  }
}

/**
 * The problem document (`application/problem+json`) of any IKM failure: `type`, `title`, `status`, `detail` in
 * plain words, the stable `code`, and the failure's fields (rule, entity, stream, expected and actual revision) in
 * their JSON form.
 *
 * @category utils
 * @since 0.1.0
 */
export const ikmProblem = (failure: IkmFailure): Problem => {
  try {
    return isDomainError(failure)
      ? problemOf(failure, domainErrorStatus(failure), failure.message)
      : commandFailureProblem(failure)
  } catch {
    return commandFailureProblem(failure as never)
  }
}
