/**
 * Who initiated a program or a proposal. An origin is not a funding source: a DPR aspirasi program is
 * usually paid from APBN_KL.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { OfficialRef } from './Organisation'
import { exactStruct } from './Struct'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * @category codecs
 * @since 0.1.0
 */
export const PemdaProposalOrigin = exactStruct(
  { kind: t.literal('PEMDA_PROPOSAL') },
  { proposalId: t.string },
  'PemdaProposalOrigin',
)

/**
 * A DPR RI member's aspirasi: the member as printed, the commission at the time (VI, VII…), party and
 * electoral district when known.
 *
 * @category codecs
 * @since 0.1.0
 */
export const AspirasiDprOrigin = exactStruct(
  { kind: t.literal('ASPIRASI_DPR'), member: OfficialRef, commission: t.string },
  { party: t.string, electoralDistrict: t.string },
  'AspirasiDprOrigin',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const AspirasiDprdOrigin = exactStruct(
  { kind: t.literal('ASPIRASI_DPRD'), member: OfficialRef },
  { party: t.string, commission: t.string },
  'AspirasiDprdOrigin',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const GroupProposalOrigin = t.exact(
  t.type({ kind: t.literal('GROUP_PROPOSAL'), groupId: t.string }),
  'GroupProposalOrigin',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const MinistryInitiativeOrigin = t.exact(
  t.type({ kind: t.literal('MINISTRY_INITIATIVE') }),
  'MinistryInitiativeOrigin',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const DinasInitiativeOrigin = t.exact(t.type({ kind: t.literal('DINAS_INITIATIVE') }), 'DinasInitiativeOrigin')

/**
 * The source does not say who initiated it. Only an import of history may record this.
 *
 * @category codecs
 * @since 0.1.0
 */
export const NotReportedOrigin = t.exact(t.type({ kind: t.literal('NOT_REPORTED') }), 'NotReportedOrigin')

/**
 * The origin of a program or proposal.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Origin = t.union(
  [
    PemdaProposalOrigin,
    AspirasiDprOrigin,
    AspirasiDprdOrigin,
    GroupProposalOrigin,
    MinistryInitiativeOrigin,
    DinasInitiativeOrigin,
    NotReportedOrigin,
  ],
  'Origin',
)

/**
 * @category model
 * @since 0.1.0
 */
export type Origin = t.TypeOf<typeof Origin>

/**
 * The origin kinds.
 *
 * @category model
 * @since 0.1.0
 */
export type OriginKind = Origin['kind']
