import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  commandFailureMessage,
  commandHandler,
  createInMemoryEventStore,
  createInMemoryProjectionStore,
  extendLedgerLog,
  ledgerLog,
  loadAggregate,
  nodeSha256Bytes,
  projectInMemory,
  projectionErrorMessage,
  rfc9162Hasher,
  startProjection,
  storeErrorMessage,
  verifyAllChains,
  verifyStreamChain,
  type EventStore,
} from '../../src/index'

const trap = new Proxy(
  {},
  {
    get: () => {
      throw new Error('trapped')
    },
  },
)

// What a JavaScript caller may pass where a store belongs, and the words the refusal must contain.
const stores: ReadonlyArray<readonly [string, unknown, string]> = [
  ['null', null, 'got null'],
  ['nothing', undefined, 'got nothing'],
  ['a number', 7, 'got 7'],
  ['an object without methods', {}, 'is nothing'],
  ['a proxy whose get trap throws', trap, 'could not be read (trapped)'],
]

const messageOf = async (task: () => Promise<E.Either<unknown, unknown>>, show: (e: never) => string) => {
  const result = await task()
  return E.isLeft(result) ? show(result.left as never) : 'no failure'
}

const noEngineText = (message: string) => expect(message).not.toMatch(/TypeError|Cannot read|Cannot destructure/)

describe('kernel functions given a store that is no store', () => {
  it.each(stores)('answer %s with a failure that says what the store is', async (_, store, words) => {
    const given = store as EventStore
    const messages = [
      await messageOf(verifyAllChains(given), storeErrorMessage),
      await messageOf(verifyStreamChain(given, 'program-a'), storeErrorMessage),
      await messageOf(extendLedgerLog(given, ledgerLog(rfc9162Hasher(nodeSha256Bytes))), storeErrorMessage),
      await messageOf(
        loadAggregate(given, 'program-a', { initialState: 0, evolve: (s) => s }, {
          decode: () => E.left(null),
        } as never),
        storeErrorMessage,
      ),
      await messageOf(
        projectInMemory(given, {
          name: 'p',
          handles: 'all',
          init: () => 0,
          evolve: (s: number) => E.right(s),
        } as never),
        projectionErrorMessage,
      ),
    ]
    for (const message of messages) {
      expect(message).toContain('the store')
      expect(message).toContain(words)
      noEngineText(message)
    }
  })

  it('verifyAllChains refuses options it cannot read, saying which', async () => {
    const getter = Object.defineProperty({}, 'batchSize', {
      enumerable: true,
      get: () => {
        throw new Error('no size')
      },
    })
    const store = { readAll: () => [] } as unknown as EventStore
    expect(await messageOf(verifyAllChains(store, getter), storeErrorMessage)).toContain(
      'batchSize could not be read (no size)',
    )
    expect(await messageOf(verifyAllChains(store, null as never), storeErrorMessage)).toContain(
      'the verify options must be an object or left out, got null',
    )
    expect(await messageOf(verifyAllChains(store, { onProgress: 'yes' as never }), storeErrorMessage)).toContain(
      'onProgress must be a function, got "yes"',
    )
  })

  it.each([
    ['null', null, 'its config must be an object, got null'],
    ['no store', {}, 'its store must be an object with readStream(), append(), got nothing'],
    ['a proxy whose get trap throws', trap, 'could not be read (trapped)'],
  ] as const)('commandHandler(%s) answers every command with the problem, never a throw', async (_, config, words) => {
    const handle = commandHandler(config as never)
    const message = await messageOf(handle('program-a', {}), commandFailureMessage)
    expect(message).toContain(words)
    noEngineText(message)
  })

  it.each([
    ['null', null, 'its options must be an object, got null'],
    ['no store', {}, 'its store must be an object with readAll(), headPosition(), onAppend(), got nothing'],
    ['a proxy whose get trap throws', trap, 'could not be read (trapped)'],
    [
      'no projection',
      { store: createInMemoryEventStore(), projectionStore: createInMemoryProjectionStore() },
      'its projection must be a persisted projection with a name, got nothing',
    ],
  ] as const)(
    'startProjection(%s) gives a runner stopped with the problem, never a throw',
    async (_, options, words) => {
      const runner = startProjection(options as never)
      const status = await runner.done
      expect(status).toMatchObject({ _tag: 'Stopped', error: { _tag: 'InvalidProjection' } })
      expect(status._tag === 'Stopped' && status.reason).toContain(words)
      expect(await messageOf(runner.whenCaughtUp(), projectionErrorMessage)).toContain(words)
      expect(await runner.stop()).toBe(status)
    },
  )
})
