import * as E from 'fp-ts/Either'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  chainHash,
  corruptEvent,
  GENESIS_HASH,
  hashChainBroken,
  nodeSha256,
  upcasterRegistry,
  type RecordedEvent,
  type Sha256,
  type StoreError,
} from '../../src/index'
import { decodeStoredEvent, readPipeline, storedColumnsProblem, type StoredRow } from '../../src/adapter'
import { hashInputOfJson } from '../../src/kernel/HashChain'
import type { StoredColumns } from '../../src/kernel/RowIntegrity'

type Row = StoredRow & StoredColumns & Record<string, unknown>
type ValueOf<A> = A extends fc.Arbitrary<infer V> ? V : never

/**
 * The read of one row done step by step, as the pipeline did before it read a row in one pass: decode, the stored
 * columns, then (verifying) the genesis link, the link to the revision read before and the content, first on the
 * stored text and then on the canonical form of the parsed values.
 */
const stepByStep = (sha256: Sha256, verify: boolean) => {
  const heads = new Map<string, { revision: bigint; hash: string }>()
  return (row: Row): E.Either<StoreError, RecordedEvent> => {
    const decoded = decodeStoredEvent(row)
    if (E.isLeft(decoded)) return decoded
    const event = decoded.right
    const columns = storedColumnsProblem(row, event)
    if (columns !== undefined) return E.left(columns)
    if (!verify) return decoded
    const previous = heads.get(event.streamId)
    const broken = (reason: string): E.Either<StoreError, RecordedEvent> =>
      E.left(hashChainBroken(event.streamId, event.revision, reason, event.position))
    if (event.revision === 0n && event.prevHash !== GENESIS_HASH) {
      return broken('the first event of a stream must link to the genesis hash')
    }
    if (previous !== undefined && previous.revision + 1n === event.revision && previous.hash !== event.prevHash) {
      return broken(`its prevHash does not match the hash of revision ${previous.revision}`)
    }
    const { data, metadata } = row
    const recomputed = chainHash(sha256, event.prevHash, event) === event.hash
    if (typeof data === 'string' && typeof metadata === 'string') {
      // Stored text is what was hashed: other bytes of the same values are an edit too.
      if (sha256(event.prevHash + hashInputOfJson(event, data, metadata)) !== event.hash) {
        if (!recomputed) return broken('its content does not match its stored hash')
        const column = canonicalJson(event.data) === data ? 'metadata' : 'data'
        return E.left(
          corruptEvent(
            event.streamId,
            event.revision,
            event.position,
            `its stored ${column} text is not the canonical JSON its hash was made over: the text was rewritten ` +
              '(it parses to values that still match the hash, but SQL and other readers of the column may see others)',
            column,
          ),
        )
      }
    } else if (!recomputed) {
      return broken('its content does not match its stored hash')
    }
    heads.set(event.streamId, { revision: event.revision, hash: event.hash })
    return decoded
  }
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 })
const date = fc.constantFrom('2020-01-31', '2024-02-29', '2026-12-01')
const metadata = fc.record(
  {
    occurredOn: date,
    actor: fc.record({ id: text, role: text }),
    correlationId: text,
    causationId: text,
    evidence: fc.record(
      {
        level: fc.constantFrom('DOCUMENTED', 'NEWS_REPORT'),
        refs: fc.array(fc.record({ kind: text, date }, { requiredKeys: ['kind'] }), { maxLength: 2 }),
      },
      { requiredKeys: ['level', 'refs'] },
    ),
    mode: fc.constantFrom('OPERATIONAL', 'HISTORICAL_IMPORT'),
  },
  { requiredKeys: ['occurredOn', 'actor', 'correlationId', 'evidence', 'mode'] },
)
const content = fc.record({
  eventId: fc.uuid(),
  type: fc.constantFrom('ProgramRegistered', 'FundingAllocated', 'Probe.v2'),
  schemaVersion: fc.integer({ min: 1, max: 3 }),
  data: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown),
  metadata,
  recordedAt: fc.constantFrom('2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z'),
  streamId: fc.constantFrom('program-a', 'equipment-b"\\%'),
})

/** Rows of up to two streams, chained and hashed as an appender writes them, in global order. */
const rowsOf = (contents: ReadonlyArray<ValueOf<typeof content>>, sha256: Sha256, textPositions: boolean) => {
  const heads = new Map<string, { revision: bigint; hash: string }>()
  return contents.map((c, i): Row => {
    const head = heads.get(c.streamId)
    const revision = head === undefined ? 0n : head.revision + 1n
    const prevHash = head?.hash ?? GENESIS_HASH
    const stored = { recordedAt: c.recordedAt, ...c.metadata }
    const dataJson = canonicalJson(c.data)
    const metadataJson = canonicalJson(stored)
    const fields = { eventId: c.eventId, streamId: c.streamId, revision, type: c.type, schemaVersion: c.schemaVersion }
    const hash = sha256(prevHash + hashInputOfJson(fields, dataJson, metadataJson))
    heads.set(c.streamId, { revision, hash })
    const position = BigInt(i + 1)
    return {
      position: textPositions ? String(position) : position,
      streamId: c.streamId,
      revision: textPositions ? String(revision) : revision,
      eventId: c.eventId,
      type: c.type,
      schemaVersion: c.schemaVersion,
      data: dataJson,
      metadata: metadataJson,
      hash,
      prevHash,
      category: c.streamId.slice(0, c.streamId.indexOf('-')),
      occurredOn: c.metadata.occurredOn,
      recordedAt: c.recordedAt,
    }
  })
}

const COLUMNS = [
  'position',
  'streamId',
  'revision',
  'eventId',
  'type',
  'schemaVersion',
  'data',
  'metadata',
  'hash',
  'prevHash',
  'category',
  'occurredOn',
  'recordedAt',
] as const

const flip = (value: unknown): unknown =>
  typeof value === 'string' && value.length > 0
    ? value.slice(0, value.length >> 1) +
      String.fromCharCode(value.charCodeAt(value.length >> 1) ^ 1) +
      value.slice((value.length >> 1) + 1)
    : value

/** A damage to one row: a column replaced by anything, a near miss, or one character flipped. */
const damage = fc.record({
  at: fc.nat(),
  column: fc.constantFrom(...COLUMNS),
  how: fc.oneof(
    fc.constant({ flip: true as const }),
    fc.anything().map((value) => ({ value })),
    fc
      .constantFrom(
        undefined,
        null,
        '',
        'A',
        -1,
        0,
        1.5,
        2 ** 53,
        0n,
        -1n,
        '-1',
        '01',
        '{',
        '{"a":1e999}',
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
        '{"occurredOn":"2020-01-31"}',
        GENESIS_HASH,
        'f'.repeat(64),
        'F'.repeat(64),
        '2026-02-30',
        '2026-01-02T03:04:05.000Z',
        'program-a',
        'program-',
        'equipment',
        'Probe rewritten',
        '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a001',
      )
      .map((value) => ({ value })),
  ),
})

const damaged = (rows: ReadonlyArray<Row>, damages: ReadonlyArray<ValueOf<typeof damage>>) => {
  const copy = rows.map((row) => ({ ...row }))
  for (const { at, column, how } of damages) {
    const row = copy[at % copy.length]!
    row[column] = 'flip' in how ? flip(row[column]) : how.value
  }
  return copy
}

// A SHA-256 that is not the built-in one (so the pipeline may not take its answers for well-formed hashes), and
// one that answers in capitals (well-formed to nobody).
const noUpcasters = upcasterRegistry([])

const wrapped: Sha256 = (input) => nodeSha256(input)
const shouting: Sha256 = (input) => nodeSha256(input).toUpperCase()

describe('readPipeline', () => {
  it('reads every row, clean or damaged, exactly as decoding, checking the columns and verifying one after the other', () => {
    fc.assert(
      fc.property(
        fc.array(content, { minLength: 1, maxLength: 8 }),
        fc.array(damage, { maxLength: 3 }),
        fc.constantFrom(nodeSha256, wrapped, shouting),
        fc.boolean(),
        fc.boolean(),
        (contents, damages, sha256, verify, textPositions) => {
          const rows = damaged(rowsOf(contents, sha256, textPositions), damages)
          const onePass = readPipeline({ sha256, upcasters: noUpcasters, verifyHashes: verify })
          const reference = stepByStep(sha256, verify)
          for (const row of rows) expect(onePass(row)).toEqual(reference(row))
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('takes a clean row to the event the codec gives, with the parsed data and metadata', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 4 }), (contents) => {
        const rows = rowsOf(contents, nodeSha256, false)
        const onePass = readPipeline({ sha256: nodeSha256, upcasters: noUpcasters, verifyHashes: true })
        for (const row of rows) {
          const read = onePass(row)
          expect(read).toEqual(decodeStoredEvent(row))
          expect(E.isRight(read) && read.right.metadata.recordedAt).toBe(row.recordedAt)
        }
      }),
      { numRuns: 200 },
    )
  })
})
