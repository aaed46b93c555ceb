import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  commandFailureMessage,
  commandHandler,
  createInMemoryEventStore,
  sequentialIds,
  steppingClock,
  type CommandFailure,
} from '../../src'
import { ikmCommandHandler, ikmFailureStatus, programDecider, programEvents, type DomainError } from '../../src/domain'
import { ctx, PROGRAM_ID, register } from './program/fixtures'

const stream = `program-${PROGRAM_ID}`
const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const failureOf = (result: E.Either<CommandFailure<DomainError>, unknown>): CommandFailure<DomainError> => {
  if (E.isRight(result)) throw new Error('expected a failure')
  return result.left
}

const freshStore = () => createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })

// Each option a deployment can get wrong, and the words that must name it.
const wrong: ReadonlyArray<readonly [string, object, string]> = [
  ['a clock that is a number', { clock: 5 }, 'its clock is wrong: the clock must be an object with a now() method'],
  [
    'ids that are a number',
    { ids: 5 },
    'its ids must be a function returning a fresh UUID on each call (such as uuidV7), got 5',
  ],
  ['ids that are an object', { ids: { eventId: () => 'x' } }, 'its ids must be a function'],
  ['regions that are a string', { regions: 'x' }, 'its regions (a RegionDirectory, from regionDirectoryFrom) must be'],
  ['DAK tranche policies that are a string', { dakTranchePolicies: 'x' }, 'its dakTranchePolicies (a Map'],
  ['a negative payload limit', { limits: { maxPayloadBytes: -1 } }, 'limits.maxPayloadBytes'],
  ['a depth limit past the ceiling', { limits: { maxDepth: 5000 } }, 'limits.maxDepth'],
  ['limits that are a string', { limits: 'big' }, 'limits'],
  [
    'an unknown mode',
    { onlyMode: 'ADMIN' },
    'its onlyMode must be OPERATIONAL or HISTORICAL_IMPORT (or left out for both), got "ADMIN"',
  ],
  ['a mode in lowercase', { onlyMode: 'historical' }, 'its onlyMode must be'],
  [
    'negative retries',
    { maxRetries: -1 },
    'its maxRetries must be a whole number from 0 (retries after a revision conflict), got -1',
  ],
  ['retries as text', { maxRetries: 'x' }, 'its maxRetries must be a whole number from 0'],
  ['fractional retries', { maxRetries: 1.5 }, 'got 1.5'],
  ['retries that are NaN', { maxRetries: Number.NaN }, 'got NaN'],
]

describe('ikmCommandHandler options, checked when the handler is built', () => {
  it.each(wrong)(
    'with %s answers every command with a 500 configuration failure naming the option',
    async (_, options, words) => {
      const store = freshStore()
      const handle = ikmCommandHandler({ store, ...options } as never)
      for (const attempt of [1, 2]) {
        const failure = failureOf(await handle(stream, asJson(register({}, ctx('2020-01-10'))))())
        expect(failure, `attempt ${attempt}`).toMatchObject({
          _tag: 'StorageFailure',
          operation: 'configure the IKM command handler',
        })
        expect(ikmFailureStatus(failure)).toBe(500)
        expect(commandFailureMessage(failure)).toContain(words)
        expect(commandFailureMessage(failure)).not.toMatch(/is not a function|TypeError|Cannot read/)
      }
      expect(await store.headPosition()()).toEqual(E.right(0n))
    },
  )

  it('keeps the options that are right: no retries, one mode, a limit raised', async () => {
    const handle = ikmCommandHandler({
      store: freshStore(),
      ids: sequentialIds(),
      maxRetries: 0,
      onlyMode: 'OPERATIONAL',
      limits: { maxPayloadBytes: 4_194_304 },
      clock: steppingClock('2026-01-01T00:00:00.000Z'),
    })
    expect(await handle(stream, asJson(register({}, ctx('2020-01-10'))))()).toMatchObject({
      right: { nextExpectedRevision: 0n },
    })
  })

  it('blames its own clock, not the caller, when the clock returns no date or throws', async () => {
    for (const [clock, words] of [
      [{ now: () => 'tomorrow' }, `the clock's now() returned "tomorrow", not a valid Date`],
      [
        {
          now: () => {
            throw new Error('clock down')
          },
        },
        `the clock's now() threw: clock down`,
      ],
    ] as const) {
      const handle = ikmCommandHandler({ store: freshStore(), clock: clock as never })
      const failure = failureOf(await handle(stream, asJson(register({}, ctx('2020-01-10'))))())
      expect(failure).toMatchObject({ _tag: 'StorageFailure', operation: "read the IKM command handler's clock" })
      expect(ikmFailureStatus(failure)).toBe(500)
      expect(commandFailureMessage(failure)).toContain(words)
    }
  })

  it('blames its own ids, not the caller (no 400 InvalidAppend), when they are no UUIDs', async () => {
    const store = freshStore()
    const handle = ikmCommandHandler({ store, ids: () => 'not-a-uuid' })
    const failure = failureOf(await handle(stream, asJson(register({}, ctx('2020-01-10'))))())
    expect(failure).toMatchObject({ _tag: 'StorageFailure', operation: 'generate an id for the command' })
    expect(ikmFailureStatus(failure)).toBe(500)
    expect(commandFailureMessage(failure)).toContain(`ids() returned "not-a-uuid", not a UUID`)
    expect(await store.headPosition()()).toEqual(E.right(0n))
  })
})

describe('commandHandler config, checked the same way', () => {
  it.each([
    [{ maxRetries: -1 }, 'its maxRetries must be a whole number from 0'],
    [{ maxRetries: '3' }, 'its maxRetries must be a whole number from 0'],
    [{ ids: 'uuid' }, 'its ids must be a function'],
    [{ factOrder: 7 }, 'its fact order (factOrder) must be an object with establishes(), restsOn(), refuse()'],
  ] as const)('refuses %o with a configuration failure', async (extra, words) => {
    const handle = commandHandler({
      store: freshStore(),
      decider: programDecider,
      events: programEvents,
      metadata: (command: { readonly context: object }) => ({ ...command.context }),
      ...extra,
    } as never)
    const failure = failureOf((await handle(stream, register())()) as never)
    expect(failure).toMatchObject({ _tag: 'StorageFailure', operation: 'configure the command handler' })
    expect(commandFailureMessage(failure)).toContain(words)
  })
})
