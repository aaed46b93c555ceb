/**
 * Where idn-area-data's CSV files are on disk, and reading one.
 *
 * Internal: not part of the public surface.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The files of the package, by what they hold. */
export type AreaFile = 'provinces' | 'regencies' | 'districts' | 'villages'

// The package has no exports map, so its package.json resolves and the data folder sits beside it. Its own
// loaders need Node 22; reading the files keeps this package on Node 20.
const dataDir = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data')

/** The text of one of the package's CSV files. */
export const readAreaFile = (file: AreaFile): Promise<string> => readFile(join(dataDir(), `${file}.csv`), 'utf8')

/** The version of idn-area-data installed. */
export const AREA_DATA_PACKAGE = 'idn-area-data@4.0.1'
