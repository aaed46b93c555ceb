import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe } from 'vitest'
import { sqlTamperer, tamperMatrix } from '@ikm-ledger/testkit'
import { openStore, tempDir } from './fixtures/harness'

describe('SqliteEventStore', () => {
  tamperMatrix('SqliteEventStore', {
    open: async () => {
      const { dir, remove } = tempDir()
      const path = join(dir, 'events.sqlite')
      const store = openStore(path, { synchronous: 'NORMAL' })
      // A second connection, as the database's administrator would open the file.
      const admin = new Database(path)
      admin.defaultSafeIntegers(true)
      const tamperer = sqlTamperer(
        {
          query: async (sql, params) => {
            const statement = admin.prepare<unknown[], Record<string, unknown>>(sql)
            if (statement.reader) return statement.all(...params)
            statement.run(...params)
            return []
          },
        },
        { events: 'events', streams: 'streams' },
        {
          liftChecks: async () => {
            admin.pragma('ignore_check_constraints = ON')
          },
        },
      )
      return {
        store,
        tamperer,
        teardown: async () => {
          admin.close()
          await store.close()()
          remove()
        },
      }
    },
  })
})
