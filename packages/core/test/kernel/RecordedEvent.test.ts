import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNewEvent, NewEvent, RecordedEvent, type JsonValue } from '../../src/index'
import { decodeRecordedEvent } from '../../src/kernel/RecordedEvent'

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

  describe('decodeNewEvent, the fast path of every append', () => {
    // Where an event can go wrong: any field replaced by anything, removed, or joined by one io-ts strips.
    const paths: ReadonlyArray<ReadonlyArray<string>> = [
      ['eventId'],
      ['type'],
      ['schemaVersion'],
      ['data'],
      ['metadata'],
      ['metadata', 'occurredOn'],
      ['metadata', 'actor'],
      ['metadata', 'actor', 'id'],
      ['metadata', 'correlationId'],
      ['metadata', 'causationId'],
      ['metadata', 'placeTimeZone'],
      ['metadata', 'mode'],
      ['metadata', 'evidence'],
      ['metadata', 'evidence', 'level'],
      ['metadata', 'evidence', 'refs'],
      ['metadata', 'evidence', 'approximate'],
      ['metadata', 'evidence', 'refs', '0'],
      ['metadata', 'evidence', 'refs', '0', 'date'],
      ['metadata', 'recordedAt'],
      ['extra'],
    ]
    const edit = fc.record({
      path: fc.constantFrom(...paths),
      how: fc.oneof(
        fc.constant({ remove: true as const }),
        fc.constant({ value: undefined }),
        fc.anything().map((value) => ({ value })),
        fc
          .constantFrom('', '2026-02-30', '2026-01-15T00:00:00.000Z', 'A', -1, 0, 1.5, 2 ** 53, null, [], {}, 10n)
          .map((value) => ({ value })),
      ),
    })
    const applied = (
      event: unknown,
      edits: ReadonlyArray<typeof edit extends fc.Arbitrary<infer A> ? A : never>,
    ): unknown => {
      const copy = structuredClone(event) as Record<string, unknown>
      for (const { path, how } of edits) {
        let at: Record<string, unknown> = copy
        for (const key of path.slice(0, -1)) {
          const next = at[key]
          if (typeof next !== 'object' || next === null) return copy
          at = next as Record<string, unknown>
        }
        const last = path[path.length - 1]!
        if ('remove' in how) delete at[last]
        else at[last] = how.value
      }
      return copy
    }

    it('agrees with NewEvent.decode on valid events, and returns the event itself', () => {
      fc.assert(
        fc.property(newEvent, (event) => {
          const fast = decodeNewEvent(event)
          expect(fast).toEqual(NewEvent.decode(event))
          expect(E.isRight(fast) && fast.right).toBe(event)
        }),
      )
    })

    it('agrees with NewEvent.decode on events damaged anywhere: the same value or the same errors', () => {
      fc.assert(
        fc.property(newEvent, fc.array(edit, { minLength: 1, maxLength: 3 }), (event, edits) => {
          const input = applied(event, edits)
          const fast = decodeNewEvent(input)
          const slow = NewEvent.decode(input)
          expect(E.isRight(fast)).toBe(E.isRight(slow))
          expect(fast).toEqual(slow)
        }),
        { numRuns: 2000 },
      )
    })

    it('agrees on inputs that are not events at all', () => {
      fc.assert(
        fc.property(fc.anything(), (input) => {
          expect(decodeNewEvent(input)).toEqual(NewEvent.decode(input))
        }),
      )
    })

    it('never throws: a getter that throws or a revoked proxy is an error value saying the input could not be read', () => {
      const throwingGetter = Object.defineProperty({}, 'eventId', {
        enumerable: true,
        get: () => {
          throw new Error('no')
        },
      })
      const trap = new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('trapped')
          },
          get: () => {
            throw new Error('trapped')
          },
        },
      )
      const revoked = Proxy.revocable({}, {})
      revoked.revoke()
      for (const [hostile, reason] of [
        [throwingGetter, 'no'],
        [trap, 'trapped'],
        [revoked.proxy, 'revoked'],
      ] as const) {
        const decoded = decodeNewEvent(hostile)
        expect(E.isLeft(decoded)).toBe(true)
        const message = E.isLeft(decoded) ? (decoded.left[0]?.message ?? '') : ''
        expect(message).toContain('the input could not be read')
        expect(message).toContain(reason)
      }
    })

    it('decodeRecordedEvent, the fast path of every read, agrees with RecordedEvent.decode on any input', () => {
      // Rows as stores hand them: revision and position as decimal text, damaged anywhere, or not rows at all.
      const recordedPaths = [...paths, ['streamId'], ['revision'], ['position'], ['hash'], ['prevHash']] as const
      const recordedEdit = edit.chain((e) => fc.constantFrom(...recordedPaths).map((path) => ({ ...e, path })))
      fc.assert(
        fc.property(
          recordedEvent.map((e) => ({ ...e, revision: String(e.revision), position: String(e.position) })),
          fc.array(recordedEdit, { minLength: 0, maxLength: 3 }),
          (row, edits) => {
            const input = applied(row, edits)
            expect(decodeRecordedEvent(input)).toEqual(RecordedEvent.decode(input))
          },
        ),
        { numRuns: 2000 },
      )
      fc.assert(
        fc.property(fc.anything(), (input) => {
          expect(decodeRecordedEvent(input)).toEqual(RecordedEvent.decode(input))
        }),
      )
    })
  })
})
