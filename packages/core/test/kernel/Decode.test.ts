import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { BigIntFromString, formatErrors, NewEvent } from '../../src/index'

const errorsOf = <A>(result: E.Either<t.Errors, A>): t.Errors => {
  if (E.isRight(result)) throw new Error('expected a decoding failure')
  return result.left
}

describe('formatErrors', () => {
  it('names the path of each failing field, the expected type and the value found', () => {
    const codec = t.type({ lines: t.array(t.type({ amount: BigIntFromString })) })
    const message = formatErrors(errorsOf(codec.decode({ lines: [{ amount: '10' }, { amount: 12.5 }] })))
    expect(message).toBe('at lines.1.amount: expected an integer as a decimal string, got 12.5')
  })

  it('reports every distinct path once, and says how many more there are past the limit', () => {
    const codec = t.type({ a: t.string, b: t.string, c: t.string })
    const message = formatErrors(errorsOf(codec.decode({ a: 1, b: 2, c: 3 })), 2)
    expect(message).toBe('at a: expected string, got 1; at b: expected string, got 2; and 1 more')
  })

  it('names envelope paths, e.g. the metadata field that is wrong', () => {
    const event = {
      eventId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a001',
      type: 'ProbeRecorded',
      schemaVersion: 1,
      data: {},
      metadata: {
        occurredOn: '2025-02-30',
        actor: { id: 'a', role: 'r' },
        correlationId: 'c',
        evidence: { level: 'DOCUMENTED', refs: [] },
        mode: 'OPERATIONAL',
      },
    }
    expect(formatErrors(errorsOf(NewEvent.decode(event)))).toMatch(
      /^at metadata\.occurredOn: expected CivilDate, got "2025-02-30"/,
    )
    expect(
      formatErrors(
        errorsOf(
          NewEvent.decode({ ...event, metadata: { ...event.metadata, occurredOn: '2025-02-28', mode: 'LIVE' } }),
        ),
      ),
    ).toMatch(/at metadata\.mode: expected .*got "LIVE"/)
  })
})
