import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  createInMemoryEventStore,
  createInMemoryProjectionStore,
  persistedProjection,
  storeUnavailable,
  type Checkpoint,
  type MemoryTables,
  type RecordedEvent,
} from '../../src'
import { applyBatch, guardUserCode, rejectionOf, type RunnerSteps } from '../../src/kernel/ProjectionBatch'
import { projectionStoreFailure } from '../../src/kernel/Projection'
import { newEvent } from './fixtures'

/** Records the positions it applies; refuses (as a value) the events whose data say `refuse`. */
const recorder = persistedProjection<MemoryTables>({
  name: 'recorder',
  version: 1,
  handles: 'all',
  tables: ['seen'],
  setup: () => undefined,
  apply: (tx, events, table) => {
    const refused = events.find((e) => (e.data as { refuse?: boolean }).refuse === true)
    if (refused !== undefined) return E.left(`event at ${refused.position} is refused`)
    tx.set(table('seen'), [
      ...((tx.get(table('seen')) as ReadonlyArray<bigint>) ?? []),
      ...events.map((e) => e.position),
    ])
    return E.right(undefined)
  },
})

const world = async (poisonPolicy: 'stop' | 'park') => {
  const store = createInMemoryEventStore()
  await store.append('program-a', [newEvent(), newEvent(), newEvent({ refuse: true }), newEvent()])()
  const events: Array<RecordedEvent> = []
  for await (const batch of store.readAll()) if (E.isRight(batch)) events.push(...batch.right.events)
  const projectionStore = createInMemoryProjectionStore()
  let checkpoint: Checkpoint = { name: 'recorder', version: 1, position: 0n }
  await projectionStore.transaction((tx) => projectionStore.saveCheckpoint(tx, checkpoint, undefined))()
  const run: RunnerSteps<MemoryTables> = {
    store,
    projectionStore,
    projection: recorder,
    poisonPolicy,
    aborted: () => false,
    checkpoint: () => checkpoint,
    saved: (next) => (checkpoint = next),
  }
  return { run, events, projectionStore, checkpoint: () => checkpoint }
}

describe('applyBatch', () => {
  it('commits the events before a rejected one, then stops on it under policy stop', async () => {
    const { run, events, projectionStore, checkpoint } = await world('stop')
    const step = await applyBatch(run, events, 4n)
    expect(step).toMatchObject({ _tag: 'Poison', poison: { position: 3n, reason: 'event at 3 is refused' } })
    expect(projectionStore.read('seen')).toEqual([1n, 2n])
    expect(checkpoint().position).toBe(2n)
  })

  it('parks the rejected event under policy park and applies the rest, up to the end of the batch', async () => {
    const { run, events, projectionStore, checkpoint } = await world('park')
    expect(await applyBatch(run, events, 4n)).toEqual({ _tag: 'Continue' })
    expect(projectionStore.read('seen')).toEqual([1n, 2n, 4n])
    expect(checkpoint().position).toBe(4n)
    const parked = await projectionStore.parkedEvents('recorder')()
    expect(E.isRight(parked) && parked.right.map((p) => [p.position, p.reason])).toEqual([
      [3n, 'event at 3 is refused'],
    ])
  })

  it('calls a rejection under a checkpoint another runner moved contention, not poison', async () => {
    const { run, events, projectionStore } = await world('stop')
    const moved: Checkpoint = { name: 'recorder', version: 1, position: 1n }
    await projectionStore.transaction((tx) => projectionStore.saveCheckpoint(tx, moved, run.checkpoint()))()
    const step = await applyBatch(run, events, 4n)
    expect(step).toMatchObject({
      _tag: 'Failed',
      error: { _tag: 'ProjectionStoreFailure', reason: expect.stringContaining('another runner') },
    })
    expect(projectionStore.read('seen')).toBeUndefined()
  })
})

describe('guardUserCode', () => {
  const rejection = async (run: () => unknown) => {
    try {
      await guardUserCode(run)
      return undefined
    } catch (thrown) {
      return rejectionOf(projectionStoreFailure('apply', thrown))
    }
  }

  it('turns a throw, a Left and a rejected promise of the projection into a rejection with its reason', async () => {
    expect(await rejection(() => E.left('no'))).toBe('no')
    expect(await rejection(() => Promise.resolve(E.left('later')))).toBe('later')
    expect(await rejection(() => Promise.reject(new Error('rejected')))).toBe('rejected')
    expect(
      await rejection(() => {
        throw new Error('a bug')
      }),
    ).toBe('a bug')
    expect(await rejection(() => E.right(1))).toBeUndefined()
  })

  it('stays synchronous for synchronous code, and does not take a store failure for a rejection', () => {
    expect(guardUserCode(() => undefined)).toBeUndefined()
    expect(rejectionOf(storeUnavailable('commit', 'connection reset'))).toBeUndefined()
  })
})
