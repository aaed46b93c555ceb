/**
 * RM-8, the sentra and UPTD registry: each facility's kind, status, unit and worker counts, KBLI codes,
 * works history (build, revitalisation, machine revitalisation) and funding history by source, with
 * approximate imported figures kept apart from documented ones.
 *
 * @since 0.1.0
 */
import type { CivilDate } from '@ikm-ledger/core'
import {
  inclusiveDays,
  facilityDecider,
  facilityEvents,
  type FacilityEvent,
  type FacilityState,
  type FundingSource,
} from '@ikm-ledger/core/domain'
import { onIkmEvent, regionCell, sortedEntries, SOURCE_ORDER, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One contract of works on a facility.
 *
 * @category model
 * @since 0.1.0
 */
export interface FacilityWorksRow {
  readonly worksId: string
  readonly kind: 'BUILD' | 'REVITALIZE' | 'MACHINE_REVITALIZATION'
  readonly programId: string
  readonly status: 'CONTRACTED' | 'COMPLETED' | 'FINAL_HANDOVER'
  /** `null` when an import did not report it. */
  readonly startDate: string | null
  readonly plannedEndDate: string | null
  readonly contractValue: bigint | null
  readonly physicalBp: number
  readonly financialBp: number
}

/**
 * One row of RM-8. `fundingBySource` sums the funding history per source, documented and approximate apart.
 *
 * @category model
 * @since 0.1.0
 */
export interface FacilityRegistryRow {
  readonly facilityId: string
  readonly kind: 'SENTRA' | 'UPT' | 'UPTD'
  readonly name: string
  readonly region: RegionCell
  readonly status: string
  readonly built: boolean
  readonly potential: boolean
  readonly unitCount: number | null
  readonly workerCount: number | null
  readonly kbli: ReadonlyArray<string>
  readonly productFocus: ReadonlyArray<string>
  readonly dataSource: string
  readonly manager: string | null
  /** Equipment packages recorded as kept at this facility. */
  readonly equipmentPackages: ReadonlyArray<string>
  readonly works: ReadonlyArray<FacilityWorksRow>
  readonly fundingHistory: ReadonlyArray<{
    readonly source: FundingSource
    readonly amount: bigint
    readonly approximate: boolean
    readonly periodFrom: number | null
    readonly periodTo: number | null
  }>
  readonly fundingBySource: ReadonlyArray<{
    readonly source: FundingSource
    readonly documented: bigint
    readonly approximate: bigint
  }>
  readonly openComplianceGaps: number
}

/**
 * A signal RM-8 raises about a facility on the date it is read (`asOf`):
 * - `IDLE`: built or revitalised, and not in use for `months` whole months since `since` — either a status
 *   `IDLE` was recorded (`basis: RECORDED_IDLE`), or no use (`OPERATIONAL` / `UNDERUSED`) was recorded at all since
 *   it was built (`basis: NO_USE_RECORDED`);
 * - `WORKS_OVERDUE`: works past their planned end date and not completed (PHO) by `asOf`.
 *
 * @category model
 * @since 0.1.0
 */
export type FacilitySignal =
  | {
      readonly kind: 'IDLE'
      readonly basis: 'RECORDED_IDLE' | 'NO_USE_RECORDED'
      readonly since: string
      readonly months: number
    }
  | {
      readonly kind: 'WORKS_OVERDUE'
      readonly worksId: string
      readonly plannedEndDate: string
      readonly daysPastPlannedEnd: number
    }

/**
 * The signals of one facility as of a date, with the equipment packages recorded as kept there.
 *
 * @category model
 * @since 0.1.0
 */
export interface FacilitySignalRow {
  readonly facilityId: string
  readonly kind: 'SENTRA' | 'UPT' | 'UPTD'
  readonly name: string
  readonly region: RegionCell
  readonly asOf: string
  readonly idleMonths: number
  readonly equipmentPackages: ReadonlyArray<string>
  readonly signals: ReadonlyArray<FacilitySignal>
}

interface WorksTerms {
  readonly startDate: string | null
  readonly plannedEndDate: string | null
  readonly contractValue: bigint | null
  /** Absent on rows written before version 3. */
  readonly contractedOn?: string
  readonly completedOn?: string | null
}

interface FacilityRecord {
  readonly facilityId: string
  readonly state: Exclude<FacilityState, { readonly status: 'NONE' }>
  readonly kbli: ReadonlyArray<string>
  readonly productFocus: ReadonlyArray<string>
  readonly dataSource: string
  readonly terms: Readonly<Record<string, WorksTerms>>
  /** The dates it was built or revitalised (registration date when registered as already built). */
  readonly builtOn?: ReadonlyArray<string>
  /** Operational statuses recorded, with their dates, in order. */
  readonly statuses?: ReadonlyArray<{ readonly status: string; readonly on: string }>
  /** Packages recorded as kept here (`EquipmentPlacedAtFacility`). */
  readonly equipment?: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const facilities = table<FacilityRecord>(
  'rm8_facilities',
  (f) => f.facilityId,
  (f) => f.state.kind,
)

/**
 * RM-8 as a read model (table `rm8_facilities`).
 *
 * @category read models
 * @since 0.1.0
 */
export const facilityRegistry: ReadModel = {
  name: 'ikm-rm8-facility-registry',
  // 2: typed table beside the JSON rows (TypedViews).
  // 3: dates of building, statuses and works, and the equipment kept here, for the signals as of a date.
  version: 3,
  handles: { categories: ['facility', 'equipment'], types: [...facilityEvents.types, 'EquipmentPlacedAtFacility'] },
  tables: [facilities.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'facility')
      yield* applyFacility(recorded.streamId.slice('facility-'.length), decoded.event, recorded.metadata.occurredOn)
    if (decoded.category === 'equipment' && decoded.event.type === 'EquipmentPlacedAtFacility') {
      const packageId = recorded.streamId.slice('equipment-'.length)
      yield* placeEquipment(decoded.event.data.facilityId, packageId)
    }
  }),
}

/**
 * The registry ordered by facility id; optionally one kind (`SENTRA`, `UPT`, `UPTD`).
 *
 * @category queries
 * @since 0.1.0
 */
export const facilityRegistryRows = (
  filter: { readonly kind?: 'SENTRA' | 'UPT' | 'UPTD' } = {},
): RowQuery<ReadonlyArray<FacilityRegistryRow>> =>
  function* () {
    const records = yield* allRows(facilities)
    return records.filter((f) => filter.kind === undefined || f.state.kind === filter.kind).map(registryRow)
  }

/**
 * The facilities with their signals as of `asOf` (a civil date, the date the registry is read): idle for at least
 * `idleMonths` whole months (12 by default) since built or revitalised, and works past their planned end. Facts
 * recorded with a later date do not count. Only facilities with a signal are listed unless `all` is set.
 *
 * @example
 * const idle = readInMemory(state, facilitySignalRows({ asOf: '2024-06-30', idleMonths: 6 }))
 *
 * @category queries
 * @since 0.1.0
 */
export const facilitySignalRows = (filter: {
  readonly asOf: string
  readonly idleMonths?: number
  readonly all?: boolean
}): RowQuery<ReadonlyArray<FacilitySignalRow>> =>
  function* () {
    const idleMonths = filter.idleMonths ?? 12
    const records = yield* allRows(facilities)
    return records
      .map((f) => signalRow(f, filter.asOf, idleMonths))
      .filter((row) => filter.all === true || row.signals.length > 0)
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** Whole months from one civil date to a later one (2021-01-31 → 2021-02-28 is 0). */
const wholeMonths = (from: string, to: string): number => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0)
  return Math.max(0, months)
}

const daysBetween = (from: string, to: string): number => inclusiveDays(from as CivilDate, to as CivilDate) - 1

const signalRow = (f: FacilityRecord, asOf: string, idleMonths: number): FacilitySignalRow => {
  const signals: Array<FacilitySignal> = []
  const built = (f.builtOn ?? []).filter((d) => d <= asOf)
  const lastBuilt = built[built.length - 1]
  const statuses = (f.statuses ?? []).filter((s) => s.on <= asOf)
  const lastStatus = statuses[statuses.length - 1]
  if (lastBuilt !== undefined && lastStatus?.status !== 'CLOSED') {
    const inUse = statuses.filter((s) => s.on >= lastBuilt && (s.status === 'OPERATIONAL' || s.status === 'UNDERUSED'))
    const idle =
      lastStatus !== undefined && lastStatus.status === 'IDLE'
        ? { basis: 'RECORDED_IDLE' as const, since: lastStatus.on > lastBuilt ? lastStatus.on : lastBuilt }
        : inUse.length === 0
          ? { basis: 'NO_USE_RECORDED' as const, since: lastBuilt }
          : undefined
    if (idle !== undefined) {
      const months = wholeMonths(idle.since, asOf)
      if (months >= idleMonths) signals.push({ kind: 'IDLE', ...idle, months })
    }
  }
  for (const [worksId, terms] of sortedEntries(f.terms)) {
    const contracted = terms.contractedOn === undefined || terms.contractedOn <= asOf
    const done = terms.completedOn !== undefined && terms.completedOn !== null && terms.completedOn <= asOf
    const worksDone = terms.completedOn === undefined && f.state.works[worksId]?.status !== 'CONTRACTED'
    if (contracted && !done && !worksDone && terms.plannedEndDate !== null && terms.plannedEndDate < asOf) {
      signals.push({
        kind: 'WORKS_OVERDUE',
        worksId,
        plannedEndDate: terms.plannedEndDate,
        daysPastPlannedEnd: daysBetween(terms.plannedEndDate, asOf),
      })
    }
  }
  return {
    facilityId: f.facilityId,
    kind: f.state.kind,
    name: f.state.name,
    region: regionCell(f.state.region),
    asOf,
    idleMonths,
    equipmentPackages: f.equipment ?? [],
    signals,
  }
}

function* placeEquipment(facilityId: string, packageId: string): Rows<void> {
  const existing = yield* getRow(facilities, facilityId)
  if (existing === undefined) return
  const equipment = existing.equipment ?? []
  if (!equipment.includes(packageId)) yield* putRow(facilities, { ...existing, equipment: [...equipment, packageId] })
}

function* applyFacility(facilityId: string, event: FacilityEvent, occurredOn: string): Rows<void> {
  const existing = yield* getRow(facilities, facilityId)
  const state = facilityDecider.evolve(existing?.state ?? { status: 'NONE' }, event)
  if (state.status === 'NONE') return
  const base: FacilityRecord = existing ?? {
    facilityId,
    state,
    kbli: [],
    productFocus: [],
    dataSource: 'NEWS',
    terms: {},
  }
  switch (event.type) {
    case 'FacilityRegistered':
      yield* putRow(facilities, {
        ...base,
        state,
        kbli: event.data.kbli.map((k) => `${k.version}:${k.code}`),
        productFocus: event.data.productFocus,
        dataSource: event.data.dataSource,
        builtOn: event.data.alreadyBuilt === true ? [occurredOn] : (base.builtOn ?? []),
      })
      return
    case 'FacilityWorksContracted': {
      const d = event.data
      const terms: WorksTerms = {
        startDate: d.startDate ?? null,
        plannedEndDate: d.plannedEndDate ?? null,
        contractValue: d.contractValue ?? null,
        contractedOn: occurredOn,
        completedOn: null,
      }
      yield* putRow(facilities, { ...base, state, terms: { ...base.terms, [d.worksId]: terms } })
      return
    }
    case 'FacilityWorksCompleted': {
      const terms = base.terms[event.data.worksId]
      const kind = state.works[event.data.worksId]?.kind
      yield* putRow(facilities, {
        ...base,
        state,
        terms:
          terms === undefined
            ? base.terms
            : { ...base.terms, [event.data.worksId]: { ...terms, completedOn: occurredOn } },
        // A building or a revitalisation makes the facility ready for use again; machine works do not.
        builtOn:
          kind === 'BUILD' || kind === 'REVITALIZE' ? [...(base.builtOn ?? []), occurredOn] : (base.builtOn ?? []),
      })
      return
    }
    case 'FacilityOperationalStatusChanged':
      yield* putRow(facilities, {
        ...base,
        state,
        statuses: [...(base.statuses ?? []), { status: event.data.status, on: occurredOn }],
      })
      return
    default:
      yield* putRow(facilities, { ...base, state })
  }
}

const registryRow = (f: FacilityRecord): FacilityRegistryRow => {
  const s = f.state
  const bySource = new Map<FundingSource, { documented: bigint; approximate: bigint }>()
  for (const h of s.fundingHistory) {
    const sums = bySource.get(h.source) ?? { documented: 0n, approximate: 0n }
    bySource.set(
      h.source,
      h.approximate
        ? { ...sums, approximate: sums.approximate + h.amount }
        : { ...sums, documented: sums.documented + h.amount },
    )
  }
  return {
    facilityId: f.facilityId,
    kind: s.kind,
    name: s.name,
    region: regionCell(s.region),
    status: s.status,
    built: s.built,
    potential: s.potential,
    unitCount: s.unitCount ?? null,
    workerCount: s.workerCount ?? null,
    kbli: f.kbli,
    productFocus: f.productFocus,
    dataSource: f.dataSource,
    manager: s.manager?.nameAtEvent ?? null,
    equipmentPackages: f.equipment ?? [],
    works: sortedEntries(s.works).map(([worksId, w]) => {
      const terms = f.terms[worksId]
      return {
        worksId,
        kind: w.kind,
        programId: w.programId,
        status: w.status,
        startDate: terms?.startDate ?? null,
        plannedEndDate: terms?.plannedEndDate ?? null,
        contractValue: terms?.contractValue ?? null,
        physicalBp: w.physicalBp,
        financialBp: w.financialBp,
      }
    }),
    fundingHistory: s.fundingHistory.map((h) => ({
      source: h.source,
      amount: h.amount,
      approximate: h.approximate,
      periodFrom: h.periodFrom ?? null,
      periodTo: h.periodTo ?? null,
    })),
    fundingBySource: SOURCE_ORDER.flatMap((source) => {
      const sums = bySource.get(source)
      return sums === undefined ? [] : [{ source, ...sums }]
    }),
    openComplianceGaps: Object.keys(s.openGaps).length,
  }
}
