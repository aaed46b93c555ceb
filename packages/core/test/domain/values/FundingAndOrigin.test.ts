import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  budgetDocumentKindOf,
  budgetDocumentKindsOf,
  FundingSource,
  isDak,
  normalizeFundingSource,
  Origin,
} from '../../../src/domain'

describe('FundingSource', () => {
  it('names the budget document each source rests on: DIPA for the state budget, DPA for APBD, SK alokasi for DAK', () => {
    expect(budgetDocumentKindOf('APBN_KL')).toBe('DIPA')
    expect(budgetDocumentKindOf('DEKONSENTRASI')).toBe('DIPA')
    expect(budgetDocumentKindOf('APBD_KABKOTA')).toBe('DPA')
    expect(budgetDocumentKindOf('APBD_PROV')).toBe('DPA')
    expect(budgetDocumentKindOf('DAK_FISIK')).toBe('SK_ALOKASI_DAK')
    expect(budgetDocumentKindsOf(['APBN_KL', 'DEKONSENTRASI', 'APBD_PROV'])).toEqual(['DIPA', 'DPA'])
    expect(budgetDocumentKindsOf([])).toEqual(['DIPA'])
  })

  it('normalises Dekon, its wrong expansion "Deklarasi Ekonomi", and other printed forms', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['Dekon', 'DEKONSENTRASI'],
      ['Dekon (Deklarasi Ekonomi)', 'DEKONSENTRASI'],
      ['dekonsentrasi', 'DEKONSENTRASI'],
      ['anggaran Dekon', 'DEKONSENTRASI'],
      ['Tugas Pembantuan', 'TUGAS_PEMBANTUAN'],
      ['DAK fisik', 'DAK_FISIK'],
      ['DAK Non-Fisik', 'DAK_NONFISIK'],
      ['DAK nonfisik', 'DAK_NONFISIK'],
      ['DAK Tematik', 'DAK_TEMATIK'],
      ['APBD Kota', 'APBD_KABKOTA'],
      ['APBD Kabupaten/Kota', 'APBD_KABKOTA'],
      ['APBD Provinsi', 'APBD_PROV'],
      ['APBN', 'APBN_KL'],
      ['Restrukturisasi mesin', 'RESTRUKTURISASI'],
      ['CSR', 'CSR'],
      ['APBN_KL', 'APBN_KL'],
    ]
    for (const [text, source] of cases) expect(normalizeFundingSource(text), text).toEqual(E.right(source))
  })

  it('refuses ambiguous and wrong sources with a hint', () => {
    const dak = normalizeFundingSource('DAK')
    expect(E.isLeft(dak) && dak.left).toContain('DAK fisik, DAK nonfisik or DAK tematik')
    expect(E.isLeft(normalizeFundingSource('APBD'))).toBe(true)
    const aspirasi = normalizeFundingSource('Aspirasi DPR')
    expect(E.isLeft(aspirasi) && aspirasi.left).toContain('origin')
    expect(E.isLeft(normalizeFundingSource('hibah luar negeri'))).toBe(true)
  })

  it('marks DAK sources', () => {
    expect((Object.keys(FundingSource.keys) as FundingSource[]).filter(isDak)).toEqual([
      'DAK_FISIK',
      'DAK_NONFISIK',
      'DAK_TEMATIK',
      'DAK_UNSPECIFIED',
    ])
  })
})

describe('Origin', () => {
  it('keeps a DPR aspirasi apart from any funding source', () => {
    const origin = {
      kind: 'ASPIRASI_DPR',
      member: {
        nameAtEvent: 'Bambang Wasista Bambang Utoyo',
        positionAtEvent: 'Anggota DPR RI',
        org: { orgId: 'dpr', kind: 'DPR_RI', nameAtEvent: 'DPR RI' },
      },
      commission: 'VI',
      party: 'Golkar',
    }
    expect(Origin.decode(origin)).toEqual(E.right(origin))
    expect(E.isLeft(Origin.decode({ kind: 'ASPIRASI_DPR', commission: 'VI' }))).toBe(true)
    expect(E.isLeft(Origin.decode({ kind: 'APBN_KL' }))).toBe(true)
  })
})
