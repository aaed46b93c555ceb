/**
 * Given/when/then for deciders: given past events, when a command, then these events (or this rejection).
 *
 * @since 0.1.0
 */
import { foldEvents, type Decider } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { expect } from 'vitest'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The outcome checks of a decider spec, after `when`.
 *
 * @category model
 * @since 0.1.0
 */
export interface DeciderThen<Event, State, Rejection> {
  /** Asserts the command is accepted and produces exactly these events, in this order. */
  readonly then: (expected: ReadonlyArray<Event>) => void
  /**
   * Asserts the command is rejected, with a rejection that satisfies the predicate or matches the partial object
   * (`toMatchObject`). Returns the rejection for further checks.
   */
  readonly thenRejects: (expected: ((rejection: Rejection) => boolean) | Partial<Rejection>) => Rejection
  /** Asserts the command is accepted and the state after its events equals `expected`. */
  readonly thenState: (expected: State) => void
  /** Returns the decision as is, for checks the other methods do not cover. */
  readonly decision: () => E.Either<Rejection, ReadonlyArray<Event>>
}

/**
 * A decider spec after `given`.
 *
 * @category model
 * @since 0.1.0
 */
export interface DeciderWhen<Command, Event, State, Rejection> {
  readonly when: (command: Command) => DeciderThen<Event, State, Rejection>
}

/**
 * A decider spec.
 *
 * @category model
 * @since 0.1.0
 */
export interface DeciderSpec<Command, Event, State, Rejection> {
  /** The events that already happened (none for a new stream). */
  readonly given: (events: ReadonlyArray<Event>) => DeciderWhen<Command, Event, State, Rejection>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const show = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 2)

/**
 * Starts a given/when/then spec for a decider; failures are vitest assertion failures.
 *
 * @example
 * deciderSpec(programDecider).given([programProposed]).when(approveProgram).then([programApproved])
 * deciderSpec(programDecider).given([]).when(approveProgram).thenRejects({ code: 'PROGRAM_NOT_FOUND' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const deciderSpec = <Command, Event, State, Rejection>(
  decider: Decider<Command, Event, State, Rejection>,
): DeciderSpec<Command, Event, State, Rejection> => ({
  given: (past) => ({
    when: (command) => {
      const decision = () => decider.decide(command, foldEvents(decider.evolve, decider.initialState, past))
      const accepted = (): ReadonlyArray<Event> => {
        const result = decision()
        if (E.isLeft(result)) {
          expect.fail(`expected the command to be accepted, but it was rejected with:\n${show(result.left)}`)
        }
        return result.right
      }
      return {
        decision,
        then: (expected) => {
          expect(accepted()).toEqual(expected)
        },
        thenState: (expected) => {
          const events = accepted()
          expect(foldEvents(decider.evolve, foldEvents(decider.evolve, decider.initialState, past), events)).toEqual(
            expected,
          )
        },
        thenRejects: (expected) => {
          const result = decision()
          if (E.isRight(result)) {
            expect.fail(`expected the command to be rejected, but it produced:\n${show(result.right)}`)
          }
          if (typeof expected === 'function') {
            expect(expected(result.left), `the rejection does not satisfy the predicate:\n${show(result.left)}`).toBe(
              true,
            )
          } else {
            expect(result.left).toMatchObject(expected as object)
          }
          return result.left
        },
      }
    },
  }),
})
