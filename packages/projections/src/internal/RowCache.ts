/**
 * A write-back cache for one batch of a persisted read model: a row read or written once in the batch is served
 * from memory afterwards, and each written row is stored once, when the batch ends (or before a listing, so a
 * listing sees every write). This turns "read, then write, per event" into a few statements per batch, which is
 * what makes PostgreSQL round trips affordable.
 */
import type { RowOp } from './Rows'

type Put = Extract<RowOp, { readonly _tag: 'Put' }>

const keyOf = (op: { readonly table: string; readonly id: string }) => `${op.table}\u0000${op.id}`

export interface SyncBatchCache {
  readonly step: (op: RowOp) => unknown
  readonly flush: () => void
}

export interface AsyncBatchCache {
  readonly step: (op: RowOp) => Promise<unknown>
  readonly flush: () => Promise<void>
}

export const syncBatchCache = (inner: (op: RowOp) => unknown): SyncBatchCache => {
  const known = new Map<string, { readonly row: unknown }>()
  const dirty = new Map<string, Put>()
  const flush = () => {
    for (const put of dirty.values()) inner(put)
    dirty.clear()
  }
  return {
    flush,
    step: (op) => {
      switch (op._tag) {
        case 'Get': {
          const hit = known.get(keyOf(op))
          if (hit !== undefined) return hit.row
          const row = inner(op)
          known.set(keyOf(op), { row })
          return row
        }
        case 'Put':
          known.set(keyOf(op), { row: op.row })
          dirty.set(keyOf(op), op)
          return undefined
        default:
          flush()
          return inner(op)
      }
    },
  }
}

export const asyncBatchCache = (inner: (op: RowOp) => Promise<unknown>): AsyncBatchCache => {
  const known = new Map<string, { readonly row: unknown }>()
  const dirty = new Map<string, Put>()
  const flush = async () => {
    for (const put of dirty.values()) await inner(put)
    dirty.clear()
  }
  return {
    flush,
    step: async (op) => {
      switch (op._tag) {
        case 'Get': {
          const hit = known.get(keyOf(op))
          if (hit !== undefined) return hit.row
          const row = await inner(op)
          known.set(keyOf(op), { row })
          return row
        }
        case 'Put':
          known.set(keyOf(op), { row: op.row })
          dirty.set(keyOf(op), op)
          return undefined
        default:
          await flush()
          return inner(op)
      }
    },
  }
}
