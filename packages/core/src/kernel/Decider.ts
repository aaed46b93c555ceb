/**
 * Deciders: the pure heart of every aggregate.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'

/**
 * `decide(command, state)` says which events a command produces (or why it is rejected); `evolve(state, event)`
 * folds one event into the state; `initialState` is the state of a stream with no events. All three are pure:
 * no clock, no ids, no I/O (commands carry the ids and dates they need).
 *
 * @category model
 * @since 0.1.0
 */
export interface Decider<Command, Event, State, Rejection> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => E.Either<Rejection, ReadonlyArray<Event>>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Folds events into a state with a decider's `evolve`.
 *
 * @category utils
 * @since 0.1.0
 */
export const foldEvents = <Event, State>(
  evolve: (state: State, event: Event) => State,
  initial: State,
  events: Iterable<Event>,
): State => {
  let state = initial
  for (const event of events) state = evolve(state, event)
  return state
}
