import * as E from 'fp-ts/Either'
import type { Decider } from '@ikm-ledger/core'
import { describe, expect, it } from 'vitest'
import { deciderSpec } from '../src/index'

type Event =
  { readonly type: 'Opened' } | { readonly type: 'Enrolled'; readonly data: { readonly participant: string } }
type Command = { readonly kind: 'open' } | { readonly kind: 'enroll'; readonly participant: string }
type Rejection = { readonly code: 'NOT_OPEN' | 'ALREADY_OPEN' | 'ALREADY_ENROLLED'; readonly message: string }
interface State {
  readonly open: boolean
  readonly participants: ReadonlyArray<string>
}

const batch: Decider<Command, Event, State, Rejection> = {
  initialState: { open: false, participants: [] },
  decide: (command, state) => {
    switch (command.kind) {
      case 'open':
        return state.open
          ? E.left({ code: 'ALREADY_OPEN', message: 'the batch is already open' })
          : E.right([{ type: 'Opened' }])
      case 'enroll':
        if (!state.open) return E.left({ code: 'NOT_OPEN', message: 'open the batch first' })
        if (state.participants.includes(command.participant)) {
          return E.left({ code: 'ALREADY_ENROLLED', message: `${command.participant} is already enrolled` })
        }
        return E.right([{ type: 'Enrolled', data: { participant: command.participant } }])
    }
  },
  evolve: (state, event) =>
    event.type === 'Opened'
      ? { ...state, open: true }
      : { ...state, participants: [...state.participants, event.data.participant] },
}

const opened: Event = { type: 'Opened' }
const enrolled = (participant: string): Event => ({ type: 'Enrolled', data: { participant } })

describe('deciderSpec', () => {
  it('passes when the command produces exactly the expected events', () => {
    deciderSpec(batch).given([]).when({ kind: 'open' }).then([opened])
    deciderSpec(batch)
      .given([opened])
      .when({ kind: 'enroll', participant: 'p-1' })
      .then([enrolled('p-1')])
  })

  it('fails when the events differ or the command is rejected', () => {
    expect(() => deciderSpec(batch).given([]).when({ kind: 'open' }).then([])).toThrow()
    expect(() => deciderSpec(batch).given([opened]).when({ kind: 'open' }).then([opened])).toThrow(
      /expected the command to be accepted, but it was rejected with:[\s\S]*ALREADY_OPEN/,
    )
  })

  it('checks a rejection by partial match or by predicate, and returns it', () => {
    const rejection = deciderSpec(batch)
      .given([opened, enrolled('p-1')])
      .when({ kind: 'enroll', participant: 'p-1' })
      .thenRejects({ code: 'ALREADY_ENROLLED' })
    expect(rejection.message).toBe('p-1 is already enrolled')
    deciderSpec(batch)
      .given([])
      .when({ kind: 'enroll', participant: 'p-1' })
      .thenRejects((r) => r.code === 'NOT_OPEN')
  })

  it('fails when a rejection was expected but events were produced, or the rejection differs', () => {
    expect(() => deciderSpec(batch).given([]).when({ kind: 'open' }).thenRejects({ code: 'NOT_OPEN' })).toThrow(
      /expected the command to be rejected, but it produced:[\s\S]*Opened/,
    )
    expect(() =>
      deciderSpec(batch).given([]).when({ kind: 'enroll', participant: 'p' }).thenRejects({ code: 'ALREADY_OPEN' }),
    ).toThrow()
    expect(() =>
      deciderSpec(batch)
        .given([])
        .when({ kind: 'enroll', participant: 'p' })
        .thenRejects(() => false),
    ).toThrow(/does not satisfy the predicate/)
  })

  it('checks the state after the new events', () => {
    deciderSpec(batch)
      .given([opened, enrolled('p-1')])
      .when({ kind: 'enroll', participant: 'p-2' })
      .thenState({ open: true, participants: ['p-1', 'p-2'] })
    expect(() =>
      deciderSpec(batch).given([opened]).when({ kind: 'enroll', participant: 'p-2' }).thenState(batch.initialState),
    ).toThrow()
  })

  it('exposes the raw decision', () => {
    expect(deciderSpec(batch).given([]).when({ kind: 'open' }).decision()).toEqual(E.right([opened]))
  })
})
