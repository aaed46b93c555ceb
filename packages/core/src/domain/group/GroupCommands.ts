/**
 * Commands of a recipient group, as io-ts codecs, and their decoder.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError'
import { commandCodec, decodeCommandOf, NonBlank, entityCommand } from '../internal/Commands'
import { GroupDissolvedData, GroupFormedData, PersonId } from './GroupEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const member = t.exact(t.type({ groupId: NonBlank, personId: PersonId }))

/**
 * Forms (or records the legal confirmation of) a group.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FormGroup = commandCodec('FormGroup', GroupFormedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const JoinGroupMember = commandCodec('JoinGroupMember', member)

/**
 * @category codecs
 * @since 0.1.0
 */
export const LeaveGroupMember = commandCodec('LeaveGroupMember', member)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ChangeGroupLeader = commandCodec('ChangeGroupLeader', member)

/**
 * @category codecs
 * @since 0.1.0
 */
export const DissolveGroup = entityCommand('groupId')('DissolveGroup', GroupDissolvedData)

/**
 * @category model
 * @since 0.1.0
 */
export type GroupCommand = t.TypeOf<(typeof groupCommandCodecs)[keyof typeof groupCommandCodecs]>

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const groupCommandCodecs = {
  FormGroup,
  JoinGroupMember,
  LeaveGroupMember,
  ChangeGroupLeader,
  DissolveGroup,
} as const

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes untrusted input into a group command; a failure names the command and the io-ts path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeGroupCommand: (input: unknown) => E.Either<DomainError, GroupCommand> =
  decodeCommandOf<GroupCommand>('group', groupCommandCodecs)
