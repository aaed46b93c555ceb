/**
 * The Program aggregate's state and `evolve`. The state holds exactly what the rules need: funding lines and
 * their realisation, tracks, policies, quotas, participants (ids, regions, age bands), batches, outputs and
 * open compliance gaps.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import type { CivilDate } from '../../index'
import type { AgeBand } from '../values/FiscalYear'
import type { FundingSource } from '../values/FundingSource'
import type { OrgRef } from '../values/Organisation'
import type { Origin } from '../values/Origin'
import type { RegionRef } from '../values/Region'
import type { Unit } from '../values/Quantity'
import type { ProgramEvent } from './ProgramEvents'
import type {
  DakTranche,
  EligibilityParams,
  FundingPurpose,
  ProgramScheme,
  ProgramStatus,
  QuotaScope,
  TrainingPolicy,
} from './ProgramValues'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A funding line (pagu per source and year) and what was spent against it.
 *
 * @category model
 * @since 0.1.0
 */
export interface FundingLine {
  readonly lineId: string
  readonly source: FundingSource
  readonly fiscalYear: number
  readonly purpose: FundingPurpose
  readonly allocated: bigint
  /** Σ realised − Σ reversed. */
  readonly netRealised: bigint
  readonly tranches: ReadonlyArray<DakTranche>
  readonly tranchesReceived: bigint
}

/**
 * @category model
 * @since 0.1.0
 */
export interface Expenditure {
  readonly expenditureId: string
  readonly lineId: string
  readonly amount: bigint
  readonly reversed: bigint
}

/**
 * @category model
 * @since 0.1.0
 */
export interface ActivityTrack {
  readonly trackId: string
  readonly title: string
  readonly eligibleRegions: ReadonlyArray<RegionRef>
}

/**
 * @category model
 * @since 0.1.0
 */
export interface Quota {
  readonly key: string
  readonly scope: QuotaScope
  readonly maxParticipants: number
}

/**
 * A selected (or withdrawn) participant: an id, never a name.
 *
 * @category model
 * @since 0.1.0
 */
export interface Participant {
  readonly personId: string
  readonly trackId?: string
  readonly batchId?: string
  readonly groupId?: string
  readonly region: RegionRef
  readonly ageBand?: AgeBand
  readonly status: 'SELECTED' | 'WITHDRAWN'
}

/**
 * @category model
 * @since 0.1.0
 */
export interface InstructorAssignment {
  readonly assignmentId: string
  readonly batchId?: string
  readonly trackId?: string
}

/**
 * @category model
 * @since 0.1.0
 */
export interface TrainingBatch {
  readonly batchId: string
  readonly trackId?: string
  readonly region: RegionRef
  /** Unknown when an import knew only the duration. */
  readonly startDate: CivilDate | undefined
  readonly endDate: CivilDate | undefined
  readonly plannedDays: number
  readonly capacity?: number
  readonly status: 'SCHEDULED' | 'OPEN' | 'COMPLETED'
  /** date → person ids recorded (present or absent) that day. */
  readonly recorded: ReadonlyMap<string, ReadonlySet<string>>
  /** person id → days present. */
  readonly daysPresent: ReadonlyMap<string, number>
  readonly lastAttendanceDate?: CivilDate
  readonly daysHeld?: number
  readonly completedParticipantIds: ReadonlySet<string>
  readonly certified: ReadonlySet<string>
}

/**
 * A production output with produced and delivered totals per region code (`*` when no region was given), in
 * the output's own unit.
 *
 * @category model
 * @since 0.1.0
 */
export interface ProductionOutput {
  readonly outputId: string
  readonly trackId?: string
  readonly unit: Unit
  readonly target?: bigint
  readonly bottleVolumeMl?: number
  readonly region?: RegionRef
  readonly produced: ReadonlyMap<string, bigint>
  readonly delivered: ReadonlyMap<string, bigint>
}

/**
 * @category model
 * @since 0.1.0
 */
export interface ProgramGap {
  readonly gapId: string
  readonly rule: string
  readonly subject: string
  readonly missingDocKinds: ReadonlyArray<string>
  readonly note: string
  readonly status: 'OPEN' | 'RESOLVED'
}

/**
 * A registered program.
 *
 * @category model
 * @since 0.1.0
 */
export interface Program {
  readonly status: ProgramStatus
  readonly programId: string
  readonly fiscalYear: number
  readonly title: string
  readonly schemes: ReadonlyArray<ProgramScheme>
  readonly executingOrg: OrgRef
  readonly regions: ReadonlyArray<RegionRef>
  readonly origin: Origin
  readonly fundingAsserted: ReadonlyArray<FundingSource>
  readonly lines: ReadonlyMap<string, FundingLine>
  readonly expenditures: ReadonlyMap<string, Expenditure>
  readonly tracks: ReadonlyMap<string, ActivityTrack>
  readonly eligibilityPolicy?: { readonly policyId: string; readonly params: t.TypeOf<typeof EligibilityParams> }
  readonly trainingPolicy: TrainingPolicy
  readonly quotas: ReadonlyArray<Quota>
  readonly instructors: ReadonlyArray<InstructorAssignment>
  readonly nominated: ReadonlySet<string>
  /** Keyed by {@link participantKey}. */
  readonly participants: ReadonlyMap<string, Participant>
  readonly batches: ReadonlyMap<string, TrainingBatch>
  readonly outputs: ReadonlyMap<string, ProductionOutput>
  readonly linkedPackages: ReadonlySet<string>
  readonly linkedFacilities: ReadonlySet<string>
  readonly aspirations: ReadonlySet<string>
  /** Budgets announced or planned, never allocated: the announcements by id, with their amounts. */
  readonly announcedBudgets: ReadonlyMap<string, bigint>
  readonly gaps: ReadonlyMap<string, ProgramGap>
}

/**
 * No program yet: the state of an empty `program-<id>` stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface NoProgram {
  readonly status: 'NONE'
}

/**
 * @category model
 * @since 0.1.0
 */
export type ProgramState = NoProgram | Program

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * @category constants
 * @since 0.1.0
 */
export const initialProgramState: ProgramState = { status: 'NONE' }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The stream of a program: `program-<id>`.
 *
 * @category utils
 * @since 0.1.0
 */
export const programStreamId = (programId: string): string => `program-${programId}`

/**
 * The key of a participant: one selection per person and track (rule R12).
 *
 * @category utils
 * @since 0.1.0
 */
export const participantKey = (personId: string, trackId: string | undefined): string => `${personId}|${trackId ?? ''}`

/**
 * The key of a region in production totals.
 *
 * @category utils
 * @since 0.1.0
 */
export const regionKeyOf = (region: RegionRef | undefined): string => (region === undefined ? '*' : region.code)

/**
 * The key of a quota scope: a second quota on the same scope replaces the first.
 *
 * @category utils
 * @since 0.1.0
 */
export const quotaKeyOf = (scope: QuotaScope): string =>
  [scope.trackId ?? '', scope.region?.code ?? '', scope.batchId ?? '', scope.perRegion === true ? 'each' : ''].join('|')

/**
 * Tells whether the program exists.
 *
 * @category utils
 * @since 0.1.0
 */
export const isProgram = (state: ProgramState): state is Program => state.status !== 'NONE'

/**
 * The open compliance gaps.
 *
 * @category utils
 * @since 0.1.0
 */
export const openGapsOf = (state: ProgramState): ReadonlyArray<ProgramGap> =>
  isProgram(state) ? [...state.gaps.values()].filter((g) => g.status === 'OPEN') : []

const setIn = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value)
const addTo = <V>(set: ReadonlySet<V>, value: V): ReadonlySet<V> => new Set(set).add(value)
const plus = (map: ReadonlyMap<string, bigint>, key: string, amount: bigint): ReadonlyMap<string, bigint> =>
  setIn(map, key, (map.get(key) ?? 0n) + amount)

const updateLine = (p: Program, lineId: string, f: (line: FundingLine) => FundingLine): Program => {
  const line = p.lines.get(lineId)
  return line === undefined ? p : { ...p, lines: setIn(p.lines, lineId, f(line)) }
}

const updateBatch = (p: Program, batchId: string, f: (batch: TrainingBatch) => TrainingBatch): Program => {
  const batch = p.batches.get(batchId)
  return batch === undefined ? p : { ...p, batches: setIn(p.batches, batchId, f(batch)) }
}

const updateOutput = (p: Program, outputId: string, f: (o: ProductionOutput) => ProductionOutput): Program => {
  const output = p.outputs.get(outputId)
  return output === undefined ? p : { ...p, outputs: setIn(p.outputs, outputId, f(output)) }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

/**
 * Folds one event into the state. Total: an event that does not fit the state (which a decider never
 * produces) leaves the state unchanged rather than throwing, so a replay always completes.
 *
 * @category evolve
 * @since 0.1.0
 */
export const evolveProgram = (state: ProgramState, event: ProgramEvent): ProgramState => {
  if (event.type === 'ProgramRegistered') {
    if (isProgram(state)) return state
    const d = event.data
    return {
      status: 'PLANNED',
      programId: d.programId,
      fiscalYear: d.fiscalYear,
      title: d.title,
      schemes: d.schemes,
      executingOrg: d.executingOrg,
      regions: d.regions,
      origin: d.origin,
      fundingAsserted: [],
      lines: new Map(),
      expenditures: new Map(),
      tracks: new Map(),
      trainingPolicy: {},
      quotas: [],
      instructors: [],
      nominated: new Set(),
      participants: new Map(),
      batches: new Map(),
      outputs: new Map(),
      linkedPackages: new Set(),
      linkedFacilities: new Set(),
      aspirations: new Set(),
      announcedBudgets: new Map(),
      gaps: new Map(),
    }
  }
  if (!isProgram(state)) return state
  const p = state
  switch (event.type) {
    case 'ProgramApproved':
      return { ...p, status: 'APPROVED' }
    case 'FundingAllocated': {
      const d = event.data
      const line: FundingLine = {
        lineId: d.lineId,
        source: d.source,
        fiscalYear: d.fiscalYear,
        purpose: d.purpose,
        allocated: d.amount,
        netRealised: 0n,
        tranches: [],
        tranchesReceived: 0n,
      }
      return { ...p, status: p.status === 'APPROVED' ? 'FUNDED' : p.status, lines: setIn(p.lines, d.lineId, line) }
    }
    case 'FundingRevised':
      return updateLine(p, event.data.lineId, (l) => ({ ...l, allocated: event.data.newAmount }))
    case 'DakTrancheReceived':
      return updateLine(p, event.data.lineId, (l) => ({
        ...l,
        tranches: [...l.tranches, event.data.tranche],
        tranchesReceived: l.tranchesReceived + event.data.amount,
      }))
    case 'ExpenditureRealized': {
      const d = event.data
      const withLine = updateLine(p, d.lineId, (l) => ({ ...l, netRealised: l.netRealised + d.amount }))
      return {
        ...withLine,
        expenditures: setIn(p.expenditures, d.expenditureId, {
          expenditureId: d.expenditureId,
          lineId: d.lineId,
          amount: d.amount,
          reversed: 0n,
        }),
      }
    }
    case 'ExpenditureReversed': {
      const d = event.data
      const spent = p.expenditures.get(d.expenditureId)
      if (spent === undefined) return p
      const withLine = updateLine(p, spent.lineId, (l) => ({ ...l, netRealised: l.netRealised - d.amount }))
      return {
        ...withLine,
        expenditures: setIn(p.expenditures, d.expenditureId, { ...spent, reversed: spent.reversed + d.amount }),
      }
    }
    case 'ActivityTrackDefined': {
      const d = event.data
      return {
        ...p,
        tracks: setIn(p.tracks, d.trackId, { trackId: d.trackId, title: d.title, eligibleRegions: d.eligibleRegions }),
      }
    }
    case 'EligibilityPolicySet':
      return { ...p, eligibilityPolicy: { policyId: event.data.policyId, params: event.data.params } }
    case 'TrainingPolicySet':
      return { ...p, trainingPolicy: event.data.policy }
    case 'QuotaSet': {
      const key = quotaKeyOf(event.data.scope)
      const quota: Quota = { key, scope: event.data.scope, maxParticipants: event.data.maxParticipants }
      return { ...p, quotas: [...p.quotas.filter((q) => q.key !== key), quota] }
    }
    case 'InstructorAssigned': {
      const d = event.data
      const assignment: InstructorAssignment = {
        assignmentId: d.assignmentId,
        ...(d.batchId === undefined ? {} : { batchId: d.batchId }),
        ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
      }
      return { ...p, instructors: [...p.instructors, assignment] }
    }
    case 'ParticipantNominated':
      return { ...p, nominated: addTo(p.nominated, participantKey(event.data.personId, event.data.trackId)) }
    case 'ParticipantSelected': {
      const d = event.data
      const participant: Participant = {
        personId: d.personId,
        region: d.region,
        status: 'SELECTED',
        ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
        ...(d.batchId === undefined ? {} : { batchId: d.batchId }),
        ...(d.groupId === undefined ? {} : { groupId: d.groupId }),
        ...(d.demographics?.ageBand === undefined ? {} : { ageBand: d.demographics.ageBand }),
      }
      return { ...p, participants: setIn(p.participants, participantKey(d.personId, d.trackId), participant) }
    }
    case 'ParticipantWithdrawn': {
      const key = participantKey(event.data.personId, event.data.trackId)
      const participant = p.participants.get(key)
      return participant === undefined
        ? p
        : { ...p, participants: setIn(p.participants, key, { ...participant, status: 'WITHDRAWN' }) }
    }
    case 'TrainingBatchScheduled': {
      const d = event.data
      const batch: TrainingBatch = {
        batchId: d.batchId,
        region: d.region,
        startDate: d.startDate,
        endDate: d.endDate,
        plannedDays: d.plannedDays,
        status: 'SCHEDULED',
        recorded: new Map(),
        daysPresent: new Map(),
        completedParticipantIds: new Set(),
        certified: new Set(),
        ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
        ...(d.capacity === undefined ? {} : { capacity: d.capacity }),
      }
      return { ...p, batches: setIn(p.batches, d.batchId, batch) }
    }
    case 'TrainingBatchRescheduled': {
      const d = event.data
      return updateBatch(p, d.batchId, (b) => ({
        ...b,
        startDate: d.startDate,
        endDate: d.endDate,
        plannedDays: d.plannedDays,
      }))
    }
    case 'TrainingBatchOpened': {
      const opened = updateBatch(p, event.data.batchId, (b) => ({ ...b, status: 'OPEN' }))
      const startsExecution = p.status === 'FUNDED' || p.status === 'APPROVED'
      return startsExecution ? { ...opened, status: 'IN_EXECUTION' } : opened
    }
    case 'AttendanceRecorded': {
      const d = event.data
      return updateBatch(p, d.batchId, (b) => {
        const day = new Set(b.recorded.get(d.date) ?? [])
        for (const id of [...d.present, ...d.absent]) day.add(id)
        const daysPresent = new Map(b.daysPresent)
        for (const id of d.present) daysPresent.set(id, (daysPresent.get(id) ?? 0) + 1)
        const last = b.lastAttendanceDate === undefined || d.date > b.lastAttendanceDate ? d.date : b.lastAttendanceDate
        return { ...b, recorded: setIn(b.recorded, d.date, day), daysPresent, lastAttendanceDate: last }
      })
    }
    case 'TrainingBatchCompleted': {
      const d = event.data
      return updateBatch(p, d.batchId, (b) => ({
        ...b,
        status: 'COMPLETED',
        endDate: d.endDate,
        daysHeld: d.daysHeld,
        completedParticipantIds: new Set(d.completedParticipantIds),
      }))
    }
    case 'CertificateIssued':
      return updateBatch(p, event.data.batchId, (b) => ({ ...b, certified: addTo(b.certified, event.data.personId) }))
    case 'ProductionTargetSet': {
      const d = event.data
      const existing = p.outputs.get(d.outputId)
      const output: ProductionOutput = {
        outputId: d.outputId,
        unit: d.unit,
        produced: existing?.produced ?? new Map(),
        delivered: existing?.delivered ?? new Map(),
        ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
        ...(d.target === undefined ? {} : { target: d.target }),
        ...(d.bottleVolumeMl === undefined ? {} : { bottleVolumeMl: d.bottleVolumeMl }),
        ...(d.region === undefined ? {} : { region: d.region }),
      }
      return { ...p, outputs: setIn(p.outputs, d.outputId, output) }
    }
    case 'ProductionReported': {
      const d = event.data
      return updateOutput(p, d.outputId, (o) => ({
        ...o,
        produced: plus(o.produced, regionKeyOf(d.region), inUnitOf(o, d.quantity)),
      }))
    }
    case 'OutputDelivered': {
      const d = event.data
      return updateOutput(p, d.outputId, (o) => ({
        ...o,
        delivered: plus(o.delivered, regionKeyOf(d.region), inUnitOf(o, d.quantity)),
      }))
    }
    case 'EquipmentLinked':
      return { ...p, linkedPackages: addTo(p.linkedPackages, event.data.packageId) }
    case 'FacilityLinked':
      return { ...p, linkedFacilities: addTo(p.linkedFacilities, event.data.facilityId) }
    case 'ProgramExecutionStarted':
      return { ...p, status: 'IN_EXECUTION' }
    case 'ProgramExecutionCompleted':
      return { ...p, status: 'EXECUTION_COMPLETED' }
    case 'ProgramReportSubmitted':
      return { ...p, status: 'REPORTED' }
    case 'ProgramClosed':
      return { ...p, status: 'CLOSED' }
    case 'ProgramCancelled':
      return { ...p, status: 'CANCELLED' }
    case 'AspirationNoted':
      return { ...p, aspirations: addTo(p.aspirations, event.data.aspirationId) }
    case 'BudgetAnnounced':
      return {
        ...p,
        announcedBudgets: new Map([...p.announcedBudgets, [event.data.announcementId, event.data.amount]]),
      }
    case 'FundingSourceAsserted':
      return p.fundingAsserted.includes(event.data.source)
        ? p
        : { ...p, fundingAsserted: [...p.fundingAsserted, event.data.source] }
    case 'ComplianceGapNoted': {
      const d = event.data
      return { ...p, gaps: setIn(p.gaps, d.gapId, { ...d, status: 'OPEN' }) }
    }
    case 'ComplianceGapResolved': {
      const gap = p.gaps.get(event.data.gapId)
      return gap === undefined ? p : { ...p, gaps: setIn(p.gaps, gap.gapId, { ...gap, status: 'RESOLVED' }) }
    }
  }
}

/**
 * A quantity expressed in an output's unit (BOTTLE ↔ ML through the output's bottle volume). A quantity that
 * cannot be converted counts as nothing; deciders reject such reports before they become events (rule R17).
 *
 * @category utils
 * @since 0.1.0
 */
export const inUnitOf = (
  output: Pick<ProductionOutput, 'unit' | 'bottleVolumeMl'>,
  q: { value: bigint; unit: Unit },
): bigint => {
  if (q.unit === output.unit) return q.value
  const volume = output.bottleVolumeMl === undefined ? undefined : BigInt(output.bottleVolumeMl)
  if (volume === undefined) return 0n
  if (q.unit === 'BOTTLE' && output.unit === 'ML') return q.value * volume
  if (q.unit === 'ML' && output.unit === 'BOTTLE' && q.value % volume === 0n) return q.value / volume
  return 0n
}
