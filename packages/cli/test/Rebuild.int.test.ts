import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { POSTGRES_TEST_URL, requirePostgres } from '@ikm-ledger/testkit'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, seedLedger } from './support'

const reachable = await requirePostgres('ikm-ledger rebuild into PostgreSQL')

describe.runIf(reachable)('ikm-ledger rebuild into PostgreSQL', () => {
  const schema = `cli_rm_${randomBytes(4).toString('hex')}`
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 2 })
  pool.on('error', () => undefined)
  const run = cli()
  let dir: string
  let ledger: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ikm-cli-rebuild-'))
    ledger = join(dir, 'ledger.db')
    await seedLedger(ledger, run)
  }, 120_000)

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes typed tables with real column types that SQL can sum and filter', async () => {
    const { code, out } = await run('rebuild', '--into', `${POSTGRES_TEST_URL}?schema=${schema}`, '--store', ledger)
    expect(code).toBe(0)
    expect(out).toContain('typed tables for BI tools: ikm_rm1_programs')
    const { rows } = await pool.query(
      `SELECT source, imported_approximate, pg_typeof(imported_approximate)::text AS type FROM "${schema}".ikm_rm2_budget WHERE imported_approximate > 0 ORDER BY source`,
    )
    expect(rows).toEqual([
      { source: 'DAK_FISIK', imported_approximate: '24300000000', type: 'bigint' },
      { source: 'DAK_NONFISIK', imported_approximate: '2700000000', type: 'bigint' },
    ])
    const ready = await pool.query(`SELECT stream_id FROM "${schema}".ikm_rm7_checklist WHERE ready ORDER BY stream_id`)
    expect(ready.rows).toEqual([
      { stream_id: 'facility-fac-sentra-led-muba' },
      { stream_id: 'facility-fac-uptd-tekstil-sawahlunto' },
    ])
  })
})
