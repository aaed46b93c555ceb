/**
 * Strict parsing of the command line: every value is checked before anything is read, and a bad one is a
 * `UsageError` (exit 2) whose message says what was wrong and what the right form looks like.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import * as E from 'fp-ts/Either'
import { isCivilDate, parseInstant, streamIdProblem, type CivilDate, type Instant } from '@ikm-ledger/core'
import { ikmAggregates } from '@ikm-ledger/core/domain'

/** Bad usage: printed with the help line of the command, exit code 2. */
export class UsageError extends Error {}

/** The stream categories of the IKM domain, in the order the CLI lists them: those the domain routes. */
export const IKM_CATEGORIES: ReadonlyArray<string> = Object.keys(ikmAggregates)

/** Every IKM event type, of every aggregate the domain routes. */
export const IKM_EVENT_TYPES: ReadonlyArray<string> = [
  ...new Set(Object.values(ikmAggregates).flatMap((a) => [...a.events.types])),
]

// -------------------------------------------------------------------------------------
// suggestions
// -------------------------------------------------------------------------------------

const distance = (a: string, b: string): number => {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost)
      diagonal = above
    }
  }
  return previous[b.length] ?? 0
}

/** The known name closest to `value` (case-insensitive), when it is close enough to be a typo. */
export const closest = (value: string, known: ReadonlyArray<string>): string | undefined => {
  const lower = value.toLowerCase()
  const exactCase = known.find((k) => k.toLowerCase() === lower)
  if (exactCase !== undefined) return exactCase
  let best: { readonly name: string; readonly d: number } | undefined
  for (const name of known) {
    const d = distance(lower, name.toLowerCase())
    if (best === undefined || d < best.d) best = { name, d }
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(value.length / 3)) ? best.name : undefined
}

const didYouMean = (suggestion: string | undefined): string =>
  suggestion === undefined ? '' : ` — did you mean ${suggestion}?`

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

const optionOf = (options: OptionsConfig, name: string) =>
  Object.prototype.hasOwnProperty.call(options, name) ? options[name] : undefined

// Nothing on this command line is a short option: `-5` after an option that takes a value can only be that value.
const NEGATIVE_NUMBER = /^-\d/

/**
 * The arguments with every value of a value-taking long option joined to it (`--limit -5` → `--limit=-5`), so a
 * negative number reads as a value, and an option missing its value is named in one line (`parseArgs` answers
 * both in three lines about an "ambiguous" argument).
 */
const joinValues = (args: ReadonlyArray<string>, options: OptionsConfig): ReadonlyArray<string> => {
  const joined: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      joined.push(...args.slice(i))
      break
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined
    if (name === undefined || optionOf(options, name)?.type !== 'string') {
      joined.push(arg)
      continue
    }
    const value = args[i + 1]
    if (value === undefined) throw new UsageError(`${arg} needs a value`)
    if (value.startsWith('-') && value !== '-' && !NEGATIVE_NUMBER.test(value)) {
      throw new UsageError(
        `${arg} needs a value, got the option ${value} (a value that starts with '-' is written ${arg}=${value})`,
      )
    }
    joined.push(`${arg}=${value}`)
    i++
  }
  return joined
}

/** `parseArgs`'s message, on one line, in the CLI's words where it has its own. */
const parseArgsProblem = (error: unknown, options: OptionsConfig): string => {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { readonly code?: unknown } | null)?.code
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== null) {
    const suggestion = closest(unknown[2] ?? '', Object.keys(options))
    return `Unknown option '${unknown[1]}${unknown[2]}'${didYouMean(suggestion === undefined ? undefined : `--${suggestion}`)}`
  }
  return message.replace(/\. To specify a positional.*$/s, '').replace(/\s*\n\s*/g, ' ')
}

/** Options given more than once that are not documented as repeatable (`multiple`), with the values given. */
const repeated = (
  tokens: ReadonlyArray<{ readonly kind: string; readonly name?: string; readonly value?: string | undefined }>,
  options: OptionsConfig,
): string | undefined => {
  const given = new Map<string, Array<string | undefined>>()
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || optionOf(options, token.name)?.multiple === true)
      continue
    given.set(token.name, [...(given.get(token.name) ?? []), token.value])
  }
  for (const [name, values] of given) {
    if (values.length < 2) continue
    const shown = values.every((v) => v === undefined) ? '' : ` (${values.map((v) => `'${v ?? ''}'`).join(', ')})`
    return `--${name} is given ${values.length === 2 ? 'twice' : `${values.length} times`}${shown}; give it once`
  }
  return undefined
}

/**
 * `parseArgs` in strict mode: unknown options, missing values and an option given twice (unless it is
 * repeatable) are usage errors; a negative number after an option is its value, as with `--option=-1`.
 */
export const parseOptions = <T extends OptionsConfig>(
  args: ReadonlyArray<string>,
  options: T,
  positionals: { readonly min: number; readonly max: number; readonly usage: string },
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>> => {
  const joined = joinValues(args, options)
  let parsed
  try {
    parsed = parseArgs({ args: [...joined], options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    throw new UsageError(parseArgsProblem(error, options))
  }
  const twice = repeated(parsed.tokens, options)
  if (twice !== undefined) throw new UsageError(twice)
  if (parsed.positionals.length < positionals.min) throw new UsageError(`missing argument: ${positionals.usage}`)
  if (parsed.positionals.length > positionals.max) {
    const extra = parsed.positionals.slice(positionals.max).join(' ')
    throw new UsageError(`unexpected argument '${extra}': ${positionals.usage}`)
  }
  return { values: parsed.values, positionals: parsed.positionals }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** Why `value` is not a real `YYYY-MM-DD` date, or undefined when it is one. */
const dateProblem = (value: string): string | undefined => {
  if (isCivilDate(value)) return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (m === null) {
    const loose = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
    if (loose !== null) {
      const fixed = `${loose[1]}-${(loose[2] ?? '').padStart(2, '0')}-${(loose[3] ?? '').padStart(2, '0')}`
      return `'${value}' is not in the form YYYY-MM-DD${isCivilDate(fixed) ? ` — did you mean ${fixed}?` : ''}`
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      return `'${value}' is an instant; a civil date is YYYY-MM-DD — did you mean ${value.slice(0, 10)}?`
    }
    return `'${value}' is not a date in the form YYYY-MM-DD, e.g. 2020-12-31`
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12) return `'${value}' has no month ${m[2]}; months run 01 to 12`
  const last = lastDayOf(year, month)
  return `'${value}' does not exist: ${MONTHS[month - 1]} ${year} has ${last} days — did you mean ${m[1]}-${m[2]}-${String(
    Math.min(Math.max(day, 1), last),
  ).padStart(2, '0')}?`
}

/** `--as-of`: a real civil date. */
export const civilDateOption = (flag: string, value: string | undefined): CivilDate | undefined => {
  if (value === undefined) return undefined
  const problem = dateProblem(value)
  if (problem !== undefined) throw new UsageError(`--${flag}: ${problem}`)
  return value as CivilDate
}

/**
 * `--as-known-at`: an ISO-8601 instant with a time and a zone (`Z` or `±hh:mm`), normalised to UTC with
 * milliseconds. A date alone is refused: which instant of that day is meant is the auditor's to say.
 */
export const instantOption = (flag: string, value: string | undefined): Instant | undefined => {
  if (value === undefined) return undefined
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const dateIssue = dateProblem(value)
    if (dateIssue !== undefined) throw new UsageError(`--${flag}: ${dateIssue}`)
    throw new UsageError(
      `--${flag} takes an instant, not a date: did you mean ${value}T00:00:00.000Z (the start of that day, UTC) ` +
        `or ${value}T23:59:59.999Z (its end)? For facts that happened by a date, use --as-of ${value}`,
    )
  }
  // The date part first, for the CLI's fuller word on a wrong date ("February 2026 has 28 days").
  const datePart = /^(\d{4}-\d{2}-\d{2})T/.exec(value)?.[1]
  const dateIssue = datePart === undefined ? undefined : dateProblem(datePart)
  if (dateIssue !== undefined) throw new UsageError(`--${flag}: ${dateIssue}`)
  const instant = parseInstant(value)
  if (E.isLeft(instant)) throw new UsageError(`--${flag}: ${instant.left}`)
  return instant.right
}

/** A whole number option (`--limit`, `--after`), at least `min`. */
export const wholeOption = (flag: string, value: string | undefined, min = 0n): bigint | undefined => {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number, got '${value}'`)
  const n = BigInt(value)
  if (n < min) throw new UsageError(`--${flag} must be at least ${min}, got ${value}`)
  return n
}

/** An option that takes one of a few words. */
export const choiceOption = <A extends string>(
  flag: string,
  value: string | undefined,
  choices: ReadonlyArray<A>,
  fallback: A,
): A => {
  if (value === undefined) return fallback
  const found = choices.find((c) => c === value)
  if (found !== undefined) return found
  throw new UsageError(
    `--${flag} must be one of ${choices.join(', ')}, got '${value}'${didYouMean(closest(value, choices))}`,
  )
}

/** `--category`: an IKM stream category. */
export const categoryOption = (values: ReadonlyArray<string> | undefined): ReadonlyArray<string> | undefined => {
  if (values === undefined) return undefined
  for (const value of values) {
    if (!IKM_CATEGORIES.includes(value)) {
      const suggestion = closest(value.replace(/s$/, ''), IKM_CATEGORIES)
      throw new UsageError(
        `unknown category '${value}'${didYouMean(suggestion)} (categories: ${IKM_CATEGORIES.join(', ')})`,
      )
    }
  }
  return values
}

/** `--type`: an IKM event type. */
export const typeOption = (values: ReadonlyArray<string> | undefined): ReadonlyArray<string> | undefined => {
  if (values === undefined) return undefined
  for (const value of values) {
    if (!IKM_EVENT_TYPES.includes(value)) {
      throw new UsageError(
        `unknown event type '${value}'${didYouMean(closest(value, IKM_EVENT_TYPES))} ` +
          '(event types are PascalCase past tense, e.g. FundingAllocated, EquipmentGrantedToGroup)',
      )
    }
  }
  return values
}

/**
 * A stream id as typed: well-formed, and of an IKM category. A bare entity id (`prg-muba-led-2020`, as RM-1
 * prints it) is refused with the stream ids it could mean; the caller checks which of them exist.
 */
export const streamIdArgument = (value: string): string => {
  const problem = streamIdProblem(value)
  if (problem !== undefined) throw new UsageError(`'${value}' is not a stream id: ${problem}`)
  const dash = value.indexOf('-')
  const category = dash < 0 ? value : value.slice(0, dash)
  if (IKM_CATEGORIES.includes(category)) return value
  const suggestion = closest(category, IKM_CATEGORIES)
  if (suggestion !== undefined && dash > 0 && suggestion !== category) {
    throw new UsageError(
      `unknown stream category '${category}' in '${value}' — did you mean ${suggestion}-${value.slice(dash + 1)}?`,
    )
  }
  throw new UsageError(
    `'${value}' is not a stream id: stream ids are <category>-<id> with a category among ` +
      `${IKM_CATEGORIES.join(', ')}${bareIdHint(value)}`,
  )
}

/** For a bare entity id, the stream id its prefix suggests (`prg-…` → `program-prg-…`). */
export const bareIdHint = (value: string): string => {
  const guess = guessCategory(value)
  return guess === undefined ? '' : ` — did you mean ${guess}-${value}?`
}

const PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^prg-/, 'program'],
  [/^(pkg|eq)-/, 'equipment'],
  [/^fac-/, 'facility'],
  [/^(prp|prop|usl)-/, 'proposal'],
  [/^(grp|kub)-/, 'group'],
]

const guessCategory = (value: string): string | undefined => PREFIXES.find(([re]) => re.test(value))?.[1]
