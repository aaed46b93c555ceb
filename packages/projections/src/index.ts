/**
 * `@ikm-ledger/projections`: the ready-made IKM read models (RM-1, RM-2, RM-3, RM-5 to RM-10), each
 * written once as pure row logic and usable in memory, in SQLite and in PostgreSQL; plus text formatting.
 *
 * @since 0.1.0
 */
export {
  inMemoryReadModel,
  readInMemory,
  type ReadModel,
  type ReadModelState,
  type RowOp,
  type RowQuery,
  type Rows,
} from './ReadModel'
export { readSqlite, sqliteReadModel, type SqliteDatabase, type SqliteStatement } from './sql/Sqlite'
export { postgresReadModel, readPostgres, type PostgresQueryable } from './sql/Postgres'
export { ikmReadModels } from './IkmReadModels'
export {
  programStatusBoard,
  programStatusBoardRows,
  type OriginCell,
  type ProgramStatusRow,
} from './ProgramStatusBoard'
export { budgetRealisation, budgetRealisationRows, type BudgetLineRow } from './BudgetRealisation'
export { aspirationTracker, aspirationTrackerRows, type AspirationTrackerRow } from './AspirationTracker'
export { regionalCoverage, regionalCoverageRows, type RegionalCoverageRow } from './RegionalCoverage'
export {
  equipmentCustody,
  equipmentCustodyRows,
  type CeremonialHandover,
  type CustodyStep,
  type EquipmentCustodyRow,
} from './EquipmentCustody'
export { productionOutputRows, productionOutputs, type ProductionOutputRow } from './ProductionOutputs'
export { programAuditTimeline, type AuditTimelineFact, type AuditTimelineOptions } from './AuditTimeline'
export {
  auditChecklist,
  auditChecklistOf,
  auditChecklistRows,
  auditFindingRows,
  type AuditChecklistRow,
  type AuditFindingRow,
  type AuditFollowUp,
  type AuditRecommendation,
  type ExpectedDocument,
  type FundingConcern,
  type OpenGap,
} from './AuditChecklist'
export {
  facilityRegistry,
  facilityRegistryRows,
  facilitySignalRows,
  type FacilityRegistryRow,
  type FacilitySignal,
  type FacilitySignalRow,
  type FacilityWorksRow,
} from './FacilityRegistry'
export {
  participantStatistics,
  participantStatisticsRows,
  programParticipantRows,
  publicParticipantStatisticsAllRows,
  publicParticipantStatisticsRows,
  type ParticipantRow,
  type ParticipantStatisticsRow,
  type PublicParticipantStatisticsRow,
} from './ParticipantStatistics'
export {
  formatAuditChecklist,
  formatBasisPoints,
  formatBudgetRealisation,
  formatInteger,
  formatProgramStatusBoard,
  formatReadModelTables,
  formatRupiahCompact,
  formatRupiahIn,
  readModelReport,
} from './Format'
export type { OrgCell, RegionCell } from './internal/Events'
export {
  projectReadModelsAt,
  readModelAt,
  withinBounds,
  type ProjectAtOptions,
  type ReadModelsAt,
  type TimeBounds,
} from './TimeTravel'
export {
  aspirationsView,
  budgetView,
  checklistView,
  coverageView,
  custodyView,
  documentsView,
  facilitiesView,
  ikmTypedViews,
  productionView,
  programsView,
  typedViewsOf,
  type Cell,
  type ColumnType,
  type TypedView,
  type ViewColumn,
} from './TypedViews'
export {
  columnsOf,
  EXPORT_FORMATS,
  findExport,
  formatExport,
  ikmExports,
  timelineCells,
  toCsv,
  toRecords,
  type ExportFormat,
  type ReadModelExport,
} from './Export'
export {
  ledgerReport,
  programReport,
  type LedgerReport,
  type PaperDateSource,
  type ProgramReport,
  type ProposalSummaryRow,
  type Report,
  type ReportCheckpoint,
  type ReportEvidence,
  type ReportOptions,
  type SourceFileRow,
  type SourceState,
  type StreamHeadRow,
} from './Report'
export { reportHtml, reportJson, reportMarkdown, reportSectionIds } from './ReportRender'
export { reportLabels, type ReportLabels, type ReportLang } from './ReportLabels'
