/**
 * The event envelope: what the caller appends ({@link NewEvent}) and what every store gives back
 * ({@link RecordedEvent}).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { EventId, isUuid } from './EventId'
import { showInput } from './Input'
import { findNonJson, type JsonValue } from './Json'
import {
  Actor,
  CommandMode,
  EventMetadata,
  EventMetadataInput,
  Evidence,
  EvidenceLevel,
  EvidenceRef,
  PlaceTimeZone,
} from './Metadata'
import { GlobalPosition, parseBigInt, Revision } from './Revision'
import { StreamId, streamIdProblem } from './StreamId'
import { isCivilDate, isInstant } from './Time'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Plain JSON (see {@link findNonJson}).
 *
 * @category codecs
 * @since 0.1.0
 */
export const JsonValueCodec = new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  (u): u is JsonValue => findNonJson(u) === undefined,
  (u, c) => {
    const problem = findNonJson(u)
    return problem === undefined ? t.success(u as JsonValue) : t.failure(u, c, problem)
  },
  t.identity,
)

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:$-]{0,99}$/

/**
 * An event type name, e.g. `TrainingBatchOpened`: a letter, then letters, digits or `_ . : $ -`, 100 at most.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventType = t.refinement(t.string, (s) => EVENT_TYPE.test(s), 'EventType')

/**
 * A schema version: an integer from 1 up.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SchemaVersion = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'SchemaVersion')

const Hash = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'Sha256Hex')

/**
 * An event as the caller hands it to `append`: the payload already encoded to JSON by its codec.
 *
 * @category codecs
 * @since 0.1.0
 */
export const NewEvent = t.exact(
  t.type({
    eventId: EventId,
    type: EventType,
    schemaVersion: SchemaVersion,
    data: JsonValueCodec,
    metadata: EventMetadataInput,
  }),
  'NewEvent',
)

/**
 * @category model
 * @since 0.1.0
 */
export type NewEvent = t.TypeOf<typeof NewEvent>

/**
 * An event as a store records it: its place (stream, revision, global position) and its link in the stream's
 * hash chain.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecordedEvent = t.exact(
  t.type({
    eventId: EventId,
    streamId: StreamId,
    revision: Revision,
    position: GlobalPosition,
    type: EventType,
    schemaVersion: SchemaVersion,
    data: JsonValueCodec,
    metadata: EventMetadata,
    hash: Hash,
    prevHash: Hash,
  }),
  'RecordedEvent',
)

/**
 * @category model
 * @since 0.1.0
 */
export type RecordedEvent = t.TypeOf<typeof RecordedEvent>

// -------------------------------------------------------------------------------------
// decoding fast path
// -------------------------------------------------------------------------------------

/**
 * `RecordedEvent.decode`, with the same result, made cheap for the rows every read decodes. A row that is clean
 * (plain objects from `JSON.parse`, nothing to strip, every field valid) is checked by hand and built the way
 * io-ts builds it: nested objects are the input's own, the top level is a copy in the input's key order with
 * unknown keys left out and revision and position as `bigint`. Anything else, including every invalid row, goes
 * to io-ts, so errors and edge cases are exactly io-ts's.
 *
 * @category codecs
 * @since 0.1.0
 */
export const decodeRecordedEvent = (u: unknown): t.Validation<RecordedEvent> =>
  fastDecode(RecordedEvent, cleanRecordedEvent)(u)

const HASH = /^[0-9a-f]{64}$/
// The fast path's key sets and literal sets are read off the io-ts codecs, so the envelope is defined once.
type Props = Readonly<Record<string, unknown>>
const keysOf = (codec: { readonly type: t.Any }): ReadonlySet<string> => {
  const inner = codec.type as unknown as { readonly props?: Props; readonly types?: ReadonlyArray<{ props: Props }> }
  return new Set(
    inner.props !== undefined ? Object.keys(inner.props) : inner.types!.flatMap((c) => Object.keys(c.props)),
  )
}
const literalsOf = (codec: { readonly keys: Props }): ReadonlySet<unknown> => new Set(Object.keys(codec.keys))

const RECORDED_KEYS = keysOf(RecordedEvent)
const METADATA_KEYS = keysOf(EventMetadata)
const EVIDENCE_KEYS = keysOf(Evidence)
const REF_KEYS = keysOf(EvidenceRef)
const ACTOR_KEYS = keysOf(Actor)
const LEVELS = literalsOf(EvidenceLevel)
const MODES = literalsOf(CommandMode)
const ZONES = literalsOf(PlaceTimeZone)

/**
 * What one read remembers of the values it has already accepted: a read meets the same stream ids and event types
 * again and again, and a string equal to one that passed a check passes it again (dates and instants are told from
 * their characters, cheaper than remembering them). Made per read ({@link readMemo}), never shared and never module-level, and bounded: a
 * set that fills up starts afresh. Only for values `JSON.parse` has just made: their keys are read without copying.
 *
 * @category decoding
 * @since 0.2.0
 */
export interface ReadMemo {
  /** Accepted stream ids, with their category. */
  readonly streams: Map<string, string>
  readonly types: Set<string>
}

/**
 * A fresh {@link ReadMemo}.
 *
 * @category decoding
 * @since 0.2.0
 */
export const readMemo = (): ReadMemo => ({
  streams: new Map(),
  types: new Set(),
})

const MEMO_LIMIT = 1024

const remembered = (seen: Set<string> | undefined, value: string, check: (s: string) => boolean): boolean => {
  if (seen === undefined) return check(value)
  if (seen.has(value)) return true
  if (!check(value)) return false
  if (seen.size >= MEMO_LIMIT) seen.clear()
  seen.add(value)
  return true
}

const isEventType = (s: string): boolean => EVENT_TYPE.test(s)

const civilDate = (u: unknown): boolean => typeof u === 'string' && isCivilDate(u)

const instant = (u: unknown): boolean => typeof u === 'string' && isInstant(u)

/**
 * The category of a stream id that passes the `StreamId` codec, `undefined` when it does not: checked once per
 * read for each stream it meets.
 *
 * @category decoding
 * @since 0.2.0
 */
export const acceptedCategory = (streamId: unknown, memo: ReadMemo): string | undefined => {
  if (typeof streamId !== 'string') return undefined
  const known = memo.streams.get(streamId)
  if (known !== undefined) return known
  if (streamIdProblem(streamId) !== undefined) return undefined
  const category = streamId.slice(0, streamId.indexOf('-'))
  if (memo.streams.size >= MEMO_LIMIT) memo.streams.clear()
  memo.streams.set(streamId, category)
  return category
}

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype

/** Every key is allowed and no value is `undefined` (io-ts would keep such keys, so leave those to io-ts). */
const onlyKeys = (o: Record<string, unknown>, allowed: ReadonlySet<string>, memo?: ReadMemo): boolean => {
  if (memo !== undefined) {
    // What `JSON.parse` made has only enumerable own keys: `for…in` sees them all without building an array (and
    // would see more, never fewer, on a polluted prototype: an unknown key, so io-ts would decide).
    for (const key in o) if (!allowed.has(key) || o[key] === undefined) return false
    return true
  }
  for (const key of Object.getOwnPropertyNames(o)) if (!allowed.has(key) || o[key] === undefined) return false
  return true
}

const optionalString = (u: unknown): boolean => u === undefined || typeof u === 'string'

const cleanRef = (u: unknown, memo: ReadMemo | undefined): boolean =>
  isPlainObject(u) &&
  onlyKeys(u, REF_KEYS, memo) &&
  typeof u['kind'] === 'string' &&
  optionalString(u['number']) &&
  (u['date'] === undefined || civilDate(u['date'])) &&
  optionalString(u['uri']) &&
  optionalString(u['sha256']) &&
  optionalString(u['note'])

const METADATA_INPUT_KEYS = keysOf(EventMetadataInput)

/** Stored metadata (with `recordedAt`) or, with `input`, metadata as a caller appends it (without). */
const cleanMetadata = (u: unknown, input: boolean, memo: ReadMemo | undefined): boolean => {
  if (!isPlainObject(u) || !onlyKeys(u, input ? METADATA_INPUT_KEYS : METADATA_KEYS, memo)) return false
  const { recordedAt, occurredOn, actor, correlationId, evidence, mode, causationId, placeTimeZone } = u
  if ((!input && !instant(recordedAt)) || !civilDate(occurredOn)) return false
  if (!isPlainObject(actor) || !onlyKeys(actor, ACTOR_KEYS, memo)) return false
  if (typeof actor['id'] !== 'string' || typeof actor['role'] !== 'string') return false
  if (typeof correlationId !== 'string' || !MODES.has(mode)) return false
  if (!optionalString(causationId) || (placeTimeZone !== undefined && !ZONES.has(placeTimeZone))) return false
  if (!isPlainObject(evidence) || !onlyKeys(evidence, EVIDENCE_KEYS, memo) || !LEVELS.has(evidence['level']))
    return false
  const { refs, approximate, note } = evidence
  if (!Array.isArray(refs)) return false
  // Indexed, not `every`: a hole is an `undefined` item to io-ts, and invalid.
  for (let i = 0; i < refs.length; i++) if (!cleanRef(refs[i], memo)) return false
  return (approximate === undefined || typeof approximate === 'boolean') && optionalString(note)
}

/**
 * Whether the members of a stored event other than its place and its two hashes pass the `RecordedEvent` codec
 * untouched (nothing to strip, nothing io-ts would change): what {@link decodeRecordedEvent}'s fast path checks,
 * for a read that takes the members out of a row itself. The stream id is checked apart
 * ({@link acceptedCategory}), and the hashes' form too: a verified read learns it from the hash comparison.
 *
 * @category decoding
 * @since 0.2.0
 */
export const cleanStoredMembers = (
  eventId: unknown,
  type: unknown,
  schemaVersion: unknown,
  data: unknown,
  metadata: unknown,
  memo: ReadMemo | undefined,
): boolean =>
  typeof eventId === 'string' &&
  isUuid(eventId) &&
  typeof type === 'string' &&
  remembered(memo?.types, type, isEventType) &&
  typeof schemaVersion === 'number' &&
  Number.isSafeInteger(schemaVersion) &&
  schemaVersion >= 1 &&
  findNonJson(data) === undefined &&
  cleanMetadata(metadata, false, memo)

/**
 * Whether a string is a SHA-256 hash as the envelope stores it: 64 lowercase hex digits.
 *
 * @category decoding
 * @since 0.2.0
 */
export const isSha256Hex = (s: string): boolean => HASH.test(s)

const cleanRecordedEvent = (u: unknown): RecordedEvent | undefined => {
  if (!isPlainObject(u)) return undefined
  const { eventId, streamId, type, schemaVersion, data, metadata, hash, prevHash } = u
  const revision = parseBigInt(u['revision'])
  const position = parseBigInt(u['position'])
  if (revision === undefined || revision < 0n || position === undefined || position < 1n) return undefined
  if (typeof streamId !== 'string' || streamIdProblem(streamId) !== undefined) return undefined
  if (!cleanStoredMembers(eventId, type, schemaVersion, data, metadata, undefined)) return undefined
  if (typeof hash !== 'string' || !HASH.test(hash) || typeof prevHash !== 'string' || !HASH.test(prevHash))
    return undefined
  // io-ts returns the input itself when it changed nothing and stripped nothing.
  const keys = Object.getOwnPropertyNames(u)
  if (revision === u['revision'] && position === u['position'] && keys.every((key) => RECORDED_KEYS.has(key))) {
    return u as RecordedEvent
  }
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    if (RECORDED_KEYS.has(key)) out[key] = key === 'revision' ? revision : key === 'position' ? position : u[key]
  }
  return out as RecordedEvent
}

const NEW_EVENT_KEYS = keysOf(NewEvent)

/**
 * `NewEvent.decode`, with the same result, made cheap for the events every append validates. An event that is
 * clean (plain objects, nothing to strip, every field valid) is checked by hand and returned as it is, which is
 * what io-ts returns for it; anything else, including every invalid event, goes to io-ts, so errors and edge
 * cases are exactly io-ts's. Never throws: input that cannot be read (a getter that throws, a revoked proxy) is
 * a failure saying so.
 *
 * @category codecs
 * @since 0.2.0
 */
export const decodeNewEvent = (u: unknown): t.Validation<NewEvent> =>
  fastDecode(NewEvent, (v) => (isCleanNewEvent(v) ? (v as NewEvent) : undefined))(u)

/**
 * A codec's decode behind a hand-written check of clean input: clean input is returned as the check gives it,
 * anything else goes to io-ts. Never throws: a check that throws (a getter that throws, a revoked proxy) leaves
 * the input to io-ts, as it always did, and io-ts throwing on it is a failure saying the input could not be read.
 */
const fastDecode =
  <A>(codec: t.Decoder<unknown, A>, clean: (u: unknown) => A | undefined) =>
  (u: unknown): t.Validation<A> => {
    let fast: A | undefined
    try {
      fast = clean(u)
    } catch {
      fast = undefined
    }
    if (fast !== undefined) return t.success(fast)
    try {
      return codec.decode(u)
    } catch (cause) {
      return t.failure(u, [{ key: '', type: codec, actual: u }], `the input could not be read: ${showInput(cause)}`)
    }
  }

const isCleanNewEvent = (u: unknown): boolean => {
  if (!isPlainObject(u) || !onlyKeys(u, NEW_EVENT_KEYS)) return false
  const { eventId, type, schemaVersion, data, metadata } = u
  return (
    typeof eventId === 'string' &&
    isUuid(eventId) &&
    typeof type === 'string' &&
    EVENT_TYPE.test(type) &&
    typeof schemaVersion === 'number' &&
    Number.isSafeInteger(schemaVersion) &&
    schemaVersion >= 1 &&
    findNonJson(data) === undefined &&
    cleanMetadata(metadata, true, undefined)
  )
}
