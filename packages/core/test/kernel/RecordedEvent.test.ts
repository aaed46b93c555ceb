import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NewEvent, RecordedEvent, type JsonValue } from '../../src/index'

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
const json: fc.Arbitrary<JsonValue> = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as JsonValue)
const day = fc.date({
  min: new Date('1990-01-01T00:00:00.000Z'),
  max: new Date('2099-12-31T23:59:59.999Z'),
  noInvalidDate: true,
})
const streamId = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019-_%\'";\\'), minLength: 1, maxLength: 30 }),
  )
  .map(([category, id]) => `${category}-${id}`)
const text = fc.string({ unit: 'grapheme', maxLength: 20 })

const metadataInput = fc.record(
  {
    occurredOn: day.map((d) => d.toISOString().slice(0, 10)),
    actor: fc.record({ id: text, role: text }),
    correlationId: text,
    causationId: text,
    evidence: fc.record(
      {
        level: fc.constantFrom('DOCUMENTED', 'OFFICIAL_STATEMENT', 'NEWS_REPORT', 'INFERRED'),
        refs: fc.array(
          fc.record(
            { kind: text, number: text, date: day.map((d) => d.toISOString().slice(0, 10)), uri: text, note: text },
            { requiredKeys: ['kind'] },
          ),
          { maxLength: 3 },
        ),
        approximate: fc.boolean(),
        note: text,
      },
      { requiredKeys: ['level', 'refs'] },
    ),
    mode: fc.constantFrom('OPERATIONAL', 'HISTORICAL_IMPORT'),
    placeTimeZone: fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'),
  },
  { requiredKeys: ['occurredOn', 'actor', 'correlationId', 'evidence', 'mode'] },
)

const newEvent = fc.record({
  eventId: fc.uuid(),
  type: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:$-]{0,30}$/),
  schemaVersion: fc.integer({ min: 1, max: 1000 }),
  data: json,
  metadata: metadataInput,
})

const recordedEvent = fc
  .tuple(
    newEvent,
    streamId,
    fc.bigInt({ min: 0n, max: 2n ** 70n }),
    fc.bigInt({ min: 1n, max: 2n ** 70n }),
    day,
    hex(64),
    hex(64),
  )
  .map(([event, stream, revision, position, recordedAt, hash, prevHash]) => ({
    ...event,
    streamId: stream,
    revision,
    position,
    metadata: { ...event.metadata, recordedAt: recordedAt.toISOString() },
    hash,
    prevHash,
  }))

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('RecordedEvent', () => {
  it('a recorded event survives encode → JSON text → decode unchanged', () => {
    fc.assert(
      fc.property(recordedEvent, (event) => {
        const decoded = RecordedEvent.decode(event)
        expect(E.isRight(decoded)).toBe(true)
        if (E.isLeft(decoded)) return
        const roundTripped = RecordedEvent.decode(throughJson(RecordedEvent.encode(decoded.right)))
        expect(roundTripped).toEqual(E.right(event))
      }),
    )
  })

  it('a new event survives encode → JSON text → decode unchanged', () => {
    fc.assert(
      fc.property(newEvent, (event) => {
        expect(NewEvent.decode(throughJson(event))).toEqual(E.right(event))
      }),
    )
  })

  it('drops fields the envelope does not know, so what is hashed is what is stored', () => {
    fc.assert(
      fc.property(newEvent, (event) => {
        const decoded = NewEvent.decode({ ...event, extra: 1, metadata: { ...event.metadata, secret: 'x' } })
        expect(decoded).toEqual(E.right(event))
      }),
    )
  })

  it('rejects revisions below 0, positions below 1 and malformed hashes', () => {
    fc.assert(
      fc.property(recordedEvent, (event) => {
        expect(E.isLeft(RecordedEvent.decode({ ...event, revision: -1n }))).toBe(true)
        expect(E.isLeft(RecordedEvent.decode({ ...event, position: 0n }))).toBe(true)
        expect(E.isLeft(RecordedEvent.decode({ ...event, hash: event.hash.toUpperCase() + 'A' }))).toBe(true)
        expect(E.isLeft(RecordedEvent.decode({ ...event, revision: '1.5' }))).toBe(true)
      }),
      { numRuns: 30 },
    )
  })
})
