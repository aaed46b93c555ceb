import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { categoryOf, MAX_STREAM_ID_LENGTH, parseStreamId, streamIdOf, streamIdProblem } from '../../src/index'
import { validateStreamId } from '../../src/adapter'

describe('StreamId', () => {
  it('accepts <category>-<id> with a lowercase category and printable ASCII after the dash', () => {
    for (const id of [
      'program-0190f8a2-7c4d-7e11-9a3b-5d6e7f800001',
      'equipment-1',
      'audit2-x',
      `probe-it's-"quoted"\\%_;--`,
      `p-${'x'.repeat(MAX_STREAM_ID_LENGTH - 2)}`,
    ]) {
      expect(streamIdProblem(id), id).toBeUndefined()
    }
  })

  it('says why an id is rejected', () => {
    expect(streamIdProblem('')).toBe('it is empty')
    expect(streamIdProblem('program')).toMatch(/has no '-'/)
    expect(streamIdProblem('Program-1')).toMatch(/category 'Program' must be a lowercase word/)
    expect(streamIdProblem('1program-1')).toMatch(/category/)
    expect(streamIdProblem('-1')).toMatch(/category ''/)
    expect(streamIdProblem('program-')).toMatch(/nothing after/)
    expect(streamIdProblem('program-a b')).toMatch(/printable ASCII/)
    expect(streamIdProblem('program-café')).toMatch(/printable ASCII/)
    expect(streamIdProblem(`p-${'x'.repeat(MAX_STREAM_ID_LENGTH - 1)}`)).toMatch(
      /201 characters long; the limit is 200/,
    )
  })

  it('turns a bad id into InvalidStreamId naming the id and the reason', () => {
    expect(validateStreamId('Program-1')).toEqual(
      E.left({
        _tag: 'InvalidStreamId',
        code: 'STORE_INVALID_STREAM_ID',
        streamId: 'Program-1',
        reason: expect.stringMatching(/lowercase/) as unknown as string,
      }),
    )
    expect(E.isLeft(validateStreamId(42 as unknown as string))).toBe(true)
  })

  it('builds ids from a category and an id, and reads the category back', () => {
    expect(streamIdOf('program', 'abc')).toEqual(E.right('program-abc'))
    expect(E.isLeft(streamIdOf('Program', 'abc'))).toBe(true)
    expect(parseStreamId('facility-x-y')).toEqual(E.right('facility-x-y'))
    expect(categoryOf('facility-x-y')).toBe('facility')
  })

  it('shows a refused id with its control characters and line separators escaped, so it cannot forge a log line', () => {
    const refused = validateStreamId('program-x\nINFO forged line\u0000\u2028')
    expect(refused).toEqual(
      E.left(
        expect.objectContaining({
          _tag: 'InvalidStreamId',
          streamId: 'program-x\\u000aINFO forged line\\u0000\\u2028',
        }),
      ),
    )
  })
})
