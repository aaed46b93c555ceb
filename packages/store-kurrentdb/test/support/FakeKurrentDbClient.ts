/**
 * An in-process stand-in for a KurrentDB server behind the client methods the store uses. It models what the
 * adapter relies on, with the real client's error classes:
 * - one log with byte-offset positions (with gaps, commit = prepare per event), system events interleaved;
 * - per-stream revisions from 0, `streamState` checks (any, no_stream, stream_exists, revision) raising
 *   `WrongExpectedVersionError`, and the server's idempotent replay of an identical append at its old place;
 * - `readStream` forwards/backwards from a revision or `end`, `StreamNotFoundError` for a missing stream,
 *   `StreamDeletedError` for a tombstoned one;
 * - `readAll` forwards (inclusive of `fromPosition`) and backwards, with stream-name / event-type filters by
 *   prefix or regex, refusing positions that are not record boundaries ("invalid position");
 * - `subscribeToAll`: catch-up then live, exclusive of `fromPosition`, filtered, with `checkpointReached`
 *   callbacks carrying `{commit: <next record>, prepare: 0}` positions, buffered like the real stream;
 * - injected faults: the next call of an operation throws a given error; live subscriptions can be dropped.
 *
 * It does not model: clustering, leader/follower lag, deadlines, link events, soft deletion, stream
 * metadata ($maxAge…), scavenging, the batch-append size limit, or the server's best-effort idempotency for `any`.
 */
import { Readable } from 'node:stream'
import {
  ANY,
  END,
  EVENT_TYPE,
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
  type EventData,
  type Filter,
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
  readonly created: Date
}

type Operation = 'append' | 'readStream' | 'readAll' | 'subscribe'

const compare = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1

const matches = (filter: Filter | undefined, record: StoredRecord): boolean => {
  if (filter === undefined) return true
  const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamName
  return 'prefixes' in filter
    ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
    : new RegExp(filter.regex).test(subject)
}

/** A fake KurrentDB server and client in one. */
export class FakeKurrentDbClient implements KurrentDbClient {
  readonly log: Array<StoredRecord> = []
  readonly calls: Array<string> = []
  /** The stream state of every append, in order. */
  readonly appends: Array<{ readonly streamName: string; readonly streamState: unknown }> = []
  disposed = false
  private loseResponse = false
  private nextOffset = 1_024n
  private readonly faults: Array<{ operation: Operation; error: Error }> = []
  private readonly tombstoned = new Set<string>()
  private readonly live = new Set<FakeSubscription>()

  /**
   * @param systemNoise write a system event (`$statsCollected` in `$stats-fake`) after every append, as a real
   *   server does now and then, so filtered reads have something to skip.
   * @param checkpointEvery how many considered records between two subscription checkpoints.
   */
  constructor(
    readonly options: {
      readonly systemNoise?: boolean
      readonly checkpointEvery?: number
      /** Stream reads return events without positions, as servers before 22.6 do. */
      readonly omitStreamPositions?: boolean
      /** A new subscription also repeats this many records before its start (at-least-once delivery). */
      readonly replayOverlap?: number
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

  /** Alters a stored event on "disk": its payload, or its metadata bytes replaced by garbage. */
  tamper(streamName: string, revision: bigint, kind: 'payload' | 'garbage'): void {
    const record = this.log.find((r) => r.streamName === streamName && r.revision === revision)
    if (record === undefined) throw new Error(`no event ${streamName}@${revision}`)
    if (kind === 'payload') record.data = JSON.stringify({ tampered: true, was: JSON.parse(record.data) as unknown })
    else record.metadata = '\u0000not json'
  }

  /** Writes a raw event, bypassing every check (a foreign writer). */
  writeRaw(streamName: string, type: string, data: string, metadata: string): void {
    const revision = BigInt(this.log.filter((r) => r.streamName === streamName).length)
    this.writeRecord(streamName, type, data, metadata, revision)
    this.publish()
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
    if (this.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName)
    const existing = this.streamRecords(streamName)
    const current = existing.length === 0 ? NO_STREAM : existing[existing.length - 1]!.revision
    const expected = options.streamState ?? ANY
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && expected === current)
    if (!ok) {
      // The server replays an identical append at its old place instead of failing.
      const first = expected === NO_STREAM ? 0n : typeof expected === 'bigint' ? expected + 1n : undefined
      const replay = first === undefined ? [] : existing.slice(Number(first), Number(first) + events.length)
      if (replay.length === events.length && replay.every((r, i) => r.id === events[i]!.id)) {
        const last = replay[replay.length - 1]!
        return {
          success: true,
          nextExpectedRevision: last.revision,
          position: { commit: last.offset, prepare: last.offset },
        }
      }
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current })
    }
    let revision = current === NO_STREAM ? 0n : current + 1n
    const written: Array<StoredRecord> = []
    for (const event of events) {
      const data = event.contentType === 'application/json' ? JSON.stringify(event.data) : ''
      const metadata =
        event.metadata === undefined
          ? ''
          : event.metadata instanceof Uint8Array
            ? Buffer.from(event.metadata).toString('utf8')
            : JSON.stringify(event.metadata)
      written.push(this.writeRecord(streamName, event.type, data, metadata, revision, event.id))
      revision += 1n
    }
    if (this.options.systemNoise === true) {
      const stats = this.streamRecords('$stats-fake')
      this.writeRecord('$stats-fake', '$statsCollected', '{}', '', BigInt(stats.length))
    }
    this.publish()
    if (this.loseResponse) {
      this.loseResponse = false
      throw new UnavailableError(undefined, 'connection reset after the write')
    }
    const first = written[0]!
    const last = written[written.length - 1]!
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.offset, prepare: first.offset },
    }
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    this.calls.push(`readStream ${streamName}`)
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this
    return (async function* () {
      self.fault('readStream')
      if (self.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName)
      const records = self.streamRecords(streamName)
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
        yield { event: self.options.omitStreamPositions === true ? { ...event, position: undefined } : event }
      }
    })()
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<AllStreamResolvedEvent> {
    this.calls.push('readAll')
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this
    return (async function* () {
      self.fault('readAll')
      const backwards = options.direction === 'backwards'
      const from = options.fromPosition ?? (backwards ? END : START)
      if (from !== START && from !== END) self.checkBoundary(from)
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)
      const candidates = backwards
        ? [...self.log].reverse().filter((r) => from === END || compare(self.positionOf(r), from as Position) < 0)
        : self.log.filter((r) => from === START || (from !== END && compare(self.positionOf(r), from) >= 0))
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
    return subscription
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.dropSubscriptions(new UnknownError(undefined, 'client disposed'))
  }

  // ---------------------------------------------------------------------------------
  // internals
  // ---------------------------------------------------------------------------------

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

  private checkBoundary(position: Position): void {
    const atRecord = this.log.some((r) => r.offset === position.commit)
    const valid =
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
    const record: StoredRecord = {
      streamName,
      id,
      revision,
      type,
      data,
      metadata,
      isJson: true,
      offset: this.nextOffset,
      created: new Date(0),
    }
    this.log.push(record)
    // Records take room in the log: positions grow by more than one, with gaps.
    this.nextOffset += BigInt(64 + data.length + metadata.length)
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

  private async pump(): Promise<void> {
    if (this.pumping || this.ended || this.destroyed) return
    this.pumping = true
    try {
      while (this.wanted && !this.ended && !this.destroyed && this.index < this.server.log.length) {
        const index = this.index
        const record = this.server.log[index]!
        this.index += 1
        this.considered += 1
        if (matches(this.eventFilter, record)) {
          this.wanted = this.push({ event: this.server.toRecorded(record) })
        }
        const every = this.server.options.checkpointEvery ?? 3
        if (this.eventFilter?.checkpointReached !== undefined && this.considered % every === 0) {
          await this.eventFilter.checkpointReached(this as unknown as AllStreamSubscription, {
            commit: this.server.postOffset(index),
            prepare: 0n,
          })
        }
      }
    } finally {
      this.pumping = false
    }
  }
}
