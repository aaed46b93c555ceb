import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { describe, expect, it } from 'vitest'
import {
  convertQuantity,
  DocumentRef,
  findDocument,
  KbliRef,
  litersToMl,
  OfficialRef,
  Quantity,
} from '../../../src/domain'

const dinas = {
  orgId: 'disdagperin-muba',
  kind: 'DINAS_KABKOTA',
  nameAtEvent: 'Dinas Perdagangan dan Perindustrian Kabupaten Musi Banyuasin',
}

describe('OfficialRef', () => {
  it('records acting status, virtual attendance, representation and unverified titles, recursively', () => {
    const direktur = {
      nameAtEvent: 'Direktur IKMA',
      positionAtEvent: 'Direktur IKMA',
      org: { orgId: 'ditjen-ikma', kind: 'DITJEN', nameAtEvent: 'Ditjen IKMA' },
      titleVerified: false,
      representedBy: {
        nameAtEvent: 'Ni Wayan Yuni Widayanti',
        positionAtEvent: 'Kasubdit IKMALM',
        org: { orgId: 'ditjen-ikma', kind: 'DITJEN', nameAtEvent: 'Ditjen IKMA' },
        attendance: 'VIRTUAL',
      },
    }
    expect(OfficialRef.decode(direktur)).toEqual(E.right(direktur))
    const plt = { nameAtEvent: 'Azizah SSos MT', positionAtEvent: 'Plt Kepala Dinas', org: dinas, acting: 'PLT' }
    expect(E.isRight(OfficialRef.decode(plt))).toBe(true)
    expect(E.isLeft(OfficialRef.decode({ ...plt, acting: 'ACTING' }))).toBe(true)
  })

  it('drops unknown keys on encode, so nothing unexpected reaches an event', () => {
    const decoded = OfficialRef.decode({ nameAtEvent: 'A', positionAtEvent: 'B', org: dinas, nik: '1234' })
    expect(E.isRight(decoded) && OfficialRef.encode(decoded.right)).toEqual({
      nameAtEvent: 'A',
      positionAtEvent: 'B',
      org: dinas,
    })
  })
})

describe('DocumentRef and KbliRef', () => {
  it('accept a closed set of document kinds and 5-digit KBLI codes with their edition', () => {
    expect(
      E.isRight(DocumentRef.decode({ kind: 'BAST_OPERASIONAL', number: '027/BAST/2020', date: '2020-11-30' })),
    ).toBe(true)
    expect(E.isLeft(DocumentRef.decode({ kind: 'BERITA_ACARA' }))).toBe(true)
    expect(E.isLeft(DocumentRef.decode({ kind: 'SP2D', sha256: 'abc' }))).toBe(true)
    expect(E.isRight(KbliRef.decode({ version: '2020', code: '27404', titleAtEvent: 'Industri lampu LED' }))).toBe(true)
    expect(E.isLeft(KbliRef.decode({ version: '2020', code: '2740' }))).toBe(true)
    expect(E.isLeft(KbliRef.decode({ version: '2017', code: '27404' }))).toBe(true)
  })

  it('finds a required document in the command or its evidence', () => {
    expect(findDocument(['SP2D'], { kind: 'SP2D', number: '1' })).toEqual(O.some({ kind: 'SP2D', number: '1' }))
    expect(
      findDocument(['SP2D', 'KUITANSI'], undefined, {
        level: 'DOCUMENTED',
        refs: [{ kind: 'KUITANSI', number: 'K1' }],
      }),
    ).toEqual(O.some({ kind: 'KUITANSI', number: 'K1' }))
    expect(
      findDocument(['SP2D'], { kind: 'PHOTO' }, { level: 'NEWS_REPORT', refs: [{ kind: 'NEWS_ARTICLE' }] }),
    ).toEqual(O.none)
  })
})

describe('Quantity', () => {
  it('stores liters as milliliters and converts bottles only through a declared volume', () => {
    expect(litersToMl(900n)).toEqual({ value: 900_000n, unit: 'ML' })
    expect(convertQuantity({ value: 3600n, unit: 'BOTTLE' }, 'ML', { bottleVolumeMl: 250 })).toEqual(
      E.right({ value: 900_000n, unit: 'ML' }),
    )
    expect(E.isLeft(convertQuantity({ value: 3600n, unit: 'BOTTLE' }, 'ML'))).toBe(true)
    expect(convertQuantity({ value: 899_250n, unit: 'ML' }, 'BOTTLE', { bottleVolumeMl: 250 })).toEqual(
      E.right({ value: 3597n, unit: 'BOTTLE' }),
    )
    expect(E.isLeft(convertQuantity({ value: 100n, unit: 'ML' }, 'BOTTLE', { bottleVolumeMl: 250 }))).toBe(true)
    expect(E.isLeft(convertQuantity({ value: 1n, unit: 'KG' }, 'PCS'))).toBe(true)
  })

  it('keeps counts whole and non-negative, as decimal strings in JSON', () => {
    expect(Quantity.encode({ value: 950n, unit: 'PCS' })).toEqual({ value: '950', unit: 'PCS' })
    expect(E.isLeft(Quantity.decode({ value: '-1', unit: 'PCS' }))).toBe(true)
    expect(E.isLeft(Quantity.decode({ value: '1', unit: 'LITER' }))).toBe(true)
  })
})
