import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { describe, expect, it } from 'vitest'
import {
  isWithinRegion,
  levelOfCode,
  REGION_LIST_VERSION,
  REGION_LIST_VERSION_2019,
  regionDirectory,
  regionDirectoryFrom,
  regionListFrom,
  regionRef,
  RegionRef,
  SHIPPED_REGION_LISTS,
  validateRegionRef,
} from '../../../src/domain'

describe('Region', () => {
  it('ships all 38 provinces in the current list and 34 before the Papua split', () => {
    const count = (version: string) =>
      SHIPPED_REGION_LISTS.find((l) => l.version === version)?.rows.filter((r) => r.level === 'PROV').length
    expect(count(REGION_LIST_VERSION)).toBe(38)
    expect(count(REGION_LIST_VERSION_2019)).toBe(34)
    expect(O.isSome(regionDirectory.lookup('93'))).toBe(true)
    expect(O.isNone(regionDirectory.lookup('93', REGION_LIST_VERSION_2019))).toBe(true)
  })

  it('ships every kabupaten/kota of Kepmendagri 2022 and of the list before the Papua split (514 each)', () => {
    const count = (version: string) =>
      SHIPPED_REGION_LISTS.find((l) => l.version === version)?.rows.filter((r) => r.level !== 'PROV').length
    expect(count(REGION_LIST_VERSION)).toBe(514)
    expect(count(REGION_LIST_VERSION_2019)).toBe(514)
    // Regencies the seeds never name, as the news stories of issue #14 needed them.
    const accepted = (code: string, nameAtEvent: string, listVersion = REGION_LIST_VERSION) =>
      regionDirectory.validate({
        scheme: 'KEMENDAGRI',
        code,
        level: code.slice(3, 5) >= '71' ? 'KOTA' : 'KAB',
        nameAtEvent,
        listVersion,
      })
    expect(accepted('33.20', 'Kabupaten Jepara')).toEqual(E.right(expect.anything()))
    expect(accepted('52.01', 'Kabupaten Lombok Barat')).toEqual(E.right(expect.anything()))
    expect(accepted('18.71', 'Kota Bandar Lampung', REGION_LIST_VERSION_2019)).toEqual(E.right(expect.anything()))
  })

  it('gives the Papua regencies their codes before and after the 2022 split', () => {
    const name = (code: string, version: string) =>
      O.map((r: { name: string }) => r.name)(regionDirectory.lookup(code, version))
    expect(name('91.01', REGION_LIST_VERSION_2019)).toEqual(O.some('Kabupaten Merauke'))
    expect(name('93.01', REGION_LIST_VERSION)).toEqual(O.some('Kabupaten Merauke'))
    expect(name('91.01', REGION_LIST_VERSION)).toEqual(O.none)
    expect(name('92.71', REGION_LIST_VERSION_2019)).toEqual(O.some('Kota Sorong'))
    expect(name('96.71', REGION_LIST_VERSION)).toEqual(O.some('Kota Sorong'))
    expect(name('91.03', REGION_LIST_VERSION_2019)).toEqual(name('91.03', REGION_LIST_VERSION))
  })

  it('knows a renamed regency by its earlier name too (Toba Samosir, renamed Toba in 2020)', () => {
    expect(
      E.isRight(
        regionDirectory.validate({
          scheme: 'KEMENDAGRI',
          code: '12.12',
          level: 'KAB',
          nameAtEvent: 'Kabupaten Toba Samosir',
          listVersion: REGION_LIST_VERSION_2019,
        }),
      ),
    ).toBe(true)
  })

  it('merges lists of one version, so kecamatan loaded later join the shipped kabupaten/kota', () => {
    const kecamatan = regionListFrom({ scheme: 'KEMENDAGRI', version: REGION_LIST_VERSION, source: 'test' }, [
      { code: '16.06.01', level: 'KEC', name: 'Sekayu' },
    ])
    if (E.isLeft(kecamatan)) throw new Error(kecamatan.left)
    const directory = regionDirectoryFrom([...SHIPPED_REGION_LISTS, kecamatan.right])
    expect(O.isSome(directory.lookup('16.06.01'))).toBe(true)
    expect(O.isSome(directory.lookup('16.06'))).toBe(true)
    expect(directory.versions).toEqual([REGION_LIST_VERSION_2019, REGION_LIST_VERSION])
  })

  it('ships every kabupaten/kota the seeds name, with Kemendagri codes', () => {
    const seeds = {
      '16.06': 'Kabupaten Musi Banyuasin',
      '16.07': 'Kabupaten Banyuasin',
      '16.71': 'Kota Palembang',
      '13.73': 'Kota Sawahlunto',
      '12.71': 'Kota Medan',
      '13.71': 'Kota Padang',
      '13.75': 'Kota Bukittinggi',
      '63.02': 'Kabupaten Kotabaru',
      '63.08': 'Kabupaten Hulu Sungai Utara',
      '63.71': 'Kota Banjarmasin',
      '63.72': 'Kota Banjarbaru',
    }
    for (const [code, name] of Object.entries(seeds)) expect(regionRef(code).nameAtEvent).toBe(name)
    const kalsel = SHIPPED_REGION_LISTS[1]?.rows.filter((r) => r.code.startsWith('63.')).map((r) => r.code)
    expect(kalsel).toEqual([
      '63.01',
      '63.02',
      '63.03',
      '63.04',
      '63.05',
      '63.06',
      '63.07',
      '63.08',
      '63.09',
      '63.10',
      '63.11',
      '63.71',
      '63.72',
    ])
  })

  it('validates code, list version, level and name, accepting known aliases as printed', () => {
    expect(E.isRight(validateRegionRef({ ...regionRef('16.06'), nameAtEvent: 'Kab. Muba' }))).toBe(true)
    expect(E.isRight(validateRegionRef({ ...regionRef('63'), nameAtEvent: 'Provinsi Kalimantan Selatan' }))).toBe(true)
    const wrongLevel = validateRegionRef({ ...regionRef('63.71'), level: 'KAB' })
    expect(E.isLeft(wrongLevel) && wrongLevel.left).toContain('is a KOTA')
    expect(E.isLeft(validateRegionRef({ ...regionRef('63.71'), code: '63.99' }))).toBe(true)
    expect(E.isLeft(validateRegionRef({ ...regionRef('63.71'), nameAtEvent: 'Kota Medan' }))).toBe(true)
    expect(E.isLeft(validateRegionRef({ ...regionRef('63.71'), listVersion: 'KEMENDAGRI:unknown' }))).toBe(true)
    expect(E.isLeft(validateRegionRef({ ...regionRef('93'), listVersion: REGION_LIST_VERSION_2019 }))).toBe(true)
  })

  it('tells whether a region lies within another', () => {
    expect(isWithinRegion(regionRef('63.71'), regionRef('63'))).toBe(true)
    expect(isWithinRegion(regionRef('63'), regionRef('63'))).toBe(true)
    expect(isWithinRegion(regionRef('63'), regionRef('63.71'))).toBe(false)
    expect(isWithinRegion(regionRef('16.71'), regionRef('63'))).toBe(false)
    expect(isWithinRegion({ scheme: 'BPS', code: '6371' }, regionRef('63'))).toBe(false)
  })

  it('derives the level from the code (kota are 71–99)', () => {
    expect(levelOfCode('63')).toEqual(O.some('PROV'))
    expect(levelOfCode('63.03')).toEqual(O.some('KAB'))
    expect(levelOfCode('63.71')).toEqual(O.some('KOTA'))
    expect(levelOfCode('33.73.04.1001')).toEqual(O.some('DESA'))
  })

  it('loads a fuller list and refuses a row whose level contradicts its code', () => {
    const extra = regionListFrom({ scheme: 'KEMENDAGRI', version: 'KEMENDAGRI:test', source: 'test' }, [
      { code: '64', level: 'PROV', name: 'Kalimantan Timur' },
      { code: '64.72', level: 'KOTA', name: 'Kota Samarinda' },
    ])
    expect(E.isRight(extra)).toBe(true)
    if (E.isRight(extra)) {
      const directory = regionDirectoryFrom([...SHIPPED_REGION_LISTS, extra.right])
      expect(
        E.isRight(
          directory.validate({
            scheme: 'KEMENDAGRI',
            code: '64.72',
            level: 'KOTA',
            nameAtEvent: 'Samarinda',
            listVersion: 'KEMENDAGRI:test',
          }),
        ),
      ).toBe(true)
    }
    const bad = regionListFrom({ scheme: 'KEMENDAGRI', version: 'x', source: 'x' }, [
      { code: '64.72', level: 'KAB', name: 'Kota Samarinda' },
    ])
    expect(E.isLeft(bad)).toBe(true)
  })

  it('decodes references with string codes only', () => {
    expect(E.isRight(RegionRef.decode(regionRef('16.06')))).toBe(true)
    expect(E.isLeft(RegionRef.decode({ ...regionRef('16.06'), code: 1606 }))).toBe(true)
    expect(E.isLeft(RegionRef.decode({ ...regionRef('16.06'), code: '16.6' }))).toBe(true)
  })
})
