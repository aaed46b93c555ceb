#!/usr/bin/env node
/**
 * The `ikm-ledger` executable.
 *
 * @since 0.1.0
 */
import { existsSync } from 'node:fs'
import { runCli } from './Cli'
import { openStoreFromUrl } from './OpenStore'

runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    openStore: (url) => openStoreFromUrl(url, existsSync),
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
