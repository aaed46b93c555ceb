import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  commandFailureMessage,
  commandFailureStatus,
  createInMemoryEventStore,
  sequentialIds,
  steppingClock,
  type CommandFailure,
} from '../../src'
import { ikmCommandHandler, type DomainError } from '../../src/domain'
import { approve, ctx, news, PROGRAM_ID, register } from './program/fixtures'

// Commands travel as JSON (an HTTP body, an import file): bigints and dates as strings, as the codecs expect.
const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const stream = `program-${PROGRAM_ID}`

const setup = (options: { onlyMode?: 'OPERATIONAL' | 'HISTORICAL_IMPORT' } = {}) => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
  return { store, handle: ikmCommandHandler({ store, ids: sequentialIds(), ...options }) }
}

const failureOf = (result: E.Either<CommandFailure<DomainError>, unknown>): CommandFailure<DomainError> => {
  if (E.isRight(result)) throw new Error('expected a failure')
  return result.left
}

describe('ikmCommandHandler', () => {
  it('routes a JSON command to its aggregate by the stream category, appends its events and returns the revision', async () => {
    const { store, handle } = setup()
    const registered = await handle(stream, asJson(register()))()
    expect(registered).toMatchObject({ right: { streamId: stream, nextExpectedRevision: 0n } })
    if (E.isLeft(registered)) throw new Error('registration failed')
    expect(registered.right.events.map((e) => e.type)).toEqual(['ProgramRegistered'])
    const approved = await handle(stream, asJson(approve()), { expectedRevision: 0n })()
    expect(approved).toMatchObject({ right: { nextExpectedRevision: 1n } })
    expect(await store.streamRevision(stream)()).toEqual(E.right(1n))
  })

  it('rejects a command whose pinned revision is stale, writing nothing', async () => {
    const { store, handle } = setup()
    await handle(stream, asJson(register()))()
    await handle(stream, asJson(approve()))()
    const stale = failureOf(await handle(stream, asJson({ ...approve(ctx('2020-01-16')) }), { expectedRevision: 0n })())
    expect(stale).toMatchObject({ _tag: 'WrongExpectedRevision', expected: 0n, actual: 1n })
    expect(await store.streamRevision(stream)()).toEqual(E.right(1n))
  })

  it('refuses an expected revision that is not one as a 400 InvalidAppend, not as a 409/412 conflict', async () => {
    const { store, handle } = setup()
    await handle(stream, asJson(register()))()
    for (const expectedRevision of ['0', 1, {}, -1n, null]) {
      const failure = failureOf(
        await handle(stream, asJson(approve()), { expectedRevision } as unknown as Parameters<typeof handle>[2])(),
      )
      expect(failure).toMatchObject({ _tag: 'InvalidAppend', code: 'STORE_INVALID_APPEND' })
      expect(commandFailureStatus(failure)).toBe(400)
    }
    expect(await store.streamRevision(stream)()).toEqual(E.right(0n))
  })

  it('names the field that failed to decode', async () => {
    const { handle } = setup()
    const bad = asJson(register()) as { data: Record<string, unknown> }
    bad.data['fiscalYear'] = 'twenty twenty'
    const failure = failureOf(await handle(stream, bad)())
    expect(failure).toMatchObject({ _tag: 'CommandRejected', rejection: { _tag: 'InvalidCommand' } })
    if (failure._tag !== 'CommandRejected') throw new Error('unexpected')
    expect(failure.rejection.message).toContain('fiscalYear')
  })

  it('refuses a stream whose category holds no IKM aggregate, before any I/O', async () => {
    const { store, handle } = setup()
    const failure = failureOf(await handle('agreement-p1', asJson(register()))())
    expect(failure).toMatchObject({ _tag: 'CommandRejected', streamId: 'agreement-p1' })
    if (failure._tag !== 'CommandRejected') throw new Error('unexpected')
    expect(failure.rejection.message).toContain(
      'not a program, proposal, equipment, facility, group, person or audit stream',
    )
    expect(await store.headPosition()()).toEqual(E.right(0n))
  })

  it('accepts only the mode it is told to, so an import job cannot write operational facts and vice versa', async () => {
    const importer = setup({ onlyMode: 'HISTORICAL_IMPORT' })
    const refused = failureOf(await importer.handle(stream, asJson(register()))())
    expect(refused).toMatchObject({ _tag: 'CommandRejected', rejection: { _tag: 'InvalidCommand' } })
    expect(await importer.handle(stream, asJson(register({}, news('2020-01-10'))))()).toMatchObject({
      right: { nextExpectedRevision: 0n },
    })
  })

  it('passes domain rejections through with their rule', async () => {
    const { handle } = setup()
    const failure = failureOf(await handle(stream, asJson(approve()))())
    expect(failure).toMatchObject({ _tag: 'CommandRejected', rejection: { _tag: 'UnknownEntity' } })
  })

  it.each([
    ['a space', 'program-a b', 'printable ASCII'],
    ['a letter outside ASCII', 'program-é', 'printable ASCII'],
    ['NUL', 'program-\u0000', 'printable ASCII'],
    ['a line break', 'program-x\n', 'printable ASCII'],
    ['a direction override', 'program-x\u202e', 'printable ASCII'],
    ['300 characters', `program-${'x'.repeat(292)}`, 'it is 300 characters long; the limit is 200'],
    ['nothing', '', 'it is empty'],
  ])(
    'refuses a stream id with %s as InvalidStreamId (400) before decoding, as the store does',
    async (_, id, words) => {
      const { store, handle } = setup()
      const failure = failureOf(await handle(id, asJson(register()))())
      expect(failure).toMatchObject({
        _tag: 'InvalidStreamId',
        code: 'STORE_INVALID_STREAM_ID',
        reason: expect.stringContaining(words),
      })
      expect(commandFailureStatus(failure)).toBe(400)
      const message = commandFailureMessage(failure)
      expect(message).not.toContain('was sent to')
      // Rendered safely: no control character, line break or override reaches the message.
      const unsafe = [...message].filter((c) => {
        const code = c.charCodeAt(0)
        return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0x202e
      })
      expect(unsafe).toEqual([])
      expect(await store.headPosition()()).toEqual(E.right(0n))
    },
  )

  it('shows a refused stream id escaped, so it can be read and logged', async () => {
    const { handle } = setup()
    const failure = failureOf(await handle('program-x\n\u0000', asJson(register()))())
    expect(failure).toMatchObject({ _tag: 'InvalidStreamId', streamId: 'program-x\\u000a\\u0000' })
  })

  it.each([
    ['a number', 123, 'it is not a string but 123'],
    ['null', null, 'it is not a string but null'],
    ['nothing', undefined, 'it is not a string but nothing'],
    ['an object', {}, 'it is not a string but {}'],
    ['an array', ['program-x'], 'it is not a string but ["program-x"]'],
  ])('refuses a stream id that is %s as InvalidStreamId, in plain words', async (_, id, words) => {
    const { handle } = setup()
    const failure = failureOf(await handle(id as never, asJson(register()))())
    expect(failure).toMatchObject({ _tag: 'InvalidStreamId' })
    const message = commandFailureMessage(failure)
    expect(message).toContain(words)
    expect(message).not.toMatch(/a number is not|a object|a undefined/)
  })

  it('refuses null options as InvalidAppend (400), as the store does, instead of appending at any revision', async () => {
    const { store, handle } = setup()
    for (const options of [null, 7, 'no_stream', []]) {
      const failure = failureOf(await handle(stream, asJson(register()), options as never)())
      expect(failure).toMatchObject({ _tag: 'InvalidAppend', code: 'STORE_INVALID_APPEND' })
      expect(commandFailureStatus(failure)).toBe(400)
    }
    expect(await store.headPosition()()).toEqual(E.right(0n))
    const storeSays = await store.append(stream, [], null as never)()
    expect(storeSays).toMatchObject({ left: { _tag: 'InvalidAppend' } })
    expect(await handle(stream, asJson(register()), undefined)()).toMatchObject({ right: { nextExpectedRevision: 0n } })
  })

  it('says when a command names an id that cannot name a stream, instead of "sent to" the wrong one', async () => {
    const { handle } = setup()
    const bad = asJson(register()) as { data: Record<string, unknown> }
    bad.data['programId'] = 'a b'
    const failure = failureOf(await handle(stream, bad)())
    if (failure._tag !== 'CommandRejected') throw new Error('unexpected')
    expect(failure.rejection.message).toContain('programId "a b", which cannot name a stream')
  })
})
