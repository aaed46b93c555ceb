/**
 * The `ikm-ledger` command: inspect a stream as of a date, tail the global log, verify hash chains.
 *
 * @since 0.1.0
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import {
  storeErrorMessage,
  type EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreError,
} from '@ikm-ledger/core'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where the command writes, and how it opens a store from `--store`.
 *
 * @category model
 * @since 0.1.0
 */
export interface CliIo {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly openStore: (url: string) => Promise<E.Either<StoreError, EventStore>>
}

/**
 * The help text.
 *
 * @category constants
 * @since 0.1.0
 */
export const USAGE = `ikm-ledger — inspect and verify an ikm-ledger event store

usage:
  ikm-ledger stream <streamId> [--as-of YYYY-MM-DD] [--as-known-at ISO-INSTANT] [--until-revision N] [--json]
  ikm-ledger tail [--after POSITION] [--category C]... [--type T]... [--limit N] [--json]
  ikm-ledger verify [--stream streamId]
  ikm-ledger help

options:
  --store URL   the store: a SQLite file path (default ./ikm-ledger.db) or postgres://user@host/db
                (also read from IKM_LEDGER_STORE)

exit codes: 0 ok, 1 a check failed (broken hash chain), 2 bad usage, 3 store error`

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const formatEvent = (event: RecordedEvent): string => {
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

const toJsonLine = (event: RecordedEvent): string =>
  JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(10) : value))

const parseBigint = (name: string, value: string | undefined): bigint | undefined => {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got '${value}'`)
  return BigInt(value)
}

class UsageError extends Error {}

// -------------------------------------------------------------------------------------
// commands
// -------------------------------------------------------------------------------------

const streamCommand = async (store: EventStore, io: CliIo, args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'as-known-at': { type: 'string' },
      'until-revision': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const streamId = positionals[0]
  if (streamId === undefined) throw new UsageError('stream needs a stream id, e.g. ikm-ledger stream program-0190…')
  const untilRevision = parseBigint('until-revision', values['until-revision'])
  const options: ReadStreamOptions = {
    ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] as ReadStreamOptions['asOf'] }),
    ...(values['as-known-at'] === undefined
      ? {}
      : { asKnownAt: values['as-known-at'] as ReadStreamOptions['asKnownAt'] }),
    ...(untilRevision === undefined ? {} : { untilRevision }),
  }
  let count = 0
  for await (const batch of store.readStream(streamId, options)) {
    if (E.isLeft(batch)) return storeFailure(io, batch.left)
    for (const event of batch.right) {
      io.out(values.json ? toJsonLine(event) : formatEvent(event))
      count++
    }
  }
  if (!values.json) io.out(`${count} event(s) in ${streamId}`)
  return 0
}

const tailCommand = async (store: EventStore, io: CliIo, args: ReadonlyArray<string>): Promise<number> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      after: { type: 'string' },
      category: { type: 'string', multiple: true },
      type: { type: 'string', multiple: true },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const after = parseBigint('after', values.after)
  const limit = parseBigint('limit', values.limit)
  let count = 0
  for await (const batch of store.readAll({
    ...(after === undefined ? {} : { after }),
    ...(values.category === undefined ? {} : { categories: values.category }),
    ...(values.type === undefined ? {} : { types: values.type }),
    ...(limit === undefined ? {} : { maxCount: Number(limit) }),
  })) {
    if (E.isLeft(batch)) return storeFailure(io, batch.left)
    for (const event of batch.right.events) {
      io.out(values.json ? toJsonLine(event) : formatEvent(event))
      count++
    }
  }
  if (!values.json) io.out(`${count} event(s)`)
  return 0
}

const verifyCommand = async (store: EventStore, io: CliIo, args: ReadonlyArray<string>): Promise<number> => {
  const { values } = parseArgs({ args: [...args], options: { stream: { type: 'string' } } })
  const reads =
    values.stream === undefined
      ? (async function* () {
          for await (const batch of store.readAll({ verifyHashes: true })) {
            yield E.map((b: { readonly events: ReadonlyArray<RecordedEvent> }) => b.events)(batch)
          }
        })()
      : store.readStream(values.stream, { verifyHashes: true })
  const heads = new Map<string, bigint>()
  let events = 0
  for await (const batch of reads) {
    if (E.isLeft(batch)) {
      const error = batch.left
      if (error._tag === 'HashChainBroken' || error._tag === 'CorruptEvent') {
        io.err(`FAILED after ${events} verified event(s): ${storeErrorMessage(error)}`)
        return 1
      }
      return storeFailure(io, error)
    }
    for (const event of batch.right) {
      // readAll verifies each event against its own prevHash and its predecessor when both are read; a
      // revision that does not follow the previous one seen for its stream means an event is missing.
      const previous = heads.get(event.streamId)
      const expected = previous === undefined ? 0n : previous + 1n
      if (event.revision !== expected) {
        io.err(
          `FAILED: stream ${event.streamId} jumps from revision ${previous ?? 'none'} to ${event.revision}; an event is missing`,
        )
        return 1
      }
      heads.set(event.streamId, event.revision)
      events++
    }
  }
  io.out(`OK: ${events} event(s) in ${heads.size} stream(s); every hash chain verifies from genesis`)
  return 0
}

const storeFailure = (io: CliIo, error: StoreError): number => {
  io.err(`error: ${storeErrorMessage(error)}`)
  return 3
}

// -------------------------------------------------------------------------------------
// entry
// -------------------------------------------------------------------------------------

/**
 * Runs the command line and returns the exit code. Never throws: every failure is printed.
 *
 * @category utils
 * @since 0.1.0
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo, env: NodeJS.ProcessEnv = {}): Promise<number> => {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return command === undefined ? 2 : 0
  }
  const storeIndex = rest.indexOf('--store')
  const storeUrl = storeIndex >= 0 ? rest[storeIndex + 1] : (env['IKM_LEDGER_STORE'] ?? './ikm-ledger.db')
  const args = storeIndex >= 0 ? [...rest.slice(0, storeIndex), ...rest.slice(storeIndex + 2)] : rest
  if (storeUrl === undefined) {
    io.err('--store needs a value: a SQLite file path or a postgres:// URL')
    return 2
  }
  const commands: Record<string, (store: EventStore, io: CliIo, args: ReadonlyArray<string>) => Promise<number>> = {
    stream: streamCommand,
    tail: tailCommand,
    verify: verifyCommand,
  }
  const run = commands[command]
  if (run === undefined) {
    io.err(`unknown command '${command}'\n\n${USAGE}`)
    return 2
  }
  const opened = await io.openStore(storeUrl)
  if (E.isLeft(opened)) return storeFailure(io, opened.left)
  const store = opened.right
  try {
    return await run(store, io, args)
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.err(`${error.message}\n\n${USAGE}`)
      return 2
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`)
    return 3
  } finally {
    await store.close()()
  }
}
