/**
 * A crypto-shredding scenario every storage technology runs on its own medium: a bimtek program selects three
 * people checked from the vault, then one of them is erased. The adapter's test then scans its raw bytes for
 * that person's fields and wrapped key, and checks that the hash chains written before the erasure still verify.
 *
 * @since 0.1.0
 */
import {
  nodeSha256Bytes,
  rfc9162Hasher,
  steppingClock,
  verifyAllChains,
  verifyConsistency,
  type EventStore,
} from '@ikm-ledger/core'
import {
  createPiiVault,
  ikmCommandHandler,
  personService,
  regionRef,
  type CommandContext,
  type VaultStorage,
} from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { messageOf, samplePerson, testKeys } from './PiiVaultContract'

/**
 * What the scenario leaves for the adapter's checks.
 *
 * @category model
 * @since 0.1.0
 */
export interface ShreddingOutcome {
  /** The erased person's plaintext fields: name, NIK, phone, address, birth date (in three spellings). */
  readonly erasedFields: ReadonlyArray<string>
  /** The wrapped data key and the NIK digest the vault held for the erased person. */
  readonly erasedKeys: ReadonlyArray<string | Uint8Array>
  /** The fields of the two people still held (they must not be on disk in plaintext either). */
  readonly heldSecrets: ReadonlyArray<string>
  /** Each stream's head (revision and hash) before the erasure. */
  readonly headsBefore: ReadonlyMap<string, { readonly revision: bigint; readonly hash: string }>
  readonly eventsBefore: number
  /** The global Merkle log before the erasure: its size and root (what a checkpoint taken then would sign). */
  readonly treeBefore: { readonly size: number; readonly root: Uint8Array }
}

/**
 * What the log looks like after the erasure, checked against what it was before.
 *
 * @category model
 * @since 0.1.0
 */
export interface LogAfterShredding {
  readonly breaks: number
  readonly eventsChecked: number
  /** The RFC 9162 consistency proof from the tree before the erasure to the tree now verifies. */
  readonly consistent: boolean
  /** Every stream, read up to its head from before the erasure, ends on the same hash. */
  readonly headsUnchanged: boolean
}

const context: CommandContext = {
  mode: 'OPERATIONAL',
  occurredOn: '2026-03-02' as CommandContext['occurredOn'],
  actor: { id: 'user-dinas-7', role: 'DINAS_STAFF' },
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'TOR_KAK', number: 'TOR-SHRED-2026' }] },
}

const must = async <L, A>(what: string, task: () => Promise<E.Either<L, A>>): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(`${what}: ${messageOf(result.left)}`)
  return result.right
}

/**
 * Runs the scenario on a store and a vault storage (often the same file or database).
 *
 * @category suites
 * @since 0.1.0
 */
export const runShreddingScenario = async (store: EventStore, storage: VaultStorage): Promise<ShreddingOutcome> => {
  const vault = createPiiVault({ storage, keys: testKeys(), clock: steppingClock('2026-03-02T01:00:00.000Z') })
  const handle = ikmCommandHandler({ store })
  const service = personService({ store, vault, handle })
  const program = (type: string, data: Record<string, unknown>) =>
    must(type, handle('program-prg-shred', { type, data: { programId: 'prg-shred', ...data }, context }))
  await program('RegisterProgram', {
    fiscalYear: 2026,
    title: 'Bimtek Kemasan Produk',
    schemes: ['WUB_BIMTEK'],
    executingOrg: { orgId: 'disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' },
    coOrganizers: [],
    regions: [regionRef('63')],
    kbli: [],
    origin: { kind: 'DINAS_INITIATIVE' },
  })
  await program('ApproveProgram', {})
  await program('SetEligibilityPolicy', { policyId: 'milenial-35', params: { maxAgeYears: 35 } })
  for (const n of [1, 2, 3]) {
    await must('register', service.register(`p-00${n}`, samplePerson(n).record, context))
    await must(
      'consent',
      handle(`person-p-00${n}`, {
        type: 'RecordConsent',
        data: { personId: `p-00${n}`, purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: 'SELF' },
        context,
      }),
    )
    await must('select', service.select({ programId: 'prg-shred', personId: `p-00${n}`, context }))
  }
  const held = await must('lookup', storage.lookup('p-001'))
  if (held._tag !== 'Held') throw new Error('p-001 is not held')
  const before = await must('verify', verifyAllChains(store))
  const rootBefore = before.log.merkle.root()
  if (E.isLeft(rootBefore)) throw new Error(rootBefore.left)
  const headsBefore = new Map<string, { revision: bigint; hash: string }>()
  for await (const batch of store.readAll({})) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag)
    for (const e of batch.right.events) headsBefore.set(e.streamId, { revision: e.revision, hash: e.hash })
  }
  await must('erase', service.erase('p-001', 'request of the data subject (UU 27/2022 Pasal 8)', context))
  return {
    erasedFields: samplePerson(1).secrets,
    erasedKeys: [held.key.wrapped, held.entry.nikDigest],
    heldSecrets: [...samplePerson(2).secrets, ...samplePerson(3).secrets],
    headsBefore,
    eventsBefore: before.eventsChecked,
    treeBefore: { size: before.log.size(), root: rootBefore.right },
  }
}

/**
 * Verifies the store after the scenario: every hash chain, the consistency proof from the Merkle tree before the
 * erasure to the tree now, and each stream's head from before.
 *
 * @category suites
 * @since 0.1.0
 */
export const checkLogAfterShredding = async (
  store: EventStore,
  outcome: ShreddingOutcome,
): Promise<LogAfterShredding> => {
  const after = await must('verify', verifyAllChains(store))
  const rootAfter = after.log.merkle.root()
  const proof = after.log.merkle.consistencyProof(outcome.treeBefore.size)
  const consistent =
    E.isRight(rootAfter) &&
    E.isRight(proof) &&
    E.isRight(
      verifyConsistency(
        rfc9162Hasher(nodeSha256Bytes),
        outcome.treeBefore.size,
        after.log.size(),
        outcome.treeBefore.root,
        rootAfter.right,
        proof.right,
      ),
    )
  let headsUnchanged = true
  for (const [streamId, head] of outcome.headsBefore) {
    let last: string | undefined
    for await (const batch of store.readStream(streamId, { untilRevision: head.revision, verifyHashes: true })) {
      if (E.isLeft(batch)) throw new Error(batch.left._tag)
      last = batch.right.at(-1)?.hash ?? last
    }
    headsUnchanged = headsUnchanged && last === head.hash
  }
  return { breaks: after.breaks.length, eventsChecked: after.eventsChecked, consistent, headsUnchanged }
}
