import { requirePostgres } from '@ikm-ledger/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostgresEventStore } from '../src'
import { quoteIdent, schemaNames } from '../src/internal/Schema'
import { adminPool, dropSchema, freshSchema, newEvent, openStore, rightOf, waitFor } from './support/Postgres'

const reachable = await requirePostgres('PostgresEventStore LISTEN/NOTIFY tests')

describe.runIf(reachable)('PostgresEventStore onAppend', () => {
  const admin = adminPool()
  const schema = freshSchema('notify')
  let listening: PostgresEventStore
  let writing: PostgresEventStore

  beforeAll(async () => {
    listening = await openStore(schema)
    writing = await openStore(schema)
  })

  afterAll(async () => {
    await listening.close()()
    await writing.close()()
    await dropSchema(admin, schema)
    await admin.end()
  })

  const listenerPids = async () => {
    // Only this store's listener: other suites may be listening on the same server.
    const { rows } = await admin.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1',
      [`LISTEN ${quoteIdent(schemaNames(schema).channel)}`],
    )
    return rows.map((r) => r.pid as number)
  }

  it('wakes a listener of one store when another store (another process) commits', async () => {
    let wakes = 0
    const stop = listening.onAppend(() => {
      wakes += 1
    })
    await waitFor(async () => (await listenerPids()).length > 0)
    rightOf(await writing.append('program-notified', [newEvent()])())
    await waitFor(() => wakes > 0)
    stop()
    const before = wakes
    rightOf(await writing.append('program-notified', [newEvent()])())
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(wakes).toBe(before)
  })

  it('sends wake-ups after the commit, one for many appends finishing together', async () => {
    const raw = adminPool(1)
    const client = await raw.connect()
    let notes = 0
    client.on('notification', (note) => {
      if (note.channel === schemaNames(schema).channel) notes += 1
    })
    try {
      await client.query(`LISTEN ${quoteIdent(schemaNames(schema).channel)}`)
      const appends = 40
      await Promise.all(
        Array.from({ length: appends }, (_, i) => writing.append(`program-burst-${i}`, [newEvent()])().then(rightOf)),
      )
      await waitFor(() => notes > 0)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(notes).toBeLessThan(appends)
    } finally {
      client.release()
      await raw.end()
    }
  })

  it('listens again after its connection is killed, and wakes everyone once on reconnecting', async () => {
    // The connection an earlier test listened on may not have gone yet: kill only the one this listener opens.
    const earlier = await listenerPids()
    let wakes = 0
    const stop = listening.onAppend(() => {
      wakes += 1
    })
    const opened = async () => (await listenerPids()).filter((pid) => !earlier.includes(pid))
    await waitFor(async () => (await opened()).length > 0)
    const pids = await opened()
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) await admin.query('SELECT pg_terminate_backend($1)', [pid])
    await waitFor(() => wakes > 0)
    await waitFor(async () => (await listenerPids()).some((pid) => !pids.includes(pid)))
    const before = wakes
    rightOf(await writing.append('program-after-drop', [newEvent()])())
    await waitFor(() => wakes > before)
    stop()
  })
})
