/**
 * The part of `@kurrent/kurrentdb-client`'s `KurrentDBClient` this adapter uses. A real client satisfies it as
 * is; tests pass an in-process double that implements only these methods.
 *
 * @since 0.1.0
 */
import type {
  AllStreamResolvedEvent,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  GetStreamMetadataOptions,
  GetStreamMetadataResult,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client'

/**
 * A live subscription to `$all`: an async iterable of events that can be cancelled.
 *
 * @category model
 * @since 0.1.0
 */
export interface KurrentDbLiveSubscription {
  readonly [Symbol.asyncIterator]: () => AsyncIterator<AllStreamResolvedEvent>
  readonly unsubscribe: () => Promise<void>
}

/**
 * The client methods the store calls: append, stream and `$all` reads, `$all` subscriptions, stream metadata (to
 * tell a soft-deleted stream from a new one), dispose.
 *
 * @category model
 * @since 0.1.0
 */
export interface KurrentDbClient {
  appendToStream(streamName: string, events: Array<EventData>, options?: AppendToStreamOptions): Promise<AppendResult>
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEvent>
  readAll(options?: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>
  subscribeToAll(options?: SubscribeToAllOptions): KurrentDbLiveSubscription
  getStreamMetadata(streamName: string, options?: GetStreamMetadataOptions): Promise<GetStreamMetadataResult>
  dispose(): Promise<void>
}
