/**
 * The examples' seed stories: the files under `examples/seeds/` (and the news stories under `seeds/news/`), read
 * and loaded by testkit's one seed loader (`@ikm-ledger/testkit/seeds`), which every package's tests use too.
 *
 * @since 0.1.0
 */
import { fileURLToPath } from 'node:url'
import { readSeedStories as readStories, type SeedLoadError, type SeedStory } from '@ikm-ledger/testkit/seeds'
import type * as E from 'fp-ts/Either'

export { loadSeeds, SeedStory, type SeedLoadError, type SeedLoadReport } from '@ikm-ledger/testkit/seeds'

/**
 * Where the seed files live.
 *
 * @category constants
 * @since 0.1.0
 */
export const SEED_DIR: string = fileURLToPath(new URL('../../seeds/', import.meta.url))

/**
 * Where the stories from further public news reports live (same format as the seeds, loaded after them by
 * `pnpm demo`): kept apart so the five seed stories replay exactly as before.
 *
 * @category constants
 * @since 0.1.0
 */
export const NEWS_STORY_DIR: string = fileURLToPath(new URL('../../seeds/news/', import.meta.url))

/**
 * Reads and decodes every `*.json` seed file of a folder (the seeds by default), in file-name order (S0 … S4).
 *
 * @category constructors
 * @since 0.1.0
 */
export const readSeedStories = (dir: string = SEED_DIR): E.Either<SeedLoadError, ReadonlyArray<SeedStory>> =>
  readStories(dir)
