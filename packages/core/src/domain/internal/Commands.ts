/**
 * What every aggregate's commands share: the `{ type, data, context }` codec, the field codecs the command and
 * event data are built from, and the decoder that picks a command's codec by its `type`.
 *
 * Internal: not part of the public surface.
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { formatErrors } from '../../index'
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

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes a command by its `type`, so the error names the io-ts path inside the right command (not a union of
 * every command's failures).
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
      return E.left(invalidCommand(type, `"${type}" is not a ${family} command; use one of ${known}`))
    }
    return E.mapLeft((errors: t.Errors) =>
      invalidCommand(type, `${type} is invalid ${formatErrors(errors)}; correct those fields and send it again`),
    )(codec.decode(input))
  }
