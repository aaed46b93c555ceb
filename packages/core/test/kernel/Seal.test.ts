import * as E from 'fp-ts/Either'
import { newEvent } from '@ikm-ledger/testkit'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, nodeSha256, storeErrorMessage, type Instant } from '../../src/index'
import { sealAppend, validateAppend, type StreamHead } from '../../src/adapter'

const NOW = '2026-12-04T00:00:00.000Z' as Instant

const stampOf = (head: StreamHead): string => {
  const valid = validateAppend('probe-seal', [newEvent()], 'any')
  if (E.isLeft(valid)) throw new Error('the test event does not validate')
  const sealed = sealAppend(valid.right, head, NOW, nodeSha256)
  if (E.isLeft(sealed)) throw new Error('the test event does not seal')
  return sealed.right[0]!.metadata.recordedAt
}

describe('sealAppend', () => {
  const head = (lastRecordedAt: string): StreamHead => ({
    revision: 0n,
    lastHash: 'a'.repeat(64),
    lastRecordedAt: lastRecordedAt as Instant,
  })

  it('never stamps a batch before the stream’s last instant, so a clock that steps back cannot reorder it', () => {
    expect(stampOf(head('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01T00:00:00.000Z')
    expect(stampOf(head('2025-01-01T00:00:00.000Z'))).toBe(NOW)
  })

  it('never copies a head instant that is not an instant (an edited row) into new events', () => {
    // Each of these is later than NOW to Date.parse, which reads far more than instants.
    for (const edited of ['\u001f2099-01-01', '2099-01-01', '2099-01-01 12:00', 'Fri, 01 Jan 2099 00:00:00 GMT']) {
      expect(Date.parse(edited)).toBeGreaterThan(Date.parse(NOW))
      expect(stampOf(head(edited)), edited).toBe(NOW)
    }
  })
})

describe('sealAppend with a hash function that is not SHA-256 in hex', () => {
  it('refuses the batch, saying what the function returned, before anything is written', async () => {
    for (const [wrong, shown] of [
      [() => 'AB'.repeat(32), '"ABABAB'],
      [() => Buffer.from('x').toString('base64'), '"eA=="'],
      [() => 'ab'.repeat(31), '"abab'],
      [() => 42 as unknown as string, '42'],
    ] as const) {
      const store = createInMemoryEventStore({ sha256: wrong })
      const appended = await store.append('probe-hash', [newEvent()])()
      expect(E.isLeft(appended) && appended.left._tag).toBe('StorageFailure')
      expect(E.isLeft(appended) && storeErrorMessage(appended.left)).toContain(
        `the store's sha256 function returned ${shown}`,
      )
      expect(await store.streamRevision('probe-hash')()).toEqual(E.right('no_stream'))
    }
  })
})
