/**
 * Where the money comes from. Who initiated a program (a DPR aspirasi, a Pemda proposal) is its `Origin`, a
 * separate value: an aspirasi is never a funding source.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The funding channels of IKM programs (research §2.2).
 *
 * @category codecs
 * @since 0.1.0
 */
export const FundingSource = t.keyof(
  {
    APBN_KL: null,
    DEKONSENTRASI: null,
    TUGAS_PEMBANTUAN: null,
    DAK_FISIK: null,
    DAK_NONFISIK: null,
    DAK_TEMATIK: null,
    DAK_UNSPECIFIED: null,
    APBD_PROV: null,
    APBD_KABKOTA: null,
    RESTRUKTURISASI: null,
    DBHCHT: null,
    CSR: null,
    OTHER: null,
  },
  'FundingSource',
)

/**
 * @category model
 * @since 0.1.0
 */
export type FundingSource = t.TypeOf<typeof FundingSource>

/**
 * The DAK (Dana Alokasi Khusus) sources, disbursed in tranches.
 *
 * @category utils
 * @since 0.1.0
 */
export const isDak = (source: FundingSource): boolean =>
  source === 'DAK_FISIK' || source === 'DAK_NONFISIK' || source === 'DAK_TEMATIK' || source === 'DAK_UNSPECIFIED'

/**
 * The document a budget from this source rests on: a DIPA for money in the state budget (APBN, dekonsentrasi,
 * tugas pembantuan, restrukturisasi), an SK alokasi for DAK, a DPA for a regional budget (APBD), and no fixed
 * kind for CSR or other money.
 *
 * @category utils
 * @since 0.1.0
 */
export const budgetDocumentKindOf = (source: FundingSource): 'DIPA' | 'DPA' | 'SK_ALOKASI_DAK' | 'OTHER' => {
  switch (source) {
    case 'APBN_KL':
    case 'DEKONSENTRASI':
    case 'TUGAS_PEMBANTUAN':
    case 'RESTRUKTURISASI':
      return 'DIPA'
    case 'DAK_FISIK':
    case 'DAK_NONFISIK':
    case 'DAK_TEMATIK':
    case 'DAK_UNSPECIFIED':
      return 'SK_ALOKASI_DAK'
    case 'APBD_PROV':
    case 'APBD_KABKOTA':
    case 'DBHCHT':
      return 'DPA'
    case 'CSR':
    case 'OTHER':
      return 'OTHER'
  }
}

/**
 * The budget documents missing behind a set of asserted sources, each kind once (a DIPA when none is known).
 *
 * @category utils
 * @since 0.1.0
 */
export const budgetDocumentKindsOf = (sources: ReadonlyArray<FundingSource>): ReadonlyArray<string> => {
  const kinds = [...new Set(sources.map(budgetDocumentKindOf))]
  return kinds.length === 0 ? ['DIPA'] : kinds
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const PHRASES: ReadonlyArray<readonly [RegExp, FundingSource]> = [
  [/^(apbn|apbn ?k ?l|apbn kementerian|apbn kemenperin|bagian anggaran 019|ba 019)$/, 'APBN_KL'],
  // "Deklarasi Ekonomi" is a wrong expansion of "Dekon" printed by S4; it still means dekonsentrasi.
  [
    /^(dekon|dekonsentrasi|dana dekon|dana dekonsentrasi|anggaran dekon|anggaran dekonsentrasi|deklarasi ekonomi)$/,
    'DEKONSENTRASI',
  ],
  [/^(tp|tugas pembantuan|dana tugas pembantuan)$/, 'TUGAS_PEMBANTUAN'],
  [/^(dak ?fisik|dana alokasi khusus fisik)$/, 'DAK_FISIK'],
  [/^(dak ?non ?fisik|dak nf|dana alokasi khusus non ?fisik|pk2sikm)$/, 'DAK_NONFISIK'],
  [/^(dak ?tematik|dana alokasi khusus tematik)$/, 'DAK_TEMATIK'],
  [/^(apbd ?prov|apbd provinsi|apbd propinsi)$/, 'APBD_PROV'],
  [/^(apbd ?kab|apbd ?kota|apbd kabupaten|apbd kabupaten kota|apbd kab kota|apbd kabkota)$/, 'APBD_KABKOTA'],
  [
    /^(restrukturisasi|restrukturisasi mesin|restrukturisasi mesin dan peralatan|potongan harga mesin)$/,
    'RESTRUKTURISASI',
  ],
  [/^(dbhcht|dbh cht|dana bagi hasil cukai hasil tembakau|dana bagi hasil cukai tembakau)$/, 'DBHCHT'],
  [/^(csr|corporate social responsibility)$/, 'CSR'],
]

const simplify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[-_/.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Reads a funding source from how documents and news print it: `Dekon`, `Dekon (Deklarasi Ekonomi)`,
 * `dekonsentrasi` → `DEKONSENTRASI`; `DAK fisik` → `DAK_FISIK`; `APBD Kota` → `APBD_KABKOTA`. A bare `DAK` or
 * `APBD` is ambiguous and refused, and `aspirasi` is refused because it is an origin, not a source.
 *
 * @category utils
 * @since 0.1.0
 */
export const normalizeFundingSource = (text: string): E.Either<string, FundingSource> => {
  const trimmed = text.trim()
  if (FundingSource.is(trimmed)) return E.right(trimmed)
  const outer = simplify(trimmed.replace(/\([^)]*\)/g, ' '))
  const inner = [...trimmed.matchAll(/\(([^)]*)\)/g)].map((m) => simplify(m[1] ?? ''))
  for (const candidate of [outer, ...inner, simplify(trimmed)]) {
    if (FundingSource.is(candidate.toUpperCase().replace(/ /g, '_'))) {
      return E.right(candidate.toUpperCase().replace(/ /g, '_') as FundingSource)
    }
    for (const [pattern, source] of PHRASES) if (pattern.test(candidate)) return E.right(source)
  }
  if (/aspirasi/.test(outer)) {
    return E.left(`"${text}" is an origin (aspirasi), not a funding source; record it as an Origin and name the source`)
  }
  if (outer === 'dak' || outer === 'dana alokasi khusus') {
    return E.left(
      `"${text}" is ambiguous: say DAK fisik, DAK nonfisik or DAK tematik; when the source does not say, record ` +
        'DAK_UNSPECIFIED in HISTORICAL_IMPORT mode, which notes a gap asking which kind',
    )
  }
  if (outer === 'apbd') return E.left(`"${text}" is ambiguous: say APBD provinsi or APBD kabupaten/kota`)
  return E.left(`"${text}" is not a known funding source (known: ${Object.keys(FundingSource.keys).join(', ')})`)
}
