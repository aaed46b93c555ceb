/**
 * Resolving a stream id typed by a person against the store: a stream that does not exist is bad input, and
 * the message names the stream ids that do exist for the same entity id (`prg-muba-led-2020` →
 * `program-prg-muba-led-2020`).
 */
import * as E from 'fp-ts/Either'
import type { EventStore, StoreError } from '@ikm-ledger/core'
import { IKM_CATEGORIES, streamIdArgument, UsageError } from './Args'

const existing = async (store: EventStore, candidates: ReadonlyArray<string>): Promise<ReadonlyArray<string>> => {
  const found: Array<string> = []
  for (const candidate of candidates) {
    const exists = await store.streamExists(candidate)()
    if (E.isRight(exists) && exists.right) found.push(candidate)
  }
  return found
}

/** The stream id when it names a stream of the store; a `UsageError` otherwise; a store failure as a `Left`. */
const hasEvents = async (store: EventStore, streamId: string): Promise<boolean> => {
  for await (const batch of store.readStream(streamId, { maxCount: 1, verifyHashes: false })) {
    if (E.isLeft(batch) || batch.right.length > 0) return true
  }
  return false
}

export const resolveStream = async (store: EventStore, value: string): Promise<E.Either<StoreError, string>> => {
  let streamId: string
  try {
    streamId = streamIdArgument(value)
  } catch (error) {
    // A bare entity id: suggest the streams of that id which exist.
    const found = await existing(
      store,
      IKM_CATEGORIES.map((c) => `${c}-${value}`),
    )
    if (found.length > 0)
      throw new UsageError(`'${value}' is an entity id, not a stream id — did you mean ${found.join(' or ')}?`)
    throw error
  }
  const exists = await store.streamExists(streamId)()
  if (E.isLeft(exists)) return exists
  if (exists.right) return E.right(streamId)
  // No recorded head, yet events may be stored under the id (a head row deleted by hand): the command goes on and
  // its read or verification names the break, instead of calling a stream with events a typo.
  if (await hasEvents(store, streamId)) return E.right(streamId)
  const id = streamId.slice(streamId.indexOf('-') + 1)
  const elsewhere = await existing(
    store,
    IKM_CATEGORIES.map((c) => `${c}-${id}`).filter((s) => s !== streamId),
  )
  throw new UsageError(
    `no stream '${streamId}' in this store` +
      (elsewhere.length > 0
        ? ` — did you mean ${elsewhere.join(' or ')}?`
        : "; list the programs with 'ikm-ledger programs', or the events with 'ikm-ledger tail'"),
  )
}
