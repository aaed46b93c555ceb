/**
 * The read models as flat, typed tables: one column per field an analyst filters or sums on, with a SQL type,
 * so Excel, Metabase or Power BI read them without parsing JSON. The same definitions give the CSV export, the
 * terminal tables and the typed tables the SQLite and PostgreSQL adapters keep up to date in the projection's
 * own transaction. Lists inside a row (regions, schemes, missing document kinds) become one `; `-separated
 * text cell; RM-7's expected documents get a table of their own, one row per document.
 *
 * @since 0.1.0
 */
import { aspirationTracker, aspirationTrackerRows, type AspirationTrackerRow } from './AspirationTracker'
import { auditChecklist, auditChecklistRows, type AuditChecklistRow } from './AuditChecklist'
import { budgetRealisation, budgetRealisationRows, type BudgetLineRow } from './BudgetRealisation'
import { equipmentCustody, equipmentCustodyRows, type EquipmentCustodyRow } from './EquipmentCustody'
import { facilityRegistry, facilityRegistryRows, type FacilityRegistryRow } from './FacilityRegistry'
import { productionOutputRows, productionOutputs, type ProductionOutputRow } from './ProductionOutputs'
import { programStatusBoard, programStatusBoardRows, type ProgramStatusRow } from './ProgramStatusBoard'
import type { ReadModel, RowQuery } from './ReadModel'
import { regionalCoverage, regionalCoverageRows, type RegionalCoverageRow } from './RegionalCoverage'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A column's type: `money` is integer rupiah and `bigint` a whole quantity (both SQLite INTEGER, PostgreSQL
 * `bigint`), `date` a civil date (SQLite TEXT `YYYY-MM-DD`, PostgreSQL `date`), `boolean` SQLite 0/1.
 *
 * @category model
 * @since 0.1.0
 */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'money' | 'boolean' | 'date'

/**
 * One cell of a typed table.
 *
 * @category model
 * @since 0.1.0
 */
export type Cell = string | number | bigint | boolean | null

/**
 * A column: its SQL name, type, and whether it may be empty.
 *
 * @category model
 * @since 0.1.0
 */
export interface ViewColumn {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
}

/**
 * A typed table of a read model: its name (the SQL table name, before the projection store's prefix), its
 * columns, and the query that computes its rows as cells in column order.
 *
 * @category model
 * @since 0.1.0
 */
export interface TypedView {
  readonly name: string
  readonly model: ReadModel
  readonly columns: ReadonlyArray<ViewColumn>
  readonly rows: RowQuery<ReadonlyArray<ReadonlyArray<Cell>>>
}

interface Column<R> extends ViewColumn {
  readonly value: (row: R) => Cell
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const col = <R>(name: string, type: ColumnType, value: (row: R) => Cell, nullable = false): Column<R> => ({
  name,
  type,
  value,
  nullable,
})

const view = <R>(
  name: string,
  model: ReadModel,
  query: RowQuery<ReadonlyArray<R>>,
  columns: ReadonlyArray<Column<R>>,
  explode: (row: R) => ReadonlyArray<R> = (row) => [row],
): TypedView => ({
  name,
  model,
  columns: columns.map(({ name, type, nullable }) => ({ name, type, nullable })),
  rows: function* () {
    const rows = yield* query()
    return rows.flatMap(explode).map((row) => columns.map((c) => c.value(row)))
  },
})

const list = (values: ReadonlyArray<string>): string => values.join('; ')

// -------------------------------------------------------------------------------------
// views
// -------------------------------------------------------------------------------------

/**
 * RM-1 as `ikm_rm1_programs`: one row per program.
 *
 * @category views
 * @since 0.1.0
 */
export const programsView: TypedView = view<ProgramStatusRow>(
  'ikm_rm1_programs',
  programStatusBoard,
  programStatusBoardRows(),
  [
    col('program_id', 'text', (r) => r.programId),
    col('title', 'text', (r) => r.title),
    col('fiscal_year', 'integer', (r) => r.fiscalYear),
    col('state', 'text', (r) => r.state),
    col('schemes', 'text', (r) => list(r.schemes)),
    col('origin_kind', 'text', (r) => r.origin.kind),
    col('origin_member', 'text', (r) => r.origin.member, true),
    col('executing_org_id', 'text', (r) => r.executingOrg.orgId),
    col('executing_org', 'text', (r) => r.executingOrg.name),
    col('region_codes', 'text', (r) => list(r.regions.map((g) => g.code))),
    col('region_names', 'text', (r) => list(r.regions.map((g) => g.name))),
    col('funding_sources', 'text', (r) => list(r.fundingAllocated.map((f) => f.source))),
    col('funding_asserted', 'text', (r) => list(r.fundingAsserted)),
    col('allocated', 'money', (r) => r.fundingAllocated.reduce((n, f) => n + f.amount, 0n)),
    col('batches_scheduled', 'integer', (r) => r.batches.scheduled),
    col('batches_open', 'integer', (r) => r.batches.open),
    col('batches_completed', 'integer', (r) => r.batches.completed),
    col('participants_selected', 'integer', (r) => r.participantsSelected),
    col('participant_quota', 'integer', (r) => r.participantQuota, true),
    col('equipment_packages', 'integer', (r) => r.equipmentPackages),
    col('open_compliance_gaps', 'integer', (r) => r.openComplianceGaps),
    col('open_audit_findings', 'integer', (r) => r.openAuditFindings),
    col('next_due_step', 'text', (r) => r.nextDueStep, true),
  ],
)

/**
 * RM-2 as `ikm_rm2_budget`: one row per period × source × region.
 *
 * @category views
 * @since 0.1.0
 */
export const budgetView: TypedView = view<BudgetLineRow>('ikm_rm2_budget', budgetRealisation, budgetRealisationRows(), [
  col('period', 'text', (r) => r.period),
  col('fiscal_year', 'integer', (r) => r.fiscalYear, true),
  col('source', 'text', (r) => r.source),
  col('region_code', 'text', (r) => r.region.code),
  col('region_name', 'text', (r) => r.region.name),
  col('asserted', 'boolean', (r) => r.asserted),
  col('allocated', 'money', (r) => r.allocated),
  col('revised', 'money', (r) => r.revised),
  col('tranches_received', 'money', (r) => r.tranchesReceived),
  col('realised', 'money', (r) => r.realised),
  col('reversed', 'money', (r) => r.reversed),
  col('absorption_bp', 'integer', (r) => r.absorptionBp, true),
  col('imported_approximate', 'money', (r) => r.importedApproximate),
  col('imported_exact', 'money', (r) => r.importedExact),
  col('program_ids', 'text', (r) => list(r.programIds)),
  col('facility_ids', 'text', (r) => list(r.facilityIds)),
])

/**
 * RM-3 as `ikm_rm3_custody`: one row per equipment package.
 *
 * @category views
 * @since 0.1.0
 */
export const custodyView: TypedView = view<EquipmentCustodyRow>(
  'ikm_rm3_custody',
  equipmentCustody,
  equipmentCustodyRows(),
  [
    col('package_id', 'text', (r) => r.packageId),
    col('program_id', 'text', (r) => r.programId),
    col('description', 'text', (r) => r.description),
    col('recipient_kind', 'text', (r) => r.recipient.kind),
    col('recipient_id', 'text', (r) => r.recipient.id),
    col('recipient_name', 'text', (r) => r.recipient.name),
    col('custody', 'text', (r) => r.custody),
    col('custodian', 'text', (r) => r.custodian),
    col('holder', 'text', (r) => r.holder.name),
    col('owner', 'text', (r) => r.owner.name),
    col('total_value', 'money', (r) => r.totalValue, true),
    col('legal_steps', 'integer', (r) => r.chain.length),
    col('legal_steps_without_document', 'integer', (r) => r.chain.filter((s) => s.document === null).length),
    col('ceremonial_handovers', 'integer', (r) => r.ceremonies.length),
    col('hibah_status', 'text', (r) => r.hibahStatus),
    col('last_monitoring_status', 'text', (r) => r.lastMonitoring?.status ?? null, true),
    col('last_monitoring_on', 'date', (r) => r.lastMonitoring?.occurredOn ?? null, true),
    col('compliance_flags', 'text', (r) => list(r.complianceFlags)),
  ],
)

/**
 * RM-5 as `ikm_rm5_production`: one row per output × region.
 *
 * @category views
 * @since 0.1.0
 */
export const productionView: TypedView = view<ProductionOutputRow>(
  'ikm_rm5_production',
  productionOutputs,
  productionOutputRows(),
  [
    col('program_id', 'text', (r) => r.programId),
    col('output_id', 'text', (r) => r.outputId),
    col('product', 'text', (r) => r.product),
    col('track_id', 'text', (r) => r.trackId, true),
    col('region_code', 'text', (r) => r.region?.code ?? null, true),
    col('region_name', 'text', (r) => r.region?.name ?? null, true),
    col('unit', 'text', (r) => r.unit),
    col('target', 'bigint', (r) => r.target, true),
    col('produced', 'bigint', (r) => r.produced),
    col('delivered', 'bigint', (r) => r.delivered),
    col('achievement_bp', 'integer', (r) => r.achievementBp, true),
    col('bottle_volume_ml', 'integer', (r) => r.bottles?.volumeMl ?? null, true),
    col('bottles_produced', 'bigint', (r) => r.bottles?.produced ?? null, true),
    col('delivered_to', 'text', (r) => list(r.deliveredTo)),
  ],
)

/**
 * RM-7 as `ikm_rm7_checklist`: one row per program, equipment package and facility.
 *
 * @category views
 * @since 0.1.0
 */
export const checklistView: TypedView = view<AuditChecklistRow>(
  'ikm_rm7_checklist',
  auditChecklist,
  auditChecklistRows(),
  [
    col('stream_id', 'text', (r) => r.streamId),
    col('entity', 'text', (r) => r.entity),
    col('program_id', 'text', (r) => r.programId, true),
    col('title', 'text', (r) => r.title),
    col('expected', 'integer', (r) => r.expected),
    col('present', 'integer', (r) => r.present),
    col('missing', 'integer', (r) => r.missing),
    col('open_gaps', 'integer', (r) => r.openGaps.length),
    col('gap_rules', 'text', (r) => list(r.openGaps.map((g) => g.rule))),
    col('missing_doc_kinds', 'text', (r) => list(r.missingDocKinds)),
    col('funding_concerns', 'integer', (r) => r.fundingConcerns.length),
    col('open_audit_findings', 'integer', (r) => r.openAuditFindings.length),
    col('ready', 'boolean', (r) => r.ready),
  ],
)

/**
 * RM-7's expected documents as `ikm_rm7_documents`: one row per document an auditor expects, present or missing.
 *
 * @category views
 * @since 0.1.0
 */
export const documentsView: TypedView = {
  name: 'ikm_rm7_documents',
  model: auditChecklist,
  columns: [
    { name: 'stream_id', type: 'text', nullable: false },
    { name: 'program_id', type: 'text', nullable: true },
    { name: 'seq', type: 'integer', nullable: false },
    { name: 'subject', type: 'text', nullable: false },
    { name: 'kind', type: 'text', nullable: false },
    { name: 'step', type: 'text', nullable: false },
    { name: 'status', type: 'text', nullable: false },
    { name: 'number', type: 'text', nullable: true },
  ],
  rows: function* () {
    const rows = yield* auditChecklistRows()()
    return rows.flatMap((row) =>
      row.documents.map((doc, index): ReadonlyArray<Cell> => [
        row.streamId,
        row.programId,
        index + 1,
        doc.subject,
        doc.kind,
        doc.step,
        doc.status,
        doc.number,
      ]),
    )
  },
}

/**
 * RM-8 as `ikm_rm8_facilities`: one row per sentra, UPT or UPTD.
 *
 * @category views
 * @since 0.1.0
 */
export const facilitiesView: TypedView = view<FacilityRegistryRow>(
  'ikm_rm8_facilities',
  facilityRegistry,
  facilityRegistryRows(),
  [
    col('facility_id', 'text', (r) => r.facilityId),
    col('kind', 'text', (r) => r.kind),
    col('name', 'text', (r) => r.name),
    col('region_code', 'text', (r) => r.region.code),
    col('region_name', 'text', (r) => r.region.name),
    col('status', 'text', (r) => r.status),
    col('built', 'boolean', (r) => r.built),
    col('potential', 'boolean', (r) => r.potential),
    col('unit_count', 'integer', (r) => r.unitCount, true),
    col('worker_count', 'integer', (r) => r.workerCount, true),
    col('kbli', 'text', (r) => list(r.kbli)),
    col('works', 'integer', (r) => r.works.length),
    col('funding_documented', 'money', (r) => r.fundingBySource.reduce((n, f) => n + f.documented, 0n)),
    col('funding_approximate', 'money', (r) => r.fundingBySource.reduce((n, f) => n + f.approximate, 0n)),
    col('open_compliance_gaps', 'integer', (r) => r.openComplianceGaps),
  ],
)

/**
 * RM-9 as `ikm_rm9_aspirations`: one row per DPR member × fiscal year. Aspirasi is an origin, not a source of
 * money, so the table has no rupiah column.
 *
 * @category views
 * @since 0.1.0
 */
export const aspirationsView: TypedView = view<AspirationTrackerRow>(
  'ikm_rm9_aspirations',
  aspirationTracker,
  aspirationTrackerRows(),
  [
    col('member', 'text', (r) => r.member),
    col('fiscal_year', 'integer', (r) => r.fiscalYear),
    col('commissions', 'text', (r) => list(r.commissions)),
    col('electoral_districts', 'text', (r) => list(r.electoralDistricts)),
    col('programs', 'integer', (r) => r.programIds.length),
    col('program_ids', 'text', (r) => list(r.programIds)),
    col('region_codes', 'text', (r) => list(r.regions.map((g) => g.code))),
    col('region_names', 'text', (r) => list(r.regions.map((g) => g.name))),
    col('participants', 'integer', (r) => r.participants),
    col('packages_with_government', 'integer', (r) => r.packages.withGovernment),
    col('packages_with_recipients', 'integer', (r) => r.packages.withRecipients),
    col('packages_written_off', 'integer', (r) => r.packages.writtenOff),
  ],
)

/**
 * RM-10 as `ikm_rm10_coverage`: one row per region × fiscal year.
 *
 * @category views
 * @since 0.1.0
 */
export const coverageView: TypedView = view<RegionalCoverageRow>(
  'ikm_rm10_coverage',
  regionalCoverage,
  regionalCoverageRows(),
  [
    col('region_code', 'text', (r) => r.region.code),
    col('region_name', 'text', (r) => r.region.name),
    col('fiscal_year', 'integer', (r) => r.fiscalYear),
    col('programs', 'integer', (r) => r.programIds.length),
    col('program_ids', 'text', (r) => list(r.programIds)),
    col('schemes', 'text', (r) => list(r.schemes)),
    col('batches', 'integer', (r) => r.batches),
    col('participants', 'integer', (r) => r.participants),
    col('packages', 'integer', (r) => r.packages),
  ],
)

/**
 * Every typed table of the ready-made read models.
 *
 * @category views
 * @since 0.1.0
 */
export const ikmTypedViews: ReadonlyArray<TypedView> = [
  programsView,
  budgetView,
  custodyView,
  productionView,
  checklistView,
  documentsView,
  facilitiesView,
  aspirationsView,
  coverageView,
]

/**
 * The typed tables of a read model (none for a read model of your own unless you pass them to the adapter).
 *
 * @category views
 * @since 0.1.0
 */
export const typedViewsOf = (model: ReadModel): ReadonlyArray<TypedView> =>
  ikmTypedViews.filter((v) => v.model.name === model.name)
