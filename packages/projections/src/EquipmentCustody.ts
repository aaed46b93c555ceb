/**
 * RM-3, the equipment custody chain by recipient: for each package, who holds and who owns it now, every
 * legal handover (BAST) in order with its document or the fact that it is missing, the ceremonial handovers
 * (which never move custody, rule R23), the hibah status, the last monitoring and the compliance flags.
 *
 * @since 0.1.0
 */
import type { Evidence, RecordedEvent } from '@ikm-ledger/core'
import {
  equipmentDecider,
  equipmentEvents,
  findDocument,
  type Custody,
  type DocKind,
  type DocumentRef,
  type EquipmentEvent,
  type EquipmentState,
} from '@ikm-ledger/core/domain'
import * as O from 'fp-ts/Option'
import { onIkmEvent, orgCell, sortedEntries, type OrgCell } from './internal/Events'
import { businessOfPersonEn } from './internal/Phrases'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One legal step of the custody chain and its document (`null` when the document is missing).
 *
 * @category model
 * @since 0.1.0
 */
export interface CustodyStep {
  readonly step:
    | 'SUPPLIER_TO_PPK'
    | 'OPERATIONAL_TO_PEMDA'
    | 'OWNERSHIP_TO_PEMDA'
    | 'LOAN_TO_GROUP'
    | 'GRANT_TO_GROUP'
    | 'LOAN_TO_RECIPIENTS'
    | 'GRANT_TO_RECIPIENTS'
    | 'REASSIGNED'
  readonly occurredOn: string
  readonly to: string
  readonly document: { readonly kind: string; readonly number: string | null } | null
}

/**
 * A ceremonial handover (penyerahan simbolis): history only, no legal effect.
 *
 * @category model
 * @since 0.1.0
 */
export interface CeremonialHandover {
  readonly occurredOn: string
  readonly to: ReadonlyArray<string>
  readonly place: string | null
  readonly by: string | null
}

/**
 * One row of RM-3. `recipient` is the group using or owning the package, else the organisation holding it.
 *
 * @category model
 * @since 0.1.0
 */
export interface EquipmentCustodyRow {
  readonly packageId: string
  readonly programId: string
  readonly description: string
  /**
   * Who has it: one group, one individual business (named by its owner's person id, never by a name), several
   * recipients together (`RECIPIENTS`, each listed in `recipients`), else the organisation holding it.
   */
  readonly recipient: {
    readonly kind: 'GROUP' | 'BUSINESS' | 'RECIPIENTS' | 'ORGANISATION'
    readonly id: string
    readonly name: string
  }
  /** Every recipient of the current loan or grant, with its share when a document recorded it (`null`: not reported). */
  readonly recipients: ReadonlyArray<RecipientCell>
  /** The facility (sentra, UPT, UPTD) recorded as keeping the goods. */
  readonly keptAt: string | null
  readonly custody: Custody
  /** Who has it, in words: "Pemerintah Kabupaten Musi Banyuasin (operational, BAST missing)". */
  readonly custodian: string
  readonly holder: OrgCell
  readonly owner: OrgCell
  readonly totalValue: bigint | null
  readonly chain: ReadonlyArray<CustodyStep>
  readonly ceremonies: ReadonlyArray<CeremonialHandover>
  readonly hibahStatus: 'PENDING' | 'LENT' | 'GRANTED' | 'WRITTEN_OFF'
  readonly lastMonitoring: { readonly status: string; readonly occurredOn: string } | null
  readonly complianceFlags: ReadonlyArray<string>
}

/**
 * One recipient of a package: a group (by id and name) or an individual business (by its owner's person id).
 *
 * @category model
 * @since 0.1.0
 */
export interface RecipientCell {
  readonly kind: 'GROUP' | 'BUSINESS'
  readonly id: string
  readonly name: string | null
  readonly items: ReadonlyArray<{ readonly name: string; readonly qty: number; readonly unit: string }> | null
}

interface RecipientIndex {
  readonly recipientId: string
  readonly packageId: string
}

interface PackageRecord {
  readonly packageId: string
  readonly state: Exclude<EquipmentState, { readonly status: 'NONE' }>
  readonly chain: ReadonlyArray<CustodyStep>
  readonly ceremonies: ReadonlyArray<CeremonialHandover>
  readonly lastMonitoringOn: string | null
  readonly groupName: string | null
  /** Absent on rows written before version 3. */
  readonly recipients?: ReadonlyArray<RecipientCell>
}

interface GroupRecord {
  readonly groupId: string
  readonly name: string
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const recipientIdOf = (p: PackageRecord): string => p.state.groupId ?? p.state.holder.orgId

const packages = table<PackageRecord>('rm3_packages', (p) => p.packageId, recipientIdOf)
const recipientIndex = table<RecipientIndex>(
  'rm3_recipients',
  (r) => `${r.recipientId}|${r.packageId}`,
  (r) => r.recipientId,
)
const groups = table<GroupRecord>(
  'rm3_groups',
  (g) => g.groupId,
  () => '',
)

/**
 * RM-3 as a read model (tables `rm3_packages`, `rm3_groups`, `rm3_recipients`).
 *
 * @category read models
 * @since 0.1.0
 */
export const equipmentCustody: ReadModel = {
  name: 'ikm-rm3-equipment-custody',
  // 2: typed table beside the JSON rows (TypedViews).
  // 3: several recipients per package, individual businesses, the facility keeping the goods.
  version: 3,
  handles: { categories: ['equipment', 'group'], types: [...equipmentEvents.types, 'GroupFormed'] },
  tables: [packages.name, groups.name, recipientIndex.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'equipment') yield* applyEquipment(recorded, decoded.event)
    if (decoded.category === 'group' && decoded.event.type === 'GroupFormed') {
      const { groupId, name } = decoded.event.data
      // A group the source does not name has nothing to add to the rows: they keep showing its id.
      if (name === undefined) return
      yield* putRow(groups, { groupId, name })
      // A group recorded after its package was handed to it: name it in the row and in the chain.
      for (const p of yield* rowsInScope(packages, groupId)) {
        const chain = p.chain.map((step) =>
          step.to === groupId &&
          (step.step === 'LOAN_TO_GROUP' || step.step === 'GRANT_TO_GROUP' || step.step === 'REASSIGNED')
            ? { ...step, to: name }
            : step,
        )
        const recipients = p.recipients?.map((r) => (r.kind === 'GROUP' && r.id === groupId ? { ...r, name } : r))
        yield* putRow(packages, { ...p, groupName: name, chain, ...(recipients === undefined ? {} : { recipients }) })
      }
      for (const link of yield* rowsInScope(recipientIndex, groupId)) {
        const p = yield* getRow(packages, link.packageId)
        if (p?.recipients === undefined) continue
        const recipients = p.recipients.map((r) => (r.kind === 'GROUP' && r.id === groupId ? { ...r, name } : r))
        yield* putRow(packages, { ...p, recipients })
      }
    }
  }),
}

/**
 * The packages ordered by package id; optionally only those of one recipient (a group id or an org id).
 *
 * @category queries
 * @since 0.1.0
 */
export const equipmentCustodyRows = (
  filter: { readonly recipientId?: string } = {},
): RowQuery<ReadonlyArray<EquipmentCustodyRow>> =>
  function* () {
    if (filter.recipientId === undefined) return (yield* allRows(packages)).map(custodyRow)
    const records = [...(yield* rowsInScope(packages, filter.recipientId))]
    for (const link of yield* rowsInScope(recipientIndex, filter.recipientId)) {
      if (records.some((r) => r.packageId === link.packageId)) continue
      const p = yield* getRow(packages, link.packageId)
      // Only the packages the recipient still has.
      if (p !== undefined && (p.recipients ?? []).some((r) => r.id === filter.recipientId)) records.push(p)
    }
    return records.sort((a, b) => (a.packageId < b.packageId ? -1 : a.packageId > b.packageId ? 1 : 0)).map(custodyRow)
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const documentOf = (
  kinds: ReadonlyArray<DocKind>,
  given: DocumentRef | undefined,
  evidence: Evidence,
): CustodyStep['document'] =>
  O.match(
    () => null,
    (d: DocumentRef) => ({ kind: d.kind, number: d.number ?? null }),
  )(findDocument(kinds, given, evidence))

const describeRecipients = (cells: ReadonlyArray<RecipientCell>): string =>
  cells.map((c) => (c.kind === 'GROUP' ? (c.name ?? c.id) : businessOfPersonEn(c.id))).join('; ')

const stepOf = (
  recorded: RecordedEvent,
  event: EquipmentEvent,
  groupName: string | null,
  cells: ReadonlyArray<RecipientCell>,
): CustodyStep | undefined => {
  const occurredOn = recorded.metadata.occurredOn
  const evidence = recorded.metadata.evidence
  switch (event.type) {
    case 'EquipmentProcured':
      return event.data.procuredBy === 'SATKER'
        ? {
            step: 'SUPPLIER_TO_PPK',
            occurredOn,
            to: event.data.procuringOrg.nameAtEvent,
            document: documentOf(['BAST_PENYEDIA_PPK'], event.data.bastSupplierDoc, evidence),
          }
        : undefined
    case 'EquipmentOperationallyHandedOver':
      return {
        step: 'OPERATIONAL_TO_PEMDA',
        occurredOn,
        to: event.data.to.nameAtEvent,
        document: documentOf(['BAST_OPERASIONAL'], event.data.bastDoc, evidence),
      }
    case 'EquipmentOwnershipTransferred':
      return {
        step: 'OWNERSHIP_TO_PEMDA',
        occurredOn,
        to: event.data.toPemda.nameAtEvent,
        document: documentOf(['BAST_HIBAH', 'NASKAH_HIBAH'], event.data.bastDoc ?? event.data.naskahHibahDoc, evidence),
      }
    case 'EquipmentLentToGroup':
      return {
        step: 'LOAN_TO_GROUP',
        occurredOn,
        to: groupName ?? event.data.groupId,
        document: documentOf(['PINJAM_PAKAI', 'PKS', 'MOU', 'BAST_OPERASIONAL'], event.data.agreementDoc, evidence),
      }
    case 'EquipmentGrantedToGroup':
      return {
        step: 'GRANT_TO_GROUP',
        occurredOn,
        to: groupName ?? event.data.groupId,
        document: documentOf(['NPHD', 'BAST_HIBAH'], event.data.grantDoc, evidence),
      }
    case 'EquipmentLentToRecipients':
      return {
        step: 'LOAN_TO_RECIPIENTS',
        occurredOn,
        to: describeRecipients(cells),
        document: documentOf(['PINJAM_PAKAI', 'PKS', 'MOU', 'BAST_OPERASIONAL'], event.data.agreementDoc, evidence),
      }
    case 'EquipmentGrantedToRecipients':
      return {
        step: 'GRANT_TO_RECIPIENTS',
        occurredOn,
        to: describeRecipients(cells),
        document: documentOf(['NPHD', 'BAST_HIBAH'], event.data.grantDoc, evidence),
      }
    case 'EquipmentReassigned':
      return {
        step: 'REASSIGNED',
        occurredOn,
        to: groupName ?? event.data.toGroupId,
        document: documentOf(['OTHER', 'BAST_HIBAH', 'NPHD'], event.data.decisionDoc, evidence),
      }
    default:
      return undefined
  }
}

function* applyEquipment(recorded: RecordedEvent, event: EquipmentEvent): Rows<void> {
  const packageId = recorded.streamId.slice('equipment-'.length)
  const existing = yield* getRow(packages, packageId)
  const state = equipmentDecider.evolve(existing?.state ?? { status: 'NONE' }, event)
  if (state.status === 'NONE') return
  const groupId =
    event.type === 'EquipmentLentToGroup' || event.type === 'EquipmentGrantedToGroup'
      ? event.data.groupId
      : event.type === 'EquipmentReassigned'
        ? event.data.toGroupId
        : undefined
  const groupName =
    groupId === undefined ? (existing?.groupName ?? null) : ((yield* getRow(groups, groupId))?.name ?? null)
  let recipients = existing?.recipients
  if (event.type === 'EquipmentLentToRecipients' || event.type === 'EquipmentGrantedToRecipients') {
    const cells: Array<RecipientCell> = []
    for (const share of event.data.recipients) {
      const r = share.recipient
      const id = r.kind === 'GROUP' ? r.groupId : r.ownerPersonId
      cells.push({
        kind: r.kind,
        id,
        name: r.kind === 'GROUP' ? ((yield* getRow(groups, r.groupId))?.name ?? null) : null,
        items: share.items === undefined ? null : share.items.map((i) => ({ name: i.name, qty: i.qty, unit: i.unit })),
      })
      yield* putRow(recipientIndex, { recipientId: id, packageId })
    }
    recipients = cells
  } else if (
    event.type === 'EquipmentLentToGroup' ||
    event.type === 'EquipmentGrantedToGroup' ||
    event.type === 'EquipmentReassigned'
  ) {
    const id = event.type === 'EquipmentReassigned' ? event.data.toGroupId : event.data.groupId
    recipients = [{ kind: 'GROUP', id, name: groupName, items: null }]
  }
  const step = stepOf(recorded, event, groupName, recipients ?? [])
  const ceremony: ReadonlyArray<CeremonialHandover> =
    event.type === 'EquipmentCeremoniallyHandedOver'
      ? [
          {
            occurredOn: recorded.metadata.occurredOn,
            to: event.data.to.map((o) => o.nameAtEvent),
            place: event.data.place ?? null,
            by: event.data.by?.nameAtEvent ?? null,
          },
        ]
      : []
  yield* putRow(packages, {
    packageId,
    state,
    chain: [...(existing?.chain ?? []), ...(step === undefined ? [] : [step])],
    ceremonies: [...(existing?.ceremonies ?? []), ...ceremony],
    lastMonitoringOn:
      event.type === 'EquipmentUtilizationMonitored'
        ? recorded.metadata.occurredOn
        : (existing?.lastMonitoringOn ?? null),
    groupName,
    ...(recipients === undefined ? {} : { recipients }),
  })
}

const hibahStatusOf = (custody: Custody): EquipmentCustodyRow['hibahStatus'] =>
  custody === 'GRANTED_TO_GROUP'
    ? 'GRANTED'
    : custody === 'LENT_TO_GROUP'
      ? 'LENT'
      : custody === 'WRITTEN_OFF'
        ? 'WRITTEN_OFF'
        : 'PENDING'

const custodianOf = (p: PackageRecord): string => {
  const s = p.state
  const last = p.chain[p.chain.length - 1]
  const missing =
    last === undefined || last.document !== null
      ? ''
      : last.step === 'SUPPLIER_TO_PPK'
        ? ', supplier BAST missing'
        : ', BAST missing'
  const many = (p.recipients ?? []).length > 1 || (p.recipients ?? [])[0]?.kind === 'BUSINESS'
  const group = many ? describeRecipients(p.recipients ?? []) : (p.groupName ?? s.groupId ?? 'a group')
  switch (s.status) {
    case 'PROCURED':
      return `${s.holder.nameAtEvent} (procuring satker, not handed over${missing})`
    case 'WITH_PEMDA_OPERATIONAL':
      return `${s.holder.nameAtEvent} (operational${missing})`
    case 'OWNED_BY_PEMDA':
      return `${s.owner.nameAtEvent} (owner${missing})`
    case 'LENT_TO_GROUP':
      return `${group} (on loan from ${s.owner.nameAtEvent}${missing})`
    case 'GRANTED_TO_GROUP':
      return `${group} (granted${missing})`
    case 'WRITTEN_OFF':
      return 'written off'
  }
}

const UNSOUND_MONITORING: ReadonlySet<string> = new Set([
  'NOT_USED',
  'UNDERUSED',
  'DAMAGED',
  'MISSING',
  'TRANSFERRED_WITHOUT_PERMISSION',
])

const recipientOf = (p: PackageRecord): EquipmentCustodyRow['recipient'] => {
  const s = p.state
  const cells = s.status === 'LENT_TO_GROUP' || s.status === 'GRANTED_TO_GROUP' ? (p.recipients ?? []) : []
  const [only] = cells
  if (cells.length > 1)
    return { kind: 'RECIPIENTS', id: cells.map((c) => c.id).join('; '), name: describeRecipients(cells) }
  if (only?.kind === 'BUSINESS') return { kind: 'BUSINESS', id: only.id, name: describeRecipients(cells) }
  return s.groupId === undefined
    ? { kind: 'ORGANISATION', id: s.holder.orgId, name: s.holder.nameAtEvent }
    : { kind: 'GROUP', id: s.groupId, name: p.groupName ?? s.groupId }
}

const custodyRow = (p: PackageRecord): EquipmentCustodyRow => {
  const s = p.state
  const gapFlags = sortedEntries(s.openGaps)
    .map(([, g]) => g)
    .map((g) => `${g.rule}: ${g.missingDocKinds.length > 0 ? `missing ${g.missingDocKinds.join(', ')}` : g.note}`)
  const monitoringFlag =
    s.lastMonitoring !== undefined && UNSOUND_MONITORING.has(s.lastMonitoring)
      ? [`monitoring: ${s.lastMonitoring}`]
      : []
  return {
    packageId: p.packageId,
    programId: s.programId,
    description: s.description,
    recipient: recipientOf(p),
    recipients: s.status === 'LENT_TO_GROUP' || s.status === 'GRANTED_TO_GROUP' ? (p.recipients ?? []) : [],
    keptAt: s.facilityId ?? null,
    custody: s.status,
    custodian: custodianOf(p),
    holder: orgCell(s.holder),
    owner: orgCell(s.owner),
    totalValue: s.totalValue ?? null,
    chain: p.chain,
    ceremonies: p.ceremonies,
    hibahStatus: hibahStatusOf(s.status),
    lastMonitoring:
      s.lastMonitoring === undefined || p.lastMonitoringOn === null
        ? null
        : { status: s.lastMonitoring, occurredOn: p.lastMonitoringOn },
    complianceFlags: [...gapFlags, ...monitoringFlag],
  }
}
