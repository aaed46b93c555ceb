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
      return quote(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot carry the number ${value}`)
      return JSON.stringify(value)
    case 'bigint':
      // A decimal string needs no escaping.
      return '"' + value.toString(10) + '"'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      // This runs for every event appended and every event whose hash is verified, so it builds the text in
      // one pass instead of through map/filter/join (same output, far fewer allocations).
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ','
          // A hole stays empty, as `Array.prototype.map` + `join` would leave it.
          if (!(i in value)) continue
          const item: unknown = value[i]
          out += item === undefined ? 'null' : canonicalJson(item)
        }
        return out + ']'
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString())
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
      if (!isSorted(keys)) keys.sort()
      let out = '{'
      let first = true
      for (const key of keys) {
        const item = record[key]
        if (item === undefined) continue
        if (!first) out += ','
        first = false
        out += quote(key) + ':' + canonicalJson(item)
      }
      return out + '}'
    }
    default:
      throw new TypeError(`canonical JSON cannot carry a value of type ${typeof value}`)
  }
}

// What `JSON.stringify` escapes in a string: quote, backslash, control characters and surrogates (lone ones
// are escaped; paired ones are not, so any surrogate sends the string to `JSON.stringify`).
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be escaped
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** `JSON.stringify` of a string, skipping the call for the common string that needs no escaping. */
const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"')

// Canonical text parsed back has its keys in order already; checking is cheaper than sorting.
const isSorted = (keys: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false
  return true
}

/**
 * Checks that a value is plain JSON (what a store can keep and give back unchanged). Returns the path of the
 * first offending value, or `undefined` when the value is fine.
 *
 * @category utils
 * @since 0.1.0
 */
export const findNonJson = (value: unknown, path = '$'): string | undefined =>
  // Every payload is checked on append and on read, and nearly all are fine: a walk that builds no path strings
  // says so first; only a payload with a problem is walked again to name the place.
  isPlainJson(value, 0) ? undefined : findNonJsonAt(value, path, 0)

// Deeper than this is refused, not walked: a value that contains itself would otherwise exhaust the stack.
const JSON_MAX_DEPTH = 1000

// The same rules as `findNonJsonAt`, answering only yes or no.
const isPlainJson = (value: unknown, depth: number): boolean => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object': {
      if (value === null) return true
      if (depth >= JSON_MAX_DEPTH) return false
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false
        return true
      }
      const proto: unknown = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return false
      const record = value as Record<string, unknown>
      for (const key of Object.keys(record)) {
        const item = record[key]
        if (item !== undefined && !isPlainJson(item, depth + 1)) return false
      }
      return true
    }
    default:
      return false
  }
}

const findNonJsonAt = (value: unknown, path: string, depth: number): string | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is the number ${value}, which JSON cannot carry`
    case 'object': {
      if (value === null) return undefined
      if (depth >= JSON_MAX_DEPTH)
        return `${path} is nested deeper than ${JSON_MAX_DEPTH} levels (or contains itself), which JSON cannot carry`
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findNonJsonAt(value[i], `${path}[${i}]`, depth + 1)
          if (found !== undefined) return found
        }
        return undefined
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null)
        return `${path} is a ${proto?.constructor?.name ?? 'class instance'}, not plain JSON`
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue
        const found = findNonJsonAt(item, `${path}.${key}`, depth + 1)
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

/**
 * The JSON form of any value a service may want to send: aggregate states, errors, results. `bigint` becomes a
 * decimal string, a `Map` an array of `[key, value]` pairs, a `Set` an array, a `Date` its ISO instant, an
 * `Error` `{ name, message }`; `undefined`, functions and symbols are left out (as `JSON.stringify` does), a
 * non-finite number becomes `null`, and a value met again inside itself becomes the string `"[circular]"`.
 * Never throws (a getter that throws, or an object a proxy will not let be read, reads as `null`; nesting deeper
 * than 256 levels as `"[too deep]"`), so `JSON.stringify(toJson(x))` always succeeds.
 *
 * @example
 * JSON.stringify(toJson({ amount: 24_300_000_000n, batches: new Map([['b1', { held: true }]]) }))
 * // {"amount":"24300000000","batches":[["b1",{"held":true}]]}
 *
 * @category utils
 * @since 0.1.0
 */
export const toJson = (value: unknown): JsonValue => jsonFormOf(value, new Set()) ?? null

const TO_JSON_MAX_DEPTH = 256

const jsonFormOf = (value: unknown, seen: Set<object>): JsonValue | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : null
    case 'bigint':
      return value.toString(10)
    case 'object': {
      if (value === null) return null
      if (seen.has(value)) return '[circular]'
      // `seen` holds the path from the root, so its size is the depth: a deep value must not exhaust the stack.
      if (seen.size >= TO_JSON_MAX_DEPTH) return '[too deep]'
      seen.add(value)
      try {
        return objectForm(value, seen)
      } catch {
        // A proxy whose traps throw, a revoked proxy, an iterator that fails: unreadable, like a throwing getter.
        return null
      } finally {
        seen.delete(value)
      }
    }
    default:
      return undefined
  }
}

const objectForm = (value: object, seen: Set<object>): JsonValue => {
  const items = (values: Iterable<unknown>): JsonValue => Array.from(values, (item) => jsonFormOf(item, seen) ?? null)
  if (Array.isArray(value)) return items(value)
  if (value instanceof Map)
    return Array.from(value, ([k, v]) => [jsonFormOf(k, seen) ?? null, jsonFormOf(v, seen) ?? null])
  if (value instanceof Set) return items(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (value instanceof Error) return { name: value.name, message: value.message }
  const out: Record<string, JsonValue> = {}
  for (const key of Object.keys(value)) {
    let item: unknown
    try {
      item = (value as Record<string, unknown>)[key]
    } catch {
      item = null
    }
    const form = jsonFormOf(item, seen)
    if (form !== undefined) out[key] = form
  }
  return out
}

const isJsonSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09

/**
 * The first member name given twice in one object of a JSON text, `undefined` when there is none (or the text is
 * no JSON: `JSON.parse` says so). `JSON.parse` keeps the last value of a name given twice and other readers the
 * first, so a document that must mean one thing (a proof, a checkpoint) is refused with one. One pass, no
 * recursion: a deeply nested text costs no stack.
 *
 * @category utils
 * @since 0.2.0
 */
export const duplicateJsonKey = (text: string): string | undefined => {
  // One entry per open container: the names met so far in an object, null for an array.
  const open: Array<Set<string> | null> = []
  let i = 0
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === 0x22) {
      let end = i + 1
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1
      const quoted = text.slice(i, end + 1)
      i = end + 1
      let next = i
      while (next < text.length && isJsonSpace(text.charCodeAt(next))) next++
      const names = open[open.length - 1]
      if (names !== undefined && names !== null && text.charCodeAt(next) === 0x3a) {
        let name: string
        try {
          name = JSON.parse(quoted) as string
        } catch {
          return undefined
        }
        if (names.has(name)) return name
        names.add(name)
      }
      continue
    }
    if (code === 0x7b) open.push(new Set())
    else if (code === 0x5b) open.push(null)
    else if (code === 0x7d || code === 0x5d) open.pop()
    i++
  }
  return undefined
}

/**
 * The first member of `given` that `known` does not have, as a path (`$.event.note`), `undefined` when every
 * member of `given` is in `known`: `known` is what a codec encodes back from the document it decoded, so a member
 * it does not know of shows, instead of being dropped without a word.
 *
 * @category utils
 * @since 0.2.0
 */
export const unknownMember = (given: unknown, known: unknown, path = '$'): string | undefined => {
  if (typeof given !== 'object' || given === null || typeof known !== 'object' || known === null) return undefined
  if (Array.isArray(given)) {
    if (!Array.isArray(known)) return undefined
    for (let i = 0; i < given.length; i++) {
      const found = unknownMember(given[i], known[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  const knownRecord = known as Record<string, unknown>
  for (const key of Object.keys(given)) {
    const at = `${path}.${key}`
    if (!Object.prototype.hasOwnProperty.call(knownRecord, key)) return at
    const found = unknownMember((given as Record<string, unknown>)[key], knownRecord[key], at)
    if (found !== undefined) return found
  }
  return undefined
}
