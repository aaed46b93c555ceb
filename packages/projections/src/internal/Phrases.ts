/**
 * The English phrases the read models write into their rows (a document's step, a funding concern, a due step, a
 * period, a recipient) and the gap notes the deciders of `@ikm-ledger/core` write into `ComplianceGapNoted`, with
 * their Indonesian. A read model builds its phrase here with `en`, and a working paper in Indonesian recognises it
 * by `pattern` and says it with `id`: each phrase's English and its pattern sit side by side, so they cannot drift
 * apart unseen (the phrase tests build every phrase and read it back). A text no pattern knows (a note written by a
 * user in a `NoteComplianceGap` command, a name) is the record's own words and is shown as recorded.
 */
import type { ReportLang } from '../ReportLabels'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How a language writes numbers and money, for the phrases that carry them. */
export interface PhraseFormats {
  readonly lang: ReportLang
  readonly integer: (n: number | bigint) => string
  readonly rupiah: (amount: bigint) => string
}

// -------------------------------------------------------------------------------------
// English builders (the read models' own phrases)
// -------------------------------------------------------------------------------------

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The steps that call for a document (RM-7 `ExpectedDocument.step`). */
export const stepEn = {
  fundingAllocated: (lineId: string, source: string) => `funding line ${lineId} allocated (${source})`,
  expenditureRealised: (expenditureId: string, category: string) =>
    `expenditure ${expenditureId} realised (${category})`,
  participantsSelected: () => 'participants selected',
  batchHeld: (batchId: string, date: string) => `batch ${batchId} held on ${date}`,
  batchDayHeld: (batchId: string, day: number, days: number) => `batch ${batchId} day ${day} of ${days} held`,
  executionCompleted: () => 'execution completed',
  reportSubmitted: () => 'report submitted',
  equipmentProcured: () => 'equipment procured',
  operationalHandover: (to: string) => `operational handover to ${to}`,
  ownershipTransferred: (to: string) => `ownership transferred to ${to}`,
  grantedToGroup: (groupId: string) => `granted to group ${groupId}`,
  grantedToRecipients: (n: number) => `granted to ${n} ${n === 1 ? 'recipient' : 'recipients'}`,
  fundingHistoryImported: (source: string, period: string) => `funding history imported (${source}, ${period})`,
  worksContracted: (worksId: string) => `works ${worksId} contracted`,
  worksCompleted: (worksId: string) => `works ${worksId} completed (PHO)`,
  gap: (rule: string) => `gap ${rule}`,
  gapResolved: (rule: string) => `gap ${rule} resolved`,
} as const

/** What a funding concern is about and why (RM-7 `FundingConcern.note`). */
export const concernEn = {
  allocation: (source: string) => `${source} allocation`,
  expenditure: (expenditureId: string) => `expenditure ${expenditureId}`,
  fundingHistory: (source: string) => `${source} funding history`,
  namedWithoutAmount: (source: string) => `${source} named without an amount`,
  approximate: (what: string) => `${what}: an approximate figure`,
  newsOnly: (what: string) => `${what}: reported only in the news`,
} as const

/** The steps due on a program (RM-1 `dueSteps`). */
export const dueEn = {
  followUpFindings: (n: number) =>
    `follow up ${plural(n, 'open audit finding', 'open audit findings')} (LHP recommendations)`,
  approve: () => 'approve the program',
  handOver: (n: number) => `${plural(n, 'equipment package', 'equipment packages')} not yet handed over to the Pemda`,
  grant: (n: number) => `${plural(n, 'equipment package', 'equipment packages')} with Pemda, not yet granted`,
  completeBatches: (batchIds: ReadonlyArray<string>) =>
    `complete training ${batchIds.length === 1 ? 'batch' : 'batches'} ${batchIds.join(', ')}`,
  recordAllocation: (sources: ReadonlyArray<string>) =>
    `record the allocated amount and budget document for ${sources.join(', ')} (source asserted, no amount)`,
  allocate: () => 'allocate funding (DIPA/DPA)',
  resolveGaps: (n: number) => `resolve ${plural(n, 'open compliance gap', 'open compliance gaps')}`,
  startExecution: () => 'open the first training batch or start execution',
  completeExecution: () => 'record the completion of execution',
  submitReport: () => 'submit the activity report (laporan kegiatan / LPJ)',
  close: () => 'close the program at the end of the fiscal year',
} as const

/** The period an imported funding figure covers, when it is not one fiscal year (RM-2 `period`). */
export const periodEn = {
  range: (from: number, to: number) => `${from}-${to}`,
  until: (to: number) => `until ${to}`,
  from: (from: number) => `from ${from}`,
  undated: () => 'undated',
} as const

/** An individual business receiving equipment, named only by its owner's person id (RM-3). */
export const businessOfPersonEn = (personId: string) => `business of person ${personId}`

// -------------------------------------------------------------------------------------
// phrases
// -------------------------------------------------------------------------------------

/** A phrase read back: its Indonesian, and its English when numbers or money in it need the paper's format. */
interface Phrase {
  readonly pattern: RegExp
  readonly id: (parts: ReadonlyArray<string>, f: PhraseFormats) => string
  readonly en?: (parts: ReadonlyArray<string>, f: PhraseFormats) => string
}

const p = (pattern: RegExp, id: Phrase['id'], en?: Phrase['en']): Phrase =>
  en === undefined ? { pattern, id } : { pattern, id, en }

const count = (text: string | undefined, f: PhraseFormats) => f.integer(BigInt(text ?? '0'))

/** `Rp1.000.000.000` as core's `formatRupiah` writes it, in the paper's format. */
const rupiahText = (text: string | undefined, f: PhraseFormats): string => {
  const m = /^(-?)Rp(\d{1,3}(?:\.\d{3})*)$/.exec(text ?? '')
  if (m === null) return text ?? ''
  const amount = BigInt((m[2] ?? '0').replace(/\./g, ''))
  return f.rupiah(m[1] === '-' ? -amount : amount)
}

/** `KONTRAK and BAST_PENYEDIA_PPK`, `NPHD or BAST_HIBAH`: document kinds joined as core's deciders join them. */
const kindsId = (text: string | undefined): string =>
  (text ?? '')
    .split(' and ')
    .map((part) => part.split(' or ').join(' atau '))
    .join(' dan ')

const STEPS: ReadonlyArray<Phrase> = [
  p(/^funding line (.+) allocated \((\S+)\)$/, ([line, source]) => `baris pagu ${line} dialokasikan (${source})`),
  p(/^expenditure (.+) realised \((\S+)\)$/, ([x, category]) => `belanja ${x} direalisasikan (${category})`),
  p(/^participants selected$/, () => 'peserta dipilih'),
  p(
    /^batch (.+) day (\d+) of (\d+) held$/,
    ([batch, day, days], f) => `angkatan ${batch} hari ke-${count(day, f)} dari ${count(days, f)} dilaksanakan`,
    ([batch, day, days], f) => `batch ${batch} day ${count(day, f)} of ${count(days, f)} held`,
  ),
  p(/^batch (.+) held on (\d{4}-\d{2}-\d{2})$/, ([batch, date]) => `angkatan ${batch} dilaksanakan pada ${date}`),
  p(/^execution completed$/, () => 'pelaksanaan selesai'),
  p(/^report submitted$/, () => 'laporan disampaikan'),
  p(/^equipment procured$/, () => 'peralatan diadakan'),
  p(/^operational handover to (.+)$/, ([to]) => `serah terima operasional kepada ${to}`),
  p(/^ownership transferred to (.+)$/, ([to]) => `kepemilikan dialihkan kepada ${to}`),
  p(/^granted to group (.+)$/, ([group]) => `dihibahkan kepada kelompok ${group}`),
  p(
    /^granted to (\d+) recipients?$/,
    ([n], f) => `dihibahkan kepada ${count(n, f)} penerima`,
    ([n], f) => `granted to ${count(n, f)} ${n === '1' ? 'recipient' : 'recipients'}`,
  ),
  p(
    /^funding history imported \((\S+), (.+)\)$/,
    ([source, period], f) => `riwayat pendanaan diimpor (${source}, ${sayWith(PERIODS, period ?? '', f)})`,
  ),
  p(/^works (.+) contracted$/, ([works]) => `pekerjaan ${works} dikontrakkan`),
  p(/^works (.+) completed \(PHO\)$/, ([works]) => `pekerjaan ${works} selesai (PHO)`),
  p(/^gap (\S+) resolved$/, ([rule]) => `temuan kepatuhan ${rule} diselesaikan`),
  p(/^gap (\S+)$/, ([rule]) => `temuan kepatuhan ${rule}`),
]

const CONCERN_SUBJECTS: ReadonlyArray<Phrase> = [
  p(/^(\S+) allocation$/, ([source]) => `alokasi ${source}`),
  p(/^expenditure (.+)$/, ([x]) => `belanja ${x}`),
  p(/^(\S+) funding history$/, ([source]) => `riwayat pendanaan ${source}`),
]

const CONCERNS: ReadonlyArray<Phrase> = [
  p(/^(\S+) named without an amount$/, ([source]) => `${source} disebut tanpa nilai`),
  p(/^(.+): an approximate figure$/, ([what], f) => `${sayWith(CONCERN_SUBJECTS, what ?? '', f)}: angka perkiraan`),
  p(
    /^(.+): reported only in the news$/,
    ([what], f) => `${sayWith(CONCERN_SUBJECTS, what ?? '', f)}: hanya diberitakan`,
  ),
]

const DUE: ReadonlyArray<Phrase> = [
  p(
    /^follow up (\d+) open audit findings? \(LHP recommendations\)$/,
    ([n], f) => `tindak lanjuti ${count(n, f)} temuan pemeriksaan yang masih terbuka (rekomendasi LHP)`,
    ([n], f) => `follow up ${count(n, f)} open audit ${n === '1' ? 'finding' : 'findings'} (LHP recommendations)`,
  ),
  p(/^approve the program$/, () => 'setujui program'),
  p(
    /^(\d+) equipment packages? not yet handed over to the Pemda$/,
    ([n], f) => `${count(n, f)} paket peralatan belum diserahkan kepada Pemda`,
    ([n], f) => `${count(n, f)} equipment ${n === '1' ? 'package' : 'packages'} not yet handed over to the Pemda`,
  ),
  p(
    /^(\d+) equipment packages? with Pemda, not yet granted$/,
    ([n], f) => `${count(n, f)} paket peralatan di Pemda, belum dihibahkan`,
    ([n], f) => `${count(n, f)} equipment ${n === '1' ? 'package' : 'packages'} with Pemda, not yet granted`,
  ),
  p(/^complete training batch(?:es)? (.+)$/, ([ids]) => `selesaikan angkatan pelatihan ${ids}`),
  p(
    /^record the allocated amount and budget document for (.+) \(source asserted, no amount\)$/,
    ([sources]) => `catat nilai pagu dan dokumen anggaran untuk ${sources} (sumber disebut tanpa nilai)`,
  ),
  p(/^allocate funding \(DIPA\/DPA\)$/, () => 'alokasikan dana (DIPA/DPA)'),
  p(
    /^resolve (\d+) open compliance gaps?$/,
    ([n], f) => `selesaikan ${count(n, f)} temuan kepatuhan terbuka`,
    ([n], f) => `resolve ${count(n, f)} open compliance ${n === '1' ? 'gap' : 'gaps'}`,
  ),
  p(
    /^open the first training batch or start execution$/,
    () => 'buka angkatan pelatihan pertama atau mulai pelaksanaan',
  ),
  p(/^record the completion of execution$/, () => 'catat selesainya pelaksanaan'),
  p(/^submit the activity report \(laporan kegiatan \/ LPJ\)$/, () => 'sampaikan laporan kegiatan / LPJ'),
  p(/^close the program at the end of the fiscal year$/, () => 'tutup program pada akhir tahun anggaran'),
]

const PERIODS: ReadonlyArray<Phrase> = [
  p(/^until (\d{4})$/, ([to]) => `s.d. ${to}`),
  p(/^from (\d{4})$/, ([from]) => `sejak ${from}`),
  p(/^undated$/, () => 'tanpa tahun'),
]

const RECIPIENTS: ReadonlyArray<Phrase> = [p(/^business of person (\S+)$/, ([person]) => `usaha milik ${person}`)]

/**
 * The gap notes `@ikm-ledger/core`'s deciders write (`ComplianceGapNoted.note`), read back. Their English is
 * core's own; only the money and counts in them take the paper's format.
 */
const GAP_NOTES: ReadonlyArray<Phrase> = [
  p(
    /^imported without proof: the (.+) is cited but the evidence is (\S+), not DOCUMENTED$/,
    ([kinds, level]) =>
      `diimpor tanpa bukti: ${kindsId(kinds)} disebut, tetapi tingkat buktinya ${level}, bukan DOCUMENTED`,
  ),
  p(
    /^imported without proof: the (.+) (?:is|are) missing$/,
    ([kinds]) => `diimpor tanpa bukti: ${kindsId(kinds)} tidak ada`,
  ),
  p(
    /^the source says "DAK" without saying which kind: fisik, nonfisik or tematik\? The SK alokasi DAK says$/,
    () => 'sumber menyebut "DAK" tanpa menyebut jenisnya: fisik, nonfisik atau tematik? SK alokasi DAK menyebutkannya',
  ),
  p(
    /^DAK-fisik works (.+) on sentra (.+) were recorded without the sentra's unit count, so the threshold of (\d+) units \(rule R27\) is unchecked; record the count \(UpdateSentraUnitCount\)$/,
    ([works, sentra, n], f) =>
      `pekerjaan DAK fisik ${works} pada sentra ${sentra} dicatat tanpa jumlah unit usaha sentra, sehingga ambang ` +
      `${count(n, f)} unit (aturan R27) belum diperiksa; catat jumlahnya (UpdateSentraUnitCount)`,
    ([works, sentra, n], f) =>
      `DAK-fisik works ${works} on sentra ${sentra} were recorded without the sentra's unit count, so the ` +
      `threshold of ${count(n, f)} units (rule R27) is unchecked; record the count (UpdateSentraUnitCount)`,
  ),
  p(
    /^the owner \(person (\S+)\) of a business receiving package (\S+) is not registered; register the person \(RegisterPerson\) so the recipient can be checked$/,
    ([person, pkg]) =>
      `pemilik (orang ${person}) usaha penerima paket ${pkg} belum terdaftar; daftarkan orang tersebut ` +
      '(RegisterPerson) agar penerimanya dapat diperiksa',
  ),
  p(
    /^package (\S+) was (lent|granted) to group (\S+) on condition NO_TRANSFER and was found transferred without permission; follow up and record the decision document$/,
    ([pkg, how, group]) =>
      `paket ${pkg} yang ${how === 'lent' ? 'dipinjamkan' : 'dihibahkan'} kepada kelompok ${group} dengan syarat ` +
      'NO_TRANSFER ditemukan telah dipindahtangankan tanpa izin; tindak lanjuti dan catat dokumen keputusannya',
  ),
  p(
    /^allocation (.+) of (-?Rp[\d.]+) imported without its budget document$/,
    ([line, amount], f) => `alokasi ${line} sebesar ${rupiahText(amount, f)} diimpor tanpa dokumen anggarannya`,
    ([line, amount], f) => `allocation ${line} of ${rupiahText(amount, f)} imported without its budget document`,
  ),
  p(
    /^expenditure (.+) of (-?Rp[\d.]+) imported without a payment document$/,
    ([x, amount], f) => `belanja ${x} sebesar ${rupiahText(amount, f)} diimpor tanpa dokumen pembayaran`,
    ([x, amount], f) => `expenditure ${x} of ${rupiahText(amount, f)} imported without a payment document`,
  ),
  p(
    /^execution recorded on asserted funding \((.+)\) with no allocated amount$/,
    ([sources]) => `pelaksanaan dicatat atas sumber dana yang hanya disebut (${sources}) tanpa nilai pagu`,
  ),
  p(
    /^batch (\S+) opened on asserted funding \((.+)\) with no allocated amount$/,
    ([batch, sources]) => `angkatan ${batch} dibuka atas sumber dana yang hanya disebut (${sources}) tanpa nilai pagu`,
  ),
  p(
    /^report of program (\S+) recorded without the report document$/,
    ([program]) => `laporan program ${program} dicatat tanpa dokumen laporannya`,
  ),
]

const ALL: ReadonlyArray<Phrase> = [...STEPS, ...CONCERNS, ...DUE, ...PERIODS, ...RECIPIENTS, ...GAP_NOTES]

const sayWith = (phrases: ReadonlyArray<Phrase>, text: string, f: PhraseFormats): string => {
  for (const phrase of phrases) {
    const m = phrase.pattern.exec(text)
    if (m === null) continue
    const parts = m.slice(1)
    return f.lang === 'id' ? phrase.id(parts, f) : (phrase.en?.(parts, f) ?? text)
  }
  return text
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A phrase of the read models or of core's deciders in the paper's language; any other text as it is (it is what
 * was recorded).
 */
export const sayPhrase = (text: string, f: PhraseFormats): string => sayWith(ALL, text, f)

/** Whether a text is one of the known phrases (the phrase tests check every phrase is). */
export const isKnownPhrase = (text: string): boolean => ALL.some((phrase) => phrase.pattern.test(text))

/** `; `-separated names (RM-3's recipients), each a known phrase said in the paper's language or kept. */
export const sayNames = (text: string, f: PhraseFormats): string =>
  text
    .split('; ')
    .map((name) => sayWith(RECIPIENTS, name, f))
    .join('; ')
