/**
 * The PostgreSQL event store: the kernel's `EventStore` port on a `pg` pool, with gap-safe global ordering.
 *
 * - **Append** is one call of a plpgsql function in the common case: the appender seals the batch (numbers and
 *   hashes it) against the stream head it remembers, and the function locks the stream's row, checks that head
 *   and writes the batch, all in one statement. A stale head costs two more round trips (the real head, then its
 *   `recordedAt`), never a wrong answer.
 * - **Ordering**: positions are assigned only by the holder of a transaction-scoped advisory lock held until
 *   that assignment commits — an append that finds the lock free numbers its own batch; otherwise the batch
 *   commits unnumbered (sharing WAL flushes with other writers) and `sequence(…)` numbers every committed batch
 *   at once. A reader reading "after p" can never miss an event that commits later with a lower position (see
 *   docs/stores.md for the proof and trade-offs).
 * - **Groups**: appends that arrive while another of this store is in flight leave together when it is back, in
 *   one `append_group(…)` statement and one commit, each batch checked on its own (`internal/AppendGroups`).
 * - **Reads** stream in batches by keyset pagination; every bound and filter is done in SQL.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import pg from 'pg'
// Named types, not the default import's members, in every type: declarations must compile without esModuleInterop.
import type { Pool } from 'pg'
import {
  categoryOf,
  corruptEvent,
  instantOf,
  satisfiesExpected,
  storageFailure,
  storeClosed,
  storeUnavailable,
  readOptions,
  showInput,
  wrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type Instant,
  type RecordedStreamHead,
  type StoreError,
  type StoreOptions,
  type StreamRevision,
} from '@ikm-ledger/core'
import {
  type RecordedHead,
  appendResultOf,
  lowestPositionAfter,
  lru,
  MAX_STORED_POSITION,
  readAllLoop,
  readStreamLoop,
  resolveIdempotentAppend,
  sealAppend,
  STORE_OPTION_KEYS,
  storeSettings,
  type StoreSettings,
  validateAppendRequest,
  validateStreamId,
  type ExistingEvent,
  type SealedEvent,
  type StreamHead,
  type ValidAppend,
} from '@ikm-ledger/core/adapter'
import { appendListener } from './internal/Listener'
import { migrate } from './internal/Migrate'
import { appendGroups } from './internal/AppendGroups'
import { isStatementError, isUniqueViolation, pgErrorToStoreError } from './internal/PgErrors'
import {
  EVENT_COLUMNS,
  EVENT_NULLS,
  headOf,
  headRevisionParam,
  parseExisting,
  eventRowAt,
  streamEventColumns,
  unnumberedIds,
  RAW_TEXT,
  type AppendRow,
} from './internal/Rows'
import { joinedTexts, splitTexts, textArray } from './internal/Params'
import { DEFAULT_SCHEMA, schemaNameProblem, schemaNames } from './internal/Schema'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Settings of {@link openPostgresEventStore}.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresEventStoreOptions extends StoreOptions {
  /** A pool to use; the store never ends a pool it was given. */
  readonly pool?: Pool
  /** Used to create a pool when none is given (otherwise the `PG*` environment variables apply). */
  readonly connectionString?: string
  /** Connections of the pool the store creates; defaults to 10. */
  readonly maxConnections?: number
  /** The PostgreSQL schema holding the store's tables; defaults to `ikm_ledger`. Any name works; it is quoted. */
  readonly schema?: string
  /** Stream heads remembered to seal appends without reading first; defaults to 10 000 (0 turns it off). */
  readonly headCacheSize?: number
  /**
   * Events one grouped append may carry: appends that arrive while another of this store is on its way to the
   * server are sent together, in one statement and one commit, when it is back. Defaults to 1000; 0 sends every
   * append on its own.
   */
  readonly groupEvents?: number
  /**
   * `false` opens an existing store only: nothing is created or migrated, and a schema that holds no ledger (a
   * mistyped name) or an older version fails with `SchemaMismatch`. For readers such as an auditor's tools. Default
   * `true`: the schema is created or brought up to date.
   */
  readonly migrate?: boolean
}

/**
 * An event store on PostgreSQL.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresEventStore extends EventStore {
  /** The schema holding the store's tables. */
  readonly schema: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const MAX_APPEND_ATTEMPTS = 20

/**
 * Opens a store: creates a pool unless one is given, creates or migrates the schema (several processes may do
 * this at once), and returns the store. Fails with `SchemaMismatch` when the database holds a newer schema
 * than this library knows, and with `StoreUnavailable` when the server cannot be reached.
 *
 * @example
 * const store = await openPostgresEventStore({ connectionString: 'postgres://localhost/ledger' })()
 *
 * @category constructors
 * @since 0.1.0
 */
export const openPostgresEventStore = (
  options: PostgresEventStoreOptions = {},
): TE.TaskEither<StoreError, PostgresEventStore> => {
  const refuse = (reason: string) => TE.left(storageFailure('open the PostgreSQL store', reason))
  // Read once, field by field: a getter or a proxy's trap that throws is a refusal naming it, and nothing below
  // looks at the caller's object again.
  const read = readOptions(options, OPTION_KEYS, 'its options')
  if (E.isLeft(read)) return refuse(read.left)
  const fields = read.right as Partial<PostgresEventStoreOptions>
  const settings = storeSettings(read.right)
  if (E.isLeft(settings)) return refuse(settings.left)
  const groupEvents = fields.groupEvents ?? 1000
  if (!Number.isSafeInteger(groupEvents) || groupEvents < 0) {
    return TE.left(
      storageFailure(
        'open the PostgreSQL store',
        new Error(`groupEvents must be a whole number of events, 0 or more, got ${showInput(groupEvents)}`),
      ),
    )
  }
  const schema = fields.schema ?? DEFAULT_SCHEMA
  const problem = schemaNameProblem(schema)
  if (problem !== undefined) {
    return TE.left(
      storageFailure(
        'open the PostgreSQL store',
        new Error(
          `schema name ${typeof schema === 'string' ? `'${schema}'` : showInput(schema)} cannot be used: ${problem}`,
        ),
      ),
    )
  }
  for (const [name, value, least] of [
    ['maxConnections', fields.maxConnections, 1],
    ['headCacheSize', fields.headCacheSize, 0],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < least)) {
      return refuse(`${name} must be a whole number, ${least} or more, got ${showInput(value)}`)
    }
  }
  if (fields.migrate !== undefined && typeof fields.migrate !== 'boolean') {
    return refuse(`migrate must be true or false, got ${showInput(fields.migrate)}`)
  }
  if (fields.connectionString !== undefined && typeof fields.connectionString !== 'string') {
    return refuse(`connectionString must be a string, got ${showInput(fields.connectionString)}`)
  }
  const names = schemaNames(schema)
  return async () => {
    const owned = fields.pool === undefined
    let pool: Pool
    try {
      pool = fields.pool ?? new pg.Pool(ownPoolConfig(fields.connectionString, fields.maxConnections ?? 10))
      // An idle connection the server closes emits 'error' on the pool; unhandled it would end the process.
      if (owned) pool.on('error', () => undefined)
    } catch (cause) {
      return E.left(storageFailure('open the PostgreSQL store', cause))
    }
    const migrated = await migrate(pool, names, fields.migrate === false ? 'check' : 'migrate')
    const isolated = E.isLeft(migrated) ? migrated : await readCommittedProblem(pool)
    if (E.isLeft(isolated)) {
      if (owned) await pool.end().catch(() => undefined)
      return isolated
    }
    return E.right(
      openStore(pool, owned, names, {
        ...settings.right,
        headCacheSize: fields.headCacheSize ?? 10_000,
        groupEvents,
      }),
    )
  }
}

const OPTION_KEYS = [
  ...STORE_OPTION_KEYS,
  'pool',
  'connectionString',
  'maxConnections',
  'schema',
  'headCacheSize',
  'groupEvents',
  'migrate',
] as const

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * The store's own pool. The ordering design needs READ COMMITTED (a batch committed unnumbered is numbered by a
 * later statement that must see it), so its connections start with it whatever the database, role or URL default
 * to: the server option is added after any `options` the URL gives (the later setting wins), and the URL's own is
 * taken out because the driver would let it replace the whole option string.
 */
const ownPoolConfig = (connectionString: string | undefined, max: number): pg.PoolConfig => {
  const isolation = '-c default_transaction_isolation=read\\ committed'
  if (connectionString === undefined) return { max, options: isolation }
  try {
    const url = new URL(connectionString)
    const given = url.searchParams.get('options')
    if (given === null) return { connectionString, max, options: isolation }
    url.searchParams.delete('options')
    return { connectionString: url.toString(), max, options: `${given} ${isolation}` }
  } catch {
    return { connectionString, max, options: isolation }
  }
}

/**
 * Refuses a pool whose connections start their transactions in another isolation level than READ COMMITTED
 * (a database, role or pool setting): under REPEATABLE READ or SERIALIZABLE a committed batch could not be
 * numbered and its append would be reported failed although stored.
 */
const readCommittedProblem = async (pool: Pool): Promise<E.Either<StoreError, void>> => {
  try {
    const found = await pool.query<{ level: string }>(
      `SELECT current_setting('default_transaction_isolation') AS level`,
    )
    const level = found.rows[0]?.level ?? 'unknown'
    return level === 'read committed'
      ? E.right(undefined)
      : E.left(
          storageFailure(
            'open the PostgreSQL store',
            new Error(
              `its connections default to '${level}' isolation, but the store needs 'read committed': pass a pool ` +
                `whose connections use it (options: '-c default_transaction_isolation=read\\ committed'), or ` +
                `ALTER ROLE … SET default_transaction_isolation = 'read committed'`,
            ),
          ),
        )
  } catch (cause) {
    return E.left(pgErrorToStoreError('read the transaction isolation level', cause))
  }
}

interface Settings extends StoreSettings {
  readonly headCacheSize: number
  readonly groupEvents: number
}

/** One sealed append on its way to the server. */
interface AppendJob {
  readonly streamId: string
  readonly headRevision: string
  readonly headHash: string
  readonly events: ReadonlyArray<SealedEvent>
}

type Names = ReturnType<typeof schemaNames>

const NEW_STREAM: StreamHead = headOf(null, null)

const openStore = (pool: Pool, owned: boolean, names: Names, settings: Settings): PostgresEventStore => {
  const { q } = names
  // A stale head is harmless: the append function compares it with the locked row and answers with the real one.
  const heads = lru<string, StreamHead>(settings.headCacheSize)
  let closed = false

  const clientConfig: pg.ClientConfig = pool.options
  const listener = appendListener({
    channel: names.channel,
    connect: async () => {
      const client = new pg.Client(clientConfig)
      client.on('error', () => undefined)
      try {
        await client.connect()
        return client
      } catch (cause) {
        await client.end().catch(() => undefined)
        throw cause
      }
    },
  })

  const rows = async <R>(text: string, values: ReadonlyArray<unknown>, name?: string): Promise<ReadonlyArray<R>> => {
    const config: pg.QueryConfig = { text, values: [...values], types: RAW_TEXT }
    const result = await pool.query(name === undefined ? config : { ...config, name: names.statementPrefix + name })
    return result.rows as ReadonlyArray<R>
  }

  // Event reads: prepared once per connection under a name for their shape, rows as arrays (see `eventRowAt`).
  const arrays = async (
    text: string,
    values: ReadonlyArray<unknown>,
    name: string,
  ): Promise<ReadonlyArray<ReadonlyArray<string | null>>> => {
    const result = await pool.query<Array<string | null>>({
      text,
      values: [...values],
      types: RAW_TEXT,
      rowMode: 'array',
      name: names.statementPrefix + name,
    })
    return result.rows
  }

  // `operation` is the name every store gives the call in StoreClosed; `detail` says more in a failure.
  const run = <A>(
    operation: string,
    task: () => Promise<E.Either<StoreError, A>>,
    detail: string = operation,
  ): TE.TaskEither<StoreError, A> =>
    closed
      ? TE.left(storeClosed(operation))
      : pipe(
          TE.tryCatch(task, (cause) => pgErrorToStoreError(detail, cause)),
          TE.flatMap(TE.fromEither),
        )

  // ---------------------------------------------------------------------------------
  // append
  // ---------------------------------------------------------------------------------

  /** The nine per-event arguments of both append functions, from parameter `$first` on, as {@link eventArrays} sends them. */
  const eventParams = (first: number): string =>
    [
      `${splitTexts(`$${first}`)}::uuid[]`,
      splitTexts(`$${first + 1}`),
      `$${first + 2}::integer[]`,
      ...[3, 4, 5, 6, 7, 8].map((k) => splitTexts(`$${first + k}`)),
    ].join(', ')

  const APPEND_SQL = `SELECT status, head_revision::text AS head_revision, head_hash, first_position::text AS first_position,
    last_position::text AS last_position, existing::text AS existing
    FROM ${q}.append($1, $2, $3, $4, ${eventParams(5)}, true)`

  const SEQUENCE_SQL = `SELECT first_position::text AS first_position, last_position::text AS last_position
    FROM ${q}.sequence($1::uuid[])`

  /** The positions of a committed batch, numbering it (and everything committed before it) if nobody has. */
  const sequence = async (ids: ReadonlyArray<string>) => {
    const [row] = await rows<{ first_position: string; last_position: string }>(SEQUENCE_SQL, [ids], 'sequence')
    return { first: BigInt(row!.first_position), last: BigInt(row!.last_position) }
  }

  const HEAD_SQL = `SELECT (SELECT s.revision::text FROM ${q}.streams s WHERE s.stream_id = $1) AS revision,
    (SELECT s.last_hash FROM ${q}.streams s WHERE s.stream_id = $1) AS last_hash,
    (SELECT e.recorded_at FROM ${q}.streams s JOIN ${q}.events e ON e.stream_id = s.stream_id
      AND e.revision = s.revision WHERE s.stream_id = $1) AS last_recorded_at,
    ${q}.existing_events($2::uuid[])::text AS existing`

  const RECORDED_AT_SQL = `SELECT recorded_at FROM ${q}.events WHERE stream_id = $1 AND revision = $2::bigint`

  /** The head as committed now, and whatever is stored under the batch's ids, from one snapshot. */
  const readHead = async (append: ValidAppend) => {
    const [row] = await rows<{
      revision: string | null
      last_hash: string | null
      last_recorded_at: string | null
      existing: string | null
    }>(HEAD_SQL, [append.streamId, append.events.map((e) => e.eventId)], 'head')
    return {
      head: headOf(row?.revision ?? null, row?.last_hash ?? null, row?.last_recorded_at),
      existing: row?.existing ?? null,
    }
  }

  /** `recordedAt` of a stream's event at a revision, so a batch sealed against that head is never stamped earlier. */
  const recordedAtOf = async (streamId: string, revision: string | null): Promise<string | null> => {
    if (revision === null || revision === '-1') return null
    const [row] = await rows<{ recorded_at: string }>(RECORDED_AT_SQL, [streamId, revision], 'recordedAt')
    return row?.recorded_at ?? null
  }

  const GROUP_SQL = `SELECT status, head_revision::text AS head_revision, head_hash, first_position::text AS first_position,
    last_position::text AS last_position, existing::text AS existing
    FROM ${q}.append_group($1, $2, $3::bigint[], $4, $5::integer[], ${eventParams(6)})`

  /**
   * The per-event columns of a sealed batch, in the order both append functions take them: each a text joined by
   * a separator none of their values can hold, split by the statement ({@link eventParams}), except the schema
   * versions, an integer array.
   */
  const eventArrays = (events: ReadonlyArray<SealedEvent>) => [
    joinedTexts(events.map((e) => e.eventId)),
    joinedTexts(events.map((e) => e.type)),
    events.map((e) => e.schemaVersion),
    joinedTexts(events.map((e) => e.dataJson)),
    joinedTexts(events.map((e) => e.metadataJson)),
    joinedTexts(events.map((e) => e.metadata.occurredOn)),
    joinedTexts(events.map((e) => e.metadata.recordedAt)),
    joinedTexts(events.map((e) => e.hash)),
    joinedTexts(events.map((e) => e.prevHash)),
  ]

  const sendAppend = appendGroups<AppendJob, AppendRow>({
    alone: async (job) => {
      const [row] = await rows<AppendRow>(
        APPEND_SQL,
        [job.streamId, job.events[0]!.category, job.headRevision, job.headHash, ...eventArrays(job.events)],
        'append',
      )
      return row!
    },
    together: async (jobs) => {
      const events = jobs.flatMap((job) => job.events)
      const found = await rows<AppendRow>(
        GROUP_SQL,
        [
          textArray(jobs.map((job) => job.streamId)),
          textArray(jobs.map((job) => job.events[0]!.category)),
          jobs.map((job) => job.headRevision),
          textArray(jobs.map((job) => job.headHash)),
          jobs.map((job) => job.events.length),
          ...eventArrays(events),
        ],
        'appendGroup',
      )
      return found.map((row) => (row.status === 'busy' ? 'alone' : row))
    },
    rolledBack: isStatementError,
    streamOf: (job) => job.streamId,
    eventsOf: (job) => job.events.length,
    maxEvents: settings.groupEvents,
    // One statement in flight: the appends that arrive meanwhile queue for it and leave together, one commit.
    maxInFlight: settings.groupEvents === 0 ? Number.POSITIVE_INFINITY : 1,
  })

  const callAppend = async (append: ValidAppend, head: StreamHead, recordedAt: Instant) => {
    const sealed = sealAppend(append, head, recordedAt, settings.sha256)
    if (E.isLeft(sealed)) return { sealed, row: undefined }
    try {
      const row = await sendAppend({
        streamId: append.streamId,
        headRevision: headRevisionParam(head),
        headHash: head.lastHash,
        events: sealed.right,
      })
      return { sealed, row }
    } catch (cause) {
      // Another stream took one of the ids between our check and our insert: look again from the top.
      if (isUniqueViolation(cause)) return { sealed, row: undefined }
      throw cause
    }
  }

  /**
   * The stored metadata of events found under a batch's ids. Only a re-send or a reused id gets here, so the
   * lookup stays off the common append path; stored metadata never changes, so a separate read sees what the
   * append saw.
   */
  const withMetadata = async (
    existing: ReadonlyArray<Omit<ExistingEvent, 'metadata'>>,
  ): Promise<E.Either<StoreError, ReadonlyArray<ExistingEvent>>> => {
    if (existing.length === 0) return E.right([])
    const found = await rows<{ event_id: string; metadata: string }>(
      `SELECT event_id::text AS event_id, metadata FROM ${q}.events WHERE event_id = ANY ($1::uuid[])`,
      [existing.map((e) => e.eventId)],
      'existingMetadata',
    )
    const byId = new Map(found.map((row) => [row.event_id, row.metadata]))
    const complete: Array<ExistingEvent> = []
    for (const event of existing) {
      const text = byId.get(event.eventId)
      let metadata: unknown
      try {
        metadata = text === undefined ? undefined : JSON.parse(text)
      } catch (cause) {
        return E.left(
          corruptEvent(event.streamId, event.revision, event.position, `its metadata is not valid JSON (${cause})`),
        )
      }
      complete.push({ ...event, metadata })
    }
    return E.right(complete)
  }

  /** A re-sent batch's original result, a conflict, or `undefined` when none of the ids is stored. */
  const resolveExisting = async (
    append: ValidAppend,
    partial: ReadonlyArray<Omit<ExistingEvent, 'metadata'>>,
  ): Promise<E.Either<StoreError, AppendResult> | undefined> => {
    const existing = await withMetadata(partial)
    if (E.isLeft(existing)) return existing
    const resolved = resolveIdempotentAppend(append, existing.right)
    if (E.isLeft(resolved)) return resolved
    return resolved.right === undefined ? undefined : E.right(resolved.right)
  }

  const appendValid = async (append: ValidAppend): Promise<E.Either<StoreError, AppendResult>> => {
    const { streamId, expected } = append
    const recordedAt = instantOf(settings.clock.now())
    let head: StreamHead | undefined =
      heads.get(streamId) ?? (expected === 'any' || expected === 'no_stream' ? NEW_STREAM : undefined)
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      if (head === undefined || !satisfiesExpected(expected, head.revision)) {
        // The remembered head would refuse the append: check against the committed state before saying so,
        // and find out whether this is a re-sent batch.
        const fresh = await readHead(append)
        const unnumbered = unnumberedIds(fresh.existing)
        if (unnumbered.length > 0) {
          await sequence(unnumbered)
          continue
        }
        const existing = parseExisting(fresh.existing)
        if (E.isLeft(existing)) return existing
        const resolved = await resolveExisting(append, existing.right)
        if (resolved !== undefined) return resolved
        head = fresh.head
        heads.set(streamId, head)
        if (!satisfiesExpected(expected, head.revision)) {
          return E.left(wrongExpectedRevision(streamId, expected, head.revision))
        }
      }
      const { sealed, row } = await callAppend(append, head, recordedAt)
      if (E.isLeft(sealed)) return sealed
      if (row === undefined) {
        head = undefined
        continue
      }
      switch (row.status) {
        case 'ok':
        case 'pending': {
          // Committed: from here on the head is the batch's, whatever happens to the numbering call.
          const last = sealed.right[sealed.right.length - 1]!
          heads.set(streamId, {
            revision: last.revision,
            lastHash: row.head_hash,
            lastRecordedAt: last.metadata.recordedAt,
          })
          const numbered =
            row.status === 'ok'
              ? { first: BigInt(row.first_position!), last: BigInt(row.last_position!) }
              : await sequence(sealed.right.map((e) => e.eventId))
          // Other processes are woken by the transaction that numbered the batch (schema version 3).
          listener.wake()
          return E.right(appendResultOf(sealed.right, numbered.first, numbered.last))
        }
        case 'exists': {
          const unnumbered = unnumberedIds(row.existing)
          if (unnumbered.length > 0) {
            await sequence(unnumbered)
            head = undefined
            continue
          }
          const existing = parseExisting(row.existing)
          if (E.isLeft(existing)) return existing
          const resolved = await resolveExisting(append, existing.right)
          if (resolved !== undefined) return resolved
          head = undefined
          continue
        }
        case 'head': {
          // The function checked the ids under the stream's lock and found none: the head it reports is the
          // truth, and the expected revision is judged against it.
          head = headOf(row.head_revision, row.head_hash, await recordedAtOf(streamId, row.head_revision))
          heads.set(streamId, head)
          if (!satisfiesExpected(expected, head.revision)) {
            // The caller may have read a stream whose committed tail was never numbered (its writer stopped after
            // the commit): number it if the ordering lock is free, so the caller's next read sees it.
            await numberIfFree()
            return E.left(wrongExpectedRevision(streamId, expected, head.revision))
          }
          continue
        }
      }
    }
    return E.left(
      storeUnavailable(
        `append to stream '${streamId}'`,
        `the stream kept moving under ${MAX_APPEND_ATTEMPTS} attempts by other writers`,
      ),
    )
  }

  const append: EventStore['append'] = (streamId, events, options) =>
    pipe(
      TE.fromEither(validateAppendRequest(streamId, events, options, settings.limits)),
      TE.flatMap((valid) => run('append', () => appendValid(valid), `append to stream '${valid.streamId}'`)),
    )

  // ---------------------------------------------------------------------------------
  // reads
  // ---------------------------------------------------------------------------------

  const context = { sha256: settings.sha256, upcasters: settings.upcasters, isClosed: () => closed }

  const readStream: EventStore['readStream'] = (streamId, options) =>
    readStreamLoop(
      context,
      {
        operation: 'read a stream',
        boundsInFetch: true,
        // What a read sees at the end of a stream is its head: remember it for the next append.
        onHead: (id, head) =>
          heads.set(id, { revision: head.revision, lastHash: head.hash, lastRecordedAt: head.metadata.recordedAt }),
        // The recorded head, less the events committed but not yet numbered (always a stream's last ones, and not
        // readable yet): the readable stream ends just before the first of them, at the hash it links to. Read in
        // the statement of the first page (one round trip, one snapshot), as a row of its own: column 0 tells the
        // head ('0': revision, last hash, first unnumbered revision, its link, whether it is a tail) from the
        // events ('1', their columns from 6 on). A union, not a join: a join repeats the head on every event and
        // sorts the page again, which cost more than the rest of the fetch. The events keep the order of their
        // own subquery; a read that found them out of order would report the break in the chain.
        firstPageWithHead: async (id, o, cursor, limit) => {
          const forwards = o.direction === 'forwards'
          const category = categoryOf(id)
          try {
            const read = () =>
              arrays(
                `SELECT '0', s.revision::text, s.last_hash, u.revision::text, u.prev_hash,
                        CASE WHEN u.revision IS NOT NULL THEN NOT EXISTS (SELECT 1 FROM ${q}.events n
                          WHERE n.stream_id = s.stream_id AND n.position IS NOT NULL AND n.revision > u.revision)
                        END, ${EVENT_NULLS}
                   FROM (SELECT 1) one
                   LEFT JOIN ${q}.streams s ON s.stream_id = $1
                   LEFT JOIN LATERAL (SELECT e.revision, e.prev_hash FROM ${q}.events e
                     WHERE e.stream_id = s.stream_id AND e.position IS NULL ORDER BY e.revision LIMIT 1) u ON true
                 UNION ALL
                 SELECT * FROM (SELECT '1', NULL, NULL, NULL, NULL, NULL::boolean, ${streamEventColumns('$4')}
                   FROM ${q}.events e
                   WHERE e.stream_id = $1 AND e.position IS NOT NULL AND e.revision ${forwards ? '>=' : '<='} $2
                   ORDER BY e.revision ${forwards ? 'ASC' : 'DESC'} LIMIT $3) e`,
                [id, (cursor ?? 9223372036854775807n).toString(), limit, category],
                `readStreamWithHead_${forwards ? 'f' : 'b'}`,
              )
            let found = await read()
            let h = found.find((row) => row[0] === '0')
            // A committed tail not yet numbered (always a stream's last events): its writer may have stopped between
            // its commit and numbering it. Number it now if nobody holds the ordering lock, so this read (and the
            // command decided on it) sees the whole stream. An unnumbered event with numbered ones after it is no
            // such tail but damage, left for the read to report as the gap it is. (Rows come back as text: 't'.)
            if (h?.[3] != null && h[5] === 't' && (await numberIfFree()) > 0) {
              found = await read()
              h = found.find((row) => row[0] === '0')
            }
            const head: RecordedHead =
              h?.[1] == null ? 'no_stream' : readableHead(h[1], h[2] as string, h[3] ?? null, h[4] ?? null)
            const rows = []
            for (const row of found) if (row[0] === '1') rows.push(eventRowAt(row, 6, id, category))
            return E.right({ head, rows })
          } catch (cause) {
            return E.left(pgErrorToStoreError(`read stream '${id}'`, cause))
          }
        },
        open: (id, o) => {
          const forwards = o.direction === 'forwards'
          const values: Array<unknown> = [id]
          // Committed but not yet numbered events are not readable yet; they are always a stream's last ones.
          const where: Array<string> = ['e.stream_id = $1', 'e.position IS NOT NULL']
          const param = (value: unknown) => {
            values.push(value)
            return `$${values.length}`
          }
          if (o.untilRevision !== undefined) where.push(`e.revision <= ${param(o.untilRevision.toString())}`)
          if (o.untilPosition !== undefined) where.push(`e.position <= ${param(o.untilPosition.toString())}`)
          const category = categoryOf(id)
          const sql = `SELECT ${streamEventColumns(param(category))} FROM ${q}.events e WHERE ${where.join(' AND ')}
            AND e.revision ${forwards ? '>=' : '<='} $${values.length + 1}
            ORDER BY e.revision ${forwards ? 'ASC' : 'DESC'} LIMIT $${values.length + 2}`
          const name = `readStream_${forwards ? 'f' : 'b'}${o.untilRevision === undefined ? '' : 'r'}${o.untilPosition === undefined ? '' : 'p'}`
          return async (cursor, limit) => {
            try {
              const batch = await arrays(sql, [...values, (cursor ?? 9223372036854775807n).toString(), limit], name)
              return E.right(batch.map((row) => eventRowAt(row, 0, id, category)))
            } catch (cause) {
              return E.left(pgErrorToStoreError(`read stream '${id}'`, cause))
            }
          }
        },
      },
      streamId,
      options,
    )

  const readAll: EventStore['readAll'] = (options) =>
    readAllLoop(
      context,
      {
        operation: 'read all streams',
        open: (o) => {
          const values: Array<unknown> = []
          // Inclusive from `lowestPositionAfter(after)`: from the start that is below 1, so a row edited to
          // position 0 or below (past the CHECK, by whoever can drop it) is read and named, never hidden.
          const where: Array<string> = ['e.position >= $1']
          const param = (value: unknown) => {
            values.push(value)
            return `$${values.length + 1}`
          }
          if (o.untilPosition !== undefined) where.push(`e.position <= ${param(o.untilPosition.toString())}`)
          if (o.categories !== undefined) where.push(`e.category = ANY (${param([...o.categories])}::text[])`)
          if (o.types !== undefined) where.push(`e.type = ANY (${param([...o.types])}::text[])`)
          // The head is read in the same statement (same snapshot) as the events: every position at or below it
          // is settled, so a batch that matched nothing still moves the checkpoint up to it.
          const sql = `SELECT h.head::text, h.unnumbered, e.* FROM (SELECT max(position) AS head,
              EXISTS (SELECT 1 FROM ${q}.events u WHERE u.position IS NULL) AS unnumbered FROM ${q}.events) h
            LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS}, e.position AS ord FROM ${q}.events e
              WHERE ${where.join(' AND ')} ORDER BY e.position LIMIT $${values.length + 2}) e ON true
            ORDER BY e.ord`
          const name = `readAll_${o.untilPosition === undefined ? '' : 'u'}${o.categories === undefined ? '' : 'c'}${o.types === undefined ? '' : 't'}`
          let swept = false
          return async (after, limit) => {
            // Nothing is stored above the largest bigint (and `after + 1` would be out of range).
            if (after >= MAX_STORED_POSITION) return E.right({ rows: [], scanned: after, more: false })
            // Columns: the head, whether any event is unnumbered, then the event's (null when none matched).
            let batch: ReadonlyArray<ReadonlyArray<string | null>>
            try {
              batch = await arrays(sql, [lowestPositionAfter(after).toString(), ...values, limit], name)
            } catch (cause) {
              return E.left(pgErrorToStoreError('read all streams', cause))
            }
            const first = batch[0]
            const head = first?.[0] == null ? 0n : BigInt(first[0])
            const found = batch.filter((row) => row[2] !== null)
            const full = found.length === limit
            const settled = o.untilPosition !== undefined && o.untilPosition < head ? o.untilPosition : head
            const scanned: GlobalPosition = full ? BigInt(found[found.length - 1]![5]!) : settled
            let more = full
            // Caught up, with committed events still unnumbered: their writer may have stopped between its commit
            // and numbering them. Number them if nobody is (once per read), and read on if that found any.
            if (!full && !swept && first?.[1] === 't') {
              swept = true
              more = (await numberIfFree()) > 0
            }
            return E.right({ rows: found.map((row) => eventRowAt(row, 2)), scanned, more })
          }
        },
      },
      options,
    )

  /** Numbers committed, unnumbered events unless someone holds the ordering lock; 0 when it did nothing. */
  const numberIfFree = async (): Promise<number> => {
    try {
      const [row] = await rows<{ n: string }>(`SELECT ${q}.number_if_free()::text AS n`, [], 'numberIfFree')
      return Number(row?.n ?? 0)
    } catch {
      // A helping hand, not the reader's duty (a role that may only read cannot give it): the next append or a
      // reader with write rights numbers them.
      return 0
    }
  }

  // ---------------------------------------------------------------------------------
  // small queries
  // ---------------------------------------------------------------------------------

  const streamRevision: EventStore['streamRevision'] = (streamId) =>
    pipe(
      TE.fromEither(validateStreamId(streamId)),
      TE.flatMap((id) =>
        run(
          'read a stream revision',
          async () => {
            const [row] = await rows<{ revision: string }>(
              `SELECT revision::text AS revision FROM ${q}.streams WHERE stream_id = $1`,
              [id],
              'revision',
            )
            return E.right<StoreError, StreamRevision>(row === undefined ? 'no_stream' : BigInt(row.revision))
          },
          `read the revision of stream '${id}'`,
        ),
      ),
    )

  const streamExists: EventStore['streamExists'] = (streamId) => async () =>
    closed
      ? E.left(storeClosed('check whether a stream exists'))
      : E.map((revision) => revision !== 'no_stream')(await streamRevision(streamId)())

  const headPosition: EventStore['headPosition'] = () =>
    run('read the head position', async () => {
      // Under the ordering lock every committed position is below every pending one, so the highest visible
      // position is one below which nothing can still appear.
      const [row] = await rows<{ head: string }>(
        `SELECT coalesce(max(position), 0)::text AS head FROM ${q}.events`,
        [],
        'headPosition',
      )
      return E.right<StoreError, GlobalPosition>(BigInt(row?.head ?? '0'))
    })

  const streamHeads: NonNullable<EventStore['streamHeads']> = (categories) => ({
    [Symbol.asyncIterator]: async function* () {
      let after = ''
      for (;;) {
        if (closed) {
          yield E.left<StoreError, ReadonlyArray<RecordedStreamHead>>(storeClosed('read the stream heads'))
          return
        }
        let found: ReadonlyArray<{
          stream_id: string
          revision: string
          last_hash: string
          unnumbered: string | null
          link: string | null
        }>
        try {
          // Events committed but not yet numbered are not readable yet (always a stream's last ones): a stream's
          // readable head is just before the first of them, so a reader who cannot number them (a read-only
          // auditor) never takes a pending batch for a deletion.
          found = await rows(
            `SELECT s.stream_id, s.revision::text AS revision, s.last_hash, u.revision::text AS unnumbered,
                    u.prev_hash AS link
               FROM ${q}.streams s
               LEFT JOIN LATERAL (SELECT e.revision, e.prev_hash FROM ${q}.events e
                 WHERE e.stream_id = s.stream_id AND e.position IS NULL ORDER BY e.revision LIMIT 1) u ON true
              WHERE s.stream_id > $1 AND ($2::text[] IS NULL OR s.category = ANY($2::text[]))
              ORDER BY s.stream_id LIMIT ${HEADS_BATCH}`,
            [after, categories === undefined ? null : [...categories]],
            'streamHeads',
          )
        } catch (cause) {
          yield E.left<StoreError, ReadonlyArray<RecordedStreamHead>>(
            pgErrorToStoreError('read the stream heads', cause),
          )
          return
        }
        if (found.length === 0) return
        yield E.right<StoreError, ReadonlyArray<RecordedStreamHead>>(
          found.flatMap((r) => {
            const head = readableHead(r.revision, r.last_hash, r.unnumbered, r.link)
            return head === 'no_stream' ? [] : [{ streamId: r.stream_id, ...head }]
          }),
        )
        after = found[found.length - 1]!.stream_id
        if (found.length < HEADS_BATCH) return
      }
    },
  })

  const onAppend: EventStore['onAppend'] = (wake) => listener.subscribe(wake)

  const close: EventStore['close'] = () =>
    // Closing twice is harmless: a shutdown hook and a finally block may both call it.
    closed
      ? TE.right(undefined)
      : TE.tryCatch(
          async () => {
            closed = true
            await listener.close()
            if (owned) await pool.end()
          },
          (cause) => pgErrorToStoreError('close the store', cause),
        )

  return {
    schema: names.schema,
    append,
    readStream,
    readAll,
    streamRevision,
    streamExists,
    headPosition,
    streamHeads,
    // Numbered from the highest position up by the one holder of the ordering lock: never a position left out.
    densePositions: true,
    onAppend,
    close,
  }
}

const HEADS_BATCH = 1000

/**
 * The head of a stream as readers can see it: the recorded head, less the events committed but not yet numbered
 * (the first of them is `unnumbered`, linking to `link`, the hash of the last readable event).
 */
const readableHead = (
  revision: string,
  lastHash: string,
  unnumbered: string | null,
  link: string | null,
): RecordedHead => {
  if (unnumbered === null) return { revision: BigInt(revision), lastHash }
  const readable = BigInt(unnumbered) - 1n
  return readable < 0n ? 'no_stream' : { revision: readable, lastHash: link ?? '' }
}
