/**
 * Input a caller hands over, seen safely: any JavaScript value (a proxy, a throwing getter, a cyclic or 100k-deep
 * object, a 1 MB string) can be described in a message of bounded length without running into it.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import type { InputLimits } from './Limits'

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
 * Runs a view of a failure (its message, status or problem document) that a JavaScript caller may have passed
 * anything to: `fallback` answers for a value without a string `_tag`, for a tag the view does not know (it gives
 * `undefined`) and for a value whose fields throw when read. Internal to core (the failure helpers use it).
 */
export const viewOfFailure = <A>(failure: unknown, view: () => A | undefined, fallback: () => A): A => {
  try {
    const tag = typeof failure === 'object' && failure !== null ? (failure as { _tag?: unknown })._tag : undefined
    return (typeof tag === 'string' ? view() : undefined) ?? fallback()
  } catch {
    return fallback()
  }
}

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

/**
 * The indefinite article of a class name as it is read aloud: "an Error", "an Object", "a Uint8Array", "a URL".
 */
const articleFor = (name: string): string =>
  /^[aeio]/i.test(name) || (/^u/i.test(name) && !/^u(ni|int|rl|se|s[^a-z]|ri)/i.test(name)) ? 'an' : 'a'

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
        out += typeof name === 'string' && name !== '' ? `${articleFor(name)} ${name}` : 'an object'
        if (object instanceof Error) out += `: ${truncateText(String(object.message), budget)}`
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

// -------------------------------------------------------------------------------------
// copying input under limits
// -------------------------------------------------------------------------------------

/**
 * UTF-8 length of a string, counted without encoding it; -1 when the string is not text every store and read
 * model can keep: it holds U+0000 (PostgreSQL's text and jsonb refuse it) or a lone surrogate (no Unicode text;
 * jsonb refuses it too, and UTF-8 cannot carry it).
 */
// eslint-disable-next-line no-control-regex -- ASCII without NUL, control characters included
const ASCII = /^[\u0001-\u007f]*$/

const utf8Length = (text: string): number => {
  // Nearly all text is ASCII, one byte a character. A short text (keys, ids, codes) is scanned here, which is
  // cheaper than calling into the regular expression engine; a long one is scanned by it.
  if (text.length <= 32) {
    let i = 0
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === 0 || code >= 0x80) break
      i++
    }
    if (i === text.length) return text.length
  } else if (ASCII.test(text)) return text.length
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      if (code === 0) return -1
    } else if (code < 0x800) bytes += 1
    else if (code < 0xd800 || code > 0xdfff) bytes += 2
    else {
      // A high surrogate followed by a low one is one character of four bytes; any other surrogate is alone.
      const next = code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (next < 0xdc00 || next > 0xdfff) return -1
      bytes += 2
      i++
    }
  }
  return bytes
}

/** What makes a string {@link utf8Length} refuses unfit, and where. */
const unfitText = (text: string): string => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0) return `U+0000 (NUL) at index ${i}`
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      return `a lone surrogate U+${code.toString(16).toUpperCase()} at index ${i}`
    }
  }
  return 'a character no store can keep'
}

const UNFIT_TEXT =
  'stored text must be well-formed Unicode without NUL, which every store and read model (PostgreSQL jsonb ' +
  'included) keeps unchanged'

/** How many of a value's ancestors the copy compares one by one before it looks the rest up in a set. */
const SCANNED_ANCESTORS = 32

/** Why a value cannot be copied, with the limit it broke when one did. */
class Refused {
  constructor(readonly problem: string) {}
}

/**
 * The place `steps` lead to from `root`, as messages show it (`event.data.items[2].name`): a deep one keeps its
 * start and its end.
 */
const shownPlace = (root: string, steps: ReadonlyArray<string | number>, last?: string | number): string => {
  let path = root
  const step = (at: string | number) => {
    path += typeof at === 'number' ? `[${at}]` : `.${truncateText(at)}`
  }
  for (const at of steps) step(at)
  if (last !== undefined) step(last)
  return path.length <= 240 ? path : `${path.slice(0, 120)}…${path.slice(-120)}`
}

const describeReadFailure = (cause: unknown): string =>
  cause instanceof Error ? truncateText(String(cause.message)) : showInput(cause)

/**
 * A copy of a caller's value made of plain objects and arrays only, checked against `limits` on the way: no
 * string longer than `maxStringLength`, no nesting deeper than `maxDepth`, no array or object with more than
 * `maxArrayLength` entries, no more than `maxPayloadBytes` as JSON text, no cycle, no object that is not plain
 * (a `Date`, a `Map`, a class instance), and nothing that throws when read (a getter, a proxy). Primitive leaves
 * (including `bigint`, `undefined`, functions and symbols) are kept as they are, for the codecs to judge.
 *
 * Decoding the copy instead of the original means a codec never runs a caller's getter, never recurses into a
 * cycle or a 100k-deep value, and sees the same value every time it looks. The walk stops as soon as a limit is
 * passed, so a huge input costs no more than the limit. Never throws.
 *
 * @example
 * snapshotInput({ a: [1, 2] }, DEFAULT_INPUT_LIMITS) // Right({ a: [1, 2] })
 *
 * @category utils
 * @since 0.2.0
 */
export const snapshotInput = (value: unknown, limits: InputLimits, root = '$'): E.Either<string, unknown> => {
  const { maxPayloadBytes, maxStringLength, maxDepth, maxArrayLength } = limits
  let bytes = 0
  // Every append copies its events here, so the walk allocates nothing but the copy: the objects from the root
  // down to the one being copied (a cycle is one met again among them) and the key or index of each step below
  // the root (a refusal names its place from them; nothing is written out for valid input).
  const ancestors: Array<object> = []
  // Past a depth of SCANNED_ANCESTORS the deeper ones are also kept in a set, so that a value nested as deep as
  // the limits allow (up to 1000 levels) costs one lookup per object, not a scan of its whole path.
  const deepAncestors = new Set<object>()
  const isAncestor = (item: object): boolean => {
    const scanned = Math.min(ancestors.length, SCANNED_ANCESTORS)
    for (let i = 0; i < scanned; i++) if (ancestors[i] === item) return true
    return ancestors.length > SCANNED_ANCESTORS && deepAncestors.has(item)
  }
  const steps: Array<string | number> = []
  const here = (last?: string | number) => shownPlace(root, steps, last)
  const overBudget = (last?: string | number) =>
    new Refused(
      `${root} is larger than ${maxPayloadBytes} bytes as JSON (limits.maxPayloadBytes), passed at ${here(last)}`,
    )
  const unreadable = (cause: unknown, last?: string | number) =>
    new Refused(`${here(last)} could not be read: ${describeReadFailure(cause)}`)
  const copy = (item: unknown): unknown => {
    switch (typeof item) {
      case 'string':
        if (item.length > maxStringLength) {
          throw new Refused(
            `${here()} is a string of ${item.length} characters, longer than the limit of ` +
              `${maxStringLength} (limits.maxStringLength)`,
          )
        }
        {
          const length = utf8Length(item)
          if (length < 0) throw new Refused(`${here()} is a string holding ${unfitText(item)}: ${UNFIT_TEXT}`)
          bytes += length + 2
        }
        if (bytes > maxPayloadBytes) throw overBudget()
        return item
      case 'number':
      case 'boolean':
      case 'bigint':
        bytes += 8
        if (bytes > maxPayloadBytes) throw overBudget()
        return item
      case 'object':
        break
      default:
        bytes += 4
        if (bytes > maxPayloadBytes) throw overBudget()
        return item
    }
    if (item === null) {
      bytes += 4
      if (bytes > maxPayloadBytes) throw overBudget()
      return item
    }
    if (steps.length >= maxDepth) {
      throw new Refused(`${here()} nests deeper than ${maxDepth} levels (limits.maxDepth)`)
    }
    if (isAncestor(item)) throw new Refused(`${here()} refers to an object that contains it (a cycle)`)
    let isArray: boolean
    let proto: unknown
    try {
      isArray = Array.isArray(item)
      proto = isArray ? Array.prototype : Object.getPrototypeOf(item)
    } catch (cause) {
      throw unreadable(cause)
    }
    ancestors.push(item)
    if (ancestors.length > SCANNED_ANCESTORS) deepAncestors.add(item)
    try {
      if (isArray) {
        const array = item as ReadonlyArray<unknown>
        let length: number
        try {
          length = array.length
        } catch (cause) {
          throw unreadable(cause)
        }
        if (length > maxArrayLength) {
          throw new Refused(
            `${here()} has ${length} items, more than the limit of ${maxArrayLength} (limits.maxArrayLength)`,
          )
        }
        bytes += 2 + length
        if (bytes > maxPayloadBytes) throw overBudget()
        const out: Array<unknown> = new Array(length)
        for (let i = 0; i < length; i++) {
          let element: unknown
          try {
            element = array[i]
          } catch (cause) {
            throw unreadable(cause, i)
          }
          steps.push(i)
          out[i] = copy(element)
          steps.pop()
        }
        return out
      }
      if (proto !== Object.prototype && proto !== null) {
        throw new Refused(`${here()} is ${showInput(item)}, not plain data (an object or an array)`)
      }
      let keys: ReadonlyArray<string>
      try {
        keys = Object.keys(item)
      } catch (cause) {
        throw unreadable(cause)
      }
      if (keys.length > maxArrayLength) {
        throw new Refused(
          `${here()} has ${keys.length} entries, more than the limit of ${maxArrayLength} (limits.maxArrayLength)`,
        )
      }
      bytes += 2 + keys.length
      if (bytes > maxPayloadBytes) throw overBudget()
      const out: Record<string, unknown> = {}
      for (const key of keys) {
        if (key.length > maxStringLength) {
          throw new Refused(
            `${here(key)} has a key of ${key.length} characters, longer than the limit of ${maxStringLength} ` +
              '(limits.maxStringLength)',
          )
        }
        const keyLength = utf8Length(key)
        if (keyLength < 0) {
          throw new Refused(`${here()} has a key holding ${unfitText(key)}: ${UNFIT_TEXT}`)
        }
        bytes += keyLength + 3
        if (bytes > maxPayloadBytes) throw overBudget(key)
        let entry: unknown
        try {
          entry = (item as Record<string, unknown>)[key]
        } catch (cause) {
          throw unreadable(cause, key)
        }
        steps.push(key)
        const copied = copy(entry)
        steps.pop()
        // A key that `Object.prototype` has (`__proto__`, `toString`, or one a polluted prototype gained, maybe with a
        // setter) is defined as a property, so it stays data instead of changing the copy or calling a setter.
        if (key in Object.prototype) {
          Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true })
        } else {
          out[key] = copied
        }
      }
      return out
    } finally {
      if (ancestors.length > SCANNED_ANCESTORS) deepAncestors.delete(item)
      ancestors.pop()
    }
  }
  try {
    return E.right(copy(value))
  } catch (cause) {
    if (cause instanceof Refused) return E.left(cause.problem)
    // Only the engine itself can get here (out of memory, a stack overflow below the configured depth).
    return E.left(`${root} could not be read: ${describeReadFailure(cause)}`)
  }
}

/**
 * The named fields of a caller's options object, each read exactly once, so the rest of a constructor works on
 * plain values: left out (`undefined`) the options are `{}`; anything else must be an object (not an array), and a
 * field that throws when read (a getter, a proxy's trap) is a `Left` naming it, never an exception. Fields not
 * named are never read. `required` options may not be left out. Never throws.
 *
 * @example
 * readOptions({ path: 'a.sqlite' }, ['path', 'clock']) // Right({ path: 'a.sqlite', clock: undefined })
 *
 * @category utils
 * @since 0.2.0
 */
export const readOptions = <K extends string>(
  options: unknown,
  keys: ReadonlyArray<K>,
  what = 'the options',
  required = false,
): E.Either<string, Partial<Record<K, unknown>>> => {
  if (options === undefined && !required) return E.right({})
  if (!isOptionsObject(options)) {
    return E.left(`${what} must be an object${required ? '' : ' or left out'}, got ${showInput(options)}`)
  }
  const out: Partial<Record<K, unknown>> = {}
  for (const key of keys) {
    try {
      out[key] = (options as Record<string, unknown>)[key]
    } catch (cause) {
      return E.left(`${what}: ${key} could not be read (${describeReadFailure(cause)})`)
    }
  }
  return E.right(out)
}

/**
 * What is wrong with a value a caller passed as an object with `methods` (an event store, a projection store),
 * in plain words, or `undefined` when each method is a function: `null`, a primitive, a missing method and a getter
 * that throws are named, never an engine's `TypeError`. Never throws.
 *
 * @example
 * methodsProblem(null, 'the store', ['readAll']) // 'the store must be an object with readAll(), got null'
 *
 * @category utils
 * @since 0.2.0
 */
export const methodsProblem = (value: unknown, what: string, methods: ReadonlyArray<string>): string | undefined => {
  const wanted = `an object with ${methods.map((m) => `${m}()`).join(', ')}`
  if (!isOptionsObject(value) && typeof value !== 'function')
    return `${what} must be ${wanted}, got ${showInput(value)}`
  for (const method of methods) {
    let found: unknown
    try {
      found = (value as Record<string, unknown>)[method]
    } catch (cause) {
      return `${what}: ${method} could not be read (${describeReadFailure(cause)})`
    }
    if (typeof found !== 'function') return `${what} must be ${wanted}; its ${method} is ${showInput(found)}`
  }
  return undefined
}

/**
 * Tells whether a value can serve as an options object: a non-null object that is not an array. Never throws
 * (a revoked proxy is not one).
 *
 * @category utils
 * @since 0.2.0
 */
export const isOptionsObject = (value: unknown): value is object => {
  try {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}
