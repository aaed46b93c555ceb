/**
 * `@ikm-ledger/store-kurrentdb`: the KurrentDB / EventStoreDB event store, for ledgers that outgrow one machine.
 *
 * @since 0.1.0
 */

export {
  createKurrentDbEventStore,
  type KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './KurrentDbEventStore'
export type { KurrentDbClient, KurrentDbLiveSubscription } from './KurrentDbClient'
export { globalPositionOf, serverPositionOf } from './Positions'
export {
  subscribeFromPosition,
  type CatchUpHandler,
  type CatchUpOptions,
  type CatchUpSource,
  type CatchUpSubscription,
  type HandlerFailed,
} from './CatchUpSubscription'
