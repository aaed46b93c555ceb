/** `ikm-ledger tail`: the global log in order, filtered by category and type. */
import * as E from 'fp-ts/Either'
import { categoryOption, parseOptions, typeOption, wholeOption } from '../internal/Args'
import type { Command } from '../internal/Context'
import { formatEvent, storeFailure, toJsonLine } from '../internal/Output'

export const TAIL_USAGE = 'ikm-ledger tail [--after POSITION] [--category C]... [--type T]... [--limit N] [--json]'

export const tailCommand: Command = async ({ store, io }, args) => {
  const { values } = parseOptions(
    args,
    {
      after: { type: 'string' },
      category: { type: 'string', multiple: true },
      type: { type: 'string', multiple: true },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    { min: 0, max: 0, usage: TAIL_USAGE },
  )
  const after = wholeOption('after', values.after)
  const limit = wholeOption('limit', values.limit, 1n)
  const categories = categoryOption(values.category)
  const types = typeOption(values.type)
  let count = 0
  for await (const batch of store.readAll({
    ...(after === undefined ? {} : { after }),
    ...(categories === undefined ? {} : { categories }),
    ...(types === undefined ? {} : { types }),
    ...(limit === undefined ? {} : { maxCount: Number(limit) }),
  })) {
    if (E.isLeft(batch)) return storeFailure(io, batch.left)
    for (const event of batch.right.events) {
      io.out(values.json ? toJsonLine(event) : formatEvent(event))
      count++
    }
  }
  if (!values.json) io.out(`${count} event(s)`)
  return 0
}
