/**
 * Small builders for the adapter's own tests.
 */
import type { EventStore, NewEvent, RecordedEvent } from '@ikm-ledger/core'
import { newEvent } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { expect } from 'vitest'
import { createKurrentDbEventStore, type KurrentDbEventStore, type KurrentDbEventStoreOptions } from '../../src'

/** testkit's test event with the given data and type. */
export const probe = (data: { readonly [key: string]: string | number } = {}, type = 'ProbeRecorded'): NewEvent =>
  newEvent({ data, type })

/** A store over the given options, or a thrown error naming why it could not be created. */
export const storeOf = (options: KurrentDbEventStoreOptions): KurrentDbEventStore => {
  const created = createKurrentDbEventStore(options)
  if (E.isLeft(created)) throw new Error(`cannot create the store: ${JSON.stringify(created.left)}`)
  return created.right
}

/** Every event of a read, or the error that ended it. */
export const readAllEvents = async (
  batches: AsyncIterable<
    E.Either<unknown, ReadonlyArray<RecordedEvent> | { readonly events: ReadonlyArray<RecordedEvent> }>
  >,
): Promise<E.Either<unknown, ReadonlyArray<RecordedEvent>>> => {
  const events: Array<RecordedEvent> = []
  for await (const batch of batches) {
    if (E.isLeft(batch)) return batch
    events.push(...('events' in batch.right ? batch.right.events : batch.right))
  }
  return E.right(events)
}

/** Runs a task and returns its value, failing the test on a Left. */
export const ok = async <A>(task: ReturnType<EventStore['append']> | (() => Promise<E.Either<unknown, A>>)) => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left, big)}`)
  return result.right as A
}

/** Runs a task and returns its error, failing the test on a Right. */
export const err = async (task: () => Promise<E.Either<unknown, unknown>>) => {
  const result = await task()
  if (E.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right, big)}`)
  return result.left
}

const big = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)

/** Every event of a stream, failing the test on an error. */
export const streamEvents = async (store: EventStore, streamId: string): Promise<ReadonlyArray<RecordedEvent>> => {
  const read = await readAllEvents(store.readStream(streamId))
  if (E.isLeft(read)) throw new Error(JSON.stringify(read.left, big))
  return read.right
}

/** Asserts a whole stream read from revision 0: revisions 0, 1, 2… each chained to the one before. */
export const expectChain = (read: ReadonlyArray<RecordedEvent>): void => {
  for (let i = 1; i < read.length; i++) expect(read[i]!.prevHash).toBe(read[i - 1]!.hash)
  expect(read.map((e) => e.revision)).toEqual(read.map((_, i) => BigInt(i)))
}

/** Waits until `condition` holds, or fails naming `what` after `ms`. */
export const until = async (condition: () => boolean, what: string, ms = 4_000): Promise<void> => {
  const end = Date.now() + ms
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 2))
  if (!condition()) throw new Error(`timed out waiting for ${what}`)
}
