// The fast-check harness of the aggregate property tests: a legal path with random noise spliced in, and the
// event types a legal path produces once every event went through its codec.
import fc from 'fast-check'
import type { Decider, EventRegistry } from '../../../src/index'
import type { DomainError } from '../../../src/domain/DomainError'
import { exercise } from './fixtures'

/** A legal path with arbitrary commands spliced in anywhere after its first (creating) command. */
export const interleave = <C>(
  legalPath: fc.Arbitrary<ReadonlyArray<C>>,
  anyCommand: fc.Arbitrary<C>,
): fc.Arbitrary<ReadonlyArray<C>> =>
  fc.tuple(legalPath, fc.array(fc.tuple(fc.nat(), anyCommand), { maxLength: 12 })).map(([path, noise]) => {
    const commands = [...path]
    for (const [at, command] of noise) commands.splice(1 + (at % commands.length), 0, command)
    return commands
  })

/** Runs `exercise` over `numRuns` legal paths and returns every event type seen on any of them. */
export const eventTypesOnLegalPaths = <C, Ev extends { readonly type: string; readonly data: unknown }, S>(
  decider: Decider<C, Ev, S, DomainError>,
  registry: EventRegistry<Ev>,
  legalPath: fc.Arbitrary<ReadonlyArray<C>>,
  numRuns = 100,
): ReadonlySet<string> => {
  const seen = new Set<string>()
  fc.assert(
    fc.property(legalPath, (commands) => {
      for (const type of exercise(decider, registry, commands)) seen.add(type)
    }),
    { numRuns },
  )
  return seen
}
