/** Printing events and failures the same way in every command. */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { storeErrorMessage, type RecordedEvent, type StoreError } from '@ikm-ledger/core'
import type { CliIo } from '../Cli'

export const formatEvent = (event: RecordedEvent): string => {
  const m = event.metadata
  return [
    `#${event.position}`.padEnd(8),
    `${event.streamId}@${event.revision}`.padEnd(44),
    event.type.padEnd(34),
    m.occurredOn,
    m.evidence.level.padEnd(18),
    m.mode === 'HISTORICAL_IMPORT' ? 'import' : 'operational',
  ].join(' ')
}

export const toJsonLine = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v))

// -------------------------------------------------------------------------------------
// failures
// -------------------------------------------------------------------------------------

/** Errors that mean the ledger is damaged (exit 1), as opposed to a store that cannot answer (exit 3). */
export const isLedgerDamage = (error: StoreError): boolean =>
  error._tag === 'HashChainBroken' || error._tag === 'CorruptEvent'

/** What every command says when the store answered that the ledger is damaged. */
export const damageMessage = (error: StoreError): string =>
  `FAILED: the ledger is damaged: ${storeErrorMessage(error)} (run 'ikm-ledger verify' to list every break)`

/** A store failure: exit 1 when the store says the ledger is damaged, exit 3 when it cannot answer. */
export const storeFailure = (io: CliIo, error: StoreError): number => {
  if (isLedgerDamage(error)) {
    io.err(damageMessage(error))
    return 1
  }
  io.err(`error: ${storeErrorMessage(error)}`)
  return 3
}

/**
 * One line however the text came: control characters (a newline in a message, bytes of a binary file a parser
 * quoted) are shown escaped, so a wrong file never spills onto the terminal.
 */
export const oneLine = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

// -------------------------------------------------------------------------------------
// files
// -------------------------------------------------------------------------------------

const isDirectory = (path: string): boolean | undefined => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return undefined
  }
}

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Why a file cannot be written at `path`, or undefined when it can: checked before a command reads the store, so
 * a report is not built only to be lost.
 */
export const writeProblem = (path: string): string | undefined => {
  if (path === '') return 'no file name given'
  const isDir = isDirectory(path)
  if (isDir === true) return 'it is a directory'
  if (isDir === false) return writable(path) ? undefined : 'permission denied'
  const parent = dirname(path)
  const parentIsDir = isDirectory(parent)
  if (parentIsDir === undefined) return `the directory ${parent} does not exist`
  if (!parentIsDir) return `${parent} is not a directory`
  return writable(parent) ? undefined : `the directory ${parent} is not writable (permission denied)`
}

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
}

/** A file system error as thrown by `node:fs`: a `code` such as `ENOENT` and the path it concerns. */
export interface FileSystemError {
  readonly code: string
  readonly path: string
  readonly syscall?: string
  readonly message: string
}

export const isFileSystemError = (error: unknown): error is FileSystemError =>
  error instanceof Error &&
  typeof (error as { readonly code?: unknown }).code === 'string' &&
  typeof (error as { readonly path?: unknown }).path === 'string'

/** Why a file system call failed, in words (`ENOENT: no such file…, open '/x'` → `no such file or directory`). */
export const fileSystemReason = (error: FileSystemError): string =>
  ERRNO_WORDS[error.code] ?? error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/s, '')
