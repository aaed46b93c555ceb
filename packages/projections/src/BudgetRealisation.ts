/**
 * RM-2, budget allocation against realisation by funding source × region × fiscal year. Documented money
 * (allocations, revisions, DAK tranches, realised and reversed expenditure) is kept apart from imported
 * history: an approximate figure from the news (S2's "Rp24,3 miliar" of DAK fisik) is shown in its own column
 * and never counts as realisation. A source named without an amount (`FundingSourceAsserted`) gets a line with
 * `asserted: true` and zero money. Origins (a DPR aspirasi) are not sources and never appear here.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '@ikm-ledger/core'
import {
  basisPointsOf,
  type FacilityEvent,
  type FundingSource,
  type ProgramEvent,
  type RegionRef,
} from '@ikm-ledger/core/domain'
import { addOnce, onIkmEvent, periodOf, regionCell, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One line of RM-2. `allocated` is the sum of original allocations, `revised` the current allocation after
 * revisions (`FundingRevised`), `realised`/`reversed` the documented spending and its corrections,
 * `absorptionBp` = (realised − reversed) / revised in basis points, rounded toward zero, or `null` when nothing
 * is allocated (`revised` is Rp0: no absorption to speak of, not 0 % absorbed). `importedApproximate`
 * and `importedExact` are imported support figures (facility funding history), outside realisation.
 * `fiscalYear` is `null` for imported figures that span undated years; `period` then says what is known.
 *
 * @category model
 * @since 0.1.0
 */
export interface BudgetLineRow {
  readonly fiscalYear: number | null
  readonly period: string
  readonly source: FundingSource
  readonly region: RegionCell
  readonly asserted: boolean
  readonly allocated: bigint
  readonly revised: bigint
  readonly tranchesReceived: bigint
  readonly realised: bigint
  readonly reversed: bigint
  /** `null` when the current allocation (`revised`) is Rp0. */
  readonly absorptionBp: number | null
  readonly importedApproximate: bigint
  readonly importedExact: bigint
  readonly programIds: ReadonlyArray<string>
  readonly facilityIds: ReadonlyArray<string>
}

interface ProgramBudgetFacts {
  readonly programId: string
  readonly fiscalYear: number
  readonly region: RegionCell
}

interface LineFacts {
  readonly key: string
  readonly programId: string
  readonly rowId: string
  readonly allocated: bigint
}

interface FacilityRegion {
  readonly facilityId: string
  readonly region: RegionCell
}

interface ExpenditureFacts {
  readonly key: string
  readonly rowId: string
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const lines = table<BudgetLineRow>(
  'rm2_budget_lines',
  (r) => rowIdOf(r.period, r.source, r.region.code),
  (r) => r.period,
)
const programs = table<ProgramBudgetFacts>(
  'rm2_programs',
  (p) => p.programId,
  (p) => String(p.fiscalYear),
)
const fundingLines = table<LineFacts>(
  'rm2_funding_lines',
  (l) => l.key,
  (l) => l.programId,
)
const facilities = table<FacilityRegion>(
  'rm2_facilities',
  (f) => f.facilityId,
  () => '',
)
const expenditures = table<ExpenditureFacts>(
  'rm2_expenditures',
  (x) => x.key,
  (x) => x.rowId,
)

/**
 * RM-2 as a read model (tables `rm2_budget_lines`, `rm2_programs`, `rm2_funding_lines`, `rm2_expenditures`,
 * `rm2_facilities`).
 *
 * @category read models
 * @since 0.1.0
 */
export const budgetRealisation: ReadModel = {
  name: 'ikm-rm2-budget-realisation',
  // 2: typed table beside the JSON rows (TypedViews).
  // 3: absorptionBp is null, not 0, on a line with nothing allocated (absorption_bp nullable).
  version: 3,
  handles: {
    categories: ['program', 'facility'],
    types: [
      'ProgramRegistered',
      'FundingSourceAsserted',
      'FundingAllocated',
      'FundingRevised',
      'DakTrancheReceived',
      'ExpenditureRealized',
      'ExpenditureReversed',
      'FacilityRegistered',
      'FacilityFundingHistoryImported',
    ],
  },
  tables: [lines.name, programs.name, fundingLines.name, expenditures.name, facilities.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'program') yield* applyProgram(recorded, decoded.event)
    if (decoded.category === 'facility') yield* applyFacility(recorded, decoded.event)
  }),
}

/**
 * The budget lines ordered by period, source and region code; optionally one fiscal year (`period` `'2020'`).
 *
 * @category queries
 * @since 0.1.0
 */
export const budgetRealisationRows = (
  filter: { readonly fiscalYear?: number } = {},
): RowQuery<ReadonlyArray<BudgetLineRow>> =>
  function* () {
    return filter.fiscalYear === undefined
      ? yield* allRows(lines)
      : yield* rowsInScope(lines, String(filter.fiscalYear))
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const rowIdOf = (period: string, source: string, regionCode: string) => `${period}|${source}|${regionCode}`

const UNKNOWN_REGION: RegionCell = { code: '-', name: 'region not recorded' }

/**
 * The region that holds a program's budget: the executing organisation's region (a Pemda's dinas), else the
 * program's single region, else its regions together (a ministry program over several kab/kota).
 */
const budgetRegionOf = (executingRegion: RegionRef | undefined, regions: ReadonlyArray<RegionRef>): RegionCell => {
  if (executingRegion !== undefined) return regionCell(executingRegion)
  if (regions.length === 0) return UNKNOWN_REGION
  const cells = regions.map(regionCell)
  return { code: cells.map((c) => c.code).join('+'), name: cells.map((c) => c.name).join(' + ') }
}

const emptyLine = (
  fiscalYear: number | null,
  period: string,
  source: FundingSource,
  region: RegionCell,
): BudgetLineRow => ({
  fiscalYear,
  period,
  source,
  region,
  asserted: false,
  allocated: 0n,
  revised: 0n,
  tranchesReceived: 0n,
  realised: 0n,
  reversed: 0n,
  absorptionBp: null,
  importedApproximate: 0n,
  importedExact: 0n,
  programIds: [],
  facilityIds: [],
})

const withAbsorption = (row: BudgetLineRow): BudgetLineRow => ({
  ...row,
  absorptionBp: row.revised > 0n ? basisPointsOf(row.realised - row.reversed, row.revised) : null,
})

function* updateLine(id: string, make: () => BudgetLineRow, change: (row: BudgetLineRow) => BudgetLineRow): Rows<void> {
  const row = (yield* getRow(lines, id)) ?? make()
  yield* putRow(lines, withAbsorption(change(row)))
}

function* applyProgram(recorded: RecordedEvent, event: ProgramEvent): Rows<void> {
  const programId = recorded.streamId.slice('program-'.length)
  if (event.type === 'ProgramRegistered') {
    const d = event.data
    yield* putRow(programs, {
      programId: d.programId,
      fiscalYear: d.fiscalYear,
      region: budgetRegionOf(d.executingOrg.region, d.regions),
    })
    return
  }
  const program = yield* getRow(programs, programId)
  if (program === undefined) return
  const lineOf = (fiscalYear: number, source: FundingSource) => {
    const period = String(fiscalYear)
    const id = rowIdOf(period, source, program.region.code)
    return { id, make: () => emptyLine(fiscalYear, period, source, program.region) }
  }
  const withProgram = (row: BudgetLineRow) => ({ ...row, programIds: addOnce(row.programIds, programId) })
  switch (event.type) {
    case 'FundingSourceAsserted': {
      const { id, make } = lineOf(program.fiscalYear, event.data.source)
      yield* updateLine(id, make, (row) => ({ ...withProgram(row), asserted: true }))
      return
    }
    case 'FundingAllocated': {
      const d = event.data
      const { id, make } = lineOf(d.fiscalYear, d.source)
      yield* putRow(fundingLines, { key: `${programId}|${d.lineId}`, programId, rowId: id, allocated: d.amount })
      yield* updateLine(id, make, (row) => ({
        ...withProgram(row),
        allocated: row.allocated + d.amount,
        revised: row.revised + d.amount,
      }))
      return
    }
    case 'FundingRevised': {
      const line = yield* getRow(fundingLines, `${programId}|${event.data.lineId}`)
      if (line === undefined) return
      const delta = event.data.newAmount - line.allocated
      yield* putRow(fundingLines, { ...line, allocated: event.data.newAmount })
      yield* updateLine(line.rowId, unreachable, (row) => ({ ...row, revised: row.revised + delta }))
      return
    }
    case 'DakTrancheReceived': {
      const line = yield* getRow(fundingLines, `${programId}|${event.data.lineId}`)
      if (line === undefined) return
      const amount = event.data.amount
      yield* updateLine(line.rowId, unreachable, (row) => ({ ...row, tranchesReceived: row.tranchesReceived + amount }))
      return
    }
    case 'ExpenditureRealized': {
      const d = event.data
      const line = yield* getRow(fundingLines, `${programId}|${d.lineId}`)
      if (line === undefined) return
      yield* putRow(expenditures, { key: `${programId}|${d.expenditureId}`, rowId: line.rowId })
      const approximate = recorded.metadata.evidence.approximate === true
      yield* updateLine(line.rowId, unreachable, (row) =>
        approximate
          ? { ...row, importedApproximate: row.importedApproximate + d.amount }
          : { ...row, realised: row.realised + d.amount },
      )
      return
    }
    case 'ExpenditureReversed': {
      const spent = yield* getRow(expenditures, `${programId}|${event.data.expenditureId}`)
      if (spent === undefined) return
      const amount = event.data.amount
      yield* updateLine(spent.rowId, unreachable, (row) => ({ ...row, reversed: row.reversed + amount }))
      return
    }
    default:
      return
  }
}

function* applyFacility(recorded: RecordedEvent, event: FacilityEvent): Rows<void> {
  const facilityId = recorded.streamId.slice('facility-'.length)
  if (event.type === 'FacilityRegistered') {
    yield* putRow(facilities, { facilityId, region: regionCell(event.data.region) })
    return
  }
  if (event.type !== 'FacilityFundingHistoryImported') return
  const facility = yield* getRow(facilities, facilityId)
  if (facility === undefined) return
  const d = event.data
  const { fiscalYear, period } = periodOf(d.periodFrom, d.periodTo)
  const id = rowIdOf(period, d.source, facility.region.code)
  yield* updateLine(
    id,
    () => emptyLine(fiscalYear, period, d.source, facility.region),
    (row) => ({
      ...row,
      facilityIds: addOnce(row.facilityIds, facilityId),
      ...(d.approximate || recorded.metadata.evidence.approximate === true
        ? { importedApproximate: row.importedApproximate + d.amount }
        : { importedExact: row.importedExact + d.amount }),
    }),
  )
}

/** A funding line always has its budget row: the allocation wrote it. */
const unreachable = (): BudgetLineRow => {
  throw new Error('budget line row missing for a known funding line; rebuild the read model')
}
