/**
 * Values a JavaScript caller can pass where a store or a command handler expects data: every kind of wrong
 * type, and objects built to hurt (cycles, getters and proxies that throw, 100k-deep nesting, megabyte strings,
 * a `toString` that is not a function). Shared by the fuzz suites, and for an adapter's or a service's own.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'

const throwingGetter = (): object =>
  Object.defineProperty({}, 'type', {
    enumerable: true,
    get: () => {
      throw new Error('getter exploded')
    },
  })

const throwingProxy = (): object =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('proxy get trap exploded')
      },
      has: () => {
        throw new Error('proxy has trap exploded')
      },
      ownKeys: () => {
        throw new Error('proxy ownKeys trap exploded')
      },
      getPrototypeOf: () => {
        throw new Error('proxy getPrototypeOf trap exploded')
      },
      getOwnPropertyDescriptor: () => {
        throw new Error('proxy descriptor trap exploded')
      },
    },
  )

const revokedProxy = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

const cyclic = (): object => {
  const a: Record<string, unknown> = { type: 'ProbeRecorded' }
  a['self'] = a
  a['data'] = { back: a, list: [a] }
  return a
}

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = { deeper: value }
  return value
}

const deepArray = (levels: number): unknown => {
  let value: unknown = []
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

/** A getter that answers differently each time: a codec must never see two versions of one input. */
const shapeShifter = (): object => {
  let reads = 0
  return Object.defineProperty({}, 'id', {
    enumerable: true,
    get: () => (++reads % 2 === 0 ? { not: 'a string' } : 'actor-1'),
  })
}

/** Built once: the big ones are costly to make, and the suites only read them. */
const BUILT_ONCE: ReadonlyArray<readonly [string, unknown]> = [
  ['an object 100 000 levels deep', deep(100_000)],
  ['an array 100 000 levels deep', deepArray(100_000)],
  ['a 1 MiB string', 'x'.repeat(1_048_576)],
  ['a 140 KB e-mail-like string', `${'a'.repeat(70_000)}@${'b'.repeat(70_000)}.com`],
  ['a sparse array of length 1e9', new Array(1_000_000_000)],
]

const MADE_PER_DRAW: ReadonlyArray<readonly [string, () => unknown]> = [
  ['a throwing getter', throwingGetter],
  ['a proxy whose traps throw', throwingProxy],
  ['a revoked proxy', revokedProxy],
  ['a cyclic object', cyclic],
  ['a getter that changes its answer', shapeShifter],
  ['{ toString: 1 }', () => ({ toString: 1 })],
  ['{ type: { toString: 1 } }', () => ({ type: { toString: 1 } })],
  ['an object whose toString and valueOf return objects', () => ({ valueOf: () => ({}), toString: () => ({}) })],
  ['an object without prototype', () => Object.create(null) as object],
  ['an invalid Date', () => new Date(Number.NaN)],
  ['a Map', () => new Map([['a', 1]])],
  ['a Set', () => new Set([1])],
  ['an Error', () => new Error('an error object')],
  ['a symbol', () => Symbol('s')],
  ['a function', () => () => 'a function'],
  ['a huge bigint', () => 123456789012345678901234567890n],
  ['-1n', () => -1n],
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-0', () => -0],
  ['an empty string', () => ''],
  ['a blank string', () => ' '],
  ['a NUL character', () => '\u0000'],
  ['a lone surrogate', () => '\ud800'],
  ['the string __proto__', () => '__proto__'],
  ['a parsed __proto__ key', () => JSON.parse('{"__proto__": {"polluted": true}, "type": "x"}') as unknown],
  ['a Uint8Array', () => new Uint8Array(4)],
  ['a Promise', () => Promise.resolve(1)],
]

/**
 * A hostile value not yet made: fast-check only ever handles this box (a proxy or a cycle would trip its own
 * machinery), and {@link materialize} makes the value when the call is run.
 *
 * @category model
 * @since 0.2.0
 */
export class Hostile {
  constructor(
    readonly what: string,
    readonly make: () => unknown,
  ) {}
  toString(): string {
    return `Hostile(${this.what})`
  }
}

/**
 * Any JavaScript value, weighted towards the hostile ones, as {@link Hostile} boxes and plain values; run
 * {@link materialize} on what the arbitrary gives before using it.
 *
 * @category arbitraries
 * @since 0.2.0
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.constantFrom(...BUILT_ONCE).map(([what, value]) => new Hostile(what, () => value)),
  fc.constantFrom(...MADE_PER_DRAW).map(([what, make]) => new Hostile(what, make)),
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
    maxDepth: 3,
  }),
)

/**
 * Makes the hostile values boxed inside a drawn value (in plain objects and arrays), leaving the rest as drawn.
 *
 * @category utils
 * @since 0.2.0
 */
export const materialize = (value: unknown): unknown => {
  if (value instanceof Hostile) return value.make()
  if (Array.isArray(value)) return value.map(materialize)
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: materialize((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}

/**
 * Sets `path` inside a copy of `value` to `replacement`, creating objects on the way.
 *
 * @category utils
 * @since 0.2.0
 */
export const replaceAt = (value: unknown, path: ReadonlyArray<string>, replacement: unknown): unknown => {
  const [head, ...rest] = path
  if (head === undefined) return replacement
  const base = typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {}
  base[head] = replaceAt(base[head], rest, replacement)
  return base
}
