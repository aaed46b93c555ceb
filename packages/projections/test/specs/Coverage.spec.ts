import { beforeAll, describe, expect, it } from 'vitest'
import {
  aspirationTracker,
  aspirationTrackerRows,
  regionalCoverage,
  regionalCoverageRows,
  type AspirationTrackerRow,
  type RegionalCoverageRow,
} from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { seededStore } from '../fixtures/seeds'

export const aspirationTrackerSpec = (backend: Backend) =>
  describe(`AspirationTracker (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(aspirationTracker, await seededStore())
    })

    it('tracks S1’s DPR member: one 2018 program in Palembang and Banyuasin, its two packages still with government', async () => {
      expect(await read(aspirationTrackerRows())).toEqual<ReadonlyArray<AspirationTrackerRow>>([
        {
          member: 'Bambang Wasista Bambang Utoyo',
          fiscalYear: 2018,
          commissions: ['VI'],
          electoralDistricts: [],
          programIds: ['prg-sumsel-wub-2018'],
          regions: [
            { code: '16.71', name: 'Kota Palembang' },
            { code: '16.07', name: 'Kabupaten Banyuasin' },
          ],
          participants: 0,
          packages: { withGovernment: 2, withRecipients: 0, writtenOff: 0 },
        },
      ])
      expect(await read(aspirationTrackerRows({ member: 'someone else' }))).toEqual([])
    })
  })

export const regionalCoverageSpec = (backend: Backend) =>
  describe(`RegionalCoverage (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(regionalCoverage, await seededStore())
    })

    it('gives each region and year its programs, schemes, batches, participants and packages', async () => {
      const sumsel = { programIds: ['prg-sumsel-wub-2018'], schemes: ['WUB_BIMTEK', 'BANTUAN_PERALATAN'], packages: 2 }
      expect(await read(regionalCoverageRows({ fiscalYear: 2018 }))).toEqual<ReadonlyArray<RegionalCoverageRow>>([
        {
          ...sumsel,
          region: { code: '16.07', name: 'Kabupaten Banyuasin' },
          fiscalYear: 2018,
          batches: 0,
          participants: 0,
        },
        { ...sumsel, region: { code: '16.71', name: 'Kota Palembang' }, fiscalYear: 2018, batches: 1, participants: 0 },
      ])
      const y2020 = await read(regionalCoverageRows({ fiscalYear: 2020 }))
      expect(y2020.find((r) => r.region.code === '16.06')).toEqual<RegionalCoverageRow>({
        region: { code: '16.06', name: 'Kabupaten Musi Banyuasin' },
        fiscalYear: 2020,
        programIds: ['prg-muba-led-2020'],
        schemes: ['BIMTEK_DIVERSIFIKASI', 'BANTUAN_PERALATAN'],
        batches: 1,
        participants: 25,
        packages: 2,
      })
      const kalsel = y2020.filter((r) => r.region.code.startsWith('63.'))
      expect(kalsel).toHaveLength(13)
      expect(kalsel.every((r) => r.participants === 7 && r.programIds.join() === 'prg-kalsel-dekon-2020')).toBe(true)
    })

    it('shows Medan served in 2019 and 2020 by six APBD programs each, and no region twice in a year', async () => {
      const rows = await read(regionalCoverageRows())
      expect(rows.filter((r) => r.region.code === '12.71').map((r) => [r.fiscalYear, r.programIds.length])).toEqual([
        [2019, 6],
        [2020, 6],
      ])
      const keys = rows.map((r) => `${r.region.code}|${r.fiscalYear}`)
      expect(new Set(keys).size).toBe(keys.length)
    })
  })
