/**
 * Events of a proposal (usulan): a Pemda, a group or a DPR member asks the ministry for support, item by item;
 * each item is assessed and accepted (spawning a program) or rejected.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { defineEvent, eventRegistry, type EventOf } from '../../index'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { FiscalYear } from '../values/FiscalYear'
import { FundingSource } from '../values/FundingSource'
import { KbliRef } from '../values/Kbli'
import { OfficialRef, OrgRef } from '../values/Organisation'
import { Origin } from '../values/Origin'
import { PositiveRupiah } from '../values/Money'
import { RegionRef } from '../values/Region'
import { NonBlank } from '../internal/Commands'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * What an item asks for.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProposalItemKind = t.keyof(
  {
    BIMTEK: null,
    EQUIPMENT: null,
    SENTRA_BUILD: null,
    SENTRA_REVITALIZE: null,
    UPTD_MACHINE_REVITALIZATION: null,
    DAK_NONFISIK_CAPACITY: null,
    CAPITAL_ASSISTANCE: null,
  },
  'ProposalItemKind',
)

/**
 * One request of a proposal. Unknown amounts and sources are left out, never guessed.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProposalItem = exactStruct(
  { itemId: NonBlank, kind: ProposalItemKind, description: NonBlank, region: RegionRef },
  {
    kbli: t.readonlyArray(KbliRef),
    facilityId: NonBlank,
    requestedSource: FundingSource,
    requestedAmount: PositiveRupiah,
    targetFiscalYear: FiscalYear,
    productFocus: t.readonlyArray(NonBlank),
  },
  'ProposalItem',
)

/**
 * @category model
 * @since 0.1.0
 */
export type ProposalItem = t.TypeOf<typeof ProposalItem>

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalSubmittedData = t.exact(
  t.intersection([
    t.type({
      proposalId: NonBlank,
      origin: Origin,
      addressee: OfficialRef,
      items: t.readonlyArray(ProposalItem),
      documents: t.readonlyArray(DocumentRef),
    }),
    // Who proposed it may be unreported in an import; an operational proposal names them.
    t.partial({ proposer: OfficialRef }),
  ]),
  'ProposalSubmittedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalExposedData = t.exact(
  t.type({ meetingPlace: NonBlank, attendees: t.readonlyArray(OfficialRef) }),
  'ProposalExposedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalIdentificationStartedData = exactStruct(
  { by: OfficialRef },
  { nextSteps: t.string },
  'ProposalIdentificationStartedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const AssessmentResult = t.keyof({ FEASIBLE: null, NOT_FEASIBLE: null }, 'AssessmentResult')

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalAssessedData = exactStruct(
  { itemId: NonBlank, assessor: OrgRef, result: AssessmentResult },
  { score: t.number, notes: t.string },
  'ProposalAssessedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalItemAcceptedData = t.exact(
  t.type({ itemId: NonBlank, programId: NonBlank, fundingSource: FundingSource, fiscalYear: FiscalYear }),
  'ProposalItemAcceptedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalItemRejectedData = t.exact(
  t.type({ itemId: NonBlank, reason: NonBlank }),
  'ProposalItemRejectedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ProposalWithdrawnData = t.exact(t.type({ reason: NonBlank }), 'ProposalWithdrawnData')

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * Usulan diajukan.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalSubmitted = defineEvent('ProposalSubmitted', ProposalSubmittedData)

/**
 * Ekspose usulan.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalExposed = defineEvent('ProposalExposed', ProposalExposedData)

/**
 * Identifikasi tindak lanjut.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalIdentificationStarted = defineEvent(
  'ProposalIdentificationStarted',
  ProposalIdentificationStartedData,
)

/**
 * Penilaian kelayakan (tim penilai), one item.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalAssessed = defineEvent('ProposalAssessed', ProposalAssessedData)

/**
 * Usulan diterima: the item becomes program `programId` in a fiscal year.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalItemAccepted = defineEvent('ProposalItemAccepted', ProposalItemAcceptedData)

/**
 * Usulan ditolak.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalItemRejected = defineEvent('ProposalItemRejected', ProposalItemRejectedData)

/**
 * Usulan ditarik.
 *
 * @category events
 * @since 0.1.0
 */
export const ProposalWithdrawn = defineEvent('ProposalWithdrawn', ProposalWithdrawnData)

const definitions = [
  ProposalSubmitted,
  ProposalExposed,
  ProposalIdentificationStarted,
  ProposalAssessed,
  ProposalItemAccepted,
  ProposalItemRejected,
  ProposalWithdrawn,
] as const

/**
 * The registry of the `proposal-<id>` stream's events. No documentary rule applies to proposals, so no gap events.
 *
 * @category events
 * @since 0.1.0
 */
export const proposalEvents = eventRegistry(definitions)

/**
 * @category model
 * @since 0.1.0
 */
export type ProposalEvent = EventOf<(typeof definitions)[number]>
