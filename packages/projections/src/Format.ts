/**
 * Readable text tables of the read models, for the demo, logs and terminals. Amounts use the Indonesian
 * format (`Rp24.300.000.000`), ratios are percentages with two decimals from basis points.
 *
 * @since 0.1.0
 */
import { projectInMemory, type EventStore, type ProjectionError } from '@ikm-ledger/core'
import { formatRupiah } from '@ikm-ledger/core/domain'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import { auditChecklist, auditChecklistRows, type AuditChecklistRow } from './AuditChecklist'
import { budgetRealisation, budgetRealisationRows, type BudgetLineRow } from './BudgetRealisation'
import { textTable } from './internal/TextTable'
import { programStatusBoard, programStatusBoardRows, type ProgramStatusRow } from './ProgramStatusBoard'
import { inMemoryReadModel, readInMemory, type ReadModel, type RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Basis points as a percentage with two decimals: `9991` → `99.91%`.
 *
 * @category utils
 * @since 0.1.0
 */
export const formatBasisPoints = (bp: number): string => `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`

const originText = (row: ProgramStatusRow): string => {
  const o = row.origin
  if (o.member === null) return o.kind
  const details = [o.commission === null ? undefined : `Komisi ${o.commission}`, o.party ?? undefined].filter(
    (d): d is string => d !== undefined,
  )
  return `${o.kind}: ${o.member}${details.length === 0 ? '' : ` (${details.join(', ')})`}`
}

const fundingText = (row: ProgramStatusRow): string => {
  const allocated = row.fundingAllocated.map((f) => `${f.source} ${formatRupiah(f.amount)}`)
  const asserted = row.fundingAsserted
    .filter((source) => !row.fundingAllocated.some((f) => f.source === source))
    .map((source) => `${source} (asserted, no amount)`)
  return [...allocated, ...asserted].join('; ') || '-'
}

/**
 * RM-1 as a text table: program, fiscal year, state, origin, funding, batches, participants against the
 * quota, open gaps and the next due step.
 *
 * @category utils
 * @since 0.1.0
 */
export const formatProgramStatusBoard = (rows: ReadonlyArray<ProgramStatusRow>): string =>
  textTable(
    [
      { header: 'Program' },
      { header: 'FY', align: 'right' },
      { header: 'State' },
      { header: 'Origin' },
      { header: 'Executing org' },
      { header: 'Regions' },
      { header: 'Funding' },
      { header: 'Batches', align: 'right' },
      { header: 'Participants', align: 'right' },
      { header: 'Gaps', align: 'right' },
      { header: 'Next due step' },
    ],
    rows.map((r) => [
      r.programId,
      String(r.fiscalYear),
      r.state,
      originText(r),
      r.executingOrg.name,
      r.regions.length > 3 ? `${r.regions.length} regions` : r.regions.map((g) => g.code).join(', '),
      fundingText(r),
      `${r.batches.completed}/${r.batches.scheduled + r.batches.open + r.batches.completed}`,
      `${r.participantsSelected}/${r.participantQuota ?? '-'}`,
      String(r.openComplianceGaps),
      r.nextDueStep ?? '-',
    ]),
  )

/**
 * RM-2 as a text table: period, source, region, allocation, revised allocation, realised, reversed, absorption
 * and approximate imported figures (which are not realisation).
 *
 * @category utils
 * @since 0.1.0
 */
export const formatBudgetRealisation = (rows: ReadonlyArray<BudgetLineRow>): string =>
  textTable(
    [
      { header: 'Period' },
      { header: 'Source' },
      { header: 'Region' },
      { header: 'Allocated', align: 'right' },
      { header: 'Revised', align: 'right' },
      { header: 'Realised', align: 'right' },
      { header: 'Reversed', align: 'right' },
      { header: 'Absorption', align: 'right' },
      { header: 'Approx. imported (not realisation)', align: 'right' },
      { header: 'Note' },
    ],
    rows.map((r) => [
      r.period,
      r.source,
      `${r.region.code} ${r.region.name}`,
      formatRupiah(r.allocated),
      formatRupiah(r.revised),
      formatRupiah(r.realised),
      formatRupiah(r.reversed),
      r.revised === 0n ? '-' : formatBasisPoints(r.absorptionBp),
      r.importedApproximate === 0n ? '-' : `≈ ${formatRupiah(r.importedApproximate)}`,
      [
        r.asserted && r.allocated === 0n ? 'source asserted, no amount' : undefined,
        r.importedExact === 0n ? undefined : `imported ${formatRupiah(r.importedExact)}`,
        r.programIds.length > 0 ? r.programIds.join(', ') : r.facilityIds.join(', '),
      ]
        .filter((n): n is string => n !== undefined && n !== '')
        .join('; '),
    ]),
  )

/**
 * RM-7 as a text table: each entity, the program it belongs to, its documents present of those expected, the
 * document kinds missing (and how many of its figures rest on news or approximations) and the rules of its open
 * gaps.
 *
 * @category utils
 * @since 0.1.0
 */
export const formatAuditChecklist = (rows: ReadonlyArray<AuditChecklistRow>): string =>
  textTable(
    [
      { header: 'Entity' },
      { header: 'Program' },
      { header: 'Documents', align: 'right' },
      { header: 'Missing documents' },
      { header: 'Open gaps' },
    ],
    rows.map((r) => [
      r.streamId,
      r.programId ?? '-',
      `${r.present}/${r.expected}`,
      r.ready
        ? 'ready'
        : [
            ...r.missingDocKinds,
            ...(r.fundingConcerns.length === 0 ? [] : [`funding unverified (${r.fundingConcerns.length})`]),
          ].join(', ') || '(flags only)',
      r.openGaps.map((g) => g.rule).join(', ') || '-',
    ]),
  )

/**
 * The demo's report: RM-1, RM-2 and RM-7 under titles, as one text.
 *
 * @example
 * console.log(formatReadModelTables({ board, budget, checklist }))
 *
 * @category utils
 * @since 0.1.0
 */
export const formatReadModelTables = (tables: {
  readonly board: ReadonlyArray<ProgramStatusRow>
  readonly budget: ReadonlyArray<BudgetLineRow>
  readonly checklist: ReadonlyArray<AuditChecklistRow>
}): string =>
  [
    'RM-1  Program status board',
    formatProgramStatusBoard(tables.board),
    '',
    'RM-2  Budget allocation vs realisation (funding source × region × fiscal year)',
    formatBudgetRealisation(tables.budget),
    '',
    'RM-7  Audit-readiness checklist (documents present of expected, missing documents, open compliance gaps)',
    formatAuditChecklist(tables.checklist.filter((r) => !r.ready)),
  ].join('\n')

/**
 * Projects RM-1, RM-2 and RM-7 in memory over a store and formats them with {@link formatReadModelTables}:
 * what the demo prints after loading the seed stories.
 *
 * @example
 * const report = await readModelReport(store)()
 * if (E.isRight(report)) console.log(report.right)
 *
 * @category utils
 * @since 0.1.0
 */
export const readModelReport = (store: EventStore): TE.TaskEither<ProjectionError, string> =>
  pipe(
    TE.Do,
    TE.bind('board', () => project(store, programStatusBoard, programStatusBoardRows())),
    TE.bind('budget', () => project(store, budgetRealisation, budgetRealisationRows())),
    TE.bind('checklist', () => project(store, auditChecklist, auditChecklistRows())),
    TE.map(formatReadModelTables),
  )

const project = <A>(store: EventStore, model: ReadModel, query: RowQuery<A>): TE.TaskEither<ProjectionError, A> =>
  pipe(
    projectInMemory(store, inMemoryReadModel(model)),
    TE.map((state) => readInMemory(state, query)),
  )
