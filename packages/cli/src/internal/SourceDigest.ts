/**
 * The SHA-256 of the data a report reads from a SQLite file. SQLite in WAL mode keeps recent commits in
 * `<file>-wal` until a checkpoint copies them into the file, and a reader sees both: the hash of the main file
 * alone then names data other than what was read. So the files are copied as found before the read, and when
 * the copy has a non-empty WAL it is checkpointed (`PRAGMA wal_checkpoint(TRUNCATE)`) on the copy, never on the
 * evidence: the hash is that of the data read, as one file — what `sqlite3 copy.db 'PRAGMA
 * wal_checkpoint(TRUNCATE)'` followed by `sha256sum copy.db` gives the auditor. The files are hashed again after
 * the read; if they changed (a writer was active), no hash is given.
 */
import { createHash } from 'node:crypto'
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import type { SourceFileRow, SourceState } from '@ikm-ledger/projections'

/** What the report's evidence says about its source. */
export interface SourceDigest {
  readonly sha256: string | null
  readonly state: SourceState
  readonly files: ReadonlyArray<SourceFileRow>
}

/** A digest taken before the read; `finish` compares the files after it and gives the evidence. */
export interface PendingDigest {
  readonly finish: () => SourceDigest
  /** Drops the digest (the read did not happen) and its temporary copy. */
  readonly discard: () => void
}

const CHUNK = 1 << 20

const fileSha256 = (path: string): string => {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(CHUNK)
  const fd = openSync(path, 'r')
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null)
      if (n === 0) break
      hash.update(buffer.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/** The SQLite file a `--store` value names, or undefined for a server or an in-memory store. */
export const sqlitePathOf = (storeUrl: string): string | undefined => {
  if (/^postgres(ql)?:\/\//.test(storeUrl)) return undefined
  const path = storeUrl.startsWith('sqlite:') ? storeUrl.slice('sqlite:'.length) : storeUrl
  return path === ':memory:' || !existsSync(path) ? undefined : path
}

/** The file and its non-empty WAL, as they are now. */
const asFound = (path: string): ReadonlyArray<SourceFileRow> => {
  const wal = `${path}-wal`
  return [path, ...(existsSync(wal) && statSync(wal).size > 0 ? [wal] : [])].map((p) => ({
    name: basename(p),
    bytes: BigInt(statSync(p).size),
    sha256: fileSha256(p),
  }))
}

const SERVER: PendingDigest = { finish: () => ({ sha256: null, state: 'SERVER', files: [] }), discard: () => undefined }

const sameFiles = (a: ReadonlyArray<SourceFileRow>, b: ReadonlyArray<SourceFileRow>): boolean =>
  a.length === b.length && a.every((f, i) => f.sha256 === b[i]?.sha256 && f.bytes === b[i]?.bytes)

/**
 * Starts the digest of the store's file, before the read. Without a WAL to apply the file is only hashed (before
 * and after); with one, the file and its WAL are copied into a temporary folder, which `finish` checkpoints,
 * hashes and removes.
 */
export const startSourceDigest = (storeUrl: string): PendingDigest => {
  const path = sqlitePathOf(storeUrl)
  if (path === undefined) return SERVER
  const wal = `${path}-wal`
  if (!existsSync(wal) || statSync(wal).size === 0) {
    const before = asFound(path)
    return {
      finish: () => {
        const after = asFound(path)
        return sameFiles(before, after)
          ? { sha256: before[0]?.sha256 ?? null, state: 'FILE', files: before }
          : { sha256: null, state: 'CHANGED_WHILE_READ', files: after }
      },
      discard: () => undefined,
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'ikm-ledger-digest-'))
  const copy = join(work, basename(path))
  let before: ReadonlyArray<SourceFileRow>
  try {
    copyFileSync(path, copy)
    copyFileSync(wal, `${copy}-wal`)
    before = asFound(copy)
  } catch (error) {
    rmSync(work, { recursive: true, force: true })
    throw error
  }
  return {
    finish: () => {
      try {
        const after = asFound(path)
        if (!sameFiles(before, after)) return { sha256: null, state: 'CHANGED_WHILE_READ', files: after }
        const db = new Database(copy)
        try {
          db.pragma('wal_checkpoint(TRUNCATE)')
        } finally {
          db.close()
        }
        return { sha256: fileSha256(copy), state: 'FILE_WITH_WAL', files: before }
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    },
    discard: () => rmSync(work, { recursive: true, force: true }),
  }
}
