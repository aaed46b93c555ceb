/**
 * What an `OPERATIONAL` command must mean, beyond its shape: the codecs accept an empty actor id, a DOCUMENTED
 * claim with no document, or a fact dated 9999-12-31; an operational API must not. Historical imports keep their
 * leniency (news-based facts are recorded as found, with their gaps noted), so nothing here applies to them.
 *
 * Internal: not part of the public surface. Called once, by the IKM command handler, after a command decodes.
 */
import type { CivilDate } from '../../index'
import type { CommandContext } from '../CommandContext'
import { invalidCommand, type DomainError } from '../DomainError'

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/** The earliest year an operational fact may have happened in. */
export const EARLIEST_OPERATIONAL_YEAR = 1990

/** How many years before and after its fiscal year a fact about a fiscal year may happen. */
export const FISCAL_YEAR_SLACK = { before: 1, after: 5 } as const

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

const blank = (value: unknown): boolean => typeof value === 'string' && value.trim() === ''

const yearOf = (date: CivilDate): number => Number(date.slice(0, 4))

/** The first string field named `…Id` (or `orgId`, `lineId`…) anywhere in the data that is blank, as a path. */
const blankId = (value: unknown, path: string, depth = 0): string | undefined => {
  if (depth > 16 || typeof value !== 'object' || value === null) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = blankId(value[i], `${path}.${i}`, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    if (/(^id|Id)$/.test(key) && blank(item)) return `${path}.${key}`
    const found = blankId(item, `${path}.${key}`, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** The fiscal year a command's data names, when it names one. */
const fiscalYearOf = (data: unknown): number | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  const year = (data as { readonly fiscalYear?: unknown }).fiscalYear
  return typeof year === 'number' && Number.isSafeInteger(year) ? year : undefined
}

/**
 * The rejection of an `OPERATIONAL` command whose context or data is meaningless, or `undefined` when it passes
 * (and for every `HISTORICAL_IMPORT` command). Each rejection names the field:
 * - `context.actor.id` and `context.actor.role` are not blank;
 * - DOCUMENTED evidence has at least one reference with a kind and a number, and no reference has a blank kind;
 * - `context.correlationId` and `context.causationId`, when given, are not blank; no `…Id` field of the data is;
 * - `context.occurredOn` is not before 1990, not after `today` (one day of slack for the eastern time zones), and
 *   within one year before and five after the fiscal year the data names.
 */
export const operationalProblem = (
  command: { readonly type: string; readonly data: unknown; readonly context: CommandContext },
  today: CivilDate,
): DomainError | undefined => {
  const { type, context } = command
  if (context.mode !== 'OPERATIONAL') return undefined
  const reject = (message: string) => invalidCommand(type, `${type} in OPERATIONAL mode ${message}`)
  if (context.actor.id.trim() === '') return reject('needs context.actor.id: the id of who issues it, not blank')
  if (context.actor.role.trim() === '') return reject('needs context.actor.role: the role they act in, not blank')
  if (blank(context.correlationId)) return reject('has a blank context.correlationId; leave it out or give an id')
  if (blank(context.causationId)) return reject('has a blank context.causationId; leave it out or give an id')
  const refs = context.evidence.refs
  const blankKind = refs.findIndex((ref) => ref.kind.trim() === '')
  if (blankKind >= 0) return reject(`has context.evidence.refs.${blankKind}.kind blank; name the kind of document`)
  if (
    context.evidence.level === 'DOCUMENTED' &&
    !refs.some((ref) => ref.number !== undefined && ref.number.trim() !== '')
  ) {
    return reject(
      'claims DOCUMENTED evidence but context.evidence.refs names no document with a kind and a number; ' +
        'add the document (e.g. { kind: "BAST_HIBAH", number: "…" }) or record the evidence level it really has',
    )
  }
  const id = blankId(command.data, 'data')
  if (id !== undefined) return reject(`has ${id} blank; every id must name something`)
  const year = yearOf(context.occurredOn)
  if (year < EARLIEST_OPERATIONAL_YEAR) {
    return reject(`has context.occurredOn ${context.occurredOn}, before ${EARLIEST_OPERATIONAL_YEAR}; check the date`)
  }
  if (context.occurredOn > nextDay(today)) {
    return reject(
      `has context.occurredOn ${context.occurredOn}, after today (${today}); an operational fact has happened`,
    )
  }
  const fiscalYear = fiscalYearOf(command.data)
  if (
    fiscalYear !== undefined &&
    (year < fiscalYear - FISCAL_YEAR_SLACK.before || year > fiscalYear + FISCAL_YEAR_SLACK.after)
  ) {
    return reject(
      `has context.occurredOn ${context.occurredOn}, implausibly far from data.fiscalYear ${fiscalYear} ` +
        `(expected ${fiscalYear - FISCAL_YEAR_SLACK.before} to ${fiscalYear + FISCAL_YEAR_SLACK.after})`,
    )
  }
  return undefined
}

const nextDay = (date: CivilDate): string => {
  const next = new Date(`${date}T00:00:00.000Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}
