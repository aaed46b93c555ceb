import {
  projectionErrorMessage,
  startProjection,
  type EventStore,
  type PersistedProjection,
  type ProjectionStore,
} from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  aspirationsView,
  budgetView,
  coverageView,
  facilitiesView,
  formatExport,
  ikmReadModels,
  ikmTypedViews,
  projectReadModelsAt,
  readInMemory,
  type ReadModel,
  type TypedView,
} from '../../src'
import { seededStore } from '../fixtures/seeds'

/** A database with the typed tables filled in by the real runner, queried with plain SQL. */
export interface TypedTables {
  readonly name: string
  /** Fills the read models through `startProjection` and answers SQL. */
  readonly open: (store: EventStore) => Promise<{
    readonly select: (table: string) => Promise<ReadonlyArray<Record<string, unknown>>>
    readonly columnTypes: (table: string) => Promise<Readonly<Record<string, string>>>
  }>
}

/** Runs every ready-made read model through the runner into a projection store. */
export const runAll = async <Tx>(
  store: EventStore,
  projectionStore: ProjectionStore<Tx>,
  persisted: (model: ReadModel) => PersistedProjection<Tx>,
): Promise<void> => {
  for (const model of ikmReadModels) {
    const runner = startProjection({
      store,
      projectionStore,
      projection: persisted(model),
      poisonPolicy: 'stop',
      batchSize: 40,
    })
    const caughtUp = await runner.whenCaughtUp({ timeoutMs: 60_000 })()
    await runner.stop()
    if (E.isLeft(caughtUp)) throw new Error(projectionErrorMessage(caughtUp.left))
  }
}

/** The CSV of the seed stories' budget and facility registry: the figures an analyst sees in Excel. */
export const SEED_BUDGET_CSV = [
  'period,fiscal_year,source,region_code,region_name,asserted,allocated,revised,tranches_received,realised,reversed,absorption_bp,imported_approximate,imported_exact,program_ids,facility_ids',
  '2018,2018,APBN_KL,16.71+16.07,Kota Palembang + Kabupaten Banyuasin,true,0,0,0,0,0,,0,0,prg-sumsel-wub-2018,',
  '2019,2019,APBD_KABKOTA,12.71,Kota Medan,true,0,0,0,0,0,,0,0,prg-medan-2019-kue; prg-medan-2019-batik; prg-medan-2019-hp; prg-medan-2019-conblock; prg-medan-2019-kompos; prg-medan-2019-seminar,',
  '2020,2020,APBD_KABKOTA,12.71,Kota Medan,true,0,0,0,0,0,,0,0,prg-medan-2020-mekanik; prg-medan-2020-sabun; prg-medan-2020-animasi; prg-medan-2020-bordir; prg-medan-2020-ac; prg-medan-2020-briket,',
  '2020,2020,APBN_KL,16.06,Kabupaten Musi Banyuasin,true,0,0,0,0,0,,0,0,prg-muba-led-2020,',
  '2020,2020,DEKONSENTRASI,63,Kalimantan Selatan,true,0,0,0,0,0,,0,0,prg-kalsel-dekon-2020,',
  'until 2021,,DAK_FISIK,13.73,Kota Sawahlunto,false,0,0,0,0,0,,24300000000,0,,fac-sentra-makanan-ringan-sawahlunto',
  'until 2021,,DAK_NONFISIK,13.73,Kota Sawahlunto,false,0,0,0,0,0,,2700000000,0,,fac-sentra-makanan-ringan-sawahlunto',
  '',
].join('\r\n')

export const SEED_FACILITIES_CSV = [
  'facility_id,kind,name,region_code,region_name,status,built,potential,unit_count,worker_count,kbli,works,funding_documented,funding_approximate,open_compliance_gaps',
  'fac-sentra-led-muba,SENTRA,Sentra IKM Pembuatan Lampu LED,16.06,Kabupaten Musi Banyuasin,REGISTERED,false,true,,,2020:27404,0,0,0,0',
  'fac-sentra-makanan-ringan-sawahlunto,SENTRA,Sentra IKM Pengolahan Makanan Ringan,13.73,Kota Sawahlunto,BUILT,true,true,,,2020:10794,0,0,27000000000,0',
  'fac-uptd-tekstil-sawahlunto,UPTD,UPTD Tekstil,13.73,Kota Sawahlunto,REGISTERED,false,false,,,2020:15201; 2020:15121; 2020:13131; 2020:13121,0,0,0,0',
  '',
].join('\r\n')

export const SEED_ASPIRATIONS_CSV = [
  'member,fiscal_year,commissions,electoral_districts,programs,program_ids,region_codes,region_names,participants,packages_with_government,packages_with_recipients,packages_written_off',
  'Bambang Wasista Bambang Utoyo,2018,VI,,1,prg-sumsel-wub-2018,16.71; 16.07,Kota Palembang; Kabupaten Banyuasin,0,2,0,0',
  '',
].join('\r\n')

const KALSEL_REGIONS = [
  ['63.01', 'Kabupaten Tanah Laut'],
  ['63.02', 'Kabupaten Kotabaru'],
  ['63.03', 'Kabupaten Banjar'],
  ['63.04', 'Kabupaten Barito Kuala'],
  ['63.05', 'Kabupaten Tapin'],
  ['63.06', 'Kabupaten Hulu Sungai Selatan'],
  ['63.07', 'Kabupaten Hulu Sungai Tengah'],
  ['63.08', 'Kabupaten Hulu Sungai Utara'],
  ['63.09', 'Kabupaten Tabalong'],
  ['63.10', 'Kabupaten Tanah Bumbu'],
  ['63.11', 'Kabupaten Balangan'],
  ['63.71', 'Kota Banjarmasin'],
  ['63.72', 'Kota Banjarbaru'],
]

export const SEED_COVERAGE_CSV = [
  'region_code,region_name,fiscal_year,programs,program_ids,schemes,batches,participants,packages',
  '12.71,Kota Medan,2019,6,prg-medan-2019-kue; prg-medan-2019-batik; prg-medan-2019-hp; prg-medan-2019-conblock; prg-medan-2019-kompos; prg-medan-2019-seminar,APBD_PELATIHAN,0,0,0',
  '12.71,Kota Medan,2020,6,prg-medan-2020-mekanik; prg-medan-2020-sabun; prg-medan-2020-animasi; prg-medan-2020-bordir; prg-medan-2020-ac; prg-medan-2020-briket,APBD_PELATIHAN,0,0,0',
  '16.06,Kabupaten Musi Banyuasin,2020,1,prg-muba-led-2020,BIMTEK_DIVERSIFIKASI; BANTUAN_PERALATAN,1,25,2',
  '16.07,Kabupaten Banyuasin,2018,1,prg-sumsel-wub-2018,WUB_BIMTEK; BANTUAN_PERALATAN,0,0,2',
  '16.71,Kota Palembang,2018,1,prg-sumsel-wub-2018,WUB_BIMTEK; BANTUAN_PERALATAN,1,0,2',
  ...KALSEL_REGIONS.map(([code, name]) => `${code},${name},2020,1,prg-kalsel-dekon-2020,DEKON_PELATIHAN,0,7,0`),
  '',
].join('\r\n')

/** SQL rows as CSV, the way `formatExport` writes a typed view's cells (SQLite booleans are 0/1). */
const csvOf = (view: TypedView, rows: ReadonlyArray<Record<string, unknown>>, booleans: 'int' | 'bool') =>
  formatExport(
    'csv',
    view.columns,
    rows.map((r) =>
      view.columns.map((c) => {
        const v = r[c.name]
        if (v === null || v === undefined) return null
        if (c.type === 'boolean' && booleans === 'int') return v === 1
        if (v instanceof Date) {
          // pg reads a `date` as local midnight.
          return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
        }
        return typeof v === 'boolean' ? v : String(v)
      }),
    ),
  )

/** A table has no row order of its own: compare the header, then the rows as a sorted list. */
const sortedLines = (csv: string): ReadonlyArray<string> => {
  const [header = '', ...rows] = csv.split('\r\n')
  return [header, ...rows.sort()]
}

export const typedViewsSpec = (
  backend: TypedTables,
  booleans: 'int' | 'bool',
  types: Readonly<Record<string, string>>,
) =>
  describe(`typed read-model tables (${backend.name})`, () => {
    let db: Awaited<ReturnType<TypedTables['open']>>
    let store: EventStore
    beforeAll(async () => {
      store = await seededStore()
      db = await backend.open(store)
    }, 120_000)

    it('writes the budget and the facility registry as real columns, with the exact seed rows', async () => {
      expect(sortedLines(csvOf(budgetView, await db.select(budgetView.name), booleans))).toEqual(
        sortedLines(SEED_BUDGET_CSV),
      )
      expect(sortedLines(csvOf(facilitiesView, await db.select(facilitiesView.name), booleans))).toEqual(
        sortedLines(SEED_FACILITIES_CSV),
      )
    })

    it('writes RM-9 (aspirasi tracker) and RM-10 (regional coverage) as real columns, with the exact seed rows', async () => {
      expect(sortedLines(csvOf(aspirationsView, await db.select(aspirationsView.name), booleans))).toEqual(
        sortedLines(SEED_ASPIRATIONS_CSV),
      )
      expect(sortedLines(csvOf(coverageView, await db.select(coverageView.name), booleans))).toEqual(
        sortedLines(SEED_COVERAGE_CSV),
      )
      const coverage = await db.columnTypes(coverageView.name)
      expect([coverage['region_code'], coverage['fiscal_year'], coverage['participants']]).toEqual([
        types['text'],
        types['integer'],
        types['integer'],
      ])
    })

    it('gives every column its SQL type: money as integers, flags as booleans, text as text', async () => {
      const budget = await db.columnTypes(budgetView.name)
      expect([budget['allocated'], budget['fiscal_year'], budget['asserted'], budget['source']]).toEqual([
        types['money'],
        types['integer'],
        types['boolean'],
        types['text'],
      ])
      const custody = await db.columnTypes('ikm_rm3_custody')
      expect(custody['last_monitoring_on']).toBe(types['date'])
    })

    it('holds in every typed table the same rows as the read model computed in memory', async () => {
      const at = await projectReadModelsAt(store, ikmReadModels)()
      if (E.isLeft(at)) throw new Error(projectionErrorMessage(at.left))
      for (const v of ikmTypedViews) {
        const expected = formatExport(
          'csv',
          v.columns,
          readInMemory(at.right.states.get(v.model.name) ?? new Map(), v.rows),
        )
        const actual = csvOf(v, await db.select(v.name), booleans)
        expect([v.name, sortedLines(actual)]).toEqual([v.name, sortedLines(expected)])
      }
    })
  })
