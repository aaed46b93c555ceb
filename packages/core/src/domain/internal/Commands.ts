/**
 * What every aggregate's commands share: the `{ type, data, context }` codec, the field codecs the command and
 * event data are built from, and the decoder that picks a command's codec by its `type`.
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { formatErrors, showInput, truncateText } from '../../index'
import { CommandContext } from '../CommandContext'
import { invalidCommand, type DomainError } from '../DomainError'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** A command codec: `{ type, data, context }`. */
export const commandCodec = <Type extends string, D extends t.Mixed>(type: Type, data: D) =>
  t.exact(t.type({ type: t.literal(type), data, context: CommandContext }), type)

/** A non-empty string with no surrounding blanks, under a codec name (the name io-ts errors show). */
export const nonBlankNamed = (name: string) =>
  t.refinement(t.string, (s) => s.trim().length > 0 && s.trim() === s, name)

/** A safe non-negative integer, under a codec name. */
export const countNamed = (name: string) => t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, name)

/** A safe positive integer, under a codec name. */
export const positiveCountNamed = (name: string) =>
  t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, name)

/** A non-empty string with no surrounding blanks. */
export const NonBlank = nonBlankNamed('NonBlankString')

/** A count: a safe non-negative integer. */
export const Count = countNamed('Count')

/** A positive count. */
export const PositiveCount = positiveCountNamed('PositiveCount')

/**
 * The data of a command on an existing entity: the entity's id field (a `NonBlank`) and any `extra` fields,
 * alongside the event data the command carries.
 */
export const onEntity =
  <K extends string>(idField: K) =>
  <P extends t.Props, D extends t.Mixed>(extra: P, data: D) =>
    t.intersection([t.exact(t.type({ [idField]: NonBlank, ...extra } as { [F in K]: typeof NonBlank } & P)), data])

/** A command on an existing entity: `commandCodec(type, onEntity(idField)(extra, data))`, `extra` none by default. */
export const entityCommand =
  <K extends string>(idField: K) =>
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  <Type extends string, D extends t.Mixed, P extends t.Props = {}>(type: Type, data: D, extra: P = {} as P) =>
    commandCodec(type, onEntity(idField)(extra, data))

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The path of the first field of `input` that decoding dropped: the exact codecs strip fields they do not know,
 * so a field present in the input and absent from the decoded value at the same place is one no codec knows.
 * Where a codec turned a value into something else (a decimal string into a `bigint`), there is nothing to
 * compare and the walk stops.
 */
const droppedField = (input: unknown, output: unknown, path: string): string | undefined => {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length && i < output.length; i++) {
      const found = droppedField(input[i], output[i], `${path}.${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return undefined
  for (const key of Object.keys(input)) {
    const childPath = path === '' ? key : `${path}.${key}`
    if (!Object.prototype.hasOwnProperty.call(output, key)) return childPath
    const found = droppedField(input[key], output[key], childPath)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Decodes a command by its `type`, so the error names the io-ts path inside the right command (not a union of
 * every command's failures). Decoding is strict: a field the command's codec does not know is an error naming
 * it, never dropped.
 */
export const decodeCommandOf =
  <C>(family: string, codecs: Readonly<Record<string, t.Decoder<unknown, C>>>) =>
  (input: unknown): E.Either<DomainError, C> => {
    const type =
      typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined
    const known = Object.keys(codecs).sort().join(', ')
    if (typeof type !== 'string') {
      return E.left(invalidCommand(family, `a ${family} command needs a string field "type" (one of ${known})`))
    }
    const codec = Object.prototype.hasOwnProperty.call(codecs, type) ? codecs[type] : undefined
    if (codec === undefined) {
      // An unknown type is echoed cut short: it is the caller's text, of any length.
      const shown = escapedText(truncateText(type))
      return E.left(
        invalidCommand(shown, `${escapedText(showInput(type))} is not a ${family} command; use one of ${known}`),
      )
    }
    const decoded = codec.decode(input)
    if (E.isLeft(decoded)) {
      return E.left(
        invalidCommand(
          type,
          `${type} is invalid ${formatErrors(decoded.left)}; correct those fields and send it again`,
        ),
      )
    }
    const unknownField = droppedField(input, decoded.right, '')
    if (unknownField !== undefined) {
      return E.left(
        invalidCommand(
          type,
          `${type} has a field ${escapedText(truncateText(unknownField, 240))} that ${type} does not know; nothing was recorded, because the ` +
            'field would have been lost: remove it or correct its name',
        ),
      )
    }
    const badText = unsafeText(decoded.right, '', 0)
    return badText === undefined ? decoded : E.left(invalidCommand(type, `${type} has ${badText}`))
  }

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * What a character no text of a command may hold is, or `undefined` for any other: C0 and C1 control characters
 * (NUL, tab, line feed, carriage return, escape, DEL…), the line and paragraph separators, bidirectional
 * formatting (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: an override makes a log line or a report read
 * otherwise than it is stored) and invisible zero-width characters (U+200B, U+2060, U+FEFF: two ids that look the
 * same). The zero-width joiners U+200C and U+200D stay allowed: scripts and emoji need them. Lone surrogates are
 * found by the caller.
 */
const refusedCharacter = (code: number): string | undefined => {
  if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return 'a control character'
  if (code === 0x2028 || code === 0x2029) return 'a line or paragraph separator'
  if (code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e)) {
    return 'a bidirectional formatting character'
  }
  if (code >= 0x2066 && code <= 0x2069) return 'a bidirectional formatting character'
  if (code === 0x200b || code === 0x2060 || code === 0xfeff) return 'an invisible zero-width character'
  return undefined
}

const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`

/** The first refused character of a string, as "U+0000 (a control character) at index 3", or `undefined`. */
export const textProblem = (text: string): string | undefined => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      return `${hex(code)} (a lone high surrogate, not a character) at index ${i}`
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `${hex(code)} (a lone low surrogate, not a character) at index ${i}`
    const what = refusedCharacter(code)
    if (what !== undefined) return `${hex(code)} (${what}) at index ${i}`
  }
  return undefined
}

/**
 * A caller's text as a message may show it: each character {@link textProblem} refuses written as `\u0000`, so no
 * control character, line break or direction override reaches a message or a log line.
 */
export const escapedText = (text: string): string => {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const paired =
      code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    if (paired) {
      out += text.slice(i, i + 2)
      i++
    } else if ((code >= 0xd800 && code <= 0xdfff) || refusedCharacter(code) !== undefined) {
      out += `\\u${code.toString(16).padStart(4, '0')}`
    } else {
      out += text[i]
    }
  }
  return out
}

// Deeper than any command's codec nests; a guard, not a limit a command can reach.
const MAX_TEXT_DEPTH = 64

/**
 * The first string of a decoded command (its data and its context, at any depth) that holds a character no
 * command text may hold, as "data.title with U+0000 (a control character) at index 3 (counting from 0); …". Such
 * text cannot be stored everywhere (PostgreSQL's jsonb refuses NUL and lone surrogates), breaks log lines and
 * reports, and makes ids that look alike differ.
 */
const unsafeText = (value: unknown, path: string, depth: number): string | undefined => {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem === undefined
      ? undefined
      : `${truncateText(path === '' ? '(root)' : path, 240)} with ${problem} (counting from 0); text in a command ` +
          'may not hold control characters (tab and line breaks included), lone surrogates, line separators, ' +
          'direction overrides or invisible zero-width characters: remove it and send the command again'
  }
  if (depth > MAX_TEXT_DEPTH || typeof value !== 'object' || value === null) return undefined
  const entries: ReadonlyArray<readonly [string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value)
  for (const [key, item] of entries) {
    const found = unsafeText(item, path === '' ? key : `${path}.${key}`, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}
