/**
 * `ikm-ledger prove`: an inclusion proof of one event in the log at a checkpoint, or a consistency proof that a
 * newer checkpoint extends an older one. Both verify offline (`verify-proof`).
 */
import * as E from 'fp-ts/Either'
import {
  ConsistencyProof,
  consistencyProofOf,
  InclusionProof,
  inclusionProofOf,
  storeErrorMessage,
  type RecordedEvent,
} from '@ikm-ledger/core'
import { parseOptions, UsageError, wholeOption } from '../internal/Args'
import type { Command } from '../internal/Context'
import { cachedLog, defaultCache, isDamage, loadCheckpoint, writeOut } from '../internal/Integrity'
import { storeFailure } from '../internal/Output'
import { resolveStream } from '../internal/Streams'

export const PROVE_USAGE =
  'ikm-ledger prove <streamId> <revision> --checkpoint FILE [--out FILE]\n' +
  '  ikm-ledger prove --from OLDER-CHECKPOINT --checkpoint NEWER-CHECKPOINT [--out FILE]'

export const proveCommand: Command = async ({ store, io, storeUrl }, args) => {
  const { values, positionals } = parseOptions(
    args,
    {
      checkpoint: { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
    },
    { min: 0, max: 2, usage: PROVE_USAGE },
  )
  if (values.checkpoint === undefined) throw new UsageError(`prove needs --checkpoint FILE: ${PROVE_USAGE}`)
  if (values.from === undefined && positionals.length !== 2) {
    throw new UsageError('prove needs <streamId> <revision> (inclusion) or --from OLDER-CHECKPOINT (consistency)')
  }
  if (values.from !== undefined && positionals.length > 0) {
    throw new UsageError('prove --from proves consistency between two checkpoints; it takes no stream or revision')
  }
  const checkpoint = loadCheckpoint(values.checkpoint)
  if (E.isLeft(checkpoint)) {
    io.err(`FAILED: ${checkpoint.left}`)
    return 1
  }
  if (values.from !== undefined) {
    const older = loadCheckpoint(values.from)
    if (E.isLeft(older)) {
      io.err(`FAILED: ${older.left}`)
      return 1
    }
    const log = await cachedLog(store, io, values.cache ?? defaultCache(storeUrl))
    if (E.isLeft(log)) return storeFailure(io, log.left)
    const proof = consistencyProofOf(log.right, older.right, checkpoint.right)
    if (E.isLeft(proof)) {
      io.err(`FAILED: ${proof.left}`)
      return 1
    }
    writeOut(io, values.out, JSON.stringify(ConsistencyProof.encode(proof.right), null, 2))
    return 0
  }
  const revision = wholeOption('revision', positionals[1])!
  const streamId = await resolveStream(store, positionals[0]!)
  if (E.isLeft(streamId)) return storeFailure(io, streamId.left)
  let event: RecordedEvent | undefined
  for await (const batch of store.readStream(streamId.right, { fromRevision: revision, maxCount: 1 })) {
    if (E.isLeft(batch)) {
      if (!isDamage(batch.left)) return storeFailure(io, batch.left)
      io.err(`FAILED ${storeErrorMessage(batch.left)}`)
      return 1
    }
    event = batch.right[0]
  }
  if (event === undefined || event.revision !== revision) {
    throw new UsageError(`${streamId.right} has no event at revision ${revision}`)
  }
  const log = await cachedLog(store, io, values.cache ?? defaultCache(storeUrl))
  if (E.isLeft(log)) return storeFailure(io, log.left)
  const proof = inclusionProofOf(log.right, checkpoint.right, event)
  if (E.isLeft(proof)) {
    io.err(`FAILED: ${proof.left}`)
    return 1
  }
  writeOut(io, values.out, JSON.stringify(InclusionProof.encode(proof.right), null, 2))
  return 0
}
