import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { commandFailureMessage, createInMemoryEventStore, steppingClock } from '../../src'
import { ikmCommandHandler, ikmFailureStatus, ikmProblem, ikmStateLoader } from '../../src/domain'
import { ctx, PROGRAM_ID, register } from './program/fixtures'

const stream = `program-${PROGRAM_ID}`

const throwingGetter = Object.defineProperty({}, 'store', {
  enumerable: true,
  get: () => {
    throw new Error('no store for you')
  },
})
const trap = new Proxy(
  {},
  {
    get: () => {
      throw new Error('trapped')
    },
  },
)
const hostile: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['a number', 7],
  ['no store', {}],
  ['a getter that throws', throwingGetter],
  ['a proxy that throws', trap],
]

// What each refusal must say, in its own words: never the engine's ("Cannot destructure property 'store' of …").
const says: ReadonlyArray<readonly [string, unknown, string]> = [
  ['null', null, 'its options must be an object, got null'],
  ['nothing', undefined, 'its options must be an object, got nothing'],
  ['a number', 7, 'its options must be an object, got 7'],
  ['no store', {}, 'its options must name the event store'],
  ['a store that is a string', { store: 'sqlite' }, '(store), got "sqlite"'],
  ['a getter that throws', throwingGetter, 'store could not be read (no store for you)'],
  ['a proxy that throws', trap, 'could not be read (trapped)'],
]

describe('the IKM entry points given what a JavaScript caller may pass', () => {
  it.each(hostile)(
    'ikmCommandHandler(%s) answers every command with a failure value, never a throw',
    async (_, options) => {
      const handle = ikmCommandHandler(options as never)
      const result = await handle(stream, register({}, ctx('2020-01-10')))()
      expect(result).toMatchObject({ left: { _tag: 'StorageFailure', operation: 'configure the IKM command handler' } })
    },
  )

  it.each(hostile)('ikmStateLoader(%s) answers every load with a failure value, never a throw', async (_, options) => {
    const load = ikmStateLoader(options as never)
    expect(await load(stream)()).toMatchObject({
      left: { _tag: 'StorageFailure', operation: 'configure the IKM state loader' },
    })
  })

  it.each(says)(
    'ikmCommandHandler and ikmStateLoader given %s say which argument is wrong',
    async (_, options, words) => {
      const handled = await ikmCommandHandler(options as never)(stream, register({}, ctx('2020-01-10')))()
      const loaded = await ikmStateLoader(options as never)(stream)()
      for (const result of [handled, loaded] as ReadonlyArray<E.Either<unknown, unknown>>) {
        const message = E.isLeft(result) ? commandFailureMessage(result.left as never) : 'no failure'
        expect(message).toContain(words)
        expect(message).not.toMatch(/Cannot destructure|TypeError/)
      }
    },
  )

  it('a load whose bounds throw when read is an InvalidRead (400), not a store failure', async () => {
    const load = ikmStateLoader({
      store: createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') }),
    })
    const bounds = Object.defineProperty({}, 'asOf', {
      enumerable: true,
      get: () => {
        throw new Error('no date')
      },
    })
    const loaded = await load(stream, bounds)()
    expect(loaded).toMatchObject({ left: { _tag: 'InvalidRead' } })
    expect(E.isLeft(loaded) && ikmFailureStatus(loaded.left)).toBe(400)
  })

  it.each([...hostile, ['an unknown tag', { _tag: 'Bogus' }] as const])(
    'the failure helpers given %s answer 500 and say it is no failure',
    (_, value) => {
      expect(ikmFailureStatus(value as never)).toBe(500)
      expect(ikmProblem(value as never)).toMatchObject({ status: 500, title: 'NotAFailure' })
      expect(commandFailureMessage(value as never)).toMatch(/^not a command failure: /)
    },
  )
})
