/** `ikm-ledger stream <streamId>`: one stream, bounded by revision, date or instant. */
import * as E from 'fp-ts/Either'
import type { ReadStreamOptions } from '@ikm-ledger/core'
import { civilDateOption, instantOption, parseOptions, wholeOption } from '../internal/Args'
import type { Command } from '../internal/Context'
import { formatEvent, storeFailure, toJsonLine } from '../internal/Output'
import { resolveStream } from '../internal/Streams'

export const STREAM_USAGE =
  'ikm-ledger stream <streamId> [--as-of YYYY-MM-DD] [--as-known-at ISO-INSTANT] [--until-revision N] [--json]'

export const streamCommand: Command = async ({ store, io }, args) => {
  const { values, positionals } = parseOptions(
    args,
    {
      'as-of': { type: 'string' },
      'as-known-at': { type: 'string' },
      'until-revision': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    { min: 1, max: 1, usage: `${STREAM_USAGE}, e.g. ikm-ledger stream program-prg-muba-led-2020` },
  )
  const asOf = civilDateOption('as-of', values['as-of'])
  const asKnownAt = instantOption('as-known-at', values['as-known-at'])
  const untilRevision = wholeOption('until-revision', values['until-revision'])
  const resolved = await resolveStream(store, positionals[0] ?? '')
  if (E.isLeft(resolved)) return storeFailure(io, resolved.left)
  const streamId = resolved.right
  const options: ReadStreamOptions = {
    ...(asOf === undefined ? {} : { asOf }),
    ...(asKnownAt === undefined ? {} : { asKnownAt }),
    ...(untilRevision === undefined ? {} : { untilRevision }),
  }
  let count = 0
  for await (const batch of store.readStream(streamId, options)) {
    if (E.isLeft(batch)) return storeFailure(io, batch.left)
    for (const event of batch.right) {
      io.out(values.json ? toJsonLine(event) : formatEvent(event))
      count++
    }
  }
  if (!values.json) io.out(`${count} event(s) in ${streamId}`)
  return 0
}
