import { projectionErrorMessage } from '@ikm-ledger/core'
import { createSqliteProjectionStore } from '@ikm-ledger/projection-sqlite'
import type Database from 'better-sqlite3'
import * as E from 'fp-ts/Either'
import { sqliteReadModel } from '../src'
import { runAll, typedViewsSpec } from './specs/TypedViews.spec'

typedViewsSpec(
  {
    name: 'SQLite',
    open: async (store) => {
      const opened = createSqliteProjectionStore({ path: ':memory:' })
      if (E.isLeft(opened)) throw new Error(projectionErrorMessage(opened.left))
      const projectionStore = opened.right
      await runAll(store, projectionStore, (model) => sqliteReadModel<Database.Database>(model))
      const db = projectionStore.database
      const name = (table: string) => projectionStore.tables()(table)
      return {
        select: async (table) => db.prepare(`SELECT * FROM ${name(table)}`).all() as Array<Record<string, unknown>>,
        columnTypes: async (table) =>
          Object.fromEntries(
            (
              db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(name(table).replace(/"/g, '')) as Array<{
                name: string
                type: string
              }>
            ).map((c) => [c.name, c.type]),
          ),
      }
    },
  },
  'int',
  { money: 'INTEGER', integer: 'INTEGER', boolean: 'INTEGER', text: 'TEXT', date: 'TEXT' },
)
