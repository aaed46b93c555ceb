/** `ikm-ledger verify`: every hash chain from genesis, or one stream's. */
import * as E from 'fp-ts/Either'
import { storeErrorMessage, type RecordedEvent } from '@ikm-ledger/core'
import { parseOptions } from '../internal/Args'
import type { Command } from '../internal/Context'
import { storeFailure } from '../internal/Output'
import { resolveStream } from '../internal/Streams'

export const VERIFY_USAGE = 'ikm-ledger verify [--stream streamId]'

export const verifyCommand: Command = async ({ store, io, progress }, args) => {
  const { values } = parseOptions(args, { stream: { type: 'string' } }, { min: 0, max: 0, usage: VERIFY_USAGE })
  let streamId: string | undefined
  if (values.stream !== undefined) {
    const resolved = await resolveStream(store, values.stream)
    if (E.isLeft(resolved)) return storeFailure(io, resolved.left)
    streamId = resolved.right
  }
  const head = await store.headPosition()()
  if (E.isLeft(head)) return storeFailure(io, head.left)
  const reads =
    streamId === undefined
      ? (async function* () {
          for await (const batch of store.readAll({ verifyHashes: true })) {
            yield E.map((b: { readonly events: ReadonlyArray<RecordedEvent> }) => b.events)(batch)
          }
        })()
      : store.readStream(streamId, { verifyHashes: true })
  // Positions are dense enough to measure progress by; a single stream's length is not known up front.
  const bar = progress('verify', streamId === undefined ? Number(head.right) : 0, 'events')
  const heads = new Map<string, bigint>()
  let events = 0
  let position = 0n
  try {
    for await (const batch of reads) {
      if (E.isLeft(batch)) {
        const error = batch.left
        if (error._tag === 'HashChainBroken' || error._tag === 'CorruptEvent') {
          io.err(`FAILED after ${events} verified event(s): ${storeErrorMessage(error)}`)
          return 1
        }
        return storeFailure(io, error)
      }
      for (const event of batch.right) {
        // readAll verifies each event against its own prevHash and its predecessor when both are read; a
        // revision that does not follow the previous one seen for its stream means an event is missing.
        const previous = heads.get(event.streamId)
        const expected = previous === undefined ? 0n : previous + 1n
        if (event.revision !== expected) {
          io.err(
            `FAILED: stream ${event.streamId} jumps from revision ${previous ?? 'none'} to ${event.revision}; an event is missing`,
          )
          return 1
        }
        heads.set(event.streamId, event.revision)
        events++
        position = event.position
      }
      bar.update(streamId === undefined ? Number(position) : events)
    }
  } finally {
    bar.stop()
  }
  io.out(`OK: ${events} event(s) in ${heads.size} stream(s); every hash chain verifies from genesis`)
  return 0
}
