/**
 * Decoding the recorded IKM events a read model handles, with the registry of the stream's aggregate. An event
 * that does not decode is a poison event, reported as a value: the runner stops (or parks it) with the reason,
 * never skips it.
 */
import { categoryOf, storeErrorMessage, type Evidence, type RecordedEvent, type StoreError } from '@ikm-ledger/core'
import {
  auditEvents,
  equipmentEvents,
  facilityEvents,
  groupEvents,
  personEvents,
  programEvents,
  proposalEvents,
  type AuditEvent,
  type EquipmentEvent,
  type FacilityEvent,
  type GroupEvent,
  type OrgRef,
  type PersonEvent,
  type ProgramEvent,
  type ProposalEvent,
  type RegionRef,
  type FundingSource,
} from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { periodEn } from './Phrases'
import type { Rows } from './Rows'

export type IkmEvent =
  | { readonly category: 'program'; readonly event: ProgramEvent }
  | { readonly category: 'equipment'; readonly event: EquipmentEvent }
  | { readonly category: 'facility'; readonly event: FacilityEvent }
  | { readonly category: 'proposal'; readonly event: ProposalEvent }
  | { readonly category: 'group'; readonly event: GroupEvent }
  | { readonly category: 'audit'; readonly event: AuditEvent }
  | { readonly category: 'person'; readonly event: PersonEvent }

const tagged = <Ev>(decoded: E.Either<StoreError, Ev>, wrap: (event: Ev) => IkmEvent) =>
  E.bimap(storeErrorMessage, wrap)(decoded)

/** The typed event, `Right(undefined)` for a stream category no IKM read model reads, `Left` if it does not decode. */
export const decodeIkmEvent = (recorded: RecordedEvent): E.Either<string, IkmEvent | undefined> => {
  switch (categoryOf(recorded.streamId)) {
    case 'program':
      return tagged(programEvents.decode(recorded), (event) => ({ category: 'program', event }))
    case 'equipment':
      return tagged(equipmentEvents.decode(recorded), (event) => ({ category: 'equipment', event }))
    case 'facility':
      return tagged(facilityEvents.decode(recorded), (event) => ({ category: 'facility', event }))
    case 'proposal':
      return tagged(proposalEvents.decode(recorded), (event) => ({ category: 'proposal', event }))
    case 'group':
      return tagged(groupEvents.decode(recorded), (event) => ({ category: 'group', event }))
    case 'audit':
      return tagged(auditEvents.decode(recorded), (event) => ({ category: 'audit', event }))
    case 'person':
      return tagged(personEvents.decode(recorded), (event) => ({ category: 'person', event }))
    default:
      return E.right(undefined)
  }
}

/** A read model's `apply` over the decoded event: one that does not decode is `Left`, and applies nothing. */
export const onIkmEvent = (apply: (decoded: IkmEvent, recorded: RecordedEvent) => Rows<void>) =>
  function* (recorded: RecordedEvent): Rows<E.Either<string, void>> {
    const decoded = decodeIkmEvent(recorded)
    if (E.isLeft(decoded)) return decoded
    if (decoded.right !== undefined) yield* apply(decoded.right, recorded)
    return E.right(undefined)
  }

/** The id after the category: `program-prg-1` → `prg-1`. */
export const entityIdOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1)

/**
 * A region as a row shows it: its code and its name as recorded.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionCell {
  readonly code: string
  readonly name: string
}

export const regionCell = (region: RegionRef): RegionCell => ({ code: region.code, name: region.nameAtEvent })

/**
 * An organisation as a row shows it: its id, kind and name as recorded.
 *
 * @category model
 * @since 0.1.0
 */
export interface OrgCell {
  readonly orgId: string
  readonly kind: string
  readonly name: string
}

export const orgCell = (org: OrgRef): OrgCell => ({ orgId: org.orgId, kind: org.kind, name: org.nameAtEvent })

const NEWS_KINDS: ReadonlySet<string> = new Set(['NEWS_ARTICLE', 'PHOTO'])

/** Nothing but news supports the fact: a `NEWS_REPORT`, or an inference whose only references are news or photos. */
export const restsOnNews = (evidence: Evidence): boolean =>
  evidence.level === 'NEWS_REPORT' ||
  (evidence.level === 'INFERRED' && evidence.refs.length > 0 && evidence.refs.every((r) => NEWS_KINDS.has(r.kind)))

/** Appends a value once. */
export const addOnce = <A>(values: ReadonlyArray<A>, value: A): ReadonlyArray<A> =>
  values.includes(value) ? values : [...values, value]

/**
 * A record's entries in key order. Rows come back from PostgreSQL `jsonb`, which does not keep key order, so
 * anything shown from a record is sorted first.
 */
export const sortedEntries = <V>(record: Readonly<Record<string, V>>): ReadonlyArray<readonly [string, V]> =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** Funding sources in the order of research §4.2 (central, deconcentrated, DAK, regional, other). */
export const SOURCE_ORDER: ReadonlyArray<FundingSource> = [
  'APBN_KL',
  'DEKONSENTRASI',
  'TUGAS_PEMBANTUAN',
  'DAK_FISIK',
  'DAK_NONFISIK',
  'DAK_TEMATIK',
  'DAK_UNSPECIFIED',
  'APBD_PROV',
  'APBD_KABKOTA',
  'RESTRUKTURISASI',
  'DBHCHT',
  'CSR',
  'OTHER',
]

/** The period an imported funding figure covers, as a label: `2020`, `2018-2020`, `until 2021`, `undated`. */
export const periodOf = (
  from: number | undefined,
  to: number | undefined,
): { readonly fiscalYear: number | null; readonly period: string } => {
  if (from !== undefined && to !== undefined) {
    return from === to
      ? { fiscalYear: from, period: String(from) }
      : { fiscalYear: null, period: periodEn.range(from, to) }
  }
  if (to !== undefined) return { fiscalYear: null, period: periodEn.until(to) }
  if (from !== undefined) return { fiscalYear: null, period: periodEn.from(from) }
  return { fiscalYear: null, period: periodEn.undated() }
}
