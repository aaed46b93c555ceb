/**
 * Events of a recipient group (KUB, koperasi, KUD, kelompok sentra). Members are person ids only: no names, no
 * NIK (those belong in the PII vault of a later issue).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { defineEvent, eventRegistry, isUuid, type EventOf } from '../../index'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { KbliRef } from '../values/Kbli'
import { RegionRef } from '../values/Region'
import { NonBlank } from '../internal/Commands'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Kinds of group that receive equipment or training: kelompok usaha bersama, koperasi, koperasi unit desa, or
 * the group of a sentra.
 *
 * @category codecs
 * @since 0.1.0
 */
export const GroupKind = t.keyof({ KUB: null, KOPERASI: null, KUD: null, KELOMPOK_SENTRA: null }, 'GroupKind')

/**
 * @category model
 * @since 0.1.0
 */
export type GroupKind = t.TypeOf<typeof GroupKind>

/**
 * A person id: a UUID, or a short slug (`pt01`). Never a name or an identity number: a run of ten or more
 * digits (a NIK has 16, a phone number 10–13) is refused.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PersonId = t.refinement(
  t.string,
  (s) => isUuid(s) || (/^[a-z][a-z0-9-]{0,63}$/i.test(s) && !/\d{10,}/.test(s)),
  'PersonId',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const GroupFormedData = exactStruct(
  { groupId: NonBlank, kind: GroupKind, region: RegionRef },
  // The name may be unreported in an import ("kelompok usaha bersama" with no name); an operational one is named.
  { name: NonBlank, kbli: t.readonlyArray(KbliRef), legalDoc: DocumentRef, leaderPersonId: PersonId },
  'GroupFormedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const GroupMemberData = t.exact(t.type({ personId: PersonId }), 'GroupMemberData')

/**
 * @category codecs
 * @since 0.1.0
 */
export const GroupDissolvedData = exactStruct({ reason: NonBlank }, { doc: DocumentRef }, 'GroupDissolvedData')

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * KUB/koperasi dibentuk atau dikukuhkan. A leader given here is also the first member.
 *
 * @category events
 * @since 0.1.0
 */
export const GroupFormed = defineEvent('GroupFormed', GroupFormedData)

/**
 * Anggota masuk.
 *
 * @category events
 * @since 0.1.0
 */
export const GroupMemberJoined = defineEvent('GroupMemberJoined', GroupMemberData)

/**
 * Anggota keluar.
 *
 * @category events
 * @since 0.1.0
 */
export const GroupMemberLeft = defineEvent('GroupMemberLeft', GroupMemberData)

/**
 * Ganti ketua.
 *
 * @category events
 * @since 0.1.0
 */
export const GroupLeaderChanged = defineEvent('GroupLeaderChanged', GroupMemberData)

/**
 * Kelompok bubar.
 *
 * @category events
 * @since 0.1.0
 */
export const GroupDissolved = defineEvent('GroupDissolved', GroupDissolvedData)

const definitions = [GroupFormed, GroupMemberJoined, GroupMemberLeft, GroupLeaderChanged, GroupDissolved] as const

/**
 * The registry of the `group-<id>` stream's events.
 *
 * @category events
 * @since 0.1.0
 */
export const groupEvents = eventRegistry(definitions)

/**
 * @category model
 * @since 0.1.0
 */
export type GroupEvent = EventOf<(typeof definitions)[number]>
