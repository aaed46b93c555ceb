import { createHash } from 'node:crypto'
import { canonicalJson, createInMemoryEventStore, steppingClock, type JsonValue } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { loadSeeds, NEWS_STORY_DIR, readSeedStories } from '../src/seeds/loadSeeds'

// The stored events of a seed replay are part of the contract with every auditor who kept one: a refactoring
// must not change a byte of them. With a stepping clock and sequential ids (loadSeeds' default) the replay of
// the five seed stories and the news stories is reproducible; its digest covers every stored field of every
// event, in position order. The value was computed on the main of 2026-12-02 (da64a76, before the 'one
// mechanism, one place' clean-up) and is unchanged since. A change of the domain that really changes what a
// seed records (a new event, a new field) updates it deliberately, saying so in its commit.
const SEED_REPLAY_DIGEST = '565aea167f66027384410c7b852dc8c56239751b058bb267375fc69ac59ee513'

const storedBytesDigest = async (): Promise<{ readonly events: number; readonly digest: string }> => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
  const seeds = readSeedStories()
  const news = readSeedStories(NEWS_STORY_DIR)
  if (E.isLeft(seeds) || E.isLeft(news)) throw new Error('the seed files do not read')
  const loaded = await loadSeeds(store, [...seeds.right, ...news.right])()
  if (E.isLeft(loaded)) throw new Error(loaded.left.message)
  const hash = createHash('sha256')
  let events = 0
  for await (const batch of store.readAll()) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag)
    for (const e of batch.right.events) {
      events++
      const fields = [e.position, e.eventId, e.streamId, e.revision, e.type, e.schemaVersion]
      const content = [canonicalJson(e.data as JsonValue), canonicalJson(e.metadata as unknown as JsonValue)]
      hash.update([...fields, ...content, e.prevHash, e.hash].join('\u0000') + '\n')
    }
  }
  return { events, digest: hash.digest('hex') }
}

describe('seed replay', () => {
  it('stores the same bytes as before the clean-up: every field of all 357 events', async () => {
    expect(await storedBytesDigest()).toEqual({ events: 357, digest: SEED_REPLAY_DIGEST })
  })
})
