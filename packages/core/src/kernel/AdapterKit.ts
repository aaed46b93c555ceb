/**
 * The pieces every store adapter shares, so that all of them validate, number, hash, deduplicate, decode,
 * verify and upcast in exactly the same way. An adapter only moves rows in and out of its storage.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { formatErrors } from './Decode'
import {
  expectedRevisionProblem,
  isExpectedRevision,
  satisfiesExpected,
  type ExpectedRevision,
  type StreamRevision,
} from './ExpectedRevision'
import type { AppendResult, ReadAllOptions, ReadStreamOptions } from './EventStore'
import { chainHash, GENESIS_HASH, hashInputOfJson, hashInputOfParts } from './HashChain'
import { canonicalJson, type JsonValue } from './Json'
import type { EventMetadata } from './Metadata'
import { nodeSha256, type Sha256 } from './platform/sha256'
import {
  acceptedCategory,
  cleanStoredMembers,
  decodeNewEvent,
  decodeRecordedEvent,
  isSha256Hex,
  readMemo,
  type NewEvent,
  type RecordedEvent,
} from './RecordedEvent'
import { parseBigInt, type GlobalPosition, type Revision } from './Revision'
import { storedColumnsProblem, type StoredColumns } from './RowIntegrity'
import {
  corruptEvent,
  duplicateEventId,
  hashChainBroken,
  invalidAppend,
  invalidRead,
  invalidStreamId,
  storageFailure,
  upcastFailed,
  wrongExpectedRevision,
  type StoreError,
} from './StoreError'
import { isOptionsObject, readOptions, SHOWN_STREAM_ID_LENGTH, showInput, snapshotInput, truncateText } from './Input'
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './Limits'
import { categoryOf, streamIdProblem, type StreamId } from './StreamId'
import { isCivilDate, isInstant, parseInstant, type Instant } from './Time'
import { upcast, type UpcasterRegistry } from './Upcaster'

// -------------------------------------------------------------------------------------
// validation before I/O
// -------------------------------------------------------------------------------------

/**
 * Validates a stream id before any I/O.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const validateStreamId = (streamId: string): E.Either<StoreError, StreamId> => {
  if (typeof streamId !== 'string') {
    return E.left(invalidStreamId(showInput(streamId), `it is not a string but ${showInput(streamId)}`))
  }
  const problem = streamIdProblem(streamId)
  // A refused id is echoed cut short: a 1 MB "stream id" must not come back whole in every message.
  return problem === undefined
    ? E.right(streamId as StreamId)
    : E.left(invalidStreamId(printable(truncateText(streamId, SHOWN_STREAM_ID_LENGTH)), problem))
}

// A refused id goes into messages and logs: control characters and line separators are shown escaped, so an id
// cannot start a line of its own there.
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be escaped
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * A validated append request.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface ValidAppend {
  readonly streamId: StreamId
  readonly events: ReadonlyArray<NewEvent>
  readonly expected: ExpectedRevision
}

/**
 * Validates everything about an append that can be checked without the store: the stream id, a non-empty
 * batch, each event against the envelope codec (naming the io-ts path), no event id twice in one batch, a
 * sensible expected revision. Unknown envelope fields are dropped, so what is hashed is what is stored.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const validateAppend = (
  streamId: string,
  events: ReadonlyArray<unknown>,
  expected: ExpectedRevision = 'any',
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): E.Either<StoreError, ValidAppend> => {
  // Straight-line: every append goes through here, and a pipe of Either steps allocated on each call.
  const checked = validateStreamId(streamId)
  if (E.isLeft(checked)) return checked
  const id = checked.right
  let count: number
  try {
    count = Array.isArray(events) ? events.length : -1
  } catch {
    count = -1
  }
  if (count < 0) return E.left(invalidAppend(id, `the events must be an array of events, got ${showInput(events)}`))
  if (count === 0) return E.left(invalidAppend(id, 'the batch is empty; an append needs at least one event'))
  if (count > limits.maxBatchEvents) {
    return E.left(
      invalidAppend(
        id,
        `the batch holds ${count} events, more than the limit of ${limits.maxBatchEvents} per append ` +
          '(limits.maxBatchEvents); split it into several appends',
      ),
    )
  }
  if (!isExpectedRevision(expected)) return E.left(invalidAppend(id, expectedRevisionProblem(expected)))
  const valid: Array<NewEvent> = []
  const ids = new Set<string>()
  for (let i = 0; i < count; i++) {
    // Decode a checked copy, never the caller's object: no getter runs twice, no cycle or depth reaches io-ts.
    let given: unknown
    try {
      given = events[i]
    } catch (cause) {
      return E.left(invalidAppend(id, `the event could not be read: ${showInput(cause)}`, i))
    }
    const copied = snapshotInput(given, limits, 'event')
    if (E.isLeft(copied)) return E.left(invalidAppend(id, copied.left, i))
    const decoded = decodeNewEvent(copied.right)
    if (E.isLeft(decoded)) return E.left(invalidAppend(id, formatErrors(decoded.left), i))
    if (ids.has(decoded.right.eventId)) {
      return E.left(invalidAppend(id, `event id ${decoded.right.eventId} appears twice in the batch`, i))
    }
    ids.add(decoded.right.eventId)
    valid.push(decoded.right)
  }
  return E.right({ streamId: id, events: valid, expected })
}

/**
 * Validates the arguments of `EventStore.append` exactly as a JavaScript caller passed them, then as {@link validateAppend}:
 * `options` may be left out (`expectedRevision` then defaults to `'any'`), but anything given must be an object
 * whose `expectedRevision`, when present, is an {@link ExpectedRevision}. `null` is not `'any'`. Never throws,
 * whatever the arguments are (a throwing getter, a proxy): adapters call it first, before any I/O.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const validateAppendRequest = (
  streamId: unknown,
  events: unknown,
  options: unknown,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): E.Either<StoreError, ValidAppend> => {
  const id = validateStreamId(streamId as string)
  if (E.isLeft(id)) return id
  let expected: unknown = 'any'
  if (options !== undefined) {
    if (!isOptionsObject(options)) {
      return E.left(
        invalidAppend(id.right, `the append options must be an object or left out, got ${showInput(options)}`),
      )
    }
    try {
      const given = (options as { readonly expectedRevision?: unknown }).expectedRevision
      if (given !== undefined) expected = given
    } catch (cause) {
      return E.left(invalidAppend(id.right, `reading options.expectedRevision failed: ${showInput(cause)}`))
    }
  }
  return validateAppend(id.right, events as ReadonlyArray<unknown>, expected as ExpectedRevision, limits)
}

// -------------------------------------------------------------------------------------
// sealing: numbering and hashing inside the append transaction
// -------------------------------------------------------------------------------------

/**
 * The head of a stream as the adapter found it inside its append transaction.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface StreamHead {
  readonly revision: StreamRevision
  /** Hash of the last event, or `GENESIS_HASH` for a new stream. */
  readonly lastHash: string
  /**
   * `recordedAt` of the last event; absent for a new stream. The batch is never stamped earlier, so a clock that
   * steps back cannot make `asKnownAt` see a revision without the ones before it.
   */
  readonly lastRecordedAt?: Instant
}

/**
 * An event ready to be written: numbered, stamped and hashed. The store adds the global position.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface SealedEvent {
  readonly eventId: string
  readonly streamId: StreamId
  readonly category: string
  readonly revision: Revision
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonValue
  readonly metadata: EventMetadata
  readonly hash: string
  readonly prevHash: string
  /** `canonicalJson(data)`, ready to store as text. */
  readonly dataJson: string
  /** `canonicalJson(metadata)`, ready to store as text. */
  readonly metadataJson: string
}

/**
 * Checks the expected revision against the head and seals the batch: revisions follow the head, every event
 * gets `recordedAt` and its link in the chain. `recordedAt` is the later of the clock's instant and the head's
 * `lastRecordedAt`: within a stream it never goes backwards.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const sealAppend = (
  append: ValidAppend,
  head: StreamHead,
  recordedAt: Instant,
  sha256: Sha256,
): E.Either<StoreError, ReadonlyArray<SealedEvent>> => {
  if (!satisfiesExpected(append.expected, head.revision)) {
    return E.left(wrongExpectedRevision(append.streamId, append.expected, head.revision))
  }
  // The head's instant comes from storage: one that is not an instant (an edited row) is never copied into new events.
  const last = head.revision === 'no_stream' ? undefined : head.lastRecordedAt
  const stamp = last !== undefined && isInstant(last) && Date.parse(last) > Date.parse(recordedAt) ? last : recordedAt
  const category = categoryOf(append.streamId)
  const sealed: Array<SealedEvent> = []
  let prevHash = head.revision === 'no_stream' ? GENESIS_HASH : head.lastHash
  let revision = head.revision === 'no_stream' ? 0n : head.revision + 1n
  for (const event of append.events) {
    const metadata: EventMetadata = { recordedAt: stamp, ...event.metadata }
    // The stored text and the hashed text share the canonical JSON of data and metadata: make it once.
    const dataJson = canonicalJson(event.data)
    const metadataJson = canonicalJson(metadata)
    const hash = sha256(
      prevHash +
        hashInputOfJson(
          {
            eventId: event.eventId,
            streamId: append.streamId,
            revision,
            type: event.type,
            schemaVersion: event.schemaVersion,
          },
          dataJson,
          metadataJson,
        ),
    )
    // The store's hash function may be the caller's (a runtime without node:crypto): a digest that is not 64
    // lowercase hex digits would be stored and refused by every verified read, so it is refused here.
    if (typeof hash !== 'string' || !isSha256Hex(hash)) {
      return E.left(
        storageFailure(
          'append',
          new Error(
            `the store's sha256 function returned ${showInput(hash)} for the event at revision ${revision}, not a SHA-256 digest ` +
              'as 64 lowercase hex digits; nothing was written',
          ),
        ),
      )
    }
    sealed.push({
      eventId: event.eventId,
      streamId: append.streamId,
      category,
      revision,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata,
      hash,
      prevHash,
      dataJson,
      metadataJson,
    })
    prevHash = hash
    revision += 1n
  }
  return E.right(sealed)
}

/**
 * Builds the result of a successful append from what was written and the positions the store assigned.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const appendResultOf = (
  sealed: ReadonlyArray<SealedEvent>,
  firstPosition: GlobalPosition,
  lastPosition: GlobalPosition,
): AppendResult => {
  const first = sealed[0]
  const last = sealed[sealed.length - 1]
  if (first === undefined || last === undefined) throw new Error('appendResultOf needs a non-empty batch')
  return {
    streamId: first.streamId,
    firstRevision: first.revision,
    nextExpectedRevision: last.revision,
    firstPosition,
    lastPosition,
    lastHash: last.hash,
    deduplicated: false,
  }
}

// -------------------------------------------------------------------------------------
// idempotency
// -------------------------------------------------------------------------------------

/**
 * What a store already holds under one of the batch's event ids.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface ExistingEvent {
  readonly eventId: string
  readonly streamId: string
  readonly revision: Revision
  readonly position: GlobalPosition
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonValue
  /** The stored metadata (with its `recordedAt`), parsed from JSON: a re-send must carry the same. */
  readonly metadata: unknown
  readonly hash: string
}

/** What differs between a stored event and a re-sent one: `type`, `data`, `metadata.actor`… (empty when nothing). */
const differences = (found: ExistingEvent, event: NewEvent): ReadonlyArray<string> => {
  const differs: Array<string> = []
  if (found.type !== event.type) differs.push('type')
  if (found.schemaVersion !== event.schemaVersion) differs.push('schemaVersion')
  if (canonicalJson(found.data) !== canonicalJson(event.data)) differs.push('data')
  const stored =
    typeof found.metadata === 'object' && found.metadata !== null ? (found.metadata as Record<string, unknown>) : {}
  const sent = event.metadata as Readonly<Record<string, unknown>>
  // `recordedAt` is the store's own stamp, never the caller's.
  const keys = new Set([...Object.keys(stored), ...Object.keys(sent)].filter((key) => key !== 'recordedAt'))
  for (const key of [...keys].sort()) {
    const a = stored[key]
    const b = sent[key]
    if ((a === undefined) !== (b === undefined) || (a !== undefined && canonicalJson(a) !== canonicalJson(b))) {
      differs.push(`metadata.${key}`)
    }
  }
  return differs
}

/**
 * Decides what to do when some of the batch's event ids are already stored (the adapter looks them up inside
 * its append transaction):
 * - none stored: `Right(undefined)`, append normally;
 * - all stored, in the same stream, contiguous and in order, with the same type, version, data and metadata
 *   (everything but the store's own `recordedAt`), and where
 *   the caller's expected revision says they should be: `Right(result)`, the original append's result with
 *   `deduplicated: true`, and nothing is written;
 * - anything else: `Left(DuplicateEventId)`.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const resolveIdempotentAppend = (
  append: ValidAppend,
  existing: ReadonlyArray<ExistingEvent>,
): E.Either<StoreError, AppendResult | undefined> => {
  if (existing.length === 0) return E.right(undefined)
  const byId = new Map(existing.map((e) => [e.eventId, e]))
  const conflict = (eventId: string, found: ExistingEvent | undefined, reason: string) =>
    E.left(
      duplicateEventId(eventId, append.streamId, found?.streamId ?? append.streamId, found?.revision ?? 0n, reason),
    )
  const first = byId.get(append.events[0]!.eventId)
  for (let i = 0; i < append.events.length; i++) {
    const event = append.events[i]!
    const found = byId.get(event.eventId)
    if (found === undefined) {
      const other = existing[0]!
      return conflict(
        other.eventId,
        other,
        'part of this batch was appended before and part was not; a retried batch must be identical',
      )
    }
    if (found.streamId !== append.streamId) return conflict(event.eventId, found, 'it belongs to another stream')
    if (first === undefined || found.revision !== first.revision + BigInt(i)) {
      return conflict(event.eventId, found, 'the earlier append placed it at another revision')
    }
    const differs = differences(found, event)
    if (differs.length > 0) {
      return conflict(
        event.eventId,
        found,
        `the stored event has other content under the same id (${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}); ` +
          'a retry must resend the event exactly as it was first sent, and a new fact needs a new event id',
      )
    }
  }
  const firstRevision = first!.revision
  const expected = append.expected
  const placedAsExpected =
    expected === 'any' ||
    (expected === 'no_stream' && firstRevision === 0n) ||
    (expected === 'stream_exists' && firstRevision > 0n) ||
    (typeof expected === 'bigint' && expected + 1n === firstRevision)
  if (!placedAsExpected) {
    return conflict(
      append.events[0]!.eventId,
      first,
      'the earlier append placed the batch where this request does not expect it',
    )
  }
  const last = byId.get(append.events[append.events.length - 1]!.eventId)!
  return E.right({
    streamId: append.streamId,
    firstRevision,
    nextExpectedRevision: last.revision,
    firstPosition: first!.position,
    lastPosition: last.position,
    lastHash: last.hash,
    deduplicated: true,
  })
}

// -------------------------------------------------------------------------------------
// reading: decode, verify, upcast
// -------------------------------------------------------------------------------------

/**
 * A row as a store hands it to the read path: the envelope's fields under their envelope names, in whatever
 * representation the storage returns them.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export interface StoredRow {
  readonly [key: string]: unknown
  readonly streamId: unknown
  readonly revision: unknown
  readonly position: unknown
}

/**
 * Decodes a row coming back from storage into a {@link RecordedEvent}. `data` and `metadata` may be JSON text
 * or parsed values; revision and position may be `bigint`, decimal strings or safe numbers. A row that fails
 * is reported as `CorruptEvent` with its place and the io-ts path.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const decodeStoredEvent = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  // Straight-line code rather than an Either pipeline: every event read goes through here. The place of the
  // row is only worked out when something is wrong with it.
  const corrupt = (reason: string, column?: string): E.Either<StoreError, RecordedEvent> =>
    E.left(corruptEvent(String(row.streamId), parseBigInt(row.revision), parseBigInt(row.position), reason, column))
  // A store numbers its log from 1: a row below that was put there by hand, past the schema's check. Named here,
  // in plain words, before anything else about the row (every read from the start fetches such rows, see
  // `lowestPositionAfter`).
  const position = parseBigInt(row.position)
  if (position !== undefined && position < 1n) {
    return corrupt(`its position ${position} is not a valid position (a store numbers its events from 1)`, 'position')
  }
  let data = row['data']
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch (cause) {
      return corrupt(`its data is not valid JSON (${String(cause)})`)
    }
  }
  let metadata = row['metadata']
  if (typeof metadata === 'string') {
    try {
      metadata = JSON.parse(metadata)
    } catch (cause) {
      return corrupt(`its metadata is not valid JSON (${String(cause)})`)
    }
  }
  // Only the envelope's members: the columns a store keeps beside them (category, dates) are checked apart.
  const decoded = decodeRecordedEvent({
    eventId: row['eventId'],
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    type: row['type'],
    schemaVersion: row['schemaVersion'],
    data,
    metadata,
    hash: row['hash'],
    prevHash: row['prevHash'],
  })
  return E.isLeft(decoded) ? corrupt(formatErrors(decoded.left)) : decoded
}

/**
 * Verifies one decoded event's hash: its own hash against its content and `prevHash`, and, when the previous
 * revision of the same stream was read just before, the link between them.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const verifyEventHash = (
  sha256: Sha256,
  event: RecordedEvent,
  previous: { readonly revision: Revision; readonly hash: string } | undefined,
): E.Either<StoreError, RecordedEvent> => {
  const broken = hashProblem(sha256, event, previous, undefined, undefined)
  return broken === undefined ? E.right(event) : E.left(broken)
}

/**
 * What {@link verifyEventHash} finds wrong (`undefined` when nothing). A store that keeps `data` and `metadata` as
 * text (SQLite, PostgreSQL) keeps the exact canonical JSON the hash was made over, so that text is what is hashed:
 * text that parses to the same values but is not those bytes (spaces, another key order, `25.0` for `25`, escapes,
 * a key given twice, of which a SQL query and `JSON.parse` read different ones) is an edit the hash must not let
 * through. A store without the text (its client hands over parsed values) has its values' canonical JSON hashed.
 */
const hashProblem = (
  sha256: Sha256,
  event: RecordedEvent,
  previous: { readonly revision: Revision; readonly hash: string } | undefined,
  storedData: string | undefined,
  storedMetadata: string | undefined,
): StoreError | undefined => {
  if (event.revision === 0n && event.prevHash !== GENESIS_HASH) {
    return hashChainBroken(
      event.streamId,
      event.revision,
      'the first event of a stream must link to the genesis hash',
      event.position,
    )
  }
  if (previous !== undefined && previous.revision + 1n === event.revision && previous.hash !== event.prevHash) {
    return hashChainBroken(
      event.streamId,
      event.revision,
      `its prevHash does not match the hash of revision ${previous.revision}`,
      event.position,
    )
  }
  if (storedData === undefined || storedMetadata === undefined) {
    return chainHash(sha256, event.prevHash, event) === event.hash
      ? undefined
      : hashChainBroken(event.streamId, event.revision, 'its content does not match its stored hash', event.position)
  }
  if (sha256(event.prevHash + hashInputOfJson(event, storedData, storedMetadata)) === event.hash) return undefined
  if (chainHash(sha256, event.prevHash, event) !== event.hash) {
    return hashChainBroken(event.streamId, event.revision, 'its content does not match its stored hash', event.position)
  }
  const column = canonicalJson(event.data) === storedData ? 'metadata' : 'data'
  return corruptEvent(
    event.streamId,
    event.revision,
    event.position,
    `its stored ${column} text is not the canonical JSON its hash was made over: the text was rewritten ` +
      '(it parses to values that still match the hash, but SQL and other readers of the column may see others)',
    column,
  )
}

/**
 * Options of a {@link readPipeline}.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface ReadPipelineOptions {
  readonly sha256: Sha256
  readonly upcasters: UpcasterRegistry
  readonly verifyHashes: boolean
}

/**
 * The step every stored row goes through on its way to a reader: decode, check the columns stored beside the
 * hashed content against it ({@link storedColumnsProblem}, on every read, verified or not: they drive filters and
 * time-travel bounds), verify the hash chain (on the stored bytes, before any upcasting), then upcast. Keeps the
 * last verified head of every stream it has seen, to check links across batches; none is ever forgotten, so an
 * edit is caught however many streams the read goes through.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const readPipeline = (options: ReadPipelineOptions) => {
  const read = rowReader(options)
  return (row: StoredRow & StoredColumns): E.Either<StoreError, RecordedEvent> => {
    const result = read(row)
    return isStoreError(result) ? E.left(result) : E.right(result)
  }
}

const isStoreError = (result: RecordedEvent | StoreError): result is StoreError => '_tag' in result

/**
 * {@link readPipeline} without an `Either` per row: the event, or the `StoreError` that stops the read. The read
 * loop's {@link decodeRows} takes rows through this.
 *
 * One pass from a row to a verified event. A row whose data and metadata are stored as text takes the fast path:
 * parse both once, check every member as the codec would (values the read met before — its stream id, event
 * types — are not checked again, see {@link ReadMemo}), hash the stored text once and build the
 * event once. The two hashes' form is not matched against a pattern when the read has just confirmed it: a stored
 * hash equal to the built-in SHA-256 of its content is 64 lowercase hex digits, a `prevHash` equal to the genesis
 * hash or to the verified hash of the revision before is too. Anything the fast path is not sure of (text that
 * does not parse, a member the codec would reject or change, parsed values instead of text) goes through the
 * steps one by one, exactly as before: same events, same errors.
 *
 * @internal
 */
export const rowReader = (options: ReadPipelineOptions) => {
  const { sha256, upcasters, verifyHashes } = options
  // Only the built-in SHA-256 is known to answer 64 lowercase hex digits; another one's answer proves nothing.
  const hexSha = sha256 === nodeSha256
  const memo = readMemo()
  // The last verified event of every stream seen; the stream being read right now is kept apart from the map.
  const heads = new Map<string, RecordedEvent>()
  let current: RecordedEvent | undefined
  const headOf = (streamId: string): RecordedEvent | undefined =>
    current !== undefined && current.streamId === streamId ? current : heads.get(streamId)
  const remember = (event: RecordedEvent) => {
    if (current !== undefined && current.streamId !== event.streamId) heads.set(current.streamId, current)
    current = event
  }

  // The stream id last quoted for a hash input, and its canonical JSON.
  let quotedStream: string | undefined
  let quotedStreamJson = ''

  const lift = (event: RecordedEvent): RecordedEvent | StoreError => {
    if (upcasters.isEmpty) return event
    const lifted = upcast(upcasters, event.type, event.schemaVersion, event.data, event.metadata)
    if (E.isLeft(lifted)) {
      return upcastFailed(event.streamId, event.revision, event.type, lifted.left.version, lifted.left.reason)
    }
    return lifted.right.schemaVersion === event.schemaVersion
      ? event
      : { ...event, data: lifted.right.data, schemaVersion: lifted.right.schemaVersion }
  }

  // The steps one by one: decode, stored columns, hash.
  const slow = (row: StoredRow & StoredColumns): RecordedEvent | StoreError => {
    const decoded = decodeStoredEvent(row)
    if (E.isLeft(decoded)) return decoded.left
    const event = decoded.right
    const columns = storedColumnsProblem(row, event)
    if (columns !== undefined) return columns
    if (verifyHashes) {
      const data = row['data']
      const metadata = row['metadata']
      const broken =
        typeof data === 'string' && typeof metadata === 'string'
          ? hashProblem(sha256, event, headOf(event.streamId), data, metadata)
          : hashProblem(sha256, event, headOf(event.streamId), undefined, undefined)
      if (broken !== undefined) return broken
      remember(event)
    }
    return event
  }

  // `undefined`: not sure, take the slow path. Never answers differently from it.
  const fast = (row: StoredRow & StoredColumns): RecordedEvent | StoreError | undefined => {
    const dataText = row['data']
    const metadataText = row['metadata']
    if (typeof dataText !== 'string' || typeof metadataText !== 'string') return undefined
    const streamId = row.streamId
    const category = acceptedCategory(streamId, memo)
    if (category === undefined) return undefined
    const revision = parseBigInt(row.revision)
    const position = parseBigInt(row.position)
    if (revision === undefined || revision < 0n || position === undefined || position < 1n) return undefined
    const eventId = row['eventId']
    const type = row['type']
    const schemaVersion = row['schemaVersion']
    const hash = row['hash']
    const prevHash = row['prevHash']
    if (typeof hash !== 'string' || typeof prevHash !== 'string') return undefined
    let data: unknown
    let metadata: unknown
    try {
      data = JSON.parse(dataText)
      metadata = JSON.parse(metadataText)
    } catch {
      return undefined
    }
    if (!cleanStoredMembers(eventId, type, schemaVersion, data, metadata, memo)) return undefined
    const previous = verifyHashes ? headOf(streamId as string) : undefined
    // The members' canonical text written directly: the event id passed as a UUID and the type as an event type
    // (neither needs escaping), the schema version is a safe integer, and the stream id is quoted once per stream.
    if (verifyHashes && streamId !== quotedStream) {
      quotedStream = streamId as string
      quotedStreamJson = canonicalJson(quotedStream)
    }
    const computed = verifyHashes
      ? sha256(
          prevHash +
            hashInputOfParts(
              dataText,
              '"' + (eventId as string) + '"',
              metadataText,
              '"' + revision.toString() + '"',
              String(schemaVersion),
              quotedStreamJson,
              '"' + (type as string) + '"',
            ),
        )
      : undefined
    if (!(hexSha && computed === hash) && !isSha256Hex(hash)) return undefined
    if (
      prevHash !== GENESIS_HASH &&
      !(previous !== undefined && previous.hash === prevHash) &&
      !isSha256Hex(prevHash)
    ) {
      return undefined
    }
    // What the codec answers for this row: its members in the envelope's order, revision and position as bigint.
    const event = {
      eventId,
      streamId,
      revision,
      position,
      type,
      schemaVersion,
      data,
      metadata,
      hash,
      prevHash,
    } as RecordedEvent
    const { category: storedCategory, occurredOn, recordedAt } = row
    if (
      (storedCategory !== undefined && storedCategory !== category) ||
      (occurredOn !== undefined && occurredOn !== event.metadata.occurredOn) ||
      (recordedAt !== undefined && recordedAt !== event.metadata.recordedAt)
    ) {
      return storedColumnsProblem(row, event)
    }
    if (verifyHashes) {
      if (
        computed !== hash ||
        (revision === 0n
          ? prevHash !== GENESIS_HASH
          : previous !== undefined && previous.hash !== prevHash && previous.revision + 1n === revision)
      ) {
        const broken = hashProblem(sha256, event, previous, dataText, metadataText)
        if (broken !== undefined) return broken
      }
      remember(event)
    }
    return event
  }

  return (row: StoredRow & StoredColumns): RecordedEvent | StoreError => {
    let result: RecordedEvent | StoreError | undefined
    try {
      result = fast(row)
    } catch {
      result = undefined
    }
    result ??= slow(row)
    return isStoreError(result) ? result : lift(result)
  }
}

/**
 * Read-stream options with every default filled in.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface NormalizedReadStream {
  readonly direction: 'forwards' | 'backwards'
  readonly fromRevision: Revision | undefined
  readonly untilRevision: Revision | undefined
  readonly untilPosition: GlobalPosition | undefined
  readonly asOf: string | undefined
  readonly asKnownAt: string | undefined
  readonly maxCount: number
  readonly batchSize: number
  readonly verifyHashes: boolean
}

const DEFAULT_BATCH = 500

const checkCount = (name: string, value: number | undefined, fallback: number): E.Either<StoreError, number> =>
  value === undefined
    ? E.right(fallback)
    : Number.isSafeInteger(value) && value > 0
      ? E.right(value)
      : E.left(invalidRead(`${name} must be a positive whole number, got ${showInput(value)}`))

// The largest signed 64-bit integer, as ReadLoop's MAX_STORED_POSITION (not imported: ReadLoop imports this file).
const LARGEST_STORED = 9223372036854775807n

// A bound above every storable value means the same as that largest value (nothing lies beyond it): taking it so
// keeps a bound of 2n ** 64n from reaching a driver that refuses it, and every store answers alike.
const checkBigint = (name: string, value: bigint | undefined, min: bigint): E.Either<StoreError, bigint | undefined> =>
  value === undefined || (typeof value === 'bigint' && value >= min)
    ? E.right(value !== undefined && value > LARGEST_STORED ? LARGEST_STORED : value)
    : E.left(invalidRead(`${name} must be a bigint >= ${min}n, got ${showInput(value)}`))

/**
 * The options of a read as plain fields, read once: left out they are `{}`; anything given must be an object, and
 * a field that throws when read (a getter, a proxy) is an `InvalidRead`, never an exception.
 */
const readOptionsOf = <O extends object>(
  options: unknown,
  keys: ReadonlyArray<keyof O & string>,
): E.Either<StoreError, Partial<Record<keyof O & string, unknown>>> =>
  E.mapLeft(invalidRead)(readOptions(options, keys, 'the read options'))

const READ_STREAM_KEYS: ReadonlyArray<keyof ReadStreamOptions> = [
  'direction',
  'fromRevision',
  'untilRevision',
  'untilPosition',
  'asOf',
  'asKnownAt',
  'maxCount',
  'batchSize',
  'verifyHashes',
]

const READ_ALL_KEYS: ReadonlyArray<keyof ReadAllOptions> = [
  'after',
  'untilPosition',
  'categories',
  'types',
  'maxCount',
  'batchSize',
  'verifyHashes',
]

const checkFilterList = (name: string, list: unknown): E.Either<StoreError, ReadonlyArray<string> | undefined> => {
  if (list === undefined) return E.right(undefined)
  const copied = snapshotInput(list, DEFAULT_INPUT_LIMITS, name)
  if (E.isLeft(copied)) return E.left(invalidRead(copied.left))
  const items = copied.right
  return Array.isArray(items) && items.length > 0 && items.every((x) => typeof x === 'string')
    ? E.right(items as ReadonlyArray<string>)
    : E.left(invalidRead(`${name} must be a non-empty list of strings when given, got ${showInput(list)}`))
}

/**
 * Validates and completes read-stream options; a read that names no `batchSize` gets `defaultBatchSize` (the
 * kernel's 500 unless the store has its own, see `StreamPages.defaultBatchSize`).
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const normalizeReadStream = (
  given?: ReadStreamOptions,
  defaultBatchSize: number = DEFAULT_BATCH,
): E.Either<StoreError, NormalizedReadStream> =>
  pipe(
    readOptionsOf<ReadStreamOptions>(given, READ_STREAM_KEYS),
    E.flatMap((options) => normalizeReadStreamFields(options as ReadStreamOptions, defaultBatchSize)),
  )

const normalizeReadStreamFields = (
  options: ReadStreamOptions,
  defaultBatchSize: number,
): E.Either<StoreError, NormalizedReadStream> =>
  pipe(
    E.Do,
    E.bind('batchSize', () => checkCount('batchSize', options.batchSize, defaultBatchSize)),
    E.bind('maxCount', () => checkCount('maxCount', options.maxCount, Number.MAX_SAFE_INTEGER)),
    E.bind('fromRevision', () => checkBigint('fromRevision', options.fromRevision, 0n)),
    E.bind('untilRevision', () => checkBigint('untilRevision', options.untilRevision, 0n)),
    E.bind('untilPosition', () => checkBigint('untilPosition', options.untilPosition, 0n)),
    E.flatMap((checked) => {
      if (options.direction !== undefined && options.direction !== 'forwards' && options.direction !== 'backwards') {
        return E.left(invalidRead(`direction must be 'forwards' or 'backwards', got ${showInput(options.direction)}`))
      }
      if (options.asOf !== undefined && (typeof options.asOf !== 'string' || !isCivilDate(options.asOf))) {
        return E.left(invalidRead(`asOf must be a real civil date YYYY-MM-DD, got ${showInput(options.asOf)}`))
      }
      const asKnownAt =
        options.asKnownAt === undefined
          ? E.right(undefined)
          : typeof options.asKnownAt === 'string'
            ? parseInstant(options.asKnownAt)
            : E.left(`got ${showInput(options.asKnownAt)}`)
      if (E.isLeft(asKnownAt)) {
        return E.left(invalidRead(`asKnownAt must be an ISO-8601 instant with a time and a zone: ${asKnownAt.left}`))
      }
      if (options.verifyHashes !== undefined && typeof options.verifyHashes !== 'boolean') {
        return E.left(invalidRead(`verifyHashes must be true or false, got ${showInput(options.verifyHashes)}`))
      }
      return E.right({
        direction: options.direction ?? 'forwards',
        fromRevision: checked.fromRevision,
        untilRevision: checked.untilRevision,
        untilPosition: checked.untilPosition,
        asOf: options.asOf,
        asKnownAt: asKnownAt.right,
        maxCount: checked.maxCount,
        batchSize: checked.batchSize,
        verifyHashes: options.verifyHashes ?? true,
      })
    }),
  )

/**
 * Read-all options with every default filled in.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export interface NormalizedReadAll {
  readonly after: GlobalPosition
  readonly untilPosition: GlobalPosition | undefined
  readonly categories: ReadonlyArray<string> | undefined
  readonly types: ReadonlyArray<string> | undefined
  readonly maxCount: number
  readonly batchSize: number
  readonly verifyHashes: boolean
}

/**
 * Validates and completes read-all options. Empty filter lists are an error (they would match nothing, which
 * is never what a caller means).
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const normalizeReadAll = (given?: ReadAllOptions): E.Either<StoreError, NormalizedReadAll> =>
  pipe(
    readOptionsOf<ReadAllOptions>(given, READ_ALL_KEYS),
    E.flatMap((options) => normalizeReadAllFields(options as ReadAllOptions)),
  )

const normalizeReadAllFields = (options: ReadAllOptions): E.Either<StoreError, NormalizedReadAll> =>
  pipe(
    E.Do,
    E.bind('batchSize', () => checkCount('batchSize', options.batchSize, DEFAULT_BATCH)),
    E.bind('maxCount', () => checkCount('maxCount', options.maxCount, Number.MAX_SAFE_INTEGER)),
    E.bind('after', () => checkBigint('after', options.after, 0n)),
    E.bind('untilPosition', () => checkBigint('untilPosition', options.untilPosition, 0n)),
    E.bind('categories', () => checkFilterList('categories', options.categories)),
    E.bind('types', () => checkFilterList('types', options.types)),
    E.flatMap((checked) => {
      if (options.verifyHashes !== undefined && typeof options.verifyHashes !== 'boolean') {
        return E.left(invalidRead(`verifyHashes must be true or false, got ${showInput(options.verifyHashes)}`))
      }
      return E.right({
        after: checked.after ?? 0n,
        untilPosition: checked.untilPosition,
        categories: checked.categories,
        types: checked.types,
        maxCount: checked.maxCount,
        batchSize: checked.batchSize,
        verifyHashes: options.verifyHashes ?? true,
      })
    }),
  )

/**
 * The one definition of a stream read's bounds: whether a stored event at this revision and position, with this
 * `occurredOn` and `recordedAt`, is inside them. {@link passesTimeTravel} is this on a decoded event; a store
 * that keeps the four as columns applies it to the columns.
 *
 * @category adapter kit
 * @since 0.2.0
 */
export const withinBounds = (
  bounds: Pick<NormalizedReadStream, 'untilRevision' | 'untilPosition' | 'asOf' | 'asKnownAt'>,
  revision: Revision,
  position: GlobalPosition,
  occurredOn: string,
  recordedAt: string,
): boolean =>
  (bounds.untilRevision === undefined || revision <= bounds.untilRevision) &&
  (bounds.untilPosition === undefined || position <= bounds.untilPosition) &&
  (bounds.asOf === undefined || occurredOn <= bounds.asOf) &&
  (bounds.asKnownAt === undefined || recordedAt <= bounds.asKnownAt)

/**
 * Tells whether a decoded event passes the time-travel filters of a stream read ({@link withinBounds} on its
 * envelope), for stores that cannot filter on stored columns.
 *
 * @category adapter kit
 * @since 0.1.0
 */
export const passesTimeTravel = (event: RecordedEvent, options: NormalizedReadStream): boolean =>
  withinBounds(options, event.revision, event.position, event.metadata.occurredOn, event.metadata.recordedAt)
