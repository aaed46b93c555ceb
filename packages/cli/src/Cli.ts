/**
 * The `ikm-ledger` command: inspect a stream as of a date, tail the global log, verify the ledger, sign
 * checkpoints and prove inclusion and consistency, export the ready-made read models, write working-paper reports, import commands. One file per command under
 * `commands/`; this module parses the global options and dispatches.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { storeErrorMessage, type Batches, type EventStore, type StoreError } from '@ikm-ledger/core'
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
import {
  damageMessage,
  fileSystemReason,
  isFileSystemError,
  isLedgerDamage,
  oneLine,
  writeProblem,
} from './internal/Output'
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

exit codes: 0 ok, 1 a check failed (a break in the ledger, whichever command read it; a log that no longer extends
a checkpoint, a proof that does not verify, a rejected import), 2 bad usage (an output file that cannot be written
included), 3 store error (the store cannot be opened or cannot answer)`

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

const USAGE_HINT = "run 'ikm-ledger help' for the usage of every command"

/** The files a command writes, by the option that names each: checked before the store is read. */
const OUTPUT_OPTIONS: Readonly<Record<string, ReadonlyArray<string>>> = {
  checkpoint: ['--out', '--leaves'],
  prove: ['--out'],
  keygen: ['--out'],
  report: ['--out'],
  rebuild: ['--into'],
}

/** The files named on the command line that `command` writes (a read model export writes `--out`), by option. */
const outputFiles = (
  command: string,
  isExport: boolean,
  args: ReadonlyArray<string>,
): ReadonlyArray<{ readonly option: string; readonly path: string }> =>
  (OUTPUT_OPTIONS[command] ?? (isExport ? ['--out'] : [])).flatMap((option) => {
    const value = takeOption(args, option).value
    if (value === undefined) return []
    // `rebuild --into` names a database: a file only when it is no server and not in memory.
    if (option === '--into' && /^postgres(ql)?:\/\/|^(sqlite:)?:memory:$/.test(value)) return []
    return [{ option, path: option === '--into' ? value.replace(/^sqlite:/, '') : value }]
  })

/** Refuses, as bad usage, a file the command would write that cannot be written: before any work is done. */
const checkOutputs = (files: ReadonlyArray<{ readonly option: string; readonly path: string }>): void => {
  for (const { option, path } of files) {
    if (path === '') throw new UsageError(`${option} needs a file name`)
    const problem = writeProblem(path)
    if (problem !== undefined) throw new UsageError(`cannot write ${path} (${option}): ${problem}`)
  }
}

const failed = (
  io: CliIo,
  error: unknown,
  outputs: ReadonlyArray<{ readonly option: string; readonly path: string }> = [],
): number => {
  if (error instanceof UsageError) {
    io.err(`${oneLine(error.message)}\n\n${USAGE_HINT}`)
    return 2
  }
  if (isFileSystemError(error)) {
    // An output file named on the command line is the user's to fix; any other file is the CLI's own business.
    const output = outputs.find(({ path }) => error.path === path || error.path.startsWith(`${path}.`))
    if (output !== undefined) {
      io.err(`${oneLine(`cannot write ${error.path} (${output.option}): ${fileSystemReason(error)}`)}\n\n${USAGE_HINT}`)
      return 2
    }
    io.err(oneLine(`error: ${error.syscall ?? 'access'} ${error.path}: ${fileSystemReason(error)}`))
    return 3
  }
  io.err(oneLine(`error: ${error instanceof Error ? error.message : String(error)}`))
  return 3
}

/** Every line a command writes to stderr on one line, so a wrong file's content never spills onto the terminal. */
const oneLineErrors = (io: CliIo): CliIo => ({ ...io, err: (line) => io.err(oneLine(line)) })

/**
 * The store as the command sees it, remembering the last failure it answered with: a command that ends with a
 * store error (3) because the store said the ledger is damaged ends with 1, as `verify` does, whatever its own
 * code does with the error.
 */
const watched = (
  store: EventStore,
): { readonly store: EventStore; readonly lastError: () => StoreError | undefined } => {
  let last: StoreError | undefined
  const batches =
    <A extends ReadonlyArray<unknown>, B>(read: (...args: A) => Batches<B>) =>
    (...args: A): Batches<B> => ({
      [Symbol.asyncIterator]: async function* () {
        for await (const batch of read(...args)) {
          if (E.isLeft(batch)) last = batch.left
          yield batch
        }
      },
    })
  const task =
    <A extends ReadonlyArray<unknown>, R>(run: (...args: A) => () => Promise<E.Either<StoreError, R>>) =>
    (...args: A) =>
    async (): Promise<E.Either<StoreError, R>> => {
      const result = await run(...args)()
      if (E.isLeft(result)) last = result.left
      return result
    }
  const streamHeads = store.streamHeads
  return {
    store: {
      append: task((...a: Parameters<EventStore['append']>) => store.append(...a)),
      readStream: batches((...a: Parameters<EventStore['readStream']>) => store.readStream(...a)),
      readAll: batches((...a: Parameters<EventStore['readAll']>) => store.readAll(...a)),
      streamRevision: task((streamId: string) => store.streamRevision(streamId)),
      streamExists: task((streamId: string) => store.streamExists(streamId)),
      headPosition: task(() => store.headPosition()),
      onAppend: (listener) => store.onAppend(listener),
      ...(streamHeads === undefined
        ? {}
        : { streamHeads: batches((categories?: ReadonlyArray<string>) => streamHeads.call(store, categories)) }),
      ...(store.densePositions === true ? { densePositions: true } : {}),
      close: () => store.close(),
    },
    lastError: () => last,
  }
}

/** A store URL without its password, as messages name it. */
const storeName = (storeUrl: string): string => storeUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@')

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
  const again = takeOption(store.rest, '--store')
  if (again.given) {
    io.err(`--store is given twice ('${store.value}', '${again.value ?? ''}'); give it once\n\n${USAGE_HINT}`)
    return 2
  }
  const quiet = store.rest.filter((a) => a === '--quiet').length
  if (quiet > 1) {
    io.err(`--quiet is given ${quiet === 2 ? 'twice' : `${quiet} times`}; give it once\n\n${USAGE_HINT}`)
    return 2
  }
  const [command, ...args] = store.rest.filter((a) => a !== '--quiet')
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return command === undefined ? 2 : 0
  }
  const commandIo = oneLineErrors(io)
  const offline = Object.prototype.hasOwnProperty.call(OFFLINE, command) ? OFFLINE[command] : undefined
  if (offline !== undefined) {
    const outputs = outputFiles(command, false, args)
    try {
      checkOutputs(outputs)
      return offline(commandIo, args)
    } catch (error) {
      return failed(io, error, outputs)
    }
  }
  // A read model may also be named by its RM number (`rm-10`, `RM9`) when that number names one export.
  const byNumber = findExport(command)
  const known = Object.prototype.hasOwnProperty.call(COMMANDS, command)
  const run = known ? COMMANDS[command] : byNumber === undefined ? undefined : readModelCommand(byNumber)
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
      `unknown command or read model '${oneLine(command)}'${suggestion === undefined ? '' : ` — did you mean ${suggestion}?`}\n\n${USAGE}`,
    )
    return 2
  }
  const isExport = !known || ikmExports.some((e) => e.name === command)
  const outputs = outputFiles(command, isExport, args)
  try {
    checkOutputs(outputs)
  } catch (error) {
    return failed(io, error, outputs)
  }
  const storeUrl = store.value ?? env['IKM_LEDGER_STORE'] ?? './ikm-ledger.db'
  const create = command === 'import' && args.includes('--create')
  const opened = await io.openStore(storeUrl, { create, readonly: command !== 'import' })
  if (E.isLeft(opened)) {
    const name = storeName(storeUrl)
    const message = storeErrorMessage(opened.left)
    io.err(oneLine(`error: ${message.includes(name) ? '' : `cannot open the store ${name}: `}${message}`))
    return 3
  }
  const watch = watched(opened.right)
  let damageShown = false
  const context = {
    store: watch.store,
    io: {
      ...commandIo,
      // A command that prints the store's word on a damaged ledger as a plain error says what every command says.
      err: (line: string) => {
        const last = watch.lastError()
        if (last !== undefined && isLedgerDamage(last) && line === `error: ${storeErrorMessage(last)}`) {
          damageShown = true
          commandIo.err(damageMessage(last))
        } else commandIo.err(line)
      },
    },
    storeUrl,
    env,
    progress: quiet > 0 ? silentProgress : (io.progress ?? silentProgress),
  }
  try {
    const code = await run(context, args)
    const last = watch.lastError()
    if (code !== 3 || last === undefined || !isLedgerDamage(last)) return code
    if (!damageShown) commandIo.err(damageMessage(last))
    return 1
  } catch (error) {
    return failed(io, error, outputs)
  } finally {
    await opened.right.close()()
  }
}
