/**
 * The one seed loader (`@ikm-ledger/testkit/seeds`, no vitest): a seed story is a JSON file of ordered
 * `{ stream, command }` entries (`examples/seeds/`). The loader hands every entry to the domain's
 * `ikmCommandHandler` through `importCommands` (the function behind `ikm-ledger import`; the stream's category
 * picks the aggregate, its codec decodes the command), accepting `HISTORICAL_IMPORT` commands only, with the
 * store's clock and the ids the caller passes (a stepping clock and sequential ids make a replay byte-for-byte
 * reproducible). The examples' demo and every package's tests load the seeds through it.
 *
 * @since 0.2.0
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatErrors, sequentialIds, type EventStore, type IdGenerator } from '@ikm-ledger/core'
import { ikmCommandHandler, importCommands, type DomainError } from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import type * as TE from 'fp-ts/TaskEither'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const SeedEntry = t.type({ stream: t.string, command: t.unknown })

/**
 * The codec of a seed file.
 *
 * @category codecs
 * @since 0.2.0
 */
export const SeedStory = t.type(
  {
    story: t.string,
    title: t.string,
    sources: t.type({ seedFile: t.string, url: t.string, published: t.string }),
    entries: t.readonlyArray(SeedEntry),
  },
  'SeedStory',
)

/**
 * One seed story.
 *
 * @category model
 * @since 0.2.0
 */
export type SeedStory = t.TypeOf<typeof SeedStory>

/**
 * Why seeds did not load: a file that does not decode, or an entry whose command was refused (decoding, the
 * domain, or the store), with the story, the entry's position and its stream.
 *
 * @category model
 * @since 0.2.0
 */
export type SeedLoadError =
  | { readonly _tag: 'SeedFileInvalid'; readonly file: string; readonly message: string }
  | {
      readonly _tag: 'SeedEntryFailed'
      readonly story: string
      readonly index: number
      readonly stream: string
      readonly message: string
      readonly rejection?: DomainError
    }

/**
 * What loading one story did.
 *
 * @category model
 * @since 0.2.0
 */
export interface SeedLoadReport {
  readonly story: string
  readonly title: string
  readonly commands: number
  readonly events: number
  readonly gapsNoted: number
  readonly streams: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/**
 * Reads and decodes every `*.json` seed file of a folder (or only the files named), in file-name order (S0 … S4).
 *
 * @category constructors
 * @since 0.2.0
 */
export const readSeedStories = (
  dir: string,
  only?: ReadonlyArray<string>,
): E.Either<SeedLoadError, ReadonlyArray<SeedStory>> => {
  const stories: Array<SeedStory> = []
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json') && (only === undefined || only.includes(f)))
    .sort()) {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (cause) {
      return E.left({ _tag: 'SeedFileInvalid', file, message: `${file} is not JSON: ${String(cause)}` })
    }
    const decoded = SeedStory.decode(json)
    if (E.isLeft(decoded)) {
      return E.left({
        _tag: 'SeedFileInvalid',
        file,
        message: `${file} is not a seed story ${formatErrors(decoded.left)}`,
      })
    }
    stories.push(decoded.right)
  }
  return E.right(stories)
}

// -------------------------------------------------------------------------------------
// loading
// -------------------------------------------------------------------------------------

/**
 * Loads seed stories into a store, in order, stopping at the first entry that fails. Every entry must be in
 * `HISTORICAL_IMPORT` mode. `ids` defaults to sequential ids, so two loads into empty stores with the same
 * clock write identical events.
 *
 * @category constructors
 * @since 0.2.0
 */
export const loadSeeds = (
  store: EventStore,
  stories: ReadonlyArray<SeedStory>,
  ids: IdGenerator = sequentialIds(),
): TE.TaskEither<SeedLoadError, ReadonlyArray<SeedLoadReport>> => {
  const handle = ikmCommandHandler({ store, ids, maxRetries: 0, onlyMode: 'HISTORICAL_IMPORT' })
  return async () => {
    const reports: Array<SeedLoadReport> = []
    for (const story of stories) {
      const summary = await importCommands(handle, story.entries, { onRejection: 'stop' })()
      const failed = summary.rejected[0]
      if (failed !== undefined) {
        const failure = failed.failure
        return E.left<SeedLoadError>({
          _tag: 'SeedEntryFailed',
          story: story.story,
          index: failed.index,
          stream: failed.stream,
          message: failed.message,
          ...(failure._tag === 'CommandRejected' ? { rejection: failure.rejection } : {}),
        })
      }
      reports.push({
        story: story.story,
        title: story.title,
        commands: story.entries.length,
        events: summary.events,
        gapsNoted: summary.gapsNoted,
        streams: summary.streams,
      })
    }
    return E.right(reports)
  }
}
