/**
 * The storage port of the PII vault. Adapters store bytes they cannot read: a sealed record, a wrapped data key,
 * a keyed digest, category names and the access log. All cryptography happens in {@link createPiiVault}, so a
 * storage adapter never sees a plaintext field, and what it writes to disk (pages, WAL, dead tuples, backups)
 * holds ciphertext only.
 *
 * Every adapter keeps the key and the sealed record in separate tables and, on `shred`, deletes the wrapped key,
 * the sealed record and the digest, keeping a tombstone (person id, time of erasure) so the vault can tell
 * "erased" from "never held".
 *
 * @since 0.1.0
 */
import type * as TE from 'fp-ts/TaskEither'
import type { StoreError } from '../../index'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A person's sealed record: `sealed` is AES-256-GCM under the person's data key.
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultEntry {
  readonly personId: string
  readonly nikDigest: string
  readonly sealed: Uint8Array
  readonly categories: ReadonlyArray<string>
  readonly storedAt: string
}

/**
 * A person's data key, wrapped (AES-256-GCM) by the master key `masterKeyId`.
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultKey {
  readonly personId: string
  readonly masterKeyId: string
  readonly wrapped: Uint8Array
}

/**
 * What the vault holds for a person id.
 *
 * @category model
 * @since 0.1.0
 */
export type VaultLookup =
  | { readonly _tag: 'Held'; readonly entry: VaultEntry; readonly key: VaultKey }
  | { readonly _tag: 'Erased'; readonly erasedAt: string }
  | { readonly _tag: 'Absent' }

/**
 * One line of the breach inventory: which kinds of data the vault holds for a person, never the data.
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultInventoryRow {
  readonly personId: string
  readonly categories: ReadonlyArray<string>
  readonly storedAt: string
  readonly erasedAt: string | null
}

/**
 * One access to personal data (UU 27/2022 accountability): who, for what purpose, what they did, when.
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultAccess {
  readonly personId: string
  readonly actorId: string
  readonly actorRole: string
  readonly purpose: string
  readonly action: 'REGISTER' | 'READ' | 'ERASE'
  readonly at: string
}

/**
 * The port. `insert` is atomic and refuses a digest another person holds (`DigestTaken` names that person).
 *
 * @category model
 * @since 0.1.0
 */
export interface VaultStorage {
  readonly insert: (
    entry: VaultEntry,
    key: VaultKey,
  ) => TE.TaskEither<
    StoreError,
    { readonly _tag: 'Inserted' } | { readonly _tag: 'DigestTaken'; readonly personId: string }
  >
  readonly findByDigest: (nikDigest: string) => TE.TaskEither<StoreError, string | undefined>
  readonly lookup: (personId: string) => TE.TaskEither<StoreError, VaultLookup>
  /** Destroys the key, the sealed record and the digest; `false` when there was nothing left to destroy. */
  readonly shred: (personId: string, erasedAt: string) => TE.TaskEither<StoreError, boolean>
  /** Every person held or erased, or only those named, ordered by person id. */
  readonly inventory: (personIds?: ReadonlyArray<string>) => TE.TaskEither<StoreError, ReadonlyArray<VaultInventoryRow>>
  readonly keys: () => TE.TaskEither<StoreError, ReadonlyArray<VaultKey>>
  /** Replaces a wrapped key (master-key rotation). */
  readonly replaceKey: (key: VaultKey) => TE.TaskEither<StoreError, void>
  readonly logAccess: (access: VaultAccess) => TE.TaskEither<StoreError, void>
  readonly accessLog: (personId: string) => TE.TaskEither<StoreError, ReadonlyArray<VaultAccess>>
}
