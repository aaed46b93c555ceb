import { describe, expect, it } from 'vitest'
import { formatInteger, formatRupiahIn } from '../src'
import {
  businessOfPersonEn,
  concernEn,
  dueEn,
  isKnownPhrase,
  periodEn,
  sayNames,
  sayPhrase,
  stepEn,
  type PhraseFormats,
} from '../src/internal/Phrases'

const formats = (lang: 'id' | 'en'): PhraseFormats => ({
  lang,
  integer: (n) => formatInteger(n, lang),
  rupiah: (amount) => formatRupiahIn(amount, lang),
})
const id = formats('id')
const en = formats('en')

/** Every phrase a read model builds, with arguments of each shape it meets. */
const ownPhrases: ReadonlyArray<string> = [
  stepEn.fundingAllocated('l1', 'DAK_FISIK'),
  stepEn.expenditureRealised('x1', 'KONSTRUKSI'),
  stepEn.participantsSelected(),
  stepEn.batchHeld('b1', '2020-11-25'),
  stepEn.batchDayHeld('b1', 2, 3),
  stepEn.executionCompleted(),
  stepEn.reportSubmitted(),
  stepEn.equipmentProcured(),
  stepEn.operationalHandover('Pemerintah Kabupaten Musi Banyuasin'),
  stepEn.ownershipTransferred('Pemerintah Kota Sawahlunto'),
  stepEn.grantedToGroup('grp-1'),
  stepEn.grantedToRecipients(1),
  stepEn.grantedToRecipients(8),
  stepEn.fundingHistoryImported('DAK_FISIK', periodEn.until(2021)),
  stepEn.fundingHistoryImported('DAK_FISIK', periodEn.range(2018, 2020)),
  stepEn.worksContracted('w1'),
  stepEn.worksCompleted('w1'),
  stepEn.gap('R21'),
  stepEn.gapResolved('R7'),
  concernEn.namedWithoutAmount('APBN_KL'),
  concernEn.approximate(concernEn.allocation('DAK_FISIK')),
  concernEn.newsOnly(concernEn.expenditure('x2')),
  concernEn.approximate(concernEn.fundingHistory('DAK_NONFISIK')),
  dueEn.followUpFindings(1),
  dueEn.followUpFindings(2),
  dueEn.approve(),
  dueEn.handOver(1),
  dueEn.handOver(2),
  dueEn.grant(2),
  dueEn.completeBatches(['b1']),
  dueEn.completeBatches(['b1', 'b2']),
  dueEn.recordAllocation(['APBD_KABKOTA', 'APBN_KL']),
  dueEn.allocate(),
  dueEn.resolveGaps(1),
  dueEn.resolveGaps(4),
  dueEn.startExecution(),
  dueEn.completeExecution(),
  dueEn.submitReport(),
  dueEn.close(),
  periodEn.until(2021),
  periodEn.from(2019),
  periodEn.undated(),
  businessOfPersonEn('prs-dompu-ikm-1'),
]

/** The gap notes core's deciders write, as they write them (`packages/core/src/domain`). */
const coreNotes: ReadonlyArray<string> = [
  'imported without proof: the KONTRAK and BAST_PENYEDIA_PPK are missing',
  'imported without proof: the NPHD or BAST_HIBAH is missing',
  'imported without proof: the BAST_OPERASIONAL is cited but the evidence is NEWS_REPORT, not DOCUMENTED',
  'the source says "DAK" without saying which kind: fisik, nonfisik or tematik? The SK alokasi DAK says',
  "DAK-fisik works w1 on sentra Sentra IKM Pengolahan Makanan Ringan were recorded without the sentra's unit count, so the threshold of 1000 units (rule R27) is unchecked; record the count (UpdateSentraUnitCount)",
  'the owner (person prs-1) of a business receiving package pkg-1 is not registered; register the person (RegisterPerson) so the recipient can be checked',
  'package pkg-1 was lent to group grp-1 on condition NO_TRANSFER and was found transferred without permission; follow up and record the decision document',
  'allocation l1 of Rp1.000.000.000 imported without its budget document',
  'expenditure x1 of Rp300.000.000 imported without a payment document',
  'execution recorded on asserted funding (APBD_KABKOTA) with no allocated amount',
  'batch b1 opened on asserted funding (APBN_KL, DEKONSENTRASI) with no allocated amount',
  'report of program prg-1 recorded without the report document',
]

describe('Phrases', () => {
  it('recognises every phrase the read models build and says it in Indonesian', () => {
    for (const phrase of ownPhrases) {
      expect([phrase, isKnownPhrase(phrase)]).toEqual([phrase, true])
      expect(sayPhrase(phrase, id)).not.toBe(phrase)
    }
  })

  it('recognises the gap notes of core and says them in Indonesian', () => {
    for (const note of coreNotes) {
      expect([note, isKnownPhrase(note)]).toEqual([note, true])
      expect(sayPhrase(note, id)).not.toBe(note)
    }
    expect(sayPhrase(coreNotes[0]!, id)).toBe('diimpor tanpa bukti: KONTRAK dan BAST_PENYEDIA_PPK tidak ada')
    expect(sayPhrase(coreNotes[1]!, id)).toBe('diimpor tanpa bukti: NPHD atau BAST_HIBAH tidak ada')
  })

  it('keeps the English of a phrase in an English paper, with its numbers and money in English formats', () => {
    expect(sayPhrase(dueEn.approve(), en)).toBe('approve the program')
    expect(sayPhrase(dueEn.resolveGaps(1234), en)).toBe('resolve 1,234 open compliance gaps')
    expect(sayPhrase(dueEn.resolveGaps(1234), id)).toBe('selesaikan 1.234 temuan kepatuhan terbuka')
    expect(sayPhrase('allocation l1 of Rp1.000.000.000 imported without its budget document', en)).toBe(
      'allocation l1 of Rp1,000,000,000 imported without its budget document',
    )
    expect(sayPhrase('allocation l1 of Rp1.000.000.000 imported without its budget document', id)).toBe(
      'alokasi l1 sebesar Rp1.000.000.000 diimpor tanpa dokumen anggarannya',
    )
  })

  it('says a nested phrase in Indonesian too: the period of an import, what a funding concern is about', () => {
    expect(sayPhrase(stepEn.fundingHistoryImported('DAK_FISIK', periodEn.until(2021)), id)).toBe(
      'riwayat pendanaan diimpor (DAK_FISIK, s.d. 2021)',
    )
    expect(sayPhrase(concernEn.newsOnly(concernEn.allocation('APBN_KL')), id)).toBe(
      'alokasi APBN_KL: hanya diberitakan',
    )
  })

  it('leaves a text it does not know as recorded: a note written by a user, a name', () => {
    const note = 'DIPA belum diterima dari Ditjen; ditanyakan 12/1'
    expect([isKnownPhrase(note), sayPhrase(note, id), sayPhrase(note, en)]).toEqual([false, note, note])
    expect(sayNames('Kelompok Tani Maju; business of person prs-9', id)).toBe('Kelompok Tani Maju; usaha milik prs-9')
  })
})
