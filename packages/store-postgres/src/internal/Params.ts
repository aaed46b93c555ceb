/**
 * Parameters as the store sends them. A text array goes as the literal PostgreSQL parses (`{"a","b"}`), written
 * here instead of by `pg`: the driver escapes each element with two regular-expression passes, about 17 µs for
 * the JSON of one event's data on this machine. The per-event columns of an append go cheaper still, as one text
 * joined by a separator their values cannot contain ({@link joinedTexts}), split again by the server.
 */

// Inside a double-quoted array element only `"` and `\` are special, and `JSON.stringify` escapes exactly those
// two the same way, as long as the text has no control character and no lone surrogate (which it would write as
// `\n` or `\ud800`, escapes an array literal does not have). Those go the long way. The range test is the same
// for a paired surrogate, which is fine but also sent the long way.
// eslint-disable-next-line no-control-regex -- the control characters are what the test is for
const NOT_FOR_JSON = /[\u0000-\u001f\ud800-\udfff]/

const element = (text: string): string =>
  NOT_FOR_JSON.test(text) ? '"' + text.replace(/[\\"]/g, '\\$&') + '"' : JSON.stringify(text)

/**
 * The array literal of a list of strings, for a `text[]`, `uuid[]` or other array parameter whose elements are
 * never NULL. The server reads it exactly as it reads what `pg` would have sent for the same list.
 */
export const textArray = (values: ReadonlyArray<string>): string => {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ','
    out += element(values[i]!)
  }
  return out + '}'
}

/**
 * The separator of {@link joinedTexts}: U+001F, the unit separator. Canonical JSON never holds it (a control
 * character inside a string is written as `\u001f`), nor do event ids, types, instants, civil dates or hashes.
 */
const UNIT_SEPARATOR = '\u001f'

/**
 * The SQL that splits a parameter written by {@link joinedTexts} back into a `text[]`, e.g.
 * `splitTexts('$5')` → `(string_to_array($5::text, E'\\x1F'))[2:]`.
 */
export const splitTexts = (param: string): string => `(string_to_array(${param}::text, E'\\x1F'))[2:]`

/**
 * Strings as one text, each after a U+001F, for a statement that splits it with {@link splitTexts}: nothing to
 * escape, so sending the JSON of a batch costs one join instead of an escaping pass over every character. The
 * leading separator makes every list come back as it was, an empty one and one empty string included. No string
 * may contain the separator: such a list is a programming error of the store, thrown, never sent as something
 * else.
 */
export const joinedTexts = (values: ReadonlyArray<string>): string => {
  for (let i = 0; i < values.length; i++) {
    if (values[i]!.includes(UNIT_SEPARATOR)) {
      throw new Error(`joinedTexts: element ${i} contains U+001F, the separator; it cannot be sent joined`)
    }
  }
  return values.length === 0 ? '' : UNIT_SEPARATOR + values.join(UNIT_SEPARATOR)
}
