import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { VECTOR_EVENTS, VECTOR_RECORDED_AT, VECTOR_STREAM } from '@ikm-ledger/testkit'
import { describe, expect, it } from 'vitest'
import { chainHash, GENESIS_HASH, hashInput, nodeSha256, type HashedFields } from '../../src/index'

// The fixed test vector of the contract suite (testkit's VECTOR_EVENTS), checked here on its own: the canonical
// text is written out by hand and hashed with node:crypto directly, so a change in canonicalJson, hashInput or the
// envelope shows up as a failure in both places.
const hashed = (index: 0 | 1): HashedFields => {
  const event = VECTOR_EVENTS[index]!
  return {
    ...event,
    streamId: VECTOR_STREAM,
    revision: BigInt(index),
    metadata: { ...event.metadata, recordedAt: VECTOR_RECORDED_AT },
  } as unknown as HashedFields
}
const FIRST = hashed(0)
const SECOND = hashed(1)

const FIRST_TEXT =
  '{"data":{"budget":{"rupiah":"1250000000","source":"APBN"},"notes":{"alpha":null,"number":12.5,' +
  '"zeta":"emoji 🧵, \\"quotes\\", \\\\ backslash","ñandú":true},"sites":["Desa Ngadirejo","Kec. Kledung"],' +
  '"title":"Bimtek pengemasan kopi — Kab. Temanggung ☕"},"eventId":"0190f8a2-7c4d-7e11-9a3b-5d6e7f80a001",' +
  '"metadata":{"actor":{"id":"0190f8a2-7c4d-7e11-9a3b-5d6e7f80b001","role":"DINAS_OPERATOR"},' +
  '"causationId":"command-42","correlationId":"0190f8a2-7c4d-7e11-9a3b-5d6e7f80c001","evidence":' +
  '{"approximate":false,"level":"DOCUMENTED","refs":[{"date":"2025-03-10","kind":"SK","number":' +
  '"027/SK/IKM/III/2025"}]},"mode":"OPERATIONAL","occurredOn":"2025-03-14","placeTimeZone":"Asia/Jakarta",' +
  '"recordedAt":"2026-01-02T03:04:05.678Z"},"revision":"0","schemaVersion":1,' +
  '"streamId":"program-0190f8a2-7c4d-7e11-9a3b-5d6e7f800001","type":"ProgramProposed"}'

const SECOND_TEXT =
  '{"data":{"amount":"750000000","line":{"code":"5.2.1","Ünïcödé key":"värde"}},' +
  '"eventId":"0190f8a2-7c4d-7e11-9a3b-5d6e7f80a002","metadata":{"actor":{"id":' +
  '"0190f8a2-7c4d-7e11-9a3b-5d6e7f80b001","role":"DINAS_OPERATOR"},"correlationId":' +
  '"0190f8a2-7c4d-7e11-9a3b-5d6e7f80c001","evidence":{"level":"NEWS_REPORT","refs":[]},"mode":' +
  '"HISTORICAL_IMPORT","occurredOn":"2025-04-01","recordedAt":"2026-01-02T03:04:05.678Z"},"revision":"1",' +
  '"schemaVersion":2,"streamId":"program-0190f8a2-7c4d-7e11-9a3b-5d6e7f800001","type":"FundingAllocated"}'

const FIRST_HASH = 'ccc22c6396aa6cb8e4d5aa1c81db0ec2a67fb7bd78aefdaa08de00235834aaa5'
const SECOND_HASH = '116412514d4d727570f9dba6d5a09f90055012ad6b3b4cf59e92ecbe4a677974'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

describe('HashChain', () => {
  it('hashes exactly the documented canonical text of the fixed test vector', () => {
    expect(hashInput(FIRST)).toBe(FIRST_TEXT)
    expect(hashInput(SECOND)).toBe(SECOND_TEXT)
  })

  it('reproduces the fixed test vector: SHA-256 of prevHash followed by the canonical text', () => {
    expect(sha256(GENESIS_HASH + FIRST_TEXT)).toBe(FIRST_HASH)
    expect(sha256(FIRST_HASH + SECOND_TEXT)).toBe(SECOND_HASH)
    expect(chainHash(nodeSha256, GENESIS_HASH, FIRST)).toBe(FIRST_HASH)
    expect(chainHash(nodeSha256, FIRST_HASH, SECOND)).toBe(SECOND_HASH)
  })

  it('starts every chain from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64))
  })

  it('changes the hash when any hashed field or the previous hash changes', () => {
    const variants: ReadonlyArray<HashedFields> = [
      { ...FIRST, eventId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a009' },
      { ...FIRST, streamId: 'program-other' },
      { ...FIRST, revision: 1n },
      { ...FIRST, type: 'ProgramProposedX' },
      { ...FIRST, schemaVersion: 2 },
      { ...FIRST, data: { ...(FIRST.data as object), title: 'x' } },
      { ...FIRST, metadata: { ...FIRST.metadata, occurredOn: '2025-03-15' as never } },
    ]
    for (const variant of variants) expect(chainHash(nodeSha256, GENESIS_HASH, variant)).not.toBe(FIRST_HASH)
    expect(chainHash(nodeSha256, SECOND_HASH, FIRST)).not.toBe(FIRST_HASH)
  })
})

describe('nodeSha256', () => {
  it('gives the digest of the UTF-8 bytes, the same as a createHash object, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(nodeSha256(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
      }),
    )
  })
})
