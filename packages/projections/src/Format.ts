/**
 * Readable text tables of the read models, for the demo, logs and terminals. Amounts use the Indonesian
 * format (`Rp24.300.000.000`), ratios are percentages with two decimals from basis points. The number formats of
 * the working papers live here too: whole numbers, percentages and rupiah in Indonesian (`6.034`, `99,91%`,
 * `Rp24.300.000.000`) or English (`6,034`, `99.91%`, `Rp24,300,000,000`), and the short rupiah of a chart
 * (`Rp2,8 M`, `Rp2.8 bn`), all computed on integers, never through floating point.
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
import type { ReportLang } from './ReportLabels'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const SEPARATORS: Readonly<Record<ReportLang, { readonly group: string; readonly decimal: string }>> = {
  id: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
}

const digitsGrouped = (digits: string, group: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, group)

/**
 * A whole number with its thousands grouped as the language writes them: `6034` → `6.034` (id) or `6,034` (en,
 * the default).
 * For counts and quantities; years, revisions and positions are identifiers and are written as they are.
 *
 * @example
 * formatInteger(900000n, 'id') // '900.000'
 *
 * @category utils
 * @since 0.1.0
 */
export const formatInteger = (n: number | bigint, lang: ReportLang = 'en'): string => {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) return String(n)
  const value = BigInt(n)
  const digits = (value < 0n ? -value : value).toString(10)
  return `${value < 0n ? '-' : ''}${digitsGrouped(digits, SEPARATORS[lang].group)}`
}

/**
 * Basis points as a percentage with two decimals: `9991` → `99.91%` (en, the default) or `99,91%` (id).
 *
 * @category utils
 * @since 0.1.0
 */
export const formatBasisPoints = (bp: number, lang: ReportLang = 'en'): string => {
  const value = BigInt(Math.trunc(bp))
  const abs = value < 0n ? -value : value
  const whole = formatInteger(abs / 100n, lang)
  return `${value < 0n ? '-' : ''}${whole}${SEPARATORS[lang].decimal}${String(abs % 100n).padStart(2, '0')}%`
}

/**
 * Whole rupiah with the thousands grouped as the language writes them: `Rp24.300.000.000` (id, as core's
 * `formatRupiah`) or `Rp24,300,000,000` (en).
 *
 * @category utils
 * @since 0.1.0
 */
export const formatRupiahIn = (amount: bigint, lang: ReportLang): string =>
  lang === 'id'
    ? formatRupiah(amount)
    : `${amount < 0n ? '-' : ''}Rp${formatInteger(amount < 0n ? -amount : amount, lang)}`

const COMPACT_UNITS: ReadonlyArray<{ readonly unit: bigint; readonly id: string; readonly en: string }> = [
  { unit: 1_000_000_000_000n, id: 'T', en: 'tn' },
  { unit: 1_000_000_000n, id: 'M', en: 'bn' },
  { unit: 1_000_000n, id: 'jt', en: 'm' },
]

/** `abs / unit` in tenths, rounded half up, in integers only. */
const tenthsOf = (abs: bigint, unit: bigint): bigint => (abs * 20n + unit) / (unit * 2n)

/**
 * Rupiah in short form for a chart label, to one decimal rounded half up: `Rp2.790.000.000` → `Rp2,8 M` (id) or
 * `Rp2.8 bn` (en), `Rp1.999.999.999` → `Rp2,0 M`, the whole part grouped (`Rp9.007,2 T`). Below a million it is
 * the full amount. The rounding is done on the bigint, so no amount loses precision to floating point; an amount
 * that rounds up to a thousand of its unit is written in the next (`Rp999.950.000` → `Rp1,0 M`).
 *
 * @category utils
 * @since 0.1.0
 */
export const formatRupiahCompact = (amount: bigint, lang: ReportLang): string => {
  const abs = amount < 0n ? -amount : amount
  const index = COMPACT_UNITS.findIndex((u) => abs >= u.unit)
  const found = COMPACT_UNITS[index]
  if (found === undefined) return formatRupiahIn(amount, lang)
  const larger = COMPACT_UNITS[index - 1]
  const [unit, tenths] =
    tenthsOf(abs, found.unit) >= 10_000n && larger !== undefined
      ? [larger, tenthsOf(abs, larger.unit)]
      : [found, tenthsOf(abs, found.unit)]
  const whole = formatInteger(tenths / 10n, lang)
  return `${amount < 0n ? '-' : ''}Rp${whole}${SEPARATORS[lang].decimal}${tenths % 10n} ${unit[lang]}`
}

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
      r.absorptionBp === null ? '-' : formatBasisPoints(r.absorptionBp),
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
