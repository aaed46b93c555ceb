/**
 * Commands of an equipment package, as io-ts codecs, and their decoder. Every command names its `packageId`.
 * Facts about other aggregates (a recipient group's existence, status and region) travel in the command, looked
 * up by the caller with `groupFactsOf`, because deciders are pure.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import type { DomainError } from '../DomainError'
import { FacilityFacts } from '../facility/FacilityFacts'
import { RecipientGroupFacts } from '../group/GroupFacts'
import * as t from 'io-ts'
import { commandCodec, decodeCommandOf, entityCommand, onEntity } from '../internal/Commands'
import { BusinessOwnerFacts } from './RecipientFacts'
import { ResolveComplianceGapData } from '../internal/DeciderSupport'
import {
  EquipmentCeremoniallyHandedOverData,
  EquipmentDocumentData,
  EquipmentGrantedToGroupData,
  EquipmentGrantedToRecipientsData,
  EquipmentLentToRecipientsData,
  EquipmentHibahApprovedData,
  EquipmentLentToGroupData,
  EquipmentOperationallyHandedOverData,
  EquipmentOwnershipTransferredData,
  EquipmentPlacedAtFacilityData,
  EquipmentProcuredData,
  EquipmentReassignedData,
  EquipmentUtilizationMonitoredData,
  EquipmentWrittenOffData,
} from './EquipmentEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const onPackage = onEntity('packageId')
const packageCommand = entityCommand('packageId')

/**
 * Records a finished procurement (R20).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProcureEquipment = commandCodec('ProcureEquipment', EquipmentProcuredData)

/**
 * Records a ceremonial (symbolic) handover reported in the news: history only (R23).
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecordCeremonialHandover = packageCommand('RecordCeremonialHandover', EquipmentCeremoniallyHandedOverData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const HandOverEquipmentOperationally = packageCommand(
  'HandOverEquipmentOperationally',
  EquipmentOperationallyHandedOverData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const DetermineEquipmentUsageStatus = packageCommand('DetermineEquipmentUsageStatus', EquipmentDocumentData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ApproveEquipmentHibah = packageCommand('ApproveEquipmentHibah', EquipmentHibahApprovedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const TransferEquipmentOwnership = packageCommand(
  'TransferEquipmentOwnership',
  EquipmentOwnershipTransferredData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const DerecognizeEquipmentFromBmn = packageCommand('DerecognizeEquipmentFromBmn', EquipmentDocumentData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const LendEquipmentToGroup = packageCommand('LendEquipmentToGroup', EquipmentLentToGroupData, {
  group: RecipientGroupFacts,
})

/**
 * @category codecs
 * @since 0.1.0
 */
export const GrantEquipmentToGroup = packageCommand('GrantEquipmentToGroup', EquipmentGrantedToGroupData, {
  group: RecipientGroupFacts,
})

/**
 * The facts of every recipient named: `groups` for group recipients (`groupFactsOf`), `owners` for individual
 * businesses (`businessOwnerFactsOf`).
 */
const recipientFacts = {
  groups: t.readonlyArray(RecipientGroupFacts),
  owners: t.readonlyArray(BusinessOwnerFacts),
}

/**
 * Lends the package (pinjam pakai) to one or more recipients — groups and individual businesses — with each
 * one's share when a document records it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LendEquipmentToRecipients = commandCodec(
  'LendEquipmentToRecipients',
  t.intersection([onPackage({}, EquipmentLentToRecipientsData), t.exact(t.partial(recipientFacts))]),
)

/**
 * Grants the package (hibah) to one or more recipients — groups and individual businesses — with each one's share
 * when a document records it; on a package lent to the same recipients, converts the loan after its term.
 *
 * @category codecs
 * @since 0.1.0
 */
export const GrantEquipmentToRecipients = commandCodec(
  'GrantEquipmentToRecipients',
  t.intersection([onPackage({}, EquipmentGrantedToRecipientsData), t.exact(t.partial(recipientFacts))]),
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const MonitorEquipmentUtilization = packageCommand(
  'MonitorEquipmentUtilization',
  EquipmentUtilizationMonitoredData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ReassignEquipment = packageCommand('ReassignEquipment', EquipmentReassignedData, {
  toGroup: RecipientGroupFacts,
})

/**
 * Records that the package is kept at a facility (sentra, UPT, UPTD), with the facility's facts looked up by the
 * caller (`facilityFactsOf`); the event copies its kind and manager.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PlaceEquipmentAtFacility = packageCommand('PlaceEquipmentAtFacility', EquipmentPlacedAtFacilityData, {
  facility: FacilityFacts,
})

/**
 * @category codecs
 * @since 0.1.0
 */
export const WriteOffEquipment = packageCommand('WriteOffEquipment', EquipmentWrittenOffData)

/**
 * Closes a compliance gap of the package with the document that was missing.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ResolveEquipmentComplianceGap = packageCommand('ResolveComplianceGap', ResolveComplianceGapData)

/**
 * @category model
 * @since 0.1.0
 */
export type EquipmentCommand = t.TypeOf<(typeof equipmentCommandCodecs)[keyof typeof equipmentCommandCodecs]>

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const equipmentCommandCodecs = {
  ProcureEquipment,
  RecordCeremonialHandover,
  HandOverEquipmentOperationally,
  DetermineEquipmentUsageStatus,
  ApproveEquipmentHibah,
  TransferEquipmentOwnership,
  DerecognizeEquipmentFromBmn,
  LendEquipmentToGroup,
  GrantEquipmentToGroup,
  LendEquipmentToRecipients,
  GrantEquipmentToRecipients,
  MonitorEquipmentUtilization,
  ReassignEquipment,
  PlaceEquipmentAtFacility,
  WriteOffEquipment,
  ResolveComplianceGap: ResolveEquipmentComplianceGap,
} as const

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes untrusted input into an equipment command; a failure names the command and the io-ts path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeEquipmentCommand: (input: unknown) => E.Either<DomainError, EquipmentCommand> =
  decodeCommandOf<EquipmentCommand>('equipment', equipmentCommandCodecs)
