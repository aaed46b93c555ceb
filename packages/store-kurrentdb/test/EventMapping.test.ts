import { instantOf, nodeSha256 } from '@ikm-ledger/core'
import {
  decodeStoredEvent,
  sealAppend,
  validateAppend,
  verifyEventHash,
  type SealedEvent,
} from '@ikm-ledger/core/adapter'
import type { RecordedEvent as ClientRecordedEvent } from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { eventDataOf, METADATA_LAYOUT, storedHashOf, storedRowOf } from '../src/internal/EventMapping'

const metadata = {
  occurredOn: '2024-03-01',
  actor: { id: 'user-7', role: 'DINAS_OFFICER' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'BAST', number: '12/2024' }] },
  mode: 'OPERATIONAL',
}

const sealed = (data: unknown = { amount: '150000000', items: [1, 2] }): ReadonlyArray<SealedEvent> => {
  const valid = validateAppend('equipment-0190f8a2', [
    { eventId: '0190f8a2-0000-7000-8000-000000000001', type: 'EquipmentHandedOver', schemaVersion: 2, data, metadata },
    { eventId: '0190f8a2-0000-7000-8000-000000000002', type: 'EquipmentGranted', schemaVersion: 1, data, metadata },
  ])
  if (E.isLeft(valid)) throw new Error(valid.left._tag)
  const result = sealAppend(
    valid.right,
    { revision: 'no_stream', lastHash: '0'.repeat(64) },
    instantOf(new Date('2026-01-01T00:00:00Z')),
    nodeSha256,
  )
  if (E.isLeft(result)) throw new Error(result.left._tag)
  return result.right
}

/** What the client hands back for an event it stored: data and metadata through JSON, as on the wire. */
const throughTheWire = (event: SealedEvent, revision = event.revision): ClientRecordedEvent => {
  const written = eventDataOf(event)
  return {
    streamId: event.streamId,
    id: written.id,
    revision,
    type: written.type,
    created: new Date(0),
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(written.metadata)) as Record<string, unknown>,
    position: { commit: 100n, prepare: 100n },
  }
}

describe('EventMapping', () => {
  it('writes our event id as the KurrentDB event id, our type, JSON data', () => {
    const [first] = sealed()
    const data = eventDataOf(first!)
    expect(data).toMatchObject({
      id: first!.eventId,
      type: 'EquipmentHandedOver',
      contentType: 'application/json',
      data: first!.data,
    })
  })

  it('carries the envelope metadata, schema version and both hash-chain fields in the event metadata', () => {
    const [, second] = sealed()
    expect(eventDataOf(second!).metadata).toEqual({
      ikmLedger: METADATA_LAYOUT,
      schemaVersion: 1,
      hash: second!.hash,
      prevHash: second!.prevHash,
      envelope: second!.metadata,
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
    })
  })

  it('reads back the very event that was sealed, whose hash and chain link still verify', () => {
    const [first, second] = sealed()
    const rows = [first!, second!].map((e) => decodeStoredEvent(storedRowOf(throughTheWire(e), e.streamId, 7n)))
    const [a, b] = rows.map((row) => {
      if (E.isLeft(row)) throw new Error(JSON.stringify(row.left))
      return row.right
    })
    expect(a).toEqual({
      eventId: first!.eventId,
      streamId: first!.streamId,
      revision: 0n,
      position: 7n,
      type: first!.type,
      schemaVersion: 2,
      data: first!.data,
      metadata: first!.metadata,
      hash: first!.hash,
      prevHash: first!.prevHash,
    })
    expect(E.isRight(verifyEventHash(nodeSha256, a!, undefined))).toBe(true)
    expect(E.isRight(verifyEventHash(nodeSha256, b!, { revision: 0n, hash: a!.hash }))).toBe(true)
  })

  it('keeps a payload that is a bare JSON string a string, not text to parse again', () => {
    const [first] = sealed('just a string')
    const row = decodeStoredEvent(storedRowOf(throughTheWire(first!), first!.streamId, 1n))
    expect(E.isRight(row) && row.right.data).toBe('just a string')
  })

  it('reports an event without our metadata layout as CorruptEvent naming the missing field', () => {
    const [first] = sealed()
    const foreign = { ...throughTheWire(first!), metadata: Uint8Array.from([0, 1, 2]) }
    const row = decodeStoredEvent(storedRowOf(foreign, first!.streamId, 1n))
    expect(row).toMatchObject({ _tag: 'Left', left: { _tag: 'CorruptEvent', streamId: first!.streamId, revision: 0n } })
    expect(E.isLeft(row) && row.left._tag === 'CorruptEvent' && row.left.reason).toMatch(/metadata|schemaVersion|hash/)
  })

  it('reports a binary event as CorruptEvent: the data of our events is always JSON', () => {
    const [first] = sealed()
    const binary = { ...throughTheWire(first!), isJson: false, data: Uint8Array.from([1]) } as ClientRecordedEvent
    expect(decodeStoredEvent(storedRowOf(binary, first!.streamId, 1n))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'CorruptEvent' },
    })
  })

  it('finds the stored hash an append chains to, and none in metadata that is not ours', () => {
    const [first] = sealed()
    expect(storedHashOf(throughTheWire(first!))).toBe(first!.hash)
    expect(storedHashOf({ ...throughTheWire(first!), metadata: { hash: 'not-a-hash' } })).toBeUndefined()
    expect(storedHashOf({ ...throughTheWire(first!), metadata: undefined })).toBeUndefined()
  })
})
