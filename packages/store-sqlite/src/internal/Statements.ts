/**
 * Every SQL statement the store runs, prepared once per connection. Integers come back as `bigint`
 * (`safeIntegers`), so revisions and positions never lose precision.
 */
import type Database from 'better-sqlite3'

/** A row as the read statements return it, named after the envelope fields `decodeStoredEvent` expects. */
export interface EventRow {
  readonly [key: string]: unknown
  readonly position: bigint
  readonly streamId: string
  readonly revision: bigint
  readonly eventId: string
  readonly type: string
  schemaVersion: unknown
  readonly data: string
  readonly metadata: string
  readonly hash: string
  readonly prevHash: string
  readonly category: string
  readonly occurredOn: string
  readonly recordedAt: string
}

/** What the append transaction finds under an event id of its batch. */
export interface ExistingRow {
  readonly eventId: string
  readonly streamId: string
  readonly revision: bigint
  readonly position: bigint
  readonly type: string
  readonly schemaVersion: bigint
  readonly data: string
  readonly metadata: string
  readonly hash: string
}

/** The head of a stream as stored in `streams`. */
export interface HeadRow {
  readonly revision: bigint
  readonly lastHash: string
  /** Null only if the head's event row is missing (damaged storage); the read reports that. */
  readonly lastRecordedAt: string | null
}

// Every column of the row, the ones beside the hashed content too: the read checks each against it. The read
// statements return arrays (`raw`), in this order, which `eventRowOf` names: better-sqlite3 builds a row object
// property by property in native code, which cost more than the rest of the fetch; a literal of one fixed shape
// is cheap.
const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, schema_version, data, metadata, hash, prev_hash, category, ' +
  'occurred_on, recorded_at'

/** A read row as the raw statements return it, in the order of `EVENT_COLUMNS`. */
export type RawEventRow = readonly [
  bigint,
  string | null,
  bigint,
  string,
  string,
  unknown,
  string,
  string,
  string,
  string,
  string | null,
  string,
  string,
]

/**
 * Names a raw read row after the envelope fields (the schema version as a number, as the read path takes it). A
 * stream read, whose rows carry neither the stream id nor a category equal to the expected one, gives both.
 */
export const eventRowOf = (row: RawEventRow, streamId?: string, category?: string): EventRow => ({
  position: row[0],
  streamId: row[1] ?? streamId!,
  revision: row[2],
  eventId: row[3],
  type: row[4],
  schemaVersion: typeof row[5] === 'bigint' ? Number(row[5]) : row[5],
  data: row[6],
  metadata: row[7],
  hash: row[8],
  prevHash: row[9],
  category: row[10] ?? category!,
  occurredOn: row[11],
  recordedAt: row[12],
})

// A stream read knows the stream id (its WHERE clause matches it exactly) and the category it must have, so it does
// not fetch them: in the same row shape, the stream id comes back NULL and the category only when it differs from
// the expected one (`nullif`), for the read to name. Turning two long text columns into strings per row was a tenth
// of a verified load.
const STREAM_COLUMNS =
  'position, NULL, revision, event_id, type, schema_version, data, metadata, hash, prev_hash, ' +
  'nullif(category, @category), occurred_on, recorded_at'

/** The largest value of a SQLite INTEGER, used as "no upper bound". */
export const MAX_INTEGER = 9223372036854775807n

// The stream's (stream_id, revision) index narrows the scan; the position bound filters within the stream.
// `asOf` and `asKnownAt` are not filtered here: the read loop applies them to the hashed metadata after checking
// the stream is whole, so an edited date column can neither hide an event nor pass for a gap.
const STREAM_BOUNDS = 'stream_id = @streamId AND revision >= @low AND revision <= @high AND position <= @untilPosition'

/** Filters of a read-all query, which decide the shape of its SQL. */
export interface AllFilter {
  readonly categories: ReadonlyArray<string> | undefined
  readonly types: ReadonlyArray<string> | undefined
}

/** The prepared statements of one connection. */
export interface Statements {
  readonly findEvent: Database.Statement<[string], ExistingRow>
  readonly head: Database.Statement<[string], HeadRow>
  /** Stream heads in stream id order, after a stream id, at most a number of them. */
  readonly heads: Database.Statement<
    [string, number],
    { streamId: string; category: string; revision: bigint; lastHash: string }
  >
  readonly insertEvent: Database.Statement<
    [string, string, bigint, string, string, number, string, string, string, string, string, string]
  >
  readonly upsertHead: Database.Statement<[string, string, bigint, string, bigint]>
  readonly maxRevisionInEvents: Database.Statement<[string], { readonly revision: bigint | null }>
  readonly headPosition: Database.Statement<[], { readonly position: bigint | null }>
  readonly streamForwards: Database.Statement<[StreamParams], RawEventRow>
  readonly streamBackwards: Database.Statement<[StreamParams], RawEventRow>
  readonly dataVersion: Database.Statement<[], number>
  /** The read-all statement for a filter shape, prepared on first use and cached. */
  readonly readAll: (filter: AllFilter) => Database.Statement<unknown[], RawEventRow>
}

/** Named parameters of a stream read. */
export interface StreamParams {
  readonly streamId: string
  /** The category the stream id names, which every row of the stream must have. */
  readonly category: string
  readonly low: bigint
  readonly high: bigint
  readonly untilPosition: bigint
  readonly limit: number
}

const MAX_CACHED_READ_ALL = 64

/**
 * Builds the read-all SQL for a filter. With a filter on one column, each listed value gets its own subquery
 * on the `(value, position)` index, limited to the batch size, and the union keeps the lowest positions: the
 * first `n` matches overall are among the first `n` of each value, so a batch costs O(values × n) rows
 * whatever the size of the log. When both filters are given, the shorter list drives the index and the
 * other filters the rows it finds.
 */
const readAllSql = (filter: AllFilter): string => {
  // Inclusive from `lowestPositionAfter(after)`: from the start that is below 1, so a row edited to position 0
  // or below is read (and named by the decoder) instead of hidden from every read from the start.
  const bounds = 'position >= ? AND position <= ?'
  const { categories, types } = filter
  if (categories === undefined && types === undefined) {
    return `SELECT ${EVENT_COLUMNS} FROM events WHERE ${bounds} ORDER BY position LIMIT ?`
  }
  const byCategory = categories !== undefined && (types === undefined || categories.length <= types.length)
  const driver = byCategory ? 'category' : 'type'
  const drivingValues = (byCategory ? categories : types)!
  const other = byCategory ? types : categories
  const residual =
    other === undefined ? '' : ` AND ${byCategory ? 'type' : 'category'} IN (${other.map(() => '?').join(', ')})`
  const branch = `SELECT * FROM (SELECT ${EVENT_COLUMNS} FROM events WHERE ${driver} = ? AND ${bounds}${residual} ORDER BY position LIMIT ?)`
  return drivingValues.length === 1
    ? branch
    : `SELECT * FROM (${drivingValues.map(() => branch).join(' UNION ALL ')}) ORDER BY position LIMIT ?`
}

/**
 * The positional parameters of a read-all statement built by {@link readAllSql}, in order: positions from `low`
 * (inclusive) up to `until`.
 */
export const readAllParams = (filter: AllFilter, low: bigint, until: bigint, limit: number): ReadonlyArray<unknown> => {
  const { categories, types } = filter
  if (categories === undefined && types === undefined) return [low, until, limit]
  const byCategory = categories !== undefined && (types === undefined || categories.length <= types.length)
  const drivingValues = (byCategory ? categories : types)!
  const other = (byCategory ? types : categories) ?? []
  const params: Array<unknown> = []
  for (const value of drivingValues) params.push(value, low, until, ...other, limit)
  if (drivingValues.length > 1) params.push(limit)
  return params
}

/**
 * Prepares the statements of a connection.
 */
export const prepareStatements = (db: Database.Database): Statements => {
  const readAllCache = new Map<string, Database.Statement<unknown[], RawEventRow>>()
  return {
    findEvent: db
      .prepare<[string], ExistingRow>(
        'SELECT event_id AS eventId, stream_id AS streamId, revision, position, type, ' +
          'schema_version AS schemaVersion, data, metadata, hash FROM events WHERE event_id = ?',
      )
      .safeIntegers(true),
    head: db
      .prepare<[string], HeadRow>(
        'SELECT s.revision, s.last_hash AS lastHash, e.recorded_at AS lastRecordedAt FROM streams s ' +
          'LEFT JOIN events e ON e.stream_id = s.stream_id AND e.revision = s.revision WHERE s.stream_id = ?',
      )
      .safeIntegers(true),
    heads: db
      .prepare<[string, number], { streamId: string; category: string; revision: bigint; lastHash: string }>(
        'SELECT stream_id AS streamId, category, revision, last_hash AS lastHash FROM streams ' +
          'WHERE stream_id > ? ORDER BY stream_id LIMIT ?',
      )
      .safeIntegers(true),
    insertEvent: db
      .prepare<[string, string, bigint, string, string, number, string, string, string, string, string, string]>(
        'INSERT INTO events (stream_id, category, revision, event_id, type, schema_version, data, metadata, ' +
          'occurred_on, recorded_at, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .safeIntegers(true),
    upsertHead: db.prepare<[string, string, bigint, string, bigint]>(
      'INSERT INTO streams (stream_id, category, revision, last_hash, last_position) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, ' +
        'last_position = excluded.last_position',
    ),
    maxRevisionInEvents: db
      .prepare<[string], { readonly revision: bigint | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      )
      .safeIntegers(true),
    headPosition: db
      .prepare<[], { readonly position: bigint | null }>('SELECT max(position) AS position FROM events')
      .safeIntegers(true),
    streamForwards: db
      .prepare<StreamParams, RawEventRow>(
        `SELECT ${STREAM_COLUMNS} FROM events WHERE ${STREAM_BOUNDS} ORDER BY revision ASC LIMIT @limit`,
      )
      .safeIntegers(true)
      .raw(true),
    streamBackwards: db
      .prepare<StreamParams, RawEventRow>(
        `SELECT ${STREAM_COLUMNS} FROM events WHERE ${STREAM_BOUNDS} ORDER BY revision DESC LIMIT @limit`,
      )
      .safeIntegers(true)
      .raw(true),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    readAll: (filter) => {
      const sql = readAllSql(filter)
      const cached = readAllCache.get(sql)
      if (cached !== undefined) return cached
      if (readAllCache.size >= MAX_CACHED_READ_ALL) readAllCache.clear()
      const statement = db.prepare<unknown[], RawEventRow>(sql).safeIntegers(true).raw(true)
      readAllCache.set(sql, statement)
      return statement
    },
  }
}
