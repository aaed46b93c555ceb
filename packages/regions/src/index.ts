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
 * const districts = await loadDistricts({ within: '16.06' })() // the kecamatan of Musi Banyuasin
 * const regions = regionDirectoryFrom([...SHIPPED_REGION_LISTS, ...(E.isRight(districts) ? [districts.right] : [])])
 * const handle = ikmCommandHandler({ store, regions })
 *
 * @since 0.1.0
 */
import { showInput } from '@ikm-ledger/core'
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

const REGION_CODE = /^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$/

/**
 * The scope as a JavaScript caller may pass it, checked: an object with `within` alone (a misspelt key such as
 * `regency` would otherwise load the whole list without a word), `within` a Kemendagri code.
 */
const checkScope = (scope: unknown): E.Either<string, LoadScope> => {
  if (scope === undefined) return E.right({})
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
    return E.left(`the scope must be an object such as { within: '16.06' } or left out, got ${showInput(scope)}`)
  }
  try {
    const unknown = Object.keys(scope).filter((key) => key !== 'within')
    if (unknown.length > 0) {
      return E.left(`unknown scope field ${showInput(unknown[0])}: the only one is 'within', e.g. { within: '16.06' }`)
    }
    const code: unknown = (scope as { readonly within?: unknown }).within
    if (code === undefined) return E.right({})
    if (typeof code !== 'string' || !REGION_CODE.test(code)) {
      return E.left(`within must be a Kemendagri region code such as '16' or '16.06', got ${showInput(code)}`)
    }
    return E.right({ within: code })
  } catch (cause) {
    return E.left(`the scope could not be read: ${showInput(cause instanceof Error ? cause.message : cause)}`)
  }
}

const load = (file: AreaFile, level: RegionLevel, given: unknown): TE.TaskEither<string, RegionList> => {
  const checked = checkScope(given)
  if (E.isLeft(checked)) return TE.left(checked.left)
  const scope = checked.right
  return pipe(
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
}

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
