/**
 * Input a caller hands over, seen safely: any JavaScript value (a proxy, a throwing getter, a cyclic or 100k-deep
 * object, a 1 MB string) can be described in a message of bounded length without running into it.
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * How many characters of a caller's value a message shows at most; longer values are cut and their length noted.
 *
 * @category constants
 * @since 0.2.0
 */
export const SHOWN_INPUT_LENGTH = 80

/**
 * How many characters of a refused stream id an error keeps: enough for any id worth reading (valid ones have at
 * most 200), never a megabyte.
 *
 * @category constants
 * @since 0.2.0
 */
export const SHOWN_STREAM_ID_LENGTH = 512

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Cuts a text to `max` characters, saying how long it was: `"aaaa…" (1048576 characters)`.
 *
 * @category utils
 * @since 0.2.0
 */
export const truncateText = (text: string, max = SHOWN_INPUT_LENGTH): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`

/**
 * A short, readable rendering of any value for an error message: never throws, never longer than about
 * `max` characters plus a length note, and never "[object Object]". Strings are quoted, `bigint`s get an `n`,
 * objects and arrays show their start as JSON (a value met again inside itself shows as `[circular]`, a getter
 * that throws as `[unreadable]`), functions and symbols say what they are.
 *
 * @example
 * showInput('x'.repeat(1_000_000)) // '"xxxx…" (1000002 characters)'
 *
 * @category utils
 * @since 0.2.0
 */
export const showInput = (value: unknown, max = SHOWN_INPUT_LENGTH): string => {
  switch (typeof value) {
    case 'string': {
      if (value.length <= max) return JSON.stringify(value)
      return `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…" (${value.length} characters)`
    }
    case 'bigint':
      return truncateText(`${value.toString(10)}n`, max)
    case 'number':
    case 'boolean':
      return String(value)
    case 'undefined':
      return 'nothing'
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
    default: {
      if (value === null) return 'null'
      const out = preview(value as object, max)
      return out.length > max ? `${out.slice(0, max)}…` : out
    }
  }
}

/** The start of a value as JSON, built until `budget` characters are written, so a huge value costs nothing. */
const preview = (root: object, budget: number): string => {
  let out = ''
  const ancestors = new Set<object>()
  const write = (value: unknown, depth: number): void => {
    if (out.length > budget) return
    switch (typeof value) {
      case 'string':
        out += JSON.stringify(value.length > budget ? value.slice(0, budget) : value)
        return
      case 'bigint':
        out += `${value.toString(10)}n`
        return
      case 'number':
      case 'boolean':
        out += String(value)
        return
      case 'undefined':
        out += 'undefined'
        return
      case 'symbol':
      case 'function':
        out += `[${typeof value}]`
        return
    }
    if (value === null) {
      out += 'null'
      return
    }
    const object = value as object
    if (ancestors.has(object)) {
      out += '[circular]'
      return
    }
    if (depth > 8) {
      out += '…'
      return
    }
    ancestors.add(object)
    try {
      if (Array.isArray(object)) {
        out += '['
        for (let i = 0; i < object.length && out.length <= budget; i++) {
          if (i > 0) out += ','
          write(object[i], depth + 1)
        }
        out += ']'
        return
      }
      const proto: unknown = Object.getPrototypeOf(object)
      if (proto !== Object.prototype && proto !== null) {
        const name = (proto as { readonly constructor?: { readonly name?: unknown } }).constructor?.name
        out += typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
        if (object instanceof Error) out += ` (${truncateText(String(object.message), budget)})`
        return
      }
      out += '{'
      let first = true
      for (const key of Object.keys(object)) {
        if (out.length > budget) break
        if (!first) out += ','
        first = false
        out += JSON.stringify(key.length > budget ? key.slice(0, budget) : key) + ':'
        write((object as Record<string, unknown>)[key], depth + 1)
      }
      out += '}'
    } catch {
      out += '[unreadable]'
    } finally {
      ancestors.delete(object)
    }
  }
  write(root, 0)
  return out
}
