/**
 * The PII vault storage contract: every `VaultStorage` adapter (in memory, SQLite, PostgreSQL, third-party ones)
 * runs it under the real vault, so registration, NIK deduplication, the access log, erasure and master-key
 * rotation behave the same everywhere. Each adapter also hands over the raw bytes it keeps (database pages, WAL,
 * whatever its medium is), and the suite checks that no plaintext field of a record is ever among them and that,
 * after an erasure, the person's wrapped data key is gone too.
 *
 * @since 0.1.0
 */
import { keyProviderFromEnv, steppingClock, type KeyProvider } from '@ikm-ledger/core'
import { createPiiVault, regionRef, type PiiVault, type VaultStorage } from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A fresh, empty storage, the bytes it keeps on its medium, and a way to release it.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiVaultHarness {
  readonly storage: VaultStorage
  /** Every byte the adapter keeps for the vault (after making it durable, e.g. a WAL checkpoint or not). */
  readonly rawBytes: () => Promise<ReadonlyArray<Uint8Array>>
  readonly close: () => Promise<void>
}

/**
 * How a suite run gets its harnesses.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiVaultContractSetup {
  readonly name: string
  readonly harness: () => Promise<PiiVaultHarness>
}

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const hex = (byte: number) => byte.toString(16).padStart(2, '0')
const KEY_1 = Array.from({ length: 32 }, (_, i) => hex(i + 1)).join('')
const KEY_2 = Array.from({ length: 32 }, (_, i) => hex(200 - i)).join('')
const PEPPER = Array.from({ length: 32 }, (_, i) => hex(i * 7 + 3)).join('')

/**
 * A key provider with fixed test keys (`mk-1`; `mk-2` current after a rotation, `mk-1` kept or destroyed).
 *
 * @category fixtures
 * @since 0.1.0
 */
export const testKeys = (current: 'mk-1' | 'mk-2' = 'mk-1', keepOld = true): KeyProvider =>
  keyProviderFromEnv({
    IKM_LEDGER_MASTER_KEY_ID: current,
    IKM_LEDGER_MASTER_KEY: current === 'mk-1' ? KEY_1 : KEY_2,
    ...(current === 'mk-2' && keepOld ? { 'IKM_LEDGER_MASTER_KEY_mk-1': KEY_1 } : {}),
    IKM_LEDGER_NIK_PEPPER: PEPPER,
  })

/**
 * A made-up person record with a valid NIK (a woman born 12 March 1998, registered in Kota Banjarmasin), and
 * the plaintext strings a scan of stored bytes must never find.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const samplePerson = (n = 1) => {
  const serial = String(n).padStart(4, '0')
  const record = {
    fullName: `Siti Rahmawati Contoh ${serial}`,
    nik: `637102520398${serial}`,
    birthDate: '1998-03-12',
    sex: 'F',
    domicile: regionRef('63.71'),
    phone: `0812345${serial}`,
    address: `Jalan Contoh Sasirangan ${serial}`,
  }
  return {
    record,
    secrets: [record.fullName, record.nik, record.phone, record.address, record.birthDate, '12-03-1998', '19980312'],
  }
}

const has = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0

/**
 * Which of `secrets` (strings, as UTF-8, or byte strings) occur anywhere in `chunks`.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const foundIn = (
  chunks: ReadonlyArray<Uint8Array>,
  secrets: ReadonlyArray<string | Uint8Array>,
): ReadonlyArray<string> =>
  secrets
    .filter((s) => {
      const bytes = typeof s === 'string' ? new TextEncoder().encode(s) : s
      return chunks.some((c) => has(c, bytes))
    })
    .map((s) => (typeof s === 'string' ? s : `<${s.length} bytes>`))

// -------------------------------------------------------------------------------------
// suite
// -------------------------------------------------------------------------------------

/** The message of any error value the vault or its storage returns. */
export const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : JSON.stringify(error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))

const ok = async <L, A>(task: () => Promise<E.Either<L, A>>): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(messageOf(result.left))
  return result.right
}

const officer = { actor: { id: 'user-dinas-7', role: 'DINAS_STAFF' }, purpose: 'ELIGIBILITY_CHECK' as const }

/**
 * Runs the contract.
 *
 * @category suites
 * @since 0.1.0
 */
export const piiVaultContract = (setup: PiiVaultContractSetup): void => {
  describe(`PiiVault contract (${setup.name})`, () => {
    const open = async (keys: KeyProvider = testKeys()) => {
      const h = await setup.harness()
      const vault = (k: KeyProvider): PiiVault =>
        createPiiVault({ storage: h.storage, keys: k, clock: steppingClock('2026-03-01T02:00:00.000Z') })
      return { h, vault: vault(keys), withKeys: vault }
    }

    it('stores a record, reads it back, and logs who read it and why', async () => {
      const { h, vault } = await open()
      const { record } = samplePerson()
      expect(await ok(vault.register('p-1', record, officer))).toEqual({ personId: 'p-1', created: true })
      expect(await ok(vault.read('p-1', officer))).toEqual(record)
      const log = await ok(vault.accessLog('p-1'))
      expect(log.map((a) => [a.action, a.actorId, a.purpose])).toEqual([
        ['REGISTER', 'user-dinas-7', 'ELIGIBILITY_CHECK'],
        ['READ', 'user-dinas-7', 'ELIGIBILITY_CHECK'],
      ])
      await h.close()
    })

    it('finds the person already holding a NIK instead of storing it twice', async () => {
      const { h, vault } = await open()
      const { record } = samplePerson()
      await ok(vault.register('p-1', record, officer))
      expect(await ok(vault.register('p-2', { ...record, fullName: 'Nama Lain' }, officer))).toEqual({
        personId: 'p-1',
        created: false,
      })
      expect(await ok(vault.findByNik(record.nik))).toBe('p-1')
      expect((await ok(vault.inventory())).map((r) => r.personId)).toEqual(['p-1'])
      await h.close()
    })

    it('refuses an invalid record and says which field, never its value', async () => {
      const { h, vault } = await open()
      const { record } = samplePerson()
      const wrong = await vault.register('p-1', { ...record, nik: '6371021203980001' }, officer)()
      expect(wrong).toMatchObject({ left: { _tag: 'InvalidPersonRecord' } })
      if (E.isRight(wrong)) throw new Error('accepted')
      expect(wrong.left.message).toContain('sex')
      expect(wrong.left.message).not.toContain('6371021203980001')
      const noName = await vault.register('p-1', { ...record, fullName: '' }, officer)()
      if (E.isRight(noName)) throw new Error('accepted')
      expect(noName.left.message).toContain('fullName')
      expect(await ok(vault.inventory())).toEqual([])
      await h.close()
    })

    it('never writes a plaintext field: the stored bytes hold ciphertext only', async () => {
      const { h, vault } = await open()
      for (const n of [1, 2, 3]) await ok(vault.register(`p-${n}`, samplePerson(n).record, officer))
      const bytes = await h.rawBytes()
      expect(bytes.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(0)
      expect(
        foundIn(
          bytes,
          [1, 2, 3].flatMap((n) => samplePerson(n).secrets),
        ),
      ).toEqual([])
      await h.close()
    })

    it('erases by destroying the key: the record no longer opens, its wrapped key is gone, the person is still counted', async () => {
      const { h, vault } = await open()
      const { record } = samplePerson()
      await ok(vault.register('p-1', record, officer))
      await ok(vault.register('p-2', samplePerson(2).record, officer))
      const held = await ok(h.storage.lookup('p-1'))
      if (held._tag !== 'Held') throw new Error('not held')
      const erased = await ok(vault.erase('p-1', { ...officer, purpose: 'PROGRAM_PARTICIPATION' }))
      expect(erased.erasedAt).toMatch(/^2026-03-01T02:00:\d\d\.\d{3}Z$/)
      expect(await vault.read('p-1', officer)()).toMatchObject({ left: { _tag: 'PersonErased' } })
      expect(await ok(vault.erase('p-1', officer))).toEqual(erased)
      expect(await ok(vault.findByNik(record.nik))).toBeUndefined()
      expect((await ok(vault.inventory(['p-1', 'p-2']))).map((r) => [r.personId, r.erasedAt])).toEqual([
        ['p-1', erased.erasedAt],
        ['p-2', null],
      ])
      expect(await ok(vault.read('p-2', officer))).toEqual(samplePerson(2).record)
      const bytes = await h.rawBytes()
      expect(foundIn(bytes, [...samplePerson().secrets, held.key.wrapped, held.entry.nikDigest])).toEqual([])
      // The refused read after the erasure is logged too: an attempt is an access.
      expect((await ok(vault.accessLog('p-1'))).map((a) => a.action)).toEqual(['REGISTER', 'ERASE', 'READ'])
      await h.close()
    })

    it('re-wraps every data key under a new master key, so the old master key can be destroyed', async () => {
      const { h, vault, withKeys } = await open()
      await ok(vault.register('p-1', samplePerson().record, officer))
      expect(await ok(withKeys(testKeys('mk-2')).rewrapKeys())).toEqual({ rewrapped: 1 })
      const rotated = withKeys(testKeys('mk-2', false))
      expect(await ok(rotated.read('p-1', officer))).toEqual(samplePerson().record)
      // A provider that knows only the destroyed key cannot unwrap the re-wrapped data key.
      expect(await vault.read('p-1', officer)()).toMatchObject({ left: { _tag: 'VaultKeyUnavailable' } })
      const keys = await ok(h.storage.keys())
      expect(keys.map((k) => k.masterKeyId)).toEqual(['mk-2'])
      await h.close()
    })
  })
}
