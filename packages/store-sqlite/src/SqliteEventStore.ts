/**
 * The embedded, durable event store: one SQLite file (better-sqlite3), in WAL mode, with its schema migrated on
 * open. It only moves rows in and out of SQLite; validation, numbering, hashing, idempotency, decoding and
 * upcasting come from the kernel's adapter kit, so it behaves exactly like every other adapter.
 *
 * @since 0.1.0
 */
import Database from 'better-sqlite3'
// The namespace, not the default import, in every type: declarations must compile without esModuleInterop.
import type * as BetterSqlite3 from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import * as TE from 'fp-ts/TaskEither'
import {
  categoryOf,
  corruptEvent,
  duplicateEventId,
  GENESIS_HASH,
  instantOf,
  type Instant,
  storageFailure,
  storeClosed,
  storeUnavailable,
  isOptionsObject,
  readOptions,
  showInput,
  type InputLimits,
  wrongExpectedRevision,
  type AppendResult,
  type Batches,
  type EventStore,
  type JsonValue,
  type RecordedStreamHead,
  type StoreError,
  type StoreOptions,
  type StreamRevision,
  type UpcasterRegistry,
} from '@ikm-ledger/core'
import {
  appendResultOf,
  lowestPositionAfter,
  STORE_OPTION_KEYS,
  storeSettings,
  readAllLoop,
  readStreamLoop,
  resolveIdempotentAppend,
  sealAppend,
  validateAppendRequest,
  validateStreamId,
  type ExistingEvent,
  type StreamHead,
  type ValidAppend,
} from '@ikm-ledger/core/adapter'
import { brokenUniqueness, isBusy } from './internal/Errors'
import { workerAppender, type WorkerAppender } from './internal/WorkerAppender'
import { checkSchemaVersion, migrate } from './internal/Schema'
import {
  MAX_INTEGER,
  prepareStatements,
  readAllParams,
  type AllFilter,
  eventRowOf,
  type RawEventRow,
  type Statements,
} from './internal/Statements'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

// Events per batch of a stream read that asks for no batch size. A page here is one synchronous statement, not a
// round trip, so batches can be small: a read keeps its batch (rows and events) alive until the caller takes it,
// and every minor garbage collection copies what is alive. With V8's young generation at its smallest (a process
// that has idled, or `--max-semi-space-size=2`), folding a 1,000-event stream ran at 91k events/s with batches of
// 500 and 126k with 50; with a grown young generation every size ran at ~130k.
const STREAM_BATCH = 64

/**
 * How the store uses its SQLite connection.
 *
 * @category model
 * @since 0.1.0
 */
export interface SqliteTuning {
  /** How long a writer waits for another process's write lock before failing with `StoreUnavailable`; 5000. */
  readonly busyTimeoutMs?: number
  /**
   * `FULL` (the default) syncs the WAL on every commit: a committed append survives a power cut. `NORMAL`
   * survives a crash of the process but may lose the last commits on a power cut, for faster appends.
   */
  readonly synchronous?: 'FULL' | 'NORMAL'
  /**
   * How often, in milliseconds, to look for commits made by other processes on the same file to wake
   * `onAppend` listeners (polls `PRAGMA data_version`, only while listeners exist); 250, or `false` to only
   * hear this store's own appends.
   */
  readonly watchIntervalMs?: number | false
  /**
   * Where appends run. `'caller'` (the default) runs each append's transaction, fsync included, on the calling
   * thread: simplest, and the fastest for a lone writer, but the event loop stands still meanwhile. `'worker'`
   * runs them on a worker thread with its own connection to the file, so a busy service keeps serving while its
   * appends wait for the disk; reads stay on the calling thread. Needs a file `path` and the built-in SHA-256.
   */
  readonly appendIn?: 'caller' | 'worker'
}

/**
 * Options of {@link createSqliteEventStore}: a file path (or `':memory:'`), or a better-sqlite3 connection the
 * caller opened and keeps owning (the store never closes it), plus the options every store takes.
 *
 * @category model
 * @since 0.1.0
 */
export type SqliteEventStoreOptions = StoreOptions &
  SqliteTuning &
  (
    | {
        readonly path: string
        readonly database?: undefined
        /**
         * Open the file read-only (for an auditor's evidence copy, which may be write-protected): no migration,
         * no change of journal mode; the file must exist and be at this package's schema version. Appends fail.
         */
        readonly readonly?: boolean
      }
    | { readonly database: BetterSqlite3.Database; readonly path?: undefined; readonly readonly?: undefined }
  )

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Opens (or creates) a SQLite event store: switches the file to WAL, applies the schema migrations in one
 * transaction and prepares every statement. Fails with `SchemaMismatch` when the file was written by a newer
 * version of this package, and with `StorageFailure` when the file cannot be opened.
 *
 * better-sqlite3 is synchronous, so opening is too; see {@link openSqliteEventStore} for a `TaskEither`.
 *
 * @example
 * import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
 *
 * const store = createSqliteEventStore({ path: 'ledger.sqlite' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): E.Either<StoreError, EventStore> => {
  const refuse = (reason: string) => E.left(storageFailure('open the SQLite store', reason))
  // Read once, field by field: a getter or a proxy's trap that throws is a refusal naming it, and nothing below
  // looks at the caller's object again.
  if (!isOptionsObject(options)) return refuse(`its options must be an object, got ${showInput(options)}`)
  const read = readOptions(options, OPTION_KEYS, 'its options')
  if (E.isLeft(read)) return refuse(read.left)
  const fields = read.right as Partial<Omit<SqliteEventStoreOptions, 'database'>> & {
    readonly database?: BetterSqlite3.Database
  }
  const settings = storeSettings(read.right)
  if (E.isLeft(settings)) return refuse(settings.left)
  const tuning = checkTuning(fields)
  if (E.isLeft(tuning)) return tuning
  const { busyTimeoutMs, synchronous, watchIntervalMs, appendIn } = tuning.right
  const { clock, limits, sha256, upcasters } = settings.right
  const owned = fields.database === undefined
  let db: BetterSqlite3.Database
  try {
    db =
      fields.database ??
      (fields.readonly === true
        ? new Database(fields.path, { timeout: busyTimeoutMs, readonly: true, fileMustExist: true })
        : new Database(fields.path, { timeout: busyTimeoutMs }))
  } catch (cause) {
    return E.left(storageFailure(`open the SQLite file '${String(fields.path)}'`, cause))
  }
  const fail = (error: StoreError): E.Either<StoreError, EventStore> => {
    if (owned) db.close()
    return E.left(error)
  }
  let name: string
  let migrated: E.Either<StoreError, number>
  try {
    name = db.name
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    if (!db.memory && !db.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true })
      if (mode !== 'wal') {
        return fail(storageFailure('switch the SQLite file to WAL', `the journal mode stayed '${String(mode)}'`))
      }
    }
    if (!db.readonly) db.pragma(`synchronous = ${synchronous}`)
  } catch (cause) {
    return fail(storageFailure(`configure the SQLite file${owned ? ` '${String(fields.path)}'` : ''}`, cause))
  }
  try {
    migrated = db.readonly ? checkSchemaVersion(db) : migrate(db, instantOf(clock.now()))
  } catch (cause) {
    // Only the clock can throw here (the migration catches its own): a clock whose reading is no valid Date.
    return fail(storageFailure(`migrate the SQLite file '${name}'`, cause))
  }
  if (E.isLeft(migrated)) return fail(migrated.left)
  let statements: Statements
  try {
    statements = prepareStatements(db)
  } catch (cause) {
    return fail(storageFailure('prepare the event store statements', cause))
  }
  return E.right(
    sqliteEventStore(db, statements, {
      owned,
      clock,
      limits,
      sha256,
      upcasters,
      busyTimeoutMs,
      watchIntervalMs: db.memory ? false : watchIntervalMs,
      // Started after the migration above, so the worker finds the schema current.
      worker: appendIn === 'worker' ? workerAppender({ path: fields.path!, busyTimeoutMs, synchronous }) : undefined,
    }),
  )
}

const OPTION_KEYS = [
  ...STORE_OPTION_KEYS,
  'path',
  'database',
  'readonly',
  'busyTimeoutMs',
  'synchronous',
  'watchIntervalMs',
  'appendIn',
] as const

/**
 * {@link createSqliteEventStore} as a `TaskEither`, for composing with other asynchronous set-up.
 *
 * @category constructors
 * @since 0.1.0
 */
export const openSqliteEventStore =
  (options: SqliteEventStoreOptions): TE.TaskEither<StoreError, EventStore> =>
  () =>
    Promise.resolve(createSqliteEventStore(options))

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

interface Tuning {
  readonly busyTimeoutMs: number
  readonly synchronous: 'FULL' | 'NORMAL'
  readonly watchIntervalMs: number | false
  readonly appendIn: 'caller' | 'worker'
}

const checkTuning = (
  options: Partial<Record<(typeof OPTION_KEYS)[number], unknown>> & Partial<SqliteTuning>,
): E.Either<StoreError, Tuning> => {
  const problem = (reason: string) => E.left(storageFailure('open the SQLite event store', reason))
  if ((options.path === undefined) === (options.database === undefined)) {
    return problem('give either a file path (or ":memory:") or an open better-sqlite3 database, not both or none')
  }
  if (options.path !== undefined && (typeof options.path !== 'string' || options.path.length === 0)) {
    return problem('the path must be a non-empty string: a file name or ":memory:"')
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    return problem(`busyTimeoutMs must be a whole number of milliseconds >= 0, got ${String(busyTimeoutMs)}`)
  }
  const synchronous = options.synchronous ?? 'FULL'
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    return problem(`synchronous must be 'FULL' or 'NORMAL', got ${String(synchronous)}`)
  }
  const watchIntervalMs = options.watchIntervalMs ?? 250
  if (watchIntervalMs !== false && (!Number.isSafeInteger(watchIntervalMs) || watchIntervalMs <= 0)) {
    return problem(`watchIntervalMs must be a positive whole number or false, got ${String(watchIntervalMs)}`)
  }
  const appendIn = options.appendIn ?? 'caller'
  if (appendIn !== 'caller' && appendIn !== 'worker') {
    return problem(`appendIn must be 'caller' or 'worker', got ${String(appendIn)}`)
  }
  if (appendIn === 'worker') {
    if (options.path === undefined || options.path === ':memory:' || options.readonly === true) {
      return problem("appendIn: 'worker' needs the path of a file the store may write (the worker opens its own)")
    }
    if (options.sha256 !== undefined) {
      return problem("appendIn: 'worker' hashes with the built-in SHA-256; a sha256 option cannot reach the worker")
    }
  }
  return E.right({ busyTimeoutMs, synchronous, watchIntervalMs, appendIn })
}

interface Config {
  readonly owned: boolean
  readonly clock: { readonly now: () => Date }
  readonly limits: InputLimits
  readonly sha256: (input: string) => string
  readonly upcasters: UpcasterRegistry
  readonly busyTimeoutMs: number
  readonly watchIntervalMs: number | false
  readonly worker: WorkerAppender | undefined
}

const minBigInt = (a: bigint, b: bigint): bigint => (a < b ? a : b)

const parseJson = (text: string): E.Either<string, JsonValue> => {
  try {
    return E.right(JSON.parse(text) as JsonValue)
  } catch (cause) {
    return E.left(String(cause))
  }
}

// Integers come back as bigint; the envelope's schema version is a number.
/** A read that starts afresh each time it is iterated. */
const batches = <B>(read: () => AsyncGenerator<E.Either<StoreError, B>>): Batches<B> => ({
  [Symbol.asyncIterator]: read,
})

const sqliteEventStore = (db: BetterSqlite3.Database, s: Statements, config: Config): EventStore => {
  const { clock, sha256, upcasters } = config
  let closed = false
  const listeners = new Set<() => void>()
  let watcher: ReturnType<typeof setInterval> | undefined
  let seenDataVersion = 0

  const run =
    <A>(operation: string, f: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    () => {
      if (closed) return Promise.resolve(E.left(storeClosed(operation)))
      try {
        return Promise.resolve(f())
      } catch (cause) {
        return Promise.resolve(E.left(failure(operation, cause)))
      }
    }

  const failure = (operation: string, cause: unknown): StoreError =>
    isBusy(cause)
      ? storeUnavailable(
          operation,
          `another connection held the SQLite file's lock for longer than the busy timeout (${config.busyTimeoutMs} ms)`,
        )
      : storageFailure(operation, cause)

  const notify = () => {
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch {
        // A listener's failure is its own; the append it hears about has committed.
      }
    }
  }

  // ----- append ----------------------------------------------------------------------

  const existingEvents = (valid: ValidAppend): E.Either<StoreError, ReadonlyArray<ExistingEvent>> => {
    const existing: Array<ExistingEvent> = []
    for (const event of valid.events) {
      const row = s.findEvent.get(event.eventId)
      if (row === undefined) continue
      const data = parseJson(row.data)
      if (E.isLeft(data)) {
        return E.left(
          corruptEvent(row.streamId, row.revision, row.position, `its data is not valid JSON (${data.left})`),
        )
      }
      const metadata = parseJson(row.metadata)
      if (E.isLeft(metadata)) {
        return E.left(
          corruptEvent(row.streamId, row.revision, row.position, `its metadata is not valid JSON (${metadata.left})`),
        )
      }
      existing.push({ ...row, schemaVersion: Number(row.schemaVersion), data: data.right, metadata: metadata.right })
    }
    return E.right(existing)
  }

  // Runs under BEGIN IMMEDIATE: the write lock is taken before the head is read, so the expected-revision check,
  // the numbering and the insert see the same stream state as every other writer, in every process.
  const appendTransaction = db.transaction((valid: ValidAppend): E.Either<StoreError, AppendResult> => {
    const existing = existingEvents(valid)
    if (E.isLeft(existing)) return existing
    const replay = resolveIdempotentAppend(valid, existing.right)
    if (E.isLeft(replay)) return replay
    if (replay.right !== undefined) return E.right(replay.right)
    const row = s.head.get(valid.streamId)
    const head: StreamHead =
      row === undefined
        ? { revision: 'no_stream', lastHash: GENESIS_HASH }
        : {
            revision: row.revision,
            lastHash: row.lastHash,
            ...(row.lastRecordedAt === null ? {} : { lastRecordedAt: row.lastRecordedAt as Instant }),
          }
    const sealed = sealAppend(valid, head, instantOf(clock.now()), sha256)
    if (E.isLeft(sealed)) return sealed
    let firstPosition = 0n
    let lastPosition = 0n
    for (const event of sealed.right) {
      const { lastInsertRowid } = s.insertEvent.run(
        event.streamId,
        event.category,
        event.revision,
        event.eventId,
        event.type,
        event.schemaVersion,
        event.dataJson,
        event.metadataJson,
        event.metadata.occurredOn,
        event.metadata.recordedAt,
        event.hash,
        event.prevHash,
      )
      lastPosition = BigInt(lastInsertRowid)
      if (firstPosition === 0n) firstPosition = lastPosition
    }
    const last = sealed.right[sealed.right.length - 1]!
    s.upsertHead.run(last.streamId, last.category, last.revision, last.hash, lastPosition)
    return E.right(appendResultOf(sealed.right, firstPosition, lastPosition))
  })

  // A uniqueness violation means a writer that bypassed the `streams` head got there first (the head table and
  // the events disagree, or a foreign tool wrote rows): report it as the conflict it is, never as a crash.
  const appendConflict = (valid: ValidAppend, cause: unknown): StoreError => {
    const broken = brokenUniqueness(cause)
    try {
      if (broken === 'revision') {
        const actual: StreamRevision = s.maxRevisionInEvents.get(valid.streamId)?.revision ?? 'no_stream'
        return wrongExpectedRevision(valid.streamId, valid.expected, actual)
      }
      if (broken === 'event_id') {
        for (const event of valid.events) {
          const row = s.findEvent.get(event.eventId)
          if (row !== undefined) {
            return duplicateEventId(
              event.eventId,
              valid.streamId,
              row.streamId,
              row.revision,
              'another writer recorded it while this batch was being written',
            )
          }
        }
      }
    } catch {
      // The original failure is the better report.
    }
    return failure('append', cause)
  }

  const appendOnWorker =
    (worker: WorkerAppender): EventStore['append'] =>
    (streamId, events, options) =>
    async () => {
      if (closed) return E.left(storeClosed('append'))
      const valid = validateAppendRequest(streamId, events, options)
      if (E.isLeft(valid)) return valid
      const result = await worker.append(valid.right, instantOf(clock.now()))
      if (E.isRight(result) && !result.right.deduplicated) notify()
      return result
    }

  const appendHere: EventStore['append'] = (streamId, events, options) =>
    run('append', () => {
      const valid = validateAppendRequest(streamId, events, options, config.limits)
      if (E.isLeft(valid)) return valid
      let result: E.Either<StoreError, AppendResult>
      try {
        result = appendTransaction.immediate(valid.right)
      } catch (cause) {
        return E.left(appendConflict(valid.right, cause))
      }
      if (E.isRight(result) && !result.right.deduplicated) notify()
      return result
    })

  const append = config.worker === undefined ? appendHere : appendOnWorker(config.worker)

  // ----- reads -----------------------------------------------------------------------

  const context = { sha256, upcasters, isClosed: () => closed }

  const readStream: EventStore['readStream'] = (streamId, options) =>
    readStreamLoop(
      context,
      {
        operation: 'read a stream',
        boundsInFetch: true,
        defaultBatchSize: STREAM_BATCH,
        recordedHead: async (id) => {
          try {
            const head = s.head.get(id)
            return E.right(head === undefined ? 'no_stream' : { revision: head.revision, lastHash: head.lastHash })
          } catch (cause) {
            return E.left(failure(`read the head of stream '${id}'`, cause))
          }
        },
        open: (id, o) => {
          const forwards = o.direction === 'forwards'
          const statement = forwards ? s.streamForwards : s.streamBackwards
          const category = categoryOf(id)
          return async (cursor, limit) => {
            try {
              const rows = statement.all({
                streamId: id,
                category,
                low: forwards ? (cursor ?? 0n) : 0n,
                high: forwards ? (o.untilRevision ?? MAX_INTEGER) : (cursor ?? MAX_INTEGER),
                untilPosition: o.untilPosition ?? MAX_INTEGER,
                limit,
              })
              return E.right(rows.map((row) => eventRowOf(row, id, category)))
            } catch (cause) {
              return E.left(failure(`read stream '${id}'`, cause))
            }
          }
        },
      },
      streamId,
      options,
    )

  // The batch and the head it is measured against come from one read transaction (one WAL snapshot), so a
  // checkpoint never claims a position whose commit the query did not see.
  const readAllSnapshot = db.transaction((filter: AllFilter, after: bigint, until: bigint, limit: number) => ({
    rows: s.readAll(filter).all(...readAllParams(filter, lowestPositionAfter(after), until, limit)),
    head: s.headPosition.get()?.position ?? 0n,
  }))

  const readAll: EventStore['readAll'] = (options) =>
    readAllLoop(
      context,
      {
        operation: 'read all streams',
        open: (o) => {
          const filter: AllFilter = { categories: o.categories, types: o.types }
          const until = o.untilPosition ?? MAX_INTEGER
          return async (after, limit) => {
            // Nothing is stored above the largest integer (and `after + 1` would not bind).
            if (after >= MAX_INTEGER) return E.right({ rows: [], scanned: after, more: false })
            let snapshot: { readonly rows: ReadonlyArray<RawEventRow>; readonly head: bigint }
            try {
              snapshot = readAllSnapshot.deferred(filter, after, until, limit)
            } catch (cause) {
              return E.left(failure('read all streams', cause))
            }
            const { rows, head } = snapshot
            const full = rows.length === limit
            // A short batch means the query saw everything up to the head of its snapshot.
            const scanned = full ? rows[rows.length - 1]![0] : minBigInt(head, until)
            return E.right({ rows: rows.map((row) => eventRowOf(row)), scanned, more: full })
          }
        },
      },
      options,
    )

  const streamRevision: EventStore['streamRevision'] = (streamId) =>
    run('read a stream revision', () => {
      const id = validateStreamId(streamId)
      if (E.isLeft(id)) return id
      return E.right<StoreError, StreamRevision>(s.head.get(id.right)?.revision ?? 'no_stream')
    })

  const streamExists: EventStore['streamExists'] = (streamId) =>
    run('check whether a stream exists', () => {
      const id = validateStreamId(streamId)
      if (E.isLeft(id)) return id
      return E.right(s.head.get(id.right) !== undefined)
    })

  const streamHeads: NonNullable<EventStore['streamHeads']> = (categories) =>
    batches(async function* (): AsyncGenerator<E.Either<StoreError, ReadonlyArray<RecordedStreamHead>>> {
      let after = ''
      for (;;) {
        if (closed) {
          yield E.left(storeClosed('read the stream heads'))
          return
        }
        let rows: ReadonlyArray<{ streamId: string; category: string; revision: bigint; lastHash: string }>
        try {
          rows = s.heads.all(after, HEADS_BATCH)
        } catch (cause) {
          yield E.left(failure('read the stream heads', cause))
          return
        }
        if (rows.length === 0) return
        const wanted = categories === undefined ? rows : rows.filter((r) => categories.includes(r.category))
        yield E.right(wanted.map((r) => ({ streamId: r.streamId, revision: r.revision, lastHash: r.lastHash })))
        after = rows[rows.length - 1]!.streamId
        if (rows.length < HEADS_BATCH) return
      }
    })

  const headPosition: EventStore['headPosition'] = () =>
    run('read the head position', () => E.right(s.headPosition.get()?.position ?? 0n))

  // ----- notifications and lifecycle -------------------------------------------------

  const startWatcher = () => {
    if (watcher !== undefined || config.watchIntervalMs === false) return
    seenDataVersion = s.dataVersion.get() ?? 0
    watcher = setInterval(() => {
      if (closed) return
      try {
        const version = s.dataVersion.get() ?? 0
        if (version !== seenDataVersion) {
          seenDataVersion = version
          notify()
        }
      } catch {
        // A failed poll is tried again at the next tick.
      }
    }, config.watchIntervalMs)
    watcher.unref()
  }

  const stopWatcher = () => {
    if (watcher !== undefined) clearInterval(watcher)
    watcher = undefined
  }

  const onAppend: EventStore['onAppend'] = (listener) => {
    // A wrapper per registration, so the same function registered twice is two subscriptions.
    const own = () => listener()
    listeners.add(own)
    if (!closed) startWatcher()
    return () => {
      listeners.delete(own)
      if (listeners.size === 0) stopWatcher()
    }
  }

  // Closing twice is harmless: a shutdown hook and a finally block may both call it.
  const close: EventStore['close'] = () =>
    closed
      ? TE.right(undefined)
      : async () => {
          closed = true
          stopWatcher()
          listeners.clear()
          try {
            await config.worker?.close()
            if (config.owned) db.close()
            return E.right(undefined)
          } catch (cause) {
            return E.left(failure('close', cause))
          }
        }

  return {
    append,
    readStream,
    readAll,
    streamRevision,
    streamExists,
    headPosition,
    streamHeads,
    // AUTOINCREMENT under the one write lock, rolled back with its transaction: never a position left out.
    densePositions: true,
    onAppend,
    close,
  }
}

const HEADS_BATCH = 1000
