/**
 * The shapes of rows coming back from the store's SQL, and their conversion into kernel values. Queries use a
 * type parser that leaves every column as text, so the result does not depend on parsers the caller may have
 * registered globally on `pg` (such as turning int8 into numbers).
 */
import type pg from 'pg'
import { corruptEvent, GENESIS_HASH, type Instant, type JsonValue, type StoreError } from '@ikm-ledger/core'
import { type ExistingEvent, type StreamHead } from '@ikm-ledger/core/adapter'
import * as E from 'fp-ts/Either'

/** Every column as the text PostgreSQL sent. */
export const RAW_TEXT = {
  getTypeParser: (() => (value: string) => value) as unknown as pg.CustomTypesConfig['getTypeParser'],
} satisfies pg.CustomTypesConfig

/**
 * The columns every event read selects, in this order: reads take rows as arrays (`rowMode: 'array'`), which
 * {@link eventRowAt} names after the envelope fields.
 */
export const EVENT_COLUMNS = `e.event_id, e.stream_id, e.revision::text, e.position::text, e.type, e.schema_version::text,
  e.data, e.metadata, e.hash, e.prev_hash, e.category, e.occurred_on, e.recorded_at`

/** As many NULLs as {@link EVENT_COLUMNS} has columns: a row of another kind in a union with events. */
export const EVENT_NULLS = EVENT_COLUMNS.split(',')
  .map(() => 'NULL')
  .join(', ')

/**
 * The same columns for a read of one stream, whose id and category the reader knows: the stream id comes back as
 * NULL and the category only where it differs from `category` (a parameter of the statement), so that a page
 * carries neither on every row, and an edited category is still seen.
 */
export const streamEventColumns = (category: string): string =>
  EVENT_COLUMNS.replace('e.stream_id,', 'NULL,').replace('e.category,', `nullif(e.category, ${category}),`)

/**
 * An event read as an array, named after the envelope fields as `readPipeline` takes them (the schema version as
 * a number), from column `at` on: one literal of one shape, instead of the row object `pg` would build and a copy.
 * A stream read passes the stream's id and category for the columns it left NULL (see {@link streamEventColumns}).
 */
export const eventRowAt = (row: ReadonlyArray<string | null>, at: number, streamId?: string, category?: string) => ({
  eventId: row[at],
  streamId: row[at + 1] ?? streamId,
  revision: row[at + 2],
  position: row[at + 3],
  type: row[at + 4],
  schemaVersion: Number(row[at + 5]),
  data: row[at + 6],
  metadata: row[at + 7],
  hash: row[at + 8],
  prevHash: row[at + 9],
  category: row[at + 10] ?? category,
  occurredOn: row[at + 11],
  recordedAt: row[at + 12],
})

/** What the `append` function answers. */
export interface AppendRow {
  /** `busy` only from `append_group`: the stream's row was held by another transaction, nothing written. */
  readonly status: 'ok' | 'pending' | 'exists' | 'head' | 'busy'
  readonly head_revision: string
  readonly head_hash: string
  readonly first_position: string | null
  readonly last_position: string | null
  readonly existing: string | null
}

/** A head as the database reports it: revision `-1` means no stream. */
export const headOf = (revision: string | null, lastHash: string | null, lastRecordedAt?: string | null): StreamHead =>
  revision === null || revision === '-1'
    ? { revision: 'no_stream', lastHash: GENESIS_HASH }
    : {
        revision: BigInt(revision),
        lastHash: lastHash ?? GENESIS_HASH,
        ...(lastRecordedAt == null ? {} : { lastRecordedAt: lastRecordedAt as Instant }),
      }

/** The revision a head is at, as the `append` function takes it. */
export const headRevisionParam = (head: StreamHead): string =>
  head.revision === 'no_stream' ? '-1' : head.revision.toString(10)

interface ExistingJson {
  readonly eventId: string
  readonly streamId: string
  readonly revision: string
  /** Null while the event is committed but not yet numbered. */
  readonly position: string | null
  readonly type: string
  readonly schemaVersion: number
  readonly data: string
  readonly hash: string
}

/**
 * The ids in an `existing_events` answer that are committed but not numbered yet (a writer stopped between its
 * commit and `sequence(…)`): they must be numbered before the answer can be judged.
 */
export const unnumberedIds = (json: string | null): ReadonlyArray<string> =>
  json === null
    ? []
    : (JSON.parse(json) as ReadonlyArray<ExistingJson>).filter((row) => row.position === null).map((r) => r.eventId)

/** Parses the `existing_events` JSON (null when no id was found); every event in it must be numbered. */
export const parseExisting = (
  json: string | null,
): E.Either<StoreError, ReadonlyArray<Omit<ExistingEvent, 'metadata'>>> => {
  if (json === null) return E.right([])
  const parsed: ReadonlyArray<ExistingJson> = JSON.parse(json)
  const events: Array<Omit<ExistingEvent, 'metadata'>> = []
  for (const row of parsed) {
    let data: JsonValue
    try {
      data = JSON.parse(row.data)
    } catch (cause) {
      return E.left(
        corruptEvent(
          row.streamId,
          BigInt(row.revision),
          BigInt(row.position ?? 0),
          `its data is not valid JSON (${cause})`,
        ),
      )
    }
    events.push({
      eventId: row.eventId,
      streamId: row.streamId,
      revision: BigInt(row.revision),
      position: BigInt(row.position ?? 0),
      type: row.type,
      schemaVersion: row.schemaVersion,
      data,
      hash: row.hash,
    })
  }
  return E.right(events)
}
