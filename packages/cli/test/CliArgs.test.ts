import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storeUnavailable, type EventStore } from '@ikm-ledger/core'
import { openStoreFromUrl } from '../src'
import { cli, seedLedger, type Run } from './support'

let dir: string
let ledger: string
let damaged: string
const run = cli()
const PROGRAM = 'prg-muba-led-2020'

const copyLedger = (from: string, to: string): void => {
  copyFileSync(from, to)
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ikm-cli-args-'))
  ledger = join(dir, 'ledger.db')
  await seedLedger(ledger, run)
  damaged = join(dir, 'damaged.db')
  copyLedger(ledger, damaged)
  // One event of the program's stream edited in place: its content no longer matches its stored hash.
  const db = new Database(damaged)
  db.prepare(
    `UPDATE events SET data = json_set(data, '$.edited', 1) WHERE position =
       (SELECT min(position) FROM events WHERE stream_id = 'program-${PROGRAM}' AND revision > 0)`,
  ).run()
  db.close()
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** The message itself: the first line of stderr, before the blank line and the pointer to the help. */
const message = (result: Run): string => result.err.split('\n')[0] ?? ''

const expectUsage = (result: Run, text: string): void => {
  expect(result.code).toBe(2)
  expect(result.out).toBe('')
  expect(message(result)).toBe(text)
  expect(result.err.split('\n').filter((l) => l !== '')).toHaveLength(2)
}

describe('ikm-ledger output files', () => {
  const missing = () => join(dir, 'no-such-dir', 'x.out')

  it('refuses an output file in a directory that does not exist, naming the file and why, with exit 2', async () => {
    const path = missing()
    const report = await run('report', '--all', '--out', path, '--store', ledger)
    expectUsage(report, `cannot write ${path} (--out): the directory ${join(dir, 'no-such-dir')} does not exist`)
    expect(report.err).not.toContain('ENOENT')
  })

  it('checks the output file of every command that writes one', async () => {
    const key = join(dir, 'auditor.key')
    if (!existsSync(key)) expect((await run('keygen', '--out', key)).code).toBe(0)
    const checkpoint = join(dir, 'cp.json')
    expect((await run('checkpoint', '--key', key, '--out', checkpoint, '--store', ledger)).code).toBe(0)
    const path = missing()
    const cases: ReadonlyArray<ReadonlyArray<string>> = [
      ['report', PROGRAM, '--out', path],
      ['programs', '--out', path],
      ['budget', '--format', 'csv', `--out=${path}`],
      ['rm-10', '--out', path],
      ['checkpoint', '--key', key, '--out', path],
      ['checkpoint', '--key', key, '--out', join(dir, 'cp2.json'), '--leaves', path],
      ['prove', `program-${PROGRAM}`, '0', '--checkpoint', checkpoint, '--out', path],
      ['keygen', '--out', path],
      ['rebuild', '--into', path],
    ]
    for (const argv of cases) {
      const result = await run(...argv, '--store', ledger)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(message(result), argv.join(' ')).toMatch(new RegExp(`^cannot write ${escaped(path)} \\(--`))
      expect(result.err, argv.join(' ')).toContain('does not exist')
    }
    expect(existsSync(join(dir, 'cp2.json'))).toBe(false)
  })

  it('refuses an output file that is a directory, and an empty name', async () => {
    const folder = join(dir, 'a-folder')
    mkdirSync(folder, { recursive: true })
    expectUsage(
      await run('programs', '--out', folder, '--store', ledger),
      `cannot write ${folder} (--out): it is a directory`,
    )
    expectUsage(await run('programs', '--out=', '--store', ledger), '--out needs a file name')
  })

  it('still writes an output file that can be written', async () => {
    const path = join(dir, 'programs.csv')
    const result = await run('programs', '--format', 'csv', '--out', path, '--store', ledger)
    expect(result.code).toBe(0)
    expect(existsSync(path)).toBe(true)
  })
})

describe('ikm-ledger negative numbers', () => {
  it('reads a negative number after an option as its value, with the same message as the = form', async () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [['tail', '--limit', '-5'], "--limit must be a whole number, got '-5'"],
      [['tail', '--after', '-1'], "--after must be a whole number, got '-1'"],
      [['stream', `program-${PROGRAM}`, '--until-revision', '-1'], "--until-revision must be a whole number, got '-1'"],
    ]
    for (const [argv, text] of cases) {
      const spaced = await run(...argv, '--store', ledger)
      const option = argv[argv.length - 2] ?? ''
      const joined = await run(...argv.slice(0, -2), `${option}=${argv[argv.length - 1]}`, '--store', ledger)
      expectUsage(spaced, text)
      expect(spaced.err).toBe(joined.err)
    }
  })

  it('says in one line that an option is missing its value', async () => {
    expectUsage(await run('tail', '--store', ledger, '--limit'), '--limit needs a value')
    const before = await run('tail', '--limit', '--json', '--store', ledger)
    expect(before.code).toBe(2)
    expect(message(before)).toMatch(/^--limit needs a value, got the option --json/)
    expect(before.err).not.toContain('ambiguous')
  })

  it('suggests the option meant by a misspelt one', async () => {
    expectUsage(await run('tail', '--limt', '5', '--store', ledger), "Unknown option '--limt' — did you mean --limit?")
  })
})

describe('ikm-ledger options given twice', () => {
  it('refuses an option given twice, naming it and both values', async () => {
    expectUsage(
      await run('programs', '--as-of', '2020-01-01', '--as-of', '2021-01-01', '--store', ledger),
      "--as-of is given twice ('2020-01-01', '2021-01-01'); give it once",
    )
    expectUsage(
      await run('report', PROGRAM, '--lang', 'en', '--lang=id', '--store', ledger),
      "--lang is given twice ('en', 'id'); give it once",
    )
    expectUsage(await run('tail', '--json', '--json', '--store', ledger), '--json is given twice; give it once')
  })

  it('refuses the global options given twice', async () => {
    expectUsage(
      await run('tail', '--store', ledger, '--store', damaged),
      `--store is given twice ('${ledger}', '${damaged}'); give it once`,
    )
    expectUsage(await run('tail', '--quiet', '--quiet', '--store', ledger), '--quiet is given twice; give it once')
  })

  it('accepts the options documented as repeatable', async () => {
    const result = await run(
      'tail',
      '--category',
      'program',
      '--category',
      'equipment',
      '--limit',
      '3',
      '--store',
      ledger,
    )
    expect(result.code).toBe(0)
    expect(result.out).toContain('3 event(s)')
  })
})

describe('ikm-ledger on a damaged ledger', () => {
  it('exits 1 from every command that reads the damage, and says the ledger is damaged in one line', async () => {
    const cases: ReadonlyArray<ReadonlyArray<string>> = [
      ['stream', `program-${PROGRAM}`],
      ['tail'],
      ['programs'],
      ['budget'],
      ['timeline', '--program', PROGRAM],
      ['report', '--all'],
      ['report', PROGRAM],
    ]
    for (const argv of cases) {
      const result = await run(...argv, '--store', damaged)
      expect(result.code, argv.join(' ')).toBe(1)
      const lines = result.err.split('\n').filter((l) => l.includes('damaged') || l.startsWith('error'))
      expect(lines, argv.join(' ')).toHaveLength(1)
      expect(lines[0], argv.join(' ')).toMatch(
        new RegExp(`^FAILED: the ledger is damaged: hash chain broken in stream 'program-${PROGRAM}'`),
      )
      expect(lines[0], argv.join(' ')).toContain("run 'ikm-ledger verify' to list every break")
    }
  })

  it('exits 1 from rebuild, whose projection halts on the damage, and says the ledger is damaged', async () => {
    const result = await run('rebuild', '--into', join(dir, 'read-models.db'), '--store', damaged)
    expect(result.code).toBe(1)
    expect(result.err.split('\n').at(-1)).toMatch(/^FAILED: the ledger is damaged: hash chain broken/)
  })

  it('exits 1 from verify, as before', async () => {
    expect((await run('verify', '--store', damaged)).code).toBe(1)
  })

  it('keeps exit 3 for a store that cannot answer', async () => {
    const unavailable = cli(undefined, {
      openStore: async (url, options) => {
        const opened = await openStoreFromUrl(url, options)
        if (E.isLeft(opened)) return opened
        const store: EventStore = {
          ...opened.right,
          readAll: () => ({
            [Symbol.asyncIterator]: async function* () {
              yield E.left(storeUnavailable('read all streams', 'the connection was reset'))
            },
          }),
        }
        return E.right(store)
      },
    })
    for (const argv of [['tail'], ['programs']]) {
      const result = await unavailable(...argv, '--store', ledger)
      expect(result.code, argv.join(' ')).toBe(3)
      expect(result.err, argv.join(' ')).toContain('the store is unavailable during read all streams')
      expect(result.err, argv.join(' ')).not.toContain('damaged')
    }
  })
})

describe('ikm-ledger messages about a wrong file', () => {
  it('keeps a parser quoting a text file to one line', async () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'a\nb c d e f g h\n')
    for (const argv of [
      ['verify-proof', text],
      ['verify', '--against', text],
      ['import', text],
    ]) {
      const result = await run(...argv, '--store', ledger)
      expect(result.code, argv.join(' ')).not.toBe(0)
      expect(result.err.split('\n')[0], argv.join(' ')).toContain(text)
      expect(result.err.split('\n')[0], argv.join(' ')).toContain('is not JSON')
      // Nothing of the file after the parser's short quote, and no line of it on a line of its own.
      expect(result.err, argv.join(' ')).not.toMatch(/^b c d/m)
    }
  })

  it('shows the control bytes of a binary file escaped, never raw', async () => {
    const binary = join(dir, 'blob.bin')
    writeFileSync(binary, Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x0a, 0x00, 0x41, 0x42]))
    for (const argv of [
      ['verify-proof', binary],
      ['import', binary],
    ]) {
      const result = await run(...argv, '--store', ledger)
      expect(result.code, argv.join(' ')).not.toBe(0)
      // eslint-disable-next-line no-control-regex
      expect(result.err, argv.join(' ')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/)
      expect(result.err.split('\n')[0], argv.join(' ')).toContain(binary)
    }
  })

  it('names the store that is not a database, in one line, with exit 3', async () => {
    const text = join(dir, 'not-a-db.txt')
    writeFileSync(text, 'just some text\n')
    const result = await run('tail', '--store', text)
    expect(result.code).toBe(3)
    expect(result.err).toMatch(new RegExp(`^error: cannot open the store ${escaped(text)}: .*file is not a database$`))
  })
})

describe('ikm-ledger executable', () => {
  const repo = fileURLToPath(new URL('../../../', import.meta.url))

  it('ends quietly when the reader of its output goes away', async () => {
    const child = spawn(
      join(repo, 'node_modules', '.bin', 'tsx'),
      ['--conditions=@ikm-ledger/source', join(repo, 'packages/cli/src/main.ts'), 'tail', '--store', ledger],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    // The reader closes its end before the first line, as `| head -0` would.
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  }, 60_000)
})
