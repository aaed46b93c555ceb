import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { decodeGroupCommand, type GroupCommand } from '../../../src/domain/group/GroupCommands'
import { groupDecider } from '../../../src/domain/group/GroupDecider'
import { groupFactsOf } from '../../../src/domain/group/GroupFacts'
import { regionRef } from '../../../src/domain/values/Region'
import { mustDecode, newsContext, given, stateAfter } from '../support/fixtures'

const cmd = mustDecode(decodeGroupCommand)
const news = newsContext()
const form = (extra: object = {}): GroupCommand =>
  cmd({
    type: 'FormGroup',
    data: {
      groupId: 'kub-led',
      kind: 'KELOMPOK_SENTRA',
      name: 'Kelompok Sentra IKM Lampu LED',
      region: regionRef('16.06'),
      ...extra,
    },
    context: news,
  })
const on = (type: string, data: object = {}): GroupCommand =>
  cmd({ type, data: { groupId: 'kub-led', ...data }, context: news })
const join = (personId: string) => on('JoinGroupMember', { personId })
const leave = (personId: string) => on('LeaveGroupMember', { personId })
const lead = (personId: string) => on('ChangeGroupLeader', { personId })
const dissolve = on('DissolveGroup', { reason: 'members moved away' })

describe('GroupDecider', () => {
  it('forms a group with its leader as first member, and tracks members by person id', () => {
    const state = stateAfter(groupDecider, [
      form({ leaderPersonId: 'pt01' }),
      join('pt02'),
      join('pt03'),
      leave('pt03'),
      lead('pt02'),
    ])
    expect(state).toMatchObject({ status: 'ACTIVE', members: ['pt01', 'pt02'], leaderPersonId: 'pt02' })
  })

  it('is ACTIVE until DISSOLVED, and a dissolved group takes no command', () => {
    expect(stateAfter(groupDecider, [form(), dissolve]).status).toBe('DISSOLVED')
    for (const command of [join('pt01'), dissolve]) {
      given(groupDecider, [form(), dissolve]).when(command).thenRejects({
        _tag: 'InvalidTransition',
        state: 'DISSOLVED',
      })
    }
  })

  it('rejects commands on a group that does not exist, and forming it twice', () => {
    given(groupDecider, [])
      .when(join('pt01'))
      .thenRejects({
        _tag: 'UnknownEntity',
        entity: { kind: 'group', id: 'kub-led' },
      })
    given(groupDecider, [form()]).when(form()).thenRejects({ _tag: 'AlreadyExists' })
  })

  it('rejects a double join, leaving or leading as a non-member, and the leader leaving', () => {
    given(groupDecider, [form(), join('pt01')])
      .when(join('pt01'))
      .thenRejects({ _tag: 'AlreadyExists' })
    given(groupDecider, [form()]).when(leave('pt01')).thenRejects({ _tag: 'UnknownEntity' })
    given(groupDecider, [form()]).when(lead('pt01')).thenRejects({ _tag: 'UnknownEntity' })
    given(groupDecider, [form({ leaderPersonId: 'pt01' })])
      .when(leave('pt01'))
      .thenRejects({ _tag: 'InvalidCommand' })
    given(groupDecider, [form({ leaderPersonId: 'pt01' })])
      .when(lead('pt01'))
      .thenRejects({ _tag: 'InvalidCommand' })
  })

  it('refuses a NIK or a phone number as a person id', () => {
    expect(
      E.isLeft(decodeGroupCommand({ ...join('pt01'), data: { groupId: 'kub-led', personId: '1606012345678901' } })),
    ).toBe(true)
    expect(
      E.isLeft(decodeGroupCommand({ ...join('pt01'), data: { groupId: 'kub-led', personId: 'hp-081234567890' } })),
    ).toBe(true)
    expect(
      E.isRight(
        decodeGroupCommand({
          ...join('pt01'),
          data: { groupId: 'kub-led', personId: '00000000-0000-7000-8000-000000000001' },
        }),
      ),
    ).toBe(true)
  })

  it('rejects a group name holding a phone number (R30)', () => {
    given(groupDecider, [])
      .when(form({ name: 'KUB Maju hubungi 0812-3456-7890' }))
      .thenRejects({
        rule: 'R30',
      })
  })

  it('gives other aggregates its facts: NOT_FOUND, ACTIVE with region, DISSOLVED', () => {
    expect(groupFactsOf('kub-led', groupDecider.initialState)).toEqual({ groupId: 'kub-led', status: 'NOT_FOUND' })
    expect(groupFactsOf('kub-led', stateAfter(groupDecider, [form()]))).toMatchObject({
      status: 'ACTIVE',
      region: { code: '16.06' },
    })
    expect(groupFactsOf('kub-led', stateAfter(groupDecider, [form(), dissolve])).status).toBe('DISSOLVED')
  })
})
