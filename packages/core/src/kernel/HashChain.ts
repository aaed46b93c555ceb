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
  canonicalJson({
    eventId: fields.eventId,
    streamId: fields.streamId,
    revision: fields.revision,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
  })

/**
 * The hash of an event given its predecessor's hash.
 *
 * @category utils
 * @since 0.1.0
 */
export const chainHash = (sha256: Sha256, prevHash: string, fields: HashedFields): string =>
  sha256(prevHash + hashInput(fields))
