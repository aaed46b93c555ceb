/**
 * Persisted read models and their checkpoints in PostgreSQL (`pg`). A projection's unit of work is a pooled
 * client inside `BEGIN`/`COMMIT`, which also saves the checkpoint; rebuilds swap shadow tables with
 * `ALTER TABLE … RENAME` in one transaction; a session advisory lock keeps one active runner per projection.
 *
 * @since 0.1.0
 */
import {
  checkpointConflict,
  clockOption,
  instantOf,
  isOptionsObject,
  projectionStoreFailure,
  readOptions,
  showInput,
  sqlTableName,
  type Checkpoint,
  type Clock,
  type ParkedEvent,
  type ProjectionError,
  type ProjectionStore,
  type TableResolver,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as TE from 'fp-ts/TaskEither'
// Named types, not the default import's members, in every type: declarations must compile without esModuleInterop.
import type { Pool, PoolClient } from 'pg'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of {@link openPostgresProjectionStore}.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresProjectionStoreOptions {
  /** The pool the read-model transactions run on. The store never ends it. */
  readonly pool: Pool
  /** The schema holding the checkpoints, the parked events and the read models; defaults to `public`. */
  readonly schema?: string
  /** Stamps `updated_at` and `parked_at`; defaults to the system clock. */
  readonly clock?: Clock
  /**
   * The pool the projection locks are taken on; defaults to `pool`. Session advisory locks need a session
   * that stays the same server connection: behind PgBouncer in transaction mode, point this at a direct or
   * session-mode connection.
   */
  readonly lockPool?: Pool
  /**
   * How long the swap at the end of a rebuild waits for the live tables' locks; defaults to 5000 ms. The swap
   * needs an exclusive lock, and while it waits every new reader queues behind it: a bound keeps a long report
   * from stalling all readers. On timeout the swap rolls back and the runner retries it.
   */
  readonly swapLockTimeoutMs?: number
}

/**
 * The PostgreSQL projection store. `Tx` is a `pg.PoolClient` inside an open transaction.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresProjectionStore extends ProjectionStore<PoolClient> {
  readonly pool: Pool
  readonly schema: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Creates the schema and the store's own tables if needed (safe to run from several processes at once).
 *
 * @example
 * const store = await openPostgresProjectionStore({ pool, schema: 'read_models' })()
 *
 * @category constructors
 * @since 0.1.0
 */
export const openPostgresProjectionStore = (
  options: PostgresProjectionStoreOptions,
): TE.TaskEither<ProjectionError, PostgresProjectionStore> => {
  const refuse = (reason: string) => TE.left(projectionStoreFailure('open the PostgreSQL projection store', reason))
  if (!isOptionsObject(options)) return refuse(`its options must be an object, got ${showInput(options)}`)
  // Read once, field by field: a getter or a proxy's trap that throws is a refusal naming it.
  const read = readOptions(options, ['pool', 'schema', 'clock', 'lockPool', 'swapLockTimeoutMs'], 'its options')
  if (E.isLeft(read)) return refuse(read.left)
  const fields = read.right as Partial<PostgresProjectionStoreOptions>
  const clock = clockOption(fields.clock)
  if (E.isLeft(clock)) return refuse(clock.left)
  for (const [name, pool] of [
    ['pool', fields.pool],
    ['lockPool', fields.lockPool],
  ] as const) {
    if ((pool !== undefined || name === 'pool') && !isOptionsObject(pool)) {
      return refuse(`${name} must be a pg.Pool, got ${showInput(pool)}`)
    }
  }
  const swapLockTimeoutMs = fields.swapLockTimeoutMs ?? 5000
  if (!Number.isSafeInteger(swapLockTimeoutMs) || swapLockTimeoutMs < 0) {
    return refuse(`swapLockTimeoutMs must be a whole number of milliseconds >= 0, got ${showInput(swapLockTimeoutMs)}`)
  }
  const schema = fields.schema ?? 'public'
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    return TE.left(
      projectionStoreFailure(
        'check the schema name',
        `${typeof schema === 'string' ? `'${schema}'` : showInput(schema)} is not a usable schema name: use lower-case letters, digits and underscores, 63 at most`,
      ),
    )
  }
  return TE.tryCatch(
    async () => {
      const client = await fields.pool!.connect()
      try {
        await client.query('BEGIN')
        // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog: serialise them.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [LOCK_SPACE, schema])
        await client.query(schemaSql(schema))
        await client.query('COMMIT')
      } catch (cause) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw cause
      } finally {
        client.release()
      }
      return postgresProjectionStore(
        fields.pool!,
        fields.lockPool ?? fields.pool!,
        schema,
        clock.right,
        swapLockTimeoutMs,
      )
    },
    (cause) => projectionStoreFailure(`create the projection tables in schema '${schema}'`, cause),
  )
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/
const LOCK_SPACE = 'ikm-ledger projection'

const quote = (name: string) => `"${name}"`

// PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes, so a longer name would silently collide.
// Inside a transaction: the store's transaction reports the thrown reason as a ProjectionStoreFailure.
const physical = (logical: string, version: number | undefined): string =>
  E.getOrElse((reason: string): string => {
    throw new Error(reason)
  })(sqlTableName(logical, version, 63))

const schemaSql = (schema: string) => `
CREATE SCHEMA IF NOT EXISTS ${quote(schema)};
CREATE TABLE IF NOT EXISTS ${quote(schema)}.ikm_projection_checkpoints (
  name text PRIMARY KEY,
  version integer NOT NULL,
  position bigint NOT NULL,
  rebuild_version integer,
  rebuild_position bigint,
  updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${quote(schema)}.ikm_projection_parked (
  projection text NOT NULL,
  position bigint NOT NULL,
  event_id text NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  reason text NOT NULL,
  parked_at timestamptz NOT NULL,
  PRIMARY KEY (projection, event_id)
);
`

interface CheckpointRow {
  readonly name: string
  readonly version: number
  readonly position: string
  readonly rebuild_version: number | null
  readonly rebuild_position: string | null
}

interface ParkedRow {
  readonly projection: string
  readonly position: string
  readonly event_id: string
  readonly stream_id: string
  readonly revision: string
  readonly type: string
  readonly reason: string
}

const checkpointOf = (row: CheckpointRow | undefined): Checkpoint | undefined =>
  row === undefined
    ? undefined
    : {
        name: row.name,
        version: row.version,
        position: BigInt(row.position),
        rebuild:
          row.rebuild_version === null || row.rebuild_position === null
            ? undefined
            : { version: row.rebuild_version, position: BigInt(row.rebuild_position) },
      }

const postgresProjectionStore = (
  pool: Pool,
  lockPool: Pool,
  schema: string,
  clock: Clock,
  swapLockTimeoutMs: number,
): PostgresProjectionStore => {
  const table = (name: string) => `${quote(schema)}.${quote(name)}`
  const checkpoints = table('ikm_projection_checkpoints')
  const parked = table('ikm_projection_parked')
  const attempt = <A>(operation: string, run: () => Promise<A>): TE.TaskEither<ProjectionError, A> =>
    TE.tryCatch(run, (cause) => projectionStoreFailure(operation, cause))

  return {
    pool,
    schema,
    loadCheckpoint: (name) =>
      attempt('load a checkpoint', async () => {
        const { rows } = await pool.query<CheckpointRow>(`SELECT * FROM ${checkpoints} WHERE name = $1`, [name])
        return O.fromNullable(checkpointOf(rows[0]))
      }),
    transaction: (work) =>
      attempt('run a projection transaction', async () => {
        const client = await pool.connect()
        let broken: Error | undefined
        try {
          await client.query('BEGIN')
          const result = await work(client)
          await client.query('COMMIT')
          return result
        } catch (cause) {
          await client.query('ROLLBACK').catch((error: unknown) => {
            // A client that cannot even roll back is dead: destroy it rather than return it to the pool.
            broken = error instanceof Error ? error : new Error(String(error))
          })
          throw cause
        } finally {
          client.release(broken)
        }
      }),
    saveCheckpoint: async (client, checkpoint, expected) => {
      // One statement per batch: a compare-and-set that writes only if the stored checkpoint is still the expected
      // one (an insert when none is expected). The row lock it takes holds until commit. Only when it writes
      // nothing is the row read, to say what it was.
      const values = [
        checkpoint.name,
        checkpoint.version,
        String(checkpoint.position),
        checkpoint.rebuild?.version ?? null,
        checkpoint.rebuild === undefined ? null : String(checkpoint.rebuild.position),
        instantOf(clock.now()),
      ]
      const written =
        expected === undefined
          ? await client.query(
              `INSERT INTO ${checkpoints} (name, version, position, rebuild_version, rebuild_position, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING`,
              values,
            )
          : await client.query(
              `UPDATE ${checkpoints} SET version = $2, position = $3, rebuild_version = $4, rebuild_position = $5,
                 updated_at = $6
               WHERE name = $1 AND version = $7 AND position = $8
                 AND rebuild_version IS NOT DISTINCT FROM $9 AND rebuild_position IS NOT DISTINCT FROM $10`,
              [
                ...values,
                expected.version,
                String(expected.position),
                expected.rebuild?.version ?? null,
                expected.rebuild === undefined ? null : String(expected.rebuild.position),
              ],
            )
      if (written.rowCount === 1) return
      const { rows } = await client.query<CheckpointRow>(`SELECT * FROM ${checkpoints} WHERE name = $1`, [
        checkpoint.name,
      ])
      throw new Error(
        checkpointConflict(checkpoint.name, expected, checkpointOf(rows[0])) ??
          `the checkpoint of projection '${checkpoint.name}' could not be saved`,
      )
    },
    tables:
      (version): TableResolver =>
      (logical) =>
        table(physical(logical, version)),
    dropTables: async (client, tables, version) => {
      for (const name of tables) await client.query(`DROP TABLE IF EXISTS ${table(physical(name, version))}`)
    },
    swapTables: async (client, tables, version) => {
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(swapLockTimeoutMs))}`)
      for (const name of tables) {
        await client.query(`DROP TABLE IF EXISTS ${table(physical(name, undefined))}`)
        await client.query(
          `ALTER TABLE ${table(physical(name, version))} RENAME TO ${quote(physical(name, undefined))}`,
        )
      }
    },
    park: async (client, event) => {
      await client.query(
        `INSERT INTO ${parked} (projection, position, event_id, stream_id, revision, type, reason, parked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (projection, event_id) DO NOTHING`,
        [
          event.projection,
          String(event.position),
          event.eventId,
          event.streamId,
          String(event.revision),
          event.type,
          event.reason,
          instantOf(clock.now()),
        ],
      )
    },
    parkedEvents: (name) =>
      attempt('list parked events', async () => {
        const { rows } = await pool.query<ParkedRow>(
          `SELECT * FROM ${parked} WHERE projection = $1 ORDER BY position`,
          [name],
        )
        return rows.map((row): ParkedEvent => ({
          projection: row.projection,
          position: BigInt(row.position),
          eventId: row.event_id,
          streamId: row.stream_id,
          revision: BigInt(row.revision),
          type: row.type,
          reason: row.reason,
        }))
      }),
    acquire: (name) =>
      attempt('take the projection lock', async () => {
        const client = await lockPool.connect()
        // The session holds the lock; if its connection dies, PostgreSQL releases it and another runner may start.
        const ignore = () => undefined
        client.on('error', ignore)
        const key = `${schema}.${name}`
        try {
          const { rows } = await client.query<{ taken: boolean }>(
            'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS taken',
            [LOCK_SPACE, key],
          )
          if (rows[0]?.taken !== true) {
            client.off('error', ignore)
            client.release()
            return O.none
          }
        } catch (cause) {
          client.off('error', ignore)
          client.release(cause instanceof Error ? cause : true)
          throw cause
        }
        return O.some(async () => {
          const unlocked = await client
            .query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_SPACE, key])
            .then(
              () => undefined,
              (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
            )
          client.off('error', ignore)
          client.release(unlocked)
        })
      }),
  }
}
