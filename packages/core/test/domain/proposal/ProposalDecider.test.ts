import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { decodeProposalCommand, type ProposalCommand } from '../../../src/domain/proposal/ProposalCommands'
import { openItems, proposalDecider } from '../../../src/domain/proposal/ProposalDecider'
import { regionRef } from '../../../src/domain/values/Region'
import { mustDecode, newsContext, org, given, rejectionOf, stateAfter, statusesAlong } from '../support/fixtures'

const cmd = mustDecode(decodeProposalCommand)
const news = newsContext('2021-12-22')
const pemkot = org('pemkot-sawahlunto', 'PEMDA_KABKOTA', '13.73')
const ditjen = org('ditjen-ikma', 'DITJEN')
const official = (nameAtEvent: string, positionAtEvent: string, o = pemkot) => ({
  nameAtEvent,
  positionAtEvent,
  org: o,
})
const item = (itemId: string, kind: string) => ({
  itemId,
  kind,
  description: `request ${itemId}`,
  region: regionRef('13.73'),
})

const submit = (
  items = [
    item('i1', 'DAK_NONFISIK_CAPACITY'),
    item('i2', 'UPTD_MACHINE_REVITALIZATION'),
    item('i3', 'SENTRA_REVITALIZE'),
  ],
) =>
  cmd({
    type: 'SubmitProposal',
    data: {
      proposalId: 'prp-1',
      origin: { kind: 'PEMDA_PROPOSAL' },
      proposer: official('Deri Asta', 'Wali Kota Sawahlunto'),
      addressee: official('Reni Yanita', 'Direktur Jenderal IKMA', ditjen),
      items,
      documents: [],
    },
    context: news,
  })
const on = (type: string, data: object = {}): ProposalCommand =>
  cmd({ type, data: { proposalId: 'prp-1', ...data }, context: news })
const expose = on('ExposeProposal', {
  meetingPlace: 'Jakarta',
  attendees: [official('Mukhsis', 'Kepala Disperindagkop')],
})
const identify = on('StartProposalIdentification', { by: official('Reni Yanita', 'Direktur Jenderal IKMA', ditjen) })
const assess = (itemId: string, result = 'FEASIBLE') => on('AssessProposalItem', { itemId, assessor: ditjen, result })
const accept = (itemId: string, programId = `prg-${itemId}`, fiscalYear = 2022) =>
  on('AcceptProposalItem', { itemId, programId, fundingSource: 'DAK_NONFISIK', fiscalYear })
const reject = (itemId: string) => on('RejectProposalItem', { itemId, reason: 'no DAK menu for it' })
const withdraw = on('WithdrawProposal', { reason: 'merged into another proposal' })
const seed = [submit(), expose, identify]

describe('ProposalDecider', () => {
  it('T2.1: after the Sawahlunto seed the proposal is UNDER_IDENTIFICATION with 3 open items', () => {
    const state = stateAfter(proposalDecider, seed)
    expect(state.status).toBe('UNDER_IDENTIFICATION')
    expect(state.status === 'NONE' ? [] : openItems(state).map((i) => i.itemId)).toEqual(['i1', 'i2', 'i3'])
  })

  describe('state machine', () => {
    it('walks SUBMITTED → EXPOSED → UNDER_IDENTIFICATION → ASSESSED → PARTIALLY_ACCEPTED → ACCEPTED', () => {
      const path = [...seed, assess('i1'), accept('i1'), assess('i2'), assess('i3'), accept('i2'), accept('i3')]
      const statuses = statusesAlong(proposalDecider, path)
      expect(statuses).toEqual([
        'SUBMITTED',
        'EXPOSED',
        'UNDER_IDENTIFICATION',
        'ASSESSED',
        'PARTIALLY_ACCEPTED',
        'PARTIALLY_ACCEPTED',
        'PARTIALLY_ACCEPTED',
        'PARTIALLY_ACCEPTED',
        'ACCEPTED',
      ])
    })

    it('ends REJECTED when every item is rejected, PARTIALLY_ACCEPTED when some are', () => {
      expect(stateAfter(proposalDecider, [...seed, reject('i1'), reject('i2'), reject('i3')]).status).toBe('REJECTED')
      expect(
        stateAfter(proposalDecider, [...seed, reject('i1'), reject('i2'), assess('i3'), accept('i3')]).status,
      ).toBe('PARTIALLY_ACCEPTED')
    })

    it('starts identification without an exposé', () => {
      expect(stateAfter(proposalDecider, [submit(), identify]).status).toBe('UNDER_IDENTIFICATION')
    })

    it('is withdrawn before any item is accepted, and not after', () => {
      expect(stateAfter(proposalDecider, [...seed, withdraw]).status).toBe('WITHDRAWN')
      expect(rejectionOf(proposalDecider, [...seed, assess('i1'), accept('i1')], withdraw)._tag).toBe(
        'InvalidTransition',
      )
      given(proposalDecider, [...seed, withdraw])
        .when(withdraw)
        .thenRejects({ _tag: 'InvalidTransition' })
    })

    it('rejects illegal transitions', () => {
      given(proposalDecider, [submit()]).when(assess('i1')).thenRejects({
        _tag: 'InvalidTransition',
        state: 'SUBMITTED',
      })
      given(proposalDecider, [submit(), identify]).when(expose).thenRejects({ _tag: 'InvalidTransition' })
      given(proposalDecider, seed).when(identify).thenRejects({ _tag: 'InvalidTransition' })
      given(proposalDecider, [submit()]).when(reject('i1')).thenRejects({ _tag: 'InvalidTransition' })
      given(proposalDecider, [...seed, withdraw])
        .when(assess('i1'))
        .thenRejects({ _tag: 'InvalidTransition' })
      given(proposalDecider, [...seed, reject('i1')])
        .when(reject('i1'))
        .thenRejects({ _tag: 'InvalidTransition' })
      given(proposalDecider, [...seed, reject('i1')])
        .when(assess('i1'))
        .thenRejects({ _tag: 'InvalidTransition' })
      expect(rejectionOf(proposalDecider, [...seed, reject('i1'), reject('i2'), reject('i3')], accept('i1'))._tag).toBe(
        'InvalidTransition',
      )
    })

    it('accepts only items assessed FEASIBLE', () => {
      given(proposalDecider, seed).when(accept('i1')).thenRejects({ _tag: 'InvalidTransition' })
      expect(rejectionOf(proposalDecider, [...seed, assess('i1', 'NOT_FEASIBLE')], accept('i1'))._tag).toBe(
        'InvalidTransition',
      )
    })

    it('rejects commands on a proposal that does not exist, unknown items and a second submission', () => {
      given(proposalDecider, [])
        .when(expose)
        .thenRejects({
          _tag: 'UnknownEntity',
          entity: { kind: 'proposal', id: 'prp-1' },
        })
      given(proposalDecider, seed).when(assess('i9')).thenRejects({ _tag: 'UnknownEntity' })
      given(proposalDecider, [submit()]).when(submit()).thenRejects({ _tag: 'AlreadyExists' })
    })

    it('rejects a proposal without items or with a duplicate item id', () => {
      given(proposalDecider, []).when(submit([])).thenRejects({ _tag: 'InvalidCommand' })
      expect(rejectionOf(proposalDecider, [], submit([item('i1', 'BIMTEK'), item('i1', 'EQUIPMENT')]))._tag).toBe(
        'InvalidCommand',
      )
    })
  })

  describe('R29 one program per item and fiscal year', () => {
    it('rejects a second program for the same item in the same fiscal year', () => {
      const error = rejectionOf(proposalDecider, [...seed, assess('i1'), accept('i1')], accept('i1', 'prg-other'))
      expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R29', code: 'DOMAIN_R29' })
      expect(error.message).toContain('already spawned program prg-i1')
    })

    it('accepts the same item again for another fiscal year', () => {
      const state = stateAfter(proposalDecider, [
        ...seed,
        assess('i1'),
        accept('i1'),
        accept('i1', 'prg-i1-2023', 2023),
      ])
      expect(state.status === 'NONE' ? undefined : state.items['i1']?.programsByYear).toEqual({
        2022: 'prg-i1',
        2023: 'prg-i1-2023',
      })
    })

    it('refuses to reuse one program id for two items', () => {
      expect(
        rejectionOf(
          proposalDecider,
          [...seed, assess('i1'), assess('i2'), accept('i1', 'prg-x')],
          accept('i2', 'prg-x'),
        )._tag,
      ).toBe('AlreadyExists')
    })
  })

  it('names the io-ts path of a bad field', () => {
    const decoded = decodeProposalCommand({ ...accept('i1'), data: { ...accept('i1').data, fiscalYear: 'next year' } })
    expect(E.isLeft(decoded) && decoded.left.message).toContain('data.fiscalYear')
  })
})
