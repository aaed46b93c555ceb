/**
 * RM-10, regional coverage: per kabupaten/kota (or province) code × fiscal year, which programs served the
 * region, under which schemes, how many bimtek batches were scheduled there and how many participants from
 * there were selected, and how many equipment packages its programs procured. Planners read it to spot regions
 * served year after year and regions never served.
 *
 * @since 0.1.0
 */
import type { EquipmentEvent, ProgramEvent, RegionRef } from '@ikm-ledger/core/domain'
import { addOnce, onIkmEvent, entityIdOf, regionCell, type RegionCell } from './internal/Events'
import { allRows, getRow, putRow, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One row of RM-10: one region in one fiscal year.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionalCoverageRow {
  readonly region: RegionCell
  readonly fiscalYear: number
  readonly programIds: ReadonlyArray<string>
  readonly schemes: ReadonlyArray<string>
  readonly batches: number
  readonly participants: number
  /** Packages procured by the programs that name the region (a package serves its program's regions). */
  readonly packages: number
}

interface ProgramFacts {
  readonly programId: string
  readonly fiscalYear: number
  readonly regions: ReadonlyArray<RegionCell>
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const programs = table<ProgramFacts>(
  'rm10_programs',
  (p) => p.programId,
  (p) => p.programId,
)
const cells = table<RegionalCoverageRow>(
  'rm10_cells',
  (c) => `${c.region.code}|${c.fiscalYear}`,
  (c) => c.region.code,
)

/**
 * RM-10 as a read model (tables `rm10_programs`, `rm10_cells`).
 *
 * @category read models
 * @since 0.1.0
 */
export const regionalCoverage: ReadModel = {
  name: 'ikm-rm10-regional-coverage',
  version: 1,
  handles: {
    categories: ['program', 'equipment'],
    types: ['ProgramRegistered', 'TrainingBatchScheduled', 'ParticipantSelected', 'EquipmentProcured'],
  },
  tables: [programs.name, cells.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'program') yield* applyProgram(entityIdOf(recorded.streamId), decoded.event)
    if (decoded.category === 'equipment') yield* applyEquipment(decoded.event)
  }),
}

/**
 * The rows ordered by region code and fiscal year; optionally those of one fiscal year.
 *
 * @category queries
 * @since 0.1.0
 */
export const regionalCoverageRows = (
  filter: { readonly fiscalYear?: number } = {},
): RowQuery<ReadonlyArray<RegionalCoverageRow>> =>
  function* () {
    const rows = yield* allRows(cells)
    return rows.filter((r) => filter.fiscalYear === undefined || r.fiscalYear === filter.fiscalYear)
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

function* updateCell(
  region: RegionRef | RegionCell,
  fiscalYear: number,
  change: (row: RegionalCoverageRow) => RegionalCoverageRow,
): Rows<void> {
  const cell = 'nameAtEvent' in region ? regionCell(region) : region
  const existing = (yield* getRow(cells, `${cell.code}|${fiscalYear}`)) ?? {
    region: cell,
    fiscalYear,
    programIds: [],
    schemes: [],
    batches: 0,
    participants: 0,
    packages: 0,
  }
  yield* putRow(cells, change(existing))
}

function* applyProgram(programId: string, event: ProgramEvent): Rows<void> {
  if (event.type === 'ProgramRegistered') {
    const d = event.data
    yield* putRow(programs, { programId, fiscalYear: d.fiscalYear, regions: d.regions.map(regionCell) })
    for (const region of d.regions) {
      yield* updateCell(region, d.fiscalYear, (row) => ({
        ...row,
        programIds: addOnce(row.programIds, programId),
        schemes: d.schemes.reduce(addOnce, row.schemes),
      }))
    }
    return
  }
  if (event.type !== 'TrainingBatchScheduled' && event.type !== 'ParticipantSelected') return
  const program = yield* getRow(programs, programId)
  if (program === undefined) return
  const counted = event.type === 'TrainingBatchScheduled' ? 'batches' : 'participants'
  yield* updateCell(event.data.region, program.fiscalYear, (row) => ({
    ...row,
    programIds: addOnce(row.programIds, programId),
    [counted]: row[counted] + 1,
  }))
}

function* applyEquipment(event: EquipmentEvent): Rows<void> {
  if (event.type !== 'EquipmentProcured') return
  const program = yield* getRow(programs, event.data.programId)
  if (program === undefined) return
  for (const region of program.regions) {
    yield* updateCell(region, program.fiscalYear, (row) => ({ ...row, packages: row.packages + 1 }))
  }
}
