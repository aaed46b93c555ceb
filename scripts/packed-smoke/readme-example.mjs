// The README snippets the packed smoke test compiles and runs as written.
//
//   node readme-example.mjs README.md
//     prints the TypeScript block under the README's "A first example" heading.
//   node readme-example.mjs --packages <repository root> <directory>
//     writes the main snippets of the package READMEs (PACKAGE_SNIPPETS) into <directory> as readme-<name>.ts,
//     each after the few lines that stand in for what the snippet leaves to its reader (an event store, a pool),
//     and prints the names of those that run without a server, one a line.
//
// Both refuse a block that imports an fp-ts module by its bare path ('fp-ts/Either'): fp-ts 2 has no exports map,
// so Node's ESM loader refuses it (ERR_UNSUPPORTED_DIR_IMPORT) while tsc, resolving the directory's
// package.json, accepts it. `--packages` checks every ```ts block of README.md and of every package README.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const fail = (message) => {
  console.error(message)
  process.exit(1)
}

const tsBlocks = (markdown) => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1])

const BARE_FP_TS = /from\s+['"]fp-ts\/(?!lib\/[\w-]+\.js['"])[^'"]*['"]/
const checkImports = (file, markdown) => {
  tsBlocks(markdown).forEach((block, index) => {
    const bare = BARE_FP_TS.exec(block)
    if (bare !== null) {
      fail(
        `${file}, TypeScript block ${index + 1}: ${bare[0]} fails under Node's ESM loader (fp-ts has no exports map); ` +
          `import from the package root (import { either as E } from 'fp-ts') or by file ('fp-ts/lib/Either.js')`,
      )
    }
  })
}

// What a store snippet leaves to its reader, as declarations (compiled only: the store needs a server) or as
// values (compiled and run).
const STORE_PLACEHOLDERS_DECLARED = `import type { GlobalPosition as ReadmePosition, NewEvent as ReadmeNewEvent, RecordedEvent as ReadmeRecorded } from '@ikm-ledger/core'
declare const events: ReadonlyArray<ReadmeNewEvent>
declare const checkpoint: ReadmePosition
declare const storedPosition: ReadmePosition
declare const wakeTheCatchUpLoop: () => void
declare const savePosition: (position: ReadmePosition) => Promise<void>
declare const applyToReadModel: (event: ReadmeRecorded) => Promise<void>
`
const STORE_PLACEHOLDERS_RUN = `import { START_POSITION as readmeStart, uuidV7 as readmeId, type NewEvent as ReadmeNewEvent } from '@ikm-ledger/core'
const events = [
  {
    eventId: readmeId(),
    type: 'ProgramNoteRecorded',
    schemaVersion: 1,
    data: { note: 'the README snippet ran' },
    metadata: {
      occurredOn: '2020-04-02',
      actor: { id: 'officer-17', role: 'DINAS_STAFF' },
      correlationId: readmeId(),
      evidence: { level: 'DOCUMENTED', refs: [] },
      mode: 'OPERATIONAL',
    },
  },
] as unknown as ReadonlyArray<ReadmeNewEvent>
const checkpoint = readmeStart
const wakeTheCatchUpLoop = () => {}
`
const YOUR_EVENT_STORE = `import type { EventStore as ReadmeEventStore } from '@ikm-ledger/core'
declare const store: ReadmeEventStore
`

// The main snippet of each package README: which block (1-based), what stands in for the reader's part, and
// whether it runs here (no server needed). testkit's snippets are sketches of an adapter's test files, for
// vitest, around a database harness of the reader's own: they are not among them.
const PACKAGE_SNIPPETS = [
  {
    name: 'store-sqlite',
    readme: 'packages/store-sqlite/README.md',
    block: 1,
    prelude: STORE_PLACEHOLDERS_RUN,
    run: true,
  },
  {
    name: 'store-postgres',
    readme: 'packages/store-postgres/README.md',
    block: 1,
    prelude: STORE_PLACEHOLDERS_DECLARED,
  },
  {
    name: 'store-kurrentdb',
    readme: 'packages/store-kurrentdb/README.md',
    block: 1,
    prelude: STORE_PLACEHOLDERS_DECLARED,
  },
  { name: 'projection-sqlite', readme: 'packages/projection-sqlite/README.md', block: 1, run: true },
  {
    name: 'projection-postgres',
    readme: 'packages/projection-postgres/README.md',
    block: 1,
    prelude: YOUR_EVENT_STORE,
  },
  { name: 'projections', readme: 'packages/projections/README.md', block: 1, run: true },
  {
    name: 'projections-sql',
    readme: 'packages/projections/README.md',
    block: 2,
    prelude: `${YOUR_EVENT_STORE}import type { Pool as ReadmePool } from 'pg'\ndeclare const pool: ReadmePool\n`,
  },
  { name: 'regions', readme: 'packages/regions/README.md', block: 1, run: true },
]

if (process.argv[2] === '--packages') {
  const [root, out] = process.argv.slice(3)
  if (root === undefined || out === undefined)
    fail('usage: readme-example.mjs --packages <repository root> <directory>')
  const readmes = ['README.md', ...readdirSync(join(root, 'packages')).map((dir) => `packages/${dir}/README.md`)]
  for (const file of readmes) {
    let markdown
    try {
      markdown = readFileSync(join(root, file), 'utf8')
    } catch {
      continue // a package without a README
    }
    checkImports(file, markdown)
  }
  const runnable = []
  for (const { name, readme, block, prelude = '', run = false } of PACKAGE_SNIPPETS) {
    const code = tsBlocks(readFileSync(join(root, readme), 'utf8'))[block - 1]
    if (code === undefined) fail(`${readme} has no TypeScript block ${block} (PACKAGE_SNIPPETS in ${process.argv[1]})`)
    const header = `// ${readme}, TypeScript block ${block}${prelude === '' ? '' : ', after what stands in for the reader\u2019s part'}\n`
    writeFileSync(join(out, `readme-${name}.ts`), `${header}${prelude}${code}export {}\n`)
    if (run) runnable.push(`readme-${name}`)
  }
  process.stdout.write(runnable.map((name) => `${name}\n`).join(''))
} else {
  const readme = readFileSync(process.argv[2], 'utf8')
  const section = readme.split(/^## /m).find((part) => part.startsWith('A first example'))
  const block = section === undefined ? undefined : /```ts\n([\s\S]*?)```/.exec(section)
  if (block?.[1] === undefined) fail('README.md has no ```ts block under "## A first example"')
  checkImports('README.md, "A first example"', `\`\`\`ts\n${block[1]}\`\`\``)
  process.stdout.write(block[1])
}
