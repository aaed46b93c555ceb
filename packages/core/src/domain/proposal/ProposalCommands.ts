/**
 * Commands of a proposal, as io-ts codecs, and their decoder. Every command names its `proposalId`.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import type { DomainError } from '../DomainError'
import { commandCodec, decodeCommandOf, entityCommand } from '../internal/Commands'
import {
  ProposalAssessedData,
  ProposalExposedData,
  ProposalIdentificationStartedData,
  ProposalItemAcceptedData,
  ProposalItemRejectedData,
  ProposalSubmittedData,
  ProposalWithdrawnData,
} from './ProposalEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const proposalCommand = entityCommand('proposalId')

/**
 * @category codecs
 * @since 0.1.0
 */
export const SubmitProposal = commandCodec('SubmitProposal', ProposalSubmittedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ExposeProposal = proposalCommand('ExposeProposal', ProposalExposedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const StartProposalIdentification = proposalCommand(
  'StartProposalIdentification',
  ProposalIdentificationStartedData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const AssessProposalItem = proposalCommand('AssessProposalItem', ProposalAssessedData)

/**
 * Accepts an item for a fiscal year, naming the program it spawns (R29: at most one per item and year).
 *
 * @category codecs
 * @since 0.1.0
 */
export const AcceptProposalItem = proposalCommand('AcceptProposalItem', ProposalItemAcceptedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const RejectProposalItem = proposalCommand('RejectProposalItem', ProposalItemRejectedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const WithdrawProposal = proposalCommand('WithdrawProposal', ProposalWithdrawnData)

/**
 * @category model
 * @since 0.1.0
 */
export type ProposalCommand = t.TypeOf<(typeof proposalCommandCodecs)[keyof typeof proposalCommandCodecs]>

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const proposalCommandCodecs = {
  SubmitProposal,
  ExposeProposal,
  StartProposalIdentification,
  AssessProposalItem,
  AcceptProposalItem,
  RejectProposalItem,
  WithdrawProposal,
} as const

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes untrusted input into a proposal command; a failure names the command and the io-ts path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeProposalCommand: (input: unknown) => E.Either<DomainError, ProposalCommand> =
  decodeCommandOf<ProposalCommand>('proposal', proposalCommandCodecs)
