import * as E from 'fp-ts/Either'
import { newEvent } from '@ikm-ledger/testkit'
import { describe, expect, it } from 'vitest'
import { nodeSha256, upcasterRegistry, type RecordedEvent, type StoreError } from '../../src/index'
import {
  readStreamLoop,
  sealAppend,
  validateAppend,
  type StoredRow,
  type StreamPages,
  type RecordedHead,
} from '../../src/adapter'

const STREAM = 'probe-readloop'

/** Five events of one stream as a SQL store's rows (data and metadata as stored text). */
const rows: ReadonlyArray<StoredRow> = (() => {
  const valid = validateAppend(
    STREAM,
    Array.from({ length: 5 }, (_, i) => newEvent({ data: { n: i } })),
  )
  if (E.isLeft(valid)) throw new Error('the test events do not validate')
  const sealed = sealAppend(
    valid.right,
    { revision: 'no_stream', lastHash: '' },
    '2026-12-03T00:00:00.000Z' as never,
    nodeSha256,
  )
  if (E.isLeft(sealed)) throw new Error('the test events do not seal')
  return sealed.right.map((e, i) => ({
    eventId: e.eventId,
    streamId: e.streamId,
    revision: e.revision,
    position: BigInt(i + 1),
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.dataJson,
    metadata: e.metadataJson,
    hash: e.hash,
    prevHash: e.prevHash,
  }))
})()

const lastRow = rows[rows.length - 1]!
const trueHead: RecordedHead = { revision: lastRow.revision as bigint, lastHash: lastRow['hash'] as string }

/** Pages over `rows` that count what the loop asked for. */
const pagesOf = (head: RecordedHead) => {
  const calls = { fetch: [] as Array<bigint | undefined>, withHead: 0, recordedHead: 0 }
  const limits: Array<number> = []
  const page = (cursor: bigint | undefined, limit: number) =>
    rows.filter((r) => (r.revision as bigint) >= (cursor ?? 0n)).slice(0, limit)
  const pages: StreamPages = {
    operation: 'read a stream',
    boundsInFetch: false,
    recordedHead: async () => {
      calls.recordedHead++
      return E.right(head)
    },
    firstPageWithHead: async (_id, _bounds, cursor, limit) => {
      calls.withHead++
      return E.right({ head, rows: page(cursor, limit) })
    },
    open: () => async (cursor, limit) => {
      calls.fetch.push(cursor)
      limits.push(limit)
      return E.right(page(cursor, limit))
    },
  }
  return { pages, calls, limits }
}

const context = { sha256: nodeSha256, upcasters: upcasterRegistry([]), isClosed: () => false }

const readAll = async (pages: StreamPages, options?: Parameters<typeof readStreamLoop>[3]) => {
  const events: Array<RecordedEvent> = []
  let error: StoreError | undefined
  for await (const batch of readStreamLoop(context, pages, STREAM, options)) {
    if (E.isLeft(batch)) error = batch.left
    else events.push(...batch.right)
  }
  return { events, error }
}

describe('readStreamLoop', () => {
  it('reads the recorded head with the first page when the store can, and every later page with its fetch', async () => {
    const { pages, calls } = pagesOf(trueHead)
    const { events, error } = await readAll(pages, { batchSize: 2 })
    expect(error).toBeUndefined()
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n])
    expect(calls).toEqual({ fetch: [2n, 4n], withHead: 1, recordedHead: 0 })
  })

  it('holds the stream to the head that came with the first page', async () => {
    const { pages } = pagesOf({ revision: 6n, lastHash: lastRow['hash'] as string })
    const { events, error } = await readAll(pages, { batchSize: 2 })
    expect(events).toHaveLength(5)
    expect(error).toMatchObject({ _tag: 'HashChainBroken', streamId: STREAM, revision: 5n })
    expect(error?._tag === 'HashChainBroken' && error.reason).toContain('its last events are missing')
  })

  it('ends at the recorded head without asking for an empty page: the page that reaches it asks for one row more', async () => {
    for (const [withHead, recordedHead] of [
      [true, false],
      [false, true],
    ] as const) {
      const { pages, calls, limits } = pagesOf(trueHead)
      const only: StreamPages = withHead
        ? { ...pages, recordedHead: undefined }
        : { ...pages, firstPageWithHead: undefined }
      const { events, error } = await readAll(only, { batchSize: 1 })
      expect(error).toBeUndefined()
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n])
      // Revision 4 is the head: its page asks for two rows, gets one, and the read ends (no fetch from 5).
      expect(calls.fetch).toEqual(withHead ? [1n, 2n, 3n, 4n] : [0n, 1n, 2n, 3n, 4n])
      expect(limits[limits.length - 1]).toBe(2)
      expect(calls.recordedHead).toBe(recordedHead ? 1 : 0)
    }
  })

  it('reads on past a recorded head that is behind the stream, as far as the stream goes', async () => {
    const { pages, calls, limits } = pagesOf({ revision: 2n, lastHash: rows[2]!['hash'] as string })
    const { events, error } = await readAll(pages, { batchSize: 1 })
    expect(error).toBeUndefined()
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n])
    // The page at the recorded head asked for one row more and got it, so the read went on to the end.
    expect(calls.fetch).toEqual([1n, 2n, 4n, 5n])
    expect(limits).toEqual([1, 2, 1, 1])
  })

  it("reads batches of the store's default size when the read names none, and of the size it names otherwise", async () => {
    const { pages, calls, limits } = pagesOf(trueHead)
    const small: StreamPages = { ...pages, defaultBatchSize: 2 }
    const batches: Array<number> = []
    for await (const batch of readStreamLoop(context, small, STREAM, undefined)) {
      if (E.isRight(batch)) batches.push(batch.right.length)
    }
    expect(batches).toEqual([2, 2, 1])
    expect(calls.fetch).toEqual([2n, 4n])
    expect(limits).toEqual([2, 2])
    const named = await readAll(small, { batchSize: 5 })
    expect(named.events).toHaveLength(5)
    // A first page of five, full: the page after it is asked for (the first page cannot ask for one row more).
    expect(calls.withHead).toBe(2)
    expect(calls.fetch).toEqual([2n, 4n, 5n])
    expect(limits).toEqual([2, 2, 5])
  })

  it('reads neither head for a read that cannot reach the end, nor for one that does not verify', async () => {
    for (const options of [{ untilRevision: 3n }, { verifyHashes: false }]) {
      const { pages, calls } = pagesOf(trueHead)
      const { error } = await readAll(pages, options)
      expect(error).toBeUndefined()
      expect(calls.withHead + calls.recordedHead).toBe(0)
      expect(calls.fetch).toEqual([0n])
    }
  })
})
