/**
 * The facility aggregate (stream `facility-<id>`): `REGISTERED → PLANNED (DED) → UNDER_WORKS → BUILT (PHO) →
 * OPERATIONAL ⇄ UNDERUSED / IDLE → CLOSED`, with revitalisation works looping from a built facility. Rules
 * R26–R28.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Decider } from '../../index'
import type { IkmReferenceData } from '../ReferenceData'
import { alreadyExists, invalidCommand, ruleViolation, type DomainError, type EntityRef } from '../DomainError'
import type { CommandContext } from '../CommandContext'
import {
  evolveGaps,
  flagGap,
  reportedInOperation,
  requireDocuments,
  resolveGap,
  withGaps,
  refuseInState,
  type Decision as DecisionOf,
  type OpenGaps,
  streamDecider,
  unspecifiedDak,
} from '../internal/DeciderSupport'
import type { DocumentRef } from '../values/Document'
import type { FundingSource } from '../values/FundingSource'
import type { OrgRef } from '../values/Organisation'
import type { RegionRef } from '../values/Region'
import type { FacilityCommand } from './FacilityCommands'
import type { FacilityEvent, FacilityKind, WorksKind } from './FacilityEvents'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where a facility is in its life.
 *
 * @category model
 * @since 0.1.0
 */
export type FacilityStatus =
  'REGISTERED' | 'PLANNED' | 'UNDER_WORKS' | 'BUILT' | 'OPERATIONAL' | 'UNDERUSED' | 'IDLE' | 'CLOSED'

/**
 * One contract of works on a facility.
 *
 * @category model
 * @since 0.1.0
 */
export interface FacilityWorks {
  readonly worksId: string
  readonly kind: WorksKind
  readonly programId: string
  readonly status: 'CONTRACTED' | 'COMPLETED' | 'FINAL_HANDOVER'
  readonly physicalBp: number
  readonly financialBp: number
}

/**
 * A support figure imported from history; `approximate` figures are rounded (news) and stay out of documented
 * totals.
 *
 * @category model
 * @since 0.1.0
 */
export interface FundingHistoryEntry {
  readonly source: FundingSource
  readonly amount: bigint
  readonly approximate: boolean
  readonly periodFrom: number | undefined
  readonly periodTo: number | undefined
}

/**
 * A facility that exists.
 *
 * @category model
 * @since 0.1.0
 */
export interface Facility {
  readonly status: FacilityStatus
  readonly facilityId: string
  readonly kind: FacilityKind
  readonly name: string
  readonly region: RegionRef
  readonly built: boolean
  readonly potential: boolean
  readonly unitCount: number | undefined
  readonly workerCount: number | undefined
  /** The status to return to when the last open works are completed. */
  readonly statusBeforeWorks: FacilityStatus
  readonly works: Readonly<Record<string, FacilityWorks>>
  readonly manager: OrgRef | undefined
  readonly fundingHistory: ReadonlyArray<FundingHistoryEntry>
  readonly openGaps: OpenGaps
}

/**
 * The state of a `facility-<id>` stream: `NONE` before `FacilityRegistered`.
 *
 * @category model
 * @since 0.1.0
 */
export type FacilityState = { readonly status: 'NONE' } | Facility

/**
 * The smallest number of business units that makes a sentra (PP 29/2018).
 *
 * @category constants
 * @since 0.1.0
 */
export const SENTRA_MIN_UNITS = 5

/**
 * The stream id of a facility.
 *
 * @category constructors
 * @since 0.1.0
 */
export const facilityStreamId = (facilityId: string): string => `facility-${facilityId}`

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

type Decision = DecisionOf<FacilityEvent>

const entityOf = (facilityId: string): EntityRef => ({ kind: 'facility', id: facilityId })

const openWorks = (f: Facility): ReadonlyArray<FacilityWorks> =>
  Object.values(f.works).filter((w) => w.status === 'CONTRACTED')

const wrongState = (f: Facility, command: string, todo: string): Decision =>
  refuseInState(entityOf(f.facilityId), 'facility', f.status, command, todo)

const r28 = (f: Facility, message: string): Decision =>
  E.left(ruleViolation('R28', entityOf(f.facilityId), `${message} (rule R28)`))

const register = (command: Extract<FacilityCommand, { type: 'RegisterFacility' }>): Decision => {
  const d = command.data
  if (d.kind === 'SENTRA' && d.potential !== true && (d.unitCount === undefined || d.unitCount < SENTRA_MIN_UNITS)) {
    return E.left(
      ruleViolation(
        'R26',
        entityOf(d.facilityId),
        `cannot register ${d.name} as a sentra: it has ${d.unitCount === undefined ? 'an unknown number of' : d.unitCount} ` +
          `business units and a sentra needs at least ${SENTRA_MIN_UNITS} (rule R26, PP 29/2018); register it with ` +
          'potential: true as a potential sentra',
      ),
    )
  }
  if (d.kind !== 'SENTRA' && d.potential === true) {
    return E.left(invalidCommand(command.type, `only a sentra can be a potential sentra; ${d.name} is a ${d.kind}`))
  }
  return E.right([{ type: 'FacilityRegistered', data: d }])
}

const contractWorks = (command: Extract<FacilityCommand, { type: 'ContractFacilityWorks' }>, f: Facility): Decision => {
  const { facilityId: _, dakFisikUnitThreshold, ...data } = command.data
  if (f.status === 'CLOSED') return wrongState(f, command.type, 'a closed facility takes no works')
  if (f.works[data.worksId] !== undefined) {
    return E.left(
      alreadyExists(entityOf(f.facilityId), `works ${data.worksId} on facility ${f.facilityId} exist already`),
    )
  }
  const unknownDates = [
    ...(data.startDate === undefined ? ['startDate'] : []),
    ...(data.plannedEndDate === undefined ? ['plannedEndDate'] : []),
  ]
  const reported = reportedInOperation(command.context, command.type, unknownDates)
  if (E.isLeft(reported)) return reported
  if (data.startDate !== undefined && data.plannedEndDate !== undefined && data.startDate > data.plannedEndDate) {
    return E.left(
      invalidCommand(
        command.type,
        `works ${data.worksId} start on ${data.startDate}, after their planned end ${data.plannedEndDate}; fix the dates`,
      ),
    )
  }
  if (data.kind === 'BUILD' && (f.built || openWorks(f).some((w) => w.kind === 'BUILD'))) {
    return r28(
      f,
      `cannot contract BUILD works ${data.worksId} on ${f.name}: it is built or being built already; contract REVITALIZE works instead`,
    )
  }
  if (data.kind === 'REVITALIZE' && !f.built) {
    return r28(
      f,
      `cannot contract REVITALIZE works ${data.worksId} on ${f.name}: it has never been built, and only a built facility ` +
        'can be revitalised; contract BUILD works first (or register it with alreadyBuilt if it stood before)',
    )
  }
  if (data.kind === 'MACHINE_REVITALIZATION' && f.kind === 'SENTRA' && !f.built) {
    return r28(
      f,
      `cannot contract MACHINE_REVITALIZATION works ${data.worksId} on ${f.name}: machines are revitalised in a UPT, a ` +
        'UPTD or a built sentra, and this sentra has not been built; build it first',
    )
  }
  if (data.fundingSource === 'DAK_FISIK' && f.kind === 'SENTRA') {
    if (dakFisikUnitThreshold === undefined) {
      return E.left(
        invalidCommand(
          command.type,
          `DAK-fisik works on sentra ${f.name} need dakFisikUnitThreshold, the policy minimum for its island and fiscal ` +
            'year (rule R27); look it up (Sumatra and Kalimantan: 10) and send it',
        ),
      )
    }
    if (f.unitCount === undefined && command.context.mode === 'HISTORICAL_IMPORT') {
      // R27 cannot be checked without the count: an import records the works and asks for the count.
      return withGaps(
        { type: 'FacilityWorksContracted', data },
        E.map((contractGaps: ReadonlyArray<FacilityEvent>) => [
          ...contractGaps,
          ...flagGap(
            'R27',
            `facility-${f.facilityId}/works-${data.worksId}/unit-count`,
            `DAK-fisik works ${data.worksId} on sentra ${f.name} were recorded without the sentra's unit count, so the ` +
              `threshold of ${dakFisikUnitThreshold} units (rule R27) is unchecked; record the count (UpdateSentraUnitCount)`,
            f.openGaps,
          ),
        ])(contractGaps(f, data.worksId, data.contractDoc, command.context)),
      )
    }
    if (f.unitCount === undefined || f.unitCount < dakFisikUnitThreshold) {
      return E.left(
        ruleViolation(
          'R27',
          entityOf(f.facilityId),
          `cannot contract DAK-fisik works on sentra ${f.name}: it has ${f.unitCount ?? 'an unknown number of'} business ` +
            `units, below the ${dakFisikUnitThreshold} the policy requires (rule R27); update the unit count first or ` +
            'fund the works from another source',
        ),
      )
    }
  }
  return withGaps(
    { type: 'FacilityWorksContracted', data },
    contractGaps(f, data.worksId, data.contractDoc, command.context),
  )
}

const contractGaps = (f: Facility, worksId: string, contractDoc: DocumentRef | undefined, context: CommandContext) =>
  requireDocuments({
    rule: 'R28',
    entity: entityOf(f.facilityId),
    subject: `facility-${f.facilityId}/works-${worksId}/contract`,
    context,
    documents: [{ kinds: ['KONTRAK'], supplied: contractDoc }],
    openGaps: f.openGaps,
    action: `contract works ${worksId} on facility ${f.facilityId}`,
  })

const decideOn = (command: Exclude<FacilityCommand, { type: 'RegisterFacility' }>, f: Facility): Decision => {
  const entity = entityOf(f.facilityId)
  const worksOf = (worksId: string, action: string): E.Either<DomainError, FacilityWorks> => {
    const works = f.works[worksId]
    return works === undefined
      ? E.left(
          ruleViolation(
            'R28',
            entity,
            `cannot ${action} works ${worksId} on facility ${f.facilityId}: no such works were contracted (rule R28: ` +
              'works need a contract); contract them first (ContractFacilityWorks)',
          ),
        )
      : E.right(works)
  }
  switch (command.type) {
    case 'ResolveComplianceGap':
      return resolveGap(entity, f.openGaps, command.data, command.context)
    case 'ImportFacilityFundingHistory': {
      const { facilityId: _, ...data } = command.data
      if (data.periodFrom !== undefined && data.periodTo !== undefined && data.periodFrom > data.periodTo) {
        return E.left(
          invalidCommand(
            command.type,
            `periodFrom ${data.periodFrom} is after periodTo ${data.periodTo}; fix the period`,
          ),
        )
      }
      return withGaps(
        { type: 'FacilityFundingHistoryImported', data },
        unspecifiedDak({
          context: command.context,
          source: data.source,
          subject: `funding-history:${f.facilityId}:${f.fundingHistory.length}`,
          entity,
          isOpen: (gapId) => f.openGaps[gapId] !== undefined,
          action: `import funding history of facility ${f.facilityId}`,
        }),
      )
    }
    case 'UpdateSentraUnitCount': {
      if (f.kind !== 'SENTRA') {
        return E.left(
          invalidCommand(command.type, `${f.name} is a ${f.kind}, not a sentra; unit counts are kept for sentra`),
        )
      }
      if (f.status === 'CLOSED') return wrongState(f, command.type, 'a closed sentra is not counted')
      const { facilityId: _, ...data } = command.data
      return E.right([{ type: 'SentraUnitCountUpdated', data }])
    }
    case 'PlanFacilityDevelopment': {
      if (f.status === 'CLOSED' || f.status === 'UNDER_WORKS' || f.status === 'PLANNED') {
        return wrongState(f, command.type, 'plan before works start, once')
      }
      const { facilityId: _, ...data } = command.data
      return E.right([{ type: 'FacilityDevelopmentPlanned', data }])
    }
    case 'ContractFacilityWorks':
      return contractWorks(command, f)
    case 'ReportFacilityWorksProgress': {
      const { facilityId: _, ...data } = command.data
      if (data.physicalBp > 10000 || data.financialBp > 10000) {
        return E.left(invalidCommand(command.type, 'progress is at most 10000 basis points (100 %); fix the figures'))
      }
      return pipe(
        worksOf(data.worksId, 'report progress on'),
        E.flatMap((works) =>
          works.status === 'CONTRACTED'
            ? E.right([{ type: 'FacilityWorksProgressReported', data }])
            : wrongState(f, command.type, `works ${works.worksId} are ${works.status} already`),
        ),
      )
    }
    case 'CompleteFacilityWorks': {
      const { facilityId: _, ...data } = command.data
      return pipe(
        worksOf(data.worksId, 'complete'),
        E.flatMap((works) =>
          works.status !== 'CONTRACTED'
            ? wrongState(f, command.type, `works ${works.worksId} are ${works.status} already`)
            : withGaps(
                { type: 'FacilityWorksCompleted', data },
                requireDocuments({
                  rule: 'R28',
                  entity,
                  subject: `facility-${f.facilityId}/works-${works.worksId}/pho`,
                  context: command.context,
                  documents: [{ kinds: ['BAST_PENYEDIA_PPK'], supplied: data.bastDoc }],
                  openGaps: f.openGaps,
                  action: `record the PHO of works ${works.worksId} on facility ${f.facilityId}`,
                }),
              ),
        ),
      )
    }
    case 'HandOverFacilityWorksFinally': {
      const { facilityId: _, ...data } = command.data
      return pipe(
        worksOf(data.worksId, 'hand over'),
        E.flatMap((works) =>
          works.status === 'COMPLETED'
            ? E.right([{ type: 'FacilityWorksFinalHandover', data }])
            : wrongState(f, command.type, `works ${works.worksId} are ${works.status}; FHO follows PHO, once`),
        ),
      )
    }
    case 'AppointFacilityManager': {
      if (f.status === 'CLOSED') return wrongState(f, command.type, 'a closed facility has no manager')
      const { facilityId: _, ...data } = command.data
      return E.right([{ type: 'FacilityManagerAppointed', data }])
    }
    case 'ChangeFacilityOperationalStatus': {
      const { facilityId: _, ...data } = command.data
      if (f.status === 'CLOSED') return wrongState(f, command.type, 'a closed facility stays closed')
      if (f.status === 'UNDER_WORKS') return wrongState(f, command.type, 'complete the open works first')
      if (!f.built && f.kind === 'SENTRA') return wrongState(f, command.type, 'a sentra operates once it is built')
      if (data.status === f.status) return wrongState(f, command.type, `it is ${f.status} already`)
      return E.right([{ type: 'FacilityOperationalStatusChanged', data }])
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const afterWorks = (f: Facility, built: boolean): FacilityStatus => {
  const resumed = f.statusBeforeWorks
  if (!built) return resumed
  return resumed === 'OPERATIONAL' || resumed === 'UNDERUSED' || resumed === 'IDLE' ? resumed : 'BUILT'
}

const evolve = (state: FacilityState, event: FacilityEvent): FacilityState => {
  if (event.type === 'FacilityRegistered') {
    const d = event.data
    const built = d.alreadyBuilt === true
    return {
      status: built ? 'BUILT' : 'REGISTERED',
      facilityId: d.facilityId,
      kind: d.kind,
      name: d.name,
      region: d.region,
      built,
      potential: d.potential === true,
      unitCount: d.unitCount,
      workerCount: d.workerCount,
      statusBeforeWorks: built ? 'BUILT' : 'REGISTERED',
      works: {},
      manager: undefined,
      fundingHistory: [],
      openGaps: {},
    }
  }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'SentraUnitCountUpdated':
      return {
        ...state,
        unitCount: event.data.unitCount,
        workerCount: event.data.workerCount ?? state.workerCount,
        potential: state.potential && event.data.unitCount < SENTRA_MIN_UNITS,
      }
    case 'FacilityDevelopmentPlanned':
      return state.status === 'REGISTERED' ? { ...state, status: 'PLANNED', statusBeforeWorks: 'PLANNED' } : state
    case 'FacilityWorksContracted':
      return {
        ...state,
        status: 'UNDER_WORKS',
        statusBeforeWorks: state.status === 'UNDER_WORKS' ? state.statusBeforeWorks : state.status,
        works: {
          ...state.works,
          [event.data.worksId]: {
            worksId: event.data.worksId,
            kind: event.data.kind,
            programId: event.data.programId,
            status: 'CONTRACTED',
            physicalBp: 0,
            financialBp: 0,
          },
        },
      }
    case 'FacilityWorksProgressReported': {
      const works = state.works[event.data.worksId]
      if (works === undefined) return state
      return {
        ...state,
        works: {
          ...state.works,
          [works.worksId]: { ...works, physicalBp: event.data.physicalBp, financialBp: event.data.financialBp },
        },
      }
    }
    case 'FacilityWorksCompleted': {
      const works = state.works[event.data.worksId]
      if (works === undefined) return state
      const next = { ...state, works: { ...state.works, [works.worksId]: { ...works, status: 'COMPLETED' as const } } }
      const built = state.built || works.kind === 'BUILD'
      return openWorks(next).length > 0 ? { ...next, built } : { ...next, built, status: afterWorks(state, built) }
    }
    case 'FacilityWorksFinalHandover': {
      const works = state.works[event.data.worksId]
      if (works === undefined) return state
      return { ...state, works: { ...state.works, [works.worksId]: { ...works, status: 'FINAL_HANDOVER' } } }
    }
    case 'FacilityManagerAppointed':
      return { ...state, manager: event.data.manager }
    case 'FacilityOperationalStatusChanged':
      return { ...state, status: event.data.status, statusBeforeWorks: event.data.status }
    case 'FacilityFundingHistoryImported':
      return {
        ...state,
        fundingHistory: [
          ...state.fundingHistory,
          {
            source: event.data.source,
            amount: event.data.amount,
            approximate: event.data.approximate,
            periodFrom: event.data.periodFrom,
            periodTo: event.data.periodTo,
          },
        ],
      }
    case 'ComplianceGapNoted':
    case 'ComplianceGapResolved':
      return { ...state, openGaps: evolveGaps(state.openGaps, event) }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Builds the facility decider over the given reference data (regions are checked against its directory).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeFacilityDecider = (
  reference: IkmReferenceData = {},
): Decider<FacilityCommand, FacilityEvent, FacilityState, DomainError> =>
  streamDecider<FacilityCommand, 'RegisterFacility', Facility, FacilityEvent>(
    {
      creation: 'RegisterFacility',
      entityOf,
      commandId: (command) => command.data.facilityId,
      entityId: (f) => f.facilityId,
      create: register,
      decideOn,
      evolve,
      noun: 'facility',
      messages: {
        exists: (id) => `facility ${id} is registered already`,
        missing: (command, id) =>
          `cannot ${command}: facility ${id} does not exist; register it first (RegisterFacility)`,
      },
    },
    reference,
  )

/**
 * The facility decider over the shipped reference data.
 *
 * @category instances
 * @since 0.1.0
 */
export const facilityDecider: Decider<FacilityCommand, FacilityEvent, FacilityState, DomainError> =
  makeFacilityDecider()
