/**
 * The per-stream hash chain that makes a stored history tamper-evident.
 *
 * `hash = SHA-256(prevHash ‖ canonicalJson({eventId, streamId, revision, type, schemaVersion, data, metadata}))`
 * with the genesis `prevHash` of 64 zeros. The appender computes it; any reader can recompute it.
 *
 * @since 0.1.0
 */
import { canonicalJson, type JsonValue } from './Json'
import type { EventMetadata } from './Metadata'
import type { Sha256 } from './platform/sha256'
import type { Revision } from './Revision'

/**
 * The `prevHash` of a stream's first event.
 *
 * @category constants
 * @since 0.1.0
 */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The fields of an event that its hash covers. The global position is not among them: it is assigned by the
 * store and differs between stores, while the chain must be the same on every adapter.
 *
 * @category model
 * @since 0.1.0
 */
export interface HashedFields {
  readonly eventId: string
  readonly streamId: string
  readonly revision: Revision
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonValue
  readonly metadata: EventMetadata
}

/**
 * The exact text that is hashed after `prevHash`.
 *
 * @category utils
 * @since 0.1.0
 */
export const hashInput = (fields: HashedFields): string =>
  fields.data === undefined || fields.metadata === undefined
    ? canonicalJson({
        eventId: fields.eventId,
        streamId: fields.streamId,
        revision: fields.revision,
        type: fields.type,
        schemaVersion: fields.schemaVersion,
        data: fields.data,
        metadata: fields.metadata,
      })
    : hashInputOfJson(fields, canonicalJson(fields.data), canonicalJson(fields.metadata))

/**
 * {@link hashInput} given the canonical JSON of `data` and `metadata` already made (an append stores that text
 * anyway; a read has it from storage). Writes the members in their sorted order directly instead of sorting.
 * Not exported from the package: adapters go through the adapter kit.
 *
 * @category utils
 * @since 0.1.0
 */
export const hashInputOfJson = (
  fields: Omit<HashedFields, 'data' | 'metadata'>,
  dataJson: string,
  metadataJson: string,
): string => {
  const { eventId, streamId, revision, type, schemaVersion } = fields
  if (
    eventId === undefined ||
    streamId === undefined ||
    revision === undefined ||
    type === undefined ||
    schemaVersion === undefined
  ) {
    // Only a caller outside the type system gets here; keep the generic form (it omits undefined members).
    const members: Array<string> = ['"data":' + dataJson]
    if (eventId !== undefined) members.push('"eventId":' + canonicalJson(eventId))
    members.push('"metadata":' + metadataJson)
    if (revision !== undefined) members.push('"revision":' + canonicalJson(revision))
    if (schemaVersion !== undefined) members.push('"schemaVersion":' + canonicalJson(schemaVersion))
    if (streamId !== undefined) members.push('"streamId":' + canonicalJson(streamId))
    if (type !== undefined) members.push('"type":' + canonicalJson(type))
    return '{' + members.join(',') + '}'
  }
  return hashInputOfParts(
    dataJson,
    canonicalJson(eventId),
    metadataJson,
    canonicalJson(revision),
    canonicalJson(schemaVersion),
    canonicalJson(streamId),
    canonicalJson(type),
  )
}

/**
 * The one place that writes the hashed members in their sorted order, each given as its canonical JSON text. A
 * read that has already checked a member's form (a UUID, an event type) writes its text without the escaping test.
 *
 * @internal
 */
export const hashInputOfParts = (
  dataJson: string,
  eventIdJson: string,
  metadataJson: string,
  revisionJson: string,
  schemaVersionJson: string,
  streamIdJson: string,
  typeJson: string,
): string =>
  '{"data":' +
  dataJson +
  ',"eventId":' +
  eventIdJson +
  ',"metadata":' +
  metadataJson +
  ',"revision":' +
  revisionJson +
  ',"schemaVersion":' +
  schemaVersionJson +
  ',"streamId":' +
  streamIdJson +
  ',"type":' +
  typeJson +
  '}'

/**
 * The hash of an event given its predecessor's hash.
 *
 * @category utils
 * @since 0.1.0
 */
export const chainHash = (sha256: Sha256, prevHash: string, fields: HashedFields): string =>
  sha256(prevHash + hashInput(fields))
