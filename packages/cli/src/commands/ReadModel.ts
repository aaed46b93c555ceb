/**
 * `ikm-ledger <read-model>`: a ready-made read model as of a date and/or as known at an instant, as a table,
 * CSV, JSON Lines or JSON, on stdout or into a file.
 */
import { writeFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { projectionErrorMessage, type EventStore } from '@ikm-ledger/core'
import {
  columnsOf,
  EXPORT_FORMATS,
  formatExport,
  ikmExports,
  programAuditTimeline,
  projectReadModelsAt,
  readInMemory,
  timelineCells,
  type Cell,
  type ReadModelExport,
  type TimeBounds,
} from '@ikm-ledger/projections'
import { choiceOption, civilDateOption, instantOption, parseOptions, UsageError } from '../internal/Args'
import type { Command, CommandContext } from '../internal/Context'
import { storeFailure } from '../internal/Output'
import type { ProgressFactory } from '../internal/Progress'
import { resolveStream } from '../internal/Streams'

export const READ_MODEL_USAGE =
  'ikm-ledger <read-model> [--as-of YYYY-MM-DD] [--as-known-at ISO-INSTANT] [--format table|csv|jsonl|json] [--out FILE]'

/** The bounds given on the command line. */
export const boundsOf = (values: { readonly 'as-of'?: string; readonly 'as-known-at'?: string }): TimeBounds => {
  const asOf = civilDateOption('as-of', values['as-of'])
  const asKnownAt = instantOption('as-known-at', values['as-known-at'])
  return { ...(asOf === undefined ? {} : { asOf }), ...(asKnownAt === undefined ? {} : { asKnownAt }) }
}

/** Reads the store once with a progress bar measured in global positions. */
export const projectWithProgress = async (
  store: EventStore,
  models: Parameters<typeof projectReadModelsAt>[1],
  bounds: TimeBounds,
  progress: ProgressFactory,
  label: string,
) => {
  const head = await store.headPosition()()
  const bar = progress(label, E.isRight(head) ? Number(head.right) : 0, 'events')
  try {
    return await projectReadModelsAt(store, models, bounds, { onBatch: (position) => bar.update(Number(position)) })()
  } finally {
    bar.stop()
  }
}

const exportRows = async (
  context: CommandContext,
  entry: ReadModelExport,
  bounds: TimeBounds,
  program: string | undefined,
): Promise<E.Either<number, ReadonlyArray<ReadonlyArray<Cell>>>> => {
  const { store, io, progress } = context
  if (entry._tag === 'ProgramView' && program === undefined) {
    const at = await projectWithProgress(store, [entry.model], bounds, progress, entry.name)
    if (E.isLeft(at)) {
      io.err(`error: ${projectionErrorMessage(at.left)}`)
      return E.left(3)
    }
    return E.right(readInMemory(at.right.states.get(entry.model.name) ?? new Map(), entry.rows(undefined)))
  }
  if (entry._tag === 'Timeline' || entry._tag === 'ProgramView') {
    if (program === undefined) {
      throw new UsageError(
        `${entry.name} needs --program <programId>, e.g. ikm-ledger ${entry.name} --program prg-muba-led-2020`,
      )
    }
    const resolved = await resolveStream(store, program.startsWith('program-') ? program : `program-${program}`)
    if (E.isLeft(resolved)) return E.left(storeFailure(io, resolved.left))
    const programId = resolved.right.slice('program-'.length)
    if (entry._tag === 'ProgramView') {
      const at = await projectWithProgress(store, [entry.model], bounds, progress, entry.name)
      if (E.isLeft(at)) {
        io.err(`error: ${projectionErrorMessage(at.left)}`)
        return E.left(3)
      }
      return E.right(readInMemory(at.right.states.get(entry.model.name) ?? new Map(), entry.rows(programId)))
    }
    const facts = await programAuditTimeline(store, programId, bounds)()
    if (E.isLeft(facts)) return E.left(storeFailure(io, facts.left))
    return E.right(timelineCells(facts.right))
  }
  if (program !== undefined)
    throw new UsageError(`--program applies to the timeline and participants only, not to ${entry.name}`)
  const at = await projectWithProgress(store, [entry.view.model], bounds, progress, entry.name)
  if (E.isLeft(at)) {
    io.err(`error: ${projectionErrorMessage(at.left)}`)
    return E.left(3)
  }
  return E.right(readInMemory(at.right.states.get(entry.view.model.name) ?? new Map(), entry.view.rows))
}

/** The command for one read model export. */
export const readModelCommand =
  (entry: ReadModelExport): Command =>
  async (context, args) => {
    const { values } = parseOptions(
      args,
      {
        'as-of': { type: 'string' },
        'as-known-at': { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        program: { type: 'string' },
      },
      { min: 0, max: 0, usage: READ_MODEL_USAGE.replace('<read-model>', entry.name) },
    )
    const bounds = boundsOf(values)
    const format = choiceOption('format', values.format, EXPORT_FORMATS, 'table')
    const rows = await exportRows(context, entry, bounds, values.program)
    if (E.isLeft(rows)) return rows.left
    const text = formatExport(
      format,
      columnsOf(entry),
      rows.right,
      entry._tag === 'View' && entry.tableColumns !== undefined ? { tableColumns: entry.tableColumns } : {},
    )
    if (values.out === undefined) {
      context.io.out(text.replace(/\r?\n$/, ''))
    } else {
      writeFileSync(values.out, text)
      context.io.err(`${entry.name}: ${rows.right.length} row(s) written to ${values.out}`)
    }
    return 0
  }

/** `ikm-ledger read-models`: what can be exported. */
export const readModelsCommand: Command = async ({ io }, args) => {
  parseOptions(args, {}, { min: 0, max: 0, usage: 'ikm-ledger read-models' })
  for (const e of ikmExports) {
    io.out(`${e.name.padEnd(12)} ${e.rm.padEnd(5)} ${e.title}${e._tag === 'View' ? ` (SQL table ${e.view.name})` : ''}`)
  }
  return 0
}
