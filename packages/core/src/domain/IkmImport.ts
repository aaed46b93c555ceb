/**
 * Applying a list of `{ stream, command }` entries (the seed format, one JSON object per line in an import
 * file) through {@link ikmCommandHandler}, with a summary of what was applied, what was rejected and why, and
 * the compliance gaps noted on the way. The CLI's `import` and the demo's seed loader both use it.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type * as T from 'fp-ts/Task'
import { commandFailureMessage, type CommandFailure } from '../index'
import type { DomainError } from './DomainError'
import type { IkmCommandHandler } from './IkmCommandHandler'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One entry of an import: the stream the command goes to, and the command as plain JSON.
 *
 * @category model
 * @since 0.1.0
 */
export interface ImportEntry {
  readonly stream: string
  readonly command: unknown
}

/**
 * An entry that was refused: its 0-based index, its stream, the command type when it had one, the reason in
 * plain words, and the domain's rejection when the domain refused it.
 *
 * @category model
 * @since 0.1.0
 */
export interface ImportRejection {
  readonly index: number
  readonly stream: string
  readonly commandType: string | null
  readonly message: string
  readonly failure: CommandFailure<DomainError>
}

/**
 * What an import did. `applied` counts the entries accepted (one that changed nothing counts as applied),
 * `events` the events written, `gapsNoted` the `ComplianceGapNoted` events among them. `stoppedAt` is the
 * index of the entry that stopped an import run with `onRejection: 'stop'`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ImportSummary {
  readonly entries: number
  readonly applied: number
  readonly events: number
  readonly gapsNoted: number
  readonly streams: ReadonlyArray<string>
  readonly rejected: ReadonlyArray<ImportRejection>
  readonly stoppedAt: number | null
}

/**
 * Options of {@link importCommands}: stop at the first rejection (the seed loader) or go on and report every
 * rejection (an import file); `onEntry` is called after each entry, for progress.
 *
 * @category model
 * @since 0.1.0
 */
export interface ImportOptions {
  readonly onRejection?: 'stop' | 'continue'
  readonly onEntry?: (done: number, total: number) => void
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const commandTypeOf = (command: unknown): string | null =>
  typeof command === 'object' && command !== null && 'type' in command && typeof command.type === 'string'
    ? command.type
    : null

/**
 * Applies the entries in order. Store failures and rejections are both reported in the summary, so the task
 * cannot fail; an entry refused writes nothing.
 *
 * @example
 * const summary = await importCommands(ikmCommandHandler({ store, onlyMode: 'HISTORICAL_IMPORT' }), entries)()
 *
 * @category utils
 * @since 0.1.0
 */
export const importCommands =
  (
    handle: IkmCommandHandler,
    entries: ReadonlyArray<ImportEntry>,
    options: ImportOptions = {},
  ): T.Task<ImportSummary> =>
  async () => {
    let applied = 0
    let events = 0
    let gapsNoted = 0
    const streams = new Set<string>()
    const rejected: Array<ImportRejection> = []
    let stoppedAt: number | null = null
    for (const [index, entry] of entries.entries()) {
      const result = await handle(entry.stream, entry.command)()
      if (E.isLeft(result)) {
        rejected.push({
          index,
          stream: entry.stream,
          commandType: commandTypeOf(entry.command),
          message: commandFailureMessage(result.left),
          failure: result.left,
        })
        if (options.onRejection === 'stop') {
          stoppedAt = index
          options.onEntry?.(index + 1, entries.length)
          break
        }
      } else {
        applied++
        events += result.right.events.length
        gapsNoted += result.right.events.filter((e) => e.type === 'ComplianceGapNoted').length
        streams.add(entry.stream)
      }
      options.onEntry?.(index + 1, entries.length)
    }
    return { entries: entries.length, applied, events, gapsNoted, streams: [...streams], rejected, stoppedAt }
  }
