import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { budgetRealisation, budgetRealisationRows, type BudgetLineRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

const line = (row: Partial<BudgetLineRow> & Pick<BudgetLineRow, 'period' | 'source' | 'region'>): BudgetLineRow => ({
  fiscalYear: null,
  asserted: false,
  allocated: 0n,
  revised: 0n,
  tranchesReceived: 0n,
  realised: 0n,
  reversed: 0n,
  absorptionBp: null,
  importedApproximate: 0n,
  importedExact: 0n,
  programIds: [],
  facilityIds: [],
  ...row,
})

const medan2019 = ['kue', 'batik', 'hp', 'conblock', 'kompos', 'seminar'].map((p) => `prg-medan-2019-${p}`)
const medan2020 = ['mekanik', 'sabun', 'animasi', 'bordir', 'ac', 'briket'].map((p) => `prg-medan-2020-${p}`)
const sawahlunto = { code: '13.73', name: 'Kota Sawahlunto' }
const sentra = 'fac-sentra-makanan-ringan-sawahlunto'

export const budgetRealisationSpec = (backend: Backend) =>
  describe(`BudgetRealisation (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(budgetRealisation, await seededStore())
    })

    it('gives the exact budget lines of the seed stories: sources asserted without money, approximate imports apart', async () => {
      expect(await read(budgetRealisationRows())).toEqual<ReadonlyArray<BudgetLineRow>>([
        line({
          fiscalYear: 2018,
          period: '2018',
          source: 'APBN_KL',
          region: { code: '16.71+16.07', name: 'Kota Palembang + Kabupaten Banyuasin' },
          asserted: true,
          programIds: ['prg-sumsel-wub-2018'],
        }),
        line({
          fiscalYear: 2019,
          period: '2019',
          source: 'APBD_KABKOTA',
          region: { code: '12.71', name: 'Kota Medan' },
          asserted: true,
          programIds: medan2019,
        }),
        line({
          fiscalYear: 2020,
          period: '2020',
          source: 'APBD_KABKOTA',
          region: { code: '12.71', name: 'Kota Medan' },
          asserted: true,
          programIds: medan2020,
        }),
        line({
          fiscalYear: 2020,
          period: '2020',
          source: 'APBN_KL',
          region: { code: '16.06', name: 'Kabupaten Musi Banyuasin' },
          asserted: true,
          programIds: ['prg-muba-led-2020'],
        }),
        line({
          fiscalYear: 2020,
          period: '2020',
          source: 'DEKONSENTRASI',
          region: { code: '63', name: 'Kalimantan Selatan' },
          asserted: true,
          programIds: ['prg-kalsel-dekon-2020'],
        }),
        line({
          period: 'until 2021',
          source: 'DAK_FISIK',
          region: sawahlunto,
          importedApproximate: 24_300_000_000n,
          facilityIds: [sentra],
        }),
        line({
          period: 'until 2021',
          source: 'DAK_NONFISIK',
          region: sawahlunto,
          importedApproximate: 2_700_000_000n,
          facilityIds: [sentra],
        }),
      ])
    })

    it('never counts S2 approximate history as documented realisation (T2.2)', async () => {
      const rows = await read(budgetRealisationRows())
      const sawahluntoRows = rows.filter((r) => r.region.code === '13.73')
      expect(sawahluntoRows.map((r) => [r.source, r.realised, r.importedApproximate])).toEqual([
        ['DAK_FISIK', 0n, 24_300_000_000n],
        ['DAK_NONFISIK', 0n, 2_700_000_000n],
      ])
    })

    it('keeps S3 APBD_KABKOTA as its own line, with no APBN for Medan (T3.5), and never shows an origin as a source (T1.1)', async () => {
      const rows = await read(budgetRealisationRows({ fiscalYear: 2020 }))
      expect(rows.filter((r) => r.region.code === '12.71').map((r) => r.source)).toEqual(['APBD_KABKOTA'])
      const all = await read(budgetRealisationRows())
      expect(all.filter((r) => r.source.includes('ASPIRASI'))).toEqual([])
    })

    it('sums allocations, revisions, tranches, realisation and reversals, with absorption rounded toward zero', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const dinas = {
        orgId: 'org-dinas-sawahlunto',
        kind: 'DINAS_KABKOTA',
        nameAtEvent: 'Disperindagkop Sawahlunto',
        region: regionJson('13.73', 'Kota Sawahlunto', 'KOTA'),
      }
      const program = (type: string, data: Record<string, unknown>, extra: { approximate?: boolean } = {}) => ({
        stream: 'program-dak-2022',
        type,
        data,
        occurredOn: '2022-03-01',
        ...extra,
      })
      await appendFacts(store, [
        program('ProgramRegistered', {
          programId: 'dak-2022',
          fiscalYear: 2022,
          title: 'Revitalisasi sentra',
          schemes: ['SENTRA_DAK_FISIK'],
          executingOrg: dinas,
          coOrganizers: [],
          regions: [regionJson('13.73', 'Kota Sawahlunto', 'KOTA')],
          kbli: [],
          origin: { kind: 'PEMDA_PROPOSAL' },
        }),
        program('ProgramApproved', {}),
        program('FundingAllocated', {
          lineId: 'l1',
          source: 'DAK_FISIK',
          amount: '1000000000',
          fiscalYear: 2022,
          purpose: 'CONSTRUCTION',
        }),
        program('FundingRevised', { lineId: 'l1', newAmount: '900000000', reason: 'EFISIENSI' }),
        program('DakTrancheReceived', {
          lineId: 'l1',
          tranche: 1,
          amount: '450000000',
          absorptionBpAtRequest: 0,
          outputBpAtRequest: 0,
        }),
        program('ExpenditureRealized', {
          lineId: 'l1',
          expenditureId: 'x1',
          amount: '300000000',
          category: 'KONSTRUKSI',
        }),
        program(
          'ExpenditureRealized',
          { lineId: 'l1', expenditureId: 'x2', amount: '50000000', category: 'KONSTRUKSI' },
          { approximate: true },
        ),
        program('ExpenditureReversed', { expenditureId: 'x1', amount: '20000000', reason: 'kelebihan bayar' }),
      ])
      const rows = await (await backend.project(budgetRealisation, store))(budgetRealisationRows({ fiscalYear: 2022 }))
      expect(rows).toEqual([
        line({
          fiscalYear: 2022,
          period: '2022',
          source: 'DAK_FISIK',
          region: sawahlunto,
          allocated: 1_000_000_000n,
          revised: 900_000_000n,
          tranchesReceived: 450_000_000n,
          realised: 300_000_000n,
          reversed: 20_000_000n,
          absorptionBp: 3111,
          importedApproximate: 50_000_000n,
          programIds: ['dak-2022'],
        }),
      ])
    })
  })
