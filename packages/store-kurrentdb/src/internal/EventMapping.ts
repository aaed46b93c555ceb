/**
 * How one of our events is laid out in a KurrentDB event, and read back.
 *
 * - the KurrentDB event id is our event id, so the server's own idempotency sees retries;
 * - the type is our type, the data our JSON payload (`application/json`);
 * - the event metadata is a JSON object holding the envelope metadata and the hash-chain fields:
 *   `{ "ikmLedger": 1, "schemaVersion", "hash", "prevHash", "envelope": {recordedAt, occurredOn, actor, …},
 *   "$correlationId", "$causationId" }`. The two `$` keys are the ones KurrentDB's system projections
 *   (`$by_correlation_id`) read; `ikmLedger` is the layout version, so a later layout can be told apart.
 */
import {
  invalidAppend,
  isInstant,
  type EventMetadata,
  type GlobalPosition,
  type Instant,
  type StoreError,
} from '@ikm-ledger/core'
import { type SealedEvent } from '@ikm-ledger/core/adapter'
import type { EventData, JSONType, RecordedEvent as ClientRecordedEvent } from '@kurrent/kurrentdb-client'
import { globalPositionOf } from '../Positions'

/** The layout version written in every event's metadata. */
export const METADATA_LAYOUT = 1

/** The metadata object stored with each event. */
export interface StoredMetadata {
  readonly ikmLedger: typeof METADATA_LAYOUT
  readonly schemaVersion: number
  readonly hash: string
  readonly prevHash: string
  readonly envelope: EventMetadata
  readonly $correlationId: string
  readonly $causationId?: string
}

/** The stored metadata of a sealed event. */
export const storedMetadataOf = (event: SealedEvent): StoredMetadata => ({
  ikmLedger: METADATA_LAYOUT,
  schemaVersion: event.schemaVersion,
  hash: event.hash,
  prevHash: event.prevHash,
  envelope: event.metadata,
  $correlationId: event.metadata.correlationId,
  ...(event.metadata.causationId === undefined ? {} : { $causationId: event.metadata.causationId }),
})

/** The client event for a sealed event. */
export const eventDataOf = (event: SealedEvent): EventData => ({
  id: event.eventId,
  contentType: 'application/json',
  type: event.type,
  // The client sends `JSON.stringify(data)`, which is right for every JSON value, not only the objects, arrays
  // and strings its type names.
  data: event.data as JSONType,
  metadata: { ...storedMetadataOf(event) },
})

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)

/**
 * The row the adapter kit decodes for a stored event, or the field that makes it unreadable. Anything that does
 * not follow the layout is passed through as missing fields, so `decodeStoredEvent` reports it as a
 * `CorruptEvent` naming the field.
 */
export const storedRowOf = (
  event: ClientRecordedEvent,
  streamId: string,
  position: GlobalPosition | undefined,
): {
  readonly [key: string]: unknown
  readonly streamId: unknown
  readonly revision: unknown
  readonly position: unknown
} => {
  const metadata = isObject(event.metadata) ? event.metadata : {}
  return {
    eventId: event.id,
    streamId,
    revision: event.revision,
    position,
    type: event.type,
    schemaVersion: metadata['schemaVersion'],
    // The client hands back parsed JSON; a string payload is turned back into JSON text because the kit parses
    // strings. Binary events are not ours and fail to decode.
    data: !event.isJson ? undefined : typeof event.data === 'string' ? JSON.stringify(event.data) : event.data,
    metadata: isObject(metadata['envelope']) ? metadata['envelope'] : undefined,
    hash: metadata['hash'],
    prevHash: metadata['prevHash'],
  }
}

/** The stored `recordedAt` of an event, when its metadata follows the layout and holds an instant. */
export const storedRecordedAtOf = (event: ClientRecordedEvent): Instant | undefined => {
  const envelope = isObject(event.metadata) ? event.metadata['envelope'] : undefined
  const recordedAt = isObject(envelope) ? envelope['recordedAt'] : undefined
  return typeof recordedAt === 'string' && isInstant(recordedAt) ? (recordedAt as Instant) : undefined
}

/** The stored hash of an event, when its metadata follows the layout. */
export const storedHashOf = (event: ClientRecordedEvent): string | undefined => {
  const hash = isObject(event.metadata) ? event.metadata['hash'] : undefined
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? hash : undefined
}

// The bridge reports "no position" as 2^64 − 1 (the protobuf's `no_position`), which servers before 22.6 send for
// every event of a stream read; it is no position of any record.
const NO_POSITION = 0xffff_ffff_ffff_ffffn

/** The global position of an event read from a stream, or `undefined` when the server sent none. */
export const streamReadPositionOf = (event: ClientRecordedEvent): GlobalPosition | undefined => {
  const position = event.position
  if (position === undefined || position.commit >= NO_POSITION || position.prepare >= NO_POSITION) return undefined
  return globalPositionOf(position)
}

/** The most bytes one event may take, the server's `MaxAppendEventSize` (`TFConsts.MaxLogRecordSize`). */
export const MAX_EVENT_SIZE = 16 * 1024 * 1024

/** The size the server counts for an event: data and metadata bytes, and two bytes per type character. */
export const eventSizeOf = (event: EventData): number => {
  const bytes = (value: unknown) =>
    value === undefined ? 0 : value instanceof Uint8Array ? value.length : Buffer.byteLength(JSON.stringify(value))
  return bytes(event.data) + bytes(event.metadata) + 2 * event.type.length
}

/**
 * Why the server would refuse this batch for its size, or `undefined`. Checked before anything is written: the
 * server checks only once the request arrives, after the event id claims.
 */
export const sizeLimitError = (
  streamId: string,
  events: ReadonlyArray<EventData>,
  maxAppendSize: number,
): StoreError | undefined => {
  let total = 0
  for (let i = 0; i < events.length; i++) {
    const size = eventSizeOf(events[i]!)
    if (size > MAX_EVENT_SIZE) {
      return invalidAppend(streamId, `the event takes ${size} bytes; KurrentDB takes at most ${MAX_EVENT_SIZE}`, i)
    }
    total += size
  }
  return total > maxAppendSize
    ? invalidAppend(
        streamId,
        `the batch takes ${total} bytes; the server takes at most ${maxAppendSize} bytes per append ` +
          '(its MaxAppendSize; see the maxAppendSize option): split it into several appends',
      )
    : undefined
}
