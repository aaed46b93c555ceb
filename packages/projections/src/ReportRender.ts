/**
 * A report as JSON, Markdown or one self-contained HTML page (inline CSS and SVG, no script, no network, A4
 * print styles). Markdown and HTML are rendered from one layout of sections, so they carry the same content;
 * the JSON is the report's data itself, money as decimal strings.
 *
 * @since 0.1.0
 */
import type { AuditFindingRow } from './AuditChecklist'
import type { AuditTimelineFact } from './AuditTimeline'
import type { EquipmentCustodyRow } from './EquipmentCustody'
import { formatBasisPoints, formatInteger, formatRupiahCompact, formatRupiahIn } from './Format'
import { sayNames, sayPhrase, type PhraseFormats } from './internal/Phrases'
import type { LedgerReport, PaperDateSource, ProgramReport, Report, ReportEvidence } from './Report'
import { reportLabels, type ReportLabels, type ReportLang } from './ReportLabels'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Tone = 'good' | 'warn' | 'bad' | 'info' | 'muted'

interface TextCell {
  readonly text: string
  readonly numeric?: boolean
  readonly tone?: Tone
  readonly code?: boolean
  readonly nowrap?: boolean
  /** An ISO instant: it may break after its date, so a narrow A4 column holds it. */
  readonly instant?: boolean
}

type Cell = string | TextCell

type Block =
  | { readonly _tag: 'Fields'; readonly fields: ReadonlyArray<readonly [string, Cell]> }
  | {
      readonly _tag: 'Table'
      readonly columns: ReadonlyArray<{ readonly label: string; readonly numeric?: boolean }>
      readonly rows: ReadonlyArray<ReadonlyArray<Cell>>
      readonly empty: string
    }
  | { readonly _tag: 'Note'; readonly text: string }
  | { readonly _tag: 'Heading'; readonly text: string }
  | { readonly _tag: 'Chart'; readonly title: string; readonly bars: ReadonlyArray<ChartGroup> }

interface ChartGroup {
  readonly label: string
  readonly values: ReadonlyArray<{ readonly series: string; readonly amount: bigint; readonly tone: Tone }>
}

interface Section {
  readonly id: string
  readonly title: string
  readonly blocks: ReadonlyArray<Block>
}

interface Layout {
  readonly title: string
  readonly subtitle: string
  readonly meta: ReadonlyArray<readonly [string, string]>
  readonly sections: ReadonlyArray<Section>
}

/**
 * A paper's language: its labels, and how it writes numbers, money and the read models' phrases (`6.034`,
 * `99,91%`, `Rp24.300.000.000` in Indonesian; `6,034`, `99.91%`, `Rp24,300,000,000` in English).
 */
interface Words {
  readonly l: ReportLabels
  readonly lang: ReportLang
  readonly formats: PhraseFormats
}

const wordsOf = (lang: ReportLang): Words => ({
  l: reportLabels(lang),
  lang,
  formats: {
    lang,
    integer: (n) => formatInteger(n, lang),
    rupiah: (amount) => formatRupiahIn(amount, lang),
  },
})

// -------------------------------------------------------------------------------------
// layout
// -------------------------------------------------------------------------------------

const rupiah = (amount: bigint, w: Words): string => formatRupiahIn(amount, w.lang)
const rp = (amount: bigint, w: Words): TextCell => ({ text: rupiah(amount, w), numeric: true })
/** A count or quantity, grouped as the language writes it; `-` for none. */
const num = (n: number | bigint | null, w: Words): TextCell => ({
  text: n === null ? '-' : formatInteger(n, w.lang),
  numeric: true,
})
/** An identifier that is a number (a fiscal year, a revision): written as it is, never grouped. */
const plain = (n: number | bigint): TextCell => ({ text: String(n), numeric: true })
const pct = (bp: number | null, w: Words): TextCell => ({
  text: bp === null ? '-' : formatBasisPoints(bp, w.lang),
  numeric: true,
})
const dash: TextCell = { text: '-', numeric: true }
/** A read model's or a decider's phrase in the paper's language (a text it does not know stays as recorded). */
const say = (text: string, w: Words): string => sayPhrase(text, w.formats)
const code = (text: string): TextCell => ({ text, code: true })
const date = (text: string): TextCell => ({ text, nowrap: true })
const instant = (text: string): TextCell => ({ text, instant: true })

const evidenceTone = (level: string): Tone =>
  level === 'DOCUMENTED' ? 'good' : level === 'OFFICIAL_STATEMENT' ? 'info' : level === 'NEWS_REPORT' ? 'warn' : 'muted'

interface TimelineRun {
  readonly first: AuditTimelineFact
  readonly last: AuditTimelineFact
  readonly count: number
}

/**
 * Consecutive facts of one type, stream, date and evidence (25 participants selected from one news story) as
 * one line with their count and revision range: the working paper stays readable, the JSON keeps every fact.
 */
const timelineRuns = (facts: ReadonlyArray<AuditTimelineFact>): ReadonlyArray<TimelineRun> => {
  const runs: Array<TimelineRun> = []
  for (const fact of facts) {
    const previous = runs.at(-1)
    if (
      previous !== undefined &&
      fact.subject === null &&
      previous.first.subject === null &&
      fact.type === previous.last.type &&
      fact.streamId === previous.last.streamId &&
      fact.occurredOn === previous.last.occurredOn &&
      fact.evidenceLevel === previous.last.evidenceLevel &&
      fact.newsOnly === previous.last.newsOnly &&
      fact.approximate === previous.last.approximate &&
      fact.revision === previous.last.revision + 1n
    ) {
      runs[runs.length - 1] = { ...previous, last: fact, count: previous.count + 1 }
    } else {
      runs.push({ first: fact, last: fact, count: 1 })
    }
  }
  return runs
}

const boundsMeta = (report: Report, l: ReportLabels): ReadonlyArray<readonly [string, string]> => [
  [l.asOf, report.bounds.asOf ?? l.everything],
  [l.asKnownAt, report.bounds.asKnownAt ?? l.everything],
]

const budgetSection = (report: Report, w: Words): Section => {
  const { l } = w
  return {
    id: 'budget',
    title: l.budget,
    blocks: [
      {
        _tag: 'Table',
        columns: [
          { label: l.period },
          { label: l.source },
          { label: l.region },
          { label: l.allocated, numeric: true },
          { label: l.revised, numeric: true },
          { label: l.realised, numeric: true },
          { label: l.reversed, numeric: true },
          { label: l.absorption, numeric: true },
          { label: l.importedApproximate, numeric: true },
        ],
        rows: report.budget.map((b) => [
          say(b.period, w),
          b.asserted && b.allocated === 0n ? `${b.source} (${l.fundingAsserted.toLowerCase()})` : b.source,
          `${b.region.code} ${b.region.name}`,
          rp(b.allocated, w),
          rp(b.revised, w),
          rp(b.realised, w),
          rp(b.reversed, w),
          pct(b.absorptionBp, w),
          b.importedApproximate === 0n
            ? dash
            : { text: `≈ ${rupiah(b.importedApproximate, w)}`, numeric: true, tone: 'warn' },
        ]),
        empty: l.noBudget,
      },
      ...(report.budget.every((b) => b.revised === 0n && b.realised === 0n && b.importedApproximate === 0n)
        ? report.budget.length === 0
          ? []
          : [{ _tag: 'Note' as const, text: l.noFigures }]
        : [
            {
              _tag: 'Chart' as const,
              title: l.chartTitle,
              bars: report.budget
                .filter((b) => b.revised !== 0n || b.realised !== 0n || b.importedApproximate !== 0n)
                .map((b) => ({
                  label: `${say(b.period, w)} ${b.source} ${b.region.code}`,
                  values: [
                    { series: l.revised, amount: b.revised, tone: 'info' as const },
                    { series: l.realised, amount: b.realised - b.reversed, tone: 'good' as const },
                    { series: l.importedApproximate, amount: b.importedApproximate, tone: 'warn' as const },
                  ],
                })),
            },
          ]),
    ],
  }
}

/** Who holds a package and on what footing, in the report's language (RM-3's `custodian` is English). */
const custodianWords = (c: EquipmentCustodyRow, w: Words): string => {
  const { l } = w
  const last = c.chain[c.chain.length - 1]
  const missing = last !== undefined && last.document === null ? `, ${l.bastMissing}` : ''
  switch (c.custody) {
    case 'PROCURED':
      return `${sayNames(c.holder.name, w.formats)} (${l.custodyProcured}${missing})`
    case 'WITH_PEMDA_OPERATIONAL':
      return `${sayNames(c.holder.name, w.formats)} (${l.custodyOperational}${missing})`
    case 'OWNED_BY_PEMDA':
      return `${sayNames(c.owner.name, w.formats)} (${l.custodyOwned}${missing})`
    case 'LENT_TO_GROUP':
      return `${sayNames(c.recipient.name, w.formats)} (${l.custodyLent} ${sayNames(c.owner.name, w.formats)}${missing})`
    case 'GRANTED_TO_GROUP':
      return `${sayNames(c.recipient.name, w.formats)} (${l.custodyGranted}${missing})`
    case 'WRITTEN_OFF':
      return l.custodyWrittenOff
  }
}

const custodySection = (report: Report, w: Words): Section => {
  const { l } = w
  return {
    id: 'custody',
    title: l.custody,
    blocks:
      report.custody.length === 0
        ? [{ _tag: 'Note', text: l.noCustody }]
        : report.custody.flatMap((c): ReadonlyArray<Block> => [
            { _tag: 'Heading', text: `${l.package} ${c.packageId} — ${c.description}` },
            {
              _tag: 'Fields',
              fields: [
                [l.custodian, custodianWords(c, w)],
                [l.hibah, c.hibahStatus],
                [l.packageValue, c.totalValue === null ? '-' : rp(c.totalValue, w)],
              ],
            },
            {
              _tag: 'Table',
              columns: [{ label: l.legalTransfers }, { label: l.occurredOn }, { label: l.to }, { label: l.document }],
              rows: c.chain.map((s) => [
                s.step,
                s.occurredOn,
                sayNames(s.to, w.formats),
                s.document === null
                  ? { text: l.missing, tone: 'bad' }
                  : {
                      text: `${s.document.kind}${s.document.number === null ? '' : ` ${s.document.number}`}`,
                      tone: 'good',
                    },
              ]),
              empty: '-',
            },
            {
              _tag: 'Table',
              columns: [{ label: l.ceremonies }, { label: l.to }],
              rows: c.ceremonies.map((m) => [
                `${m.occurredOn}${m.place === null ? '' : `, ${m.place}`}${m.by === null ? '' : ` (${m.by})`}`,
                m.to.join(', '),
              ]),
              empty: '-',
            },
          ]),
  }
}

const checklistBlocks = (report: Report, w: Words, detailed: boolean): ReadonlyArray<Block> => {
  const { l } = w
  const summary: Block = {
    _tag: 'Table',
    columns: [
      { label: l.entity },
      { label: l.title },
      { label: l.expected, numeric: true },
      { label: l.present, numeric: true },
      { label: l.missing, numeric: true },
      { label: l.gaps, numeric: true },
      { label: l.ready },
    ],
    rows: report.checklist.map((r) => [
      code(r.streamId),
      r.title,
      num(r.expected, w),
      num(r.present, w),
      { ...num(r.missing, w), ...(r.missing > 0 ? { tone: 'bad' as const } : {}) },
      num(r.openGaps.length, w),
      r.ready ? { text: l.yes, tone: 'good' } : { text: l.no, tone: 'bad' },
    ]),
    empty: '-',
  }
  if (!detailed) return [summary]
  return [
    summary,
    { _tag: 'Heading', text: l.documents },
    {
      _tag: 'Table',
      columns: [{ label: l.entity }, { label: l.subject }, { label: l.kind }, { label: l.step }, { label: l.status }],
      rows: report.checklist.flatMap((r) =>
        r.documents.map((d): ReadonlyArray<Cell> => [
          code(r.streamId),
          code(d.subject),
          d.kind,
          say(d.step, w),
          d.status === 'PRESENT'
            ? { text: `${l.present}${d.number === null ? '' : ` (${d.number})`}`, tone: 'good' }
            : { text: l.missing, tone: 'bad' },
        ]),
      ),
      empty: '-',
    },
    { _tag: 'Heading', text: l.openGaps },
    {
      _tag: 'Table',
      columns: [{ label: l.entity }, { label: l.rule }, { label: l.subject }, { label: l.document }, { label: l.note }],
      rows: report.checklist.flatMap((r) =>
        r.openGaps.map((g): ReadonlyArray<Cell> => [
          code(r.streamId),
          g.rule,
          code(g.subject),
          g.missingDocKinds.join(', ') || '-',
          `${say(g.note, w)} (${g.notedOn})`,
        ]),
      ),
      empty: l.noGaps,
    },
    { _tag: 'Heading', text: l.fundingConcerns },
    {
      _tag: 'Table',
      columns: [{ label: l.entity }, { label: l.subject }, { label: l.note }, { label: l.allocated, numeric: true }],
      rows: report.checklist.flatMap((r) =>
        r.fundingConcerns.map((c): ReadonlyArray<Cell> => [
          code(r.streamId),
          code(c.subject),
          { text: say(c.note, w), tone: 'warn' },
          c.amount === null ? dash : rp(c.amount, w),
        ]),
      ),
      empty: '-',
    },
  ]
}

const paperDateSourceWords = (source: PaperDateSource, l: ReportLabels): string => {
  switch (source) {
    case 'GIVEN':
      return l.paperDateGiven
    case 'AS_OF':
      return l.paperDateAsOf
    case 'AS_KNOWN_AT':
      return l.paperDateAsKnownAt
    case 'LAST_RECORDED':
      return l.paperDateLastRecorded
    case 'NOTHING_READ':
      return l.paperDateNothingRead
  }
}

const daysText = (n: number, w: Words): string => `${formatInteger(n, w.lang)} ${n === 1 ? w.l.day : w.l.days}`

/** Where a finding stands on the paper's date, and how it looks: overdue is bad, closed is good. */
const findingStatus = (f: AuditFindingRow, w: Words): TextCell => {
  const { l } = w
  const late = f.daysOverdue > 0 ? ` (${l.findingLate.replace('{days}', daysText(f.daysOverdue, w))})` : ''
  switch (f.status) {
    case 'CLOSED':
      return { text: `${l.findingClosed} ${f.closedOn ?? ''}`.trim() + late, tone: 'good' }
    case 'FOLLOW_UP_REPORTED':
      return { text: `${l.findingFollowedUp} ${f.followUpReportedOn ?? ''}`.trim() + late, tone: 'info' }
    case 'OPEN':
      return f.overdue
        ? { text: l.findingOverdue.replace('{days}', daysText(f.daysOverdue, w)), tone: 'bad' }
        : { text: l.findingOpen, tone: 'warn' }
  }
}

const CATEGORY_LABELS: Readonly<Record<string, keyof ReportLabels>> = {
  OVERPAYMENT: 'categoryOVERPAYMENT',
  BAST_MISMATCH: 'categoryBAST_MISMATCH',
  RECIPIENT_INELIGIBLE: 'categoryRECIPIENT_INELIGIBLE',
  ASSET_UNUSED: 'categoryASSET_UNUSED',
  ASSET_TRANSFERRED: 'categoryASSET_TRANSFERRED',
  MISSING_DOCUMENT: 'categoryMISSING_DOCUMENT',
  LATE_REPORT: 'categoryLATE_REPORT',
  OTHER: 'categoryOTHER',
}

const findingCategoryWords = (category: string, l: ReportLabels): string => {
  const key = CATEGORY_LABELS[category]
  return key === undefined ? category : `${l[key]} (${category})`
}

const findingsSection = (report: Report, w: Words): Section => {
  const { l } = w
  const asOf = `${l.findingsAsOf}: ${report.paperDate ?? '-'} (${paperDateSourceWords(report.paperDateSource, l)})`
  return {
    id: 'findings',
    title: l.findings,
    blocks: [
      { _tag: 'Note', text: `${l.findingsNote} ${asOf}.` },
      {
        _tag: 'Table',
        columns: [
          { label: l.finding },
          { label: l.auditor },
          { label: l.lhpDate },
          { label: l.followUpDue },
          { label: l.status },
          { label: l.daysOpen, numeric: true },
        ],
        rows: report.findings.map((f) => [
          code(f.findingId),
          f.auditor,
          date(f.lhpDate),
          date(f.followUpDue),
          findingStatus(f, w),
          num(f.daysOpen, w),
        ]),
        empty: l.noFindings,
      },
      ...report.findings.flatMap((f): ReadonlyArray<Block> => [
        { _tag: 'Heading', text: `${l.finding} ${f.findingId}` },
        {
          _tag: 'Fields',
          fields: [
            [l.auditor, f.auditorName === null ? f.auditor : `${f.auditor} — ${f.auditorName}`],
            [
              l.lhp,
              `${f.lhpDate}${f.lhpNumber === null ? '' : `, ${f.lhpNumber}`}` +
                (f.lhpReceivedOn === null || f.lhpReceivedOn === f.lhpDate
                  ? ''
                  : ` (${l.lhpReceived} ${f.lhpReceivedOn})`),
            ],
            [l.findingCategory, findingCategoryWords(f.category, l)],
            [l.findingSubjects, code(f.subjects.join(', '))],
            [l.criteria, f.criteria],
            [l.condition, f.condition],
            [
              l.recommendations,
              f.recommendationTexts.length === 0
                ? { text: l.noRecommendations, tone: 'warn' }
                : f.recommendationTexts.map((r) => `${r.recommendationId}: ${r.text}`).join('; '),
            ],
            [l.findingAmount, f.amount === null ? '-' : rp(f.amount, w)],
            [
              l.evidence,
              {
                text: [f.evidenceLevel, f.newsOnly ? l.newsOnly : ''].filter((t) => t !== '').join(' · '),
                tone: f.newsOnly ? 'warn' : evidenceTone(f.evidenceLevel),
              },
            ],
            [l.followUpDue, date(f.followUpDue)],
            [
              l.followUps,
              f.followUps.length === 0
                ? '-'
                : f.followUps.map((u) => `${u.reportedOn} (${u.recommendationIds.join(', ')}): ${u.action}`).join('; '),
            ],
            [`${l.status} (${report.paperDate ?? '-'})`, findingStatus(f, w)],
          ],
        },
      ]),
    ],
  }
}

const facilitiesSection = (report: Report, w: Words): Section => {
  const { l } = w
  return {
    id: 'facilities',
    title: l.facilities,
    blocks: [
      {
        _tag: 'Table',
        columns: [
          { label: l.facility },
          { label: l.kind },
          { label: l.region },
          { label: l.status },
          { label: l.units, numeric: true },
          { label: l.workers, numeric: true },
          { label: l.fundingDocumented, numeric: true },
          { label: l.fundingApproximate, numeric: true },
        ],
        rows: report.facilities.map((f) => {
          const documented = f.fundingBySource.reduce((n, s) => n + s.documented, 0n)
          const approximate = f.fundingBySource.reduce((n, s) => n + s.approximate, 0n)
          return [
            `${f.name} (${f.facilityId})`,
            f.kind,
            `${f.region.code} ${f.region.name}`,
            f.status,
            num(f.unitCount, w),
            num(f.workerCount, w),
            rp(documented, w),
            approximate === 0n ? dash : { text: `≈ ${rupiah(approximate, w)}`, numeric: true, tone: 'warn' },
          ]
        }),
        empty: l.noFacilities,
      },
    ],
  }
}

const aspirationsSection = (report: Report, w: Words): Section => {
  const { l } = w
  return {
    id: 'aspirations',
    title: l.aspirations,
    blocks: [
      { _tag: 'Note', text: l.aspirationsNote },
      {
        _tag: 'Table',
        columns: [
          { label: l.member },
          { label: l.fiscalYear, numeric: true },
          { label: l.commission },
          { label: l.district },
          { label: l.programs },
          { label: l.regions },
          { label: l.participantsCount, numeric: true },
          { label: l.packagesWithGovernment, numeric: true },
          { label: l.packagesWithRecipients, numeric: true },
          { label: l.packagesWrittenOff, numeric: true },
        ],
        rows: report.aspirations.map((a) => [
          a.member,
          plain(a.fiscalYear),
          a.commissions.join(', ') || '-',
          a.electoralDistricts.join(', ') || '-',
          code(a.programIds.join(', ')),
          a.regions.map((r) => `${r.name} (${r.code})`).join(', ') || '-',
          num(a.participants, w),
          num(a.packages.withGovernment, w),
          num(a.packages.withRecipients, w),
          num(a.packages.writtenOff, w),
        ]),
        empty: l.noAspirations,
      },
    ],
  }
}

const coverageSection = (report: Report, w: Words): Section => {
  const { l } = w
  return {
    id: 'coverage',
    title: l.coverage,
    blocks: [
      { _tag: 'Note', text: l.coverageNote },
      {
        _tag: 'Table',
        columns: [
          { label: l.region },
          { label: l.fiscalYear, numeric: true },
          { label: l.programs },
          { label: l.schemes },
          { label: l.batches, numeric: true },
          { label: l.participantsCount, numeric: true },
          { label: l.packagesCount, numeric: true },
        ],
        rows: report.coverage.map((c) => [
          `${c.region.code} ${c.region.name}`,
          plain(c.fiscalYear),
          code(c.programIds.join(', ')),
          c.schemes.join(', ') || '-',
          num(c.batches, w),
          num(c.participants, w),
          num(c.packages, w),
        ]),
        empty: l.noCoverage,
      },
    ],
  }
}

// Positions, revisions, tree sizes and byte counts stay unformatted: an auditor compares them with `ls -l`, a
// checkpoint file or a command's argument digit by digit.
const evidenceSection = (evidence: ReportEvidence, w: Words): Section => {
  const { l } = w
  return {
    id: 'evidence',
    title: l.evidenceBlock,
    blocks: [
      {
        _tag: 'Fields',
        fields: [
          [l.sourceRead, code(evidence.source)],
          [
            l.sha256,
            evidence.sourceSha256 !== null
              ? code(evidence.sourceSha256)
              : evidence.sourceState === 'CHANGED_WHILE_READ'
                ? { text: '-', tone: 'bad' }
                : l.notAFile,
          ],
          [
            l.sha256Covers,
            evidence.sourceState === 'FILE'
              ? l.coversFile
              : evidence.sourceState === 'FILE_WITH_WAL'
                ? { text: l.coversWal, tone: 'info' }
                : evidence.sourceState === 'CHANGED_WHILE_READ'
                  ? { text: l.coversChanged, tone: 'bad' }
                  : l.coversServer,
          ],
          ...evidence.sourceFiles.map(
            (f) => [`${l.fileAsFound}: ${f.name}`, code(`${f.sha256} (${f.bytes} ${l.bytes})`)] as const,
          ),
          [l.readThrough, String(evidence.readThroughPosition)],
          [
            l.events,
            `${formatInteger(evidence.eventsRead, w.lang)} / ${formatInteger(evidence.eventsCounted, w.lang)}`,
          ],
          ...(evidence.checkpoint === null
            ? [[l.checkpoint, { text: l.noCheckpoint, tone: 'warn' }] as const]
            : [
                [`${l.checkpoint}: ${l.treeSize}`, String(evidence.checkpoint.treeSize)] as const,
                [`${l.checkpoint}: ${l.rootHash}`, code(evidence.checkpoint.rootHash)] as const,
                [`${l.checkpoint}: ${l.keyId}`, evidence.checkpoint.keyId ?? l.unsigned] as const,
                ...(evidence.checkpoint.lastPosition !== undefined &&
                evidence.readThroughPosition > evidence.checkpoint.lastPosition
                  ? [
                      [
                        l.checkpoint,
                        {
                          text: l.checkpointShort
                            .replace('{last}', String(evidence.checkpoint.lastPosition))
                            .replace('{next}', String(evidence.checkpoint.lastPosition + 1n))
                            .replace('{read}', String(evidence.readThroughPosition)),
                          tone: 'warn',
                        },
                      ] as const,
                    ]
                  : []),
              ]),
        ],
      },
      { _tag: 'Heading', text: l.streamHeads },
      {
        _tag: 'Table',
        columns: [{ label: l.stream }, { label: l.revision, numeric: true }, { label: l.hash }],
        rows: evidence.streamHeads.map((h) => [code(h.streamId), plain(h.revision), code(h.hash)]),
        empty: '-',
      },
    ],
  }
}

const programLayout = (report: ProgramReport, w: Words): Layout => {
  const { l } = w
  const p = report.program
  const allocated = p.fundingAllocated.reduce((n, f) => n + f.amount, 0n)
  return {
    title: l.programTitle,
    subtitle: p.title,
    meta: [[l.programId, p.programId], ...boundsMeta(report, l)],
    sections: [
      {
        id: 'identity',
        title: l.identity,
        blocks: [
          {
            _tag: 'Fields',
            fields: [
              [l.programId, code(p.programId)],
              [l.title, p.title],
              [l.fiscalYear, String(p.fiscalYear)],
              [l.executingOrg, `${p.executingOrg.name} (${p.executingOrg.kind})`],
              [l.regions, p.regions.map((r) => `${r.name} (${r.code})`).join(', ') || '-'],
              [l.state, { text: p.state, tone: 'info' }],
              [l.origin, p.origin.member === null ? p.origin.kind : `${p.origin.kind}: ${p.origin.member}`],
              [l.schemes, p.schemes.join(', ') || '-'],
              [
                l.fundingAllocated,
                p.fundingAllocated.length === 0
                  ? '-'
                  : `${p.fundingAllocated.map((f) => `${f.source} ${rupiah(f.amount, w)}`).join('; ')} (Σ ${rupiah(allocated, w)})`,
              ],
              [
                l.fundingAsserted,
                p.fundingAsserted.length === 0 ? '-' : { text: p.fundingAsserted.join(', '), tone: 'warn' },
              ],
              [
                l.participants,
                `${formatInteger(p.participantsSelected, w.lang)} / ${p.participantQuota === null ? '-' : formatInteger(p.participantQuota, w.lang)}`,
              ],
              [l.nextStep, p.nextDueStep === null ? '-' : say(p.nextDueStep, w)],
            ],
          },
        ],
      },
      {
        id: 'timeline',
        title: l.timeline,
        blocks: [
          { _tag: 'Note', text: l.timelineNote },
          {
            _tag: 'Table',
            columns: [
              { label: l.occurredOn },
              { label: l.event },
              { label: l.stream },
              { label: l.subject },
              { label: l.evidence },
              { label: l.recordedAt },
            ],
            rows: timelineRuns(report.timeline).map((run) => {
              const f = run.first
              const revisions = run.count === 1 ? `${f.revision}` : `${f.revision}–${run.last.revision}`
              return [
                date(f.occurredOn),
                run.count === 1 ? f.type : `${f.type} × ${formatInteger(run.count, w.lang)}`,
                code(`${f.streamId}@${revisions}`),
                f.subject ?? '-',
                {
                  text: [f.evidenceLevel, f.newsOnly ? l.newsOnly : '', f.approximate ? l.approximate : '']
                    .filter((t) => t !== '')
                    .join(' · '),
                  tone: f.newsOnly ? 'warn' : evidenceTone(f.evidenceLevel),
                },
                instant(run.count === 1 ? f.recordedAt : `${f.recordedAt} – ${run.last.recordedAt}`),
              ]
            }),
            empty: '-',
          },
        ],
      },
      budgetSection(report, w),
      custodySection(report, w),
      {
        id: 'production',
        title: l.production,
        blocks: [
          {
            _tag: 'Table',
            columns: [
              { label: l.product },
              { label: l.region },
              { label: l.unit },
              { label: l.target, numeric: true },
              { label: l.produced, numeric: true },
              { label: l.delivered, numeric: true },
              { label: l.achievement, numeric: true },
            ],
            rows: report.production.map((o) => [
              o.product,
              o.region === null ? '-' : `${o.region.code} ${o.region.name}`,
              o.unit,
              num(o.target, w),
              num(o.produced, w),
              num(o.delivered, w),
              pct(o.achievementBp, w),
            ]),
            empty: l.noProduction,
          },
        ],
      },
      { id: 'documents', title: l.documents, blocks: checklistBlocks(report, w, true) },
      findingsSection(report, w),
      facilitiesSection(report, w),
      aspirationsSection(report, w),
      coverageSection(report, w),
      evidenceSection(report.evidence, w),
    ],
  }
}

const ledgerLayout = (report: LedgerReport, w: Words): Layout => {
  const { l } = w
  return {
    title: l.ledgerTitle,
    subtitle: l.generatedFrom,
    meta: boundsMeta(report, l),
    sections: [
      {
        id: 'programs',
        title: l.programs,
        blocks: [
          {
            _tag: 'Table',
            columns: [
              { label: l.programId },
              { label: l.title },
              { label: l.fiscalYear, numeric: true },
              { label: l.state },
              { label: l.executingOrg },
              { label: l.fundingAllocated, numeric: true },
              { label: l.gaps, numeric: true },
            ],
            rows: report.programs.map((p) => [
              code(p.programId),
              p.title,
              plain(p.fiscalYear),
              { text: p.state, tone: 'info' },
              p.executingOrg.name,
              rp(
                p.fundingAllocated.reduce((n, f) => n + f.amount, 0n),
                w,
              ),
              num(p.openComplianceGaps, w),
            ]),
            empty: '-',
          },
        ],
      },
      {
        id: 'proposals',
        title: l.proposals,
        blocks: [
          {
            _tag: 'Table',
            columns: [
              { label: l.proposal },
              { label: l.status },
              { label: l.items, numeric: true },
              { label: l.accepted, numeric: true },
              { label: l.rejected, numeric: true },
              { label: l.open, numeric: true },
            ],
            rows: report.proposals.map((p) => [
              code(p.proposalId),
              p.status,
              num(p.items, w),
              num(p.accepted, w),
              num(p.rejected, w),
              num(p.open, w),
            ]),
            empty: l.noProposals,
          },
        ],
      },
      budgetSection(report, w),
      custodySection(report, w),
      { id: 'documents', title: l.checklistSummary, blocks: checklistBlocks(report, w, false) },
      findingsSection(report, w),
      facilitiesSection(report, w),
      aspirationsSection(report, w),
      coverageSection(report, w),
      evidenceSection(report.evidence, w),
    ],
  }
}

const layoutOf = (report: Report, w: Words): Layout =>
  report.kind === 'PROGRAM' ? programLayout(report, w) : ledgerLayout(report, w)

// -------------------------------------------------------------------------------------
// JSON
// -------------------------------------------------------------------------------------

/**
 * The report as JSON: the report's own data, money and positions as decimal strings, under a format tag.
 *
 * @category renderers
 * @since 0.1.0
 */
export const reportJson = (report: Report, lang: ReportLang = 'id'): string =>
  JSON.stringify(
    { format: 'ikm-ledger.report/1', lang, ...report },
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(10) : value),
    2,
  ) + '\n'

// -------------------------------------------------------------------------------------
// Markdown
// -------------------------------------------------------------------------------------

const cellText = (cell: Cell): string => (typeof cell === 'string' ? cell : cell.text)

/**
 * HTML is written as entities (no renderer runs it); emphasis, link and heading punctuation and a table's pipe are
 * escaped; one line. A backtick is left: a code span is inert, and the labels use it for command names.
 */
const mdEscape = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ')

/** A code span keeps its text literal; only a backtick (which would end it), a pipe and line breaks need care. */
const mdCode = (text: string): string =>
  `\`${text
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')}\``

const mdCell = (cell: Cell): string =>
  typeof cell !== 'string' && cell.code === true ? mdCode(cell.text) : mdEscape(cellText(cell))

const mdBlock = (block: Block, lang: ReportLang): string => {
  switch (block._tag) {
    case 'Fields':
      return block.fields.map(([k, v]) => `- **${mdEscape(k)}**: ${mdCell(v)}`).join('\n')
    case 'Note':
      return `> ${mdEscape(block.text)}`
    case 'Heading':
      return `### ${mdEscape(block.text)}`
    case 'Table':
      if (block.rows.length === 0) return `_${mdEscape(block.empty)}_`
      return [
        `| ${block.columns.map((c) => mdEscape(c.label)).join(' | ')} |`,
        `| ${block.columns.map((c) => (c.numeric === true ? '---:' : '---')).join(' | ')} |`,
        ...block.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      ].join('\n')
    case 'Chart':
      return `_${mdEscape(block.title)}_: ${block.bars
        .map(
          (b) =>
            `${mdEscape(b.label)}: ${b.values.map((v) => `${mdEscape(v.series)} ${formatRupiahIn(v.amount, lang)}`).join(', ')}`,
        )
        .join('; ')}`
  }
}

/**
 * The report as Markdown: the same sections, fields and tables as the HTML page.
 *
 * @category renderers
 * @since 0.1.0
 */
export const reportMarkdown = (report: Report, lang: ReportLang = 'id'): string => {
  const layout = layoutOf(report, wordsOf(lang))
  return (
    [
      `# ${mdEscape(layout.title)}`,
      `**${mdEscape(layout.subtitle)}**`,
      layout.meta.map(([k, v]) => `- ${mdEscape(k)}: ${mdEscape(v)}`).join('\n'),
      ...layout.sections.flatMap((s) => [`## ${mdEscape(s.title)}`, ...s.blocks.map((b) => mdBlock(b, lang))]),
    ].join('\n\n') + '\n'
  )
}

// -------------------------------------------------------------------------------------
// HTML
// -------------------------------------------------------------------------------------

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const TONE_COLOURS: Readonly<Record<Tone, string>> = {
  good: '#1a7f4b',
  warn: '#b26a00',
  bad: '#b42318',
  info: '#1d4ed8',
  muted: '#6b7280',
}

const htmlCell = (cell: Cell, tag: 'td' | 'dd', numeric = false): string => {
  if (typeof cell === 'string') return htmlCell({ text: cell }, tag, numeric)
  const classes = [
    cell.numeric === true || numeric ? 'num' : '',
    cell.tone === undefined ? '' : `tone-${cell.tone}`,
    cell.nowrap === true ? 'nowrap' : '',
  ]
    .filter((c) => c !== '')
    .join(' ')
  // Break opportunities a narrow A4 column needs: after an instant's date, between the words of an event type.
  const text =
    cell.instant === true
      ? esc(cell.text).replace(/T/g, '<wbr>T')
      : esc(cell.text).replace(/([a-z])(?=[A-Z])/g, '$1<wbr>')
  const inner = cell.code === true ? `<code>${text}</code>` : text
  const body = cell.tone === undefined || cell.numeric === true ? inner : `<span class="badge">${inner}</span>`
  return `<${tag}${classes === '' ? '' : ` class="${classes}"`}>${body}</${tag}>`
}

const svgChart = (block: Extract<Block, { _tag: 'Chart' }>, lang: ReportLang): string => {
  const labelWidth = 190
  const barArea = 420
  const barHeight = 11
  const groupGap = 12
  const series = block.bars[0]?.values ?? []
  const max = block.bars.reduce((m, g) => g.values.reduce((n, v) => (v.amount > n ? v.amount : n), m), 1n)
  const groupHeight = series.length * (barHeight + 2) + groupGap
  const legendHeight = 22
  const height = legendHeight + block.bars.length * groupHeight + 4
  const width = labelWidth + barArea + 130
  const parts: Array<string> = []
  series.forEach((s, i) => {
    const x = labelWidth + i * 170
    parts.push(
      `<rect x="${x}" y="4" width="10" height="10" fill="${TONE_COLOURS[s.tone]}"/>`,
      `<text x="${x + 14}" y="13" class="legend">${esc(s.series)}</text>`,
    )
  })
  block.bars.forEach((g, gi) => {
    const top = legendHeight + gi * groupHeight
    parts.push(`<text x="${labelWidth - 8}" y="${top + 16}" text-anchor="end" class="label">${esc(g.label)}</text>`)
    g.values.forEach((v, vi) => {
      if (v.amount <= 0n) return
      const y = top + vi * (barHeight + 2)
      const w = v.amount <= 0n ? 0 : Math.max(1, Number((v.amount * BigInt(barArea)) / max))
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="${TONE_COLOURS[v.tone]}" rx="1.5"><title>${esc(
          `${v.series}: ${formatRupiahIn(v.amount, lang)}`,
        )}</title></rect>`,
        `<text x="${labelWidth + w + 4}" y="${y + barHeight - 2}" class="value">${esc(formatRupiahCompact(v.amount, lang))}</text>`,
      )
    })
  })
  return (
    `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(block.title)}" ` +
    `viewBox="0 0 ${width} ${height}" width="100%">${parts.join('')}</svg><figcaption>${esc(block.title)}</figcaption></figure>`
  )
}

const htmlBlock = (block: Block, lang: ReportLang): string => {
  switch (block._tag) {
    case 'Fields':
      return `<dl class="fields">${block.fields.map(([k, v]) => `<dt>${esc(k)}</dt>${htmlCell(v, 'dd')}`).join('')}</dl>`
    case 'Note':
      return `<p class="note">${esc(block.text)}</p>`
    case 'Heading':
      return `<h3>${esc(block.text)}</h3>`
    case 'Table':
      if (block.rows.length === 0) return `<p class="empty">${esc(block.empty)}</p>`
      return (
        `<table><thead><tr>${block.columns
          .map((c) => `<th${c.numeric === true ? ' class="num"' : ''}>${esc(c.label)}</th>`)
          .join('')}</tr></thead><tbody>` +
        block.rows
          .map(
            (r) => `<tr>${r.map((cell, i) => htmlCell(cell, 'td', block.columns[i]?.numeric === true)).join('')}</tr>`,
          )
          .join('') +
        '</tbody></table>'
      )
    case 'Chart':
      return svgChart(block, lang)
  }
}

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1f2937; margin: 0;
  font-size: 10.5pt; line-height: 1.4; background: #f3f4f6; }
main { max-width: 1100px; margin: 0 auto; background: #fff; padding: 28px 36px 40px; }
header.doc { border-bottom: 3px solid #0f3d6e; padding-bottom: 12px; margin-bottom: 18px; }
header.doc .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #0f3d6e; font-weight: 700; }
header.doc h1 { font-size: 17pt; margin: 4px 0 2px; color: #0b2545; }
header.doc .subtitle { font-size: 12pt; color: #374151; margin: 0 0 8px; }
header.doc ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 22px; font-size: 9pt; color: #4b5563; }
header.doc ul b { color: #111827; }
section { margin: 0 0 20px; break-inside: auto; }
h2 { font-size: 12.5pt; color: #0b2545; border-bottom: 1px solid #d1d5db; padding-bottom: 3px; margin: 22px 0 10px; break-after: avoid; }
h3 { font-size: 10.5pt; color: #1f2937; margin: 14px 0 6px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 8.6pt; margin: 4px 0 10px; }
thead { display: table-header-group; }
th { background: #0f3d6e; color: #fff; text-align: left; font-weight: 600; padding: 4px 6px; }
td { border-bottom: 1px solid #e5e7eb; padding: 3px 6px; vertical-align: top; overflow-wrap: anywhere; }
tbody tr:nth-child(even) td { background: #f8fafc; }
tr { break-inside: avoid; }
.nowrap { white-space: nowrap; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { white-space: normal; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.8pt; overflow-wrap: anywhere; }
dl.fields { display: grid; grid-template-columns: 230px 1fr; gap: 3px 14px; margin: 0; font-size: 9.5pt; }
dl.fields dt { color: #4b5563; }
dl.fields dd { margin: 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 7.6pt; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.tone-good { color: ${TONE_COLOURS.good}; } .tone-warn { color: ${TONE_COLOURS.warn}; } .tone-bad { color: ${TONE_COLOURS.bad}; }
.tone-info { color: ${TONE_COLOURS.info}; } .tone-muted { color: ${TONE_COLOURS.muted}; }
.note { font-size: 9pt; color: #6b7280; margin: 0 0 6px; }
.empty { font-style: italic; color: #6b7280; }
figure.chart { margin: 8px 0 12px; padding: 10px 12px; border: 1px solid #e5e7eb; border-radius: 4px; break-inside: avoid; }
figure.chart figcaption { font-size: 8.5pt; color: #6b7280; margin-top: 4px; }
svg text { font-family: inherit; }
svg .label { font-size: 10px; fill: #374151; } svg .value { font-size: 9px; fill: #4b5563; } svg .legend { font-size: 10px; fill: #374151; }
footer { margin-top: 26px; font-size: 8pt; color: #6b7280; border-top: 1px solid #e5e7eb; padding-top: 6px; }
@media print { body { background: #fff; font-size: 9.5pt; } main { max-width: none; padding: 0; } h2 { break-after: avoid; }
  table { font-size: 7.6pt; } code { font-size: 7pt; } .badge { font-size: 6.8pt; padding: 0 4px; } th, td { padding: 2px 4px; } }
`

/**
 * The report as one HTML page: inline CSS and SVG charts, no script and no reference outside the page (a
 * `Content-Security-Policy` forbids any), so it opens offline and prints cleanly to PDF.
 *
 * @category renderers
 * @since 0.1.0
 */
export const reportHtml = (report: Report, lang: ReportLang = 'id'): string => {
  const layout = layoutOf(report, wordsOf(lang))
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${layout.title}: ${layout.subtitle}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="doc">
<div class="kicker">ikm-ledger</div>
<h1>${esc(layout.title)}</h1>
<p class="subtitle">${esc(layout.subtitle)}</p>
<ul>${layout.meta.map(([k, v]) => `<li>${esc(k)}: <b>${esc(v)}</b></li>`).join('')}</ul>
</header>
${layout.sections
  .map(
    (s) =>
      `<section id="section-${s.id}" data-section="${s.id}">\n<h2>${esc(s.title)}</h2>\n${s.blocks
        .map((b) => htmlBlock(b, lang))
        .join('\n')}\n</section>`,
  )
  .join('\n')}
<footer>${esc(reportLabels(lang).generatedFrom)} · ${esc(layout.meta.map(([k, v]) => `${k}: ${v}`).join(' · '))}</footer>
</main>
</body>
</html>
`
}

/**
 * The section ids a report has, in order (`identity`, `timeline`, `budget`… for a program).
 *
 * @category renderers
 * @since 0.1.0
 */
export const reportSectionIds = (report: Report): ReadonlyArray<string> =>
  layoutOf(report, wordsOf('en')).sections.map((s) => s.id)
