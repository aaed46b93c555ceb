import * as O from 'fp-ts/Option'
import { describe, expect, it } from 'vitest'
import {
  catchUpTimedOut,
  invalidProjection,
  matchProjectionError,
  projectionErrorMessage,
  projectionHalted,
  startDecision,
  storeClosed,
  type Checkpoint,
} from '../../src'

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
