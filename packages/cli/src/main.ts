#!/usr/bin/env node
/**
 * The `ikm-ledger` executable: progress as a bar on a terminal, as plain periodic lines otherwise.
 *
 * @since 0.1.0
 */
import { runCli } from './Cli'
import { oneLine } from './internal/Output'
import { barProgress, lineProgress } from './internal/Progress'
import { openStoreFromUrl } from './OpenStore'

// A reader that stops early (`ikm-ledger tail | head`) closes the pipe: the rest of the output is not wanted, which
// is no failure, and certainly no stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit()
  process.stderr.write(`${oneLine(`error: cannot write to stdout: ${error.message}`)}\n`)
  process.exit(3)
})

runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    openStore: (url, options) => openStoreFromUrl(url, options),
    progress: process.stderr.isTTY
      ? barProgress(process.stderr)
      : lineProgress((line) => process.stderr.write(line + '\n')),
  },
  process.env,
).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`${oneLine(`error: ${error instanceof Error ? error.message : String(error)}`)}\n`)
    process.exitCode = 3
  },
)
