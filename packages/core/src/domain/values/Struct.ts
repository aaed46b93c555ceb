/**
 * A small helper for the exact object codecs every value and event uses: required fields, optional fields,
 * no extra keys on encode.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/**
 * An exact object codec with required and optional fields.
 *
 * @example
 * const Line = exactStruct({ lineId: t.string }, { note: t.string }, 'Line')
 *
 * @category codecs
 * @since 0.1.0
 */
export const exactStruct = <P extends t.Props, Q extends t.Props>(required: P, optional: Q, name: string) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name)
