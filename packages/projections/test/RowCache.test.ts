import { describe, expect, it } from 'vitest'
import { asyncBatchCache, syncBatchCache } from '../src/internal/RowCache'
import type { RowOp } from '../src/internal/Rows'

const recorder = () => {
  const seen: Array<string> = []
  const rows = new Map<string, unknown>([['t/a', { n: 1 }]])
  const inner = (op: RowOp): unknown => {
    seen.push(op._tag === 'Put' ? `Put ${op.id}=${JSON.stringify(op.row)}` : `${op._tag} ${'id' in op ? op.id : ''}`)
    if (op._tag === 'Get') return rows.get(`${op.table}/${op.id}`)
    if (op._tag === 'Put') rows.set(`${op.table}/${op.id}`, op.row)
    return [...rows.values()]
  }
  return { seen, inner }
}

const ops: ReadonlyArray<RowOp> = [
  { _tag: 'Get', table: 't', id: 'a' },
  { _tag: 'Put', table: 't', id: 'a', scope: '', row: { n: 2 } },
  { _tag: 'Get', table: 't', id: 'a' },
  { _tag: 'Put', table: 't', id: 'a', scope: '', row: { n: 3 } },
  { _tag: 'Get', table: 't', id: 'b' },
  { _tag: 'Get', table: 't', id: 'b' },
  { _tag: 'Put', table: 't', id: 'b', scope: '', row: { n: 1 } },
  { _tag: 'All', table: 't' },
  { _tag: 'Put', table: 't', id: 'b', scope: '', row: { n: 2 } },
]

const expectedCalls = ['Get a', 'Get b', 'Put a={"n":3}', 'Put b={"n":1}', 'All ', 'Put b={"n":2}']

describe('RowCache', () => {
  it('reads each row once per batch, writes each row once, and writes before a listing (sync)', () => {
    const { seen, inner } = recorder()
    const cache = syncBatchCache(inner)
    const answers = ops.map(cache.step)
    cache.flush()
    expect(answers[2]).toEqual({ n: 2 })
    expect(answers[5]).toBeUndefined()
    expect(answers[7]).toEqual([{ n: 3 }, { n: 1 }])
    expect(seen).toEqual(expectedCalls)
  })

  it('does the same asynchronously', async () => {
    const { seen, inner } = recorder()
    const cache = asyncBatchCache(async (op) => inner(op))
    const answers: Array<unknown> = []
    for (const op of ops) answers.push(await cache.step(op))
    await cache.flush()
    expect(answers[7]).toEqual([{ n: 3 }, { n: 1 }])
    expect(seen).toEqual(expectedCalls)
  })
})
