/**
 * Stream ids: `<category>-<id>`, validated before any I/O.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface StreamIdBrand {
  readonly StreamId: unique symbol
}

/**
 * A validated stream id such as `program-0190f8a2-…`. The category is everything before the first `-`.
 *
 * @category model
 * @since 0.1.0
 */
export type StreamId = t.Branded<string, StreamIdBrand>

/**
 * The longest stream id accepted, in characters.
 *
 * @category constants
 * @since 0.1.0
 */
export const MAX_STREAM_ID_LENGTH = 200

// A category is a lowercase word; the id part is any printable ASCII except space. Quotes, `%`, `_`, `;` and
// backslashes are allowed on purpose: stores must keep them verbatim (parameterised SQL, no LIKE on ids).
const CATEGORY = /^[a-z][a-z0-9]{0,39}$/
const ID_PART = /^[\x21-\x7e]+$/

/**
 * Says why a string is not a valid stream id, or `undefined` when it is one.
 *
 * @category utils
 * @since 0.1.0
 */
export const streamIdProblem = (value: string): string | undefined => {
  if (value.length === 0) return 'it is empty'
  if (value.length > MAX_STREAM_ID_LENGTH)
    return `it is ${value.length} characters long; the limit is ${MAX_STREAM_ID_LENGTH}`
  const dash = value.indexOf('-')
  if (dash < 0) return "it has no '-'; stream ids look like '<category>-<id>', e.g. 'program-0190f8a2'"
  const category = value.slice(0, dash)
  const id = value.slice(dash + 1)
  if (!CATEGORY.test(category))
    return `its category '${category}' must be a lowercase word (a-z, then a-z or 0-9, at most 40)`
  if (id.length === 0) return "it has nothing after the '-'"
  if (!ID_PART.test(id)) return 'its id part may only hold printable ASCII characters without spaces'
  return undefined
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Codec for {@link StreamId}.
 *
 * @category codecs
 * @since 0.1.0
 */
export const StreamId = t.brand(t.string, (s): s is StreamId => streamIdProblem(s) === undefined, 'StreamId')

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Validates a string as a stream id, with the reason when it is not one.
 *
 * @category constructors
 * @since 0.1.0
 */
export const parseStreamId = (value: string): E.Either<string, StreamId> => {
  const problem = streamIdProblem(value)
  return problem === undefined ? E.right(value as StreamId) : E.left(problem)
}

/**
 * Builds a stream id from a category and an id, e.g. `streamIdOf('program', id)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const streamIdOf = (category: string, id: string): E.Either<string, StreamId> =>
  parseStreamId(`${category}-${id}`)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The category of a stream id: the part before the first `-`.
 *
 * @category utils
 * @since 0.1.0
 */
export const categoryOf = (streamId: string): string => {
  const dash = streamId.indexOf('-')
  return dash < 0 ? streamId : streamId.slice(0, dash)
}
