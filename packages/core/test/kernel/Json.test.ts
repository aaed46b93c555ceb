import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, duplicateJsonKey, findNonJson, toJson, unknownMember, type JsonValue } from '../../src/index'

// JSON values as JSON.parse returns them: no -0 (it prints as 0), no undefined, plain objects.
const jsonValue: fc.Arbitrary<JsonValue> = fc
  .jsonValue({ noUnicodeString: false })
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue)

const shuffleKeys = (value: JsonValue, seed: number): JsonValue => {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i))
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  const rotated =
    entries.length === 0
      ? entries
      : [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)]
  return Object.fromEntries(rotated.reverse().map(([k, v], i) => [k, shuffleKeys(v, seed + i)]))
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    )
  })

  it('sorts keys by UTF-16 code unit, not by locale', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"Z":3,"a":4,"z":2,"é":1}')
  })

  it('writes bigints as decimal strings', () => {
    expect(canonicalJson({ amount: 12_500_000_000_000_000_000n, negative: -5n })).toBe(
      '{"amount":"12500000000000000000","negative":"-5"}',
    )
  })

  it('escapes quotes, backslashes and control characters as JSON does, and keeps unicode as is', () => {
    expect(canonicalJson('say "hi" \\ \n\t\u0001 ☕ 🧵')).toBe('"say \\"hi\\" \\\\ \\n\\t\\u0001 ☕ 🧵"')
    expect(canonicalJson({ 'k"ey\\': 1 })).toBe('{"k\\"ey\\\\":1}')
  })

  it('leaves out undefined properties and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: 1, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}')
  })

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError)
    expect(() => canonicalJson({ n: Infinity })).toThrow(TypeError)
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError)
  })

  it('parses back to the same value for any JSON value', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(value)
      }),
    )
  })

  it('gives the same text whatever the order of the keys', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value))
      }),
    )
  })

  it('agrees with JSON.stringify on key-sorted values', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const sorted = (v: JsonValue): JsonValue =>
          Array.isArray(v)
            ? v.map(sorted)
            : v !== null && typeof v === 'object'
              ? Object.fromEntries(
                  Object.keys(v)
                    .sort()
                    .map((k) => [k, sorted((v as Record<string, JsonValue>)[k]!)]),
                )
              : v
        expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)))
      }),
    )
  })
})

describe('findNonJson', () => {
  it('accepts plain JSON and names the path of the first value that is not', () => {
    expect(findNonJson({ a: [1, 'x', null, { b: true }] })).toBeUndefined()
    expect(findNonJson({ a: [1, { b: 2n }] })).toMatch(/^\$\.a\[1\]\.b is a bigint/)
    expect(findNonJson({ when: new Date(0) })).toMatch(/^\$\.when is a Date/)
    expect(findNonJson({ n: Number.NaN })).toMatch(/^\$\.n is the number NaN/)
  })

  it('answers a value that contains itself or is nested 100,000 deep instead of exhausting the stack', () => {
    const cyclic: Record<string, unknown> = { id: 'x' }
    cyclic['actor'] = cyclic
    expect(findNonJson({ data: cyclic })).toMatch(/nested deeper than 1000 levels \(or contains itself\)/)
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(findNonJson(deep)).toMatch(/^\$(\[0\])+ is nested deeper than 1000 levels/)
    let fine: unknown = 1
    for (let i = 0; i < 999; i++) fine = { a: fine }
    expect(findNonJson(fine)).toBeUndefined()
  })
})

describe('toJson', () => {
  it('never throws on objects a proxy will not let be read, revoked proxies or values nested 100,000 deep', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you')
        },
      },
    )
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    let deep: Record<string, unknown> = {}
    const root = deep
    for (let i = 0; i < 100_000; i++) {
      const next = {}
      deep['a'] = next
      deep = next
    }
    expect(toJson({ hostile, ok: 1 })).toEqual({ hostile: null, ok: 1 })
    expect(toJson([revoked.proxy])).toEqual([null])
    const text = JSON.stringify(toJson(root))
    expect(text).toContain('"[too deep]"')
    expect(text.split('{').length - 1).toBe(256)
  })

  it('gives bigints as decimal strings, Maps as [key, value] pairs, Sets as arrays and Dates as instants', () => {
    const value = {
      amount: 24_300_000_000n,
      batches: new Map([['b1', { held: true, participants: new Set(['p1', 'p2']) }]]),
      at: new Date('2020-11-30T00:00:00.000Z'),
      missing: undefined,
      callback: () => 1,
    }
    expect(JSON.stringify(toJson(value))).toBe(
      '{"amount":"24300000000","batches":[["b1",{"held":true,"participants":["p1","p2"]}]],"at":"2020-11-30T00:00:00.000Z"}',
    )
  })

  it('never throws: cycles, throwing getters, non-finite numbers and errors all have a JSON form', () => {
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic['self'] = cyclic
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('getter')
      },
    })
    expect(toJson(cyclic)).toEqual({ name: 'a', self: '[circular]' })
    expect(toJson(hostile)).toEqual({ boom: null })
    expect(toJson([Number.NaN, Infinity, 1])).toEqual([null, null, 1])
    expect(toJson(new RangeError('too deep'))).toEqual({ name: 'RangeError', message: 'too deep' })
    expect(toJson(Symbol('s'))).toBeNull()
  })

  it('shares a sub-value met twice without calling it circular', () => {
    const shared = { n: 1n }
    expect(toJson({ a: shared, b: shared })).toEqual({ a: { n: '1' }, b: { n: '1' } })
  })
})

describe('duplicateJsonKey', () => {
  it('finds a name given twice in one object, at any depth, and nothing in texts without one', () => {
    expect(duplicateJsonKey('{"a":1,"a":2}')).toBe('a')
    expect(duplicateJsonKey('{"x":{"b":[1,{"c":1, "c" :2}]}}')).toBe('c')
    expect(duplicateJsonKey('{"\\u0061":1,"a":2}')).toBe('a')
    expect(duplicateJsonKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeUndefined()
    expect(duplicateJsonKey('{"a":"a:","b":"\\"a\\":"}')).toBeUndefined()
    expect(duplicateJsonKey('["a","a"]')).toBeUndefined()
    expect(duplicateJsonKey('['.repeat(100_000) + ']'.repeat(100_000))).toBeUndefined()
  })
})

describe('unknownMember', () => {
  it('names the first member the known form lacks, by path', () => {
    expect(unknownMember({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 } })).toBe('$.b.d')
    expect(unknownMember({ a: [{ x: 1, y: 2 }] }, { a: [{ x: 1 }] })).toBe('$.a[0].y')
    expect(unknownMember({ a: 1 }, { a: 1, b: 2 })).toBeUndefined()
  })
})
