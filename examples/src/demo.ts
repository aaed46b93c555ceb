/**
 * `pnpm demo`: replays the five seed stories and the further news stories (`examples/seeds/news/`) into a store
 * and prints, per story, every program, proposal,
 * equipment package, facility and group with its state and its open compliance gaps.
 *
 * @since 0.1.0
 */
import { projectionErrorMessage, steppingClock, storeErrorMessage } from '@ikm-ledger/core'
import { readModelReport } from '@ikm-ledger/projections'
import * as E from 'fp-ts/Either'
import { DEFAULT_STORE_URL, openStore } from './openStore'
import { loadSeeds, NEWS_STORY_DIR, readSeedStories, type SeedLoadError } from './seeds/loadSeeds'
import { summarizeStreams, type EntitySummary } from './summary'

const seedErrorMessage = (error: SeedLoadError): string =>
  error._tag === 'SeedFileInvalid'
    ? error.message
    : `story ${error.story}, entry ${error.index} (${error.stream}): ${error.message}`

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length)

const render = (entities: ReadonlyArray<EntitySummary>): string => {
  const width = Math.max(...entities.map((e) => e.stream.length)) + 2
  const lines: Array<string> = []
  for (const e of entities) {
    lines.push(`  ${pad(e.stream, width)}${pad(e.state, 24)}${e.detail}`)
    for (const gap of e.openGaps) {
      const missing = gap.missingDocKinds.length === 0 ? 'flag' : `missing ${gap.missingDocKinds.join(', ')}`
      lines.push(`  ${' '.repeat(width)}${pad('', 24)}└ gap ${gap.rule}: ${missing} (${gap.subject})`)
    }
  }
  return lines.join('\n')
}

const describeStore = (url: string): string =>
  url === 'memory:'
    ? 'an in-memory store'
    : /^postgres/.test(url)
      ? `PostgreSQL (${url.replace(/\/\/[^@]*@/, '//…@')})`
      : `the SQLite file ${url}`

const main = async (): Promise<number> => {
  const seeds = readSeedStories()
  const news = readSeedStories(NEWS_STORY_DIR)
  const stories = E.isLeft(seeds) ? seeds : E.isLeft(news) ? news : E.right([...seeds.right, ...news.right])
  const newsCount = E.isRight(news) ? news.right.length : 0
  if (E.isLeft(stories)) {
    console.error(seedErrorMessage(stories.left))
    return 1
  }
  const storeArg = process.argv.indexOf('--store')
  const url =
    (storeArg >= 0 ? process.argv[storeArg + 1] : undefined) ?? process.env['IKM_LEDGER_STORE'] ?? DEFAULT_STORE_URL
  const opened = await openStore(url, { clock: steppingClock('2026-01-01T00:00:00.000Z'), fresh: true })()
  if (E.isLeft(opened)) {
    console.error(storeErrorMessage(opened.left))
    return 1
  }
  const store = opened.right
  const loaded = await loadSeeds(store, stories.right)()
  if (E.isLeft(loaded)) {
    console.error(seedErrorMessage(loaded.left))
    return 1
  }
  console.log(
    `ikm-ledger — the five seed stories and ${newsCount} further news ${newsCount === 1 ? 'story' : 'stories'} ` +
      `replayed in HISTORICAL_IMPORT mode into ${describeStore(url)}\n`,
  )
  for (const report of loaded.right) {
    const summaries = await summarizeStreams(store, report.streams)()
    if (E.isLeft(summaries)) {
      console.error(storeErrorMessage(summaries.left))
      return 1
    }
    const gaps = summaries.right.reduce((n, s) => n + s.openGaps.length, 0)
    console.log(`${report.story}  ${report.title}`)
    console.log(`    ${report.commands} commands → ${report.events} events · ${gaps} open compliance gap(s)`)
    console.log(render(summaries.right))
    console.log('')
  }
  // The ready-made read models, projected from the same store: RM-1 program board, RM-2 budget, RM-7 audit checklist.
  const report = await readModelReport(store)()
  if (E.isLeft(report)) {
    console.error(projectionErrorMessage(report.left))
    return 1
  }
  console.log(report.right)
  await store.close()()
  return 0
}

void main().then((code) => {
  process.exitCode = code
})
