import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInMemoryEventStore } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { openStore } from '../src/openStore'
import { uuidV7, type CivilDate, type EventId, type NewEvent } from '@ikm-ledger/core'

const newEvent = (): NewEvent => ({
  eventId: uuidV7() as EventId,
  type: 'Probe',
  schemaVersion: 1,
  data: {},
  metadata: {
    occurredOn: '2020-01-01' as CivilDate,
    actor: { id: 'a', role: 'TEST' },
    correlationId: 'c',
    evidence: { level: 'INFERRED', refs: [] },
    mode: 'OPERATIONAL',
  },
})
import { loadSeeds, readSeedStories, type SeedStory } from '../src/seeds/loadSeeds'

const context = (mode: string) => ({
  mode,
  occurredOn: '2021-12-22',
  actor: { id: 'test', role: 'IMPORTER' },
  evidence: { level: 'NEWS_REPORT', refs: [] },
})
const region = {
  scheme: 'KEMENDAGRI',
  code: '13.73',
  level: 'KOTA',
  nameAtEvent: 'Kota Sawahlunto',
  listVersion: 'KEMENDAGRI:Permendagri-72-2019',
}
const formGroup = (mode: string, extra: object = {}) => ({
  type: 'FormGroup',
  data: { groupId: 'kub-1', kind: 'KUB', name: 'KUB Maju', region, ...extra },
  context: context(mode),
})
const story = (entries: SeedStory['entries']): SeedStory => ({
  story: 'T',
  title: 'test',
  sources: { seedFile: '-', url: '-', published: '-' },
  entries,
})

describe('loadSeeds', () => {
  it('applies a story and reports its commands, events and streams', async () => {
    const loaded = await loadSeeds(createInMemoryEventStore(), [
      story([{ stream: 'group-kub-1', command: formGroup('HISTORICAL_IMPORT') }]),
    ])()
    expect(loaded).toEqual(
      E.right([{ story: 'T', title: 'test', commands: 1, events: 1, gapsNoted: 0, streams: ['group-kub-1'] }]),
    )
  })

  it('refuses an entry in OPERATIONAL mode: seeds are imported history', async () => {
    const loaded = await loadSeeds(createInMemoryEventStore(), [
      story([{ stream: 'group-kub-1', command: formGroup('OPERATIONAL') }]),
    ])()
    expect(E.isLeft(loaded) && loaded.left.message).toContain('accepts only HISTORICAL_IMPORT commands')
  })

  it('names the story, the entry and the stream of a command that does not decode or is rejected', async () => {
    const bad = await loadSeeds(createInMemoryEventStore(), [
      story([{ stream: 'group-kub-1', command: formGroup('HISTORICAL_IMPORT', { kind: 'PT' }) }]),
    ])()
    expect(bad).toMatchObject({ left: { _tag: 'SeedEntryFailed', story: 'T', index: 0, stream: 'group-kub-1' } })
    expect(E.isLeft(bad) && bad.left.message).toContain('data.kind')
    const twice = await loadSeeds(createInMemoryEventStore(), [
      story([
        { stream: 'group-kub-1', command: formGroup('HISTORICAL_IMPORT') },
        { stream: 'group-kub-1', command: formGroup('HISTORICAL_IMPORT') },
      ]),
    ])()
    expect(twice).toMatchObject({ left: { index: 1, rejection: { _tag: 'AlreadyExists' } } })
  })

  it('refuses a stream of a category no aggregate owns', async () => {
    const loaded = await loadSeeds(createInMemoryEventStore(), [
      story([{ stream: 'agreement-1', command: formGroup('HISTORICAL_IMPORT') }]),
    ])()
    expect(E.isLeft(loaded) && loaded.left.message).toContain("stream 'agreement-1' is not")
  })
})

describe('readSeedStories', () => {
  it('reads the five stories S0–S4 in order', () => {
    const stories = readSeedStories()
    expect(E.isRight(stories) && stories.right.map((s) => s.story)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4'])
  })

  it('names a file that is not JSON or not a seed story', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-seeds-'))
    writeFileSync(join(dir, 'a.json'), '{ not json')
    expect(readSeedStories(dir)).toMatchObject({ left: { _tag: 'SeedFileInvalid', file: 'a.json' } })
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ story: 'X' }))
    expect(readSeedStories(dir)).toMatchObject({ left: { _tag: 'SeedFileInvalid', file: 'a.json' } })
  })
})

describe('openStore', () => {
  it('opens a fresh SQLite file, emptying it first when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-open-'))
    const path = join(dir, 'nested', 'ledger.db')
    const first = await openStore(path)()
    if (E.isLeft(first)) throw new Error(first.left._tag)
    await first.right.append('program-x', [newEvent()])()
    await first.right.close()()
    const again = await openStore(`sqlite:${path}`)()
    if (E.isLeft(again)) throw new Error(again.left._tag)
    expect(await again.right.streamExists('program-x')()).toEqual(E.right(true))
    await again.right.close()()
    const fresh = await openStore(path, { fresh: true })()
    if (E.isLeft(fresh)) throw new Error(fresh.left._tag)
    expect(await fresh.right.streamExists('program-x')()).toEqual(E.right(false))
    await fresh.right.close()()
  })

  it('opens an in-memory store for memory:', async () => {
    expect(E.isRight(await openStore('memory:')())).toBe(true)
  })

  it('reports an unreachable PostgreSQL server as an error value', async () => {
    const opened = await openStore('postgres://nobody@127.0.0.1:1/none')()
    expect(E.isLeft(opened)).toBe(true)
  })
})
