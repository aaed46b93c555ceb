import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
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
})
