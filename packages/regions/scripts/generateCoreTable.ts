// Writes core's table of every province and kabupaten/kota (packages/core/src/domain/internal/KemendagriRegions.ts)
// from idn-area-data; run it after upgrading that package: `pnpm --filter @ikm-ledger/regions generate:core`.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/Either'
import { loadProvincesAndRegencies, REGION_DATA_SOURCE } from '../src'
import { AREA_DATA_PACKAGE } from '../src/internal/Files'

const target = fileURLToPath(new URL('../../core/src/domain/internal/KemendagriRegions.ts', import.meta.url))

const main = async (): Promise<void> => {
  const rows = await loadProvincesAndRegencies()()
  if (E.isLeft(rows)) throw new Error(rows.left)
  const sorted = [...rows.right].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const table = sorted.map((row) => `${row.code}\t${row.name}`).join('\n')
  writeFileSync(
    target,
    `/**
 * Every province and kabupaten/kota of Kepmendagri 100.1.1-6117/2022, one \`code<TAB>name\` line each.
 * Generated from ${AREA_DATA_PACKAGE} by packages/regions/scripts/generateCoreTable.ts; do not edit by hand.
 * Data: ${REGION_DATA_SOURCE}.
 *
 * Internal: not part of the public surface.
 */

/** The source of the table. */
export const KEMENDAGRI_2022_SOURCE = '${REGION_DATA_SOURCE}'

/** The table. */
export const KEMENDAGRI_2022_TABLE = \`${table}\`
`,
  )
  console.log(`wrote ${sorted.length} rows to ${target}`)
}

void main()
