import type { CivilDate, Instant } from '@ikm-ledger/core'
import * as E from 'fp-ts/Either'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ikmTypedViews,
  participantStatistics,
  programStatusBoard,
  programStatusBoardRows,
  projectReadModelsAt,
  publicParticipantStatisticsAllRows,
  readInMemory,
  readModelAt,
  toRecords,
  type TimeBounds,
} from '../src'
import type { EventStore } from '@ikm-ledger/core'
import { SHIPPED_REGION_LISTS } from '@ikm-ledger/core/domain'
import { seededStore } from './fixtures/seeds'

/** The columns compared per typed table: the ones that change between the two cut-off dates. */
const KEYS: Readonly<Record<string, ReadonlyArray<string>>> = {
  ikm_rm1_programs: ['program_id', 'state', 'participants_selected', 'participant_quota', 'open_compliance_gaps'],
  ikm_rm2_budget: ['period', 'source', 'region_code', 'asserted', 'revised', 'imported_approximate', 'program_ids'],
  ikm_rm3_custody: [
    'package_id',
    'custody',
    'legal_steps',
    'legal_steps_without_document',
    'ceremonial_handovers',
    'hibah_status',
  ],
  ikm_rm5_production: ['output_id', 'product', 'unit', 'target', 'produced', 'delivered', 'achievement_bp'],
  ikm_rm7_checklist: ['stream_id', 'expected', 'present', 'missing', 'open_gaps', 'funding_concerns', 'ready'],
  ikm_rm8_facilities: ['facility_id', 'status', 'unit_count', 'funding_approximate'],
  ikm_rm10_coverage: ['region_code', 'fiscal_year', 'programs', 'schemes', 'batches', 'participants', 'packages'],
}

const MEDAN_2019 = ['batik', 'conblock', 'hp', 'kompos', 'kue', 'seminar']
const MEDAN_2020 = ['ac', 'animasi', 'bordir', 'briket', 'mekanik', 'sabun']
const QUOTAS_2020: Readonly<Record<string, number | null>> = {
  ac: 20,
  animasi: null,
  bordir: 70,
  briket: null,
  mekanik: 20,
  sabun: null,
}

const programsAt = (withS0: boolean) => [
  ['prg-kalsel-dekon-2020', 'IN_EXECUTION', 91, 91, 1],
  ...MEDAN_2019.map((p) => [`prg-medan-2019-${p}`, 'EXECUTION_COMPLETED', 0, null, 1]),
  ...MEDAN_2020.map((p) => [`prg-medan-2020-${p}`, 'PLANNED', 0, QUOTAS_2020[p] ?? null, 0]),
  ...(withS0 ? [['prg-muba-led-2020', 'IN_EXECUTION', 25, 25, 5]] : []),
  ['prg-sumsel-wub-2018', 'IN_EXECUTION', 0, null, 3],
]

const budgetAt = (withS0: boolean) => [
  ['2018', 'APBN_KL', '16.71+16.07', true, '0', '0', 'prg-sumsel-wub-2018'],
  ['2019', 'APBD_KABKOTA', '12.71', true, '0', '0', MEDAN_2019_ORDER.map((p) => `prg-medan-2019-${p}`).join('; ')],
  ['2020', 'APBD_KABKOTA', '12.71', true, '0', '0', MEDAN_2020_ORDER.map((p) => `prg-medan-2020-${p}`).join('; ')],
  ...(withS0 ? [['2020', 'APBN_KL', '16.06', true, '0', '0', 'prg-muba-led-2020']] : []),
  ['2020', 'DEKONSENTRASI', '63', true, '0', '0', 'prg-kalsel-dekon-2020'],
]
// The order the seed story registers them in.
const MEDAN_2019_ORDER = ['kue', 'batik', 'hp', 'conblock', 'kompos', 'seminar']
const MEDAN_2020_ORDER = ['mekanik', 'sabun', 'animasi', 'bordir', 'ac', 'briket']

const sumselPackages = [
  ['pkg-sumsel-wub-2018-1607', 'PROCURED', 1, 1, 1, 'PENDING'],
  ['pkg-sumsel-wub-2018-1671', 'PROCURED', 1, 1, 1, 'PENDING'],
]

const production = [
  ['o1', 'baju hazmat / APD', 'PCS', '950', '950', '0', 10000],
  ['o2', 'masker kain sasirangan', 'PCS', '6034', '6034', '0', 10000],
  ['o3', 'minuman herbal', 'ML', '900000', '899250', '0', 9991],
  ['o4', 'face shield', 'PCS', null, '0', '0', null],
]

const checklistAt = (withS0: boolean) => [
  ...(withS0
    ? [
        ['equipment-pkg-muba-led-a', 3, 0, 3, 2, 0, false],
        ['equipment-pkg-muba-led-b', 3, 0, 3, 2, 0, false],
      ]
    : []),
  ['equipment-pkg-sumsel-wub-2018-1607', 2, 0, 2, 1, 0, false],
  ['equipment-pkg-sumsel-wub-2018-1671', 2, 0, 2, 1, 0, false],
  ...(withS0 ? [['facility-fac-sentra-led-muba', 0, 0, 0, 0, 0, true]] : []),
  ['program-prg-kalsel-dekon-2020', 2, 0, 2, 1, 1, false],
  ...MEDAN_2019.map((p) => [`program-prg-medan-2019-${p}`, 3, 0, 3, 1, 1, false]),
  ...MEDAN_2020.map((p) => [`program-prg-medan-2020-${p}`, 0, 0, 0, 0, 1, false]),
  ...(withS0 ? [['program-prg-muba-led-2020', 2, 0, 2, 1, 1, false]] : []),
  ['program-prg-sumsel-wub-2018', 1, 0, 1, 1, 1, false],
]

// RM-9 does not move between the two cut-offs: S1's 2018 aspirasi program, its two packages still procured.
const aspirations = [
  [
    'Bambang Wasista Bambang Utoyo',
    2018,
    'VI',
    '',
    1,
    'prg-sumsel-wub-2018',
    '16.71; 16.07',
    'Kota Palembang; Kabupaten Banyuasin',
    0,
    2,
    0,
    0,
  ],
]

// The 13 kabupaten/kota of Kalimantan Selatan in the shipped region list (Region.test.ts pins them).
const KALSEL = SHIPPED_REGION_LISTS[1]!.rows.filter((r) => r.code.startsWith('63.')).map((r) => r.code)
const coverageAt = (withS0: boolean) => [
  ['12.71', 2019, 6, 'APBD_PELATIHAN', 0, 0, 0],
  ['12.71', 2020, 6, 'APBD_PELATIHAN', 0, 0, 0],
  ...(withS0 ? [['16.06', 2020, 1, 'BIMTEK_DIVERSIFIKASI; BANTUAN_PERALATAN', 1, 25, 2]] : []),
  ['16.07', 2018, 1, 'WUB_BIMTEK; BANTUAN_PERALATAN', 0, 0, 2],
  ['16.71', 2018, 1, 'WUB_BIMTEK; BANTUAN_PERALATAN', 1, 0, 2],
  ...KALSEL.map((code) => [code, 2020, 1, 'DEKON_PELATIHAN', 0, 7, 0]),
]

const tablesAt = async (store: EventStore, bounds: TimeBounds) => {
  const models = [...new Set(ikmTypedViews.map((v) => v.model))]
  const at = await projectReadModelsAt(store, models, bounds)()
  if (E.isLeft(at)) throw new Error(at.left._tag)
  return Object.fromEntries(
    ikmTypedViews.map((v) => {
      const records = toRecords(v.columns, readInMemory(at.right.states.get(v.model.name) ?? new Map(), v.rows))
      return [v.name, records.map((r) => (KEYS[v.name] ?? Object.keys(r)).map((k) => r[k]))]
    }),
  )
}

describe('TimeTravel', () => {
  let store: EventStore
  beforeAll(async () => {
    store = await seededStore()
  }, 120_000)

  it('gives the read models of the seed stories as of the mid-year cut-off, 30 June 2020', async () => {
    const tables = await tablesAt(store, { asOf: '2020-06-30' as CivilDate })
    expect(tables['ikm_rm1_programs']).toEqual(programsAt(false))
    expect(tables['ikm_rm2_budget']).toEqual(budgetAt(false))
    expect(tables['ikm_rm3_custody']).toEqual(sumselPackages)
    expect(tables['ikm_rm5_production']).toEqual(production)
    expect(tables['ikm_rm7_checklist']).toEqual(checklistAt(false))
    expect(tables['ikm_rm7_documents']).toHaveLength(25)
    expect(tables['ikm_rm8_facilities']).toEqual([])
    expect(tables['ikm_rm9_aspirations']).toEqual(aspirations)
    expect(tables['ikm_rm10_coverage']).toEqual(coverageAt(false))
  })

  it('gives them as of the fiscal-year end, 31 December 2020: S0 (November 2020) is in, S2 (2021) is not', async () => {
    const tables = await tablesAt(store, { asOf: '2020-12-31' as CivilDate })
    expect(tables['ikm_rm1_programs']).toEqual(programsAt(true))
    expect(tables['ikm_rm2_budget']).toEqual(budgetAt(true))
    expect(tables['ikm_rm3_custody']).toEqual([
      ['pkg-muba-led-a', 'WITH_PEMDA_OPERATIONAL', 2, 2, 1, 'PENDING'],
      ['pkg-muba-led-b', 'WITH_PEMDA_OPERATIONAL', 2, 2, 1, 'PENDING'],
      ...sumselPackages,
    ])
    expect(tables['ikm_rm5_production']).toEqual(production)
    expect(tables['ikm_rm7_checklist']).toEqual(checklistAt(true))
    expect(tables['ikm_rm7_documents']).toHaveLength(33)
    expect(tables['ikm_rm8_facilities']).toEqual([['fac-sentra-led-muba', 'REGISTERED', null, '0']])
    expect(tables['ikm_rm9_aspirations']).toEqual(aspirations)
    expect(tables['ikm_rm10_coverage']).toEqual(coverageAt(true))
  })

  it('gives RM-4 aggregate-only at both cut-offs: Kalimantan Selatan by mid-year, Musi Banyuasin by the year end', async () => {
    const rowsAt = async (asOf: string) => {
      const rows = await readModelAt(store, participantStatistics, publicParticipantStatisticsAllRows(), {
        asOf: asOf as CivilDate,
      })()
      if (E.isLeft(rows)) throw new Error(rows.left._tag)
      return rows.right.map((r) => [r.programId, r.trackId, r.region.code, r.suppressed, r.participants])
    }
    const kalsel = KALSEL.map((code) => ['prg-kalsel-dekon-2020', 't1', code, false, 7])
    expect(await rowsAt('2020-06-30')).toEqual(kalsel)
    expect(await rowsAt('2020-12-31')).toEqual([...kalsel, ['prg-muba-led-2020', null, '16.06', false, 25]])
  })

  it('keeps what the ledger knew at an instant: one second after the first record, two events', async () => {
    const at = await projectReadModelsAt(store, [programStatusBoard], {
      asKnownAt: '2026-01-01T00:00:01.000Z' as Instant,
    })()
    expect(E.isRight(at) && [at.right.eventsRead, at.right.eventsCounted]).toEqual([333, 2])
    const board = await readModelAt(store, programStatusBoard, programStatusBoardRows(), {
      asKnownAt: '2025-12-31T23:59:59.999Z' as Instant,
    })()
    expect(board).toEqual(E.right([]))
  })

  it('combines both bounds: as of the year end, as known before S0 was recorded', async () => {
    const all = await tablesAt(store, { asOf: '2020-12-31' as CivilDate })
    const before = await tablesAt(store, {
      asOf: '2020-12-31' as CivilDate,
      asKnownAt: '2026-01-01T00:00:00.000Z' as Instant,
    })
    expect(all['ikm_rm1_programs']?.length).toBe(15)
    expect(before['ikm_rm1_programs']).toEqual([['prg-muba-led-2020', 'PLANNED', 0, null, 0]])
  })

  it('refuses an impossible date and a date given as an instant', async () => {
    const impossible = await readModelAt(store, programStatusBoard, programStatusBoardRows(), {
      asOf: '2020-11-31' as CivilDate,
    })()
    expect(E.isLeft(impossible) && impossible.left._tag).toBe('InvalidProjection')
    const dateOnly = await readModelAt(store, programStatusBoard, programStatusBoardRows(), {
      asKnownAt: '2026-01-01' as Instant,
    })()
    expect(E.isLeft(dateOnly) && JSON.stringify(dateOnly.left)).toContain(
      "asKnownAt: '2026-01-01' is a date, not an instant",
    )
  })

  it('answers bounds of any shape with a value, never a throw, and takes an instant with its zone', async () => {
    for (const [bounds, reason] of [
      [null, 'the time bounds must be an object or left out, got null'],
      ['2020-12-31', 'the time bounds must be an object or left out'],
      [{ asof: '2020-12-31' }, 'the time bounds take asOf and asKnownAt only, not "asof"'],
      [{ asKnownAt: 5 }, 'asKnownAt must be an ISO-8601 instant'],
    ] as const) {
      const result = await readModelAt(store, programStatusBoard, programStatusBoardRows(), bounds as never)()
      expect(E.isLeft(result) && result.left._tag, JSON.stringify(bounds)).toBe('InvalidProjection')
      expect(E.isLeft(result) ? (result.left as { readonly reason?: string }).reason : 'no error').toContain(reason)
    }
    const utc = await readModelAt(store, programStatusBoard, programStatusBoardRows(), {
      asKnownAt: '2026-01-01T00:00:00.000Z' as Instant,
    })()
    const wib = await readModelAt(store, programStatusBoard, programStatusBoardRows(), {
      asKnownAt: '2026-01-01T07:00:00+07:00' as Instant,
    })()
    expect(E.isRight(wib)).toBe(true)
    expect(wib).toEqual(utc)
  })
})
