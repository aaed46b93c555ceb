import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { steppingClock, type EventStore, type RecordedEvent } from '@ikm-ledger/core'
import { newEvent } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStoreFromUrl } from '../src'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-open-'))
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

const opened = async (url: string, options?: Parameters<typeof openStoreFromUrl>[1]) => {
  const result = await openStoreFromUrl(url, options)
  if (E.isLeft(result)) throw new Error(`expected ${url} to open, got ${result.left._tag}`)
  return result.right
}

const eventsIn = async (store: EventStore, streamId: string): Promise<ReadonlyArray<RecordedEvent>> => {
  const events: Array<RecordedEvent> = []
  for await (const batch of store.readStream(streamId)) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag)
    events.push(...batch.right)
  }
  return events
}

describe('openStoreFromUrl', () => {
  it('opens memory: as a new, empty in-memory store with the clock it is given', async () => {
    const store = await opened('memory:', { clock: steppingClock('2030-01-01T00:00:00.000Z') })
    expect(E.isRight(await store.append('program-a', [newEvent()])())).toBe(true)
    expect((await eventsIn(store, 'program-a')).map((e) => e.metadata.recordedAt)).toEqual(['2030-01-01T00:00:00.000Z'])
    expect(await eventsIn(await opened('memory:'), 'program-a')).toEqual([])
    await store.close()()
  })

  it('refuses a SQLite file that does not exist, creates it (and its folder) with create, empties it with fresh', async () => {
    const path = join(dir, 'nested', 'ledger.db')
    expect(await openStoreFromUrl(path)).toMatchObject({ _tag: 'Left', left: { _tag: 'StorageFailure' } })
    const created = await opened(`sqlite:${path}`, { create: true })
    await created.append('program-a', [newEvent()])()
    await created.close()()
    expect(existsSync(path)).toBe(true)
    const again = await opened(path, { readonly: true })
    expect(await eventsIn(again, 'program-a')).toHaveLength(1)
    await again.close()()
    const fresh = await opened(path, { fresh: true })
    expect(await eventsIn(fresh, 'program-a')).toEqual([])
    await fresh.close()()
  })

  it('reports a PostgreSQL URL that does not parse as an error value, never a throw', async () => {
    expect(await openStoreFromUrl('postgres://[::1')).toMatchObject({ _tag: 'Left', left: { _tag: 'StorageFailure' } })
  })
})
