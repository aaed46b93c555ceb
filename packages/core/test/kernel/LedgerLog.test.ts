import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  bytesToHex,
  checkpointJson,
  consistencyProofOf,
  createInMemoryEventStore,
  decodeCheckpoint,
  decodeLedgerLog,
  ed25519Signer,
  ed25519Verifier,
  encodeLedgerLog,
  extendLedgerLog,
  generateEd25519KeyPair,
  inclusionProofOf,
  inMemoryStorage,
  instantOf,
  ledgerLog,
  nodeSha256,
  nodeSha256Bytes,
  rfc9162Hasher,
  signCheckpoint,
  treeHeadOf,
  verifyCheckpointSignature,
  verifyLogProof,
  type SignedCheckpoint,
  type Signer,
} from '../../src/index'
import { leftOf, newEvent, rightOf } from './fixtures'

const hasher = rfc9162Hasher(nodeSha256Bytes)
const deps = { sha256: nodeSha256, sha256Bytes: nodeSha256Bytes, hasher, verifySignature: ed25519Verifier }
const signer = (): Signer => {
  const made = ed25519Signer(generateEd25519KeyPair().privateKeyPem)
  if (E.isLeft(made)) throw new Error(made.left)
  return made.right
}
const unwrap = <A>(either: E.Either<string, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left)
  return either.right
}

const seeded = async (events: number) => {
  const storage = inMemoryStorage()
  const store = createInMemoryEventStore({ storage })
  for (let i = 0; i < events; i++) await rightOf(store.append(`program-s${i % 3}`, [newEvent({ i })]))
  return { store, storage }
}

const checkpointOf = async (s: Signer, log: ReturnType<typeof ledgerLog>): Promise<SignedCheckpoint> =>
  rightOf(signCheckpoint(s, treeHeadOf(log, 'ledger-test', instantOf(new Date('2026-12-01T00:00:00.000Z')))))

describe('LedgerLog', () => {
  it('resumes from its cache and reads only the events appended since', async () => {
    const { store } = await seeded(10)
    const log = ledgerLog(hasher)
    expect(await rightOf(extendLedgerLog(store, log))).toEqual({ _tag: 'Extended', added: 10 })
    const cached = unwrap(decodeLedgerLog(encodeLedgerLog(log), hasher))
    expect(bytesToHex(unwrap(cached.merkle.root()))).toBe(bytesToHex(unwrap(log.merkle.root())))
    for (let i = 0; i < 5; i++) await rightOf(store.append('program-new', [newEvent({ i })]))
    expect(await rightOf(extendLedgerLog(store, cached))).toEqual({ _tag: 'Extended', added: 5 })
    const fresh = ledgerLog(hasher)
    await rightOf(extendLedgerLog(store, fresh))
    expect(bytesToHex(unwrap(cached.merkle.root()))).toBe(bytesToHex(unwrap(fresh.merkle.root())))
    expect(cached.indexOfPosition(12n)).toBe(11)
    expect(cached.indexOfPosition(99n)).toBeUndefined()
  })

  it('notices a cache that does not describe the store', async () => {
    const { store } = await seeded(4)
    const other = await seeded(4)
    const log = ledgerLog(hasher)
    await rightOf(extendLedgerLog(other.store, log))
    expect(await rightOf(extendLedgerLog(store, log))).toMatchObject({ _tag: 'CacheMismatch' })
    expect(E.isLeft(decodeLedgerLog(encodeLedgerLog(log).slice(0, 40), hasher))).toBe(true)
    expect(E.isLeft(decodeLedgerLog(new Uint8Array(30), hasher))).toBe(true)
  })

  it('signs checkpoints whose every field is covered by the signature', async () => {
    const { store } = await seeded(5)
    const log = ledgerLog(hasher)
    await rightOf(extendLedgerLog(store, log))
    const s = signer()
    const checkpoint = await checkpointOf(s, log)
    const check = { sha256: nodeSha256Bytes, verifySignature: ed25519Verifier }
    expect(verifyCheckpointSignature(checkpoint, check)).toEqual(E.right(undefined))
    const decoded = unwrap(decodeCheckpoint(JSON.parse(checkpointJson(checkpoint))))
    expect(verifyCheckpointSignature(decoded, check)).toEqual(E.right(undefined))
    const changes: ReadonlyArray<Partial<SignedCheckpoint>> = [
      { ledgerId: 'another' },
      { treeSize: 4 },
      { rootHash: '0'.repeat(64) },
      { lastPosition: 4n },
      { issuedAt: instantOf(new Date('2027-01-01T00:00:00.000Z')) },
    ]
    for (const change of changes) {
      expect(E.isLeft(verifyCheckpointSignature({ ...checkpoint, ...change }, check))).toBe(true)
    }
    const other = signer()
    expect(E.isLeft(verifyCheckpointSignature({ ...checkpoint, publicKey: other.publicKey }, check))).toBe(true)
    expect(
      E.isLeft(verifyCheckpointSignature({ ...checkpoint, publicKey: other.publicKey, keyId: other.keyId }, check)),
    ).toBe(true)
    expect(E.isLeft(decodeCheckpoint({ ...JSON.parse(checkpointJson(checkpoint)), rootHash: 'xyz' }))).toBe(true)
  })

  it('proves every event of a log included, and refuses a log that no longer gives the checkpoint', async () => {
    const { store, storage } = await seeded(9)
    const log = ledgerLog(hasher)
    await rightOf(extendLedgerLog(store, log))
    const checkpoint = await checkpointOf(signer(), log)
    for await (const batch of store.readAll()) {
      for (const event of E.getOrElseW(() => ({ events: [], checkpoint: 0n }))(batch).events) {
        const proof = unwrap(inclusionProofOf(log, checkpoint, event))
        expect(verifyLogProof(proof, deps)).toMatchObject({ _tag: 'Right', right: { kind: 'inclusion' } })
        expect(E.isLeft(verifyLogProof({ ...proof, event: { ...event, data: { i: -1 } } }, deps))).toBe(true)
        expect(E.isLeft(verifyLogProof({ ...proof, event: { ...event, position: event.position + 1n } }, deps))).toBe(
          true,
        )
      }
    }
    storage.rows.splice(3, 1)
    // A log is never made of a store with a hole in a stream: the read under it refuses the gap.
    expect(await leftOf(extendLedgerLog(store, ledgerLog(hasher)))).toMatchObject({
      _tag: 'HashChainBroken',
      reason: expect.stringMatching(/is missing/) as unknown,
    })
    const changed = ledgerLog(hasher)
    for (const row of storage.rows) expect(E.isRight(changed.appendEvent(row.position, row.hash))).toBe(true)
    const first = storage.rows[0]!
    expect(first).toBeDefined()
    const events: Array<Parameters<typeof inclusionProofOf>[2]> = []
    for await (const batch of store.readAll({ maxCount: 1 })) if (E.isRight(batch)) events.push(...batch.right.events)
    expect(inclusionProofOf(changed, checkpoint, events[0]!)).toMatchObject({
      _tag: 'Left',
      left: expect.stringMatching(/covers 9 events but the log holds 8/) as unknown,
    })
  })

  it('proves consistency between two checkpoints, and no proof passes for checkpoints of two ledgers', async () => {
    const { store } = await seeded(7)
    const log = ledgerLog(hasher)
    await rightOf(extendLedgerLog(store, log))
    const s = signer()
    const older = await checkpointOf(s, log)
    for (let i = 0; i < 6; i++) await rightOf(store.append('program-more', [newEvent({ i })]))
    await rightOf(extendLedgerLog(store, log))
    const newer = await checkpointOf(s, log)
    const proof = unwrap(consistencyProofOf(log, older, newer))
    expect(verifyLogProof(proof, deps)).toMatchObject({ _tag: 'Right', right: { kind: 'consistency' } })
    const renamed = await rightOf(
      signCheckpoint(s, { ...newer, ledgerId: 'another-ledger', lastPosition: newer.lastPosition }),
    )
    expect(E.isLeft(verifyLogProof({ ...proof, newer: renamed }, deps))).toBe(true)
    expect(E.isLeft(verifyLogProof({ ...proof, older: newer, newer: older }, deps))).toBe(true)
  })
})
