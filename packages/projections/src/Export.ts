/**
 * Exports for analysts: each ready-made read model by a short name (`programs`, `budget`, `participants`,
 * `custody`, `production`, `timeline`, `checklist`, `documents`, `facilities`, `aspirations`, `coverage`), its typed columns, and its rows as CSV
 * (RFC 4180), JSON Lines, a JSON array or a terminal table. CSV and JSON carry the same columns as the typed
 * SQL tables; money is whole rupiah (a decimal string in JSON, so no figure is rounded through a float).
 *
 * @since 0.1.0
 */
import { formatRupiah } from '@ikm-ledger/core/domain'
import type { AuditTimelineFact } from './AuditTimeline'
import {
  participantStatistics,
  publicParticipantStatisticsAllRows,
  publicParticipantStatisticsRows,
} from './ParticipantStatistics'
import type { ReadModel, RowQuery } from './ReadModel'
import { textTable } from './internal/TextTable'
import {
  aspirationsView,
  budgetView,
  checklistView,
  coverageView,
  custodyView,
  documentsView,
  facilitiesView,
  productionView,
  programsView,
  type Cell,
  type TypedView,
  type ViewColumn,
} from './TypedViews'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A read model an analyst can export: its short name, its RM number and title, and either its typed view (a
 * stored read model) or `timeline` (RM-6, a query over the event store per program).
 *
 * @category model
 * @since 0.1.0
 */
export type ReadModelExport =
  | {
      readonly _tag: 'View'
      readonly name: string
      readonly rm: string
      readonly title: string
      readonly view: TypedView
      /** The columns a terminal table shows (all when absent); CSV and JSON always carry every column. */
      readonly tableColumns?: ReadonlyArray<string>
    }
  | {
      readonly _tag: 'ProgramView'
      readonly name: string
      readonly rm: string
      readonly title: string
      readonly model: ReadModel
      readonly columns: ReadonlyArray<ViewColumn>
      /** One program's rows, or every program's without one. */
      readonly rows: (programId: string | undefined) => RowQuery<ReadonlyArray<ReadonlyArray<Cell>>>
    }
  | {
      readonly _tag: 'Timeline'
      readonly name: string
      readonly rm: string
      readonly title: string
      readonly columns: ReadonlyArray<ViewColumn>
    }

/**
 * The output formats of an export.
 *
 * @category model
 * @since 0.1.0
 */
export type ExportFormat = 'table' | 'csv' | 'jsonl' | 'json'

/**
 * The formats, in the order the CLI lists them.
 *
 * @category constants
 * @since 0.1.0
 */
export const EXPORT_FORMATS: ReadonlyArray<ExportFormat> = ['table', 'csv', 'jsonl', 'json']

// -------------------------------------------------------------------------------------
// catalogue
// -------------------------------------------------------------------------------------

const PARTICIPANT_COLUMNS: ReadonlyArray<ViewColumn> = [
  { name: 'program_id', type: 'text', nullable: false },
  { name: 'track_id', type: 'text', nullable: true },
  { name: 'region_code', type: 'text', nullable: false },
  { name: 'region_name', type: 'text', nullable: false },
  { name: 'sex', type: 'text', nullable: false },
  { name: 'age_band', type: 'text', nullable: false },
  { name: 'suppressed', type: 'boolean', nullable: false },
  { name: 'participants', type: 'integer', nullable: true },
  { name: 'completion_rate_bp', type: 'integer', nullable: true },
  { name: 'certification_rate_bp', type: 'integer', nullable: true },
]

/** RM-4 leaves the dinas only in its aggregate-only form: cells of fewer than five people suppressed. */
const participantCells = (programId: string | undefined): RowQuery<ReadonlyArray<ReadonlyArray<Cell>>> =>
  function* () {
    const rows = yield* (
      programId === undefined ? publicParticipantStatisticsAllRows() : publicParticipantStatisticsRows(programId)
    )()
    return rows.map((r) => [
      r.programId,
      r.trackId,
      r.region.code,
      r.region.name,
      r.sex,
      r.ageBand,
      r.suppressed,
      r.participants,
      r.completionRateBp,
      r.certificationRateBp,
    ])
  }

const TIMELINE_COLUMNS: ReadonlyArray<ViewColumn> = [
  { name: 'occurred_on', type: 'date', nullable: false },
  { name: 'recorded_at', type: 'text', nullable: false },
  { name: 'stream_id', type: 'text', nullable: false },
  { name: 'revision', type: 'bigint', nullable: false },
  { name: 'position', type: 'bigint', nullable: false },
  { name: 'type', type: 'text', nullable: false },
  { name: 'subject', type: 'text', nullable: true },
  { name: 'evidence_level', type: 'text', nullable: false },
  { name: 'evidence_refs', type: 'text', nullable: false },
  { name: 'approximate', type: 'boolean', nullable: false },
  { name: 'mode', type: 'text', nullable: false },
  { name: 'news_only', type: 'boolean', nullable: false },
]

/**
 * Every exportable read model, by short name.
 *
 * @category catalogue
 * @since 0.1.0
 */
export const ikmExports: ReadonlyArray<ReadModelExport> = [
  {
    _tag: 'View',
    name: 'programs',
    rm: 'RM-1',
    title: 'program status board: every program with its state',
    view: programsView,
    tableColumns: [
      'program_id',
      'fiscal_year',
      'state',
      'executing_org',
      'allocated',
      'open_compliance_gaps',
      'next_due_step',
    ],
  },
  { _tag: 'View', name: 'budget', rm: 'RM-2', title: 'budget allocation vs realisation', view: budgetView },
  {
    _tag: 'ProgramView',
    name: 'participants',
    rm: 'RM-4',
    title: 'participant statistics per program, aggregate-only, small cells suppressed (--program for one)',
    model: participantStatistics,
    columns: PARTICIPANT_COLUMNS,
    rows: participantCells,
  },
  {
    _tag: 'View',
    name: 'custody',
    rm: 'RM-3',
    title: 'equipment custody chain',
    view: custodyView,
    tableColumns: [
      'package_id',
      'program_id',
      'custody',
      'custodian',
      'legal_steps',
      'legal_steps_without_document',
      'ceremonial_handovers',
      'hibah_status',
    ],
  },
  { _tag: 'View', name: 'production', rm: 'RM-5', title: 'production targets vs output', view: productionView },
  {
    _tag: 'Timeline',
    name: 'timeline',
    rm: 'RM-6',
    title: "a program's audit timeline (needs --program)",
    columns: TIMELINE_COLUMNS,
  },
  {
    _tag: 'View',
    name: 'checklist',
    rm: 'RM-7',
    title: 'audit-readiness checklist',
    view: checklistView,
    tableColumns: [
      'stream_id',
      'program_id',
      'expected',
      'present',
      'missing',
      'open_gaps',
      'missing_doc_kinds',
      'ready',
    ],
  },
  { _tag: 'View', name: 'documents', rm: 'RM-7', title: 'documents expected, present or missing', view: documentsView },
  {
    _tag: 'View',
    name: 'facilities',
    rm: 'RM-8',
    title: 'sentra and UPTD registry',
    view: facilitiesView,
    tableColumns: [
      'facility_id',
      'kind',
      'name',
      'region_name',
      'status',
      'unit_count',
      'funding_documented',
      'funding_approximate',
      'open_compliance_gaps',
    ],
  },
  {
    _tag: 'View',
    name: 'aspirations',
    rm: 'RM-9',
    title: 'DPR aspirasi tracker: programs, regions, participants and packages per member and year',
    view: aspirationsView,
    tableColumns: [
      'member',
      'fiscal_year',
      'commissions',
      'programs',
      'region_names',
      'participants',
      'packages_with_government',
      'packages_with_recipients',
    ],
  },
  {
    _tag: 'View',
    name: 'coverage',
    rm: 'RM-10',
    title: 'regional coverage: programs, batches, participants and packages per region and year',
    view: coverageView,
    tableColumns: ['region_code', 'region_name', 'fiscal_year', 'programs', 'batches', 'participants', 'packages'],
  },
]

/**
 * The export named `name` (a short name, or an RM number such as `rm-2` / `RM2` when it names one export).
 *
 * @category catalogue
 * @since 0.1.0
 */
export const findExport = (name: string): ReadModelExport | undefined => {
  const byName = ikmExports.find((e) => e.name === name)
  if (byName !== undefined) return byName
  const rm = /^rm-?(\d+)$/i.exec(name)
  if (rm === null) return undefined
  const matching = ikmExports.filter((e) => e.rm === `RM-${rm[1]}`)
  return matching.length === 1 ? matching[0] : undefined
}

/**
 * The columns of an export.
 *
 * @category catalogue
 * @since 0.1.0
 */
export const columnsOf = (e: ReadModelExport): ReadonlyArray<ViewColumn> =>
  e._tag === 'View' ? e.view.columns : e.columns

/**
 * RM-6 facts as cells in the timeline export's column order.
 *
 * @category catalogue
 * @since 0.1.0
 */
export const timelineCells = (facts: ReadonlyArray<AuditTimelineFact>): ReadonlyArray<ReadonlyArray<Cell>> =>
  facts.map((f) => [
    f.occurredOn,
    f.recordedAt,
    f.streamId,
    f.revision,
    f.position,
    f.type,
    f.subject,
    f.evidenceLevel,
    f.evidenceRefs.join('; '),
    f.approximate,
    f.mode,
    f.newsOnly,
  ])

// -------------------------------------------------------------------------------------
// formats
// -------------------------------------------------------------------------------------

// A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): `=`, `+`, `@`, a tab or carriage
// return first, or a `-` that does not start a number. Event text comes from whoever sent the command.
const FORMULA_START = /^(?:[=+@\t\r]|-(?![\d.]*$))/

const csvField = (cell: Cell): string => {
  if (cell === null) return ''
  const raw = typeof cell === 'string' ? cell : String(cell)
  const text = typeof cell === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * RFC 4180 CSV: a header line of column names, then one line per row, CRLF line ends; an empty field is null. A
 * text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `@`, a tab, a carriage return, or a
 * `-` that does not start a number) is written with a leading `'`, so opening the file in Excel or LibreOffice
 * never runs what a command's sender wrote.
 *
 * @category formats
 * @since 0.1.0
 */
export const toCsv = (columns: ReadonlyArray<ViewColumn>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string =>
  [columns.map((c) => c.name), ...rows].map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n'

const jsonCell = (cell: Cell): string | number | boolean | null => (typeof cell === 'bigint' ? cell.toString(10) : cell)

/**
 * Rows as JSON objects keyed by column name; money as a decimal string.
 *
 * @category formats
 * @since 0.1.0
 */
export const toRecords = (
  columns: ReadonlyArray<ViewColumn>,
  rows: ReadonlyArray<ReadonlyArray<Cell>>,
): ReadonlyArray<Record<string, string | number | boolean | null>> =>
  rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c.name, jsonCell(cells[i] ?? null)])))

const tableCell = (column: ViewColumn, cell: Cell): string => {
  if (cell === null) return '-'
  if (column.type === 'money' && typeof cell === 'bigint') return formatRupiah(cell)
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no'
  return String(cell)
}

/**
 * Rows in one of the export formats, as the text to print or write; a table may show only some columns.
 *
 * @example
 * process.stdout.write(formatExport('csv', budgetView.columns, cells))
 *
 * @category formats
 * @since 0.1.0
 */
export const formatExport = (
  format: ExportFormat,
  columns: ReadonlyArray<ViewColumn>,
  rows: ReadonlyArray<ReadonlyArray<Cell>>,
  options: { readonly tableColumns?: ReadonlyArray<string> } = {},
): string => {
  switch (format) {
    case 'csv':
      return toCsv(columns, rows)
    case 'jsonl':
      return toRecords(columns, rows)
        .map((r) => JSON.stringify(r) + '\n')
        .join('')
    case 'json':
      return JSON.stringify(toRecords(columns, rows), null, 2) + '\n'
    case 'table': {
      const shown = options.tableColumns ?? columns.map((c) => c.name)
      const picked = columns.flatMap((c, i) => (shown.includes(c.name) ? [{ c, i }] : []))
      return (
        textTable(
          picked.map(({ c }) => ({
            header: c.name,
            align: ['money', 'bigint', 'integer'].includes(c.type) ? ('right' as const) : ('left' as const),
          })),
          rows.map((cells) => picked.map(({ c, i }) => tableCell(c, cells[i] ?? null))),
        ) + `\n${rows.length} row(s)\n`
      )
    }
  }
}
