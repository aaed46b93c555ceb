import { randomBytes } from 'node:crypto'
import { POSTGRES_TEST_URL, requirePostgres } from '@ikm-ledger/testkit'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openStoreFromUrl } from '../src'
import { cli } from './support'

const reachable = await requirePostgres('ikm-ledger on a PostgreSQL schema that holds no ledger')

describe.runIf(reachable)('ikm-ledger on a PostgreSQL schema that holds no ledger', () => {
  const schema = `cli_none_${randomBytes(4).toString('hex')}`
  const url = `${POSTGRES_TEST_URL}?schema=${schema}`
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 1 })
  pool.on('error', () => undefined)
  // As the command does: every command but import opens the store read-only.
  const run = cli()
  const schemaExists = async () =>
    (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  })

  it('says there is no ledger there and creates nothing, for every command that only reads', async () => {
    for (const args of [['verify'], ['programs'], ['report', '--all', '--format', 'json'], ['tail']]) {
      const result = await run(...args, '--store', url)
      expect(result.code, args.join(' ')).not.toBe(0)
      expect(result.err, args.join(' ')).toContain(`there is no ledger in schema '${schema}'`)
    }
    expect(await schemaExists()).toBe(false)
  })

  it('creates the schema for a store opened to write (import, or the library with its defaults)', async () => {
    const opened = await openStoreFromUrl(url)
    if (opened._tag === 'Left') throw new Error(opened.left._tag)
    await opened.right.close()()
    expect(await schemaExists()).toBe(true)
    expect((await run('verify', '--store', url)).code).toBe(0)
  })
})
