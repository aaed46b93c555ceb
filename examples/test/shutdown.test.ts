import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProjection } from '@ikm-ledger/core'
import { ikmCommandHandler } from '@ikm-ledger/core/domain'
import { createSqliteProjectionStore } from '@ikm-ledger/projection-sqlite'
import { programStatusBoard, sqliteReadModel } from '@ikm-ledger/projections'
import { createSqliteEventStore } from '@ikm-ledger/store-sqlite'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'

const body: unknown = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', 'scripts', 'packed-smoke', 'app', 'register-program.json'),
    'utf8',
  ),
)

const running = async (dir: string) => {
  const path = join(dir, 'ledger.db')
  const store = createSqliteEventStore({ path })
  const projectionStore = createSqliteProjectionStore({ path })
  if (E.isLeft(store) || E.isLeft(projectionStore)) throw new Error('cannot open the stores')
  expect(E.isRight(await ikmCommandHandler({ store: store.right })('program-prg-smoke-2020', body)())).toBe(true)
  const runner = startProjection({
    store: store.right,
    projectionStore: projectionStore.right,
    projection: sqliteReadModel(programStatusBoard),
    poisonPolicy: 'stop',
    retry: { initialDelayMs: 10, maxDelayMs: 20 },
    pollIntervalMs: 50,
  })
  expect(E.isRight(await runner.whenCaughtUp({ timeoutMs: 10_000 })())).toBe(true)
  return { store: store.right, projectionStore: projectionStore.right, runner }
}

describe('shutting a service down', () => {
  it('in the documented order: stop the runners, close the projection store, then the event store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-shutdown-'))
    try {
      const { store, projectionStore, runner } = await running(dir)
      expect(await runner.stop()).toMatchObject({ _tag: 'Stopped', reason: expect.stringContaining('stop') })
      expect(await projectionStore.close()()).toEqual(E.right(undefined))
      expect(await store.close()()).toEqual(E.right(undefined))
      // A second close, from a signal handler racing a finally block, is harmless.
      expect(await store.close()()).toEqual(E.right(undefined))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('out of order: a runner whose event store closed under it ends at its next poll, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-shutdown-'))
    try {
      const { store, projectionStore, runner } = await running(dir)
      expect(await store.close()()).toEqual(E.right(undefined))
      // At its next poll (50 ms here, 5 s by default) the runner finds the store closed and ends with the reason.
      expect(await runner.done).toMatchObject({
        _tag: 'Stopped',
        reason: expect.stringContaining('the store is closed'),
        error: { _tag: 'StoreClosed' },
      })
      expect((await runner.stop())._tag).toBe('Stopped')
      expect(await projectionStore.close()()).toEqual(E.right(undefined))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
