import { accessDenied, storeUnavailable, type GlobalPosition } from '@ikm-ledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  backoffDelay,
  initialResume,
  resumeStep,
  type ResumeEffect,
  type ResumeInput,
  type ResumeState,
} from '../src/internal/Resume'

const policy = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 }
const step = resumeStep(policy)
const drop: ResumeInput = { _tag: 'Dropped', error: storeUnavailable('subscribe to all streams', 'connection reset') }
const event = (position: GlobalPosition): ResumeInput => ({ _tag: 'Event', position })

const run = (after: GlobalPosition, inputs: ReadonlyArray<ResumeInput>) => {
  let state: ResumeState = initialResume(after)
  const effects: Array<[ResumeInput, ResumeEffect]> = []
  for (const input of inputs) {
    const [next, effect] = step(state, input)
    state = next
    effects.push([input, effect])
  }
  return { state, effects }
}

const delivered = (effects: ReadonlyArray<[ResumeInput, ResumeEffect]>) =>
  effects.flatMap(([input, effect]) => (effect._tag === 'Deliver' && input._tag === 'Event' ? [input.position] : []))

describe('Resume', () => {
  it('delivers each event once, in order, across a drop and a replay that overlaps what was delivered', () => {
    const { state, effects } = run(0n, [
      event(3n),
      event(5n),
      event(9n),
      drop,
      // The server replays from the last position it was given, and a reconnect repeats some events.
      event(5n),
      event(9n),
      event(11n),
      event(15n),
    ])
    expect(delivered(effects)).toEqual([3n, 5n, 9n, 11n, 15n])
    expect(effects[3]![1]).toEqual({ _tag: 'Resubscribe', after: 9n, delayMs: 100 })
    expect(effects[4]![1]._tag).toBe('Skip')
    expect(state.watermark).toBe(15n)
  })

  it('starts after the given position: events at or below it are skipped', () => {
    expect(delivered(run(9n, [event(7n), event(9n), event(10n)]).effects)).toEqual([10n])
  })

  it('saves a checkpoint only when it moves past the watermark, and resumes after it', () => {
    const { effects, state } = run(0n, [
      event(3n),
      { _tag: 'Checkpoint', position: 2n },
      { _tag: 'Checkpoint', position: 40n },
      event(39n),
      drop,
    ])
    expect(effects.map(([, e]) => e._tag)).toEqual(['Deliver', 'Skip', 'SaveCheckpoint', 'Skip', 'Resubscribe'])
    expect(effects[2]![1]).toEqual({ _tag: 'SaveCheckpoint', position: 40n })
    expect(effects[4]![1]).toMatchObject({ after: 40n })
    expect(state.watermark).toBe(40n)
  })

  it('backs off exponentially up to a cap, and gives up after maxAttempts drops in a row', () => {
    const { effects, state } = run(0n, [drop, drop, drop, drop, event(1n)])
    expect(effects.map(([, e]) => e)).toEqual([
      { _tag: 'Resubscribe', after: 0n, delayMs: 100 },
      { _tag: 'Resubscribe', after: 0n, delayMs: 200 },
      { _tag: 'Resubscribe', after: 0n, delayMs: 400 },
      { _tag: 'Fail', error: storeUnavailable('subscribe to all streams', 'connection reset') },
      { _tag: 'Halt' },
    ])
    expect(state.stopped).toBe(true)
    expect(backoffDelay(policy, 10)).toBe(1_000)
  })

  it('counts drops again from zero once an event got through', () => {
    const { effects } = run(0n, [drop, drop, event(1n), drop])
    expect(effects[3]![1]).toEqual({ _tag: 'Resubscribe', after: 1n, delayMs: 100 })
  })

  it('does not retry an error that a new subscription would hit again', () => {
    const denied: ResumeInput = { _tag: 'Dropped', error: accessDenied('subscribe to all streams', 'no $all read') }
    expect(run(0n, [denied]).effects[0]![1]).toMatchObject({ _tag: 'Fail', error: { _tag: 'AccessDenied' } })
  })

  it('halts after Stop: nothing more is delivered', () => {
    expect(run(0n, [{ _tag: 'Stop' }, event(1n), drop]).effects.map(([, e]) => e._tag)).toEqual([
      'Halt',
      'Halt',
      'Halt',
    ])
  })

  it('turns any at-least-once delivery (drops, replays from the resume point, repeats) into exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 1n, max: 10_000n }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 })), { maxLength: 10 }),
        (unsorted, drops) => {
          const log = [...unsorted].sort((a, b) => (a < b ? -1 : 1))
          const dropAt = new Map(drops.map(([at, replay]) => [at % (log.length + 1), replay]))
          let state = initialResume(0n)
          const out: Array<GlobalPosition> = []
          const lenient = resumeStep({ maxAttempts: 1_000, initialDelayMs: 0, maxDelayMs: 0 })
          // A server that, after each drop, resumes from the point it was given but first repeats a few events.
          let i = 0
          let guard = 0
          while (i < log.length && guard++ < 10_000) {
            const replay = dropAt.get(i)
            if (replay !== undefined) {
              dropAt.delete(i)
              const [next, effect] = lenient(state, drop)
              state = next
              if (effect._tag !== 'Resubscribe') throw new Error(effect._tag)
              const resumeIndex = log.findIndex((p) => p > effect.after)
              i = Math.max(0, (resumeIndex === -1 ? log.length : resumeIndex) - replay)
              continue
            }
            const [next, effect] = lenient(state, event(log[i]!))
            state = next
            if (effect._tag === 'Deliver') out.push(log[i]!)
            i += 1
          }
          expect(out).toEqual(log)
        },
      ),
    )
  })
})
