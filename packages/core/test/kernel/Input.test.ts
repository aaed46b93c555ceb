import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  commandHandler,
  createInMemoryEventStore,
  DEFAULT_INPUT_LIMITS,
  inputLimits,
  showInput,
  snapshotInput,
  storeErrorMessage,
  truncateText,
} from '../../src/index'
import { counter, counterEvents, counterMetadata } from './counter'
import { leftOf } from './fixtures'

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = { deeper: value }
  return value
}

const hostile = (): ReadonlyArray<unknown> => {
  const cyclic: Record<string, unknown> = {}
  cyclic['self'] = cyclic
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return [
    proxy,
    new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap')
        },
        ownKeys: () => {
          throw new Error('trap')
        },
      },
    ),
    Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('getter')
      },
    }),
    cyclic,
    deep(100_000),
    new Array(1_000_000).fill(1),
    { ['k'.repeat(1_048_576)]: 1 },
    Object.defineProperty(new Error('e'), 'message', {
      get: () => {
        throw new Error('no message')
      },
    }),
    { toString: 1 },
  ]
}

describe('Input', () => {
  describe('showInput', () => {
    it('never throws, stays short and never says [object Object], whatever it is given', () => {
      for (const value of hostile()) {
        const shown = showInput(value)
        expect(shown.length).toBeLessThanOrEqual(81)
        expect(shown).not.toContain('[object Object]')
      }
      fc.assert(
        fc.property(
          fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }),
          (value) => {
            const shown = showInput(value)
            return shown.length <= 120 && shown.length > 0 && !shown.includes('[object Object]')
          },
        ),
        { seed: 1202, numRuns: 2_000 },
      )
    })

    it('shows an error with its class, the right article and its message cut short', () => {
      expect(showInput(new Error('g'))).toBe('an Error: g')
      expect(showInput(new TypeError('not a function'))).toBe('a TypeError: not a function')
      expect(showInput(new RangeError('x'.repeat(500)))).toBe(`a RangeError: ${'x'.repeat(66)}…`)
      expect(showInput({ cause: new Error('inner') })).toBe('{"cause":an Error: inner}')
      expect(showInput(new Uint8Array(2))).toBe('a Uint8Array')
      expect(showInput(new URL('https://example.org'))).toBe('a URL')
      expect(showInput(new (class Ore {})())).toBe('an Ore')
    })

    it('cuts a long string and says how long it was', () => {
      const shown = showInput('x'.repeat(1_048_576))
      expect(shown).toBe(`"${'x'.repeat(80)}…" (1048576 characters)`)
      expect(truncateText('abc', 2)).toBe('ab… (3 characters)')
      expect(truncateText('abc', 3)).toBe('abc')
    })
  })

  describe('snapshotInput', () => {
    it('copies plain data so that it equals the input and shares no object with it', () => {
      const input = { a: [1, 'two', { three: null }], b: true }
      const copied = snapshotInput(input, DEFAULT_INPUT_LIMITS)
      expect(copied).toEqual(E.right(input))
      if (E.isRight(copied)) expect((copied.right as typeof input).a).not.toBe(input.a)
    })

    it('refuses cycles, throwing getters and proxies, and non-plain objects, naming the place', () => {
      const [revoked, trapping, getter, cyclic] = hostile()
      expect(snapshotInput({ a: { b: revoked } }, DEFAULT_INPUT_LIMITS)).toEqual(
        E.left(expect.stringContaining('$.a.b could not be read')),
      )
      expect(snapshotInput(trapping, DEFAULT_INPUT_LIMITS)).toEqual(
        E.left(expect.stringContaining('could not be read')),
      )
      expect(snapshotInput([getter], DEFAULT_INPUT_LIMITS)).toEqual(E.left('$[0].x could not be read: getter'))
      expect(snapshotInput(cyclic, DEFAULT_INPUT_LIMITS)).toEqual(E.left(expect.stringContaining('$.self refers to')))
      expect(snapshotInput({ when: new Date(0) }, DEFAULT_INPUT_LIMITS)).toEqual(
        E.left(expect.stringContaining('$.when is a Date, not plain data')),
      )
    })

    it('stops at each limit with an error naming it', () => {
      const limits = {
        ...DEFAULT_INPUT_LIMITS,
        maxDepth: 3,
        maxStringLength: 5,
        maxArrayLength: 2,
        maxPayloadBytes: 40,
      }
      expect(snapshotInput(deep(100_000), { ...limits, maxStringLength: 100 })).toEqual(
        E.left(expect.stringContaining('nests deeper than 3 levels (limits.maxDepth)')),
      )
      expect(snapshotInput({ s: 'longer' }, limits)).toEqual(E.left(expect.stringContaining('limits.maxStringLength')))
      expect(snapshotInput([1, 2, 3], limits)).toEqual(E.left(expect.stringContaining('limits.maxArrayLength')))
      expect(snapshotInput({ a: 1, b: 2, c: 3 }, limits)).toEqual(
        E.left(expect.stringContaining('limits.maxArrayLength')),
      )
      expect(
        snapshotInput(['abcde', 'abcde', ['abcde', 'abcde']], { ...limits, maxArrayLength: 5, maxPayloadBytes: 30 }),
      ).toEqual(E.left(expect.stringContaining('limits.maxPayloadBytes')))
      expect(snapshotInput(new Array(1_000_000_000), DEFAULT_INPUT_LIMITS)).toEqual(
        E.left(expect.stringContaining('has 1000000000 items')),
      )
    })

    it('tells a cycle from an object met twice, at any depth the limits allow', () => {
      const limits = { ...DEFAULT_INPUT_LIMITS, maxDepth: 1000 }
      // A chain 200 levels deep; `at(k)` is the object k levels below the root.
      const chain = (depth: number) => {
        const root: Record<string, unknown> = {}
        let at = root
        const levels = [root]
        for (let i = 1; i < depth; i++) {
          const next: Record<string, unknown> = {}
          at['n'] = next
          at = next
          levels.push(next)
        }
        return { root, at: (k: number) => levels[k]! }
      }
      for (const target of [0, 10, 31, 32, 33, 100, 198]) {
        const { root, at } = chain(200)
        at(199)['back'] = at(target)
        const refused = snapshotInput(root, limits)
        expect(E.isLeft(refused) && refused.left, `a cycle to level ${target}`).toMatch(
          /\.back refers to an object that contains it \(a cycle\)$/,
        )
      }
      // The same object below two siblings, 150 levels down each, is not a cycle.
      const shared = { leaf: true }
      const left = chain(150)
      const right = chain(150)
      left.at(149)['shared'] = shared
      right.at(149)['shared'] = shared
      const copied = snapshotInput({ left: left.root, right: right.root }, limits)
      expect(E.isRight(copied)).toBe(true)
    })

    it('keeps a __proto__ key as data instead of changing the copy’s prototype', () => {
      const copied = snapshotInput(JSON.parse('{"__proto__": {"polluted": true}}'), DEFAULT_INPUT_LIMITS)
      if (E.isLeft(copied)) throw new Error(copied.left)
      expect(Object.getPrototypeOf(copied.right)).toBe(Object.prototype)
      expect(Object.keys(copied.right as object)).toEqual(['__proto__'])
    })

    it('copies a key that a polluted Object.prototype has a setter for as data, without calling the setter', () => {
      const calls: Array<unknown> = []
      Object.defineProperty(Object.prototype, 'ikmPolluted', {
        set: (value: unknown) => calls.push(value),
        configurable: true,
      })
      try {
        const copied = snapshotInput(
          { ikmPolluted: 1, toString: 'x', nested: [{ ikmPolluted: 2 }] },
          DEFAULT_INPUT_LIMITS,
        )
        if (E.isLeft(copied)) throw new Error(copied.left)
        expect(calls).toEqual([])
        expect(JSON.stringify(copied.right)).toBe('{"ikmPolluted":1,"toString":"x","nested":[{"ikmPolluted":2}]}')
      } finally {
        delete (Object.prototype as Record<string, unknown>)['ikmPolluted']
      }
    })

    it('counts the payload budget in UTF-8 bytes, exactly at the limit, for ASCII and for wider text', () => {
      // A string costs its bytes plus its two quotes; 'é' is 2 bytes, '€' 3, '😀' 4 (a surrogate pair).
      for (const text of ['abcdef', 'é€😀', 'a\u0001\u007f', 'x\u0080\u07ff\u0800', 'y'.repeat(40) + '\u0001é']) {
        const bytes = Buffer.byteLength(text, 'utf8') + 2
        const at = (maxPayloadBytes: number) => snapshotInput(text, { ...DEFAULT_INPUT_LIMITS, maxPayloadBytes })
        expect(at(bytes)).toEqual(E.right(text))
        expect(at(bytes - 1)).toEqual(E.left(expect.stringContaining('limits.maxPayloadBytes')))
      }
    })

    it('refuses NUL and lone surrogates in strings and keys, naming the place and the character', () => {
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{ a: 'nul \u0000 inside' }, '$.a is a string holding U+0000 (NUL) at index 4'],
        [{ a: ['x'.repeat(40) + '\u0000'] }, '$.a[0] is a string holding U+0000 (NUL) at index 40'],
        [{ a: 'lone \ud800 end' }, '$.a is a string holding a lone surrogate U+D800 at index 5'],
        [{ a: 'end \udc00' }, '$.a is a string holding a lone surrogate U+DC00 at index 4'],
        [{ a: 'pair then lone 😀\ud83d' }, 'a lone surrogate U+D83D at index 17'],
        [{ ['k\u0000']: 1 }, '$ has a key holding U+0000 (NUL) at index 1'],
      ]
      for (const [value, message] of cases) {
        const result = snapshotInput(value, DEFAULT_INPUT_LIMITS)
        expect(result).toEqual(E.left(expect.stringContaining(message)))
        expect(E.isLeft(result) && result.left).toContain('well-formed Unicode without NUL')
      }
      expect(snapshotInput({ a: 'emoji 😀🇮🇩, \u0001 and \u2028 are text' }, DEFAULT_INPUT_LIMITS)._tag).toBe('Right')
    })

    it('names a deep place in a refusal by its keys and indexes', () => {
      const value = { a: [{ b: { c: 'x'.repeat(20) } }] }
      expect(snapshotInput(value, { ...DEFAULT_INPUT_LIMITS, maxStringLength: 10 }, 'event')).toEqual(
        E.left('event.a[0].b.c is a string of 20 characters, longer than the limit of 10 (limits.maxStringLength)'),
      )
    })
  })

  describe('inputLimits', () => {
    it('fills in the defaults and refuses a setting that is not a positive whole number, naming it', () => {
      expect(inputLimits({ maxDepth: 8 })).toEqual(E.right({ ...DEFAULT_INPUT_LIMITS, maxDepth: 8 }))
      expect(inputLimits(undefined)).toEqual(E.right(DEFAULT_INPUT_LIMITS))
      expect(inputLimits({ maxPayloadBytes: 0 })).toEqual(
        E.left('limits.maxPayloadBytes must be a positive whole number, got 0'),
      )
      expect(inputLimits({ maxDepth: 100_000 })).toEqual(E.left('limits.maxDepth must be at most 1000, got 100000'))
      expect(inputLimits(null)).toEqual(E.left('limits must be an object of limit settings, got null'))
    })

    it('a store configured with smaller limits refuses what passes them, naming the limit', async () => {
      const store = createInMemoryEventStore({ limits: { maxStringLength: 40 } })
      const event = {
        eventId: '0190f8a2-0000-7000-8000-000000000001',
        type: 'Probe',
        schemaVersion: 1,
        data: { note: 'more than forty characters, as this one is' },
        metadata: {
          occurredOn: '2025-01-01',
          actor: { id: 'a', role: 'r' },
          correlationId: 'c',
          evidence: { level: 'INFERRED', refs: [] },
          mode: 'OPERATIONAL',
        },
      }
      const error = await leftOf(store.append('probe-1', [event as never]))
      expect(storeErrorMessage(error)).toContain('event.data.note is a string of 42 characters')
      expect(storeErrorMessage(error)).toContain('limits.maxStringLength')
    })
  })

  describe('the command handler at the boundary', () => {
    it('reports a decider that throws as a value, not an exception', async () => {
      const store = createInMemoryEventStore()
      const handle = commandHandler({
        store,
        decider: {
          ...counter,
          decide: () => {
            throw new RangeError('decider bug')
          },
        },
        events: counterEvents,
        metadata: counterMetadata,
      })
      const failure = await leftOf(handle('counter-1', { kind: 'reset' }))
      expect(failure).toMatchObject({ _tag: 'StorageFailure', reason: 'decider bug' })
    })

    it('cuts a refused 1 MB stream id to a readable length', async () => {
      const store = createInMemoryEventStore()
      const id = `probe-${'x'.repeat(1_048_576)}`
      const error = await leftOf(store.streamRevision(id))
      expect(error._tag).toBe('InvalidStreamId')
      expect(storeErrorMessage(error).length).toBeLessThan(800)
      expect(storeErrorMessage(error)).toContain('(1048582 characters)')
    })
  })
})
