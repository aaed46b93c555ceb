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
      const shown = truncateText(type)
      return E.left(invalidCommand(shown, `${showInput(type)} is not a ${family} command; use one of ${known}`))
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
    return unknownField === undefined
      ? decoded
      : E.left(
          invalidCommand(
            type,
            `${type} has a field ${truncateText(unknownField, 240)} that ${type} does not know; nothing was recorded, because the ` +
              'field would have been lost: remove it or correct its name',
          ),
        )
  }
