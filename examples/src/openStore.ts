/**
 * Opens the event store the examples run on, by URL, through the CLI's one opener (`openStoreFromUrl`):
 * - a file path (or `sqlite:<path>`): the embedded SQLite store — the default; created (with its folder) when
 *   missing;
 * - `postgres://…` / `postgresql://…`: PostgreSQL (schema from `?schema=`, default `ikm_ledger_demo`);
 * - `memory:`: a fresh in-memory store.
 *
 * @since 0.1.0
 */
import { openStoreFromUrl } from '@ikm-ledger/cli'
import type { EventStore, StoreError, StoreOptions } from '@ikm-ledger/core'
import type * as TE from 'fp-ts/TaskEither'

/**
 * The store URL used when none is given: a SQLite file next to the examples.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_STORE_URL = '.ikm-ledger/demo.db'

/**
 * How to open: `fresh` empties the store first (the demo replays the seeds from scratch on every run).
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenStoreOptions extends StoreOptions {
  readonly fresh?: boolean
}

/**
 * Opens a store by URL (see the module comment).
 *
 * @category constructors
 * @since 0.1.0
 */
export const openStore =
  (url: string = DEFAULT_STORE_URL, options: OpenStoreOptions = {}): TE.TaskEither<StoreError, EventStore> =>
  () =>
    openStoreFromUrl(url, { ...options, create: true, schema: 'ikm_ledger_demo' })
