import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { productionOutputRows, productionOutputs, type ProductionOutputRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

const gugusKabKota = 'Gugus Tugas Penanganan COVID-19 kabupaten/kota di Kalimantan Selatan'

export const productionOutputsSpec = (backend: Backend) =>
  describe(`ProductionOutputs (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(productionOutputs, await seededStore())
    })

    it('gives S4 o1 950/950 = 10000 bp and o3 3597/3600 bottles = 9991 bp, rounded toward zero (T4.3, T4.7)', async () => {
      const rows = await read(productionOutputRows({ programId: 'prg-kalsel-dekon-2020' }))
      const base = { programId: 'prg-kalsel-dekon-2020', region: null, delivered: 0n, deliveredTo: [] }
      expect(rows).toEqual<ReadonlyArray<ProductionOutputRow>>([
        {
          ...base,
          outputId: 'o1',
          product: 'baju hazmat / APD',
          trackId: 't1',
          unit: 'PCS',
          target: 950n,
          produced: 950n,
          achievementBp: 10000,
          bottles: null,
          intendedRecipients: [gugusKabKota, 'Gugus Tugas Percepatan Penanganan COVID-19 Provinsi Kalimantan Selatan'],
        },
        {
          ...base,
          outputId: 'o2',
          product: 'masker kain sasirangan',
          trackId: 't2',
          unit: 'PCS',
          target: 6034n,
          produced: 6034n,
          achievementBp: 10000,
          bottles: null,
          intendedRecipients: ['kabupaten/kota di Kalimantan Selatan'],
        },
        {
          ...base,
          outputId: 'o3',
          product: 'minuman herbal',
          trackId: 't3',
          unit: 'ML',
          target: 900_000n,
          produced: 899_250n,
          achievementBp: 9991,
          bottles: { volumeMl: 250, target: 3600n, produced: 3597n, delivered: 0n },
          intendedRecipients: [gugusKabKota, 'pasar / masyarakat'],
        },
        {
          ...base,
          outputId: 'o4',
          product: 'face shield',
          trackId: 't4',
          unit: 'PCS',
          target: null,
          produced: 0n,
          achievementBp: null,
          bottles: null,
          intendedRecipients: [gugusKabKota, 'pasar / masyarakat'],
        },
      ])
    })

    it('splits production and deliveries by region, the target staying on its own region', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const tala = regionJson('63.01', 'Kabupaten Tanah Laut')
      const kotabaru = regionJson('63.02', 'Kabupaten Kotabaru')
      const dinas = { orgId: 'org-dinas', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' }
      const gtpp = { orgId: 'org-gtpp-tala', kind: 'GUGUS_TUGAS', nameAtEvent: 'GTPP Tala' }
      const dinkes = { orgId: 'org-dinkes', kind: 'DINKES', nameAtEvent: 'Dinas Kesehatan Kotabaru' }
      const program = (type: string, data: Record<string, unknown>) => ({
        stream: 'program-p5',
        type,
        data,
        occurredOn: '2020-06-15',
      })
      await appendFacts(store, [
        program('ProductionTargetSet', {
          outputId: 'o1',
          product: 'APD',
          unit: 'PCS',
          target: '100',
          region: tala,
          intendedRecipients: [gtpp],
        }),
        program('ProductionReported', {
          reportId: 'r1',
          outputId: 'o1',
          quantity: { value: '100', unit: 'PCS' },
          reportedBy: dinas,
          region: tala,
        }),
        program('OutputDelivered', {
          deliveryId: 'd1',
          outputId: 'o1',
          quantity: { value: '50', unit: 'PCS' },
          to: gtpp,
          region: tala,
        }),
        program('ProductionReported', {
          reportId: 'r2',
          outputId: 'o1',
          quantity: { value: '70', unit: 'PCS' },
          reportedBy: dinas,
          region: kotabaru,
        }),
        program('OutputDelivered', {
          deliveryId: 'd2',
          outputId: 'o1',
          quantity: { value: '70', unit: 'PCS' },
          to: dinkes,
          region: kotabaru,
        }),
      ])
      const rows = await (await backend.project(productionOutputs, store))(productionOutputRows())
      expect(
        rows.map((r) => [r.region?.code, r.target, r.produced, r.delivered, r.achievementBp, r.deliveredTo]),
      ).toEqual([
        ['63.01', 100n, 100n, 50n, 10000, ['GTPP Tala']],
        ['63.02', null, 70n, 70n, null, ['Dinas Kesehatan Kotabaru']],
      ])
    })
  })
