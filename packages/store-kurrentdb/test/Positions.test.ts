import { START_POSITION } from '@ikm-ledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { globalPositionOf, serverPositionOf } from '../src'

const offset = fc.bigInt({ min: 0n, max: 2n ** 63n })

describe('Positions', () => {
  it('maps an event at log offset L (commit = prepare = L) to 2L + 1, so the first record of a log is 1n', () => {
    expect(globalPositionOf({ commit: 0n, prepare: 0n })).toBe(1n)
    expect(globalPositionOf({ commit: 1_234n, prepare: 1_234n })).toBe(2_469n)
  })

  it('maps a checkpoint {commit: C, prepare: 0} to 2C, below the event at C and above every event before it', () => {
    expect(globalPositionOf({ commit: 500n, prepare: 0n })).toBe(1_000n)
    expect(globalPositionOf({ commit: 500n, prepare: 0n })).toBeLessThan(
      globalPositionOf({ commit: 500n, prepare: 500n }),
    )
    expect(globalPositionOf({ commit: 500n, prepare: 0n })).toBeGreaterThan(
      globalPositionOf({ commit: 499n, prepare: 499n }),
    )
  })

  it('reads START_POSITION as the start of the log', () => {
    expect(serverPositionOf(START_POSITION)).toBe('start')
  })

  it('leads every global position back to the server position it came from', () => {
    fc.assert(
      fc.property(offset, (l) => {
        const event = { commit: l, prepare: l }
        expect(serverPositionOf(globalPositionOf(event))).toEqual(event)
      }),
    )
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 63n }), (c) => {
        const checkpoint = { commit: c, prepare: 0n }
        expect(serverPositionOf(globalPositionOf(checkpoint))).toEqual(checkpoint)
      }),
    )
  })

  it('keeps the order of log positions: events by offset, a checkpoint at C between the events around C', () => {
    fc.assert(
      fc.property(offset, offset, (a, b) => {
        const pa = globalPositionOf({ commit: a, prepare: a })
        const pb = globalPositionOf({ commit: b, prepare: b })
        expect(pa < pb).toBe(a < b)
        expect(pa === pb).toBe(a === b)
      }),
    )
  })

  it('never maps a stored position to 0n, so positions stay valid GlobalPositions (>= 1n)', () => {
    fc.assert(
      fc.property(offset, (l) => {
        expect(globalPositionOf({ commit: l, prepare: l }) >= 1n).toBe(true)
      }),
    )
  })
})
