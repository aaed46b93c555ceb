import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RecordedEvent } from '../../../src'
import { decodeProgramCommand, programCommandTypes, programEvents, type ProgramEvent } from '../../../src/domain'
import { arbitraryEventTypes, eventOf } from './arbitraries'
import { allocate, cmd } from './fixtures'

const cancel = cmd('CancelProgram', { reason: 'batal' })

const recorded = (type: string, schemaVersion: number, data: unknown) => {
  const decoded = RecordedEvent.decode({
    eventId: '0190a3b2-1234-7abc-9def-123456789012',
    streamId: 'program-prg-test',
    revision: '0',
    position: '1',
    type,
    schemaVersion,
    data,
    metadata: {
      recordedAt: '2020-06-01T00:00:00.000Z',
      occurredOn: '2020-06-01',
      actor: { id: 'u', role: 'IMPORTER' },
      correlationId: 'c',
      evidence: { level: 'NEWS_REPORT', refs: [] },
      mode: 'HISTORICAL_IMPORT',
    },
    hash: '0'.repeat(64),
    prevHash: '0'.repeat(64),
  })
  if (E.isLeft(decoded)) throw new Error('test envelope is invalid')
  return decoded.right
}

describe('Program event codecs', () => {
  it('has an arbitrary for every registered event type', () => {
    expect([...arbitraryEventTypes].sort()).toEqual([...programEvents.types].sort())
  })

  for (const type of arbitraryEventTypes) {
    it(`round-trips ${type} through JSON`, () => {
      fc.assert(
        fc.property(eventOf(type), (event: ProgramEvent) => {
          const encoded = programEvents.encode(event)
          if (E.isLeft(encoded)) throw new Error(encoded.left)
          const wire = JSON.parse(JSON.stringify(encoded.right.data))
          const back = programEvents.decode(recorded(encoded.right.type, encoded.right.schemaVersion, wire))
          expect(back).toEqual(E.right(event))
        }),
        { numRuns: 60 },
      )
    })
  }

  it('stores money as decimal strings', () => {
    const encoded = programEvents.encode({
      type: 'ExpenditureReversed',
      data: { expenditureId: 'e1', amount: 24_300_000_000n, reason: 'x' },
    })
    expect(encoded).toEqual(
      E.right({
        type: 'ExpenditureReversed',
        schemaVersion: 1,
        data: { expenditureId: 'e1', amount: '24300000000', reason: 'x' },
      }),
    )
  })
})

describe('decodeProgramCommand', () => {
  it('decodes a command sent as JSON, with amounts as strings', () => {
    const wire = JSON.parse(JSON.stringify({ ...allocate(), data: { ...allocate().data, amount: '100000000' } }))
    const decoded = decodeProgramCommand(wire)
    expect(E.isRight(decoded) && decoded.right.type).toBe('AllocateFunding')
    expect(E.isRight(decoded) && decoded.right.type === 'AllocateFunding' && decoded.right.data.amount).toBe(
      100_000_000n,
    )
  })

  it('refuses an unknown field, naming it, instead of dropping it', () => {
    const decoded = decodeProgramCommand({
      ...JSON.parse(JSON.stringify({ ...cancel, data: { ...cancel.data, nik: '1271014506950001' } })),
    })
    expect(E.isLeft(decoded) && decoded.left).toMatchObject({ _tag: 'InvalidCommand', command: 'CancelProgram' })
    expect(E.isLeft(decoded) && decoded.left.message).toContain('data.nik')
    const closing = decodeProgramCommand({ ...cancel, type: 'CloseProgram', data: { programId: 'prg-test', extra: 1 } })
    expect(E.isLeft(closing) && closing.left.message).toContain('data.extra')
    const context = decodeProgramCommand({ ...cancel, context: { ...cancel.context, reviewer: 'x' } })
    expect(E.isLeft(context) && context.left.message).toContain('context.reviewer')
  })

  it('names the io-ts path of a bad field', () => {
    const decoded = decodeProgramCommand({
      type: 'OpenTrainingBatch',
      data: { programId: 'p' },
      context: {},
    })
    expect(E.isLeft(decoded) && decoded.left).toMatchObject({ _tag: 'InvalidCommand', command: 'OpenTrainingBatch' })
    expect(E.isLeft(decoded) && decoded.left.message).toContain('at data.batchId')
  })

  it('refuses an unknown command type and lists the known ones', () => {
    const decoded = decodeProgramCommand({ type: 'OpenBimtek', data: {}, context: {} })
    expect(E.isLeft(decoded) && decoded.left.message).toContain('OpenTrainingBatch')
    expect(programCommandTypes).toContain('SelectParticipant')
    expect(E.isLeft(decodeProgramCommand(42))).toBe(true)
  })
})
