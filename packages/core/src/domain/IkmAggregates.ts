/**
 * The five IKM aggregates by stream category: for each, how its commands are decoded, its decider and its event
 * registry. The command handler and the state loader both route through this one table.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import type * as t from 'io-ts'
import type { Decider, DomainEvent, EventRegistry } from '../index'
import type { FactOrder } from '../kernel/CommandHandler'
import { auditCommandCodecs, decodeAuditCommand, type AuditCommand } from './audit/AuditCommands'
import { auditEvents, type AuditEvent } from './audit/AuditEvents'
import { auditStreamId, makeAuditDecider, type AuditState } from './audit/AuditDecider'
import type { DomainError } from './DomainError'
import { decodeEquipmentCommand, equipmentCommandCodecs, type EquipmentCommand } from './equipment/EquipmentCommands'
import { equipmentEvents, type EquipmentEvent } from './equipment/EquipmentEvents'
import { equipmentStreamId, makeEquipmentDecider, type EquipmentState } from './equipment/EquipmentDecider'
import { decodeFacilityCommand, facilityCommandCodecs, type FacilityCommand } from './facility/FacilityCommands'
import { facilityEvents, type FacilityEvent } from './facility/FacilityEvents'
import { facilityStreamId, makeFacilityDecider, type FacilityState } from './facility/FacilityDecider'
import { decodeGroupCommand, groupCommandCodecs, type GroupCommand } from './group/GroupCommands'
import { groupEvents, type GroupEvent } from './group/GroupEvents'
import { groupStreamId, makeGroupDecider, type GroupState } from './group/GroupDecider'
import { decodePersonCommand, personCommandCodecs, type PersonCommand } from './person/PersonCommands'
import { personDecider, personStreamId, type PersonState } from './person/PersonDecider'
import { personEvents, type PersonEvent } from './person/PersonEvents'
import { decodeProgramCommand, programCommandCodecs, type ProgramCommand } from './program/ProgramCommands'
import { makeProgramDecider } from './program/ProgramDecider'
import { programEvents, type ProgramEvent } from './program/ProgramEvents'
import { programStreamId, type ProgramState } from './program/Program'
import { decodeProposalCommand, proposalCommandCodecs, type ProposalCommand } from './proposal/ProposalCommands'
import { makeProposalDecider, proposalStreamId, type ProposalState } from './proposal/ProposalDecider'
import { proposalEvents, type ProposalEvent } from './proposal/ProposalEvents'
import {
  auditFactOrder,
  equipmentFactOrder,
  facilityFactOrder,
  groupFactOrder,
  personFactOrder,
  programFactOrder,
  proposalFactOrder,
} from './internal/FactRules'
import type { IkmReferenceData } from './ReferenceData'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The stream categories that hold IKM aggregates.
 *
 * @category model
 * @since 0.1.0
 */
export type IkmCategory = 'program' | 'proposal' | 'equipment' | 'facility' | 'group' | 'person' | 'audit'

/**
 * The state of each IKM aggregate, by stream category.
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmStates {
  readonly program: ProgramState
  readonly proposal: ProposalState
  readonly equipment: EquipmentState
  readonly facility: FacilityState
  readonly group: GroupState
  readonly person: PersonState
  readonly audit: AuditState
}

/**
 * One aggregate as the router and the tooling see it: its command codecs by type, the decoder that picks one,
 * its decider over the deployment's reference data, its event registry, the id field whose value names the
 * entity's one stream, and the order of its facts in time (rule R35: which earlier events a command rests on, so
 * it is not dated before them).
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmAggregate<C, Ev extends DomainEvent, S> {
  readonly commands: Readonly<Record<string, t.Mixed>>
  readonly decode: (input: unknown) => E.Either<DomainError, C>
  readonly decider: (reference: IkmReferenceData) => Decider<C, Ev, S, DomainError>
  readonly events: EventRegistry<Ev>
  readonly identity: { readonly field: string; readonly streamOf: (command: C) => string }
  readonly factOrder: FactOrder<C, Ev, S, DomainError>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The IKM aggregates by stream category.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ikmAggregates: {
  readonly program: IkmAggregate<ProgramCommand, ProgramEvent, ProgramState>
  readonly proposal: IkmAggregate<ProposalCommand, ProposalEvent, ProposalState>
  readonly equipment: IkmAggregate<EquipmentCommand, EquipmentEvent, EquipmentState>
  readonly facility: IkmAggregate<FacilityCommand, FacilityEvent, FacilityState>
  readonly group: IkmAggregate<GroupCommand, GroupEvent, GroupState>
  readonly person: IkmAggregate<PersonCommand, PersonEvent, PersonState>
  readonly audit: IkmAggregate<AuditCommand, AuditEvent, AuditState>
} = {
  program: {
    commands: programCommandCodecs,
    decode: decodeProgramCommand,
    decider: makeProgramDecider,
    events: programEvents,
    identity: { field: 'programId', streamOf: (c) => programStreamId(c.data.programId) },
    factOrder: programFactOrder,
  },
  proposal: {
    commands: proposalCommandCodecs,
    decode: decodeProposalCommand,
    decider: makeProposalDecider,
    events: proposalEvents,
    identity: { field: 'proposalId', streamOf: (c) => proposalStreamId(c.data.proposalId) },
    factOrder: proposalFactOrder,
  },
  equipment: {
    commands: equipmentCommandCodecs,
    decode: decodeEquipmentCommand,
    decider: makeEquipmentDecider,
    events: equipmentEvents,
    identity: { field: 'packageId', streamOf: (c) => equipmentStreamId(c.data.packageId) },
    factOrder: equipmentFactOrder,
  },
  facility: {
    commands: facilityCommandCodecs,
    decode: decodeFacilityCommand,
    decider: makeFacilityDecider,
    events: facilityEvents,
    identity: { field: 'facilityId', streamOf: (c) => facilityStreamId(c.data.facilityId) },
    factOrder: facilityFactOrder,
  },
  group: {
    commands: groupCommandCodecs,
    decode: decodeGroupCommand,
    decider: makeGroupDecider,
    events: groupEvents,
    identity: { field: 'groupId', streamOf: (c) => groupStreamId(c.data.groupId) },
    factOrder: groupFactOrder,
  },
  person: {
    commands: personCommandCodecs,
    decode: decodePersonCommand,
    decider: () => personDecider,
    events: personEvents,
    identity: { field: 'personId', streamOf: (c) => personStreamId(c.data.personId) },
    factOrder: personFactOrder,
  },
  audit: {
    commands: auditCommandCodecs,
    decode: decodeAuditCommand,
    decider: makeAuditDecider,
    events: auditEvents,
    identity: { field: 'findingId', streamOf: (c) => auditStreamId(c.data.findingId) },
    factOrder: auditFactOrder,
  },
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The IKM category of a stream id (`program` for `program-prg-apd-2020`), or `undefined` when the value is not a
 * string or names no IKM aggregate.
 *
 * @category utils
 * @since 0.1.0
 */
export const ikmCategoryOf = (streamId: unknown): IkmCategory | undefined => {
  if (typeof streamId !== 'string') return undefined
  const dash = streamId.indexOf('-')
  const category = dash < 0 ? streamId : streamId.slice(0, dash)
  return Object.prototype.hasOwnProperty.call(ikmAggregates, category) ? (category as IkmCategory) : undefined
}

/** Why a stream id is refused, in plain words (the id itself is cut to a readable length). */
export const notAnIkmStream = (streamId: unknown): string => {
  const shown =
    typeof streamId === 'string'
      ? `'${streamId.slice(0, 120)}${streamId.length > 120 ? '…' : ''}'`
      : `a ${typeof streamId}`
  const bare =
    typeof streamId === 'string' && ikmCategoryOf(streamId) === undefined ? guessCategory(streamId) : undefined
  return (
    `stream ${shown} is not a program, proposal, equipment, facility, group, person or audit stream; ` +
    `IKM streams are named '<category>-<id>' with one of those categories` +
    (bare === undefined ? '' : ` (did you mean ${bare}?)`)
  )
}

// Entity ids in the seeds and the read models start with a short kind prefix (prg-muba-led-2020, pkg-…, fac-…,
// prp-…, kub-…), so a bare id pasted from a report can be pointed at its stream.
const PREFIXES: ReadonlyArray<readonly [string, IkmCategory]> = [
  ['prg-', 'program'],
  ['prp-', 'proposal'],
  ['pkg-', 'equipment'],
  ['fac-', 'facility'],
  ['kub-', 'group'],
  ['grp-', 'group'],
]

const guessCategory = (id: string): string | undefined => {
  const match = PREFIXES.find(([prefix]) => id.startsWith(prefix))
  return match === undefined ? undefined : `${match[1]}-${id.slice(0, 120)}`
}
