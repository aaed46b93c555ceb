import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { facilityRegistry, facilityRegistryRows, facilitySignalRows, type FacilityRegistryRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

export const facilityRegistrySpec = (backend: Backend) =>
  describe(`FacilityRegistry (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(facilityRegistry, await seededStore())
    })

    it('registers the S2 food sentra as built, with its approximate DAK history apart from documented money', async () => {
      const rows = await read(facilityRegistryRows({ kind: 'SENTRA' }))
      expect(rows.map((r) => r.facilityId)).toEqual(['fac-sentra-led-muba', 'fac-sentra-makanan-ringan-sawahlunto'])
      expect(rows[1]).toEqual<FacilityRegistryRow>({
        facilityId: 'fac-sentra-makanan-ringan-sawahlunto',
        kind: 'SENTRA',
        name: 'Sentra IKM Pengolahan Makanan Ringan',
        region: { code: '13.73', name: 'Kota Sawahlunto' },
        status: 'BUILT',
        built: true,
        potential: true,
        unitCount: null,
        workerCount: null,
        kbli: ['2020:10794'],
        productFocus: ['makanan ringan'],
        dataSource: 'NEWS',
        manager: null,
        equipmentPackages: [],
        works: [],
        fundingHistory: [
          { source: 'DAK_FISIK', amount: 24_300_000_000n, approximate: true, periodFrom: null, periodTo: 2021 },
          { source: 'DAK_NONFISIK', amount: 2_700_000_000n, approximate: true, periodFrom: null, periodTo: 2021 },
        ],
        fundingBySource: [
          { source: 'DAK_FISIK', documented: 0n, approximate: 24_300_000_000n },
          { source: 'DAK_NONFISIK', documented: 0n, approximate: 2_700_000_000n },
        ],
        openComplianceGaps: 0,
      })
    })

    it('registers the S2 UPTD and the S0 potential LED sentra', async () => {
      const rows = await read(facilityRegistryRows())
      expect(rows.map((r) => [r.facilityId, r.kind, r.status, r.potential, r.kbli])).toEqual([
        ['fac-sentra-led-muba', 'SENTRA', 'REGISTERED', true, ['2020:27404']],
        ['fac-sentra-makanan-ringan-sawahlunto', 'SENTRA', 'BUILT', true, ['2020:10794']],
        [
          'fac-uptd-tekstil-sawahlunto',
          'UPTD',
          'REGISTERED',
          false,
          ['2020:15201', '2020:15121', '2020:13131', '2020:13121'],
        ],
      ])
    })

    it('keeps the works history and the unit count of a facility', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const facility = (type: string, data: Record<string, unknown>, occurredOn: string) => ({
        stream: 'facility-f1',
        type,
        data,
        occurredOn,
      })
      await appendFacts(store, [
        facility(
          'FacilityRegistered',
          {
            facilityId: 'f1',
            kind: 'UPTD',
            name: 'UPTD Tekstil',
            region: regionJson('13.73', 'Kota Sawahlunto', 'KOTA'),
            kbli: [],
            productFocus: ['tenun'],
            dataSource: 'DINAS_SURVEY',
            unitCount: 12,
          },
          '2022-01-05',
        ),
        facility(
          'FacilityWorksContracted',
          {
            worksId: 'w1',
            kind: 'MACHINE_REVITALIZATION',
            programId: 'p2',
            startDate: '2022-03-01',
            plannedEndDate: '2022-08-31',
            fundingSource: 'DAK_FISIK',
            contractValue: '750000000',
          },
          '2022-03-01',
        ),
        facility(
          'FacilityWorksProgressReported',
          { worksId: 'w1', physicalBp: 6000, financialBp: 5000, asOf: '2022-06-30' },
          '2022-06-30',
        ),
        facility('SentraUnitCountUpdated', { unitCount: 15, asOf: '2022-07-01', workerCount: 40 }, '2022-07-01'),
      ])
      const rows = await (await backend.project(facilityRegistry, store))(facilityRegistryRows({ kind: 'UPTD' }))
      expect(rows.map((r) => [r.status, r.unitCount, r.workerCount, r.works])).toEqual([
        [
          'UNDER_WORKS',
          15,
          40,
          [
            {
              worksId: 'w1',
              kind: 'MACHINE_REVITALIZATION',
              programId: 'p2',
              status: 'CONTRACTED',
              startDate: '2022-03-01',
              plannedEndDate: '2022-08-31',
              contractValue: 750_000_000n,
              physicalBp: 6000,
              financialBp: 5000,
            },
          ],
        ],
      ])
    })

    it('signals a built sentra left unoccupied for N months and works past their planned end, as of the read date', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const facility = (id: string) => (type: string, data: Record<string, unknown>, occurredOn: string) => ({
        stream: `facility-${id}`,
        type,
        data,
        occurredOn,
      })
      const sentra = facility('fs')
      const uptd = facility('fu')
      const pemkab = { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Contoh' }
      await appendFacts(store, [
        sentra(
          'FacilityRegistered',
          {
            facilityId: 'fs',
            kind: 'SENTRA',
            name: 'Sentra IKM Contoh',
            region: regionJson('52.05', 'Kabupaten Dompu'),
            kbli: [],
            productFocus: ['kopi'],
            dataSource: 'NEWS',
            unitCount: 10,
          },
          '2019-01-10',
        ),
        sentra(
          'FacilityWorksContracted',
          { worksId: 'b1', kind: 'BUILD', programId: 'p1', startDate: '2019-03-01', plannedEndDate: '2019-11-30' },
          '2019-03-01',
        ),
        sentra('FacilityWorksCompleted', { worksId: 'b1' }, '2019-12-20'),
        uptd(
          'FacilityRegistered',
          {
            facilityId: 'fu',
            kind: 'UPTD',
            name: 'UPTD Contoh',
            region: regionJson('52.05', 'Kabupaten Dompu'),
            kbli: [],
            productFocus: [],
            dataSource: 'NEWS',
            alreadyBuilt: true,
          },
          '2019-01-10',
        ),
        uptd('FacilityOperationalStatusChanged', { status: 'OPERATIONAL' }, '2019-02-01'),
        uptd(
          'FacilityWorksContracted',
          {
            worksId: 'm1',
            kind: 'MACHINE_REVITALIZATION',
            programId: 'p1',
            startDate: '2020-01-01',
            plannedEndDate: '2020-06-30',
          },
          '2020-01-01',
        ),
        {
          stream: 'equipment-k1',
          type: 'EquipmentPlacedAtFacility',
          occurredOn: '2020-02-01',
          data: { facilityId: 'fu', facilityKind: 'UPTD', manager: pemkab },
        },
      ])
      const read = await backend.project(facilityRegistry, store)
      const at = async (asOf: string, idleMonths?: number) =>
        (await read(facilitySignalRows({ asOf, ...(idleMonths === undefined ? {} : { idleMonths }) }))).map((r) => [
          r.facilityId,
          r.equipmentPackages,
          r.signals,
        ])
      expect(await at('2020-12-31')).toEqual([
        ['fs', [], [{ kind: 'IDLE', basis: 'NO_USE_RECORDED', since: '2019-12-20', months: 12 }]],
        [
          'fu',
          ['k1'],
          [{ kind: 'WORKS_OVERDUE', worksId: 'm1', plannedEndDate: '2020-06-30', daysPastPlannedEnd: 184 }],
        ],
      ])
      // A shorter horizon raises nothing yet; works not yet past their end are not overdue.
      expect(await at('2020-06-30', 18)).toEqual([])
      await appendFacts(store, [
        sentra('FacilityOperationalStatusChanged', { status: 'OPERATIONAL' }, '2021-01-15'),
        sentra('FacilityOperationalStatusChanged', { status: 'IDLE' }, '2021-06-01'),
        uptd('FacilityWorksCompleted', { worksId: 'm1' }, '2021-02-01'),
      ])
      const later = await backend.project(facilityRegistry, store)
      const signals = await later(facilitySignalRows({ asOf: '2022-06-01' }))
      expect(signals.map((r) => [r.facilityId, r.signals])).toEqual([
        ['fs', [{ kind: 'IDLE', basis: 'RECORDED_IDLE', since: '2021-06-01', months: 12 }]],
      ])
      // Read as of an earlier date, the later facts do not count.
      expect((await later(facilitySignalRows({ asOf: '2020-12-31' }))).map((r) => r.facilityId)).toEqual(['fs', 'fu'])
      const [row] = await later(facilityRegistryRows({ kind: 'UPTD' }))
      expect(row?.equipmentPackages).toEqual(['k1'])
    })
  })
