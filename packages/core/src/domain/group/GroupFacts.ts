/**
 * What another aggregate needs to know about a group. Deciders are pure, so a command that depends on a group
 * (R22: "the group exists, is not dissolved, and is in the Pemda's region") carries these facts, looked up by
 * the caller from the group's stream (`groupFactsOf`) just before sending the command.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { NonBlank } from '../internal/Commands'
import { exactStruct } from '../values/Struct'
import { RegionRef } from '../values/Region'
import type { GroupState } from './GroupDecider'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A group as the caller found it: `NOT_FOUND` (no stream), `ACTIVE` or `DISSOLVED`, and its region.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecipientGroupFacts = exactStruct(
  { groupId: NonBlank, status: t.keyof({ ACTIVE: null, DISSOLVED: null, NOT_FOUND: null }) },
  { region: RegionRef },
  'RecipientGroupFacts',
)

/**
 * @category model
 * @since 0.1.0
 */
export type RecipientGroupFacts = t.TypeOf<typeof RecipientGroupFacts>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The facts of a group from its folded state.
 *
 * @category constructors
 * @since 0.1.0
 */
export const groupFactsOf = (groupId: string, state: GroupState): RecipientGroupFacts =>
  state.status === 'NONE' ? { groupId, status: 'NOT_FOUND' } : { groupId, status: state.status, region: state.region }
