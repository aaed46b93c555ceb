#!/usr/bin/env node
/**
 * The `ikm-ledger` executable: progress as a bar on a terminal, as plain periodic lines otherwise.
 *
 * @since 0.1.0
 */
import { runCli } from './Cli'
import { barProgress, lineProgress } from './internal/Progress'
import { openStoreFromUrl } from './OpenStore'

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
    process.stderr.write(`error: ${String(error)}\n`)
    process.exitCode = 3
  },
)
