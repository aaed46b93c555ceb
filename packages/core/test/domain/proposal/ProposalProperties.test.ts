import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeProposalCommand } from '../../../src/domain/proposal/ProposalCommands'
import { proposalDecider } from '../../../src/domain/proposal/ProposalDecider'
import { proposalEvents } from '../../../src/domain/proposal/ProposalEvents'
import { regionRef } from '../../../src/domain/values/Region'
import { exercise, mustDecode, newsContext, org } from '../support/fixtures'
import { eventTypesOnLegalPaths, interleave } from '../support/properties'

const cmd = mustDecode(decodeProposalCommand)
const text = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}[A-Za-z]$/)
const ctx = newsContext('2021-12-22')
const pemkot = org('pemkot-1', 'PEMDA_KABKOTA', '13.73')
const official = { nameAtEvent: 'Deri Asta', positionAtEvent: 'Wali Kota', org: pemkot }
const on = (type: string, data: object) => ({ type, data: { proposalId: 'prp-1', ...data }, context: ctx })
const kinds = [
  'BIMTEK',
  'EQUIPMENT',
  'SENTRA_BUILD',
  'SENTRA_REVITALIZE',
  'UPTD_MACHINE_REVITALIZATION',
  'DAK_NONFISIK_CAPACITY',
  'CAPITAL_ASSISTANCE',
]

const legalPath = fc
  .record({
    items: fc.array(
      fc.record({
        kind: fc.constantFrom(...kinds),
        description: text,
        amount: fc.option(fc.bigInt({ min: 1n, max: 10n ** 12n }), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 4 },
    ),
    withdraw: fc.boolean(),
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    reason: text,
    year: fc.integer({ min: 2020, max: 2030 }),
  })
  .map(({ items, withdraw, score, reason, year }) => {
    const ids = items.map((_, i) => `i${i + 1}`)
    const head = [
      {
        type: 'SubmitProposal',
        data: {
          proposalId: 'prp-1',
          origin: { kind: 'PEMDA_PROPOSAL' },
          proposer: official,
          addressee: { ...official, org: org('ditjen-ikma', 'DITJEN') },
          items: items.map((it, i) => ({
            itemId: ids[i],
            kind: it.kind,
            description: it.description,
            region: regionRef('13.73'),
            ...(it.amount === undefined ? {} : { requestedAmount: it.amount.toString() }),
          })),
          documents: [],
        },
        context: ctx,
      },
      on('ExposeProposal', { meetingPlace: 'Jakarta', attendees: [official] }),
      on('StartProposalIdentification', { by: official }),
    ]
    const tail = withdraw
      ? [on('WithdrawProposal', { reason })]
      : [
          ...ids.map((itemId) =>
            on('AssessProposalItem', {
              itemId,
              assessor: pemkot,
              result: 'FEASIBLE',
              ...(score === undefined ? {} : { score }),
            }),
          ),
          on('AcceptProposalItem', { itemId: 'i1', programId: 'prg-1', fundingSource: 'DAK_FISIK', fiscalYear: year }),
          on('RejectProposalItem', { itemId: 'i2', reason }),
        ]
    return [...head, ...tail].map(cmd)
  })

const anyCommand = fc
  .record({
    pick: fc.integer({ min: 0, max: 4 }),
    itemId: fc.constantFrom('i1', 'i2', 'i3', 'i9'),
    year: fc.integer({ min: 2020, max: 2022 }),
    result: fc.constantFrom('FEASIBLE', 'NOT_FEASIBLE'),
  })
  .map(({ pick, itemId, year, result }) =>
    cmd(
      [
        on('AssessProposalItem', { itemId, assessor: pemkot, result }),
        on('AcceptProposalItem', {
          itemId,
          programId: `prg-${itemId}-${year}`,
          fundingSource: 'DAK_NONFISIK',
          fiscalYear: year,
        }),
        on('RejectProposalItem', { itemId, reason: 'no' }),
        on('WithdrawProposal', { reason: 'no' }),
        on('ExposeProposal', { meetingPlace: 'Padang', attendees: [] }),
      ][pick],
    ),
  )

const interleaved = interleave(legalPath, anyCommand)

describe('ProposalDecider properties', () => {
  it('round-trips every event type through its codec on the legal paths', () => {
    const seen = eventTypesOnLegalPaths(proposalDecider, proposalEvents, legalPath)
    expect([...seen].sort()).toEqual([...proposalEvents.types].sort())
  })

  it('never throws when folding any sequence of commands, legal or not', () => {
    fc.assert(
      fc.property(interleaved, (commands) => void exercise(proposalDecider, proposalEvents, commands)),
      { numRuns: 200 },
    )
  })
})
