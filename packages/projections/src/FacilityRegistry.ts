/**
 * RM-8, the sentra and UPTD registry: each facility's kind, status, unit and worker counts, KBLI codes,
 * works history (build, revitalisation, machine revitalisation) and funding history by source, with
 * approximate imported figures kept apart from documented ones.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '@ikm-ledger/core'
import {
  facilityDecider,
  facilityEvents,
  type FacilityEvent,
  type FacilityState,
  type FundingSource,
} from '@ikm-ledger/core/domain'
import { decodeIkmEvent, regionCell, sortedEntries, SOURCE_ORDER, type RegionCell } from './internal/Events'
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
  readonly startDate: string
  readonly plannedEndDate: string
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

interface WorksTerms {
  readonly startDate: string
  readonly plannedEndDate: string
  readonly contractValue: bigint | null
}

interface FacilityRecord {
  readonly facilityId: string
  readonly state: Exclude<FacilityState, { readonly status: 'NONE' }>
  readonly kbli: ReadonlyArray<string>
  readonly productFocus: ReadonlyArray<string>
  readonly dataSource: string
  readonly terms: Readonly<Record<string, WorksTerms>>
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
  version: 2,
  handles: { categories: ['facility'], types: facilityEvents.types },
  tables: [facilities.name],
  apply: function* (recorded: RecordedEvent): Rows<void> {
    const decoded = decodeIkmEvent(recorded)
    if (decoded?.category === 'facility')
      yield* applyFacility(recorded.streamId.slice('facility-'.length), decoded.event)
  },
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

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

function* applyFacility(facilityId: string, event: FacilityEvent): Rows<void> {
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
      })
      return
    case 'FacilityWorksContracted': {
      const d = event.data
      const terms: WorksTerms = {
        startDate: d.startDate,
        plannedEndDate: d.plannedEndDate,
        contractValue: d.contractValue ?? null,
      }
      yield* putRow(facilities, { ...base, state, terms: { ...base.terms, [d.worksId]: terms } })
      return
    }
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
    works: sortedEntries(s.works).map(([worksId, w]) => {
      const terms = f.terms[worksId]
      return {
        worksId,
        kind: w.kind,
        programId: w.programId,
        status: w.status,
        startDate: terms?.startDate ?? '',
        plannedEndDate: terms?.plannedEndDate ?? '',
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
