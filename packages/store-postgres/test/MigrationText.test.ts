import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SCHEMA, MIGRATIONS, schemaNames } from '../src/internal/Schema'

// A migration that has shipped has run on databases that will never run it again: its text must never change,
// or a fresh database and an upgraded one would end up different. The text may be written any way (shared
// helpers, templates) as long as it comes out the same; these are the SHA-256 digests of what versions 1 to 5
// emit for the default schema (4 and 5 as they landed on main, where test and bench databases ran them). A new
// migration is added here once it ships.
const SHIPPED: ReadonlyArray<readonly [version: number, sha256: string]> = [
  [1, 'dce3aee188bcc4535096753e9260c35b5b590008d23203d06051e9b6688881de'],
  [2, '440e4da5a1aae5ef58547a55dacee446be85de85d8c4c573ffd72d9765b961de'],
  [3, '87de5472b920865945b6d09be4588fb35680146c7e1ff92a6bebe63534e1340d'],
  [4, '46ac74da944863e2ec7718da9ae24e5580e629e071f1cdccfdbd4a87ce382fa2'],
  [5, '0aae798f93b1122f2354928db25d17c6979410daf1188c601c2e6cbec2df4845'],
]

describe('shipped migrations', () => {
  it('emit exactly the SQL they shipped with', () => {
    const names = schemaNames(DEFAULT_SCHEMA)
    const emitted = SHIPPED.map(([version]) => {
      const migration = MIGRATIONS.find((m) => m.version === version)
      return [
        version,
        createHash('sha256')
          .update(migration?.sql(names) ?? '')
          .digest('hex'),
      ] as const
    })
    expect(emitted).toEqual(SHIPPED)
  })
})
