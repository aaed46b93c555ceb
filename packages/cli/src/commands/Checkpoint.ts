/** `ikm-ledger checkpoint`: signs the tree head of the ledger with a key kept outside the store. */
import { writeFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import {
  checkpointJson,
  ed25519Signer,
  instantOf,
  leafListText,
  signCheckpoint,
  storeErrorMessage,
  treeHeadOf,
  verifyAllChains,
  type EventStore,
  type StoreError,
} from '@ikm-ledger/core'
import { parseOptions, UsageError } from '../internal/Args'
import type { Command } from '../internal/Context'
import { defaultCache, describeBreak, isDamage, readText, writeCache, writeOut } from '../internal/Integrity'
import { storeFailure } from '../internal/Output'

export const CHECKPOINT_USAGE =
  'ikm-ledger checkpoint [--key FILE] [--out FILE] [--cache FILE] [--ledger-id ID] [--leaves FILE]'

const firstEventId = async (store: EventStore): Promise<E.Either<StoreError, string | undefined>> => {
  for await (const batch of store.readAll({ maxCount: 1 })) {
    if (E.isLeft(batch)) return batch
    const first = batch.right.events[0]
    if (first !== undefined) return E.right(first.eventId)
  }
  return E.right(undefined)
}

export const checkpointCommand: Command = async ({ store, io, storeUrl, env }, args) => {
  const { values } = parseOptions(
    args,
    {
      key: { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
      'ledger-id': { type: 'string' },
      leaves: { type: 'string' },
    },
    { min: 0, max: 0, usage: CHECKPOINT_USAGE },
  )
  const keyPath = values.key ?? env['IKM_LEDGER_KEY'] ?? './ikm-ledger.key'
  const keyText = readText(keyPath, 'the signing key')
  if (E.isLeft(keyText)) throw new UsageError(`${keyText.left} (make one with: ikm-ledger keygen --out ${keyPath})`)
  const signer = ed25519Signer(keyText.right)
  if (E.isLeft(signer)) throw new UsageError(`${keyPath}: ${signer.left}`)
  // A checkpoint is the signer's word that the ledger verified when it was signed: it is made from a full
  // verification of every row, chain and stream head, never from the Merkle log cache (a file beside the store
  // that the store's administrator can write). The verified log is written to the cache for later proofs.
  const report = await verifyAllChains(store, { keepLeaves: values.leaves !== undefined })()
  if (E.isLeft(report)) {
    if (!isDamage(report.left)) return storeFailure(io, report.left)
    io.err(`FAILED ${storeErrorMessage(report.left)}`)
    io.err('no checkpoint signed: the ledger does not verify')
    return 1
  }
  if (report.right.breaks.length > 0) {
    for (const b of report.right.breaks) io.err(`FAILED ${describeBreak(b)}`)
    io.err('no checkpoint signed: the ledger does not verify')
    return 1
  }
  const log = report.right.log
  if (values.leaves !== undefined) writeFileSync(values.leaves, leafListText(report.right.leaves ?? []))
  writeCache(io, values.cache ?? defaultCache(storeUrl), log)
  let ledgerId = values['ledger-id'] ?? env['IKM_LEDGER_ID']
  if (ledgerId === undefined) {
    const first = await firstEventId(store)
    if (E.isLeft(first)) return storeFailure(io, first.left)
    if (first.right === undefined) throw new UsageError('the ledger is empty; name it with --ledger-id')
    ledgerId = first.right
  }
  const signed = await signCheckpoint(signer.right, treeHeadOf(log, ledgerId, instantOf(new Date())))()
  if (E.isLeft(signed)) {
    io.err(`error: ${signed.left}`)
    return 3
  }
  writeOut(io, values.out, checkpointJson(signed.right))
  if (values.out !== undefined) {
    io.err(`checkpoint of ${signed.right.treeSize} event(s), root ${signed.right.rootHash}, written to ${values.out}`)
  }
  return 0
}
