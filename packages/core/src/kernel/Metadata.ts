/**
 * Event metadata: who recorded a fact, when it happened, when it was recorded, and on what evidence.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate, Instant } from './Time'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Who issued the command that produced an event: an id (never a name) and a role.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Actor = t.exact(
  t.type({
    id: t.string,
    role: t.string,
  }),
  'Actor',
)

/**
 * @category model
 * @since 0.1.0
 */
export type Actor = t.TypeOf<typeof Actor>

/**
 * How strongly a fact is supported: a document (BAST, SK, SP2D…), an official statement, a news report, or an
 * inference made while importing.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EvidenceLevel = t.keyof(
  { DOCUMENTED: null, OFFICIAL_STATEMENT: null, NEWS_REPORT: null, INFERRED: null },
  'EvidenceLevel',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EvidenceLevel = t.TypeOf<typeof EvidenceLevel>

/**
 * A reference to a document that supports a fact. The kernel keeps `kind` open; the domain narrows it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EvidenceRef = t.exact(
  t.intersection([
    t.type({ kind: t.string }),
    t.partial({ number: t.string, date: CivilDate, uri: t.string, sha256: t.string, note: t.string }),
  ]),
  'EvidenceRef',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EvidenceRef = t.TypeOf<typeof EvidenceRef>

/**
 * The evidence behind an event: a level, the documents, and whether figures are approximate.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Evidence = t.exact(
  t.intersection([
    t.type({ level: EvidenceLevel, refs: t.readonlyArray(EvidenceRef) }),
    t.partial({ approximate: t.boolean, note: t.string }),
  ]),
  'Evidence',
)

/**
 * @category model
 * @since 0.1.0
 */
export type Evidence = t.TypeOf<typeof Evidence>

/**
 * `OPERATIONAL` enforces every rule; `HISTORICAL_IMPORT` keeps structural rules but notes a compliance gap
 * instead of rejecting for a missing document.
 *
 * @category codecs
 * @since 0.1.0
 */
export const CommandMode = t.keyof({ OPERATIONAL: null, HISTORICAL_IMPORT: null }, 'CommandMode')

/**
 * @category model
 * @since 0.1.0
 */
export type CommandMode = t.TypeOf<typeof CommandMode>

/**
 * IANA zones of Indonesia's three time zones (WIB, WITA, WIT).
 *
 * @category codecs
 * @since 0.1.0
 */
export const PlaceTimeZone = t.keyof(
  { 'Asia/Jakarta': null, 'Asia/Makassar': null, 'Asia/Jayapura': null },
  'PlaceTimeZone',
)

// The fields the caller supplies, which the recorded metadata repeats after `recordedAt`.
const SUPPLIED = { occurredOn: CivilDate, actor: Actor, correlationId: t.string, evidence: Evidence, mode: CommandMode }
const SUPPLIED_OPTIONAL = { causationId: t.string, placeTimeZone: PlaceTimeZone }

/**
 * What the caller supplies with each event. The store adds `recordedAt` from its clock at append time, so
 * "as known at" queries rest on the store's own transaction time.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventMetadataInput = t.exact(
  t.intersection([t.type(SUPPLIED), t.partial(SUPPLIED_OPTIONAL)]),
  'EventMetadataInput',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EventMetadataInput = t.TypeOf<typeof EventMetadataInput>

/**
 * The metadata of a recorded event: the caller's {@link EventMetadataInput} plus `recordedAt`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventMetadata = t.exact(
  t.intersection([t.type({ recordedAt: Instant, ...SUPPLIED }), t.partial(SUPPLIED_OPTIONAL)]),
  'EventMetadata',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EventMetadata = t.TypeOf<typeof EventMetadata>
