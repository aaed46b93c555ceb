import * as E from 'fp-ts/Either'
import { deciderSpec, type DeciderWhen } from '@ikm-ledger/testkit'
import { expect } from 'vitest'
import type { CivilDate, Decider, EventRegistry } from '../../../src/index'
import type { CommandContext } from '../../../src/domain/CommandContext'
import type { DomainError } from '../../../src/domain/DomainError'
import { regionRef } from '../../../src/domain/values/Region'
import { type DocKind, type DocumentRef } from '../../../src/domain/values/Document'
import { type OrgKind, type OrgRef } from '../../../src/domain/values/Organisation'

// Shared test fixtures of the proposal, equipment, facility and group tests: contexts, references, and running
// commands through a decider.

export const newsContext = (occurredOn = '2020-11-30'): CommandContext => ({
  mode: 'HISTORICAL_IMPORT',
  occurredOn: occurredOn as CivilDate,
  actor: { id: 'importer-1', role: 'IMPORTER' },
  evidence: { level: 'NEWS_REPORT', refs: [{ kind: 'NEWS_ARTICLE', uri: 'https://example.test/news' }] },
})

export const documentedContext = (
  mode: CommandContext['mode'] = 'OPERATIONAL',
  occurredOn = '2020-11-30',
): CommandContext => ({
  mode,
  occurredOn: occurredOn as CivilDate,
  actor: { id: 'officer-1', role: 'BMN_OFFICER' },
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'PHOTO', number: 'TEST-1' }] },
})

export const operationalNews = (): CommandContext => ({ ...newsContext(), mode: 'OPERATIONAL' })

export const org = (orgId: string, kind: OrgKind, regionCode?: string): OrgRef => ({
  orgId,
  kind,
  nameAtEvent: orgId,
  ...(regionCode === undefined ? {} : { region: regionRef(regionCode) }),
})

export const doc = (kind: DocKind, number = `${kind}/001`): DocumentRef => ({
  kind,
  number,
  date: '2020-11-30' as CivilDate,
})

/** Decodes a plain (JSON-like) command that must be valid. */
export const mustDecode =
  <C>(decode: (input: unknown) => E.Either<DomainError, C>) =>
  (input: unknown): C => {
    const decoded = decode(input)
    if (E.isLeft(decoded)) throw new Error(`fixture does not decode: ${decoded.left.message}`)
    return decoded.right
  }

/** Decides and folds commands in order; the first rejection stops and is returned. */
export const run = <C, Ev, S>(
  decider: Decider<C, Ev, S, DomainError>,
  commands: ReadonlyArray<C>,
  state: S = decider.initialState,
): E.Either<DomainError, { readonly state: S; readonly events: ReadonlyArray<Ev> }> => {
  let current = state
  const events: Array<Ev> = []
  for (const command of commands) {
    const decided = decider.decide(command, current)
    if (E.isLeft(decided)) return decided
    for (const event of decided.right) {
      current = decider.evolve(current, event)
      events.push(event)
    }
  }
  return E.right({ state: current, events })
}

/** The state after commands that must all be accepted. */
export const stateAfter = <C, Ev, S>(decider: Decider<C, Ev, S, DomainError>, commands: ReadonlyArray<C>): S => {
  const result = run(decider, commands)
  if (E.isLeft(result)) throw new Error(`setup rejected: ${result.left.message}`)
  return result.right.state
}

/** The status after each command of a path whose commands must all be accepted. */
export const statusesAlong = <C, Ev, S extends { readonly status: string }>(
  decider: Decider<C, Ev, S, DomainError>,
  path: ReadonlyArray<C>,
): ReadonlyArray<S['status']> => path.map((_, i) => stateAfter(decider, path.slice(0, i + 1)).status)

/**
 * testkit's given/when/then, given the events of setup commands that must all be accepted:
 * `given(decider, [open]).when(close).thenRejects({ rule: 'R33' })`.
 */
export const given = <C, Ev, S>(
  decider: Decider<C, Ev, S, DomainError>,
  setup: ReadonlyArray<C>,
): DeciderWhen<C, Ev, S, DomainError> => {
  const result = run(decider, setup)
  if (E.isLeft(result)) throw new Error(`setup rejected: ${result.left.message}`)
  return deciderSpec(decider).given(result.right.events)
}

/** The rejection of the last command, after the others were accepted. */
export const rejectionOf = <C, Ev, S>(
  decider: Decider<C, Ev, S, DomainError>,
  setup: ReadonlyArray<C>,
  command: C,
): DomainError =>
  given(decider, setup)
    .when(command)
    .thenRejects(() => true)

/** The events of the last command, after the others were accepted. */
export const eventsOf = <C, Ev, S>(
  decider: Decider<C, Ev, S, DomainError>,
  setup: ReadonlyArray<C>,
  command: C,
): ReadonlyArray<Ev> => {
  const decision = given(decider, setup).when(command).decision()
  if (E.isLeft(decision)) throw new Error(`expected acceptance, got ${decision.left.message}`)
  return decision.right
}

/** Encodes an event for the store, sends it through JSON and decodes it back. */
export const roundTrip = <Ev extends { readonly type: string }>(
  registry: EventRegistry<Ev & { data: unknown }>,
  event: Ev,
) => {
  const encoded = registry.encode(event as Ev & { data: unknown })
  if (E.isLeft(encoded)) throw new Error(encoded.left)
  const json = JSON.parse(JSON.stringify(encoded.right)) as typeof encoded.right
  return registry.decode({
    eventId: '00000000-0000-7000-8000-000000000001',
    streamId: 'test-1',
    revision: 0n,
    position: 1n,
    type: json.type,
    schemaVersion: json.schemaVersion,
    data: json.data,
    metadata: {} as never,
    hash: '0'.repeat(64),
    prevHash: '0'.repeat(64),
  } as never)
}

/**
 * Decides and folds every command, rejected or not, and round-trips each event through the registry (encode →
 * JSON → decode). Returns the event types seen. Throws (fails the property) when deciding or folding throws or an
 * event does not come back equal.
 */
export const exercise = <C, Ev extends { readonly type: string; readonly data: unknown }, S>(
  decider: Decider<C, Ev, S, DomainError>,
  registry: EventRegistry<Ev>,
  commands: ReadonlyArray<C>,
): ReadonlySet<string> => {
  const seen = new Set<string>()
  let state = decider.initialState
  for (const command of commands) {
    const decided = decider.decide(command, state)
    if (E.isLeft(decided)) {
      if (decided.left.message.length === 0) throw new Error('a rejection without a message')
      continue
    }
    for (const event of decided.right) {
      const back = roundTrip(registry, event)
      if (E.isLeft(back)) throw new Error(`${event.type} does not decode: ${JSON.stringify(back.left)}`)
      expect(back.right).toEqual(event)
      state = decider.evolve(state, back.right)
      seen.add(event.type)
    }
  }
  return seen
}
