/**
 * The KurrentDB (EventStoreDB) adapter of the `EventStore` port, on `@kurrent/kurrentdb-client`.
 *
 * How the port maps onto KurrentDB:
 * - **Streams.** Our stream id is the KurrentDB stream name, behind an optional `namespace` prefix (so several
 *   ledgers, or test runs, can share one database). Revisions are KurrentDB's own 0-based event numbers.
 * - **Append.** The hash chain needs the stream head (revision and last hash) before sealing. The store keeps,
 *   per stream, the head and the ids already in the stream (an LRU of `streamCacheSize` streams, filled by one
 *   forward read of the stream from the leader and then kept up to date incrementally). It seals against that
 *   head and appends with `streamState` = that exact head, so the server rejects the write if anyone else wrote
 *   first, and no event is ever chained to the wrong predecessor. On a conflict it re-reads what is new and, when
 *   the caller's expectation still holds (`'any'`, `'stream_exists'`), re-seals and tries again
 *   (`maxAppendAttempts` times). Sizes are checked against the server's limits before anything is written.
 * - **What the server did.** A success reply does not say whether the server wrote the batch or found the same
 *   ids at those revisions already (its idempotency compares ids only, and answers with the original's place),
 *   so every acknowledged batch is read back from the leader and its stored hashes compared with the sealed
 *   ones: the result and the cached head come from what is stored. A soft-deleted stream (which reads as not
 *   found, but would take a `no_stream` write after its deleted events) is told from a new one by its metadata
 *   and refused.
 * - **Idempotency.** Our event ids are the KurrentDB event ids. Before appending, the store looks the batch's ids
 *   up in the stream's id set, and lets the kit's `resolveIdempotentAppend` decide between "already appended,
 *   return the original result" and `DuplicateEventId`. KurrentDB keeps no index of event ids across streams, so
 *   the store records a claim per event id (`<namespace>_eventid-<id>`, written with `no_stream`) before the
 *   append. The first claim wins for good: a claim held by another stream is `DuplicateEventId` when that stream
 *   holds the id, and `InvalidAppend` when its append has not (yet) reached it.
 * - **Positions.** See `Positions.ts`: log positions map one-to-one onto global positions, in `$all` order.
 * - **Reads.** Stream reads page through `readStream`; `$all` reads page through `readAll` with a server-side
 *   filter (category → stream-name prefix, or event types; system events never pass). Time-travel bounds on our
 *   own metadata (`asOf`, `asKnownAt`) are applied here, after the hash check.
 *
 * @since 0.1.0
 */
import {
  corruptEvent,
  duplicateEventId,
  GENESIS_HASH,
  instantOf,
  type Instant,
  invalidAppend,
  START_POSITION,
  storageFailure,
  storeClosed,
  storeUnavailable,
  streamDeleted,
  isOptionsObject,
  readOptions,
  showInput,
  wrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type StoreError,
  type StoreOptions,
  type StreamRevision,
} from '@ikm-ledger/core'
import {
  appendResultOf,
  decodeStoredEvent,
  lru,
  readAllLoop,
  readStreamLoop,
  resolveIdempotentAppend,
  sealAppend,
  STORE_OPTION_KEYS,
  storeSettings,
  validateAppendRequest,
  validateStreamId,
  type StoreSettings,
  type ExistingEvent,
  type SealedEvent,
  type StoredRow,
  type ValidAppend,
} from '@ikm-ledger/core/adapter'
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client'
import * as E from 'fp-ts/Either'
import {
  subscribeFromPosition,
  type CatchUpHandler,
  type CatchUpOptions,
  type CatchUpSubscription,
} from './CatchUpSubscription'
import type { KurrentDbClient } from './KurrentDbClient'
import { globalPositionOf, serverPositionOf } from './Positions'
import {
  isStreamNotFound,
  RETRY_THE_BATCH,
  storeErrorOf,
  withRetryAdvice,
  wrongExpectedVersionOf,
} from './internal/Errors'
import {
  eventDataOf,
  sizeLimitError,
  storedHashOf,
  storedRecordedAtOf,
  storedRowOf,
  streamReadPositionOf,
} from './internal/EventMapping'
import { filterPlanOf } from './internal/Filters'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of {@link createKurrentDbEventStore}: a client or a connection string, plus the options every store
 * takes.
 *
 * @category model
 * @since 0.1.0
 */
export interface KurrentDbEventStoreOptions extends StoreOptions {
  /** A client to use; the store does not dispose it on `close`. */
  readonly client?: KurrentDbClient
  /** Used when no client is given, e.g. `kurrentdb://admin:changeit@localhost:2113?tls=false`. */
  readonly connectionString?: string
  /**
   * A prefix of every KurrentDB stream name this store writes and reads (default `''`). Reads of `$all` only see
   * streams under it. It must not start with `$`.
   */
  readonly namespace?: string
  /** How many streams' heads and event ids are cached for appends (default 1,000). */
  readonly streamCacheSize?: number
  /** How many times an append re-seals after a concurrent write before giving up (default 5). */
  readonly maxAppendAttempts?: number
  /**
   * Send every read to the leader only (default false: reads go to the node the client is connected to, which
   * is the leader unless the connection string says `nodePreference=follower`). A store that appends should
   * use a leader connection; see docs/scaling.md.
   */
  readonly readFromLeader?: boolean
  /**
   * The most bytes one append may carry (default 1 MiB, the server's `MaxAppendSize` up to 25.0; 256 MiB from
   * 25.1). Set it to the server's value; a batch above it is refused before anything is written.
   */
  readonly maxAppendSize?: number
  /**
   * Where event ids must be unique. `'store'` (the default, the port's contract) records a claim per event id
   * in a stream `<namespace>_eventid-<id>` before appending, so an id reused in another stream is refused;
   * `'stream'` skips the claims (one write per batch instead of one per event, but a reused id in another
   * stream goes unnoticed).
   */
  readonly uniqueEventIds?: 'store' | 'stream'
}

/**
 * The KurrentDB event store: the `EventStore` port plus a catch-up subscription.
 *
 * @category model
 * @since 0.1.0
 */
export interface KurrentDbEventStore extends EventStore {
  /** The client the store talks through. */
  readonly client: KurrentDbClient
  /** The stream-name prefix of this store. */
  readonly namespace: string
  /** A catch-up subscription to this store's events, resuming after drops (see `subscribeFromPosition`). */
  readonly subscribe: (options: CatchUpOptions, handler: CatchUpHandler) => CatchUpSubscription
}

/** What an append needs to know about a stream. */
interface StreamState {
  readonly revision: StreamRevision
  readonly lastHash: string
  /** `recordedAt` of the last event, so the next batch is never stamped earlier. */
  readonly lastRecordedAt?: Instant
  /** Every event id in the stream, with its revision. Only grows (a stream's events never change). */
  readonly ids: Map<string, bigint>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Creates a KurrentDB event store. Nothing is sent to the server until the first call.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createKurrentDbEventStore = (
  options: KurrentDbEventStoreOptions,
): E.Either<StoreError, KurrentDbEventStore> => {
  const refuse = (reason: string) => E.left(storageFailure('create the store', reason))
  if (!isOptionsObject(options)) return refuse(`its options must be an object, got ${showInput(options)}`)
  // Read once, field by field: a getter or a proxy's trap that throws is a refusal naming it, and nothing below
  // looks at the caller's object again.
  const read = readOptions(options, OPTION_KEYS, 'its options')
  if (E.isLeft(read)) return refuse(read.left)
  const fields = read.right as Partial<KurrentDbEventStoreOptions>
  const settings = storeSettings(read.right)
  if (E.isLeft(settings)) return refuse(settings.left)
  const namespace = fields.namespace ?? ''
  if (typeof namespace !== 'string' || namespace.startsWith('$') || /\s/.test(namespace)) {
    return refuse(`namespace ${showInput(namespace)} must be a string that does not start with '$' or hold spaces`)
  }
  for (const [name, value] of [
    ['streamCacheSize', fields.streamCacheSize],
    ['maxAppendAttempts', fields.maxAppendAttempts],
    ['maxAppendSize', fields.maxAppendSize],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      return refuse(`${name} must be a positive whole number, got ${showInput(value)}`)
    }
  }
  if (fields.readFromLeader !== undefined && typeof fields.readFromLeader !== 'boolean') {
    return refuse(`readFromLeader must be true or false, got ${showInput(fields.readFromLeader)}`)
  }
  if (fields.uniqueEventIds !== undefined && fields.uniqueEventIds !== 'store' && fields.uniqueEventIds !== 'stream') {
    return refuse(`uniqueEventIds must be 'store' or 'stream', got ${showInput(fields.uniqueEventIds)}`)
  }
  if (fields.connectionString !== undefined && typeof fields.connectionString !== 'string') {
    return refuse(`connectionString must be a string, got ${showInput(fields.connectionString)}`)
  }
  let client: KurrentDbClient
  let owned = false
  if (fields.client !== undefined) {
    client = fields.client
  } else if (fields.connectionString !== undefined) {
    try {
      client = KurrentDBClient.connectionString(fields.connectionString)
      owned = true
    } catch (cause) {
      return E.left(storageFailure('parse the KurrentDB connection string', cause))
    }
  } else {
    return refuse('pass either a KurrentDB client or a connection string')
  }
  return E.right(kurrentDbStore(client, owned, namespace, fields, settings.right))
}

const OPTION_KEYS = [
  ...STORE_OPTION_KEYS,
  'client',
  'connectionString',
  'namespace',
  'streamCacheSize',
  'maxAppendAttempts',
  'readFromLeader',
  'maxAppendSize',
  'uniqueEventIds',
] as const

const kurrentDbStore = (
  client: KurrentDbClient,
  owned: boolean,
  namespace: string,
  options: Partial<KurrentDbEventStoreOptions>,
  settings: StoreSettings,
): KurrentDbEventStore => {
  const { clock, sha256, upcasters, limits } = settings
  const maxAttempts = Math.max(1, options.maxAppendAttempts ?? 5)
  const requiresLeader = options.readFromLeader ?? false
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE
  const cache = lru<string, StreamState>(Math.max(1, options.streamCacheSize ?? 1_000))
  const listeners = new Set<() => void>()
  const base = filterPlanOf(namespace, { categories: undefined, types: undefined })
  let closed = false
  let live: { stop: () => void } | undefined

  const serverName = (streamId: string) => namespace + streamId
  const claimName = (eventId: string) => `${namespace}_eventid-${eventId}`
  const claimIds = (options.uniqueEventIds ?? 'store') === 'store'
  // The claim's own KurrentDB event id is derived from (stream, event id): a retried claim for the same stream is
  // then deduplicated by the server, while a claim for another stream is a different event and conflicts.
  const claimIdOf = (streamId: string, eventId: string) => {
    const hex = sha256(`${streamId}\u0000${eventId}`)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
  // Appends to one stream from this store run one after another: they would only conflict with each other.
  const queues = new Map<string, Promise<void>>()
  const oneAtATime = <A>(key: string, task: () => Promise<A>): Promise<A> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(task)
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    queues.set(key, tail)
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key)
    })
    return run
  }

  // ---------------------------------------------------------------------------------
  // wake-ups
  // ---------------------------------------------------------------------------------

  let wakePending = false
  const wake = () => {
    if (wakePending || listeners.size === 0) return
    wakePending = true
    setTimeout(() => {
      wakePending = false
      for (const listener of [...listeners]) listener()
    }, 0)
  }

  // Other writers' commits arrive through a live `$all` subscription, started with the first listener.
  const startLive = () => {
    let stopped = false
    let subscription: { unsubscribe: () => Promise<void> } | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let wakeUp: (() => void) | undefined
    const run = async () => {
      while (!stopped) {
        try {
          const current = client.subscribeToAll({ fromPosition: END, filter: base.server })
          subscription = current
          for await (const resolved of current) {
            if (stopped) break
            if (resolved.event !== undefined && base.accepts(resolved.event.streamId, resolved.event.type)) wake()
          }
        } catch {
          // A dropped subscription may have missed commits: wake readers (they re-read) and resubscribe.
          wake()
        }
        if (!stopped) {
          await new Promise<void>((resolve) => {
            wakeUp = resolve
            timer = setTimeout(resolve, 1_000)
            timer.unref?.()
          })
        }
      }
    }
    void run()
    return {
      stop: () => {
        stopped = true
        if (timer !== undefined) clearTimeout(timer)
        wakeUp?.()
        void subscription?.unsubscribe().catch(() => undefined)
      },
    }
  }

  // ---------------------------------------------------------------------------------
  // stream state for appends
  // ---------------------------------------------------------------------------------

  // Every read an append depends on goes to the leader, which took (or refused) the last write. Reads go through
  // the bridge, a connection of its own that may sit on a follower behind the leader: a lagging view would
  // re-seal a written batch at a later revision, or report a stale actual revision.
  const onLeader = { requiresLeader: true } as const

  /** Whether a stream that reads as not found was soft-deleted (its metadata holds a `$tb`). */
  const isSoftDeleted = async (streamId: string): Promise<E.Either<StoreError, boolean>> => {
    try {
      const { metadata } = await client.getStreamMetadata(serverName(streamId), onLeader)
      return E.right(metadata?.truncateBefore !== undefined && metadata.truncateBefore !== 0)
    } catch (cause) {
      return E.left(storeErrorOf('read the stream metadata', cause, { streamId }))
    }
  }

  /** Reads what is new in a stream after `known` (the whole stream when nothing is known). */
  const loadState = async (
    streamId: string,
    known: StreamState | undefined,
  ): Promise<E.Either<StoreError, StreamState>> => {
    // Appends to one stream are queued, so extending the cached id set in place cannot race with its own use.
    const ids = known?.ids ?? new Map<string, bigint>()
    let revision: StreamRevision = known?.revision ?? 'no_stream'
    let lastHash = known?.lastHash ?? GENESIS_HASH
    let lastRecordedAt = known?.lastRecordedAt
    const from = revision === 'no_stream' ? 0n : revision + 1n
    try {
      for await (const resolved of client.readStream(serverName(streamId), {
        fromRevision: from,
        direction: FORWARDS,
        ...onLeader,
      })) {
        const event = resolved.event
        if (event === undefined) continue
        const next = revision === 'no_stream' ? 0n : revision + 1n
        if (event.revision !== next) {
          // The events before it are hidden: the stream was soft-deleted and written to again (or truncated by its
          // `$tb`), so its revisions go on after events no reader sees and no chain can continue on it.
          cache.delete(streamId)
          return E.left(streamDeleted(streamId))
        }
        const hash = storedHashOf(event)
        if (hash === undefined) {
          return E.left(
            corruptEvent(
              streamId,
              event.revision,
              undefined,
              'its metadata holds no hash, so nothing can be chained after it; the stream was written by something else',
            ),
          )
        }
        ids.set(event.id, event.revision)
        revision = event.revision
        lastHash = hash
        lastRecordedAt = storedRecordedAtOf(event)
      }
    } catch (cause) {
      if (!isStreamNotFound(cause)) return E.left(storeErrorOf('read the stream head', cause, { streamId }))
      // Not found is a stream that never existed, or a soft-deleted one. The server would take a `no_stream`
      // append to a soft-deleted stream and write it after the deleted events, at a revision the batch was not
      // sealed for (`IndexWriter.CheckCommit`), so the difference is looked up.
      const deleted = await isSoftDeleted(streamId)
      if (E.isLeft(deleted)) return deleted
      cache.delete(streamId)
      if (deleted.right || (known !== undefined && known.revision !== 'no_stream')) {
        return E.left(streamDeleted(streamId))
      }
      return E.right({ revision: 'no_stream', lastHash: GENESIS_HASH, ids: new Map() })
    }
    const state: StreamState = { revision, lastHash, ...(lastRecordedAt === undefined ? {} : { lastRecordedAt }), ids }
    cache.set(streamId, state)
    return E.right(state)
  }

  /** `count` stored events of a stream from revision `first`, as the leader holds them. */
  const readRange = async (
    streamId: string,
    first: bigint,
    count: bigint,
    operation: string,
  ): Promise<E.Either<StoreError, ReadonlyArray<ClientRecordedEvent>>> => {
    const found: Array<ClientRecordedEvent> = []
    try {
      for await (const resolved of client.readStream(serverName(streamId), {
        fromRevision: first,
        direction: FORWARDS,
        maxCount: count,
        ...onLeader,
      })) {
        if (resolved.event !== undefined) found.push(resolved.event)
      }
    } catch (cause) {
      if (!isStreamNotFound(cause)) return E.left(storeErrorOf(operation, cause, { streamId }))
    }
    return E.right(found)
  }

  /** Stored events as the kit's `ExistingEvent`s. */
  const existingOf = (
    streamId: string,
    stored: ReadonlyArray<ClientRecordedEvent>,
    operation: string,
  ): E.Either<StoreError, ReadonlyArray<ExistingEvent>> => {
    const found: Array<ExistingEvent> = []
    for (const event of stored) {
      const position = streamReadPositionOf(event)
      if (position === undefined) return E.left(positionsMissing(operation))
      const decoded = decodeStoredEvent(storedRowOf(event, streamId, position))
      if (E.isLeft(decoded)) return decoded
      found.push(decoded.right)
    }
    return E.right(found)
  }

  /** The stored events of a stream at some revisions, as the kit's `ExistingEvent`s. */
  const readExisting = async (
    streamId: string,
    revisions: ReadonlyArray<bigint>,
  ): Promise<E.Either<StoreError, ReadonlyArray<ExistingEvent>>> => {
    const low = revisions.reduce((a, b) => (b < a ? b : a))
    const high = revisions.reduce((a, b) => (b > a ? b : a))
    const wanted = new Set(revisions)
    const operation = 'look up already appended events'
    const stored = await readRange(streamId, low, high - low + 1n, operation)
    if (E.isLeft(stored)) return stored
    return existingOf(
      streamId,
      stored.right.filter((event) => wanted.has(event.revision)),
      operation,
    )
  }

  /**
   * What the server did with a batch it acknowledged. Its reply is the same whether it wrote the batch now or
   * found the same event ids at those revisions already, written by an earlier send that another instance (or a
   * lost response) hid from this one: the server compares ids only, and answers with the original's revision and
   * position (`IndexWriter.CheckCommit`, `RequestManagerBase.ReturnCommitAt`). Only the stored hashes tell, so the
   * batch is read back from the leader: the result is built from what is stored, never from what was sent. (Two
   * sends sealed byte for byte alike, at the same clock reading, cannot be told apart; both then report a write,
   * and the chain is right either way.)
   */
  const confirm = async (
    append: ValidAppend,
    sealed: ReadonlyArray<SealedEvent>,
  ): Promise<E.Either<StoreError, AppendResult>> => {
    const id = append.streamId
    const operation = 'read back the appended events'
    const stored = await readRange(id, sealed[0]!.revision, BigInt(sealed.length), operation)
    if (E.isLeft(stored)) {
      cache.delete(id)
      return E.left(withRetryAdvice(stored.left))
    }
    if (stored.right.length < sealed.length) {
      cache.delete(id)
      return E.left(
        storeUnavailable(
          'append',
          `the server acknowledged the batch but the leader does not show it yet; ${RETRY_THE_BATCH}`,
        ),
      )
    }
    const positions: Array<GlobalPosition> = []
    let ours = true
    for (let i = 0; i < sealed.length; i++) {
      const event = sealed[i]!
      const found = stored.right[i]!
      if (found.id !== event.eventId || found.revision !== event.revision) {
        cache.delete(id)
        return E.left(
          storageFailure(
            'append',
            `the server acknowledged event ${event.eventId} at revision ${event.revision}, but that revision holds ${found.id}`,
          ),
        )
      }
      const position = streamReadPositionOf(found)
      if (position === undefined) return E.left(positionsMissing('append'))
      positions.push(position)
      if (storedHashOf(found) !== event.hash) ours = false
    }
    if (ours) {
      const last = sealed[sealed.length - 1]!
      const ids = cache.get(id)?.ids ?? new Map<string, bigint>()
      for (const event of sealed) ids.set(event.eventId, event.revision)
      cache.set(id, { revision: last.revision, lastHash: last.hash, lastRecordedAt: last.metadata.recordedAt, ids })
      wake()
      return E.right(appendResultOf(sealed, positions[0]!, positions[positions.length - 1]!))
    }
    // Deduplicated: what is stored was sealed by the earlier send. Its result is the original one, if the content
    // is the same; the cached head is not, so the stream is read again before the next append.
    cache.delete(id)
    const existing = existingOf(id, stored.right, operation)
    if (E.isLeft(existing)) return existing
    const resolved = resolveIdempotentAppend(append, existing.right)
    if (E.isLeft(resolved)) return resolved
    return resolved.right === undefined
      ? E.left(storageFailure('append', 'the server deduplicated a batch that is not stored'))
      : E.right(resolved.right)
  }

  /** The stream a claim names, and the claim's revision. */
  const readClaim = async (
    eventId: string,
  ): Promise<E.Either<StoreError, { readonly streamId: string; readonly revision: bigint } | undefined>> => {
    try {
      for await (const resolved of client.readStream(claimName(eventId), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        ...onLeader,
      })) {
        const data = resolved.event?.data
        const owner = typeof data === 'object' && data !== null && 'streamId' in data ? data.streamId : undefined
        if (typeof owner === 'string') return E.right({ streamId: owner, revision: resolved.event!.revision })
      }
      return E.right(undefined)
    } catch (cause) {
      if (isStreamNotFound(cause)) return E.right(undefined)
      return E.left(storeErrorOf('read an event id claim', cause))
    }
  }

  /**
   * Claims one event id for a stream, for good: the first `no_stream` write of the claim stream wins, and a claim
   * is never taken over. Taking over a claim whose stream does not (yet) hold the id is what let one id into two
   * streams: the owner's append may still be in flight, or land after a timeout, and nothing can fence it off.
   * The claim's own id is derived from (stream, event id), so a retry for the same stream is deduplicated by the
   * server, while a claim for another stream conflicts.
   */
  const claim = async (streamId: string, eventId: string, index: number): Promise<E.Either<StoreError, void>> => {
    const claimEvent = {
      id: claimIdOf(streamId, eventId),
      contentType: 'application/json' as const,
      type: CLAIM_TYPE,
      data: { streamId },
      metadata: undefined,
    }
    try {
      const written = await client.appendToStream(claimName(eventId), [claimEvent], { streamState: NO_STREAM })
      if (written.success) return E.right(undefined)
    } catch (cause) {
      if (wrongExpectedVersionOf(cause) === undefined) {
        return E.left(withRetryAdvice(storeErrorOf('claim an event id', cause)))
      }
    }
    const held = await readClaim(eventId)
    if (E.isLeft(held)) return held
    if (held.right === undefined) {
      return E.left(
        storeUnavailable('append', `the claim of event id ${eventId} cannot be read yet; ${RETRY_THE_BATCH}`),
      )
    }
    const owner = held.right.streamId
    if (owner === streamId) return E.right(undefined)
    const ownerState = await loadState(owner, cache.get(owner))
    const revision = E.isRight(ownerState) ? ownerState.right.ids.get(eventId) : undefined
    if (revision !== undefined) {
      return E.left(duplicateEventId(eventId, streamId, owner, revision, 'it belongs to another stream'))
    }
    if (E.isLeft(ownerState) && ownerState.left._tag !== 'StreamDeleted') return ownerState
    return E.left(
      invalidAppend(
        streamId,
        `event id ${eventId} is claimed by stream '${owner}' for an append that has not reached it (it failed, or ` +
          `is still in flight): send that batch to '${owner}' again, or give this event a new id`,
        index,
      ),
    )
  }

  const claimAll = async (streamId: string, eventIds: ReadonlyArray<string>): Promise<E.Either<StoreError, void>> => {
    // Claims are independent writes; a few at a time keeps a large batch from taking one round trip per event.
    for (let i = 0; i < eventIds.length; i += CLAIMS_IN_FLIGHT) {
      const claimed = await Promise.all(
        eventIds.slice(i, i + CLAIMS_IN_FLIGHT).map((id, j) => claim(streamId, id, i + j)),
      )
      const failed = claimed.find(E.isLeft)
      if (failed !== undefined) return failed
    }
    return E.right(undefined)
  }

  type Attempt =
    | { readonly _tag: 'Done'; readonly result: E.Either<StoreError, AppendResult> }
    | { readonly _tag: 'Stale'; readonly actual: StreamRevision | undefined }

  const done = (result: E.Either<StoreError, AppendResult>): Attempt => ({ _tag: 'Done', result })

  const attemptAppend = async (append: ValidAppend, state: StreamState, fresh: boolean): Promise<Attempt> => {
    const known = append.events.flatMap((event) => {
      const revision = state.ids.get(event.eventId)
      return revision === undefined ? [] : [revision]
    })
    if (known.length > 0) {
      // Only a fresh view can tell "appended before" from "partly appended before".
      if (!fresh) return { _tag: 'Stale', actual: undefined }
      const existing = await readExisting(append.streamId, known)
      if (E.isLeft(existing)) return done(existing)
      const resolved = resolveIdempotentAppend(append, existing.right)
      if (E.isLeft(resolved)) return done(resolved)
      if (resolved.right !== undefined) return done(E.right(resolved.right))
    }
    let recordedAt: Instant
    try {
      recordedAt = instantOf(clock.now())
    } catch (cause) {
      // The clock's own words (see `clockOption`): a reading that is no instant.
      return done(E.left(storageFailure(`append to stream '${append.streamId}'`, cause)))
    }
    const sealed = sealAppend(append, state, recordedAt, sha256)
    if (E.isLeft(sealed)) return fresh ? done(sealed) : { _tag: 'Stale', actual: undefined }
    const events = sealed.right
    const data = events.map(eventDataOf)
    // The server refuses what is too large only after the claims are written; it is refused here instead.
    const tooLarge = sizeLimitError(append.streamId, data, maxAppendSize)
    if (tooLarge !== undefined) return done(E.left(tooLarge))
    if (claimIds) {
      const claimed = await claimAll(
        append.streamId,
        append.events.map((event) => event.eventId),
      )
      if (E.isLeft(claimed)) return done(claimed)
    }
    let written
    try {
      written = await client.appendToStream(serverName(append.streamId), data, {
        streamState: state.revision === 'no_stream' ? NO_STREAM : state.revision,
      })
    } catch (cause) {
      const conflict = wrongExpectedVersionOf(cause)
      if (conflict !== undefined) return { _tag: 'Stale', actual: conflict.actual }
      cache.delete(append.streamId)
      return done(E.left(withRetryAdvice(storeErrorOf('append', cause, { streamId: append.streamId }))))
    }
    // With `throwOnAppendFailure=false` in the connection string the client resolves a conflict instead of
    // throwing. The revision it then reports is not reliable (`BigInt(hasCurrentStreamRevision())` on the
    // batch-append path), so the stream is read again.
    if (!written.success) return { _tag: 'Stale', actual: undefined }
    const last = events[events.length - 1]!
    if (written.nextExpectedRevision !== last.revision) {
      // The server put the batch elsewhere than it was sealed for (a stream soft-deleted meanwhile takes a write
      // at its old end): those events can never verify, and saying so is all that is left.
      cache.delete(append.streamId)
      return done(
        E.left(
          storageFailure(
            'append',
            `the server wrote the batch ending at revision ${written.nextExpectedRevision}, not at ${last.revision} ` +
              `where it was sealed; stream '${append.streamId}' was probably soft-deleted meanwhile`,
          ),
        ),
      )
    }
    return done(await confirm(append, events))
  }

  const append: EventStore['append'] = (streamId, events, appendOptions) => async () => {
    if (closed) return E.left(storeClosed('append'))
    const valid = validateAppendRequest(streamId, events, appendOptions, limits)
    if (E.isLeft(valid)) return valid
    return oneAtATime(valid.right.streamId, () => appendValid(valid.right))
  }

  const appendValid = async (append: ValidAppend): Promise<E.Either<StoreError, AppendResult>> => {
    const id = append.streamId
    let state = cache.get(id)
    let fresh = false
    let lastActual: StreamRevision | undefined
    // One attempt may be spent on a stale cached head; `maxAppendAttempts` more follow a fresh read.
    for (let attempt = 0; attempt <= maxAttempts; attempt++) {
      if (state === undefined || attempt > 0) {
        // After a conflict only what is new is read: the cached part of a stream never changes.
        const loaded = await loadState(id, state)
        if (E.isLeft(loaded)) return loaded
        state = loaded.right
        fresh = true
      }
      const outcome = await attemptAppend(append, state, fresh)
      if (outcome._tag === 'Done') return outcome.result
      lastActual = outcome.actual ?? lastActual
    }
    cache.delete(id)
    return append.expected === 'any' || append.expected === 'stream_exists'
      ? E.left(
          storeUnavailable('append', `stream '${id}' kept changing during ${maxAttempts} attempts; retry the append`),
        )
      : E.left(wrongExpectedRevision(id, append.expected, lastActual ?? 'no_stream'))
  }

  // ---------------------------------------------------------------------------------
  // reads
  // ---------------------------------------------------------------------------------

  const context = { sha256, upcasters, isClosed: () => closed }

  // `asOf` and `asKnownAt` live in our metadata, which the server cannot filter on: the loop applies the bounds.
  const readStream: EventStore['readStream'] = (streamId, readOptions) =>
    readStreamLoop(
      context,
      {
        operation: 'read a stream',
        boundsInFetch: false,
        open: (id, opts) => async (cursor, limit) => {
          const page: Array<StoredRow> = []
          try {
            for await (const resolved of client.readStream(serverName(id), {
              fromRevision: cursor ?? END,
              direction: opts.direction === 'forwards' ? FORWARDS : BACKWARDS,
              maxCount: limit,
              requiresLeader,
            })) {
              const event = resolved.event
              if (event === undefined) continue
              // Nothing past `untilRevision` is decoded: the page ends there.
              if (opts.direction === 'forwards' && opts.untilRevision !== undefined) {
                if (event.revision > opts.untilRevision) break
              }
              const position = streamReadPositionOf(event)
              if (position === undefined) return E.left(positionsMissing('read a stream'))
              page.push(storedRowOf(event, id, position))
            }
          } catch (cause) {
            if (isStreamNotFound(cause)) return E.right([])
            return E.left(storeErrorOf('read a stream', cause, { streamId: id }))
          }
          return E.right(page)
        },
      },
      streamId,
      readOptions,
    )

  /** The position of the last event of this store (namespace), or `START_POSITION`. */
  const headPositionNow = async (): Promise<E.Either<StoreError, GlobalPosition>> => {
    try {
      for await (const resolved of client.readAll({
        fromPosition: END,
        direction: BACKWARDS,
        maxCount: 1,
        filter: base.server,
        requiresLeader,
      })) {
        if (resolved.event !== undefined) return E.right(globalPositionOf(resolved.event.position))
      }
      return E.right(START_POSITION)
    } catch (cause) {
      return E.left(storeErrorOf('read the head position', cause, { allStream: true }))
    }
  }

  const readAll: EventStore['readAll'] = (readOptions) =>
    readAllLoop(
      context,
      {
        operation: 'read all streams',
        open: (opts) => {
          const plan = filterPlanOf(namespace, opts)
          // Everything up to the head as of the start of the read will have been looked at once the read reaches
          // the end of the log, so the last page can report it as the checkpoint even when the filter let none of
          // it through.
          let horizon: GlobalPosition | undefined
          return async (cursor, limit) => {
            if (horizon === undefined) {
              const head = await headPositionNow()
              if (E.isLeft(head)) return head
              horizon = head.right
            }
            const want = limit + 1
            const page: Array<{ position: GlobalPosition; event: NonNullable<ResolvedEvent['event']> }> = []
            let received = 0
            try {
              for await (const resolved of client.readAll({
                fromPosition: serverPositionOf(cursor),
                direction: FORWARDS,
                maxCount: want,
                filter: plan.server,
                requiresLeader,
              })) {
                received += 1
                if (resolved.event !== undefined) {
                  page.push({ position: globalPositionOf(resolved.event.position), event: resolved.event })
                }
              }
            } catch (cause) {
              return E.left(storeErrorOf('read all streams', cause, { allStream: true }))
            }
            const rows: Array<StoredRow> = []
            let seen = cursor
            let stopped = false
            let full = false
            for (const { position, event } of page) {
              if (position <= cursor) continue
              if (opts.untilPosition !== undefined && position > opts.untilPosition) {
                stopped = true
                break
              }
              if (rows.length >= limit) {
                full = true
                break
              }
              seen = position
              if (plan.accepts(event.streamId, event.type)) {
                rows.push(storedRowOf(event, event.streamId.slice(namespace.length), position))
              }
            }
            const exhausted = received < want && !full
            let scanned = seen
            if (exhausted && !stopped && horizon > scanned) {
              if (opts.untilPosition === undefined || horizon <= opts.untilPosition) scanned = horizon
            }
            return E.right({ rows, scanned, more: !stopped && !exhausted && seen !== cursor })
          }
        },
      },
      readOptions,
    )

  const streamRevision: EventStore['streamRevision'] = (streamId) => async () => {
    if (closed) return E.left(storeClosed('read a stream revision'))
    const id = validateStreamId(streamId)
    if (E.isLeft(id)) return id
    try {
      for await (const resolved of client.readStream(serverName(id.right), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        requiresLeader,
      })) {
        if (resolved.event !== undefined) return E.right(resolved.event.revision)
      }
      return E.right('no_stream' as const)
    } catch (cause) {
      if (isStreamNotFound(cause)) return E.right('no_stream' as const)
      return E.left(storeErrorOf('read a stream revision', cause, { streamId: id.right }))
    }
  }

  const store: KurrentDbEventStore = {
    client,
    namespace,
    append,
    readStream,
    readAll,
    streamRevision,
    streamExists: (streamId) => async () =>
      closed
        ? E.left(storeClosed('check whether a stream exists'))
        : E.map((revision: StreamRevision) => revision !== 'no_stream')(await streamRevision(streamId)()),
    headPosition: () => async () => (closed ? E.left(storeClosed('read the head position')) : headPositionNow()),
    onAppend: (listener) => {
      listeners.add(listener)
      if (live === undefined && !closed) live = startLive()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && live !== undefined) {
          live.stop()
          live = undefined
        }
      }
    },
    close: () => async () => {
      // Closing twice is harmless: a shutdown hook and a finally block may both call it.
      if (closed) return E.right(undefined)
      closed = true
      listeners.clear()
      live?.stop()
      live = undefined
      if (!owned) return E.right(undefined)
      try {
        await client.dispose()
        return E.right(undefined)
      } catch (cause) {
        return E.left(storeErrorOf('close', cause))
      }
    },
    subscribe: (subscriptionOptions, handler) =>
      subscribeFromPosition({ client, namespace, sha256, upcasters: options.upcasters }, subscriptionOptions, handler),
  }
  return store
}

const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024

// Not a valid ikm-ledger event type (those start with a letter), so no type filter of ours ever matches it.
const CLAIM_TYPE = '_EventIdClaimed'
const CLAIMS_IN_FLIGHT = 32

const positionsMissing = (operation: string): StoreError =>
  storageFailure(
    operation,
    'the server did not return event positions on stream reads; KurrentDB / EventStoreDB 22.10 or later is required',
  )
