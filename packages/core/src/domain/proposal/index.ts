/**
 * The proposal aggregate (usulan).
 *
 * @since 0.1.0
 */
export {
  AssessmentResult,
  ProposalAssessed,
  ProposalAssessedData,
  proposalEvents,
  ProposalExposed,
  ProposalExposedData,
  ProposalIdentificationStarted,
  ProposalIdentificationStartedData,
  ProposalItem,
  ProposalItemAccepted,
  ProposalItemAcceptedData,
  ProposalItemKind,
  ProposalItemRejected,
  ProposalItemRejectedData,
  ProposalSubmitted,
  ProposalSubmittedData,
  ProposalWithdrawn,
  ProposalWithdrawnData,
  type ProposalEvent,
} from './ProposalEvents'
export {
  AcceptProposalItem,
  AssessProposalItem,
  decodeProposalCommand,
  proposalCommandCodecs,
  ExposeProposal,
  RejectProposalItem,
  StartProposalIdentification,
  SubmitProposal,
  WithdrawProposal,
  type ProposalCommand,
} from './ProposalCommands'
export {
  openItems,
  proposalDecider,
  makeProposalDecider,
  proposalStreamId,
  type Proposal,
  type ProposalItemState,
  type ProposalState,
  type ProposalStatus,
} from './ProposalDecider'
