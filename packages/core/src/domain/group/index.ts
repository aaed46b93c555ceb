/**
 * The recipient group aggregate (KUB, koperasi, KUD, kelompok sentra).
 *
 * @since 0.1.0
 */
export {
  GroupDissolved,
  GroupDissolvedData,
  groupEvents,
  GroupFormed,
  GroupFormedData,
  GroupKind,
  GroupLeaderChanged,
  GroupMemberData,
  GroupMemberJoined,
  GroupMemberLeft,
  PersonId,
  type GroupEvent,
} from './GroupEvents'
export {
  ChangeGroupLeader,
  decodeGroupCommand,
  groupCommandCodecs,
  DissolveGroup,
  FormGroup,
  JoinGroupMember,
  LeaveGroupMember,
  type GroupCommand,
} from './GroupCommands'
export { groupDecider, groupStreamId, makeGroupDecider, type GroupState, type RecipientGroup } from './GroupDecider'
export { groupFactsOf, RecipientGroupFacts } from './GroupFacts'
