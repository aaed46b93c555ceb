/**
 * The PII vault: person records encrypted under a data key of their own (AES-256-GCM), each data key wrapped
 * by a master key from the {@link KeyProvider}; a NIK digest (`HMAC-SHA256(pepper, NIK)`) so a second
 * registration of the same NIK finds the person already held without the NIK being stored in the clear; an
 * access log of every registration, read and erasure; and erasure by crypto-shredding (the data key is
 * destroyed, so every copy of the sealed record, wherever a disk or a backup kept it, is noise).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import {
  nodeEnvelope,
  storeErrorMessage,
  type Actor,
  type Clock,
  type Envelope,
  type KeyProvider,
  type StoreError,
} from '../../index'
import { ageInWholeYears, civilDateAt } from '../values/FiscalYear'
import type { PdpPurpose } from './PersonEvents'
import { categoriesOf, checkPersonRecord, PersonRecord } from './PersonRecord'
import type { VaultAccess, VaultInventoryRow, VaultStorage } from './VaultStorage'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why the vault refused. No message contains personal data or key material.
 *
 * @category model
 * @since 0.1.0
 */
export type VaultError =
  | { readonly _tag: 'InvalidPersonRecord'; readonly code: 'VAULT_INVALID_RECORD'; readonly message: string }
  | {
      readonly _tag: 'PersonNotInVault'
      readonly code: 'VAULT_NOT_FOUND'
      readonly personId: string
      readonly message: string
    }
  | {
      readonly _tag: 'PersonErased'
      readonly code: 'VAULT_ERASED'
      readonly personId: string
      readonly erasedAt: string
      readonly message: string
    }
  | { readonly _tag: 'VaultKeyUnavailable'; readonly code: 'VAULT_KEY_UNAVAILABLE'; readonly message: string }
  | {
      readonly _tag: 'VaultRecordUnreadable'
      readonly code: 'VAULT_UNREADABLE'
      readonly personId: string
      readonly message: string
    }
  | {
      readonly _tag: 'VaultStorageFailed'
      readonly code: 'VAULT_STORAGE'
      readonly error: StoreError
      readonly message: string
    }

/**
 * Who touches personal data and why; every vault operation on a person is logged with it.
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultAccessContext {
  readonly actor: Actor
  readonly purpose: PdpPurpose
}

/**
 * The outcome of a registration: the person id the record is held under, and whether this call stored it
 * (`false`: the NIK was already held, under that id).
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultRegistration {
  readonly personId: string
  readonly created: boolean
}

/**
 * The vault.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiVault {
  /** Validates and stores a record under `personId`, or finds the person already holding its NIK. */
  readonly register: (
    personId: string,
    record: unknown,
    access: VaultAccessContext,
  ) => TE.TaskEither<VaultError, VaultRegistration>
  /** The person id holding a NIK, if any (the NIK is digested, never stored or logged). */
  readonly findByNik: (nik: string) => TE.TaskEither<VaultError, string | undefined>
  /** Decrypts a record; the access is logged first, and a failed log means no data. */
  readonly read: (personId: string, access: VaultAccessContext) => TE.TaskEither<VaultError, PersonRecord>
  /** Crypto-shreds a person's record; erasing an erased person succeeds and changes nothing. */
  readonly erase: (
    personId: string,
    access: VaultAccessContext,
  ) => TE.TaskEither<VaultError, { readonly erasedAt: string }>
  /** What kinds of data the vault holds (or held) for these people, without decrypting anything. */
  readonly inventory: (personIds?: ReadonlyArray<string>) => TE.TaskEither<VaultError, ReadonlyArray<VaultInventoryRow>>
  readonly accessLog: (personId: string) => TE.TaskEither<VaultError, ReadonlyArray<VaultAccess>>
  /** Re-wraps every data key under the current master key, so older master keys can be destroyed. */
  readonly rewrapKeys: () => TE.TaskEither<VaultError, { readonly rewrapped: number }>
}

/**
 * Options of {@link createPiiVault}.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiVaultOptions {
  readonly storage: VaultStorage
  readonly keys: KeyProvider
  readonly clock: Clock
  /** Registration dates are civil dates in this zone (Asia/Jakarta by default). */
  readonly timeZone?: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura'
  readonly envelope?: Envelope
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const storageFailed = (error: StoreError): VaultError => ({
  _tag: 'VaultStorageFailed',
  code: 'VAULT_STORAGE',
  error,
  message: `the vault storage failed: ${storeErrorMessage(error)}`,
})

const keyFailed = (e: { readonly message: string }): VaultError => ({
  _tag: 'VaultKeyUnavailable',
  code: 'VAULT_KEY_UNAVAILABLE',
  message: `a vault key is unavailable: ${e.message}`,
})

const unreadable = (personId: string, what: string): VaultError => ({
  _tag: 'VaultRecordUnreadable',
  code: 'VAULT_UNREADABLE',
  personId,
  message: `the vault entry of person ${personId} does not open: ${what}`,
})

const recordAad = (personId: string): string => `ikm-ledger/pii-record/v1/${personId}`
const keyAad = (personId: string, masterKeyId: string): string => `ikm-ledger/pii-key/v1/${personId}/${masterKeyId}`

/**
 * Builds the vault over a storage adapter.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createPiiVault = (options: PiiVaultOptions): PiiVault => {
  const { storage, keys, clock } = options
  const box = options.envelope ?? nodeEnvelope
  const zone = options.timeZone ?? 'Asia/Jakarta'
  const store = <A>(task: TE.TaskEither<StoreError, A>): TE.TaskEither<VaultError, A> => TE.mapLeft(storageFailed)(task)
  const digestOf = (nik: string): TE.TaskEither<VaultError, string> =>
    pipe(
      keys.pepper(),
      TE.mapLeft(keyFailed),
      TE.map((pepper) => box.hmacSha256(pepper, nik)),
    )
  const logged = (personId: string, access: VaultAccessContext, action: VaultAccess['action']) =>
    store(
      storage.logAccess({
        personId,
        actorId: access.actor.id,
        actorRole: access.actor.role,
        purpose: access.purpose,
        action,
        at: clock.now().toISOString(),
      }),
    )
  const openEntry = (personId: string): TE.TaskEither<VaultError, PersonRecord> =>
    pipe(
      store(storage.lookup(personId)),
      TE.flatMap((found): TE.TaskEither<VaultError, PersonRecord> => {
        if (found._tag === 'Absent') {
          return TE.left({
            _tag: 'PersonNotInVault',
            code: 'VAULT_NOT_FOUND',
            personId,
            message: `the vault holds no record for person ${personId}`,
          })
        }
        if (found._tag === 'Erased') {
          return TE.left({
            _tag: 'PersonErased',
            code: 'VAULT_ERASED',
            personId,
            erasedAt: found.erasedAt,
            message: `the personal data of person ${personId} was erased at ${found.erasedAt}`,
          })
        }
        return pipe(
          keys.byId(found.key.masterKeyId),
          TE.mapLeft(keyFailed),
          TE.flatMap((master) => {
            const dataKey = box.open(master.key, found.key.wrapped, keyAad(personId, master.keyId))
            if (dataKey === undefined) return TE.left(unreadable(personId, 'its data key does not unwrap'))
            const plain = box.open(dataKey, found.entry.sealed, recordAad(personId))
            if (plain === undefined) return TE.left(unreadable(personId, 'the sealed record fails authentication'))
            let parsed: unknown
            try {
              parsed = JSON.parse(new TextDecoder().decode(plain))
            } catch {
              return TE.left(unreadable(personId, 'the decrypted record is not JSON'))
            }
            return pipe(
              PersonRecord.decode(parsed),
              E.mapLeft(() => unreadable(personId, 'the decrypted record does not decode')),
              TE.fromEither,
            )
          }),
        )
      }),
    )
  return {
    register: (personId, input, access) => {
      const today = civilDateAt(clock.now(), zone)
      const checked = checkPersonRecord(input, today)
      if (E.isLeft(checked)) {
        return TE.left({ _tag: 'InvalidPersonRecord', code: 'VAULT_INVALID_RECORD', message: checked.left })
      }
      const record = checked.right
      return pipe(
        TE.Do,
        TE.bind('digest', () => digestOf(record.nik)),
        TE.bind('master', () => TE.mapLeft(keyFailed)(keys.current())),
        TE.flatMap(({ digest, master }) => {
          const dataKey = box.randomKey()
          const sealed = box.seal(dataKey, new TextEncoder().encode(JSON.stringify(record)), recordAad(personId))
          const wrapped = box.seal(master.key, dataKey, keyAad(personId, master.keyId))
          dataKey.fill(0)
          const isChild = ageInWholeYears(record.birthDate, today) < 18
          return store(
            storage.insert(
              {
                personId,
                nikDigest: digest,
                sealed,
                categories: categoriesOf(record, isChild),
                storedAt: clock.now().toISOString(),
              },
              { personId, masterKeyId: master.keyId, wrapped },
            ),
          )
        }),
        TE.flatMap((outcome) => {
          const heldBy = outcome._tag === 'Inserted' ? personId : outcome.personId
          return pipe(
            logged(heldBy, access, 'REGISTER'),
            TE.map(() => ({ personId: heldBy, created: outcome._tag === 'Inserted' })),
          )
        }),
      )
    },
    findByNik: (nik) =>
      pipe(
        digestOf(nik),
        TE.flatMap((digest) => store(storage.findByDigest(digest))),
      ),
    read: (personId, access) =>
      pipe(
        logged(personId, access, 'READ'),
        TE.flatMap(() => openEntry(personId)),
      ),
    erase: (personId, access) =>
      pipe(
        store(storage.lookup(personId)),
        TE.flatMap((found): TE.TaskEither<VaultError, { readonly erasedAt: string }> => {
          if (found._tag === 'Erased') return TE.right({ erasedAt: found.erasedAt })
          if (found._tag === 'Absent') {
            return TE.left({
              _tag: 'PersonNotInVault',
              code: 'VAULT_NOT_FOUND',
              personId,
              message: `the vault holds no record for person ${personId}, so there is nothing to erase`,
            })
          }
          const erasedAt = clock.now().toISOString()
          return pipe(
            logged(personId, access, 'ERASE'),
            TE.flatMap(() => store(storage.shred(personId, erasedAt))),
            TE.map(() => ({ erasedAt })),
          )
        }),
      ),
    inventory: (personIds) => store(storage.inventory(personIds)),
    accessLog: (personId) => store(storage.accessLog(personId)),
    rewrapKeys: () =>
      pipe(
        TE.Do,
        TE.bind('master', () => TE.mapLeft(keyFailed)(keys.current())),
        TE.bind('held', () => store(storage.keys())),
        TE.flatMap(({ master, held }) =>
          pipe(
            held.filter((k) => k.masterKeyId !== master.keyId),
            TE.traverseSeqArray((k) =>
              pipe(
                keys.byId(k.masterKeyId),
                TE.mapLeft(keyFailed),
                TE.flatMap((old) => {
                  const dataKey = box.open(old.key, k.wrapped, keyAad(k.personId, old.keyId))
                  if (dataKey === undefined) return TE.left(unreadable(k.personId, 'its data key does not unwrap'))
                  const wrapped = box.seal(master.key, dataKey, keyAad(k.personId, master.keyId))
                  dataKey.fill(0)
                  return store(storage.replaceKey({ personId: k.personId, masterKeyId: master.keyId, wrapped }))
                }),
              ),
            ),
            TE.map((done) => ({ rewrapped: done.length })),
          ),
        ),
      ),
  }
}
