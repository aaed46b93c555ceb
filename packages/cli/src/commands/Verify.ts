/**
 * `ikm-ledger verify`: every row, chain and stream head from genesis (or one stream's), every break reported and
 * stepped over, the Merkle root over all events; `--against` a checkpoint (and its leaf list) to find, and name,
 * what changed since.
 */
import * as E from 'fp-ts/Either'
import {
  bytesToHex,
  compareWithCheckpoint,
  compareWithLeafList,
  parseLeafList,
  verifyAllChains,
  verifyStreamChain,
  type ChainBreak,
} from '@ikm-ledger/core'
import { parseOptions, UsageError } from '../internal/Args'
import type { Command } from '../internal/Context'
import { describeBreak, hasher, loadCheckpoint, readText } from '../internal/Integrity'
import { storeFailure, toJsonLine } from '../internal/Output'
import { resolveStream } from '../internal/Streams'

export const VERIFY_USAGE =
  'ikm-ledger verify [--stream streamId] [--against CHECKPOINT [--leaves FILE] [--key-id ID]] [--json]'

export const verifyCommand: Command = async ({ store, io, progress }, args) => {
  const { values } = parseOptions(
    args,
    {
      stream: { type: 'string' },
      against: { type: 'string' },
      leaves: { type: 'string' },
      'key-id': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    { min: 0, max: 0, usage: VERIFY_USAGE },
  )
  if (values.stream !== undefined && values.against !== undefined) {
    throw new UsageError('--against compares the whole log with a checkpoint; it cannot be combined with --stream')
  }
  if (values.leaves !== undefined && values.against === undefined) throw new UsageError('--leaves needs --against')
  if (values['key-id'] !== undefined && values.against === undefined) throw new UsageError('--key-id needs --against')
  // With --key-id, a checkpoint signed by any other key is refused: whoever can swap the file cannot sign for you.
  const checkpoint = values.against === undefined ? undefined : loadCheckpoint(values.against, values['key-id'])
  if (checkpoint !== undefined && E.isLeft(checkpoint)) {
    io.err(`FAILED: ${checkpoint.left}`)
    return 1
  }
  const kept =
    values.leaves === undefined ? undefined : E.flatMap(parseLeafList)(readText(values.leaves, 'the leaf list'))
  if (kept !== undefined && E.isLeft(kept)) throw new UsageError(kept.left)

  if (values.stream !== undefined) {
    const streamId = await resolveStream(store, values.stream)
    if (E.isLeft(streamId)) return storeFailure(io, streamId.left)
    const report = await verifyStreamChain(store, streamId.right)()
    if (E.isLeft(report)) return storeFailure(io, report.left)
    const { breaks, eventsChecked, head } = report.right
    if (values.json) {
      io.out(toJsonLine({ ok: breaks.length === 0, streamId: streamId.right, eventsChecked, head, breaks }))
    } else {
      for (const b of breaks) io.err(`FAILED ${describeBreak(b)}`)
      io.out(
        breaks.length === 0
          ? `OK: ${eventsChecked} event(s) in ${streamId.right}; its hash chain verifies from genesis`
          : `${breaks.length} break(s) in ${streamId.right} (${eventsChecked} event(s) read)`,
      )
    }
    return breaks.length === 0 ? 0 : 1
  }

  const head = await store.headPosition()()
  if (E.isLeft(head)) return storeFailure(io, head.left)
  // Positions are dense enough to measure progress by.
  const bar = progress('verify', Number(head.right), 'events')
  const report = await verifyAllChains(store, {
    keepLeaves: kept !== undefined,
    onProgress: (position) => bar.update(Number(position)),
  })().finally(() => bar.stop())
  if (E.isLeft(report)) return storeFailure(io, report.left)
  const { breaks, eventsChecked, streamsChecked, log } = report.right
  const root = bytesToHex(E.getOrElse((): Uint8Array => new Uint8Array(0))(log.merkle.root()))
  const against: Array<string> = []
  const named: Array<ChainBreak> = []
  if (checkpoint !== undefined && E.isRight(checkpoint)) {
    against.push(...compareWithCheckpoint(log, checkpoint.right, report.right.unleafed))
    if (kept !== undefined && E.isRight(kept)) {
      const compared = compareWithLeafList(hasher, checkpoint.right, kept.right, report.right.leaves ?? [], breaks)
      if (E.isLeft(compared)) against.push(compared.left)
      else named.push(...compared.right)
    }
  }
  const ok = breaks.length === 0 && against.length === 0 && named.length === 0
  if (values.json) {
    io.out(
      toJsonLine({
        ok,
        streamsChecked,
        eventsChecked,
        treeSize: log.size(),
        rootHash: root,
        lastPosition: log.lastPosition(),
        breaks,
        ...(checkpoint === undefined
          ? {}
          : {
              against: {
                checkpoint: values.against,
                keyId: E.isRight(checkpoint) ? checkpoint.right.keyId : null,
                problems: against,
                changes: named,
              },
            }),
      }),
    )
    return ok ? 0 : 1
  }
  for (const b of breaks) io.err(`FAILED ${describeBreak(b)}`)
  for (const p of against) io.err(`FAILED against ${values.against}: ${p}`)
  for (const b of named) io.err(`FAILED against ${values.against}: ${describeBreak(b)}`)
  const summary = `${eventsChecked} event(s) in ${streamsChecked} stream(s); Merkle root ${root} over ${log.size()} event(s)`
  io.out(
    ok
      ? `OK: ${summary}; every hash chain verifies from genesis` +
          (checkpoint === undefined || E.isLeft(checkpoint)
            ? ''
            : `; the log extends the checkpoint ${values.against}, signed by ${checkpoint.right.keyId}` +
              (values['key-id'] === undefined ? ' (pin it with --key-id)' : ' (the trusted key)'))
      : `${breaks.length + against.length + named.length} problem(s) found; ${summary}`,
  )
  return ok ? 0 : 1
}
