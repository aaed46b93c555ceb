/**
 * JSON values and the canonical JSON used by the hash chain.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A value that survives `JSON.stringify` / `JSON.parse` unchanged. Event payloads are stored in this form:
 * codecs turn `bigint` rupiah into decimal strings before anything reaches a store.
 *
 * @category model
 * @since 0.1.0
 */
export type JsonValue =
  null | boolean | number | string | ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue }

/**
 * A JSON object.
 *
 * @category model
 * @since 0.1.0
 */
export type JsonObject = { readonly [key: string]: JsonValue }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `bigint` written as a decimal string,
 * `undefined` properties omitted. Two equal values always give the same text, so the text can be hashed.
 * Throws a `TypeError` for values JSON cannot carry (functions, symbols, non-finite numbers); callers on the
 * append path validate payloads with codecs first, so this only fires on a programming error.
 *
 * @category utils
 * @since 0.1.0
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot carry the number ${value}`)
      return JSON.stringify(value)
    case 'bigint':
      return JSON.stringify(value.toString(10))
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        return '[' + value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',') + ']'
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString())
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
      return '{' + keys.map((key) => JSON.stringify(key) + ':' + canonicalJson(record[key])).join(',') + '}'
    }
    default:
      throw new TypeError(`canonical JSON cannot carry a value of type ${typeof value}`)
  }
}

/**
 * Checks that a value is plain JSON (what a store can keep and give back unchanged). Returns the path of the
 * first offending value, or `undefined` when the value is fine.
 *
 * @category utils
 * @since 0.1.0
 */
export const findNonJson = (value: unknown, path = '$'): string | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is the number ${value}, which JSON cannot carry`
    case 'object': {
      if (value === null) return undefined
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findNonJson(value[i], `${path}[${i}]`)
          if (found !== undefined) return found
        }
        return undefined
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null)
        return `${path} is a ${proto?.constructor?.name ?? 'class instance'}, not plain JSON`
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue
        const found = findNonJson(item, `${path}.${key}`)
        if (found !== undefined) return found
      }
      return undefined
    }
    case 'bigint':
      return `${path} is a bigint; encode it with its codec (rupiah are decimal strings in JSON)`
    default:
      return `${path} is a ${typeof value}, which JSON cannot carry`
  }
}
