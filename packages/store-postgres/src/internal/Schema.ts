/**
 * Names, keys and the versioned migrations of the store's PostgreSQL schema. Everything here is pure text
 * generation; `Migrate.ts` runs it.
 */
import { GENESIS_HASH } from '@ikm-ledger/core'

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

/** The schema used when the caller names none. */
export const DEFAULT_SCHEMA = 'ikm_ledger'

/**
 * Says why a schema name cannot be used, or `undefined` when it can. Any name PostgreSQL accepts as a quoted
 * identifier is fine, except `$`, which would let a name end the dollar-quoted function bodies below.
 */
export const schemaNameProblem = (name: string): string | undefined => {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty'
  if (Buffer.byteLength(name, 'utf8') > 63) return 'it is longer than 63 bytes, the PostgreSQL identifier limit'
  if (name.includes('\0')) return 'it contains a NUL character'
  if (name.includes('$')) return "it contains '$'"
  if (name.toLowerCase().startsWith('pg_')) return "names starting with 'pg_' are reserved by PostgreSQL"
  return undefined
}

/** A quoted SQL identifier: `we"ird` becomes `"we""ird"`. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** A SQL string literal (standard_conforming_strings, the default since PostgreSQL 9.1). */
export const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`

/** 32-bit FNV-1a of a string, as an unsigned number. Stable across processes and versions. */
export const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

// Advisory locks use the two-int4 form: a fixed class per purpose and the schema's hash, so stores in
// different schemas of one database never wait for each other.
const ORDERING_LOCK_CLASS = 0x494b4d4c // 'IKML'
const MIGRATION_LOCK_CLASS = 0x494b4d4d // 'IKMM'

/** Everything schema-specific, derived once per store. */
export interface SchemaNames {
  readonly schema: string
  /** The quoted schema, ready to prefix table names. */
  readonly q: string
  /** `pg_notify` / `LISTEN` channel for wake-ups. */
  readonly channel: string
  /** Advisory lock key (two int4) that orders commits. */
  readonly orderingLock: readonly [number, number]
  /** Advisory lock key (two int4) held while migrating. */
  readonly migrationLock: readonly [number, number]
  /** Prefix for the names of prepared statements, unique per schema. */
  readonly statementPrefix: string
}

const asInt4 = (n: number): number => n | 0

/** Derives the names and keys of a schema. */
export const schemaNames = (schema: string): SchemaNames => {
  const hash = fnv1a(schema)
  const hex = hash.toString(16).padStart(8, '0')
  return {
    schema,
    q: quoteIdent(schema),
    channel: `ikm_ledger_${hex}`,
    orderingLock: [asInt4(ORDERING_LOCK_CLASS), asInt4(hash)],
    migrationLock: [asInt4(MIGRATION_LOCK_CLASS), asInt4(hash)],
    statementPrefix: `ikm_ledger_${hex}_`,
  }
}

// -------------------------------------------------------------------------------------
// migrations
// -------------------------------------------------------------------------------------

/** One step of the schema, applied once, in its own transaction, and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: (names: SchemaNames) => string
}

/** The migrations table, created before anything else. */
export const migrationsTableSql = ({ q }: SchemaNames): string => `
CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`

// Why the tables look the way they do:
// - `data` and `metadata` are the canonical JSON text the hash was computed over, kept as `text` rather than
//   `jsonb`: jsonb refuses `\u0000` and lone surrogates and re-spells numbers, and the stored bytes must be
//   exactly what was hashed. `occurred_on` / `recorded_at` are copied out of the metadata so that time-travel
//   bounds are done in SQL; their canonical forms sort as text under the "C" collation.
// - `category` is its own column so a category filter is an index range, never a LIKE on ids that may contain
//   `%` and `_`.
// - `streams` holds one row per stream: its head, locked FOR UPDATE by every append to that stream, which is
//   what makes every form of expected revision atomic.
// - `positions` has CACHE 1 (the default) and is only advanced while holding the ordering lock, so positions
//   follow commit order (see `append` below).
const v1 = ({ q, channel, orderingLock }: SchemaNames): string => `
CREATE SEQUENCE ${q}.positions AS bigint START WITH 1 MINVALUE 1 CACHE 1 NO CYCLE;

CREATE TABLE ${q}.streams (
  stream_id text COLLATE "C" PRIMARY KEY,
  category  text COLLATE "C" NOT NULL,
  revision  bigint NOT NULL CHECK (revision >= 0),
  last_hash text NOT NULL
);

CREATE TABLE ${q}.events (
  position       bigint PRIMARY KEY CHECK (position >= 1),
  event_id       uuid NOT NULL,
  stream_id      text COLLATE "C" NOT NULL,
  category       text COLLATE "C" NOT NULL,
  revision       bigint NOT NULL CHECK (revision >= 0),
  type           text COLLATE "C" NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data           text NOT NULL,
  metadata       text NOT NULL,
  occurred_on    text COLLATE "C" NOT NULL,
  recorded_at    text COLLATE "C" NOT NULL,
  hash           text NOT NULL,
  prev_hash      text NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
);

CREATE INDEX events_category_position ON ${q}.events (category, position);
CREATE INDEX events_type_position ON ${q}.events (type, position);

-- What an append finds already stored under its event ids (idempotent re-sends and id reuse).
CREATE FUNCTION ${q}.existing_events(p_ids uuid[]) RETURNS json
LANGUAGE sql STABLE AS $ikm$
  SELECT json_agg(json_build_object(
    'eventId', e.event_id, 'streamId', e.stream_id, 'revision', e.revision::text, 'position', e.position::text,
    'type', e.type, 'schemaVersion', e.schema_version, 'data', e.data, 'hash', e.hash) ORDER BY e.position)
  FROM ${q}.events e WHERE e.event_id = ANY (p_ids)
$ikm$;

-- Appends one sealed batch. The caller sealed it (numbered and hashed it) against the head it believes the
-- stream has (p_head_revision, -1 for no stream, and p_head_hash); this function locks the stream's row,
-- checks that belief and either writes the batch or says why not:
--   'ok'     written at positions first_position..last_position;
--   'exists' some event ids are already stored (the caller decides between idempotent success and a
--            conflict), nothing written;
--   'head'   the stream's head is another one (returned), nothing written: re-seal and retry, or report a
--            wrong expected revision.
-- Positions are drawn under a transaction-scoped advisory lock taken as the last step before the insert and
-- held until commit: a transaction that draws a position has seen every earlier drawer commit or roll back,
-- so position order is commit order and a reader can never see a position while a lower one is still pending.
CREATE FUNCTION ${q}.append(
  p_stream text, p_category text, p_head_revision bigint, p_head_hash text,
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
  p_occurred text[], p_recorded text[], p_hashes text[], p_prev_hashes text[]
) RETURNS TABLE (status text, head_revision bigint, head_hash text, first_position bigint, last_position bigint,
                 existing json)
LANGUAGE plpgsql AS $ikm$
#variable_conflict use_column
DECLARE
  v_count integer := cardinality(p_ids);
  v_revision bigint;
  v_hash text;
  v_created boolean := false;
  v_existing json;
  v_first bigint;
BEGIN
  SELECT s.revision, s.last_hash INTO v_revision, v_hash
    FROM ${q}.streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    v_revision := -1;
    v_hash := '${GENESIS_HASH}';
    IF p_head_revision = -1 AND ${q}.existing_events(p_ids) IS NULL THEN
      -- Creating the row locks it; a concurrent creator makes us wait for its outcome instead.
      INSERT INTO ${q}.streams (stream_id, category, revision, last_hash)
        VALUES (p_stream, p_category, v_count - 1, p_hashes[v_count])
        ON CONFLICT (stream_id) DO NOTHING;
      v_created := FOUND;
      IF NOT v_created THEN
        SELECT s.revision, s.last_hash INTO v_revision, v_hash
          FROM ${q}.streams s WHERE s.stream_id = p_stream FOR UPDATE;
      END IF;
    END IF;
  END IF;

  IF NOT v_created THEN
    v_existing := ${q}.existing_events(p_ids);
    IF v_existing IS NOT NULL THEN
      RETURN QUERY SELECT 'exists'::text, v_revision, v_hash, NULL::bigint, NULL::bigint, v_existing;
      RETURN;
    END IF;
    IF v_revision <> p_head_revision OR v_hash <> p_head_hash THEN
      RETURN QUERY SELECT 'head'::text, v_revision, v_hash, NULL::bigint, NULL::bigint, NULL::json;
      RETURN;
    END IF;
    UPDATE ${q}.streams SET revision = p_head_revision + v_count, last_hash = p_hashes[v_count]
      WHERE stream_id = p_stream;
  END IF;

  PERFORM pg_advisory_xact_lock(${orderingLock[0]}, ${orderingLock[1]});
  v_first := nextval(${quoteLiteral(`${q}.positions`)}::regclass);
  IF v_count > 1 THEN
    PERFORM setval(${quoteLiteral(`${q}.positions`)}::regclass, v_first + v_count - 1);
  END IF;

  INSERT INTO ${q}.events (position, event_id, stream_id, category, revision, type, schema_version, data, metadata,
                           occurred_on, recorded_at, hash, prev_hash)
  SELECT v_first + u.ord - 1, u.id, p_stream, p_category, p_head_revision + u.ord, u.type, u.version, u.data,
         u.metadata, u.occurred, u.recorded, u.hash, u.prev_hash
    FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred, p_recorded, p_hashes, p_prev_hashes)
         WITH ORDINALITY AS u(id, type, version, data, metadata, occurred, recorded, hash, prev_hash, ord);

  PERFORM pg_notify(${quoteLiteral(channel)}, (v_first + v_count - 1)::text);
  RETURN QUERY SELECT 'ok'::text, p_head_revision + v_count, p_hashes[v_count], v_first, v_first + v_count - 1,
                      NULL::json;
END
$ikm$;
`

// number_committed() and append() as versions 2 to 4 wrote them: version 3 recreated both to add a wake-up (and
// left out two of version 2's comments), version 4 recreated append() to plan without sequential scans and to drop
// the id probe before creating a stream, so one text serves all three and each difference reads as what it is. The
// SQL each version emits must never change once shipped (test/MigrationText.test.ts pins it).
type Edition = { readonly version: 2 } | { readonly version: 3 | 4; readonly channel: string }

const create = (edition: Edition): string => (edition.version === 2 ? 'CREATE' : 'CREATE OR REPLACE')

const PLAN_NOTE = `  -- plpgsql keeps the plans of its statements for the session (a SQL function would plan them on every call),
  -- and the common case, nothing to number, is one probe of the partial index.
`

const PROBE_NOTE = `    -- An index probe first: building the JSON (a SQL function, planned at every call) only for a re-send.
`

const wakeUp = (edition: Edition, condition: string, after: string): string =>
  edition.version === 2
    ? ''
    : `  IF ${condition} THEN
    -- wake-up: sent at the commit of this transaction, which holds the ordering lock
    PERFORM pg_notify(${quoteLiteral(edition.channel)}, '');
  END IF;
${after}`

const numberCommittedSql = (
  q: string,
  edition: Edition,
): string => `${create(edition)} FUNCTION ${q}.number_committed() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $ikm$
DECLARE
  v_count bigint;
BEGIN
${edition.version === 2 ? PLAN_NOTE : ''}  IF NOT EXISTS (SELECT 1 FROM ${q}.events e WHERE e.position IS NULL) THEN
    RETURN 0;
  END IF;
  WITH top AS (SELECT coalesce(max(e.position), 0) AS p FROM ${q}.events e),
       todo AS (SELECT e.ctid AS tid, row_number() OVER (ORDER BY e.stream_id, e.revision) AS n
                  FROM ${q}.events e WHERE e.position IS NULL),
       done AS (UPDATE ${q}.events e SET position = top.p + todo.n FROM todo, top WHERE e.ctid = todo.tid
                RETURNING 1)
  SELECT count(*) INTO v_count FROM done;
${wakeUp(edition, 'v_count > 0', '')}  RETURN v_count;
END
$ikm$;

`

const CREATE_STREAM = (
  q: string,
) => `    IF p_head_revision = -1 AND NOT EXISTS (SELECT 1 FROM ${q}.events e WHERE e.event_id = ANY (p_ids)) THEN
      -- Creating the row locks it; a concurrent creator makes us wait for its outcome instead.
`

const CREATE_STREAM_V4 = `    IF p_head_revision = -1 THEN
      -- Creating the row locks it; a concurrent creator makes us wait for its outcome instead. No id can be
      -- stored in a stream that does not exist: one stored in another stream is refused by the primary key.
`

const appendSql = (
  q: string,
  [k1, k2]: readonly [number, number],
  edition: Edition,
): string => `${create(edition)} FUNCTION ${q}.append(
  p_stream text, p_category text, p_head_revision bigint, p_head_hash text,
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
  p_occurred text[], p_recorded text[], p_hashes text[], p_prev_hashes text[], p_number boolean DEFAULT false
) RETURNS TABLE (status text, head_revision bigint, head_hash text, first_position bigint, last_position bigint,
                 existing json)
LANGUAGE plpgsql VOLATILE ${edition.version === 4 ? 'SET enable_seqscan = off ' : ''}AS $ikm$
#variable_conflict use_column
DECLARE
  v_count integer := cardinality(p_ids);
  v_revision bigint;
  v_hash text;
  v_created boolean := false;
  v_existing json;
  v_first bigint;
BEGIN
  SELECT s.revision, s.last_hash INTO v_revision, v_hash
    FROM ${q}.streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    v_revision := -1;
    v_hash := '${GENESIS_HASH}';
${edition.version === 4 ? CREATE_STREAM_V4 : CREATE_STREAM(q)}      INSERT INTO ${q}.streams (stream_id, category, revision, last_hash)
        VALUES (p_stream, p_category, v_count - 1, p_hashes[v_count])
        ON CONFLICT (stream_id) DO NOTHING;
      v_created := FOUND;
      IF NOT v_created THEN
        SELECT s.revision, s.last_hash INTO v_revision, v_hash
          FROM ${q}.streams s WHERE s.stream_id = p_stream FOR UPDATE;
      END IF;
    END IF;
  END IF;

  IF NOT v_created THEN
${edition.version === 2 ? PROBE_NOTE : ''}    IF EXISTS (SELECT 1 FROM ${q}.events e WHERE e.event_id = ANY (p_ids)) THEN
      v_existing := ${q}.existing_events(p_ids);
    END IF;
    IF v_existing IS NOT NULL THEN
      RETURN QUERY SELECT 'exists'::text, v_revision, v_hash, NULL::bigint, NULL::bigint, v_existing;
      RETURN;
    END IF;
    IF v_revision <> p_head_revision OR v_hash <> p_head_hash THEN
      RETURN QUERY SELECT 'head'::text, v_revision, v_hash, NULL::bigint, NULL::bigint, NULL::json;
      RETURN;
    END IF;
    UPDATE ${q}.streams SET revision = p_head_revision + v_count, last_hash = p_hashes[v_count]
      WHERE stream_id = p_stream;
  END IF;

  -- ordering: numbered now only by the holder of the ordering lock, held until commit
  IF p_number AND pg_try_advisory_xact_lock(${k1}, ${k2}) THEN
    PERFORM ${q}.number_committed();
    SELECT coalesce(max(e.position), 0) + 1 INTO v_first FROM ${q}.events e;
  END IF;

  INSERT INTO ${q}.events (position, event_id, stream_id, category, revision, type, schema_version, data, metadata,
                           occurred_on, recorded_at, hash, prev_hash)
  SELECT v_first + u.ord - 1, u.id, p_stream, p_category, p_head_revision + u.ord, u.type, u.version, u.data,
         u.metadata, u.occurred, u.recorded, u.hash, u.prev_hash
    FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred, p_recorded, p_hashes, p_prev_hashes)
         WITH ORDINALITY AS u(id, type, version, data, metadata, occurred, recorded, hash, prev_hash, ord);

${wakeUp(edition, 'v_first IS NOT NULL', '\n')}  RETURN QUERY SELECT CASE WHEN v_first IS NULL THEN 'pending' ELSE 'ok' END, p_head_revision + v_count,
                      p_hashes[v_count], v_first, v_first + v_count - 1, NULL::json;
END
$ikm$;
`

// Version 2: commits that group. Version 1 drew positions under the ordering lock held until commit, so no two
// appends could share a WAL flush, and its pg_notify held NOTIFY's cluster-wide queue lock through the commit as
// well. Now the ordering lock (the sequencer's) is only ever held by one of two kinds of transaction:
// - an autocommit append that finds it free (`pg_try_advisory_xact_lock`, never waiting): it numbers what is
//   committed and unnumbered, then its own batch, and commits — one round trip, one commit, as before;
// - a sequencer run (`sequence(ids)`), after the writer committed its batch unnumbered because the lock was
//   taken: it numbers everything committed and unnumbered at once, in (stream, revision) order.
// Either way positions are assigned only by the lock holder, as max(position) + 1 onwards, and the lock is held
// until that assignment commits — so, exactly as in version 1, a snapshot that sees position p sees every
// position below it, and positions are dense. Writers of unnumbered batches commit in parallel and share WAL
// flushes; readers never see an unnumbered row (`position IS NULL` matches no `position > p`).
// Existing positions are kept as they are: the primary key moves to event_id (unique already; a key is what
// logical replication needs to carry the numbering updates) and position keeps a unique index.
const v2 = ({ q, orderingLock }: SchemaNames): string => {
  const [k1, k2] = orderingLock
  return `
ALTER TABLE ${q}.events ADD CONSTRAINT events_position_key UNIQUE (position);
ALTER TABLE ${q}.events DROP CONSTRAINT events_pkey;
ALTER TABLE ${q}.events DROP CONSTRAINT events_event_id_key;
ALTER TABLE ${q}.events ADD CONSTRAINT events_pkey PRIMARY KEY (event_id);
ALTER TABLE ${q}.events ALTER COLUMN position DROP NOT NULL;
CREATE INDEX events_unnumbered ON ${q}.events (stream_id, revision) WHERE position IS NULL;
DROP FUNCTION ${q}.append(text, text, bigint, text, uuid[], text[], integer[], text[], text[], text[], text[],
                          text[], text[]);
DROP SEQUENCE ${q}.positions;

-- Numbers every committed, unnumbered event, in (stream, revision) order, after the highest position. Only
-- ever called by the holder of the ordering lock; one statement, so it counts and numbers from one snapshot.
${numberCommittedSql(q, { version: 2 })}-- Numbers what is committed and unnumbered if the ordering lock is free, else leaves it to the holder: what a
-- reader calls when it finds unnumbered events and nothing new (their writer may have stopped before
-- numbering them). Returns how many it numbered.
CREATE FUNCTION ${q}.number_if_free() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $ikm$
BEGIN
  IF pg_try_advisory_xact_lock(${k1}, ${k2}) THEN
    RETURN ${q}.number_committed();
  END IF;
  RETURN 0;
END
$ikm$;

-- The positions of a committed batch, numbering it first if nobody has. Waits for a holder of the ordering
-- lock without queueing to take it (a shared request, released at once by rolling back its subtransaction),
-- so that every waiter wakes together when the holder commits, and most find their batch numbered.
CREATE FUNCTION ${q}.sequence(p_ids uuid[]) RETURNS TABLE (first_position bigint, last_position bigint)
LANGUAGE plpgsql VOLATILE AS $ikm$
#variable_conflict use_column
DECLARE
  v_count integer := cardinality(p_ids);
  v_first bigint;
  v_last bigint;
  v_found bigint;
BEGIN
  FOR v_attempt IN 1..8 LOOP
    SELECT min(e.position), max(e.position), count(e.position) INTO v_first, v_last, v_found
      FROM ${q}.events e WHERE e.event_id = ANY (p_ids);
    IF v_found = v_count THEN
      RETURN QUERY SELECT v_first, v_last;
      RETURN;
    END IF;
    IF v_attempt > 4 THEN
      -- Waiting without taking kept losing races: queue for the lock itself.
      PERFORM pg_advisory_xact_lock(${k1}, ${k2});
      PERFORM ${q}.number_committed();
    ELSIF pg_try_advisory_xact_lock(${k1}, ${k2}) THEN
      PERFORM ${q}.number_committed();
    ELSE
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${k1}, ${k2});
        RAISE SQLSTATE 'IKM01';
      EXCEPTION WHEN SQLSTATE 'IKM01' THEN
        NULL;
      END;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'events % are not all stored and committed', p_ids;
END
$ikm$;

-- Appends one sealed batch, as version 1 did (see there for 'exists' and 'head'), but draws no position unless
-- p_number is true and the ordering lock is free: then it numbers the batch itself ('ok', with positions);
-- otherwise the batch goes in unnumbered ('pending') and the caller, after the commit, calls sequence(ids).
-- p_number must only be true for an autocommit call: the lock is held until the transaction ends.
${appendSql(q, orderingLock, { version: 2 })}`
}

// Version 3: wake-ups from the numbering transaction. Version 2 sent pg_notify in a transaction of its own after
// every append, a second statement and a second commit on the server for each append. Events become readable
// only when numbered, and only the holder of the ordering lock numbers, so the numbering transaction is where a
// wake-up belongs: `number_committed()` notifies when it numbered something, and an append that numbers its own
// batch notifies before it commits. NOTIFY's queue lock is then taken only by a transaction that already holds
// the ordering lock through its commit (one at a time per schema), never by a writer that commits unnumbered,
// so concurrent writers' commits still group. Duplicate notifications within a transaction are merged.
const v3 = ({ q, channel, orderingLock }: SchemaNames): string => {
  const edition: Edition = { version: 3, channel }
  return `
${numberCommittedSql(q, edition)}${appendSql(q, orderingLock, edition)}`
}

// Version 4: appends that share a commit. With many writers, version 3 committed each batch unnumbered and then
// numbered it in a second statement and a second commit: every writer waited for two WAL flushes in turn (the
// 50-writer bench spent most of its server time in WALWrite and on the ordering lock). `append_group` takes
// several sealed batches of different streams in one statement and one transaction: each batch is checked
// exactly as `append` checks it (stream row lock, event ids, head), and those that pass are written in the order
// given — numbered, when the ordering lock is free, by this transaction, which then holds it until its commit,
// exactly as `append`'s lone writer does; unnumbered otherwise, for sequence(ids). A batch whose stream row
// another transaction holds is answered 'busy' without waiting (the caller sends it alone), so one slow
// transaction cannot hold up a group. Positions are assigned as in `append`: after number_committed(), from the
// highest position up, so they stay dense and in the
// order readers see commits.
//
// Both append functions also lose two costs. The id probe before creating a stream: no id can be stored in a
// stream that does not exist yet, and an id stored in another stream is refused by the primary key (the caller
// then reads the head and the ids, and reports the conflict or the re-send). And the plans of their statements
// are made with sequential scans off: plpgsql keeps a session's plans, and one made while the table was nearly
// empty read the whole table for each id probe until the next ANALYZE (in the bench, a sequential scan of events
// for every append, growing with the table).
const v4 = ({ q, channel, orderingLock }: SchemaNames): string => {
  const [k1, k2] = orderingLock
  return `
CREATE FUNCTION ${q}.append_group(
  p_streams text[], p_categories text[], p_head_revisions bigint[], p_head_hashes text[], p_counts integer[],
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
  p_occurred text[], p_recorded text[], p_hashes text[], p_prev_hashes text[]
) RETURNS TABLE (status text, head_revision bigint, head_hash text, first_position bigint, last_position bigint,
                 existing json)
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $ikm$
#variable_conflict use_column
DECLARE
  v_batches integer := cardinality(p_streams);
  v_status text[] := '{}';
  v_heads bigint[] := '{}';
  v_head_hashes text[] := '{}';
  v_existing json[] := '{}';
  v_firsts bigint[] := '{}';
  v_start integer := 1;
  v_count integer;
  v_ids uuid[];
  v_revision bigint;
  v_hash text;
  v_created boolean;
  v_written integer := 0;
  v_first bigint;
  v_next bigint;
BEGIN
  IF v_batches IS NULL OR cardinality(p_counts) <> v_batches
     OR (SELECT sum(c) FROM unnest(p_counts) c) <> cardinality(p_ids) THEN
    RAISE EXCEPTION 'append_group: % batches, % counts, % events do not match', v_batches, cardinality(p_counts),
      cardinality(p_ids);
  END IF;
  FOR b IN 1..v_batches LOOP
    v_count := p_counts[b];
    v_ids := p_ids[v_start:v_start + v_count - 1];
    v_created := false;
    SELECT s.revision, s.last_hash INTO v_revision, v_hash
      FROM ${q}.streams s WHERE s.stream_id = p_streams[b] FOR UPDATE SKIP LOCKED;
    IF NOT FOUND AND EXISTS (SELECT 1 FROM ${q}.streams s WHERE s.stream_id = p_streams[b]) THEN
      -- held by another transaction: waiting here would hold up every batch of the group
      v_status[b] := 'busy';
    ELSE
      IF NOT FOUND THEN
        v_revision := -1;
        v_hash := '${GENESIS_HASH}';
        IF p_head_revisions[b] = -1 THEN
          INSERT INTO ${q}.streams (stream_id, category, revision, last_hash)
            VALUES (p_streams[b], p_categories[b], v_count - 1, p_hashes[v_start + v_count - 1])
            ON CONFLICT (stream_id) DO NOTHING;
          v_created := FOUND;
          IF NOT v_created THEN
            SELECT s.revision, s.last_hash INTO v_revision, v_hash
              FROM ${q}.streams s WHERE s.stream_id = p_streams[b] FOR UPDATE;
          END IF;
        END IF;
      END IF;
      IF v_created THEN
        v_status[b] := 'ok';
      ELSIF EXISTS (SELECT 1 FROM ${q}.events e WHERE e.event_id = ANY (v_ids)) THEN
        v_status[b] := 'exists';
        v_existing[b] := ${q}.existing_events(v_ids);
      ELSIF v_revision <> p_head_revisions[b] OR v_hash <> p_head_hashes[b] THEN
        v_status[b] := 'head';
      ELSE
        UPDATE ${q}.streams SET revision = p_head_revisions[b] + v_count, last_hash = p_hashes[v_start + v_count - 1]
          WHERE stream_id = p_streams[b];
        v_status[b] := 'ok';
      END IF;
      IF v_status[b] = 'ok' THEN
        v_heads[b] := p_head_revisions[b] + v_count;
        v_head_hashes[b] := p_hashes[v_start + v_count - 1];
        v_written := v_written + v_count;
      ELSE
        v_heads[b] := v_revision;
        v_head_hashes[b] := v_hash;
      END IF;
    END IF;
    v_start := v_start + v_count;
  END LOOP;

  -- ordering: numbered now only by the holder of the ordering lock, held until commit; when another holds it, the
  -- group commits unnumbered and its appenders call sequence(ids), as a lone append does
  IF v_written > 0 AND pg_try_advisory_xact_lock(${k1}, ${k2}) THEN
    PERFORM ${q}.number_committed();
    SELECT coalesce(max(e.position), 0) + 1 INTO v_first FROM ${q}.events e;
    v_next := v_first;
    FOR b IN 1..v_batches LOOP
      IF v_status[b] = 'ok' THEN
        v_firsts[b] := v_next;
        v_next := v_next + p_counts[b];
      END IF;
    END LOOP;
  END IF;

  IF v_written > 0 THEN

    INSERT INTO ${q}.events (position, event_id, stream_id, category, revision, type, schema_version, data, metadata,
                             occurred_on, recorded_at, hash, prev_hash)
    SELECT v_firsts[g.b] + g.i - 1, u.id, p_streams[g.b], p_categories[g.b], p_head_revisions[g.b] + g.i, u.type,
           u.version, u.data, u.metadata, u.occurred, u.recorded, u.hash, u.prev_hash
      FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred, p_recorded, p_hashes, p_prev_hashes)
           WITH ORDINALITY AS u(id, type, version, data, metadata, occurred, recorded, hash, prev_hash, ord)
      JOIN (SELECT c.b, s.i, row_number() OVER (ORDER BY c.b, s.i) AS ord
              FROM unnest(p_counts) WITH ORDINALITY AS c(n, b), generate_series(1, c.n) AS s(i)) g ON g.ord = u.ord
     WHERE v_status[g.b] = 'ok';
  END IF;

  IF v_first IS NOT NULL THEN
    -- wake-up: sent at the commit of this transaction, which holds the ordering lock
    PERFORM pg_notify(${quoteLiteral(channel)}, '');
  END IF;

  RETURN QUERY SELECT CASE WHEN v_status[b] = 'ok' AND v_first IS NULL THEN 'pending' ELSE v_status[b] END, v_heads[b], v_head_hashes[b], v_firsts[b], v_firsts[b] + p_counts[b] - 1,
                      v_existing[b]
    FROM generate_series(1, v_batches) AS b ORDER BY b;
END
$ikm$;

${appendSql(q, orderingLock, { version: 4, channel })}`
}

// Version 5: a cheaper `append_group`. Version 4's wrote the whole group with one INSERT joined to a window over
// the batch sizes, whose cached plan (sort, window, hash join) cost more than the rows for small groups: a group of
// one cost two to three times `append`'s server time, and a lone writer's appends are groups of one. Now the
// checks run first (every stream row locked, or found busy), then the ordering lock, then one INSERT per written
// batch, the same statement as `append`'s, and the answers are returned row by row. Same arguments, same answers.
const v5 = ({ q, channel, orderingLock }: SchemaNames): string => {
  const [k1, k2] = orderingLock
  return `
CREATE OR REPLACE FUNCTION ${q}.append_group(
  p_streams text[], p_categories text[], p_head_revisions bigint[], p_head_hashes text[], p_counts integer[],
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
  p_occurred text[], p_recorded text[], p_hashes text[], p_prev_hashes text[]
) RETURNS TABLE (status text, head_revision bigint, head_hash text, first_position bigint, last_position bigint,
                 existing json)
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $ikm$
#variable_conflict use_column
DECLARE
  v_batches integer := cardinality(p_streams);
  v_status text[] := '{}';
  v_heads bigint[] := '{}';
  v_head_hashes text[] := '{}';
  v_existing json[] := '{}';
  v_start integer := 1;
  v_count integer;
  v_last integer;
  v_revision bigint;
  v_hash text;
  v_created boolean;
  v_written boolean := false;
  v_first bigint;
  v_next bigint;
BEGIN
  IF v_batches IS NULL OR cardinality(p_counts) IS DISTINCT FROM v_batches THEN
    RAISE EXCEPTION 'append_group: % streams but % counts', v_batches, cardinality(p_counts);
  END IF;
  FOR b IN 1..v_batches LOOP
    v_count := p_counts[b];
    v_last := v_start + v_count - 1;
    v_created := false;
    SELECT s.revision, s.last_hash INTO v_revision, v_hash
      FROM ${q}.streams s WHERE s.stream_id = p_streams[b] FOR UPDATE SKIP LOCKED;
    IF NOT FOUND AND EXISTS (SELECT 1 FROM ${q}.streams s WHERE s.stream_id = p_streams[b]) THEN
      -- held by another transaction: waiting here would hold up every batch of the group
      v_status[b] := 'busy';
    ELSE
      IF NOT FOUND THEN
        v_revision := -1;
        v_hash := '${GENESIS_HASH}';
        IF p_head_revisions[b] = -1 THEN
          INSERT INTO ${q}.streams (stream_id, category, revision, last_hash)
            VALUES (p_streams[b], p_categories[b], v_count - 1, p_hashes[v_last])
            ON CONFLICT (stream_id) DO NOTHING;
          v_created := FOUND;
          IF NOT v_created THEN
            SELECT s.revision, s.last_hash INTO v_revision, v_hash
              FROM ${q}.streams s WHERE s.stream_id = p_streams[b] FOR UPDATE;
          END IF;
        END IF;
      END IF;
      IF v_created THEN
        v_status[b] := 'ok';
      ELSIF EXISTS (SELECT 1 FROM ${q}.events e WHERE e.event_id = ANY (p_ids[v_start:v_last])) THEN
        v_status[b] := 'exists';
        v_existing[b] := ${q}.existing_events(p_ids[v_start:v_last]);
      ELSIF v_revision <> p_head_revisions[b] OR v_hash <> p_head_hashes[b] THEN
        v_status[b] := 'head';
      ELSE
        UPDATE ${q}.streams SET revision = p_head_revisions[b] + v_count, last_hash = p_hashes[v_last]
          WHERE stream_id = p_streams[b];
        v_status[b] := 'ok';
      END IF;
      IF v_status[b] = 'ok' THEN
        v_heads[b] := p_head_revisions[b] + v_count;
        v_head_hashes[b] := p_hashes[v_last];
        v_written := true;
      ELSE
        v_heads[b] := v_revision;
        v_head_hashes[b] := v_hash;
      END IF;
    END IF;
    v_start := v_last + 1;
  END LOOP;
  IF v_start - 1 IS DISTINCT FROM cardinality(p_ids) THEN
    RAISE EXCEPTION 'append_group: counts add up to % events, but % were given', v_start - 1, cardinality(p_ids);
  END IF;

  -- ordering: numbered now only by the holder of the ordering lock, held until commit; when another holds it, the
  -- group commits unnumbered and its appenders call sequence(ids), as a lone append does
  IF v_written AND pg_try_advisory_xact_lock(${k1}, ${k2}) THEN
    PERFORM ${q}.number_committed();
    SELECT coalesce(max(e.position), 0) + 1 INTO v_first FROM ${q}.events e;
  END IF;

  v_start := 1;
  v_next := v_first;
  FOR b IN 1..v_batches LOOP
    v_count := p_counts[b];
    v_last := v_start + v_count - 1;
    status := v_status[b];
    head_revision := v_heads[b];
    head_hash := v_head_hashes[b];
    first_position := NULL;
    last_position := NULL;
    existing := v_existing[b];
    IF status = 'ok' THEN
      INSERT INTO ${q}.events (position, event_id, stream_id, category, revision, type, schema_version, data,
                               metadata, occurred_on, recorded_at, hash, prev_hash)
      SELECT v_next + u.ord - 1, u.id, p_streams[b], p_categories[b], p_head_revisions[b] + u.ord, u.type, u.version,
             u.data, u.metadata, u.occurred, u.recorded, u.hash, u.prev_hash
        FROM unnest(p_ids[v_start:v_last], p_types[v_start:v_last], p_versions[v_start:v_last],
                    p_data[v_start:v_last], p_metadata[v_start:v_last], p_occurred[v_start:v_last],
                    p_recorded[v_start:v_last], p_hashes[v_start:v_last], p_prev_hashes[v_start:v_last])
             WITH ORDINALITY AS u(id, type, version, data, metadata, occurred, recorded, hash, prev_hash, ord);
      IF v_first IS NULL THEN
        status := 'pending';
      ELSE
        first_position := v_next;
        last_position := v_next + v_count - 1;
        v_next := v_next + v_count;
      END IF;
    END IF;
    RETURN NEXT;
    v_start := v_last + 1;
  END LOOP;

  IF v_first IS NOT NULL THEN
    -- wake-up: sent at the commit of this transaction, which holds the ordering lock
    PERFORM pg_notify(${quoteLiteral(channel)}, '');
  END IF;
END
$ikm$;
`
}

/** Every migration, in order. The last one's version is the schema version this code writes. */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  { version: 1, name: 'events, streams, append()', sql: v1 },
  { version: 2, name: 'commits that group: numbering by the lock holder, sequence()', sql: v2 },
  { version: 3, name: 'wake-ups from the numbering transaction', sql: v3 },
  { version: 4, name: 'appends that share a commit: append_group()', sql: v4 },
  { version: 5, name: 'a cheaper append_group(): one insert per batch', sql: v5 },
]

/** The schema version this code expects. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
