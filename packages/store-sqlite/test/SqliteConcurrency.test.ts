import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventStore, GlobalPosition, RecordedEvent } from '@ikm-ledger/core'
import { collect, eventsOf, ok } from './fixtures/events'
import { openStore, tempDir } from './fixtures/harness'
import { spawnChild, type Child, type Exit } from './fixtures/processes'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const freshFile = (): string => {
  const { dir, remove } = tempDir()
  cleanups.push(remove)
  return join(dir, 'events.sqlite')
}

/** Starts the children, waits until all have opened the file, then lets them go at once. */
const runTogether = async (children: ReadonlyArray<Child>): Promise<ReadonlyArray<Exit>> => {
  await Promise.all(children.map((c) => c.ready))
  for (const child of children) child.go()
  return Promise.all(children.map((c) => c.exited))
}

const parsed = <T>(exit: Exit): T => {
  if (exit.code !== 0) throw new Error(`child failed (${exit.code ?? exit.signal}): ${exit.stderr}`)
  return JSON.parse(exit.output) as T
}

/** Follows the log like a catch-up subscriber: reads after its checkpoint until told to stop and caught up. */
const catchUp = async (
  store: EventStore,
  options: { readonly categories?: ReadonlyArray<string> },
  stopped: () => boolean,
): Promise<ReadonlyArray<RecordedEvent>> => {
  const seen: Array<RecordedEvent> = []
  let checkpoint: GlobalPosition = 0n
  for (;;) {
    const finalRound = stopped()
    for await (const batch of store.readAll({ ...options, after: checkpoint, batchSize: 7 })) {
      if (E.isLeft(batch)) throw new Error(JSON.stringify(batch.left))
      seen.push(...batch.right.events)
      expect(batch.right.checkpoint).toBeGreaterThan(checkpoint)
      checkpoint = batch.right.checkpoint
    }
    if (finalRound) return seen
    await new Promise((resolve) => setTimeout(resolve, 3))
  }
}

describe('SqliteEventStore under concurrent processes', () => {
  it('lets processes create one file at once, then exactly one of them write each revision of a stream; the others get WrongExpectedRevision', async () => {
    // The file does not exist yet: the four processes create it and migrate it at the same moment.
    const path = freshFile()
    const barrier = new Database(`${path}.barrier`)
    barrier.exec('CREATE TABLE arrivals (revision INTEGER NOT NULL, worker INTEGER NOT NULL)')
    barrier.close()
    const revisions = 40
    const workers = [1, 2, 3, 4].map((w) => spawnChild(['race', path, String(w), String(revisions), '4']))
    const results = (await runTogether(workers)).map((exit) =>
      parsed<{ won: Array<number>; lost: Array<number>; errors: Array<string> }>(exit),
    )

    expect(results.flatMap((r) => r.errors)).toEqual([])
    const won = results.flatMap((r) => r.won).sort((a, b) => a - b)
    expect(won).toEqual(Array.from({ length: revisions }, (_, r) => r))
    for (const r of results) expect([...r.won, ...r.lost].sort((a, b) => a - b)).toEqual(won)
    // Every process tried every revision, and more than one of them won some.
    expect(results.filter((r) => r.won.length > 0).length).toBeGreaterThan(1)

    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT version FROM event_store_migrations').pluck().all()).toEqual([1])
    db.close()
    const store = openStore(path)
    const stored = (await collect(store.readStream('race-1'))).flat()
    expect(stored.map((e) => e.revision)).toEqual(won.map(BigInt))
    for (const event of stored) {
      const data = event.data as { worker: number; revision: number }
      expect(BigInt(data.revision)).toBe(event.revision)
      expect(results[data.worker - 1]!.won).toContain(data.revision)
    }
    ok(await store.close()())
  }, 60_000)

  it('shows a catch-up reader every committed event exactly once and in order, while writers race and a transaction holding positions rolls back', async () => {
    const path = freshFile()
    const store = openStore(path)
    const children = [
      ...[1, 2, 3].map((w) => spawnChild(['write', path, String(w), '60'])),
      spawnChild(['rollback', path, '9', '6']),
    ]
    let done = false
    const exits = runTogether(children).finally(() => {
      done = true
    })
    const [all, alphaOnly] = await Promise.all([
      catchUp(store, {}, () => done),
      catchUp(store, { categories: ['alpha'] }, () => done),
    ])
    const results = (await exits).map((exit) =>
      parsed<{ committed: Array<string>; conflicts: number; errors: Array<string> }>(exit),
    )

    expect(results.flatMap((r) => r.errors)).toEqual([])
    const committed = results.flatMap((r) => r.committed)
    expect(committed.length).toBeGreaterThan(100)
    // Some appends lost their expected-revision race, as intended.
    expect(results.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0)

    const positions = all.map((e) => e.position)
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)))
    expect(new Set(positions).size).toBe(positions.length)
    expect(new Set(all.map((e) => e.eventId))).toEqual(new Set(committed))
    expect(all.length).toBe(committed.length)
    expect(all.some((e) => e.type === 'Doomed')).toBe(false)

    const everything = eventsOf(await collect(store.readAll()))
    expect(everything.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId))
    expect(alphaOnly.map((e) => e.eventId)).toEqual(
      everything.filter((e) => e.streamId.startsWith('alpha-')).map((e) => e.eventId),
    )
    ok(await store.close()())
  }, 90_000)
})
