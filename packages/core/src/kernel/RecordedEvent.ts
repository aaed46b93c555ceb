/**
 * The event envelope: what the caller appends ({@link NewEvent}) and what every store gives back
 * ({@link RecordedEvent}).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { EventId } from './EventId'
import { findNonJson, type JsonValue } from './Json'
import { EventMetadata, EventMetadataInput } from './Metadata'
import { GlobalPosition, Revision } from './Revision'
import { StreamId } from './StreamId'

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
