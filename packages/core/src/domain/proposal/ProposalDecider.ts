/**
 * The proposal aggregate (stream `proposal-<id>`): `SUBMITTED → EXPOSED → UNDER_IDENTIFICATION → ASSESSED →
 * PARTIALLY_ACCEPTED | ACCEPTED | REJECTED`, or `WITHDRAWN` before any item is accepted. The exposé is optional:
 * identification may start straight from `SUBMITTED`. Rule R29 (proposal half): an item spawns at most one
 * program per fiscal year.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { Decider } from '../../index'
import type { IkmReferenceData } from '../ReferenceData'
import {
  alreadyExists,
  invalidCommand,
  ruleViolation,
  unknownEntity,
  type DomainError,
  type EntityRef,
} from '../DomainError'
import {
  refuseInState,
  reportedInOperation,
  type Decision as DecisionOf,
  streamDecider,
} from '../internal/DeciderSupport'
import type { ProposalCommand } from './ProposalCommands'
import type { ProposalEvent } from './ProposalEvents'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export type ProposalStatus =
  | 'SUBMITTED'
  | 'EXPOSED'
  | 'UNDER_IDENTIFICATION'
  | 'ASSESSED'
  | 'PARTIALLY_ACCEPTED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'WITHDRAWN'

/**
 * Where one item stands: its assessment, its decision, and the programs it spawned by fiscal year.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProposalItemState {
  readonly itemId: string
  readonly kind: string
  readonly description: string
  readonly assessment: 'FEASIBLE' | 'NOT_FEASIBLE' | undefined
  readonly decision: 'ACCEPTED' | 'REJECTED' | undefined
  readonly programsByYear: Readonly<Record<string, string>>
}

/**
 * A proposal that exists.
 *
 * @category model
 * @since 0.1.0
 */
export interface Proposal {
  readonly status: ProposalStatus
  readonly proposalId: string
  readonly itemOrder: ReadonlyArray<string>
  readonly items: Readonly<Record<string, ProposalItemState>>
}

/**
 * The state of a `proposal-<id>` stream: `NONE` before `ProposalSubmitted`.
 *
 * @category model
 * @since 0.1.0
 */
export type ProposalState = { readonly status: 'NONE' } | Proposal

/**
 * The stream id of a proposal.
 *
 * @category constructors
 * @since 0.1.0
 */
export const proposalStreamId = (proposalId: string): string => `proposal-${proposalId}`

/**
 * The items not decided yet (neither accepted nor rejected).
 *
 * @category utils
 * @since 0.1.0
 */
export const openItems = (proposal: Proposal): ReadonlyArray<ProposalItemState> =>
  proposal.itemOrder.flatMap((id) => {
    const item = proposal.items[id]
    return item !== undefined && item.decision === undefined ? [item] : []
  })

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

type Decision = DecisionOf<ProposalEvent>

const entityOf = (proposalId: string): EntityRef => ({ kind: 'proposal', id: proposalId })

const wrongState = (p: Proposal, command: string, todo: string): Decision =>
  refuseInState(entityOf(p.proposalId), 'proposal', p.status, command, todo)

const DECIDING: ReadonlyArray<ProposalStatus> = ['UNDER_IDENTIFICATION', 'ASSESSED', 'PARTIALLY_ACCEPTED']

const submit = (command: Extract<ProposalCommand, { type: 'SubmitProposal' }>): Decision => {
  const ids = command.data.items.map((i) => i.itemId)
  if (ids.length === 0) {
    return E.left(
      invalidCommand(
        command.type,
        `proposal ${command.data.proposalId} has no items; a proposal asks for at least one thing`,
      ),
    )
  }
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i)
  if (duplicate !== undefined) {
    return E.left(
      invalidCommand(
        command.type,
        `item id ${duplicate} appears twice in proposal ${command.data.proposalId}; give each item its own id`,
      ),
    )
  }
  const unknown = [
    ...(command.data.proposer === undefined ? ['a proposer'] : []),
    ...(command.data.origin.kind === 'NOT_REPORTED' ? ['an origin (who initiated it)'] : []),
  ]
  return E.map((): ReadonlyArray<ProposalEvent> => [{ type: 'ProposalSubmitted', data: command.data }])(
    reportedInOperation(command.context, command.type, unknown),
  )
}

const decideOn = (command: Exclude<ProposalCommand, { type: 'SubmitProposal' }>, p: Proposal): Decision => {
  const entity = entityOf(p.proposalId)
  const itemOf = (itemId: string): E.Either<DomainError, ProposalItemState> => {
    const item = p.items[itemId]
    return item === undefined
      ? E.left(
          unknownEntity(
            entity,
            `proposal ${p.proposalId} has no item ${itemId}; its items are ${p.itemOrder.join(', ')}`,
          ),
        )
      : E.right(item)
  }
  // Assessing and rejecting an item: while items are being decided, on an item not decided yet.
  const onUndecided = (type: string, done: string, itemId: string, event: ProposalEvent): Decision =>
    DECIDING.includes(p.status)
      ? E.flatMap((item: ProposalItemState): Decision =>
          item.decision === undefined
            ? E.right([event])
            : wrongState(p, type, `item ${item.itemId} is ${item.decision} already`),
        )(itemOf(itemId))
      : wrongState(p, type, `items are ${done} after identification starts and before every item is decided`)
  switch (command.type) {
    case 'ExposeProposal': {
      if (p.status !== 'SUBMITTED') return wrongState(p, command.type, 'the exposé comes right after submission, once')
      const { proposalId: _, ...data } = command.data
      return E.right([{ type: 'ProposalExposed', data }])
    }
    case 'StartProposalIdentification': {
      if (p.status !== 'SUBMITTED' && p.status !== 'EXPOSED') {
        return wrongState(p, command.type, 'identification starts once, after submission or the exposé')
      }
      const { proposalId: _, ...data } = command.data
      return E.right([{ type: 'ProposalIdentificationStarted', data }])
    }
    case 'AssessProposalItem': {
      const { proposalId: _, ...data } = command.data
      return onUndecided(command.type, 'assessed', data.itemId, { type: 'ProposalAssessed', data })
    }
    case 'AcceptProposalItem': {
      const { proposalId: _, ...data } = command.data
      if (!DECIDING.includes(p.status) && p.status !== 'ACCEPTED') {
        return wrongState(p, command.type, 'items are accepted after identification and assessment')
      }
      return E.flatMap((item: ProposalItemState): Decision => {
        if (item.decision === 'REJECTED') return wrongState(p, command.type, `item ${item.itemId} was rejected`)
        if (item.assessment !== 'FEASIBLE') {
          return wrongState(
            p,
            command.type,
            item.assessment === undefined
              ? `item ${item.itemId} has not been assessed; assess it first (AssessProposalItem)`
              : `item ${item.itemId} was assessed NOT_FEASIBLE; reject it or assess it again`,
          )
        }
        const existing = item.programsByYear[String(data.fiscalYear)]
        if (existing !== undefined) {
          return E.left(
            ruleViolation(
              'R29',
              entity,
              `cannot accept item ${item.itemId} of proposal ${p.proposalId} for fiscal year ${data.fiscalYear} as program ` +
                `${data.programId}: it already spawned program ${existing} that year (rule R29: at most one program per ` +
                'item and fiscal year); extend the existing program instead',
            ),
          )
        }
        const reused = Object.values(p.items).some((i) => Object.values(i.programsByYear).includes(data.programId))
        if (reused) {
          return E.left(
            alreadyExists(
              entity,
              `program ${data.programId} was already spawned by proposal ${p.proposalId}; use a new program id`,
            ),
          )
        }
        return E.right([{ type: 'ProposalItemAccepted', data }])
      })(itemOf(data.itemId))
    }
    case 'RejectProposalItem': {
      const { proposalId: _, ...data } = command.data
      return onUndecided(command.type, 'rejected', data.itemId, { type: 'ProposalItemRejected', data })
    }
    case 'WithdrawProposal': {
      const accepted = Object.values(p.items).some((i) => i.decision === 'ACCEPTED')
      if (accepted || !['SUBMITTED', 'EXPOSED', 'UNDER_IDENTIFICATION', 'ASSESSED'].includes(p.status)) {
        return wrongState(
          p,
          command.type,
          'a proposal can be withdrawn only before any item is accepted or all are decided',
        )
      }
      const { proposalId: _, ...data } = command.data
      return E.right([{ type: 'ProposalWithdrawn', data }])
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const settle = (p: Proposal): Proposal => {
  const items = Object.values(p.items)
  const accepted = items.filter((i) => i.decision === 'ACCEPTED').length
  const rejected = items.filter((i) => i.decision === 'REJECTED').length
  const status: ProposalStatus =
    accepted === items.length
      ? 'ACCEPTED'
      : rejected === items.length
        ? 'REJECTED'
        : accepted > 0
          ? 'PARTIALLY_ACCEPTED'
          : 'ASSESSED'
  return { ...p, status }
}

const updateItem = (p: Proposal, itemId: string, f: (item: ProposalItemState) => ProposalItemState): Proposal => {
  const item = p.items[itemId]
  return item === undefined ? p : { ...p, items: { ...p.items, [itemId]: f(item) } }
}

const evolve = (state: ProposalState, event: ProposalEvent): ProposalState => {
  if (event.type === 'ProposalSubmitted') {
    return {
      status: 'SUBMITTED',
      proposalId: event.data.proposalId,
      itemOrder: event.data.items.map((i) => i.itemId),
      items: Object.fromEntries(
        event.data.items.map((i) => [
          i.itemId,
          {
            itemId: i.itemId,
            kind: i.kind,
            description: i.description,
            assessment: undefined,
            decision: undefined,
            programsByYear: {},
          },
        ]),
      ),
    }
  }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'ProposalExposed':
      return { ...state, status: 'EXPOSED' }
    case 'ProposalIdentificationStarted':
      return { ...state, status: 'UNDER_IDENTIFICATION' }
    case 'ProposalAssessed': {
      const next = updateItem(state, event.data.itemId, (i) => ({ ...i, assessment: event.data.result }))
      return next.status === 'UNDER_IDENTIFICATION' ? { ...next, status: 'ASSESSED' } : next
    }
    case 'ProposalItemAccepted':
      return settle(
        updateItem(state, event.data.itemId, (i) => ({
          ...i,
          decision: 'ACCEPTED',
          programsByYear: { ...i.programsByYear, [String(event.data.fiscalYear)]: event.data.programId },
        })),
      )
    case 'ProposalItemRejected':
      return settle(updateItem(state, event.data.itemId, (i) => ({ ...i, decision: 'REJECTED' })))
    case 'ProposalWithdrawn':
      return { ...state, status: 'WITHDRAWN' }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Builds the proposal decider over the given reference data (regions are checked against its directory).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeProposalDecider = (
  reference: IkmReferenceData = {},
): Decider<ProposalCommand, ProposalEvent, ProposalState, DomainError> =>
  streamDecider<ProposalCommand, 'SubmitProposal', Proposal, ProposalEvent>(
    {
      creation: 'SubmitProposal',
      entityOf,
      commandId: (command) => command.data.proposalId,
      entityId: (p) => p.proposalId,
      create: submit,
      decideOn,
      evolve,
      noun: 'proposal',
      messages: {
        exists: (id) => `proposal ${id} was submitted already`,
        missing: (command, id) => `cannot ${command}: proposal ${id} does not exist; submit it first (SubmitProposal)`,
      },
    },
    reference,
  )

/**
 * The proposal decider over the shipped reference data.
 *
 * @category instances
 * @since 0.1.0
 */
export const proposalDecider: Decider<ProposalCommand, ProposalEvent, ProposalState, DomainError> =
  makeProposalDecider()
