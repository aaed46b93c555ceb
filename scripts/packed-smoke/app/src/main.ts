import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runService } from './service.js'

const path = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'ikm-esm-')), 'ledger.db')
// The request body as an HTTP client sends it.
const body: unknown = JSON.parse(readFileSync(new URL('../register-program.json', import.meta.url), 'utf8'))
console.log(`esm: ${await runService(path, body)}`)
