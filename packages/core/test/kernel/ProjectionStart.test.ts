import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { describe, expect, it } from 'vitest'
import {
  catchUpTimedOut,
  createInMemoryProjectionStore,
  inMemoryAsPersisted,
  invalidProjection,
  matchProjectionError,
  projectionErrorMessage,
  projection,
  projectionHalted,
  startDecision,
  storeClosed,
  type Checkpoint,
} from '../../src'
import { startProjectionRun, swapRebuilt } from '../../src/kernel/ProjectionStart'

const at = (version: number, position: bigint, rebuild?: Checkpoint['rebuild']): Checkpoint => ({
  name: 'p',
  version,
  position,
  ...(rebuild === undefined ? {} : { rebuild }),
})

describe('startDecision', () => {
  it('sets up a projection that has no checkpoint, from the start', () => {
    expect(startDecision('p', 2, O.none)).toEqual({ _tag: 'SetUp', checkpoint: at(2, 0n) })
  })

  it('resumes at the stored position when the version is the same', () => {
    expect(startDecision('p', 2, O.some(at(2, 40n)))).toEqual({ _tag: 'Resume', checkpoint: at(2, 40n) })
  })

  it('drops an abandoned rebuild towards another version and resumes the live tables where they were', () => {
    const stored = at(2, 40n, { version: 3, position: 12n })
    expect(startDecision('p', 2, O.some(stored))).toEqual({
      _tag: 'DropAbandoned',
      checkpoint: at(2, 40n),
      expected: stored,
      abandoned: 3,
    })
  })

  it('continues a rebuild towards this version from its own position', () => {
    const stored = at(2, 40n, { version: 3, position: 12n })
    expect(startDecision('p', 3, O.some(stored))).toEqual({ _tag: 'ContinueRebuild', checkpoint: stored })
  })

  it('begins a rebuild from the start when the version changed, naming an earlier rebuild to drop', () => {
    expect(startDecision('p', 3, O.some(at(2, 40n)))).toEqual({
      _tag: 'BeginRebuild',
      checkpoint: at(2, 40n, { version: 3, position: 0n }),
      expected: at(2, 40n),
      previous: undefined,
    })
    const stored = at(2, 40n, { version: 4, position: 9n })
    expect(startDecision('p', 3, O.some(stored))).toMatchObject({ _tag: 'BeginRebuild', expected: stored, previous: 4 })
    // Going back to an older version is a rebuild too.
    expect(startDecision('p', 1, O.some(at(2, 40n)))._tag).toBe('BeginRebuild')
  })
})

describe('matchProjectionError', () => {
  it('sends each kind of error to its own case and the event store’s errors to `store`', () => {
    const kind = matchProjectionError({
      store: (e) => `store:${e._tag}`,
      PoisonEvent: () => 'poison',
      ProjectionStoreFailure: () => 'failure',
      InvalidProjection: (e) => `invalid:${e.reason}`,
      ProjectionHalted: (e) => `halted:${e.position}`,
      CatchUpTimedOut: (e) => `timeout:${e.timeoutMs}`,
    })
    expect(kind(storeClosed('read'))).toBe('store:StoreClosed')
    expect(kind(invalidProjection('p', 'no name'))).toBe('invalid:no name')
    expect(kind(projectionHalted('p', 7n, 'stopped'))).toBe('halted:7')
    expect(kind(catchUpTimedOut('p', 9n, 3n, 50))).toBe('timeout:50')
    expect(projectionErrorMessage(catchUpTimedOut('p', 9n, 3n, 50))).toBe(
      "projection 'p' did not reach global position 9 within 50 ms (it is at 3)",
    )
  })
})

describe('startProjectionRun and swapRebuilt', () => {
  const counter = (version: number) => ({
    ...inMemoryAsPersisted(
      projection({ name: 'p', version, handles: 'all', init: () => 0, evolve: (n) => E.right(n) }),
    ),
  })

  it('begins a rebuild in fresh shadow tables, then swaps them in at the rebuilt position', async () => {
    const ps = createInMemoryProjectionStore()
    const live = await startProjectionRun(ps, counter(1))
    expect(live).toEqual(E.right(at(1, 0n)))
    await ps.transaction((tx) => ps.saveCheckpoint(tx, at(1, 7n), at(1, 0n)))()
    const rebuilding = await startProjectionRun(ps, counter(2))
    expect(rebuilding).toEqual(E.right(at(1, 7n, { version: 2, position: 0n })))
    expect(ps.tableNames()).toEqual(['state', 'state__v2'])
    const swapped = await swapRebuilt(ps, counter(2), at(1, 7n, { version: 2, position: 0n }))
    expect(swapped).toEqual(E.right(at(2, 0n)))
    expect(ps.tableNames()).toEqual(['state'])
  })

  it('makes a setup that throws an invalid projection, and saves nothing', async () => {
    const ps = createInMemoryProjectionStore()
    const broken = {
      ...counter(1),
      setup: () => {
        throw new Error('bad table')
      },
    }
    expect(await startProjectionRun(ps, broken)).toEqual(E.left(invalidProjection('p', 'setup failed: bad table')))
    expect(await ps.loadCheckpoint('p')()).toEqual(E.right(O.none))
  })
})
