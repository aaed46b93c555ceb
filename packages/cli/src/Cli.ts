/**
 * The `ikm-ledger` command: inspect a stream as of a date, tail the global log, verify the ledger, sign
 * checkpoints and prove inclusion and consistency, export the ready-made read models, write working-paper reports, import commands. One file per command under
 * `commands/`; this module parses the global options and dispatches.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { EventStore, StoreError } from '@ikm-ledger/core'
import { findExport, ikmExports } from '@ikm-ledger/projections'
import { CHECKPOINT_USAGE, checkpointCommand } from './commands/Checkpoint'
import { IMPORT_USAGE, importCommand } from './commands/Import'
import { KEYGEN_USAGE, keygenCommand } from './commands/Keygen'
import { PROVE_USAGE, proveCommand } from './commands/Prove'
import { PII_INVENTORY_USAGE, piiInventoryCommand, type OpenedVaultStorage } from './commands/PiiInventory'
import { READ_MODEL_USAGE, readModelCommand, readModelsCommand } from './commands/ReadModel'
import { REBUILD_USAGE, rebuildCommand } from './commands/Rebuild'
import { REPORT_USAGE, reportCommand } from './commands/Report'
import { STREAM_USAGE, streamCommand } from './commands/Stream'
import { TAIL_USAGE, tailCommand } from './commands/Tail'
import { VERIFY_USAGE, verifyCommand } from './commands/Verify'
import { VERIFY_PROOF_USAGE, verifyProofCommand } from './commands/VerifyProof'
import { closest, UsageError } from './internal/Args'
import type { Command } from './internal/Context'
import { storeFailure } from './internal/Output'
import { silentProgress, type ProgressFactory } from './internal/Progress'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where the command writes, how it opens a store from `--store` (`create` only for `import --create`; `readonly`
 * for every command but `import`), and how it shows progress (none when absent, or with `--quiet`).
 *
 * @category model
 * @since 0.1.0
 */
export interface CliIo {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly openStore: (
    url: string,
    options?: { readonly create?: boolean; readonly readonly?: boolean },
  ) => Promise<E.Either<StoreError, EventStore>>
  readonly progress?: ProgressFactory
  /** Opens the PII vault tables beside the store, for `pii-inventory`; `openVaultStorageFromUrl` by default. */
  readonly openVaultStorage?: (url: string) => Promise<E.Either<StoreError, OpenedVaultStorage>>
}

/**
 * The help text.
 *
 * @category constants
 * @since 0.1.0
 */
export const USAGE = `ikm-ledger — inspect, verify, report on and export an ikm-ledger event store

usage:
  ${STREAM_USAGE}
  ${TAIL_USAGE}
  ${VERIFY_USAGE}
  ${CHECKPOINT_USAGE}
  ${PROVE_USAGE}
  ${VERIFY_PROOF_USAGE}
  ${KEYGEN_USAGE}
  ${REPORT_USAGE}
  ${READ_MODEL_USAGE}
      read models: ${ikmExports.map((e) => e.name).join(', ')}, or by RM number (rm-10)
      (ikm-ledger read-models describes them; 'programs' lists the programs with their states; 'timeline' needs
      --program <programId>, 'participants' takes one)
  ${IMPORT_USAGE}
  ${PII_INVENTORY_USAGE}
  ${REBUILD_USAGE}
      (the read models and their typed SQL tables, for BI tools, in a projection database)
  ikm-ledger help

options:
  --store URL   the store: a SQLite file path (default ./ikm-ledger.db) or postgres://user@host/db
                (also read from IKM_LEDGER_STORE); every command but import opens a SQLite file read-only
  --quiet       no progress on stderr
  --key FILE    the Ed25519 private key (PEM) that signs checkpoints (default ./ikm-ledger.key or
                IKM_LEDGER_KEY); it never goes into the store
  --cache FILE  the Merkle log cache, so a checkpoint reads only new events (default <SQLite file>.merkle)
  --leaves FILE the leaf list kept with a checkpoint, to name every event changed since

dates: --as-of takes a civil date YYYY-MM-DD (facts that happened by then); --as-known-at takes an instant with a
time and a zone, e.g. 2026-01-01T00:00:00.000Z (what the ledger had recorded by then)

exit codes: 0 ok, 1 a check failed (a break in the ledger, a log that no longer extends a checkpoint, a proof
that does not verify, a rejected import), 2 bad usage, 3 store error`

/** Commands that need no store. */
const OFFLINE: Readonly<Record<string, (io: CliIo, args: ReadonlyArray<string>) => number>> = {
  'verify-proof': verifyProofCommand,
  keygen: keygenCommand,
}

const COMMANDS: Readonly<Record<string, Command>> = {
  stream: streamCommand,
  tail: tailCommand,
  verify: verifyCommand,
  checkpoint: checkpointCommand,
  prove: proveCommand,
  report: reportCommand,
  import: importCommand,
  rebuild: rebuildCommand,
  'read-models': readModelsCommand,
  'pii-inventory': piiInventoryCommand,
  ...Object.fromEntries(ikmExports.map((e) => [e.name, readModelCommand(e)])),
}

// -------------------------------------------------------------------------------------
// entry
// -------------------------------------------------------------------------------------

const takeOption = (
  args: ReadonlyArray<string>,
  name: string,
): { readonly value: string | undefined; readonly rest: ReadonlyArray<string>; readonly given: boolean } => {
  const index = args.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (index < 0) return { value: undefined, rest: args, given: false }
  const arg = args[index] ?? ''
  if (arg.includes('=')) {
    return { value: arg.slice(name.length + 1), rest: [...args.slice(0, index), ...args.slice(index + 1)], given: true }
  }
  const value = args[index + 1]
  return {
    value: value === undefined || value.startsWith('--') ? undefined : value,
    rest: [...args.slice(0, index), ...args.slice(index + 2)],
    given: true,
  }
}

const failed = (io: CliIo, error: unknown): number => {
  if (error instanceof UsageError) {
    io.err(`${error.message}\n\nrun 'ikm-ledger help' for the usage of every command`)
    return 2
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`)
  return 3
}

/**
 * Runs the command line and returns the exit code. Never throws: every failure is printed.
 *
 * @category utils
 * @since 0.1.0
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo, env: NodeJS.ProcessEnv = {}): Promise<number> => {
  // The global options may stand before or after the command.
  const store = takeOption(argv, '--store')
  if (store.given && store.value === undefined) {
    io.err('--store needs a value: a SQLite file path or a postgres:// URL')
    return 2
  }
  const quiet = store.rest.includes('--quiet')
  const [command, ...args] = store.rest.filter((a) => a !== '--quiet')
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return command === undefined ? 2 : 0
  }
  const offline = Object.prototype.hasOwnProperty.call(OFFLINE, command) ? OFFLINE[command] : undefined
  if (offline !== undefined) {
    try {
      return offline(io, args)
    } catch (error) {
      return failed(io, error)
    }
  }
  // A read model may also be named by its RM number (`rm-10`, `RM9`) when that number names one export.
  const byNumber = findExport(command)
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command)
    ? COMMANDS[command]
    : byNumber === undefined
      ? undefined
      : readModelCommand(byNumber)
  if (run === undefined) {
    const rm = /^rm-?(\d+)$/i.exec(command)
    const numbered = rm === null ? [] : ikmExports.filter((e) => e.rm === `RM-${rm[1]}`)
    if (numbered.length > 1) {
      io.err(
        `'${command}' names ${numbered.length} exports: ${numbered.map((e) => e.name).join(', ')}; give one of them`,
      )
      return 2
    }
    const suggestion = closest(command, [...Object.keys(COMMANDS), ...Object.keys(OFFLINE)])
    io.err(
      `unknown command or read model '${command}'${suggestion === undefined ? '' : ` — did you mean ${suggestion}?`}\n\n${USAGE}`,
    )
    return 2
  }
  const storeUrl = store.value ?? env['IKM_LEDGER_STORE'] ?? './ikm-ledger.db'
  const create = command === 'import' && args.includes('--create')
  const opened = await io.openStore(storeUrl, { create, readonly: command !== 'import' })
  if (E.isLeft(opened)) return storeFailure(io, opened.left)
  const context = {
    store: opened.right,
    io,
    storeUrl,
    env,
    progress: quiet ? silentProgress : (io.progress ?? silentProgress),
  }
  try {
    return await run(context, args)
  } catch (error) {
    return failed(io, error)
  } finally {
    await opened.right.close()()
  }
}
