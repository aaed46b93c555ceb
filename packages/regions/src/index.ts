/**
 * `@ikm-ledger/regions`: the Kemendagri kecamatan (district) and desa/kelurahan (village) lists, read on demand
 * from the `idn-area-data` package (Kepmendagri 100.1.1-6117/2022; data © its contributors, ODbL 1.0: keep the
 * attribution, and share a derived database alike if you redistribute it).
 *
 * Core ships every province and kabupaten/kota already; the 7,285 kecamatan and 83,762 desa are too many to
 * ship in core and are read here, from disk, when a deployment needs them. Add a loaded list to the directory
 * the deciders use:
 *
 * @example
 * const districts = await loadDistricts({ regency: '16.06' })()
 * const regions = regionDirectoryFrom([...SHIPPED_REGION_LISTS, ...(E.isRight(districts) ? [districts.right] : [])])
 * const handle = ikmCommandHandler({ store, regions })
 *
 * @since 0.1.0
 */
import { REGION_LIST_VERSION, regionListFrom, type RegionLevel, type RegionList } from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as TE from 'fp-ts/TaskEither'
import { parseCsv } from './internal/Csv'
import { AREA_DATA_PACKAGE, readAreaFile, type AreaFile } from './internal/Files'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Which part of a list to load: the rows under one region code (a province, kabupaten/kota or kecamatan), or
 * every row when left out.
 *
 * @category model
 * @since 0.1.0
 */
export interface LoadScope {
  readonly within?: string
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * Where the loaded lists come from, as their `source` says.
 *
 * @category constants
 * @since 0.1.0
 */
export const REGION_DATA_SOURCE = `Kepmendagri 100.1.1-6117/2022 via ${AREA_DATA_PACKAGE} (data ODbL 1.0, © idn-area-data contributors)`

// -------------------------------------------------------------------------------------
// loaders
// -------------------------------------------------------------------------------------

const within = (code: string, scope: LoadScope): boolean =>
  scope.within === undefined || code === scope.within || code.startsWith(`${scope.within}.`)

const load = (file: AreaFile, level: RegionLevel, scope: LoadScope): TE.TaskEither<string, RegionList> =>
  pipe(
    TE.tryCatch(
      () => readAreaFile(file),
      (cause) => `cannot read ${file}.csv of ${AREA_DATA_PACKAGE}: ${String(cause)}`,
    ),
    TE.flatMapEither((text) =>
      regionListFrom(
        { scheme: 'KEMENDAGRI', version: REGION_LIST_VERSION, source: REGION_DATA_SOURCE },
        parseCsv(text)
          .filter((row) => within(row['code'] ?? '', scope))
          .map((row) => ({ code: row['code'] ?? '', level, name: row['name'] ?? '' })),
      ),
    ),
    TE.flatMapEither((list) =>
      list.rows.length === 0 && scope.within !== undefined
        ? E.left(`no ${file} of ${AREA_DATA_PACKAGE} lie within region ${scope.within}; check the code`)
        : E.right(list),
    ),
  )

/**
 * The kecamatan of the 2022 Kemendagri list, all or those within a region (`{ within: '16.06' }`).
 *
 * @category loaders
 * @since 0.1.0
 */
export const loadDistricts = (scope: LoadScope = {}): TE.TaskEither<string, RegionList> =>
  load('districts', 'KEC', scope)

/**
 * The desa/kelurahan of the 2022 Kemendagri list, all or those within a region (`{ within: '16.06.01' }`).
 *
 * @category loaders
 * @since 0.1.0
 */
export const loadVillages = (scope: LoadScope = {}): TE.TaskEither<string, RegionList> =>
  load('villages', 'DESA', scope)

/**
 * Every province and kabupaten/kota of the 2022 list, as the package has them (core ships the same rows; a
 * test checks they agree).
 *
 * @category loaders
 * @since 0.1.0
 */
export const loadProvincesAndRegencies = (): TE.TaskEither<string, ReadonlyArray<{ code: string; name: string }>> =>
  pipe(
    TE.tryCatch(
      () => Promise.all([readAreaFile('provinces'), readAreaFile('regencies')]),
      (cause) => `cannot read the province and regency files of ${AREA_DATA_PACKAGE}: ${String(cause)}`,
    ),
    TE.map((texts) =>
      texts.flatMap((text) => parseCsv(text).map((row) => ({ code: row['code'] ?? '', name: row['name'] ?? '' }))),
    ),
  )
