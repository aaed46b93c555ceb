import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { collect, eventsOf, ok } from './fixtures/events'
import { openStore, tempDir } from './fixtures/harness'
import { spawnChild } from './fixtures/processes'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const KILLS = 24

describe('SqliteEventStore after a writer is killed', () => {
  it(`keeps every batch all-or-nothing, reopens clean and verifies every hash chain after ${KILLS} SIGKILLs mid-append`, async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const path = join(dir, 'events.sqlite')
    const sizes: Array<number> = []

    // Two writers at a time on the same file, each killed at its own moment: 2 × KILLS / 2 kills in all. A round's
    // pair is started while the round before runs (a child takes seconds to load through tsx, and opening the
    // store while another writer is killed is part of the test), so the rounds do not wait on start-up in turn.
    const pairFor = (round: number) => [0, 1].map((k) => spawnChild(['crashloop', path, String(round * 2 + k)]))
    let next = pairFor(0)
    cleanups.push(() => {
      for (const child of next) child.kill()
    })
    for (let round = 0; round < KILLS / 2; round++) {
      const children = next
      await Promise.all(children.map((c) => c.ready))
      if (round + 1 < KILLS / 2) next = pairFor(round + 1)
      for (const child of children) child.go()
      // Let them append for a while (a few to a few hundred batches), then kill each wherever it is.
      const exits = children.map(async (child, k) => {
        await new Promise((resolve) => setTimeout(resolve, 40 + ((round * 53 + k * 71) % 160)))
        child.kill()
        return child.exited
      })
      for (const exit of await Promise.all(exits)) expect(exit.signal).toBe('SIGKILL')
      const db = new Database(path, { readonly: true })
      sizes.push(Number(db.prepare('SELECT count(*) FROM events').pluck().get()))
      db.close()
    }
    // Most rounds got appends in before the kill, so the kills landed while batches were being written.
    expect(sizes.filter((n, i) => n > (sizes[i - 1] ?? 0)).length).toBeGreaterThanOrEqual(KILLS / 4)

    const raw = new Database(path)
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    const heads = raw
      .prepare(
        'SELECT s.stream_id AS streamId, s.revision = max(e.revision) AS atHead, ' +
          'max(e.revision) + 1 = count(*) AS dense, ' +
          '(SELECT hash FROM events WHERE stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) = s.last_hash AS linked ' +
          'FROM streams s JOIN events e ON e.stream_id = s.stream_id GROUP BY s.stream_id',
      )
      .all() as Array<{ streamId: string; atHead: number; dense: number; linked: number }>
    raw.close()
    expect(heads.length).toBe(5)
    for (const head of heads) expect(head).toEqual({ streamId: head.streamId, atHead: 1, dense: 1, linked: 1 })

    // Reopening applies (no) migrations and reads everything back with every hash verified.
    const store = openStore(path)
    const events = eventsOf(await collect(store.readAll({ batchSize: 1000 })))
    expect(events.length).toBe(sizes[sizes.length - 1])
    const batches = new Map<string, Array<{ size: number; index: number; revision: bigint; streamId: string }>>()
    for (const event of events) {
      const data = event.data as { batch: string; size: number; index: number }
      const seen = batches.get(data.batch) ?? []
      seen.push({ size: data.size, index: data.index, revision: event.revision, streamId: event.streamId })
      batches.set(data.batch, seen)
    }
    for (const [, parts] of batches) {
      expect(parts.map((p) => p.index)).toEqual(Array.from({ length: parts[0]!.size }, (_, i) => i))
      expect(new Set(parts.map((p) => p.streamId)).size).toBe(1)
      expect(parts.map((p) => p.revision)).toEqual(parts.map((_, i) => parts[0]!.revision + BigInt(i)))
    }
    for (const head of heads) {
      const stream = (await collect(store.readStream(head.streamId, { batchSize: 200 }))).flat()
      expect(stream.length).toBeGreaterThan(0)
    }
    ok(await store.close()())
  }, 240_000)
})
