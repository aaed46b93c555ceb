/**
 * The contract-suite harness for the KurrentDB store, shared by the run against the fake client and the run
 * against a real server, so the code that runs against a server is exercised here too.
 *
 * A KurrentDB log cannot be edited through the API, so `corrupt` cannot damage the stored event in place. It
 * does the next best thing: it writes a copy of the stream, with the one event damaged, to a fresh stream, and
 * routes the store's client to the copy (`RedirectingClient`): stream reads of the original read the copy, and
 * `$all` reads see the copy's events under the original stream id in place of the original's. What the store then reads is exactly what it would read from a damaged disk.
 */
import type { EventStoreContractSetup, EventStoreHarness } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import type {
  AllStreamResolvedEvent,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  GetStreamMetadataOptions,
  GetStreamMetadataResult,
  JSONType,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client'
import { createKurrentDbEventStore } from '../../src'
import type { KurrentDbClient, KurrentDbLiveSubscription } from '../../src/KurrentDbClient'

/** A client that reads some streams from other streams, and names their events after the original. */
export class RedirectingClient implements KurrentDbClient {
  private readonly targets = new Map<string, string>()
  private readonly origins = new Map<string, string>()

  constructor(readonly inner: KurrentDbClient) {}

  redirect(from: string, to: string): void {
    this.targets.set(from, to)
    this.origins.set(to, from)
  }

  private rename<R extends { event?: { streamId: string } }>(resolved: R): R {
    const origin = resolved.event === undefined ? undefined : this.origins.get(resolved.event.streamId)
    return origin === undefined || resolved.event === undefined
      ? resolved
      : { ...resolved, event: { ...resolved.event, streamId: origin } }
  }

  appendToStream(streamName: string, events: Array<EventData>, options?: AppendToStreamOptions): Promise<AppendResult> {
    return this.inner.appendToStream(this.targets.get(streamName) ?? streamName, events, options)
  }

  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEvent> {
    const inner = this.inner.readStream(this.targets.get(streamName) ?? streamName, options)
    const rename = (r: ResolvedEvent) => this.rename(r)
    return (async function* () {
      for await (const resolved of inner) yield rename(resolved)
    })()
  }

  readAll(options?: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    const inner = this.inner.readAll(options)
    const rename = (r: AllStreamResolvedEvent) => this.rename(r)
    // The original of a redirected stream is replaced, not doubled: a stream that came back twice in `$all` would
    // be caught as events out of order before the damage the copy carries.
    const replaced = (r: AllStreamResolvedEvent) => r.event !== undefined && this.targets.has(r.event.streamId)
    return (async function* () {
      for await (const resolved of inner) if (!replaced(resolved)) yield rename(resolved)
    })()
  }

  subscribeToAll(options?: SubscribeToAllOptions): KurrentDbLiveSubscription {
    return this.inner.subscribeToAll(options)
  }

  getStreamMetadata(streamName: string, options?: GetStreamMetadataOptions): Promise<GetStreamMetadataResult> {
    return this.inner.getStreamMetadata(this.targets.get(streamName) ?? streamName, options)
  }

  dispose(): Promise<void> {
    return this.inner.dispose()
  }
}

let copies = 0

/**
 * A fresh store in its own namespace (so it starts empty even on a shared server), with a `corrupt` that
 * damages an event as described above.
 */
export const kurrentDbHarness = (
  client: KurrentDbClient,
  namespace: string,
  { clock, upcasters }: EventStoreContractSetup,
): EventStoreHarness => {
  const routed = new RedirectingClient(client)
  const created = createKurrentDbEventStore({ client: routed, namespace, clock, upcasters })
  if (E.isLeft(created)) throw new Error(`cannot create the store: ${JSON.stringify(created.left)}`)
  const store = created.right
  return {
    store,
    corrupt: async (streamId, revision, how) => {
      const original = namespace + streamId
      copies += 1
      const copy = `${original}~damaged${copies}`
      const events: Array<EventData> = []
      for await (const { event } of client.readStream(original)) {
        if (event === undefined) continue
        const damaged = event.revision === revision
        events.push({
          id: event.id,
          contentType: 'application/json',
          type: event.type,
          data: damaged && how === 'payload' ? { tampered: true } : (event.data as JSONType),
          metadata: damaged && how === 'garbage' ? Uint8Array.from(Buffer.from('\u0000not json')) : event.metadata,
        } as EventData)
      }
      if (!events.some((_, i) => BigInt(i) === revision)) throw new Error(`no event ${streamId}@${revision}`)
      await client.appendToStream(copy, events, { streamState: 'no_stream' })
      routed.redirect(original, copy)
    },
    teardown: async () => {
      // Closing twice is fine here: the suite may have closed the store already.
      await store.close()()
    },
  }
}
