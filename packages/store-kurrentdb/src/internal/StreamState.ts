/**
 * Expected revisions and stream heads in the client's terms.
 */
import type { ExpectedRevision, StreamRevision } from '@ikm-ledger/core'
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client'

/**
 * The client's `streamState` for one of our expected revisions. Both count revisions from 0, so a revision passes
 * through unchanged.
 */
export const streamStateOf = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'any':
      return ANY
    case 'no_stream':
      return NO_STREAM
    case 'stream_exists':
      return STREAM_EXISTS
    default:
      return expected
  }
}

/**
 * Our expected revision for a client `streamState` (the inverse of {@link streamStateOf}).
 */
export const expectedRevisionOf = (state: AppendStreamState): ExpectedRevision => {
  switch (state) {
    case ANY:
      return 'any'
    case NO_STREAM:
      return 'no_stream'
    case STREAM_EXISTS:
      return 'stream_exists'
    default:
      return state
  }
}

/**
 * Our stream revision for the state a `WrongExpectedVersionError` reports. The server reports a deleted stream
 * with a negative revision; it has no revision a caller could expect, so it reads as `'no_stream'`.
 */
export const streamRevisionOf = (current: CurrentStreamState): StreamRevision =>
  current === NO_STREAM || current < 0n ? 'no_stream' : current
