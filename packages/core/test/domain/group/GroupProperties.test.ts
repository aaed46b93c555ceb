import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeGroupCommand } from '../../../src/domain/group/GroupCommands'
import { groupDecider } from '../../../src/domain/group/GroupDecider'
import { groupEvents } from '../../../src/domain/group/GroupEvents'
import { regionRef } from '../../../src/domain/values/Region'
import { exercise, mustDecode, newsContext } from '../support/fixtures'
import { eventTypesOnLegalPaths } from '../support/properties'

const cmd = mustDecode(decodeGroupCommand)
const ctx = newsContext()
const person = fc.integer({ min: 1, max: 30 }).map((n) => `pt${String(n).padStart(2, '0')}`)
const on = (type: string, data: object) => ({ type, data: { groupId: 'kub-1', ...data }, context: ctx })

const legalPath = fc
  .record({
    kind: fc.constantFrom('KUB', 'KOPERASI', 'KUD', 'KELOMPOK_SENTRA'),
    name: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}[A-Za-z]$/),
    members: fc.uniqueArray(person, { minLength: 3, maxLength: 8 }),
  })
  .map(({ kind, name, members }) => {
    const [leader, next, leaver, ...rest] = members
    return [
      {
        type: 'FormGroup',
        data: { groupId: 'kub-1', kind, name, region: regionRef('16.71'), leaderPersonId: leader },
        context: ctx,
      },
      ...[next, leaver, ...rest].map((personId) => on('JoinGroupMember', { personId })),
      on('ChangeGroupLeader', { personId: next }),
      on('LeaveGroupMember', { personId: leaver }),
      on('DissolveGroup', { reason: 'done' }),
    ].map(cmd)
  })

const anyCommand = fc
  .tuple(fc.integer({ min: 0, max: 3 }), person)
  .map(([pick, personId]) =>
    cmd(
      [
        on('JoinGroupMember', { personId }),
        on('LeaveGroupMember', { personId }),
        on('ChangeGroupLeader', { personId }),
        on('DissolveGroup', { reason: 'x' }),
      ][pick],
    ),
  )

describe('GroupDecider properties', () => {
  it('round-trips every event type through its codec on the legal path', () => {
    const seen = eventTypesOnLegalPaths(groupDecider, groupEvents, legalPath)
    expect([...seen].sort()).toEqual([...groupEvents.types].sort())
  })

  it('never throws when folding any sequence of commands, and the leader is always a member', () => {
    fc.assert(
      fc.property(legalPath, fc.array(fc.tuple(fc.nat(), anyCommand), { maxLength: 20 }), (path, noise) => {
        const commands = [...path.slice(0, -1)]
        for (const [at, command] of noise) commands.splice(1 + (at % commands.length), 0, command)
        exercise(groupDecider, groupEvents, commands)
        let state = groupDecider.initialState
        for (const command of commands) {
          const decided = groupDecider.decide(command, state)
          if (decided._tag === 'Right') for (const e of decided.right) state = groupDecider.evolve(state, e)
        }
        if (state.status !== 'NONE' && state.leaderPersonId !== undefined)
          expect(state.members).toContain(state.leaderPersonId)
      }),
      { numRuns: 200 },
    )
  })
})
