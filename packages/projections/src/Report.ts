/**
 * Working-paper reports (kertas kerja pemeriksaan): everything an auditor asks about one program — identity,
 * timeline (RM-6) with the evidence of each fact, budget against realisation (RM-2), the equipment custody chain
 * (RM-3), production (RM-5), the documents expected, present and missing with the open gaps (RM-7), the audit
 * findings of BPK, BPKP and the Inspektorat with where their follow-up stands on the paper's date (RM-7), the linked
 * facilities (RM-8), the DPR aspirasi line (RM-9) and the coverage of its regions (RM-10) — or about the whole ledger, as of a date and/or as known at an instant, with what makes it
 * evidence: the checkpoint of the log (when one is given), the head of every stream read, and the SHA-256 of the
 * data read, saying what it covers (a SQLite file alone, or with its write-ahead log applied). The report is data; `ReportRender` turns it into JSON, Markdown or a self-contained HTML page.
 *
 * @since 0.1.0
 */
import {
  categoryOf,
  invalidProjection,
  isOptionsObject,
  showInput,
  isCivilDate,
  type EventStore,
  type ProjectionError,
  type CivilDate,
  type RecordedEvent,
  type StoreError,
} from '@ikm-ledger/core'
import { civilDateAt, proposalDecider, proposalEvents, type ProposalState } from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import { aspirationTracker, aspirationTrackerRows, type AspirationTrackerRow } from './AspirationTracker'
import {
  auditChecklist,
  auditChecklistRows,
  auditFindingRows,
  type AuditChecklistRow,
  type AuditFindingRow,
} from './AuditChecklist'
import { programAuditTimeline, type AuditTimelineFact } from './AuditTimeline'
import { budgetRealisation, budgetRealisationRows, type BudgetLineRow } from './BudgetRealisation'
import { equipmentCustody, equipmentCustodyRows, type EquipmentCustodyRow } from './EquipmentCustody'
import { facilityRegistry, facilityRegistryRows, type FacilityRegistryRow } from './FacilityRegistry'
import { productionOutputRows, productionOutputs, type ProductionOutputRow } from './ProductionOutputs'
import { programStatusBoard, programStatusBoardRows, type ProgramStatusRow } from './ProgramStatusBoard'
import { ikmReadModels } from './IkmReadModels'
import { readInMemory, type ReadModel, type RowQuery } from './ReadModel'
import { regionalCoverage, regionalCoverageRows, type RegionalCoverageRow } from './RegionalCoverage'
import {
  projectReadModelsAt,
  withinBounds,
  type ProjectAtOptions,
  type ReadModelsAt,
  type TimeBounds,
} from './TimeTravel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A checkpoint of the global Merkle log that the report rests on: its tree size, root hash and, when signed,
 * the key id of the signature.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReportCheckpoint {
  readonly treeSize: bigint
  readonly rootHash: string
  readonly keyId: string | null
  /**
   * The position of the last event the checkpoint covers, when known: a paper that read past it says that the
   * events after it rest on no checkpoint.
   */
  readonly lastPosition?: bigint
}

/**
 * The head of one stream read: its last revision and the hash of that event (the head of its hash chain).
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamHeadRow {
  readonly streamId: string
  readonly revision: bigint
  readonly hash: string
}

/**
 * One file of the source as it was found: its name, size and SHA-256 (a SQLite file and its write-ahead log).
 *
 * @category model
 * @since 0.1.0
 */
export interface SourceFileRow {
  readonly name: string
  readonly bytes: bigint
  readonly sha256: string
}

/**
 * What `sourceSha256` covers. `FILE`: the SQLite file as found, which had no write-ahead log to apply, so the
 * hash is that of the file. `FILE_WITH_WAL`: the file had a non-empty `-wal` whose commits SQLite reads as part
 * of the database; the hash is that of a copy of both after `PRAGMA wal_checkpoint(TRUNCATE)`, i.e. of the
 * data read as one file, and the files as found are listed with their own hashes. `CHANGED_WHILE_READ`: the
 * files changed between the start and the end of the read (a writer was active), so no hash identifies what
 * was read (`sourceSha256` is `null`). `SERVER`: a database server, no file.
 *
 * @category model
 * @since 0.1.0
 */
export type SourceState = 'FILE' | 'FILE_WITH_WAL' | 'CHANGED_WHILE_READ' | 'SERVER'

/**
 * What makes a report evidence: the source read (a description, the SHA-256 of the data read and what that
 * hash covers, the files as found), the position read through, the checkpoint (or `null` when none was made),
 * and the stream heads.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReportEvidence {
  readonly source: string
  readonly sourceSha256: string | null
  readonly sourceState: SourceState
  readonly sourceFiles: ReadonlyArray<SourceFileRow>
  readonly readThroughPosition: bigint
  readonly eventsRead: number
  readonly eventsCounted: number
  readonly checkpoint: ReportCheckpoint | null
  readonly streamHeads: ReadonlyArray<StreamHeadRow>
}

/**
 * Where a paper's date comes from: `GIVEN` (`ReportOptions.paperDate`), `AS_OF` (the `asOf` bound, unless an
 * `asKnownAt` bound falls on an earlier date), `AS_KNOWN_AT` (the date in WIB of the `asKnownAt` bound: nothing
 * recorded later is known, so no status can be told after it), `LAST_RECORDED` (no bound: the latest date the
 * ledger knows of, the WIB date of the last event recorded or the latest date a fact occurred on, whichever is
 * later), `NOTHING_READ` (no event in the bounds).
 *
 * @category model
 * @since 0.1.0
 */
export type PaperDateSource = 'GIVEN' | 'AS_OF' | 'AS_KNOWN_AT' | 'LAST_RECORDED' | 'NOTHING_READ'

/**
 * A program's working paper. `paperDate` is the date it speaks for: each audit finding's status (open, followed
 * up, closed, overdue) is as of it; `null` only when nothing was read.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProgramReport {
  readonly kind: 'PROGRAM'
  readonly bounds: TimeBounds
  readonly paperDate: CivilDate | null
  readonly paperDateSource: PaperDateSource
  readonly program: ProgramStatusRow
  readonly timeline: ReadonlyArray<AuditTimelineFact>
  readonly budget: ReadonlyArray<BudgetLineRow>
  readonly custody: ReadonlyArray<EquipmentCustodyRow>
  readonly production: ReadonlyArray<ProductionOutputRow>
  readonly checklist: ReadonlyArray<AuditChecklistRow>
  /** RM-7: the audit findings about the program, its packages and facilities, as they stood on `paperDate`. */
  readonly findings: ReadonlyArray<AuditFindingRow>
  readonly facilities: ReadonlyArray<FacilityRegistryRow>
  /** RM-9: the DPR member's aspirasi line this program belongs to (empty when the program is not aspirasi). */
  readonly aspirations: ReadonlyArray<AspirationTrackerRow>
  /** RM-10: the program's regions in its fiscal year, with every program that served them that year. */
  readonly coverage: ReadonlyArray<RegionalCoverageRow>
  readonly evidence: ReportEvidence
}

/**
 * A proposal (usulan) as the ledger-wide report lists it.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProposalSummaryRow {
  readonly proposalId: string
  readonly status: string
  readonly items: number
  readonly accepted: number
  readonly rejected: number
  readonly open: number
}

/**
 * The ledger-wide report: every program, proposal and facility, the whole budget, the custody chains, the
 * checklist, every audit finding as it stood on `paperDate`, the DPR aspirasi tracker (RM-9) and the regional
 * coverage (RM-10).
 *
 * @category model
 * @since 0.1.0
 */
export interface LedgerReport {
  readonly kind: 'LEDGER'
  readonly bounds: TimeBounds
  readonly paperDate: CivilDate | null
  readonly paperDateSource: PaperDateSource
  readonly programs: ReadonlyArray<ProgramStatusRow>
  readonly proposals: ReadonlyArray<ProposalSummaryRow>
  readonly facilities: ReadonlyArray<FacilityRegistryRow>
  readonly budget: ReadonlyArray<BudgetLineRow>
  readonly custody: ReadonlyArray<EquipmentCustodyRow>
  readonly checklist: ReadonlyArray<AuditChecklistRow>
  readonly findings: ReadonlyArray<AuditFindingRow>
  readonly aspirations: ReadonlyArray<AspirationTrackerRow>
  readonly coverage: ReadonlyArray<RegionalCoverageRow>
  readonly evidence: ReportEvidence
}

/**
 * Either report.
 *
 * @category model
 * @since 0.1.0
 */
export type Report = ProgramReport | LedgerReport

/**
 * What a report is built with besides the store: the bounds, the paper's date, the source as it should be named,
 * the SHA-256 of the data read with what it covers and the files as found, the checkpoint when one is available,
 * and a progress hook.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReportOptions {
  readonly bounds?: TimeBounds
  /**
   * The date the paper speaks for (the audit findings' status is as of it), e.g. the day it is compiled, from the
   * caller's clock. Without it, the date follows from the bounds or the events read (see {@link PaperDateSource}).
   */
  readonly paperDate?: CivilDate
  readonly source?: string
  readonly sourceSha256?: string | null
  /** What `sourceSha256` covers; `FILE` when a hash is given, `SERVER` otherwise. */
  readonly sourceState?: SourceState
  readonly sourceFiles?: ReadonlyArray<SourceFileRow>
  readonly checkpoint?: ReportCheckpoint | null
  readonly onBatch?: ProjectAtOptions['onBatch']
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A `paperDate` that is no civil date, said as the bounds' own problems are; `undefined` when there is none. */
const paperDateProblem = (options: ReportOptions) =>
  options.paperDate !== undefined && !isCivilDate(options.paperDate)
    ? E.left(
        invalidProjection(
          'report',
          `paperDate must be a real civil date YYYY-MM-DD, got '${String(options.paperDate)}'`,
        ),
      )
    : undefined

/** Every stored read model, folded in one read of the store within the bounds. */
const projectAll = (store: EventStore, options: ReportOptions) =>
  projectReadModelsAt(store, ikmReadModels, options.bounds ?? {}, {
    ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
  })

const query = <A>(at: ReadModelsAt, model: ReadModel, q: RowQuery<A>): A =>
  readInMemory(at.states.get(model.name) ?? new Map(), q)

const streamHeads = async (
  store: EventStore,
  streamIds: ReadonlyArray<string>,
): Promise<E.Either<StoreError, ReadonlyArray<StreamHeadRow>>> => {
  const heads: Array<StreamHeadRow> = []
  for (const streamId of [...new Set(streamIds)].sort()) {
    for await (const batch of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      if (E.isLeft(batch)) return batch
      const last = batch.right[0]
      if (last !== undefined) heads.push({ streamId, revision: last.revision, hash: last.hash })
    }
  }
  return E.right(heads)
}

/** The instants of the ledger are dated in WIB, the zone of the ministry's working papers. */
const PAPER_ZONE = 'Asia/Jakarta'

const paperDateOf = (
  at: ReadModelsAt,
  options: ReportOptions,
): { readonly paperDate: CivilDate | null; readonly paperDateSource: PaperDateSource } => {
  const { asOf, asKnownAt } = options.bounds ?? {}
  if (options.paperDate !== undefined) return { paperDate: options.paperDate, paperDateSource: 'GIVEN' }
  if (asKnownAt !== undefined) {
    const known = civilDateAt(asKnownAt, PAPER_ZONE)
    return asOf !== undefined && asOf < known
      ? { paperDate: asOf, paperDateSource: 'AS_OF' }
      : { paperDate: known, paperDateSource: 'AS_KNOWN_AT' }
  }
  if (asOf !== undefined) return { paperDate: asOf, paperDateSource: 'AS_OF' }
  if (at.lastRecordedAt === null) return { paperDate: null, paperDateSource: 'NOTHING_READ' }
  const recorded = civilDateAt(at.lastRecordedAt, PAPER_ZONE)
  const occurred = at.lastOccurredOn as CivilDate | null
  return { paperDate: occurred !== null && occurred > recorded ? occurred : recorded, paperDateSource: 'LAST_RECORDED' }
}

const findingsOf = (
  at: ReadModelsAt,
  paperDate: CivilDate | null,
  programId?: string,
): ReadonlyArray<AuditFindingRow> =>
  paperDate === null
    ? []
    : query(
        at,
        auditChecklist,
        auditFindingRows(programId === undefined ? { asOf: paperDate } : { asOf: paperDate, programId }),
      )

const evidenceOf = (at: ReadModelsAt, options: ReportOptions, heads: ReadonlyArray<StreamHeadRow>): ReportEvidence => ({
  source: options.source ?? 'event store',
  sourceSha256: options.sourceSha256 ?? null,
  sourceState:
    options.sourceState ?? (options.sourceSha256 === undefined || options.sourceSha256 === null ? 'SERVER' : 'FILE'),
  sourceFiles: options.sourceFiles ?? [],
  readThroughPosition: at.position,
  eventsRead: at.eventsRead,
  eventsCounted: at.eventsCounted,
  checkpoint: options.checkpoint ?? null,
  streamHeads: heads,
})

// A program id is part of a stream id, which has at most 200 characters.
const MAX_PROGRAM_ID = 200

const optionsProblem = (options: unknown): E.Either<ProjectionError, never> | undefined =>
  isOptionsObject(options)
    ? undefined
    : E.left(invalidProjection('report', `the report options must be an object or left out, got ${showInput(options)}`))

/**
 * A program's working paper as of the bounds. A program that is not registered (within the bounds) is an
 * `InvalidProjection` error naming it.
 *
 * @example
 * const report = await programReport(store, 'prg-muba-led-2020', { bounds: { asOf: '2020-12-31' as CivilDate } })()
 *
 * @category constructors
 * @since 0.1.0
 */
export const programReport =
  (store: EventStore, programId: string, options: ReportOptions = {}): TE.TaskEither<ProjectionError, ProgramReport> =>
  async () => {
    const refused = optionsProblem(options)
    if (refused !== undefined) return refused
    if (typeof programId !== 'string' || programId.length === 0 || programId.length > MAX_PROGRAM_ID) {
      return E.left(
        invalidProjection(
          'report',
          `the program id must be a text of 1 to ${MAX_PROGRAM_ID} characters, got ${showInput(programId)}`,
        ),
      )
    }
    const bounds = options.bounds ?? {}
    const problem = paperDateProblem(options)
    if (problem !== undefined) return problem
    const projected = await projectAll(store, options)()
    if (E.isLeft(projected)) return projected
    const at = projected.right
    const program = query(at, programStatusBoard, programStatusBoardRows()).find((p) => p.programId === programId)
    if (program === undefined) {
      return E.left(
        invalidProjection(
          'report',
          `program ${programId} is not registered${bounds.asOf === undefined && bounds.asKnownAt === undefined ? '' : ' within the bounds asked for'}`,
        ),
      )
    }
    const timeline = await programAuditTimeline(store, programId, bounds)()
    if (E.isLeft(timeline)) return timeline
    const checklist = query(at, auditChecklist, auditChecklistRows({ programId }))
    const facilityIds = new Set(checklist.filter((r) => r.entity === 'FACILITY').map((r) => r.entityId))
    const dated = paperDateOf(at, options)
    const findings = findingsOf(at, dated.paperDate, programId)
    const heads = await streamHeads(store, [
      ...timeline.right.map((f) => f.streamId),
      ...findings.map((f) => `audit-${f.findingId}`),
    ])
    if (E.isLeft(heads)) return heads
    return E.right({
      kind: 'PROGRAM',
      bounds,
      ...dated,
      program,
      timeline: timeline.right,
      budget: query(at, budgetRealisation, budgetRealisationRows()).filter((l) => l.programIds.includes(programId)),
      custody: query(at, equipmentCustody, equipmentCustodyRows()).filter((c) => c.programId === programId),
      production: query(at, productionOutputs, productionOutputRows({ programId })),
      checklist,
      findings,
      facilities: query(at, facilityRegistry, facilityRegistryRows()).filter((f) => facilityIds.has(f.facilityId)),
      aspirations: query(at, aspirationTracker, aspirationTrackerRows()).filter((a) =>
        a.programIds.includes(programId),
      ),
      coverage: query(at, regionalCoverage, regionalCoverageRows({ fiscalYear: program.fiscalYear })).filter((c) =>
        program.regions.some((r) => r.code === c.region.code),
      ),
      evidence: evidenceOf(at, options, heads.right),
    })
  }

const proposalSummaries = async (
  store: EventStore,
  bounds: TimeBounds,
): Promise<E.Either<ProjectionError, { rows: ReadonlyArray<ProposalSummaryRow>; streams: ReadonlyArray<string> }>> => {
  const states = new Map<string, ProposalState>()
  for await (const batch of store.readAll({ categories: ['proposal'] })) {
    if (E.isLeft(batch)) return batch
    for (const recorded of batch.right.events) {
      if (categoryOf(recorded.streamId) !== 'proposal' || !withinBounds(recorded, bounds)) continue
      const decoded = proposalEvents.decode(recorded as RecordedEvent)
      if (E.isLeft(decoded)) return decoded
      states.set(
        recorded.streamId,
        proposalDecider.evolve(states.get(recorded.streamId) ?? proposalDecider.initialState, decoded.right),
      )
    }
  }
  const rows: Array<ProposalSummaryRow> = []
  for (const state of states.values()) {
    if (state.status === 'NONE') continue
    const items = state.itemOrder.flatMap((id) => (state.items[id] === undefined ? [] : [state.items[id]]))
    rows.push({
      proposalId: state.proposalId,
      status: state.status,
      items: items.length,
      accepted: items.filter((i) => i?.decision === 'ACCEPTED').length,
      rejected: items.filter((i) => i?.decision === 'REJECTED').length,
      open: items.filter((i) => i?.decision === undefined).length,
    })
  }
  rows.sort((a, b) => (a.proposalId < b.proposalId ? -1 : a.proposalId > b.proposalId ? 1 : 0))
  return E.right({ rows, streams: [...states.keys()] })
}

/**
 * The ledger-wide report as of the bounds.
 *
 * @example
 * const report = await ledgerReport(store, { bounds: { asOf: '2020-12-31' as CivilDate } })()
 *
 * @category constructors
 * @since 0.1.0
 */
export const ledgerReport =
  (store: EventStore, options: ReportOptions = {}): TE.TaskEither<ProjectionError, LedgerReport> =>
  async () => {
    const refused = optionsProblem(options)
    if (refused !== undefined) return refused
    const bounds = options.bounds ?? {}
    const problem = paperDateProblem(options)
    if (problem !== undefined) return problem
    const projected = await projectAll(store, options)()
    if (E.isLeft(projected)) return projected
    const at = projected.right
    const proposals = await proposalSummaries(store, bounds)
    if (E.isLeft(proposals)) return proposals
    const programs = query(at, programStatusBoard, programStatusBoardRows())
    const custody = query(at, equipmentCustody, equipmentCustodyRows())
    const facilities = query(at, facilityRegistry, facilityRegistryRows())
    const dated = paperDateOf(at, options)
    const findings = findingsOf(at, dated.paperDate)
    const heads = await streamHeads(store, [
      ...programs.map((p) => `program-${p.programId}`),
      ...custody.map((c) => `equipment-${c.packageId}`),
      ...facilities.map((f) => `facility-${f.facilityId}`),
      ...findings.map((f) => `audit-${f.findingId}`),
      ...proposals.right.streams,
    ])
    if (E.isLeft(heads)) return heads
    return E.right({
      kind: 'LEDGER',
      bounds,
      ...dated,
      programs,
      proposals: proposals.right.rows,
      facilities,
      budget: query(at, budgetRealisation, budgetRealisationRows()),
      custody,
      checklist: query(at, auditChecklist, auditChecklistRows()),
      findings,
      aspirations: query(at, aspirationTracker, aspirationTrackerRows()),
      coverage: query(at, regionalCoverage, regionalCoverageRows()),
      evidence: evidenceOf(at, options, heads.right),
    })
  }
