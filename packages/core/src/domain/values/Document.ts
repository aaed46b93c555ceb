/**
 * References to the documents that prove facts: budget documents, decrees, contracts, BASTs, receipts.
 *
 * @since 0.1.0
 */
import * as O from 'fp-ts/Option'
import * as t from 'io-ts'
import { CivilDate, type Evidence } from '../../index'
import { OrgRef } from './Organisation'
import { exactStruct } from './Struct'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The closed set of document kinds (research §4.2).
 *
 * @category codecs
 * @since 0.1.0
 */
export const DocKind = t.keyof(
  {
    DIPA: null,
    DPA: null,
    SK_ALOKASI_DAK: null,
    TOR_KAK: null,
    SK_PANITIA: null,
    SK_PESERTA: null,
    SURAT_TUGAS_INSTRUKTUR: null,
    DAFTAR_HADIR: null,
    KONTRAK: null,
    BAST_PENYEDIA_PPK: null,
    BAST_OPERASIONAL: null,
    SK_PSP: null,
    PERSETUJUAN_HIBAH: null,
    NASKAH_HIBAH: null,
    BAST_HIBAH: null,
    NPHD: null,
    MOU: null,
    PKS: null,
    PINJAM_PAKAI: null,
    LAPORAN_KEGIATAN: null,
    LPJ: null,
    SP2D: null,
    KUITANSI: null,
    STS_NTPN: null,
    LHP: null,
    SK_PENETAPAN_SENTRA: null,
    DED: null,
    NEWS_ARTICLE: null,
    PHOTO: null,
    OTHER: null,
  },
  'DocKind',
)

/**
 * @category model
 * @since 0.1.0
 */
export type DocKind = t.TypeOf<typeof DocKind>

/**
 * A lowercase hex SHA-256 of the document's file.
 *
 * @category codecs
 * @since 0.1.0
 */
export const DocumentSha256 = t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'DocumentSha256')

/**
 * A document: its kind, and whatever identifies it (number, date, issuer, file hash, location).
 *
 * @category codecs
 * @since 0.1.0
 */
export const DocumentRef = exactStruct(
  { kind: DocKind },
  { number: t.string, date: CivilDate, issuer: OrgRef, sha256: DocumentSha256, uri: t.string },
  'DocumentRef',
)

/**
 * @category model
 * @since 0.1.0
 */
export type DocumentRef = t.TypeOf<typeof DocumentRef>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The first document of one of `kinds`: the given one if it matches, else one from the command's evidence.
 * Documentary rules use it, so a payment document can arrive either as a field or as an evidence reference.
 *
 * @category utils
 * @since 0.1.0
 */
export const findDocument = (
  kinds: ReadonlyArray<DocKind>,
  given: DocumentRef | undefined,
  evidence?: Evidence,
): O.Option<DocumentRef> => {
  if (given !== undefined && kinds.includes(given.kind)) return O.some(given)
  for (const ref of evidence?.refs ?? []) {
    const kind = DocKind.is(ref.kind) ? ref.kind : undefined
    if (kind !== undefined && kinds.includes(kind)) {
      return O.some({
        kind,
        ...(ref.number === undefined ? {} : { number: ref.number }),
        ...(ref.date === undefined ? {} : { date: ref.date }),
        ...(ref.uri === undefined ? {} : { uri: ref.uri }),
      })
    }
  }
  return O.none
}
