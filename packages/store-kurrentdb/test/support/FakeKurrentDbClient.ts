/**
 * An in-process stand-in for a KurrentDB server behind the client methods the store uses, with the real client's
 * error classes. Each behaviour follows the server's source (kurrent-io/KurrentDB, `src/KurrentDB.Core/…`) or
 * the client's dist (`@kurrent/kurrentdb-client` 1.3.1, `dist/…`); the place is named where it is modelled:
 *
 * - **The log.** One transaction file with byte-offset positions. A record takes the room of a LogV2 prepare
 *   record (`TransactionLog/LogRecords/PrepareLogRecord.cs` `WriteTo`: 88 fixed bytes with the length prefix and
 *   suffix, the stream name and event type with a LEB128 length, data and metadata), so positions have the real
 *   gaps and {@link FakeKurrentDbClient.logBytes} measures log growth. Every event of a gRPC append is an
 *   implicitly committed prepare whose `$all` position is `{commit: own offset, prepare: own offset}`
 *   (`Services/Storage/ReaderIndex/AllReader.cs`, `CommitEventRecord(eventRecord, prepare.LogPosition)` for
 *   `IsCommitted` prepares). System events can be interleaved (`systemNoise`).
 * - **Append results.** Success carries the revision of the last event and the position of the last event's
 *   record as both commit and prepare (`Services/RequestManager/Managers/WriteEvents.cs` `ClientSuccessMsg`
 *   passes `CommitPosition` twice; `Services/Storage/StorageChaser.cs` publishes `CommitChased` with the
 *   `TransactionEnd` prepare's position). A deduplicated append answers the same way, with the original events'
 *   revision and position (`RequestManagerBase.cs` `Handle(AlreadyCommitted)` → `ReturnCommitAt`): the reply
 *   alone cannot tell "written now" from "written before".
 * - **Expected revisions and idempotency** (`Services/Storage/ReaderIndex/IndexWriter.cs` `CheckCommit`):
 *   - exact revision or `no_stream` below the head: the ids at the following revisions are compared (ids only,
 *     never the content); all equal → idempotent success; the first differs → `WrongExpectedVersion`; a later one
 *     differs → `CorruptedIdempotency`, also `WrongExpectedVersion` (`StorageWriterService.cs`
 *     `VerifyCommitChecks`);
 *   - `any` / `stream_exists`: only recently committed events are known (`_committedEvents`, a cache bounded to
 *     `ESConsts.CommittedEventsMemCacheLimit` = 8 MiB; here the last `idempotencyWindow` events): the first id
 *     found → idempotent if all are, `WrongExpectedVersion` if only some are; the first id not found → written
 *     again, as new events, even if it is in the stream;
 *   - `stream_exists` on a stream with no events, or above the head → `WrongExpectedVersion`.
 * - **Soft delete and tombstones.** `deleteStream` writes `$$<stream>` metadata `{"$tb": long.MaxValue}`
 *   (`StorageWriterService.cs`, "SOFT DELETE"); reads then say not found. An append with `no_stream`, `any` or the
 *   last revision is accepted and written at last + 1 (`IndexWriter.cs` "NoStream && IsSoftDeleted → CommitOk"),
 *   then `$tb` becomes last + 1 (`StorageWriterService.cs` `SoftUndeleteStream(…, CurrentVersion + 1)`), so the old
 *   events stay hidden; `stream_exists` → `StreamDeleted` (`RequestManagerBase.cs` `ConsistencyChecksFailed`).
 *   A tombstone (`tombstone`) refuses every append and read with `StreamDeleted`.
 * - **`success: false`.** With `throwOnAppendFailure: false` (a connection-string setting) the client resolves a
 *   conflict as `{success: false}` instead of throwing; its batch-append path reports `nextExpectedRevision` as
 *   `BigInt(hasCurrentStreamRevision())`, i.e. 0n or 1n (`dist/streams/appendToStream/batchAppend.js`).
 * - **Size limits** (`Services/Transport/Grpc/Streams.BatchAppend.cs`, `ClientWriteRequest.AddEvents`): an event's
 *   size is data + metadata bytes + 2 × the type's length (`Data/Event.cs` `SizeOnDisk`); above
 *   `maxAppendEventSize` (default `TFConsts.MaxLogRecordSize`, 16 MiB) the append fails and the client reports an
 *   unrecognised error; a batch above `maxAppendSize` fails with `MaxAppendSizeExceededError`. The default here is
 *   1 MiB, the server's default up to 25.0 (`Configuration/ClusterVNodeOptions.cs`; 256 MiB from 25.1).
 * - **Transient failures** (`Services/Transport/Grpc/Streams.BatchAppend.cs` `ConvertMessage`,
 *   `RpcExceptions.cs`): "Server Is Not Ready", "Server Is Busy" and "No leader info available in response" reach
 *   the batch-append caller as `UnknownError("Could not recognize …")` (`dist/streams/appendToStream/
 *   unpackError.js`); see {@link transientErrors}.
 * - **ACLs** (`Authorization/LegacyStreamPermissionAssertion.cs`, `Data/SystemSettings.cs`): `$all` is a system
 *   stream, readable by `$admins` unless its ACL (`$$$all`) grants more; user streams are open to every
 *   authenticated user. A non-admin `user` gets `AccessDeniedError` on `readAll` and `subscribeToAll` until
 *   `grantAllStreamRead`.
 * - **A second read connection.** Stream and `$all` reads go through the Rust bridge, a connection of its own
 *   (`dist/streams/readStream.js` → `this.rustClient`); with `readLag: n` a read without `requiresLeader` is
 *   served by a node that has not yet seen the last `n` records, while a `requiresLeader` read sees everything.
 * - **Old servers.** Servers before 22.6 send no position on stream reads; the bridge then reports
 *   `{commit: 2^64−1, prepare: 2^64−1}` (`oldServer`).
 * - **Subscriptions**: catch-up then live, exclusive of `fromPosition`, filtered, buffered like the client's
 *   stream, with checkpoints every `checkpointEvery` considered records (the server's `checkpointInterval` ×
 *   max search window of 32, `Services/Transport/Enumerators/Enumerator.AllSubscriptionFiltered.cs`) and one on
 *   catching up, in the server's shapes: the position of the last considered event when it matched the filter
 *   (`checkpoint = eventPosition`), else `{commit: <next record>, prepare: 0}` (`completed.NextPos`), or `{0, 0}`
 *   (`TFPos.FirstRecordOfTf`) before anything was considered.
 * - **Faults**: the next call of an operation throws a given error; a written append's response can be lost;
 *   live subscriptions can be dropped.
 *
 * It does not model clustering beyond the lagging read connection, link events, `$maxAge`/`$maxCount`,
 * scavenging, or the gRPC transport itself. Every client call is one round trip, recorded in `calls`.
 */
import { Readable } from 'node:stream'
import {
  AccessDeniedError,
  ANY,
  CancelledError,
  END,
  EVENT_TYPE,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type AppendToStreamOptions,
  type BaseOptions,
  type EventData,
  type Filter,
  type GetStreamMetadataResult,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client'
import type { KurrentDbClient, KurrentDbLiveSubscription } from '../../src/KurrentDbClient'

interface StoredRecord {
  readonly streamName: string
  readonly id: string
  readonly revision: bigint
  readonly type: string
  data: string
  metadata: string
  readonly isJson: boolean
  readonly offset: bigint
  readonly size: bigint
  readonly created: Date
}

type Operation = 'append' | 'readStream' | 'readAll' | 'subscribe' | 'metadata'

/** `long.MaxValue`, the `$tb` of a soft-deleted stream (`EventNumber.DeletedStream`). */
const DELETED_STREAM = 9_223_372_036_854_775_807n
/** What the bridge reports as the position of a stream-read event when the server sent none. */
export const NO_POSITION = 18_446_744_073_709_551_615n

/**
 * The transient conditions of a real server, as the client hands them to the caller (see the header).
 */
export const transientErrors = {
  notReady: () => new UnknownError(undefined, 'Could not recognize Server Is Not Ready'),
  busy: () => new UnknownError(undefined, 'Could not recognize Server Is Busy'),
  noLeaderInfo: () => new UnknownError(undefined, 'Could not recognize No leader info available in response'),
  /** A gRPC `CANCELLED` not caused by the client itself (`dist/utils/CommandError.js`, `convertToCommandError`). */
  cancelled: () => new CancelledError(undefined, 'Call cancelled'),
  /** A bridge read that timed out arrives as an unrecognised bridge error (`dist/utils/convertBridgeError.js`). */
  bridgeTimeout: () => new UnknownError(undefined, 'Unknown Error: request timed out'),
} as const

const compare = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1

const matches = (filter: Filter | undefined, record: StoredRecord): boolean => {
  if (filter === undefined) return true
  const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamName
  return 'prefixes' in filter
    ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
    : new RegExp(filter.regex).test(subject)
}

const leb128Size = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4)
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8')

/** The bytes a LogV2 prepare record takes in the log (see the header). */
const recordSize = (streamName: string, type: string, data: string, metadata: string): bigint => {
  const stream = utf8(streamName)
  const eventType = utf8(type)
  return BigInt(88 + leb128Size(stream) + stream + leb128Size(eventType) + eventType + utf8(data) + utf8(metadata))
}

const encodedData = (event: EventData): string =>
  event.contentType === 'application/json' ? JSON.stringify(event.data) : Buffer.from(event.data).toString('utf8')

const encodedMetadata = (event: EventData): string =>
  event.metadata === undefined
    ? ''
    : event.metadata instanceof Uint8Array
      ? Buffer.from(event.metadata).toString('utf8')
      : JSON.stringify(event.metadata)

/** A fake KurrentDB server and client in one. */
export class FakeKurrentDbClient implements KurrentDbClient {
  readonly log: Array<StoredRecord> = []
  /** One entry per client call: each is one round trip to the server. */
  readonly calls: Array<string> = []
  /** The stream state of every append, in order. */
  readonly appends: Array<{ readonly streamName: string; readonly streamState: unknown }> = []
  disposed = false
  private loseResponse = false
  private nextOffset = 1_024n
  private readonly faults: Array<{ operation: Operation; error: Error }> = []
  private readonly tombstoned = new Set<string>()
  private readonly truncatedBefore = new Map<string, bigint>()
  private readonly allReaders = new Set<string>()
  private readonly live = new Set<FakeSubscription>()

  /**
   * @param options.systemNoise write a system event (`$statsCollected` in `$stats-fake`) after every append, as a
   *   real server does now and then, so filtered reads have something to skip.
   * @param options.checkpointEvery how many considered records between two subscription checkpoints (default 32).
   */
  constructor(
    readonly options: {
      readonly systemNoise?: boolean
      readonly checkpointEvery?: number
      /** Stream reads carry no positions, as on servers before 22.6 (the bridge reports 2^64−1). */
      readonly oldServer?: boolean
      /** A new subscription also repeats this many records before its start (at-least-once delivery). */
      readonly replayOverlap?: number
      /** How many of the latest records a read without `requiresLeader` does not see yet. */
      readonly readLag?: number
      /** How many recently committed events `any` / `stream_exists` appends are deduplicated against. */
      readonly idempotencyWindow?: number
      /** Bytes per append (default 1 MiB, as servers up to 25.0). */
      readonly maxAppendSize?: number
      /** Bytes per event (default 16 MiB). */
      readonly maxAppendEventSize?: number
      /** `throwOnAppendFailure=false` in the connection string. */
      readonly throwOnAppendFailure?: boolean
      /** The connection's user; default an admin. */
      readonly user?: { readonly name: string; readonly admin: boolean }
    } = {},
  ) {
    this.writeRecord('$settings', '$metadata', '{"$systemStreamAcl":{}}', '', 0n)
  }

  // ---------------------------------------------------------------------------------
  // test controls
  // ---------------------------------------------------------------------------------

  /** The next call of `operation` throws `error`. */
  failNext(operation: Operation, error: Error): void {
    this.faults.push({ operation, error })
  }

  /** The next append is written, but its response is lost: the caller sees `UnavailableError`. */
  loseNextAppendResponse(): void {
    this.loseResponse = true
  }

  /** Breaks every live subscription with `error`, as a lost connection does. */
  dropSubscriptions(error: Error): void {
    for (const subscription of [...this.live]) subscription.destroy(error)
  }

  /** Tombstones a stream: every later read or append fails with `StreamDeletedError`. */
  tombstone(streamName: string): void {
    this.tombstoned.add(streamName)
  }

  /** Soft-deletes a stream, as `client.deleteStream` does. */
  deleteStream(streamName: string): void {
    this.calls.push(`deleteStream ${streamName}`)
    this.truncatedBefore.set(streamName, DELETED_STREAM)
    const meta = `$$${streamName}`
    this.writeRecord(meta, '$metadata', `{"$tb":${DELETED_STREAM}}`, '', BigInt(this.streamRecords(meta).length))
    this.publish()
  }

  /** Lets a (non-admin) user read `$all`, as `setStreamMetadata('$all', {acl: {readRoles: [user]}})` does. */
  grantAllStreamRead(user: string): void {
    this.allReaders.add(user)
  }

  /** Alters a stored event on "disk": its payload, or its metadata bytes replaced by garbage. */
  tamper(streamName: string, revision: bigint, kind: 'payload' | 'garbage'): void {
    const record = this.log.find((r) => r.streamName === streamName && r.revision === revision)
    if (record === undefined) throw new Error(`no event ${streamName}@${revision}`)
    if (kind === 'payload') record.data = JSON.stringify({ tampered: true, was: JSON.parse(record.data) as unknown })
    else record.metadata = '\u0000not json'
  }

  /** Takes one stored event out of the log, as an operator's edit of the database files would. */
  remove(streamName: string, revision: bigint): void {
    const index = this.log.findIndex((r) => r.streamName === streamName && r.revision === revision)
    if (index < 0) throw new Error(`no event ${streamName}@${revision}`)
    this.log.splice(index, 1)
  }

  /** Writes a raw event, bypassing every check (a foreign writer). */
  writeRaw(streamName: string, type: string, data: string, metadata: string): void {
    const revision = BigInt(this.streamRecords(streamName).length)
    this.writeRecord(streamName, type, data, metadata, revision)
    this.publish()
  }

  /** The bytes the log holds after the initial `$settings` record. */
  logBytes(): bigint {
    return this.log.slice(1).reduce((sum, r) => sum + r.size, 0n)
  }

  /** How many distinct streams the log holds (each is an index entry per event and a name to look up). */
  streamCount(): number {
    return new Set(this.log.slice(1).map((r) => r.streamName)).size
  }

  // ---------------------------------------------------------------------------------
  // client methods
  // ---------------------------------------------------------------------------------

  async appendToStream(
    streamName: string,
    events: Array<EventData>,
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    this.calls.push(`append ${streamName}`)
    this.appends.push({ streamName, streamState: options.streamState })
    this.fault('append')
    let total = 0
    for (const event of events) {
      const size = utf8(encodedData(event)) + utf8(encodedMetadata(event)) + 2 * event.type.length
      if (size > (this.options.maxAppendEventSize ?? 16 * 1024 * 1024)) {
        throw new UnknownError(undefined, 'Could not recognize Maximum Append Event Size Exceeded')
      }
      total += size
    }
    const maxAppendSize = this.options.maxAppendSize ?? 1024 * 1024
    if (total > maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize)
    if (this.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName)

    const existing = this.streamRecords(streamName)
    const current = existing.length === 0 ? NO_STREAM : existing[existing.length - 1]!.revision
    const softDeleted = this.truncatedBefore.get(streamName) === DELETED_STREAM
    const expected = options.streamState ?? ANY
    const refuse = () => this.refuse(streamName, expected, current)

    if (expected === STREAM_EXISTS && softDeleted) throw StreamDeletedError.fromStreamName(streamName)
    if (expected === STREAM_EXISTS && current === NO_STREAM) return refuse()
    if (expected === ANY || expected === STREAM_EXISTS) {
      const window = this.log.slice(-(this.options.idempotencyWindow ?? 10_000))
      const known = events.map((e) => window.find((r) => r.streamName === streamName && r.id === e.id))
      if (known[0] !== undefined) {
        if (known.some((r) => r === undefined)) return refuse()
        return this.replied(streamName, known[known.length - 1]!)
      }
    } else {
      const from = expected === NO_STREAM ? -1n : expected
      const head = current === NO_STREAM ? -1n : current
      if (from < head) {
        const replay = events.map((e, i) => existing.find((r) => r.revision === from + 1n + BigInt(i) && r.id === e.id))
        if (replay[0] !== undefined) {
          if (replay.some((r) => r === undefined)) return refuse()
          return this.replied(streamName, replay[replay.length - 1]!)
        }
        if (!(expected === NO_STREAM && softDeleted)) return refuse()
      } else if (from > head) {
        return refuse()
      }
    }

    let revision = current === NO_STREAM ? 0n : current + 1n
    const first = revision
    const written: Array<StoredRecord> = []
    for (const event of events) {
      written.push(
        this.writeRecord(streamName, event.type, encodedData(event), encodedMetadata(event), revision, event.id),
      )
      revision += 1n
    }
    if (softDeleted) {
      this.truncatedBefore.set(streamName, first)
      const meta = `$$${streamName}`
      this.writeRecord(meta, '$metadata', `{"$tb":${first}}`, '', BigInt(this.streamRecords(meta).length))
    }
    if (this.options.systemNoise === true) {
      const stats = this.streamRecords('$stats-fake')
      this.writeRecord('$stats-fake', '$statsCollected', '{}', '', BigInt(stats.length))
    }
    this.publish()
    return this.replied(streamName, written[written.length - 1]!)
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    this.calls.push(`readStream ${streamName}`)
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this
    return (async function* () {
      self.fault('readStream')
      if (self.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName)
      const records = self.visibleStream(streamName, options.requiresLeader === true)
      if (records.length === 0) throw new StreamNotFoundError(undefined, streamName)
      const backwards = options.direction === 'backwards'
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)
      const from = options.fromRevision ?? (backwards ? END : START)
      const ordered = backwards ? [...records].reverse() : records
      const selected = ordered.filter((r) =>
        from === START ? true : from === END ? backwards : backwards ? r.revision <= from : r.revision >= from,
      )
      for (const record of selected.slice(0, max)) {
        const event = self.toRecorded(record)
        yield {
          event:
            self.options.oldServer === true
              ? { ...event, position: { commit: NO_POSITION, prepare: NO_POSITION } }
              : event,
        }
      }
    })()
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<AllStreamResolvedEvent> {
    this.calls.push('readAll')
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this
    return (async function* () {
      self.fault('readAll')
      self.checkAllStreamRead()
      const backwards = options.direction === 'backwards'
      const from = options.fromPosition ?? (backwards ? END : START)
      if (from !== START && from !== END) self.checkBoundary(from)
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)
      const log = self.visibleLog(options.requiresLeader === true)
      const candidates = backwards
        ? [...log].reverse().filter((r) => from === END || compare(self.positionOf(r), from as Position) < 0)
        : log.filter((r) => from === START || (from !== END && compare(self.positionOf(r), from) >= 0))
      let count = 0
      for (const record of candidates) {
        if (count >= max) break
        if (!matches(options.filter, record)) continue
        count += 1
        yield { event: self.toRecorded(record) }
      }
    })()
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): KurrentDbLiveSubscription {
    this.calls.push('subscribeToAll')
    this.fault('subscribe')
    const from = options.fromPosition ?? START
    if (from !== START && from !== END) this.checkBoundary(from)
    const start =
      from === START
        ? 0
        : from === END
          ? this.log.length
          : this.log.findIndex((r) => compare(this.positionOf(r), from) > 0)
    const from0 = start === -1 ? this.log.length : start
    const subscription = new FakeSubscription(
      this,
      Math.max(0, from0 - (this.options.replayOverlap ?? 0)),
      options.filter,
    )
    this.live.add(subscription)
    subscription.once('close', () => this.live.delete(subscription))
    try {
      this.checkAllStreamRead()
    } catch (denied) {
      // The client's subscription is a stream: a refusal arrives on it as an error, not from the call.
      setImmediate(() => subscription.destroy(denied as Error))
    }
    return subscription
  }

  async getStreamMetadata(streamName: string, options: BaseOptions = {}): Promise<GetStreamMetadataResult> {
    // The client reads `$$<stream>` backwards through the bridge (`dist/streams/getStreamMetadata.js`).
    this.calls.push(`getStreamMetadata ${streamName}`)
    this.fault('metadata')
    const records = this.visibleStream(`$$${streamName}`, options.requiresLeader === true)
    const last = records[records.length - 1]
    if (last === undefined) return { streamName }
    const tb = /"\$tb":(\d+)/.exec(last.data)?.[1]
    return {
      streamName,
      metadata: tb === undefined ? {} : { truncateBefore: Number(tb) },
      metastreamRevision: last.revision,
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.dropSubscriptions(new UnknownError(undefined, 'client disposed'))
  }

  // ---------------------------------------------------------------------------------
  // internals
  // ---------------------------------------------------------------------------------

  /** Every record of a stream, hidden ones included (what the index holds). */
  streamRecords(streamName: string): Array<StoredRecord> {
    return this.log.filter((r) => r.streamName === streamName)
  }

  positionOf(record: StoredRecord): Position {
    return { commit: record.offset, prepare: record.offset }
  }

  /** The offset right after a record: the next record's offset, or the end of the log. */
  postOffset(index: number): bigint {
    return this.log[index + 1]?.offset ?? this.nextOffset
  }

  toRecorded(record: StoredRecord): AllStreamResolvedEvent['event'] & object {
    const metadataBytes = Buffer.from(record.metadata, 'utf8')
    let metadata: Record<string, unknown> | Uint8Array | undefined
    if (metadataBytes.length > 0) {
      try {
        metadata = JSON.parse(record.metadata) as Record<string, unknown>
      } catch {
        metadata = Uint8Array.from(metadataBytes)
      }
    }
    let data: Record<string, unknown>
    try {
      data = JSON.parse(record.data) as Record<string, unknown>
    } catch {
      // Like the real client, malformed JSON comes back as the raw text.
      data = record.data as unknown as Record<string, unknown>
    }
    return {
      streamId: record.streamName,
      id: record.id,
      revision: record.revision,
      type: record.type,
      created: record.created,
      isJson: true,
      data,
      metadata,
      position: this.positionOf(record),
    }
  }

  private visibleLog(fromLeader: boolean): ReadonlyArray<StoredRecord> {
    const lag = fromLeader ? 0 : (this.options.readLag ?? 0)
    return lag === 0 ? this.log : this.log.slice(0, Math.max(1, this.log.length - lag))
  }

  /** The records of a stream a read sees: not lagging behind (unless asked), not before its `$tb`. */
  private visibleStream(streamName: string, fromLeader: boolean): Array<StoredRecord> {
    const before = this.truncatedBefore.get(streamName) ?? 0n
    return this.visibleLog(fromLeader).filter((r) => r.streamName === streamName && r.revision >= before)
  }

  private refuse(streamName: string, expected: unknown, current: bigint | typeof NO_STREAM): never | AppendResult {
    const error = new WrongExpectedVersionError(undefined, {
      streamName,
      expected: expected as bigint,
      current,
    })
    if (this.options.throwOnAppendFailure !== false) throw error
    // As `batchAppend.js` does: `BigInt(hasCurrentStreamRevision())`.
    return { success: false, nextExpectedRevision: BigInt(current !== NO_STREAM), position: undefined }
  }

  private replied(streamName: string, last: StoredRecord): AppendResult {
    if (this.loseResponse) {
      this.loseResponse = false
      throw new UnavailableError(undefined, `connection reset after the write to ${streamName}`)
    }
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.offset, prepare: last.offset },
    }
  }

  private checkAllStreamRead(): void {
    const user = this.options.user
    if (user !== undefined && !user.admin && !this.allReaders.has(user.name)) {
      throw new AccessDeniedError(undefined, 'Access denied: read on $all')
    }
  }

  private checkBoundary(position: Position): void {
    const atRecord = this.log.some((r) => r.offset === position.commit)
    const valid =
      (position.commit === 0n && position.prepare === 0n) ||
      (position.prepare === position.commit && atRecord) ||
      (position.prepare === 0n && (atRecord || position.commit === this.nextOffset))
    if (!valid) throw new UnknownError(undefined, `invalid position ${position.commit}/${position.prepare}`)
  }

  private fault(operation: Operation): void {
    const index = this.faults.findIndex((f) => f.operation === operation)
    if (index >= 0) {
      const [fault] = this.faults.splice(index, 1)
      throw fault!.error
    }
  }

  private writeRecord(
    streamName: string,
    type: string,
    data: string,
    metadata: string,
    revision: bigint,
    id: string = crypto.randomUUID(),
  ) {
    const size = recordSize(streamName, type, data, metadata)
    const record: StoredRecord = {
      streamName,
      id,
      revision,
      type,
      data,
      metadata,
      isJson: true,
      offset: this.nextOffset,
      size,
      created: new Date(0),
    }
    this.log.push(record)
    this.nextOffset += size
    return record
  }

  private publish(): void {
    for (const subscription of this.live) subscription.wake()
  }
}

/** A subscription stream that behaves like the client's: object mode, buffered, callbacks awaited in order. */
class FakeSubscription extends Readable implements KurrentDbLiveSubscription {
  private index: number
  private considered = 0
  private pumping = false
  private wanted = true
  private ended = false
  private caughtUp = false
  private lastConsidered: { index: number; matched: boolean } | undefined

  constructor(
    private readonly server: FakeKurrentDbClient,
    start: number,
    private readonly eventFilter: Filter | undefined,
  ) {
    super({ objectMode: true, highWaterMark: 4 })
    this.index = start
    setImmediate(() => void this.pump())
  }

  override _read(): void {
    this.wanted = true
    void this.pump()
  }

  wake(): void {
    void this.pump()
  }

  async unsubscribe(): Promise<void> {
    this.ended = true
    this.push(null)
  }

  /** The checkpoint in the server's shapes (see the header of the file). */
  private checkpointPosition(): Position {
    const last = this.lastConsidered
    if (last === undefined) return { commit: 0n, prepare: 0n }
    if (last.matched) return this.server.positionOf(this.server.log[last.index]!)
    return { commit: this.server.postOffset(last.index), prepare: 0n }
  }

  private async checkpoint(): Promise<void> {
    if (this.eventFilter?.checkpointReached === undefined) return
    await this.eventFilter.checkpointReached(this as unknown as AllStreamSubscription, this.checkpointPosition())
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.ended || this.destroyed) return
    this.pumping = true
    try {
      while (this.wanted && !this.ended && !this.destroyed && this.index < this.server.log.length) {
        const index = this.index
        const record = this.server.log[index]!
        this.index += 1
        this.considered += 1
        const matched = matches(this.eventFilter, record)
        this.lastConsidered = { index, matched }
        if (matched) this.wanted = this.push({ event: this.server.toRecorded(record) })
        const every = this.server.options.checkpointEvery ?? 32
        if (this.considered % every === 0) await this.checkpoint()
      }
      if (!this.caughtUp && !this.ended && !this.destroyed && this.index >= this.server.log.length) {
        // The server issues a checkpoint when the subscription goes live.
        this.caughtUp = true
        await this.checkpoint()
      }
    } finally {
      this.pumping = false
    }
    // Records may have been written while a checkpoint callback was awaited.
    if (this.wanted && this.index < this.server.log.length) void this.pump()
  }
}
