/**
 * RM-1, the program status board: one row per program with its fiscal year, schemes, origin (the DPR member
 * of an aspirasi), executing organisation, regions, state, funding sources named and allocated, training
 * batches, participants against the quota, open compliance gaps (the program's and its equipment packages'),
 * and the next step that is due.
 *
 * @since 0.1.0
 */
import {
  equipmentDecider,
  equipmentEvents,
  programEvents,
  type AuditEvent,
  type EquipmentEvent,
  type EquipmentState,
  type FundingSource,
  type Origin,
  type ProgramEvent,
  type ProgramStatus,
} from '@ikm-ledger/core/domain'
import {
  addOnce,
  onIkmEvent,
  orgCell,
  regionCell,
  sortedEntries,
  SOURCE_ORDER,
  type OrgCell,
  type RegionCell,
} from './internal/Events'
import { dueEn } from './internal/Phrases'
import { allRows, getRow, putRow, rowsInScope, table, type Rows } from './internal/Rows'
import type { ReadModel, RowQuery } from './ReadModel'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Who initiated a program, flattened for a board: the kind, and for a DPR/DPRD aspirasi the member as printed,
 * the commission and the party. An origin is never a funding source.
 *
 * @category model
 * @since 0.1.0
 */
export interface OriginCell {
  readonly kind: Origin['kind']
  readonly member: string | null
  readonly commission: string | null
  readonly party: string | null
}

/**
 * One row of RM-1. Amounts are rupiah as `bigint`; `participantQuota` is `null` when no quota was set.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProgramStatusRow {
  readonly programId: string
  readonly title: string
  readonly fiscalYear: number
  readonly schemes: ReadonlyArray<string>
  readonly origin: OriginCell
  readonly executingOrg: OrgCell
  readonly regions: ReadonlyArray<RegionCell>
  readonly state: ProgramStatus
  /** Sources named without an amount (news, inference): never money. */
  readonly fundingAsserted: ReadonlyArray<FundingSource>
  /** Current allocation (after revisions) per source, in source order. */
  readonly fundingAllocated: ReadonlyArray<{ readonly source: FundingSource; readonly amount: bigint }>
  readonly batches: { readonly scheduled: number; readonly open: number; readonly completed: number }
  readonly participantsSelected: number
  readonly participantQuota: number | null
  readonly equipmentPackages: number
  readonly openComplianceGaps: number
  /** Audit findings about the program or one of its packages that are not closed. */
  readonly openAuditFindings: number
  /** Everything due, most pressing first; `nextDueStep` is the first. */
  readonly dueSteps: ReadonlyArray<string>
  readonly nextDueStep: string | null
}

interface QuotaFacts {
  readonly trackId: string | null
  readonly perRegion: boolean
  readonly max: number
}

interface ProgramFacts {
  readonly programId: string
  readonly title: string
  readonly fiscalYear: number
  readonly schemes: ReadonlyArray<string>
  readonly origin: OriginCell
  readonly executingOrg: OrgCell
  readonly regions: ReadonlyArray<RegionCell>
  readonly state: ProgramStatus
  readonly fundingAsserted: ReadonlyArray<FundingSource>
  readonly lines: Readonly<Record<string, { readonly source: FundingSource; readonly amount: bigint }>>
  readonly quotas: Readonly<Record<string, QuotaFacts>>
  readonly trackRegions: Readonly<Record<string, number>>
  readonly batches: Readonly<Record<string, 'SCHEDULED' | 'OPEN' | 'COMPLETED'>>
  readonly participants: Readonly<Record<string, boolean>>
  readonly openGaps: ReadonlyArray<string>
}

/** One audit finding about one program or package (`scope`: `program:<id>` or `package:<id>`). */
interface FindingLink {
  readonly scope: string
  readonly findingId: string
  readonly closed: boolean
}

interface PackageFacts {
  readonly packageId: string
  readonly programId: string
  readonly state: EquipmentState
}

// -------------------------------------------------------------------------------------
// read model
// -------------------------------------------------------------------------------------

const programs = table<ProgramFacts>(
  'rm1_programs',
  (p) => p.programId,
  (p) => String(p.fiscalYear),
)
const findingLinks = table<FindingLink>(
  'rm1_audit_findings',
  (f) => `${f.scope}|${f.findingId}`,
  (f) => f.scope,
)
const packages = table<PackageFacts>(
  'rm1_packages',
  (p) => p.packageId,
  (p) => p.programId,
)

/**
 * RM-1 as a read model (tables `rm1_programs`, `rm1_packages`, `rm1_audit_findings`).
 *
 * @category read models
 * @since 0.1.0
 */
export const programStatusBoard: ReadModel = {
  name: 'ikm-rm1-program-status-board',
  // 2: typed table beside the JSON rows (TypedViews).
  // 3: open audit findings per program (audit-<findingId> streams).
  version: 3,
  handles: {
    categories: ['program', 'equipment', 'audit'],
    types: [
      ...new Set([...programEvents.types, ...equipmentEvents.types, 'AuditFindingRecorded', 'AuditFindingClosed']),
    ],
  },
  tables: [programs.name, packages.name, findingLinks.name],
  apply: onIkmEvent(function* (decoded, recorded) {
    if (decoded.category === 'program') yield* applyProgram(recorded.streamId, decoded.event)
    if (decoded.category === 'equipment') yield* applyEquipment(recorded.streamId, decoded.event)
    if (decoded.category === 'audit') yield* applyAudit(recorded.streamId, decoded.event)
  }),
}

/**
 * The board, ordered by program id; optionally only one fiscal year.
 *
 * @category queries
 * @since 0.1.0
 */
export const programStatusBoardRows = (
  filter: { readonly fiscalYear?: number } = {},
): RowQuery<ReadonlyArray<ProgramStatusRow>> =>
  function* () {
    const facts =
      filter.fiscalYear === undefined
        ? yield* allRows(programs)
        : yield* rowsInScope(programs, String(filter.fiscalYear))
    const rows: Array<ProgramStatusRow> = []
    for (const p of facts) {
      const pkgs = yield* rowsInScope(packages, p.programId)
      const open = new Set<string>()
      for (const scope of [`program:${p.programId}`, ...pkgs.map((k) => `package:${k.packageId}`)])
        for (const link of yield* rowsInScope(findingLinks, scope)) if (!link.closed) open.add(link.findingId)
      rows.push(boardRow(p, pkgs, open.size))
    }
    return rows
  }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const originCell = (origin: Origin): OriginCell => {
  switch (origin.kind) {
    case 'ASPIRASI_DPR':
      return {
        kind: origin.kind,
        member: origin.member.nameAtEvent,
        commission: origin.commission,
        party: origin.party ?? null,
      }
    case 'ASPIRASI_DPRD':
      return {
        kind: origin.kind,
        member: origin.member.nameAtEvent,
        commission: origin.commission ?? null,
        party: origin.party ?? null,
      }
    default:
      return { kind: origin.kind, member: null, commission: null, party: null }
  }
}

const withoutKey = <V>(record: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))

/** The domain's state machine (research §4.6), restated for the facts the board keeps. */
const nextState = (state: ProgramStatus, event: ProgramEvent): ProgramStatus => {
  switch (event.type) {
    case 'ProgramApproved':
      return 'APPROVED'
    case 'FundingAllocated':
      return state === 'APPROVED' ? 'FUNDED' : state
    case 'TrainingBatchOpened':
      return state === 'FUNDED' || state === 'APPROVED' ? 'IN_EXECUTION' : state
    case 'ProgramExecutionStarted':
      return 'IN_EXECUTION'
    case 'ProgramExecutionCompleted':
      return 'EXECUTION_COMPLETED'
    case 'ProgramReportSubmitted':
      return 'REPORTED'
    case 'ProgramClosed':
      return 'CLOSED'
    case 'ProgramCancelled':
      return 'CANCELLED'
    default:
      return state
  }
}

const evolveFacts = (p: ProgramFacts, event: ProgramEvent): ProgramFacts => {
  const state = nextState(p.state, event)
  const facts = state === p.state ? p : { ...p, state }
  switch (event.type) {
    case 'FundingAllocated':
      return {
        ...facts,
        lines: { ...facts.lines, [event.data.lineId]: { source: event.data.source, amount: event.data.amount } },
      }
    case 'FundingRevised': {
      const line = facts.lines[event.data.lineId]
      return line === undefined
        ? facts
        : { ...facts, lines: { ...facts.lines, [event.data.lineId]: { ...line, amount: event.data.newAmount } } }
    }
    case 'FundingSourceAsserted':
      return { ...facts, fundingAsserted: addOnce(facts.fundingAsserted, event.data.source) }
    case 'ActivityTrackDefined':
      return {
        ...facts,
        trackRegions: { ...facts.trackRegions, [event.data.trackId]: event.data.eligibleRegions.length },
      }
    case 'QuotaSet': {
      const s = event.data.scope
      const key = [s.trackId ?? '', s.region?.code ?? '', s.batchId ?? '', s.perRegion === true ? 'each' : ''].join('|')
      const quota: QuotaFacts = {
        trackId: s.trackId ?? null,
        perRegion: s.perRegion === true,
        max: event.data.maxParticipants,
      }
      return { ...facts, quotas: { ...facts.quotas, [key]: quota } }
    }
    case 'ParticipantSelected':
      return {
        ...facts,
        participants: { ...facts.participants, [`${event.data.personId}|${event.data.trackId ?? ''}`]: true },
      }
    case 'ParticipantWithdrawn':
      return {
        ...facts,
        participants: withoutKey(facts.participants, `${event.data.personId}|${event.data.trackId ?? ''}`),
      }
    case 'TrainingBatchScheduled':
      return { ...facts, batches: { ...facts.batches, [event.data.batchId]: 'SCHEDULED' } }
    case 'TrainingBatchOpened':
      return { ...facts, batches: { ...facts.batches, [event.data.batchId]: 'OPEN' } }
    case 'TrainingBatchCompleted':
      return { ...facts, batches: { ...facts.batches, [event.data.batchId]: 'COMPLETED' } }
    case 'ComplianceGapNoted':
      return { ...facts, openGaps: addOnce(facts.openGaps, event.data.gapId) }
    case 'ComplianceGapResolved':
      return { ...facts, openGaps: facts.openGaps.filter((g) => g !== event.data.gapId) }
    default:
      return facts
  }
}

function* applyProgram(streamId: string, event: ProgramEvent): Rows<void> {
  if (event.type === 'ProgramRegistered') {
    const d = event.data
    if ((yield* getRow(programs, d.programId)) !== undefined) return
    yield* putRow(programs, {
      programId: d.programId,
      title: d.title,
      fiscalYear: d.fiscalYear,
      schemes: d.schemes,
      origin: originCell(d.origin),
      executingOrg: orgCell(d.executingOrg),
      regions: d.regions.map(regionCell),
      state: 'PLANNED',
      fundingAsserted: [],
      lines: {},
      quotas: {},
      trackRegions: {},
      batches: {},
      participants: {},
      openGaps: [],
    })
    return
  }
  const existing = yield* getRow(programs, streamId.slice('program-'.length))
  if (existing === undefined) return
  const next = evolveFacts(existing, event)
  if (next !== existing) yield* putRow(programs, next)
}

function* applyEquipment(streamId: string, event: EquipmentEvent): Rows<void> {
  const packageId = streamId.slice('equipment-'.length)
  const existing = yield* getRow(packages, packageId)
  const state = equipmentDecider.evolve(existing?.state ?? { status: 'NONE' }, event)
  if (state.status === 'NONE') return
  yield* putRow(packages, { packageId, programId: state.programId, state })
}

function* applyAudit(streamId: string, event: AuditEvent): Rows<void> {
  const findingId = streamId.slice('audit-'.length)
  if (event.type === 'AuditFindingRecorded') {
    const s = event.data.subjects
    const scopes = [
      ...(s.programIds ?? []).map((id) => `program:${id}`),
      ...(s.packageIds ?? []).map((id) => `package:${id}`),
    ]
    for (const scope of scopes) yield* putRow(findingLinks, { scope, findingId, closed: false })
  } else if (event.type === 'AuditFindingClosed') {
    for (const scope of yield* scopesOf(findingId)) yield* putRow(findingLinks, { scope, findingId, closed: true })
  }
}

function* scopesOf(findingId: string): Rows<ReadonlyArray<string>> {
  const all = yield* allRows(findingLinks)
  return all.filter((l) => l.findingId === findingId).map((l) => l.scope)
}

const quotaOf = (p: ProgramFacts): number | null => {
  const quotas = Object.values(p.quotas)
  if (quotas.length === 0) return null
  const programWide = p.quotas['|||']
  if (programWide !== undefined) return programWide.max
  let total = 0
  for (const q of quotas) {
    const trackRegions = q.trackId === null ? 0 : (p.trackRegions[q.trackId] ?? 0)
    total += q.perRegion ? q.max * (trackRegions > 0 ? trackRegions : p.regions.length) : q.max
  }
  return total
}

const dueStepsOf = (
  p: ProgramFacts,
  pkgs: ReadonlyArray<PackageFacts>,
  openGaps: number,
  openFindings: number,
): ReadonlyArray<string> => {
  // An audit finding stays due after the program closes: its follow-up is owed to the auditor.
  const audit = openFindings > 0 ? [dueEn.followUpFindings(openFindings)] : []
  if (p.state === 'CANCELLED' || p.state === 'CLOSED') return audit
  const steps: Array<string> = [...audit]
  if (p.state === 'PLANNED') steps.push(dueEn.approve())
  const custody = pkgs.map((k) => k.state.status)
  const notHandedOver = custody.filter((c) => c === 'PROCURED').length
  const withPemda = custody.filter((c) => c === 'WITH_PEMDA_OPERATIONAL' || c === 'OWNED_BY_PEMDA').length
  if (notHandedOver > 0) steps.push(dueEn.handOver(notHandedOver))
  if (withPemda > 0) steps.push(dueEn.grant(withPemda))
  const unfinished = sortedEntries(p.batches).filter(([, s]) => s !== 'COMPLETED')
  if (unfinished.length > 0) steps.push(dueEn.completeBatches(unfinished.map(([id]) => id)))
  if (Object.keys(p.lines).length === 0 && p.state !== 'PLANNED') {
    steps.push(p.fundingAsserted.length > 0 ? dueEn.recordAllocation(p.fundingAsserted) : dueEn.allocate())
  }
  if (openGaps > 0) steps.push(dueEn.resolveGaps(openGaps))
  switch (p.state) {
    case 'APPROVED':
    case 'FUNDED':
      steps.push(dueEn.startExecution())
      break
    case 'IN_EXECUTION':
      steps.push(dueEn.completeExecution())
      break
    case 'EXECUTION_COMPLETED':
      steps.push(dueEn.submitReport())
      break
    case 'REPORTED':
      steps.push(dueEn.close())
      break
    default:
      break
  }
  return steps
}

const boardRow = (p: ProgramFacts, pkgs: ReadonlyArray<PackageFacts>, openFindings: number): ProgramStatusRow => {
  const allocated = new Map<FundingSource, bigint>()
  for (const line of Object.values(p.lines))
    allocated.set(line.source, (allocated.get(line.source) ?? 0n) + line.amount)
  const batchStates = Object.values(p.batches)
  const packageGaps = pkgs.reduce(
    (n, k) => n + (k.state.status === 'NONE' ? 0 : Object.keys(k.state.openGaps).length),
    0,
  )
  const openGaps = p.openGaps.length + packageGaps
  const dueSteps = dueStepsOf(p, pkgs, openGaps, openFindings)
  return {
    programId: p.programId,
    title: p.title,
    fiscalYear: p.fiscalYear,
    schemes: p.schemes,
    origin: p.origin,
    executingOrg: p.executingOrg,
    regions: p.regions,
    state: p.state,
    fundingAsserted: p.fundingAsserted,
    fundingAllocated: SOURCE_ORDER.flatMap((source) => {
      const amount = allocated.get(source)
      return amount === undefined ? [] : [{ source, amount }]
    }),
    batches: {
      scheduled: batchStates.filter((s) => s === 'SCHEDULED').length,
      open: batchStates.filter((s) => s === 'OPEN').length,
      completed: batchStates.filter((s) => s === 'COMPLETED').length,
    },
    participantsSelected: Object.keys(p.participants).length,
    participantQuota: quotaOf(p),
    equipmentPackages: pkgs.length,
    openComplianceGaps: openGaps,
    openAuditFindings: openFindings,
    dueSteps,
    nextDueStep: dueSteps[0] ?? null,
  }
}
