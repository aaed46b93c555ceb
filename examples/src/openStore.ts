/**
 * Opens the event store the examples run on. For now only the in-memory store (`memory:`); the SQLite engineer
 * extends this with `sqlite:<file>` (and makes it the default) once the SQLite store is wired into the examples.
 *
 * @since 0.1.0
 */
import {
  createInMemoryEventStore,
  storeUnavailable,
  type EventStore,
  type StoreError,
  type StoreOptions,
} from '@ikm-ledger/core'
import * as TE from 'fp-ts/TaskEither'

/**
 * The store URL used when none is given.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_STORE_URL = 'memory:'

/**
 * Opens a store by URL. `memory:` is a fresh in-memory store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const openStore = (
  url: string = DEFAULT_STORE_URL,
  options: StoreOptions = {},
): TE.TaskEither<StoreError, EventStore> =>
  url === 'memory:'
    ? TE.right(createInMemoryEventStore(options))
    : TE.left(storeUnavailable(`open the store ${url}`, 'the examples support only "memory:" so far; use "memory:"'))
