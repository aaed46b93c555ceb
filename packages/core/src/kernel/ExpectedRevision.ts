/**
 * What the caller believes about a stream when appending to it.
 *
 * @since 0.1.0
 */
import { showInput } from './Input'
import type { Revision } from './Revision'

/**
 * What an append expects the stream to be at:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must have at least one event;
 * - a `bigint`: the revision of the last event the caller saw (the stream's current revision).
 *
 * Every adapter enforces all four atomically with the append.
 *
 * @category model
 * @since 0.1.0
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | Revision

/**
 * The revision a stream is at: its last event's revision, or `'no_stream'` when it has no events.
 *
 * @category model
 * @since 0.1.0
 */
export type StreamRevision = Revision | 'no_stream'

/**
 * Tells whether a stream at `actual` satisfies `expected`.
 *
 * @category utils
 * @since 0.1.0
 */
export const satisfiesExpected = (expected: ExpectedRevision, actual: StreamRevision): boolean => {
  switch (expected) {
    case 'any':
      return true
    case 'no_stream':
      return actual === 'no_stream'
    case 'stream_exists':
      return actual !== 'no_stream'
    default:
      return actual === expected
  }
}

/**
 * Renders an expected or actual revision for messages: `'no_stream'`, `'stream_exists'`, `'any'` or `7`.
 *
 * @category utils
 * @since 0.1.0
 */
export const showRevision = (revision: ExpectedRevision): string =>
  typeof revision === 'bigint' ? revision.toString(10) : `'${revision}'`

/**
 * Tells whether a value a caller passed is an {@link ExpectedRevision}: `'any'`, `'no_stream'`,
 * `'stream_exists'` or a `bigint` revision `>= 0n`. Nothing else is (not `null`, not the number `1`, not the
 * string `'0'`): every adapter and the command handler refuse anything else as invalid input, never reading it
 * as `'any'` and never reporting it as a conflict.
 *
 * @category utils
 * @since 0.2.0
 */
export const isExpectedRevision = (value: unknown): value is ExpectedRevision =>
  value === 'any' || value === 'no_stream' || value === 'stream_exists' || (typeof value === 'bigint' && value >= 0n)

/**
 * Why a value is not an {@link ExpectedRevision}, in plain words naming what was given.
 *
 * @category utils
 * @since 0.2.0
 */
export const expectedRevisionProblem = (value: unknown): string =>
  `expected revision ${showInput(value)} is not 'any', 'no_stream', 'stream_exists' or a revision >= 0n (a bigint)`
