/**
 * Parameters as the store sends them. A text array goes as the literal PostgreSQL parses (`{"a","b"}`), written
 * here instead of by `pg`: the driver escapes each element with two regular-expression passes, about 17 µs for
 * the JSON of one event's data on this machine, and an append sends its events' data and metadata as arrays.
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
