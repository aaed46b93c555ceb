/**
 * `ikm-ledger import FILE.jsonl`: applies `{ stream, command }` lines (the seed format) through the domain's
 * `ikmCommandHandler` and prints what was applied, what was rejected and why, and the gaps noted. The whole file
 * is checked before the first command is applied, so a malformed line never leaves half an import behind.
 */
import { readFileSync } from 'node:fs'
import { ikmCommandHandler, importCommands, type ImportEntry } from '@ikm-ledger/core/domain'
import { choiceOption, parseOptions, UsageError } from '../internal/Args'
import type { Command } from '../internal/Context'

export const IMPORT_USAGE =
  'ikm-ledger import FILE.jsonl [--mode historical|operational] [--stop-on-rejection] [--create]'

const entryProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object'
  const keys = Object.keys(value)
  const unknown = keys.filter((k) => k !== 'stream' && k !== 'command')
  if (unknown.length > 0) return `has unknown field(s) ${unknown.join(', ')}; a line is {"stream": …, "command": …}`
  const entry = value as { readonly stream?: unknown; readonly command?: unknown }
  if (typeof entry.stream !== 'string') return 'has no "stream" string'
  if (typeof entry.command !== 'object' || entry.command === null) return 'has no "command" object'
  return undefined
}

/** The entries of an import file: JSON Lines, or a seed story (`{ "entries": [...] }`). */
export const readImportFile = (path: string): ReadonlyArray<ImportEntry> => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    const whole: unknown = JSON.parse(text)
    if (typeof whole === 'object' && whole !== null && 'entries' in whole && Array.isArray(whole.entries)) {
      return checked(
        whole.entries.map((entry: unknown, i: number) => ({ line: i + 1, entry })),
        'entry',
      )
    }
  } catch {
    // Not one JSON document: read it as JSON Lines below.
  }
  const lines: Array<{ readonly line: number; readonly entry: unknown }> = []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '') continue
    try {
      lines.push({ line: i + 1, entry: JSON.parse(raw) })
    } catch (error) {
      throw new UsageError(
        `${path} line ${i + 1} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  if (lines.length === 0) throw new UsageError(`${path} has no commands`)
  return checked(lines, 'line')
}

const checked = (
  items: ReadonlyArray<{ readonly line: number; readonly entry: unknown }>,
  what: string,
): ReadonlyArray<ImportEntry> =>
  items.map(({ line, entry }) => {
    const problem = entryProblem(entry)
    if (problem !== undefined) throw new UsageError(`${what} ${line} ${problem}`)
    return entry as ImportEntry
  })

export const importCommand: Command = async ({ store, io, progress }, args) => {
  const { values, positionals } = parseOptions(
    args,
    {
      mode: { type: 'string' },
      'stop-on-rejection': { type: 'boolean', default: false },
      create: { type: 'boolean', default: false },
    },
    { min: 1, max: 1, usage: IMPORT_USAGE },
  )
  const mode = choiceOption('mode', values.mode, ['any', 'historical', 'operational'], 'any')
  const entries = readImportFile(positionals[0] ?? '')
  const handle = ikmCommandHandler({
    store,
    ...(mode === 'any' ? {} : { onlyMode: mode === 'historical' ? 'HISTORICAL_IMPORT' : 'OPERATIONAL' }),
  })
  const bar = progress('import', entries.length, 'commands')
  const summary = await importCommands(handle, entries, {
    onRejection: values['stop-on-rejection'] ? 'stop' : 'continue',
    onEntry: (done) => bar.update(done),
  })()
  bar.stop()
  io.out(
    `applied ${summary.applied} of ${summary.entries} command(s): ${summary.events} event(s) written in ` +
      `${summary.streams.length} stream(s), ${summary.gapsNoted} compliance gap(s) noted; ` +
      `${summary.rejected.length} rejected`,
  )
  for (const r of summary.rejected) {
    io.out(
      `  rejected entry ${r.index + 1} (${r.stream}${r.commandType === null ? '' : `, ${r.commandType}`}): ${r.message}`,
    )
  }
  if (summary.stoppedAt !== null) {
    io.out(
      `  stopped at entry ${summary.stoppedAt + 1}; the ${summary.entries - summary.stoppedAt - 1} after it were not tried`,
    )
  }
  return summary.rejected.length === 0 ? 0 : 1
}
