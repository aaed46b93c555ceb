import { createRequire } from 'node:module'
import { requirePostgres } from '@ikm-ledger/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { joinedTexts, splitTexts, textArray } from '../src/internal/Params'
import { adminPool } from './support/Postgres'

const reachable = await requirePostgres('array parameters')

// Strings that stress the literal: quotes, backslashes, the array syntax itself, the word NULL, control
// characters, lone and paired surrogates, JSON with escapes in it, and random mixes of all of those.
const PIECES = [
  '"',
  '\\',
  '{',
  '}',
  ',',
  ' ',
  'NULL',
  'null',
  '\n',
  '\t',
  '\u0000'.slice(1),
  '\u0001',
  '\u001f',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '\u2028',
  '\u007f',
  '{"a":"b\\"c"}',
  'x',
]
const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x80000000
}
const hostileStrings = (count: number): Array<string> => {
  const random = seeded(20261203)
  const out: Array<string> = ['', ...PIECES]
  for (let i = 0; i < count; i++) {
    let text = ''
    const length = Math.floor(random() * 12)
    for (let j = 0; j < length; j++) text += PIECES[Math.floor(random() * PIECES.length)]
    out.push(text)
  }
  return out
}

describe('textArray', () => {
  it('writes the literal pg writes for the same strings', () => {
    // The driver's own serializer, which the store used to leave the arrays to.
    const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
      prepareValue: (v: unknown) => unknown
    }
    const plain = ['a', 'say "hi"', 'back\\slash', '{"k":"v\\"w"}', 'NULL', '', '{,}', '\n', 'line\nbreak', '😀']
    expect(textArray(plain)).toBe(prepareValue(plain))
    for (const value of hostileStrings(200)) expect(textArray([value])).toBe(prepareValue([value]))
    expect(textArray([])).toBe('{}')
  })
})

describe('joinedTexts', () => {
  it('puts U+001F before each string and refuses a list it could not send joined, naming the element', () => {
    expect(joinedTexts(['a', '{"b":"c"}', ''])).toBe('\u001fa\u001f{"b":"c"}\u001f')
    expect(() => joinedTexts(['a', 'b\u001fc'])).toThrow('element 1 contains U+001F')
  })
})

describe.runIf(reachable)('textArray on the server', () => {
  const admin = adminPool(1)
  afterAll(async () => {
    await admin.end()
  })

  it('comes back from PostgreSQL as exactly the strings given, for hostile text too', async () => {
    // PostgreSQL text cannot hold U+0000 (so the pieces leave it out); lone surrogates reach the server as U+FFFD,
    // the same for any client, so they are compared after the same replacement.
    const values = hostileStrings(400)
    const { rows } = await admin.query<{ value: string }>(
      'SELECT value FROM unnest($1::text[]) WITH ORDINALITY AS u(value, n) ORDER BY n',
      [textArray(values)],
    )
    const sent = values.map((v) => Buffer.from(v, 'utf8').toString('utf8'))
    expect(rows.map((r) => r.value)).toEqual(sent)
  })

  it('splits joined texts back into exactly the strings given, empty ones and one alone included', async () => {
    const values = hostileStrings(400).filter((v) => !v.includes('\u001f'))
    for (const list of [values, [], [''], ['only'], ['', ''], ['{"a":"\\u001f"}', 'x']]) {
      const { rows } = await admin.query<{ value: string }>(
        `SELECT value FROM unnest(${splitTexts('$1')}) WITH ORDINALITY AS u(value, n) ORDER BY n`,
        [joinedTexts(list)],
      )
      expect(rows.map((r) => r.value)).toEqual(list.map((v) => Buffer.from(v, 'utf8').toString('utf8')))
    }
  })
})
