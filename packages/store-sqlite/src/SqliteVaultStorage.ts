/**
 * The PII vault's tables on SQLite, beside the event store in the same file or in a file of their own:
 * `pii_records` (sealed record, NIK digest, categories, tombstone), `pii_keys` (wrapped data keys) and
 * `pii_access` (the access log). The vault encrypts before anything reaches this adapter, so the file, its WAL
 * and its free pages only ever see ciphertext.
 *
 * Erasure deletes the wrapped key, the sealed record and the digest with `secure_delete` on (SQLite overwrites
 * the freed cells with zeros), then checkpoints and truncates the WAL, so the wrapped key's bytes leave the
 * file and the WAL as well. Copies made earlier (backups) still hold the wrapped key: a master-key rotation
 * (`rewrapKeys`, then destroying the old master key) makes those copies useless; see docs/privacy.md.
 *
 * @since 0.1.0
 */
import { storageFailure, type StoreError } from '@ikm-ledger/core'
import type { VaultAccess, VaultInventoryRow, VaultKey, VaultLookup, VaultStorage } from '@ikm-ledger/core/domain'
import Database from 'better-sqlite3'
// The namespace, not the default import, in every type: declarations must compile without esModuleInterop.
import type * as BetterSqlite3 from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pii_records (
  person_id   TEXT PRIMARY KEY,
  nik_digest  TEXT UNIQUE,
  sealed      BLOB,
  categories  TEXT NOT NULL,
  stored_at   TEXT NOT NULL,
  erased_at   TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS pii_keys (
  person_id      TEXT PRIMARY KEY,
  master_key_id  TEXT NOT NULL,
  wrapped        BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS pii_access (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id   TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  action      TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS pii_access_person ON pii_access (person_id, seq);
`

interface RecordRow {
  readonly person_id: string
  readonly nik_digest: string | null
  readonly sealed: Buffer | null
  readonly categories: string
  readonly stored_at: string
  readonly erased_at: string | null
}

interface KeyRow {
  readonly person_id: string
  readonly master_key_id: string
  readonly wrapped: Buffer
}

/**
 * Options of {@link createSqliteVaultStorage}: a file path, or an open database (the event store's file, say).
 *
 * @category model
 * @since 0.1.0
 */
export type SqliteVaultStorageOptions =
  | { readonly path: string; readonly database?: undefined }
  | { readonly database: BetterSqlite3.Database; readonly path?: undefined }

/**
 * Opens the vault tables (creating them when missing) and turns `secure_delete` on for the connection.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createSqliteVaultStorage = (
  options: SqliteVaultStorageOptions,
): E.Either<StoreError, VaultStorage & { readonly close: () => void }> => {
  let db: BetterSqlite3.Database
  try {
    db = options.database ?? new Database(options.path)
    db.pragma('journal_mode = WAL')
    db.pragma('secure_delete = ON')
    db.exec(SCHEMA)
  } catch (cause) {
    return E.left(storageFailure('open the SQLite PII vault tables', cause))
  }
  const owned = options.database === undefined
  const run = <A>(operation: string, f: () => A): TE.TaskEither<StoreError, A> =>
    TE.fromEither(E.tryCatch(f, (cause) => storageFailure(operation, cause)))
  const s = {
    insertRecord: db.prepare(
      'INSERT INTO pii_records (person_id, nik_digest, sealed, categories, stored_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertKey: db.prepare('INSERT INTO pii_keys (person_id, master_key_id, wrapped) VALUES (?, ?, ?)'),
    byDigest: db.prepare<[string], { person_id: string }>('SELECT person_id FROM pii_records WHERE nik_digest = ?'),
    record: db.prepare<[string], RecordRow>('SELECT * FROM pii_records WHERE person_id = ?'),
    key: db.prepare<[string], KeyRow>('SELECT * FROM pii_keys WHERE person_id = ?'),
    keys: db.prepare<[], KeyRow>('SELECT * FROM pii_keys ORDER BY person_id'),
    deleteKey: db.prepare('DELETE FROM pii_keys WHERE person_id = ?'),
    tombstone: db.prepare(
      'UPDATE pii_records SET sealed = NULL, nik_digest = NULL, erased_at = ? WHERE person_id = ? AND erased_at IS NULL',
    ),
    replaceKey: db.prepare('UPDATE pii_keys SET master_key_id = ?, wrapped = ? WHERE person_id = ?'),
    all: db.prepare<[], RecordRow>('SELECT * FROM pii_records ORDER BY person_id'),
    logAccess: db.prepare(
      'INSERT INTO pii_access (person_id, actor_id, actor_role, purpose, action, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    accessLog: db.prepare<
      [string],
      { person_id: string; actor_id: string; actor_role: string; purpose: string; action: string; at: string }
    >('SELECT * FROM pii_access WHERE person_id = ? ORDER BY seq'),
  }
  const inventoryRow = (r: RecordRow): VaultInventoryRow => ({
    personId: r.person_id,
    categories: JSON.parse(r.categories) as ReadonlyArray<string>,
    storedAt: r.stored_at,
    erasedAt: r.erased_at,
  })
  const insert = db.transaction((entry: Parameters<VaultStorage['insert']>[0], key: VaultKey) => {
    const holder = s.byDigest.get(entry.nikDigest)
    if (holder !== undefined) return { _tag: 'DigestTaken' as const, personId: holder.person_id }
    if (s.record.get(entry.personId) !== undefined) return { _tag: 'DigestTaken' as const, personId: entry.personId }
    s.insertRecord.run(
      entry.personId,
      entry.nikDigest,
      Buffer.from(entry.sealed),
      JSON.stringify(entry.categories),
      entry.storedAt,
    )
    s.insertKey.run(key.personId, key.masterKeyId, Buffer.from(key.wrapped))
    return { _tag: 'Inserted' as const }
  })
  const shred = db.transaction((personId: string, erasedAt: string) => {
    const removed = s.deleteKey.run(personId).changes
    const marked = s.tombstone.run(erasedAt, personId).changes
    return removed + marked > 0
  })
  return E.right({
    insert: (entry, key) => run('store a PII vault entry', () => insert(entry, key)),
    findByDigest: (digest) => run('look up a NIK digest', () => s.byDigest.get(digest)?.person_id),
    lookup: (personId) =>
      run('read a PII vault entry', (): VaultLookup => {
        const r = s.record.get(personId)
        if (r === undefined) return { _tag: 'Absent' }
        if (r.erased_at !== null) return { _tag: 'Erased', erasedAt: r.erased_at }
        const k = s.key.get(personId)
        if (k === undefined || r.sealed === null || r.nik_digest === null) return { _tag: 'Absent' }
        return {
          _tag: 'Held',
          entry: {
            personId,
            nikDigest: r.nik_digest,
            sealed: new Uint8Array(r.sealed),
            categories: JSON.parse(r.categories) as ReadonlyArray<string>,
            storedAt: r.stored_at,
          },
          key: { personId, masterKeyId: k.master_key_id, wrapped: new Uint8Array(k.wrapped) },
        }
      }),
    shred: (personId, erasedAt) =>
      run('shred a PII vault entry', () => {
        const done = shred(personId, erasedAt)
        // Old page images with the wrapped key live on in the WAL until it is checkpointed and truncated.
        db.pragma('wal_checkpoint(TRUNCATE)')
        return done
      }),
    inventory: (personIds) =>
      run('list the PII vault', () => {
        const rows = s.all.all().map(inventoryRow)
        if (personIds === undefined) return rows
        const wanted = new Set(personIds)
        return rows.filter((r) => wanted.has(r.personId))
      }),
    keys: () =>
      run('list the wrapped data keys', () =>
        s.keys
          .all()
          .map((k) => ({ personId: k.person_id, masterKeyId: k.master_key_id, wrapped: new Uint8Array(k.wrapped) })),
      ),
    replaceKey: (key) =>
      run('replace a wrapped data key', () => {
        s.replaceKey.run(key.masterKeyId, Buffer.from(key.wrapped), key.personId)
      }),
    logAccess: (a) =>
      run('log an access to personal data', () => {
        s.logAccess.run(a.personId, a.actorId, a.actorRole, a.purpose, a.action, a.at)
      }),
    accessLog: (personId) =>
      run('read the access log', () =>
        s.accessLog.all(personId).map((r): VaultAccess => ({
          personId: r.person_id,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          purpose: r.purpose,
          action: r.action as VaultAccess['action'],
          at: r.at,
        })),
      ),
    close: () => {
      if (owned) db.close()
    },
  })
}
