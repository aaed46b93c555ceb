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
import { decodeIkmEvent, orgCell, sortedEntries, type OrgCell } from './internal/Events'
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
  readonly recipient: { readonly kind: 'GROUP' | 'ORGANISATION'; readonly id: string; readonly name: string }
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

interface PackageRecord {
  readonly packageId: string
  readonly state: Exclude<EquipmentState, { readonly status: 'NONE' }>
  readonly chain: ReadonlyArray<CustodyStep>
  readonly ceremonies: ReadonlyArray<CeremonialHandover>
  readonly lastMonitoringOn: string | null
  readonly groupName: string | null
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
const groups = table<GroupRecord>(
  'rm3_groups',
  (g) => g.groupId,
  () => '',
)

/**
 * RM-3 as a read model (tables `rm3_packages`, `rm3_groups`).
 *
 * @category read models
 * @since 0.1.0
 */
export const equipmentCustody: ReadModel = {
  name: 'ikm-rm3-equipment-custody',
  // 2: typed table beside the JSON rows (TypedViews).
  version: 2,
  handles: { categories: ['equipment', 'group'], types: [...equipmentEvents.types, 'GroupFormed'] },
  tables: [packages.name, groups.name],
  apply: function* (recorded: RecordedEvent): Rows<void> {
    const decoded = decodeIkmEvent(recorded)
    if (decoded?.category === 'equipment') yield* applyEquipment(recorded, decoded.event)
    if (decoded?.category === 'group' && decoded.event.type === 'GroupFormed') {
      const { groupId, name } = decoded.event.data
      yield* putRow(groups, { groupId, name })
      // A group recorded after its package was handed to it: name it in the row and in the chain.
      for (const p of yield* rowsInScope(packages, groupId)) {
        const chain = p.chain.map((step) =>
          step.to === groupId &&
          (step.step === 'LOAN_TO_GROUP' || step.step === 'GRANT_TO_GROUP' || step.step === 'REASSIGNED')
            ? { ...step, to: name }
            : step,
        )
        yield* putRow(packages, { ...p, groupName: name, chain })
      }
    }
  },
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
    const records =
      filter.recipientId === undefined ? yield* allRows(packages) : yield* rowsInScope(packages, filter.recipientId)
    return records.map(custodyRow)
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

const stepOf = (recorded: RecordedEvent, event: EquipmentEvent, groupName: string | null): CustodyStep | undefined => {
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
  const step = stepOf(recorded, event, groupName)
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
  const group = p.groupName ?? s.groupId ?? 'a group'
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
    recipient:
      s.groupId === undefined
        ? { kind: 'ORGANISATION', id: s.holder.orgId, name: s.holder.nameAtEvent }
        : { kind: 'GROUP', id: s.groupId, name: p.groupName ?? s.groupId },
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
