import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { isStreamNotFound, storeErrorOf, wrongExpectedVersionOf } from '../src/internal/Errors'

// A gRPC error as the client receives it from a follower that is not the leader.
const notLeader = new NotLeaderError({
  name: 'Error',
  message: 'not leader',
  code: 5,
  details: 'not leader',
  metadata: { 'leader-endpoint-host': 'node-1', 'leader-endpoint-port': '2113' },
} as unknown as ConstructorParameters<typeof NotLeaderError>[0])

describe('Errors', () => {
  it('maps WrongExpectedVersionError to WrongExpectedRevision with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'program-1', expected: 3n, current: 5n })
    expect(storeErrorOf('append', error, { streamId: 'program-1' })).toMatchObject({
      _tag: 'WrongExpectedRevision',
      streamId: 'program-1',
      expected: 3n,
      actual: 5n,
    })
    expect(wrongExpectedVersionOf(error)).toEqual({ expected: 3n, actual: 5n })
  })

  it("reports the caller's expectation rather than the exact head the adapter sent", () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'program-1',
      expected: 4n,
      current: 'no_stream',
    })
    expect(storeErrorOf('append', error, { streamId: 'program-1', expected: 'stream_exists' })).toMatchObject({
      _tag: 'WrongExpectedRevision',
      expected: 'stream_exists',
      actual: 'no_stream',
    })
  })

  it('recognises StreamNotFoundError, which reads as an empty stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'program-1'))).toBe(true)
    expect(isStreamNotFound(StreamDeletedError.fromStreamName('program-1'))).toBe(false)
    expect(isStreamNotFound(new Error('stream not found'))).toBe(false)
  })

  it('maps StreamDeletedError to StreamDeleted naming our stream id', () => {
    expect(
      storeErrorOf('read a stream', StreamDeletedError.fromStreamName('ns.program-1'), { streamId: 'program-1' }),
    ).toEqual({ _tag: 'StreamDeleted', code: 'STORE_STREAM_DELETED', streamId: 'program-1' })
  })

  it('maps AccessDeniedError to AccessDenied, saying what to check', () => {
    const error = storeErrorOf('append', new AccessDeniedError(undefined, 'Access denied'))
    expect(error).toMatchObject({ _tag: 'AccessDenied', operation: 'append' })
    expect(error._tag === 'AccessDenied' && error.reason).toMatch(/Access denied.*ACL/)
  })

  it('maps unavailable, not-leader, deadline, timeout and cancelled errors to a retryable StoreUnavailable', () => {
    for (const cause of [
      new UnavailableError(undefined, 'connection refused'),
      notLeader,
      new DeadlineExceededError(undefined, 'deadline'),
      new TimeoutError(undefined, 'timeout'),
      new CancelledError(undefined, 'Call cancelled'),
    ]) {
      expect(storeErrorOf('read all streams', cause)).toMatchObject({
        _tag: 'StoreUnavailable',
        operation: 'read all streams',
        retryable: true,
      })
    }
    expect(storeErrorOf('append', notLeader)).toMatchObject({ reason: expect.stringMatching(/leader/) })
  })

  it('maps the passing conditions the server words as UnknownError to a retryable StoreUnavailable', () => {
    for (const message of [
      'Could not recognize Server Is Not Ready',
      'Could not recognize Server Is Busy',
      'Server Is Too Busy',
      'Could not recognize No leader info available in response',
      'Unknown Error: request timed out',
    ]) {
      expect(storeErrorOf('append', new UnknownError(undefined, message))).toMatchObject({
        _tag: 'StoreUnavailable',
        reason: expect.stringContaining(message),
      })
    }
  })

  it('maps anything else to StorageFailure keeping the cause', () => {
    for (const cause of [new UnknownError(undefined, 'boom'), new TypeError('y'), 'z']) {
      const error = storeErrorOf('append', cause)
      expect(error).toMatchObject({ _tag: 'StorageFailure', operation: 'append' })
      expect(error._tag === 'StorageFailure' && error.cause).toBe(cause)
    }
  })
})
