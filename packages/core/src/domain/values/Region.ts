/**
 * Region references (Kemendagri or BPS codes with level, list version and the name as printed) and a
 * versioned reference table to validate them against.
 *
 * The shipped table holds all 38 provinces and the kabupaten/kota the seed stories name (plus a few from the
 * public examples). Codes were checked against `idn-area-data@4.0.1` (data ODbL, © its contributors), which
 * follows Kepmendagri 100.1.1-6117/2022. A deployment that needs every kabupaten/kota (514) loads a full list
 * with {@link regionListFrom} / {@link regionDirectoryFrom}, e.g. from that package's `regencies.csv`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Which authority's code list: Kemendagri (administrative) or BPS (statistics, used in SPAN/DIPA data).
 *
 * @category codecs
 * @since 0.1.0
 */
export const RegionScheme = t.keyof({ KEMENDAGRI: null, BPS: null }, 'RegionScheme')

/**
 * @category model
 * @since 0.1.0
 */
export type RegionScheme = t.TypeOf<typeof RegionScheme>

/**
 * Province, kabupaten, kota, kecamatan, desa/kelurahan.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RegionLevel = t.keyof({ PROV: null, KAB: null, KOTA: null, KEC: null, DESA: null }, 'RegionLevel')

/**
 * @category model
 * @since 0.1.0
 */
export type RegionLevel = t.TypeOf<typeof RegionLevel>

const CODE = /^\d{2}(\.\d{2}(\.\d{2,3}(\.\d{4})?)?)?$|^\d{2}(\d{2}(\d{3}(\d{3,4})?)?)?$/

/**
 * A region code kept as a string (leading zeros, dots): `63`, `63.71`, `63.71.01`, `63.71.01.1001`, or the
 * undotted BPS form `6371`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RegionCode = t.refinement(t.string, (s) => CODE.test(s), 'RegionCode')

/**
 * A reference to a region as it was named at the time of the event.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RegionRef = t.exact(
  t.type({
    scheme: RegionScheme,
    code: RegionCode,
    level: RegionLevel,
    nameAtEvent: t.string,
    listVersion: t.string,
  }),
  'RegionRef',
)

/**
 * @category model
 * @since 0.1.0
 */
export type RegionRef = t.TypeOf<typeof RegionRef>

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One row of a region list.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionRow {
  readonly code: string
  readonly level: RegionLevel
  readonly name: string
  /** Other spellings and abbreviations seen in the sources (Muba, Kalsel, HSU…). */
  readonly aliases?: ReadonlyArray<string>
}

/**
 * A versioned code list: scheme, version label, where it came from, and its rows.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionList {
  readonly scheme: RegionScheme
  readonly version: string
  readonly source: string
  readonly rows: ReadonlyArray<RegionRow>
}

/**
 * A region found in a list.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionEntry extends RegionRow {
  readonly scheme: RegionScheme
  readonly listVersion: string
}

/**
 * Looks codes up in one or more versioned lists.
 *
 * @category model
 * @since 0.1.0
 */
export interface RegionDirectory {
  /** The `scheme:version` labels of the lists loaded, oldest first. */
  readonly versions: ReadonlyArray<string>
  /** Finds a code in one list version (default: {@link REGION_LIST_VERSION}, Kemendagri). */
  readonly lookup: (code: string, listVersion?: string) => O.Option<RegionEntry>
  /** Checks a reference: its list version is loaded, its code is in it, its level matches, its name is known. */
  readonly validate: (ref: RegionRef) => E.Either<string, RegionRef>
  /** A {@link RegionRef} for a code, named with the list's official name. */
  readonly refOf: (code: string, listVersion?: string) => E.Either<string, RegionRef>
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The Kemendagri list in force since the 2022 Papua split (38 provinces).
 *
 * @category constants
 * @since 0.1.0
 */
export const REGION_LIST_VERSION = 'KEMENDAGRI:Kepmendagri-100.1.1-6117-2022'

/**
 * The Kemendagri list before the 2022 Papua split (34 provinces), for as-of replays of 2018–2021 facts.
 *
 * @category constants
 * @since 0.1.0
 */
export const REGION_LIST_VERSION_2019 = 'KEMENDAGRI:Permendagri-72-2019'

const PROVINCES_BEFORE_2022: ReadonlyArray<RegionRow> = [
  { code: '11', level: 'PROV', name: 'Aceh' },
  { code: '12', level: 'PROV', name: 'Sumatera Utara', aliases: ['Sumut'] },
  { code: '13', level: 'PROV', name: 'Sumatera Barat', aliases: ['Sumbar'] },
  { code: '14', level: 'PROV', name: 'Riau' },
  { code: '15', level: 'PROV', name: 'Jambi' },
  { code: '16', level: 'PROV', name: 'Sumatera Selatan', aliases: ['Sumsel'] },
  { code: '17', level: 'PROV', name: 'Bengkulu' },
  { code: '18', level: 'PROV', name: 'Lampung' },
  { code: '19', level: 'PROV', name: 'Kepulauan Bangka Belitung', aliases: ['Babel', 'Bangka Belitung'] },
  { code: '21', level: 'PROV', name: 'Kepulauan Riau', aliases: ['Kepri'] },
  { code: '31', level: 'PROV', name: 'DKI Jakarta', aliases: ['Jakarta', 'Daerah Khusus Ibukota Jakarta'] },
  { code: '32', level: 'PROV', name: 'Jawa Barat', aliases: ['Jabar'] },
  { code: '33', level: 'PROV', name: 'Jawa Tengah', aliases: ['Jateng'] },
  { code: '34', level: 'PROV', name: 'Daerah Istimewa Yogyakarta', aliases: ['DI Yogyakarta', 'DIY', 'Yogyakarta'] },
  { code: '35', level: 'PROV', name: 'Jawa Timur', aliases: ['Jatim'] },
  { code: '36', level: 'PROV', name: 'Banten' },
  { code: '51', level: 'PROV', name: 'Bali' },
  { code: '52', level: 'PROV', name: 'Nusa Tenggara Barat', aliases: ['NTB'] },
  { code: '53', level: 'PROV', name: 'Nusa Tenggara Timur', aliases: ['NTT'] },
  { code: '61', level: 'PROV', name: 'Kalimantan Barat', aliases: ['Kalbar'] },
  { code: '62', level: 'PROV', name: 'Kalimantan Tengah', aliases: ['Kalteng'] },
  { code: '63', level: 'PROV', name: 'Kalimantan Selatan', aliases: ['Kalsel'] },
  { code: '64', level: 'PROV', name: 'Kalimantan Timur', aliases: ['Kaltim'] },
  { code: '65', level: 'PROV', name: 'Kalimantan Utara', aliases: ['Kaltara'] },
  { code: '71', level: 'PROV', name: 'Sulawesi Utara', aliases: ['Sulut'] },
  { code: '72', level: 'PROV', name: 'Sulawesi Tengah', aliases: ['Sulteng'] },
  { code: '73', level: 'PROV', name: 'Sulawesi Selatan', aliases: ['Sulsel'] },
  { code: '74', level: 'PROV', name: 'Sulawesi Tenggara', aliases: ['Sultra'] },
  { code: '75', level: 'PROV', name: 'Gorontalo' },
  { code: '76', level: 'PROV', name: 'Sulawesi Barat', aliases: ['Sulbar'] },
  { code: '81', level: 'PROV', name: 'Maluku' },
  { code: '82', level: 'PROV', name: 'Maluku Utara', aliases: ['Malut'] },
  { code: '91', level: 'PROV', name: 'Papua' },
  { code: '92', level: 'PROV', name: 'Papua Barat' },
]

const PAPUA_SPLIT_2022: ReadonlyArray<RegionRow> = [
  { code: '93', level: 'PROV', name: 'Papua Selatan' },
  { code: '94', level: 'PROV', name: 'Papua Tengah' },
  { code: '95', level: 'PROV', name: 'Papua Pegunungan' },
  { code: '96', level: 'PROV', name: 'Papua Barat Daya' },
]

// Kabupaten/kota named in the seeds (S0–S4) and in the public examples of the research notes. None of these
// changed code between 2018 and 2022, so both list versions carry them.
const SEED_REGENCIES: ReadonlyArray<RegionRow> = [
  { code: '12.71', level: 'KOTA', name: 'Kota Medan' },
  { code: '13.04', level: 'KAB', name: 'Kabupaten Tanah Datar' },
  { code: '13.71', level: 'KOTA', name: 'Kota Padang' },
  { code: '13.73', level: 'KOTA', name: 'Kota Sawahlunto' },
  { code: '13.75', level: 'KOTA', name: 'Kota Bukittinggi' },
  { code: '16.06', level: 'KAB', name: 'Kabupaten Musi Banyuasin', aliases: ['Muba'] },
  { code: '16.07', level: 'KAB', name: 'Kabupaten Banyuasin' },
  { code: '16.09', level: 'KAB', name: 'Kabupaten Ogan Komering Ulu Selatan', aliases: ['OKU Selatan'] },
  { code: '16.71', level: 'KOTA', name: 'Kota Palembang' },
  { code: '32.16', level: 'KAB', name: 'Kabupaten Bekasi' },
  { code: '32.17', level: 'KAB', name: 'Kabupaten Bandung Barat', aliases: ['KBB'] },
  { code: '35.78', level: 'KOTA', name: 'Kota Surabaya' },
  { code: '63.01', level: 'KAB', name: 'Kabupaten Tanah Laut', aliases: ['Tala'] },
  { code: '63.02', level: 'KAB', name: 'Kabupaten Kotabaru', aliases: ['Kota Baru'] },
  { code: '63.03', level: 'KAB', name: 'Kabupaten Banjar' },
  { code: '63.04', level: 'KAB', name: 'Kabupaten Barito Kuala', aliases: ['Batola'] },
  { code: '63.05', level: 'KAB', name: 'Kabupaten Tapin' },
  { code: '63.06', level: 'KAB', name: 'Kabupaten Hulu Sungai Selatan', aliases: ['HSS'] },
  { code: '63.07', level: 'KAB', name: 'Kabupaten Hulu Sungai Tengah', aliases: ['HST'] },
  { code: '63.08', level: 'KAB', name: 'Kabupaten Hulu Sungai Utara', aliases: ['HSU'] },
  { code: '63.09', level: 'KAB', name: 'Kabupaten Tabalong' },
  { code: '63.10', level: 'KAB', name: 'Kabupaten Tanah Bumbu', aliases: ['Tanbu'] },
  { code: '63.11', level: 'KAB', name: 'Kabupaten Balangan' },
  { code: '63.71', level: 'KOTA', name: 'Kota Banjarmasin' },
  { code: '63.72', level: 'KOTA', name: 'Kota Banjarbaru' },
]

/**
 * The shipped Kemendagri lists: before and after the 2022 Papua split.
 *
 * @category constants
 * @since 0.1.0
 */
export const SHIPPED_REGION_LISTS: ReadonlyArray<RegionList> = [
  {
    scheme: 'KEMENDAGRI',
    version: REGION_LIST_VERSION_2019,
    source: 'Permendagri 72/2019 (34 provinces); seed kabupaten/kota only',
    rows: [...PROVINCES_BEFORE_2022, ...SEED_REGENCIES],
  },
  {
    scheme: 'KEMENDAGRI',
    version: REGION_LIST_VERSION,
    source: 'Kepmendagri 100.1.1-6117/2022 via idn-area-data@4.0.1 (ODbL); 38 provinces, seed kabupaten/kota only',
    rows: [...PROVINCES_BEFORE_2022, ...PAPUA_SPLIT_2022, ...SEED_REGENCIES],
  },
]

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const undotted = (code: string): string => code.replace(/\./g, '')

/**
 * The level a Kemendagri-style code implies: 2 digits a province; 4 digits a kabupaten (digits 3–4 are 01–69)
 * or a kota (71–99); 6–7 digits a kecamatan; 10 digits a desa/kelurahan.
 *
 * @category utils
 * @since 0.1.0
 */
export const levelOfCode = (code: string): O.Option<RegionLevel> => {
  const digits = undotted(code)
  switch (digits.length) {
    case 2:
      return O.some('PROV')
    case 4:
      return O.some(Number(digits.slice(2, 4)) >= 71 ? 'KOTA' : 'KAB')
    case 6:
    case 7:
      return O.some('KEC')
    case 10:
      return O.some('DESA')
    default:
      return O.none
  }
}

/**
 * A region name reduced for comparison: lower case, no punctuation, no "Kabupaten/Kab./Kota/Provinsi" prefix.
 *
 * @category utils
 * @since 0.1.0
 */
export const normalizeRegionName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[.,()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(kabupaten|kab|kota|pemkab|pemkot|provinsi|prov|propinsi) /, '')
    .replace(/\s+/g, '')

/**
 * Tells whether `child` lies within `parent` (or is the same region): same scheme, and the parent's code is a
 * prefix of the child's at a segment boundary (`63.71` is within `63`; `63.7` is not a region at all).
 *
 * @category utils
 * @since 0.1.0
 */
export const isWithinRegion = (
  child: Pick<RegionRef, 'scheme' | 'code'>,
  parent: Pick<RegionRef, 'scheme' | 'code'>,
): boolean => {
  if (child.scheme !== parent.scheme) return false
  const c = undotted(child.code)
  const p = undotted(parent.code)
  return c.startsWith(p)
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Builds a list from plain rows (e.g. parsed from `idn-area-data`'s `regencies.csv`: `code,province_code,name`).
 * Rows whose level disagrees with their code are refused, so a bad file fails at load time.
 *
 * @category constructors
 * @since 0.1.0
 */
export const regionListFrom = (
  header: Omit<RegionList, 'rows'>,
  rows: ReadonlyArray<RegionRow>,
): E.Either<string, RegionList> => {
  for (const row of rows) {
    if (!CODE.test(row.code)) return E.left(`region list ${header.version}: "${row.code}" is not a region code`)
    const implied = levelOfCode(row.code)
    if (O.isNone(implied) || implied.value !== row.level)
      return E.left(`region list ${header.version}: code ${row.code} cannot be a ${row.level}`)
  }
  return E.right({ ...header, rows })
}

/**
 * A directory over versioned lists. The default version of `lookup`/`refOf` is the newest Kemendagri list
 * given (or {@link REGION_LIST_VERSION} when present).
 *
 * @example
 * const full = regionDirectoryFrom([...SHIPPED_REGION_LISTS, myFullKemendagriList])
 *
 * @category constructors
 * @since 0.1.0
 */
export const regionDirectoryFrom = (lists: ReadonlyArray<RegionList>): RegionDirectory => {
  const byVersion = new Map<string, { list: RegionList; byCode: Map<string, RegionRow> }>()
  for (const list of lists) {
    const byCode = new Map<string, RegionRow>()
    for (const row of list.rows) byCode.set(undotted(row.code), row)
    byVersion.set(list.version, { list, byCode })
  }
  const versions = lists.map((l) => l.version)
  const defaultVersion = byVersion.has(REGION_LIST_VERSION)
    ? REGION_LIST_VERSION
    : (versions[versions.length - 1] ?? '')
  const lookup = (code: string, listVersion = defaultVersion): O.Option<RegionEntry> => {
    const found = byVersion.get(listVersion)
    const row = found?.byCode.get(undotted(code))
    return found === undefined || row === undefined
      ? O.none
      : O.some({ ...row, scheme: found.list.scheme, listVersion })
  }
  const validate = (ref: RegionRef): E.Either<string, RegionRef> => {
    const found = byVersion.get(ref.listVersion)
    if (found === undefined) {
      return E.left(
        `region ${ref.code} names list version "${ref.listVersion}", which is not loaded (known: ${versions.join(', ')}); ` +
          'load it with regionDirectoryFrom',
      )
    }
    if (found.list.scheme !== ref.scheme) {
      return E.left(`region ${ref.code} says scheme ${ref.scheme} but list ${ref.listVersion} is ${found.list.scheme}`)
    }
    const row = found.byCode.get(undotted(ref.code))
    if (row === undefined) {
      return E.left(
        `region code ${ref.code} ("${ref.nameAtEvent}") is not in list ${ref.listVersion}; check the code or load the full list`,
      )
    }
    if (row.level !== ref.level) {
      return E.left(`region ${ref.code} is a ${row.level} (${row.name}), not a ${ref.level}`)
    }
    const wanted = normalizeRegionName(ref.nameAtEvent)
    const known = [row.name, ...(row.aliases ?? [])].map(normalizeRegionName)
    if (!known.includes(wanted)) {
      return E.left(
        `region ${ref.code} is ${row.name}; the name "${ref.nameAtEvent}" is not one of its known names ` +
          `(${[row.name, ...(row.aliases ?? [])].join(', ')})`,
      )
    }
    return E.right(ref)
  }
  const refOf = (code: string, listVersion = defaultVersion): E.Either<string, RegionRef> => {
    const entry = lookup(code, listVersion)
    return O.isNone(entry)
      ? E.left(`region code ${code} is not in list ${listVersion}`)
      : E.right({
          scheme: entry.value.scheme,
          code: entry.value.code,
          level: entry.value.level,
          nameAtEvent: entry.value.name,
          listVersion,
        })
  }
  return { versions, lookup, validate, refOf }
}

/**
 * The directory over the shipped lists.
 *
 * @category constants
 * @since 0.1.0
 */
export const regionDirectory: RegionDirectory = regionDirectoryFrom(SHIPPED_REGION_LISTS)

/**
 * Validates a reference against the shipped lists (see {@link RegionDirectory.validate}).
 *
 * @category utils
 * @since 0.1.0
 */
export const validateRegionRef = (ref: RegionRef): E.Either<string, RegionRef> => regionDirectory.validate(ref)

/**
 * A reference to a shipped region by code, named with its official name; throws on an unknown code, so use it
 * only for constants and tests (`regionDirectory.refOf` returns an `Either`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const regionRef = (code: string, listVersion: string = REGION_LIST_VERSION): RegionRef => {
  const ref = regionDirectory.refOf(code, listVersion)
  if (E.isLeft(ref)) throw new Error(ref.left)
  return ref.right
}
