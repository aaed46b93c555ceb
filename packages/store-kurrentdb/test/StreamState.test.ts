import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectedRevisionOf, streamRevisionOf, streamStateOf } from '../src/internal/StreamState'

describe('StreamState', () => {
  it('maps the three named expectations onto the client constants', () => {
    expect(streamStateOf('any')).toBe(ANY)
    expect(streamStateOf('no_stream')).toBe(NO_STREAM)
    expect(streamStateOf('stream_exists')).toBe(STREAM_EXISTS)
  })

  it('passes a revision through unchanged, both count from 0', () => {
    expect(streamStateOf(0n)).toBe(0n)
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n }), (r) => {
        expect(streamStateOf(r)).toBe(r)
      }),
    )
  })

  it('maps every stream state back to the expectation it came from', () => {
    for (const expected of ['any', 'no_stream', 'stream_exists', 0n, 41n] as const) {
      expect(expectedRevisionOf(streamStateOf(expected))).toBe(expected)
    }
  })

  it("reads the server's current state as our stream revision, a deleted stream (negative) as 'no_stream'", () => {
    expect(streamRevisionOf(NO_STREAM)).toBe('no_stream')
    expect(streamRevisionOf(7n)).toBe(7n)
    expect(streamRevisionOf(-5n)).toBe('no_stream')
  })
})
