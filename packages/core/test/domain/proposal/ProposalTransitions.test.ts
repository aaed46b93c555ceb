import { describe, expect, it } from 'vitest'
import { decodeProposalCommand, type ProposalCommand } from '../../../src/domain/proposal/ProposalCommands'
import { proposalDecider } from '../../../src/domain/proposal/ProposalDecider'
import { regionRef } from '../../../src/domain/values/Region'
import { mustDecode, newsContext, org, stateAfter } from '../support/fixtures'
import { acceptedIn, allowedIn, statesOf } from '../support/transitions'

const cmd = mustDecode(decodeProposalCommand)
const news = newsContext('2021-12-22')
const pemkot = org('pemkot', 'PEMDA_KABKOTA', '13.73')
const official = { nameAtEvent: 'Deri Asta', positionAtEvent: 'Wali Kota', org: pemkot }
const on = (type: string, data: object = {}): ProposalCommand =>
  cmd({ type, data: { proposalId: 'prp-1', ...data }, context: news })
const submit = cmd({
  type: 'SubmitProposal',
  data: {
    proposalId: 'prp-1',
    origin: { kind: 'PEMDA_PROPOSAL' },
    proposer: official,
    addressee: official,
    items: ['i1', 'i2'].map((itemId) => ({ itemId, kind: 'BIMTEK', description: itemId, region: regionRef('13.73') })),
    documents: [],
  },
  context: news,
})
const assess = (itemId: string) => on('AssessProposalItem', { itemId, assessor: pemkot, result: 'FEASIBLE' })
const accept = (itemId: string, fiscalYear: number) =>
  on('AcceptProposalItem', { itemId, programId: `prg-${itemId}-${fiscalYear}`, fundingSource: 'APBN_KL', fiscalYear })
const reject = (itemId: string) => on('RejectProposalItem', { itemId, reason: 'no budget' })

const commands = {
  expose: on('ExposeProposal', { meetingPlace: 'Jakarta', attendees: [] }),
  identify: on('StartProposalIdentification', { by: official }),
  assessI2: assess('i2'),
  rejectI2: reject('i2'),
  acceptI1: accept('i1', 2023),
  withdraw: on('WithdrawProposal', { reason: 'changed plans' }),
}
type Name = keyof typeof commands

const identified = [submit, commands.identify]
const states = {
  SUBMITTED: [submit],
  EXPOSED: [submit, commands.expose],
  UNDER_IDENTIFICATION: identified,
  ASSESSED: [...identified, assess('i1')],
  PARTIALLY_ACCEPTED: [...identified, assess('i1'), accept('i1', 2022)],
  ACCEPTED: [...identified, assess('i1'), assess('i2'), accept('i1', 2022), accept('i2', 2022)],
  REJECTED: [...identified, reject('i1'), reject('i2')],
  WITHDRAWN: [submit, commands.withdraw],
}
type State = keyof typeof states

const allowed: Readonly<Record<Name, ReadonlyArray<State>>> = {
  expose: ['SUBMITTED'],
  identify: ['SUBMITTED', 'EXPOSED'],
  assessI2: ['UNDER_IDENTIFICATION', 'ASSESSED', 'PARTIALLY_ACCEPTED'],
  rejectI2: ['UNDER_IDENTIFICATION', 'ASSESSED', 'PARTIALLY_ACCEPTED'],
  acceptI1: ['ASSESSED', 'PARTIALLY_ACCEPTED', 'ACCEPTED'],
  withdraw: ['SUBMITTED', 'EXPOSED', 'UNDER_IDENTIFICATION', 'ASSESSED'],
}

describe('ProposalDecider transitions', () => {
  for (const [state, setup] of statesOf(states)) {
    it(`in ${state} accepts exactly the commands the proposal machine allows`, () => {
      const current = stateAfter(proposalDecider, setup)
      expect(current.status).toBe(state)
      expect(acceptedIn(proposalDecider, commands, current)).toEqual(allowedIn(commands, allowed, state))
    })
  }
})
