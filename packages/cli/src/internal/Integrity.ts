/**
 * What the integrity commands (`verify`, `checkpoint`, `prove`, `verify-proof`, `report --checkpoint`) share: the
 * hashing, reading a checkpoint and checking its signature, the store's Merkle log built from its events, and that
 * log resumed from its cache for proofs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import {
  decodeCheckpoint,
  decodeLedgerLog,
  duplicateJsonKey,
  ed25519Verifier,
  encodeLedgerLog,
  extendLedgerLog,
  ledgerLog,
  nodeSha256,
  nodeSha256Bytes,
  rfc9162Hasher,
  storageFailure,
  verifyCheckpointSignature,
  type ChainBreak,
  type EventStore,
  type LedgerLog,
  type SignedCheckpoint,
  type StoreError,
} from '@ikm-ledger/core'
import type { CliIo } from '../Cli'

export const hasher = rfc9162Hasher(nodeSha256Bytes)

export const verifierDeps = {
  sha256: nodeSha256,
  sha256Bytes: nodeSha256Bytes,
  hasher,
  verifySignature: ed25519Verifier,
}

export const readText = (path: string, what: string): E.Either<string, string> => {
  try {
    return E.right(readFileSync(path, 'utf8'))
  } catch (cause) {
    return E.left(`cannot read ${what} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

export const readJson = (path: string, what: string): E.Either<string, unknown> =>
  E.flatMap((text: string) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(text) as unknown
    } catch (cause) {
      return E.left(`${what} ${path} is not JSON: ${String(cause)}`)
    }
    // Evidence must mean one thing: JSON readers disagree on which value of a name given twice counts.
    const twice = duplicateJsonKey(text)
    return twice === undefined
      ? E.right(parsed)
      : E.left(`${what} ${path} gives the member ${JSON.stringify(twice)} twice in one object; it is refused`)
  })(readText(path, what))

/** A checkpoint file, decoded and with its signature checked. */
export const loadCheckpoint = (path: string, trustedKeyId?: string): E.Either<string, SignedCheckpoint> =>
  E.flatMap((json: unknown) =>
    E.mapLeft((reason: string) => `${path}: ${reason}`)(
      E.flatMap((checkpoint: SignedCheckpoint) =>
        E.map(() => checkpoint)(
          verifyCheckpointSignature(
            checkpoint,
            { sha256: nodeSha256Bytes, verifySignature: ed25519Verifier },
            trustedKeyId,
          ),
        ),
      )(decodeCheckpoint(json)),
    ),
  )(readJson(path, 'checkpoint'))

/** Writes to a file when one is named, to stdout otherwise. */
export const writeOut = (io: CliIo, path: string | undefined, text: string): void => {
  if (path === undefined) io.out(text)
  else writeFileSync(path, text.endsWith('\n') ? text : text + '\n')
}

export const describeBreak = (b: ChainBreak): string =>
  `${b.streamId}@${b.revision ?? '?'}${b.position === undefined ? '' : ` (position ${b.position})`}: ${b.reason}`

/** Errors that mean the ledger is damaged (exit 1), as opposed to a store that cannot answer (exit 3). */
export const isDamage = (error: StoreError): boolean =>
  error._tag === 'HashChainBroken' || error._tag === 'CorruptEvent'

/** The default cache of a SQLite store: next to the file. PostgreSQL has none unless `--cache` names one. */
export const defaultCache = (url: string): string | undefined =>
  /^postgres(ql)?:\/\//.test(url) || url === ':memory:' ? undefined : `${url.replace(/^sqlite:/, '')}.merkle`

/** Writes the Merkle log to its cache file, for later proofs; a cache that cannot be written only costs time. */
export const writeCache = (io: CliIo, cachePath: string | undefined, log: LedgerLog): void => {
  if (cachePath === undefined) return
  try {
    writeFileSync(cachePath, encodeLedgerLog(log))
  } catch (cause) {
    io.err(`note: cannot write the Merkle log cache ${cachePath}: ${String(cause)}`)
  }
}

/**
 * The Merkle log of the store's events as they are now, read from the first (every hash verified), with no cache:
 * what a claim about the store rests on (a report's root, its match with a signed checkpoint). The cache file sits
 * where the store's administrator can write it, so it never stands in for the events.
 */
export const logOfStore = async (store: EventStore): Promise<E.Either<StoreError, LedgerLog>> => {
  const log = ledgerLog(hasher)
  const extended = await extendLedgerLog(store, log)()
  if (E.isLeft(extended)) return extended
  if (extended.right._tag === 'CacheMismatch') {
    return E.left(storageFailure('build the Merkle log', extended.right.reason))
  }
  return E.right(log)
}

/**
 * The Merkle log for a proof: resumed from the cache when its last leaf is still the store's event at that position,
 * extended with the events since, and written back. Only `prove` takes it: a proof carries the store's event and
 * the signed checkpoint, and its path must lead from that event's leaf to the checkpoint's signed root, so a cache
 * that does not describe the checkpointed log gives no proof (`verify-proof` would refuse it), never a false one.
 */
export const cachedLog = async (
  store: EventStore,
  io: CliIo,
  cachePath: string | undefined,
): Promise<E.Either<StoreError, LedgerLog>> => {
  let log = ledgerLog(hasher)
  if (cachePath !== undefined && existsSync(cachePath)) {
    try {
      const decoded = decodeLedgerLog(new Uint8Array(readFileSync(cachePath)), hasher)
      if (E.isRight(decoded)) log = decoded.right
      else io.err(`note: ignoring the Merkle log cache ${cachePath}: ${decoded.left}`)
    } catch (cause) {
      io.err(`note: cannot read the Merkle log cache ${cachePath}: ${String(cause)}`)
    }
  }
  let extended = await extendLedgerLog(store, log)()
  if (E.isRight(extended) && extended.right._tag === 'CacheMismatch') {
    io.err(`note: the Merkle log cache does not match the store (${extended.right.reason}); rebuilding it`)
    log = ledgerLog(hasher)
    extended = await extendLedgerLog(store, log)()
  }
  if (E.isLeft(extended)) return extended
  writeCache(io, cachePath, log)
  return E.right(log)
}
