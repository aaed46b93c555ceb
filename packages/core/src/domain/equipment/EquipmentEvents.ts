/**
 * Events of an equipment aid package (paket bantuan peralatan, BMN): procurement, the legal custody chain
 * satker → Pemda → group, monitoring and write-off. A ceremonial handover is recorded but has no legal effect.
 * Document fields are optional because imported history may lack them; the gap is then recorded as a
 * `ComplianceGapNoted` event, never filled in.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate, defineEvent, eventRegistry, type EventOf } from '../../index'
import { ComplianceGapNoted, ComplianceGapResolved } from '../ComplianceGap'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { KbliRef } from '../values/Kbli'
import { OfficialRef, OrgRef } from '../values/Organisation'
import { PositiveRupiah, Rupiah } from '../values/Money'
import { Unit } from '../values/Quantity'
import { PersonId } from '../group/GroupEvents'
import { NonBlank, PositiveCount } from '../internal/Commands'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Who paid for the package: a ministry satker (BMN, must travel the whole legal chain to the Pemda) or the Pemda
 * itself (APBD / DAK: BMD from the start, R21's exception).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProcuredBy = t.keyof({ SATKER: null, PEMDA: null }, 'ProcuredBy')

/**
 * One line of a package. The unit price is left out when unknown.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentItem = exactStruct(
  { name: NonBlank, qty: PositiveCount, unit: Unit },
  { spec: t.string, unitPrice: Rupiah },
  'EquipmentItem',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EquipmentItem = t.TypeOf<typeof EquipmentItem>

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentProcuredData = exactStruct(
  {
    packageId: NonBlank,
    programId: NonBlank,
    procuredBy: ProcuredBy,
    procuringOrg: OrgRef,
    description: NonBlank,
    items: t.readonlyArray(EquipmentItem),
  },
  {
    fundingLineId: NonBlank,
    totalValue: PositiveRupiah,
    kbliUse: KbliRef,
    contractDoc: DocumentRef,
    bastSupplierDoc: DocumentRef,
    bmnCode: NonBlank,
    nup: NonBlank,
  },
  'EquipmentProcuredData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentCeremoniallyHandedOverData = exactStruct(
  { to: t.readonlyArray(OrgRef) },
  { by: OfficialRef, place: NonBlank },
  'EquipmentCeremoniallyHandedOverData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentOperationallyHandedOverData = exactStruct(
  { from: OrgRef, to: OrgRef },
  { via: OrgRef, bastDoc: DocumentRef },
  'EquipmentOperationallyHandedOverData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentDocumentData = exactStruct({}, { doc: DocumentRef }, 'EquipmentDocumentData')

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentHibahApprovedData = exactStruct(
  { approver: OrgRef },
  { doc: DocumentRef },
  'EquipmentHibahApprovedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentOwnershipTransferredData = exactStruct(
  { toPemda: OrgRef },
  { naskahHibahDoc: DocumentRef, bastDoc: DocumentRef },
  'EquipmentOwnershipTransferredData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
/**
 * Conditions a Pemda attaches to a hibah or a loan (pinjam pakai).
 *
 * @category codecs
 * @since 0.1.0
 */
export const GrantCondition = t.keyof({ NO_TRANSFER: null, REPORT_USAGE: null, MAINTAIN: null }, 'GrantCondition')

/**
 * @category model
 * @since 0.1.0
 */
export type GrantCondition = t.TypeOf<typeof GrantCondition>

/**
 * A loan (pinjam pakai): the Pemda stays the owner. `until` is the end of its term (a civil date) and `termMonths`
 * its length when the source gives that instead; `conditions` are the loan's conditions (R25 applies to them as
 * to a grant's). The agreement is a pinjam-pakai agreement or a PKS.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentLentToGroupData = exactStruct(
  { groupId: NonBlank, lender: OrgRef },
  {
    until: t.string,
    termMonths: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveMonths'),
    conditions: t.readonlyArray(GrantCondition),
    agreementDoc: DocumentRef,
  },
  'EquipmentLentToGroupData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentGrantedToGroupData = exactStruct(
  { groupId: NonBlank, grantor: OrgRef, conditions: t.readonlyArray(GrantCondition) },
  { grantDoc: DocumentRef },
  'EquipmentGrantedToGroupData',
)

/**
 * Who receives equipment from the Pemda: a group (KUB, koperasi, kelompok sentra) by its id, or an individual IKM
 * business — a household industry (`INDUSTRI_RUMAH_TANGGA`) or a small or medium industry — by the person id of its
 * owner. A business has no name in the log: its owner is a `person-<id>` whose record the PII vault holds.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecipientRef = t.union(
  [
    exactStruct({ kind: t.literal('GROUP'), groupId: NonBlank }, {}, 'GroupRecipient'),
    exactStruct(
      { kind: t.literal('BUSINESS'), ownerPersonId: PersonId },
      { businessKind: t.keyof({ INDUSTRI_RUMAH_TANGGA: null, INDUSTRI_KECIL: null, INDUSTRI_MENENGAH: null }) },
      'BusinessRecipient',
    ),
  ],
  'RecipientRef',
)

/**
 * @category model
 * @since 0.1.0
 */
export type RecipientRef = t.TypeOf<typeof RecipientRef>

/**
 * One line of a recipient's share of a package, as a document (the BAST, the NPHD's annex) records it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ShareItem = exactStruct({ name: NonBlank, qty: PositiveCount, unit: Unit }, {}, 'ShareItem')

/**
 * A recipient and, when a document records it, what it received. Without `items` the recipient shares the
 * package with the others and its part is not reported: it is never made up.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecipientShare = exactStruct(
  { recipient: RecipientRef },
  { items: t.readonlyArray(ShareItem) },
  'RecipientShare',
)

/**
 * @category model
 * @since 0.1.0
 */
export type RecipientShare = t.TypeOf<typeof RecipientShare>

/**
 * A hibah of the package from the Pemda to one or more recipients — groups and individual businesses alike.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentGrantedToRecipientsData = exactStruct(
  { grantor: OrgRef, conditions: t.readonlyArray(GrantCondition), recipients: t.readonlyArray(RecipientShare) },
  { grantDoc: DocumentRef },
  'EquipmentGrantedToRecipientsData',
)

/**
 * A loan (pinjam pakai) of the package to one or more recipients; the Pemda stays the owner. `until` ends its
 * term (`termMonths` when the source gives only the length); the loan converts into a grant to the same
 * recipients after it (`GrantEquipmentToRecipients`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentLentToRecipientsData = exactStruct(
  { lender: OrgRef, recipients: t.readonlyArray(RecipientShare) },
  {
    until: CivilDate,
    termMonths: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveMonths'),
    conditions: t.readonlyArray(GrantCondition),
    agreementDoc: DocumentRef,
  },
  'EquipmentLentToRecipientsData',
)

/**
 * What a monitoring visit (monev) found.
 *
 * @category codecs
 * @since 0.1.0
 */
export const UtilizationStatus = t.keyof(
  {
    IN_USE: null,
    UNDERUSED: null,
    NOT_USED: null,
    DAMAGED: null,
    MISSING: null,
    TRANSFERRED_WITHOUT_PERMISSION: null,
  },
  'UtilizationStatus',
)

/**
 * @category model
 * @since 0.1.0
 */
export type UtilizationStatus = t.TypeOf<typeof UtilizationStatus>

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentUtilizationMonitoredData = exactStruct(
  { status: UtilizationStatus, visitedBy: OrgRef },
  { note: t.string },
  'EquipmentUtilizationMonitoredData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentReassignedData = exactStruct(
  { fromGroupId: NonBlank, toGroupId: NonBlank, reason: NonBlank },
  { decisionDoc: DocumentRef },
  'EquipmentReassignedData',
)

/**
 * The package is kept and used at a facility (a sentra, UPT or UPTD) — for example machines placed in the UPTD
 * that runs a sentra. It changes where the goods are, not who owns them or which recipient uses them.
 * `facilityKind` and `manager` are copied from the facility's facts at the time, so a custody report can name the
 * body that holds the goods.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentPlacedAtFacilityData = exactStruct(
  { facilityId: NonBlank, facilityKind: t.keyof({ SENTRA: null, UPT: null, UPTD: null }) },
  { manager: OrgRef, doc: DocumentRef, note: t.string },
  'EquipmentPlacedAtFacilityData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const EquipmentWrittenOffData = exactStruct(
  { reason: NonBlank },
  { doc: DocumentRef },
  'EquipmentWrittenOffData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * Pengadaan selesai (BAST penyedia → PPK).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentProcured = defineEvent('EquipmentProcured', EquipmentProcuredData)

/**
 * Penyerahan simbolis (seremoni): history only, no legal effect (R23).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentCeremoniallyHandedOver = defineEvent(
  'EquipmentCeremoniallyHandedOver',
  EquipmentCeremoniallyHandedOverData,
)

/**
 * Serah terima operasional, satker → Pemda (BAST operasional).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentOperationallyHandedOver = defineEvent(
  'EquipmentOperationallyHandedOver',
  EquipmentOperationallyHandedOverData,
)

/**
 * Penetapan status penggunaan (PSP).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentUsageStatusDetermined = defineEvent('EquipmentUsageStatusDetermined', EquipmentDocumentData)

/**
 * Persetujuan hibah.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentHibahApproved = defineEvent('EquipmentHibahApproved', EquipmentHibahApprovedData)

/**
 * Serah terima kepemilikan: hibah BMN to the Pemda.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentOwnershipTransferred = defineEvent(
  'EquipmentOwnershipTransferred',
  EquipmentOwnershipTransferredData,
)

/**
 * Penghapusan dari daftar BMN (the ministry's books).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentDerecognizedFromBmn = defineEvent('EquipmentDerecognizedFromBmn', EquipmentDocumentData)

/**
 * Pinjam pakai: the group uses it, the Pemda keeps ownership.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentLentToGroup = defineEvent('EquipmentLentToGroup', EquipmentLentToGroupData)

/**
 * Hibah (BMD) from the Pemda to a group.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentGrantedToGroup = defineEvent('EquipmentGrantedToGroup', EquipmentGrantedToGroupData)

/**
 * Hibah (BMD) from the Pemda to one or more recipients: groups and individual IKM businesses.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentGrantedToRecipients = defineEvent(
  'EquipmentGrantedToRecipients',
  EquipmentGrantedToRecipientsData,
)

/**
 * Pinjam pakai to one or more recipients: groups and individual IKM businesses.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentLentToRecipients = defineEvent('EquipmentLentToRecipients', EquipmentLentToRecipientsData)

/**
 * Monev pemanfaatan.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentUtilizationMonitored = defineEvent(
  'EquipmentUtilizationMonitored',
  EquipmentUtilizationMonitoredData,
)

/**
 * Dialihkan ke kelompok lain.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentReassigned = defineEvent('EquipmentReassigned', EquipmentReassignedData)

/**
 * Ditempatkan di sentra / UPT / UPTD.
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentPlacedAtFacility = defineEvent('EquipmentPlacedAtFacility', EquipmentPlacedAtFacilityData)

/**
 * Dihapuskan (rusak / hilang).
 *
 * @category events
 * @since 0.1.0
 */
export const EquipmentWrittenOff = defineEvent('EquipmentWrittenOff', EquipmentWrittenOffData)

const definitions = [
  EquipmentProcured,
  EquipmentCeremoniallyHandedOver,
  EquipmentOperationallyHandedOver,
  EquipmentUsageStatusDetermined,
  EquipmentHibahApproved,
  EquipmentOwnershipTransferred,
  EquipmentDerecognizedFromBmn,
  EquipmentLentToGroup,
  EquipmentGrantedToGroup,
  EquipmentLentToRecipients,
  EquipmentGrantedToRecipients,
  EquipmentUtilizationMonitored,
  EquipmentReassigned,
  EquipmentPlacedAtFacility,
  EquipmentWrittenOff,
  ComplianceGapNoted,
  ComplianceGapResolved,
] as const

/**
 * The registry of the `equipment-<id>` stream's events.
 *
 * @category events
 * @since 0.1.0
 */
export const equipmentEvents = eventRegistry(definitions)

/**
 * @category model
 * @since 0.1.0
 */
export type EquipmentEvent = EventOf<(typeof definitions)[number]>
