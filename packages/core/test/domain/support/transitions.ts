// The transition-table harness of the aggregate transition tests: for one state, which of the named commands the
// decider accepts, and which the table says it should.
import * as E from 'fp-ts/Either'
import type { Decider } from '../../../src/index'
import type { DomainError } from '../../../src/domain/DomainError'

/** The states of a table with the commands that lead to each, in the table's order. */
export const statesOf = <St extends string, C>(
  states: Readonly<Record<St, ReadonlyArray<C>>>,
): ReadonlyArray<[St, ReadonlyArray<C>]> => Object.entries(states) as Array<[St, ReadonlyArray<C>]>

/** For each named command: whether the decider accepts it in `state`. */
export const acceptedIn = <N extends string, C, Ev, S>(
  decider: Decider<C, Ev, S, DomainError>,
  commands: Readonly<Record<N, C>>,
  state: S,
): Readonly<Record<N, boolean>> =>
  Object.fromEntries(
    (Object.keys(commands) as Array<N>).map((name) => [name, E.isRight(decider.decide(commands[name], state))]),
  ) as Record<N, boolean>

/** For each named command: whether the table allows it in `state`. */
export const allowedIn = <N extends string, St>(
  commands: Readonly<Record<N, unknown>>,
  allowed: Readonly<Record<N, ReadonlyArray<St>>>,
  state: St,
): Readonly<Record<N, boolean>> =>
  Object.fromEntries(
    (Object.keys(commands) as Array<N>).map((name) => [name, allowed[name].includes(state)]),
  ) as Record<N, boolean>
