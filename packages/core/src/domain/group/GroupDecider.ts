/**
 * The recipient group aggregate (stream `group-<id>`): its state, `decide` and `evolve`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { Decider } from '../../index'
import type { IkmReferenceData } from '../ReferenceData'
import { alreadyExists, invalidCommand, unknownEntity, type DomainError, type EntityRef } from '../DomainError'
import { refuseInState, reportedInOperation, streamDecider, type Decision } from '../internal/DeciderSupport'
import type { RegionRef } from '../values/Region'
import type { GroupCommand } from './GroupCommands'
import type { GroupEvent, GroupKind } from './GroupEvents'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A group that exists: `ACTIVE` until `DISSOLVED` (final).
 *
 * @category model
 * @since 0.1.0
 */
export interface RecipientGroup {
  readonly status: 'ACTIVE' | 'DISSOLVED'
  readonly groupId: string
  readonly kind: GroupKind
  /** Unknown when an import recorded a group the news does not name. */
  readonly name: string | undefined
  readonly region: RegionRef
  readonly members: ReadonlyArray<string>
  readonly leaderPersonId: string | undefined
}

/**
 * The state of a `group-<id>` stream: `NONE` before `GroupFormed`.
 *
 * @category model
 * @since 0.1.0
 */
export type GroupState = { readonly status: 'NONE' } | RecipientGroup

/**
 * The stream id of a group.
 *
 * @category constructors
 * @since 0.1.0
 */
export const groupStreamId = (groupId: string): string => `group-${groupId}`

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const entityOf = (groupId: string): EntityRef => ({ kind: 'group', id: groupId })

const decideOn = (
  command: Exclude<GroupCommand, { type: 'FormGroup' }>,
  group: RecipientGroup,
): Decision<GroupEvent> => {
  const entity = entityOf(group.groupId)
  const isMember = (personId: string) => group.members.includes(personId)
  if (group.status === 'DISSOLVED') {
    return refuseInState(entity, 'group', group.status, command.type, 'form a new group instead')
  }
  switch (command.type) {
    case 'JoinGroupMember':
      return isMember(command.data.personId)
        ? E.left(alreadyExists(entity, `person ${command.data.personId} is already a member of group ${group.groupId}`))
        : E.right<DomainError, ReadonlyArray<GroupEvent>>([
            { type: 'GroupMemberJoined', data: { personId: command.data.personId } },
          ])
    case 'LeaveGroupMember':
      if (!isMember(command.data.personId)) {
        return E.left(
          unknownEntity(
            entity,
            `person ${command.data.personId} is not a member of group ${group.groupId}; check the id`,
          ),
        )
      }
      return command.data.personId === group.leaderPersonId
        ? E.left(
            invalidCommand(
              command.type,
              `person ${command.data.personId} leads group ${group.groupId}; change the leader before they leave`,
            ),
          )
        : E.right([{ type: 'GroupMemberLeft', data: { personId: command.data.personId } }])
    case 'ChangeGroupLeader':
      if (!isMember(command.data.personId)) {
        return E.left(
          unknownEntity(
            entity,
            `cannot make ${command.data.personId} leader of group ${group.groupId}: not a member; let them join first`,
          ),
        )
      }
      return command.data.personId === group.leaderPersonId
        ? E.left(invalidCommand(command.type, `${command.data.personId} already leads group ${group.groupId}`))
        : E.right([{ type: 'GroupLeaderChanged', data: { personId: command.data.personId } }])
    case 'DissolveGroup':
      return E.right([
        {
          type: 'GroupDissolved',
          data: { reason: command.data.reason, ...(command.data.doc === undefined ? {} : { doc: command.data.doc }) },
        },
      ])
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const evolve = (state: GroupState, event: GroupEvent): GroupState => {
  if (event.type === 'GroupFormed') {
    const leader = event.data.leaderPersonId
    return {
      status: 'ACTIVE',
      groupId: event.data.groupId,
      kind: event.data.kind,
      name: event.data.name,
      region: event.data.region,
      members: leader === undefined ? [] : [leader],
      leaderPersonId: leader,
    }
  }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'GroupMemberJoined':
      return { ...state, members: [...state.members, event.data.personId] }
    case 'GroupMemberLeft':
      return { ...state, members: state.members.filter((m) => m !== event.data.personId) }
    case 'GroupLeaderChanged':
      return { ...state, leaderPersonId: event.data.personId }
    case 'GroupDissolved':
      return { ...state, status: 'DISSOLVED' }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Builds the recipient group decider over the given reference data (regions are checked against its directory).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeGroupDecider = (
  reference: IkmReferenceData = {},
): Decider<GroupCommand, GroupEvent, GroupState, DomainError> =>
  streamDecider<GroupCommand, 'FormGroup', RecipientGroup, GroupEvent>(
    {
      creation: 'FormGroup',
      entityOf,
      commandId: (command) => command.data.groupId,
      entityId: (group) => group.groupId,
      create: (command) =>
        E.map((): ReadonlyArray<GroupEvent> => [{ type: 'GroupFormed', data: command.data }])(
          reportedInOperation(command.context, command.type, command.data.name === undefined ? ['a name'] : []),
        ),
      decideOn,
      evolve,
      noun: 'group',
      messages: {
        exists: (id) => `group ${id} already exists; use another group id`,
        missing: (command, id) => `cannot ${command}: group ${id} does not exist; form it first (FormGroup)`,
      },
    },
    reference,
  )

/**
 * The recipient group decider over the shipped reference data.
 *
 * @category instances
 * @since 0.1.0
 */
export const groupDecider: Decider<GroupCommand, GroupEvent, GroupState, DomainError> = makeGroupDecider()
