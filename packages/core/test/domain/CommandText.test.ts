import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, sequentialIds, steppingClock } from '../../src'
import { decodeGroupCommand, decodeProgramCommand, ikmCommandHandler } from '../../src/domain'
import { regionRef } from '../../src/domain/values/Region'
import { ctx, PROGRAM_ID, register } from './program/fixtures'
import { newsContext } from './support/fixtures'

// A RegisterProgram as JSON, with one string replaced by `edit`.
const registration = (): Record<string, unknown> => JSON.parse(JSON.stringify(register({}, ctx('2020-01-10'))))

type Edit = (command: Record<string, any>, text: string) => void // eslint-disable-line @typescript-eslint/no-explicit-any

const fields: ReadonlyArray<readonly [string, Edit]> = [
  ['data.title', (c, s) => (c.data.title = `Bim${s}tek`)],
  ['data.executingOrg.orgId', (c, s) => (c.data.executingOrg.orgId = `org${s}x`)],
  ['data.executingOrg.nameAtEvent', (c, s) => (c.data.executingOrg.nameAtEvent = `Dis${s}perin`)],
  ['data.regions.0.nameAtEvent', (c, s) => (c.data.regions[0].nameAtEvent = `Kal${s}sel`)],
  ['context.correlationId', (c, s) => (c.context.correlationId = `cor${s}`)],
  ['context.actor.id', (c, s) => (c.context.actor.id = `usr${s}`)],
  ['context.evidence.refs.0.number', (c, s) => (c.context.evidence.refs[0].number = `SKK${s}1`)],
]

// What each refused character is called, and where it sits (index 3 after a three-letter prefix).
const refused: ReadonlyArray<readonly [string, string, string]> = [
  ['NUL', '\u0000', 'U+0000 (a control character)'],
  ['BEL', '\u0007', 'U+0007 (a control character)'],
  ['a tab', '\t', 'U+0009 (a control character)'],
  ['a line feed', '\n', 'U+000A (a control character)'],
  ['a carriage return', '\r', 'U+000D (a control character)'],
  ['DEL', '\u007f', 'U+007F (a control character)'],
  ['the C1 control NEL', '\u0085', 'U+0085 (a control character)'],
  ['a lone high surrogate', '\uD800', 'U+D800 (a lone high surrogate, not a character)'],
  ['a lone low surrogate', '\uDC00', 'U+DC00 (a lone low surrogate, not a character)'],
  ['a right-to-left override', '\u202E', 'U+202E (a bidirectional formatting character)'],
  ['a first-strong isolate', '\u2068', 'U+2068 (a bidirectional formatting character)'],
  ['a zero-width space', '\u200B', 'U+200B (an invisible zero-width character)'],
  ['a byte order mark', '\uFEFF', 'U+FEFF (an invisible zero-width character)'],
  ['a line separator', '\u2028', 'U+2028 (a line or paragraph separator)'],
]

const cases = fields.flatMap(([path, edit]) =>
  refused.map(([name, text, said]) => [path, name, edit, text, said] as const),
)

describe('text in a command', () => {
  it.each(cases)(
    '%s holding %s is refused, naming the field, the code point and its index',
    (path, _name, edit, text, said) => {
      const command = registration()
      edit(command, text)
      const decoded = decodeProgramCommand(command)
      expect(decoded).toMatchObject({ left: { _tag: 'InvalidCommand', command: 'RegisterProgram' } })
      const message = E.isLeft(decoded) ? decoded.left.message : ''
      expect(message).toContain(`RegisterProgram has ${path} with ${said} at index 3 (counting from 0)`)
      // The message names the character; it never carries it.
      expect(message).not.toContain(text)
    },
  )

  it('accepts what real text holds: letters of any script, combining marks, emoji with joiners, surrogate pairs', () => {
    for (const title of ['Bimtek Produksi APD', '🏭 Bi\u0301mtek ٣', 'Pelatihan 👩‍🔧 teknisi', 'Sentra 𝔏𝔈𝔇', 'كرجين']) {
      const command = registration()
      ;(command['data'] as Record<string, unknown>)['title'] = title
      expect(E.isRight(decodeProgramCommand(command))).toBe(true)
    }
  })

  it('holds for every aggregate: a group name with NUL is refused like a program title', () => {
    const decoded = decodeGroupCommand({
      type: 'FormGroup',
      data: { groupId: 'kub-1', kind: 'KUB', name: 'KUB\u0000Maju', region: regionRef('16.06') },
      context: newsContext(),
    })
    expect(E.isLeft(decoded) && decoded.left.message).toContain(
      'data.name with U+0000 (a control character) at index 3',
    )
  })

  it('is refused by ikmCommandHandler before anything is written', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
    const handle = ikmCommandHandler({ store, ids: sequentialIds() })
    const command = registration()
    ;(command['data'] as Record<string, Record<string, unknown>>)['executingOrg']!['orgId'] = '\uD800'
    const result = await handle(`program-${PROGRAM_ID}`, command)()
    expect(result).toMatchObject({ left: { _tag: 'CommandRejected', rejection: { _tag: 'InvalidCommand' } } })
    expect(await store.headPosition()()).toEqual(E.right(0n))
  })

  it('echoes an unknown command type or field escaped, so no line break or override reaches a message', () => {
    const unknownType = decodeProgramCommand({ ...registration(), type: 'Drop\nTables\u202e' })
    expect(unknownType).toMatchObject({ left: { command: 'Drop\\u000aTables\\u202e' } })
    const command = registration()
    ;(command['data'] as Record<string, unknown>)['x\ny'] = 1
    const unknownField = decodeProgramCommand(command)
    const message = E.isLeft(unknownField) ? unknownField.left.message : ''
    expect(message).toContain('a field data.x\\u000ay that RegisterProgram does not know')
    for (const text of [E.isLeft(unknownType) ? unknownType.left.message : '', message]) {
      expect(text).not.toContain('\n')
      expect(text).not.toContain('\u202e')
    }
  })
})
