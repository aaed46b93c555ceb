/**
 * Rendering io-ts decoding failures as plain words with the path that failed.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import { showInput, truncateText } from './Input'

// Bounded and never throwing, whatever the value: a decoding error must not echo a megabyte or "[object Object]".
const showValue = (value: unknown): string => showInput(value)

const MAX_PATH_LENGTH = 240

const shownPath = (path: string): string =>
  path.length <= MAX_PATH_LENGTH ? path : `${path.slice(0, MAX_PATH_LENGTH / 2)}…${path.slice(-MAX_PATH_LENGTH / 2)}`

/**
 * The path of one io-ts error, e.g. `data.fundingLines.0.amount` (the root and unnamed steps left out).
 *
 * @category utils
 * @since 0.1.0
 */
export const errorPath = (error: t.ValidationError): string =>
  error.context
    .filter((entry, i) => i > 0 && entry.key !== '' && !isMemberIndex(error.context[i - 1]))
    .map((entry) => entry.key)
    .join('.')

// Intersections and unions number their members in the context; those numbers are not part of the data's path.
// Exact, readonly and refined codecs validate through the codec they wrap without a context entry of their own.
const isMemberIndex = (parent: t.ContextEntry | undefined): boolean => {
  let type = parent?.type as { readonly _tag?: unknown; readonly type?: unknown } | undefined
  while (type?._tag === 'ExactType' || type?._tag === 'ReadonlyType' || type?._tag === 'RefinementType') {
    type = type.type as typeof type
  }
  return type?._tag === 'IntersectionType' || type?._tag === 'UnionType'
}

/**
 * Formats io-ts errors, one per distinct path: `at data.amount: expected BigIntFromString, got 12.5`.
 *
 * @category utils
 * @since 0.1.0
 */
export const formatErrors = (errors: t.Errors, limit = 5): string => {
  const seen = new Set<string>()
  const lines: Array<string> = []
  for (const error of errors) {
    const path = errorPath(error) || '(root)'
    if (seen.has(path)) continue
    seen.add(path)
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value'
    lines.push(
      `at ${shownPath(path)}: ${truncateText(error.message ?? `expected ${expected}`, 200)}, got ${showValue(error.value)}`,
    )
  }
  const shown = lines.slice(0, limit).join('; ')
  return lines.length > limit ? `${shown}; and ${lines.length - limit} more` : shown
}
