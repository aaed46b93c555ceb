// The acceptance tests of research §5 that the Program aggregate covers, on the seed stories' own facts.
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  basisPointsOf,
  convertQuantity,
  FundingSource,
  inclusiveDays,
  isProgram,
  normalizeFundingSource,
  openGapsOf,
  SHIPPED_REGION_LISTS,
  type OfficialRef,
  type ProgramCommand,
} from '../../../src/domain'
import { allocate, cmd, ctx, date, news, org, region, register, rejection, run, select, type Run } from './fixtures'

const seedRef = (uri: string) => ({ level: 'NEWS_REPORT' as const, refs: [{ kind: 'NEWS_ARTICLE', uri }] })
const imported = (on: string, uri = 'https://www.sumselpers.com/2020/12/muba-kembangkan-industri-lampu-led.html') =>
  ctx(on, 'HISTORICAL_IMPORT', seedRef(uri))

const ditjenIkma = org('ditjen-ikma', 'DITJEN', 'Direktorat Jenderal Industri Kecil, Menengah dan Aneka')
const pemkabMuba = {
  ...org('pemkab-muba', 'PEMDA_KABKOTA', 'Pemerintah Kabupaten Musi Banyuasin'),
  region: region('16.06'),
}

// -------------------------------------------------------------------------------------
// S0: Muba LED
// -------------------------------------------------------------------------------------

const bupatiMuba: OfficialRef = {
  nameAtEvent: 'Dr H Dodi Reza Alex Noerdin Lic Econ MBA',
  positionAtEvent: 'Bupati Musi Banyuasin',
  org: pemkabMuba,
  acting: 'DEFINITIF',
  representedBy: {
    nameAtEvent: 'Ir H Yusman Srianto MT',
    positionAtEvent: 'Asisten Bidang Pembangunan dan Perekonomian Setda Muba',
    org: pemkabMuba,
  },
}

const mubaCommands = (): ReadonlyArray<ProgramCommand> => [
  register(
    {
      fiscalYear: 2020,
      title: 'Bimtek Diversifikasi Produk Elektronika – Perakitan Lampu LED',
      schemes: ['BIMTEK_DIVERSIFIKASI', 'BANTUAN_PERALATAN'],
      executingOrg: ditjenIkma,
      coOrganizers: [pemkabMuba],
      regions: [{ ...region('16.06'), nameAtEvent: 'Kabupaten Musi Banyuasin' }],
      kbli: [{ version: '2020', code: '27404' }],
      origin: { kind: 'MINISTRY_INITIATIVE' },
    },
    imported('2020-11-01'),
  ),
  cmd('ApproveProgram', {}, imported('2020-11-01')),
  cmd('AssertFundingSource', { source: 'APBN_KL', sourceOrg: ditjenIkma }, imported('2020-11-01')),
  cmd('SetQuota', { scope: {}, maxParticipants: 25 }, imported('2020-11-01')),
  ...Array.from({ length: 25 }, (_, i) =>
    select(`pt${String(i + 1).padStart(2, '0')}`, { region: region('16.06') }, imported('2020-11-20')),
  ),
  cmd(
    'AssignInstructor',
    { assignmentId: 'ins-kemenperin', org: org('kemenperin', 'KEMENPERIN', 'Kementerian Perindustrian') },
    imported('2020-11-20'),
  ),
  cmd(
    'ScheduleTrainingBatch',
    {
      batchId: 'b1',
      title: 'Bimtek Perakitan Lampu LED',
      mode: 'CLASSROOM',
      venue: 'Aula Hotel Randik Sekayu',
      region: region('16.06'),
      startDate: date('2020-11-30'),
      endDate: date('2020-12-04'),
      capacity: 25,
    },
    imported('2020-11-20'),
  ),
]

const muba = (): Run => run(mubaCommands())

describe('S0 Muba LED (prg-muba-led-2020)', () => {
  it('T0.1: 2020-11-30..2020-12-04 is 5 planned days', () => {
    expect(inclusiveDays(date('2020-11-30'), date('2020-12-04'))).toBe(5)
    const scheduled = muba().events.find((e) => e.type === 'TrainingBatchScheduled')
    expect(scheduled?.data).toMatchObject({ plannedDays: 5 })
  })

  it('T0.2: a 26th participant is rejected by the quota of 25', () => {
    const error = rejection(select('pt26', { region: region('16.06') }, imported('2020-11-20')), muba())
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R10' })
  })

  it('T0.5: opening in OPERATIONAL mode is rejected (not FUNDED); in HISTORICAL_IMPORT it is accepted with an R7 gap', () => {
    const openBy = (context: ReturnType<typeof ctx>) =>
      cmd('OpenTrainingBatch', { batchId: 'b1', openedBy: bupatiMuba }, context)
    const error = rejection(openBy(ctx('2020-11-30')), muba())
    expect(error).toMatchObject({ rule: 'R7' })
    expect(error.message).toContain('APPROVED, not FUNDED')
    const opened = run([openBy(imported('2020-11-30'))], muba())
    expect(opened.state.status).toBe('IN_EXECUTION')
    expect(openGapsOf(opened.state).map((g) => g.rule)).toEqual(['R7'])
    expect(opened.events.find((e) => e.type === 'TrainingBatchOpened')?.data).toMatchObject({
      openedBy: { representedBy: { nameAtEvent: 'Ir H Yusman Srianto MT' } },
    })
  })

  it('never invents an amount: asserted funding leaves the program APPROVED with no line', () => {
    const r = muba()
    expect(r.state.status).toBe('APPROVED')
    expect(isProgram(r.state) && [r.state.lines.size, r.state.fundingAsserted]).toEqual([0, ['APBN_KL']])
  })
})

// -------------------------------------------------------------------------------------
// S1: Palembang and Banyuasin WUB with a DPR member
// -------------------------------------------------------------------------------------

const S1_URL = 'https://www.swarnanews.co.id/2018/08/23/dirjen-ikm-bantu-industri-baru-palembang-banyuasin/'
const dpr = org('dpr-ri', 'DPR_RI', 'DPR RI')
const sumsel = (): Run =>
  run([
    register(
      {
        fiscalYear: 2018,
        title: 'Bimtek Penumbuhan Wirausaha Baru IKM Palembang dan Banyuasin',
        schemes: ['WUB_BIMTEK', 'BANTUAN_PERALATAN'],
        executingOrg: org('ditjen-ikm', 'DITJEN', 'Direktorat Jenderal Industri Kecil dan Menengah'),
        regions: [region('16.71'), region('16.07')],
        origin: {
          kind: 'ASPIRASI_DPR',
          member: {
            nameAtEvent: 'Bambang Wasista Bambang Utoyo',
            positionAtEvent: 'Anggota DPR RI Komisi VI',
            org: dpr,
            aliasesAtEvent: ['Wasista Bambang Utoyo'],
          },
          commission: 'VI',
          party: 'Golkar',
        },
      },
      imported('2018-08-01', S1_URL),
    ),
    cmd('ApproveProgram', {}, imported('2018-08-01', S1_URL)),
    cmd('AssertFundingSource', { source: 'APBN_KL' }, imported('2018-08-01', S1_URL)),
    cmd(
      'ScheduleTrainingBatch',
      {
        batchId: 'wub-1',
        title: 'Bimtek penumbuhan wirausaha baru IKM',
        mode: 'CLASSROOM',
        venue: 'Hotel Aston Palembang',
        region: region('16.71'),
        startDate: date('2018-08-23'),
        endDate: date('2018-08-23'),
      },
      imported('2018-08-01', S1_URL),
    ),
  ])

describe('S1 Palembang & Banyuasin (prg-sumsel-wub-2018)', () => {
  it('T1.1: origin is ASPIRASI_DPR and the funding source APBN_KL; aspirasi is never a source', () => {
    const r = sumsel()
    expect(isProgram(r.state) && r.state.origin.kind).toBe('ASPIRASI_DPR')
    expect(isProgram(r.state) && r.state.fundingAsserted).toEqual(['APBN_KL'])
    expect(FundingSource.is('ASPIRASI_DPR')).toBe(false)
    expect(E.isLeft(normalizeFundingSource('aspirasi DPR'))).toBe(true)
  })

  it('T1.3: a group member without an individual eligibility check blocks the selection (R29)', () => {
    const error = rejection(
      select(
        'kub-member-1',
        { region: region('16.71'), groupId: 'kub-palembang', checkedVia: 'GROUP_LEADER' },
        imported('2018-08-20', S1_URL),
      ),
      sumsel(),
    )
    expect(error).toMatchObject({ rule: 'R29' })
  })

  it('T1.4: the official who opened is stored as printed, with titleVerified=false', () => {
    const endang: OfficialRef = {
      nameAtEvent: 'Endang Suwartini',
      positionAtEvent: 'Dirjen Kementerian Kecil dan Menengah RI',
      org: org('ditjen-ikm', 'DITJEN', 'Direktorat Jenderal Industri Kecil dan Menengah'),
      titleVerified: false,
    }
    const masrifin: OfficialRef = {
      nameAtEvent: 'Masrifin',
      positionAtEvent: 'Kepala Dinas Perindustrian Kota Palembang',
      org: org('dinas-perindustrian-palembang', 'DINAS_KABKOTA'),
      aliasesAtEvent: ['Masripin'],
    }
    const pjsWalikota: OfficialRef = {
      nameAtEvent: 'Pjs Walikota Palembang',
      positionAtEvent: 'Pjs Walikota Palembang',
      org: org('pemkot-palembang', 'PEMDA_KABKOTA'),
      acting: 'PJS',
      representedBy: masrifin,
    }
    const r = run(
      [
        cmd(
          'OpenTrainingBatch',
          { batchId: 'wub-1', openedBy: endang, speakers: [pjsWalikota] },
          imported('2018-08-23', S1_URL),
        ),
      ],
      sumsel(),
    )
    const opened = r.events.find((e) => e.type === 'TrainingBatchOpened')
    expect(opened?.data).toMatchObject({
      openedBy: {
        nameAtEvent: 'Endang Suwartini',
        positionAtEvent: 'Dirjen Kementerian Kecil dan Menengah RI',
        titleVerified: false,
      },
      speakers: [{ acting: 'PJS', representedBy: { nameAtEvent: 'Masrifin' } }],
    })
  })

  it('records the Kadis aspiration for equipment and capital as a fact, not a program change', () => {
    const r = run(
      [
        cmd(
          'NoteAspiration',
          {
            aspirationId: 'asp-1',
            from: { nameAtEvent: 'Masrifin', positionAtEvent: 'Kadis', org: org('d', 'DINAS_KABKOTA') },
            request: 'bantuan peralatan maupun modal',
          },
          imported('2018-08-23', S1_URL),
        ),
      ],
      sumsel(),
    )
    expect(r.state.status).toBe('APPROVED')
    expect(r.events.at(-1)?.type).toBe('AspirationNoted')
  })
})

// -------------------------------------------------------------------------------------
// S3: Medan, APBD programs for 2020
// -------------------------------------------------------------------------------------

const medan = (title: string, quota: number): Run =>
  run([
    register(
      {
        fiscalYear: 2020,
        title,
        schemes: ['APBD_PELATIHAN'],
        executingOrg: {
          ...org('disperin-medan', 'DINAS_KABKOTA', 'Dinas Perindustrian Kota Medan'),
          region: region('12.71'),
        },
        regions: [region('12.71')],
        kbli: [],
        origin: { kind: 'DINAS_INITIATIVE' },
      },
      ctx('2019-12-01'),
    ),
    cmd('ApproveProgram', {}, ctx('2019-12-15')),
    allocate(
      'apbd',
      150_000_000n,
      { source: 'APBD_KABKOTA', budgetDoc: { kind: 'DPA', number: 'DPA-2020-01' } },
      ctx('2020-01-10'),
    ),
    cmd(
      'SetEligibilityPolicy',
      { policyId: 'medan-milenial-2020', params: { maxAgeYears: 35, residencyScope: 'PROGRAM_REGIONS' } },
      ctx('2020-01-10'),
    ),
    cmd(
      'ScheduleTrainingBatch',
      {
        batchId: 'sesi-1',
        title,
        mode: 'CLASSROOM',
        region: region('12.71'),
        startDate: date('2020-02-03'),
        endDate: date('2020-04-30'),
      },
      ctx('2020-01-15'),
    ),
    cmd('SetQuota', { scope: { batchId: 'sesi-1' }, maxParticipants: quota }, ctx('2020-01-15')),
  ])

const medanSelect = (personId: string, birthDate = '1995-05-05') =>
  select(personId, { region: region('12.71'), batchId: 'sesi-1', birthDate: date(birthDate) }, ctx('2020-02-03'))

describe('S3 Medan (prg-medan-2020-*)', () => {
  it('T3.1: aged 35 on 2020-02-03 passes; aged 36 is rejected', () => {
    const r = medan('Pelatihan membordir', 70)
    const ok = run([medanSelect('p-35', '1984-06-30')], r)
    expect(ok.events.at(-1)).toMatchObject({
      type: 'ParticipantSelected',
      data: { demographics: { ageBand: '25-35' }, eligibility: { checks: ['AGE', 'RESIDENCY'] } },
    })
    const error = rejection(medanSelect('p-36', '1984-02-02'), r)
    expect(error).toMatchObject({ rule: 'R11' })
    expect(error.message).toContain('aged 36')
  })

  it('T3.3: the 71st bordir participant of a session and the 21st AC participant are rejected', () => {
    const bordir = run(
      Array.from({ length: 70 }, (_, i) => medanSelect(`b${i}`)),
      medan('Pelatihan membordir', 70),
    )
    expect(rejection(medanSelect('b70'), bordir)).toMatchObject({ rule: 'R10' })
    const ac = run(
      Array.from({ length: 20 }, (_, i) => medanSelect(`a${i}`)),
      medan('Pelatihan perbaikan AC', 20),
    )
    expect(rejection(medanSelect('a20'), ac)).toMatchObject({ rule: 'R10' })
  })

  it('T3.4: no NIK, phone or e-mail reaches an event (R30)', () => {
    const r = medan('Pelatihan membordir', 70)
    const nikAsId = rejection(medanSelect('1271014506950001'), r)
    expect(nikAsId).toMatchObject({ _tag: 'RuleViolation', rule: 'R30' })
    expect(nikAsId.message).toContain('$.data.personId')
    const withSelected = run([medanSelect('p1')], r)
    const nikInText = rejection(
      cmd('WithdrawParticipant', { personId: 'p1', reason: 'NIK 1271014506950001 ganda' }, ctx('2020-02-04')),
      withSelected,
    )
    expect(nikInText.message).toContain('NIK-like')
    const phone = rejection(
      cmd('NoteAspiration', {
        aspirationId: 'a1',
        from: {
          nameAtEvent: 'Parlindungan Nasution',
          positionAtEvent: 'Plt Kadis',
          org: org('d', 'DINAS_KABKOTA'),
          acting: 'PLT',
        },
        request: 'hubungi 0812-6543-2100',
      }),
      r,
    )
    expect(phone.message).toContain('phone')
  })

  it('T3.5: an APBD kota program has its own APBD_KABKOTA line and no APBN', () => {
    const r = medan('Pelatihan membordir', 70)
    expect(isProgram(r.state) && [...r.state.lines.values()].map((l) => l.source)).toEqual(['APBD_KABKOTA'])
  })
})

// -------------------------------------------------------------------------------------
// S4: Kalimantan Selatan Dekon COVID trainings
// -------------------------------------------------------------------------------------

const S4_URL =
  'https://diskominfomc.kalselprov.go.id/2020/06/22/upaya-meningkatkan-produktifitas-pelaku-industri-kecil-menengah-ikm/'
const s4 = (on: string) => ctx(on, 'HISTORICAL_IMPORT', seedRef(S4_URL))
// The 13 kabupaten/kota of Kalimantan Selatan in the shipped region list (Region.test.ts pins them).
const KALSEL = SHIPPED_REGION_LISTS[1]!.rows.filter((r) => r.code.startsWith('63.')).map((r) => r.code)
const HERBAL = ['63.71', '63.72', '63.03', '63.01', '63.11']
const gugusTugasProv = org(
  'gtpp-kalsel',
  'GUGUS_TUGAS',
  'Gugus Tugas Percepatan Penanganan COVID-19 Provinsi Kalimantan Selatan',
)

const kalsel = (): Run => {
  const source = normalizeFundingSource('Dekon (Deklarasi Ekonomi)')
  if (E.isLeft(source)) throw new Error(source.left)
  return run([
    register(
      {
        fiscalYear: 2020,
        title: 'Pelatihan produksi IKM penanganan COVID-19',
        schemes: ['DEKON_PELATIHAN'],
        executingOrg: {
          ...org('disperin-kalsel', 'DINAS_PROV', 'Dinas Perindustrian Provinsi Kalimantan Selatan'),
          region: region('63'),
        },
        regions: KALSEL.map(region),
        origin: { kind: 'DINAS_INITIATIVE' },
      },
      s4('2020-05-01'),
    ),
    cmd('ApproveProgram', {}, s4('2020-05-01')),
    cmd('AssertFundingSource', { source: source.right, sourceOrg: ditjenIkma }, s4('2020-05-01')),
    cmd(
      'DefineActivityTrack',
      { trackId: 't1', title: 'Baju hazmat / APD', kbli: [], eligibleRegions: [], mode: 'ON_SITE_VISIT' },
      s4('2020-05-01'),
    ),
    cmd(
      'DefineActivityTrack',
      {
        trackId: 't3',
        title: 'Minuman herbal',
        kbli: [{ version: '2020', code: '11040' }],
        eligibleRegions: HERBAL.map(region),
        mode: 'ONLINE',
      },
      s4('2020-05-01'),
    ),
    cmd('SetQuota', { scope: { trackId: 't1', perRegion: true }, maxParticipants: 7 }, s4('2020-05-01')),
    ...KALSEL.flatMap((code) =>
      Array.from({ length: 7 }, (_, i) =>
        select(`${code}-p${i + 1}`, { trackId: 't1', region: region(code) }, s4('2020-05-10')),
      ),
    ),
    cmd(
      'SetProductionTarget',
      {
        outputId: 'o1',
        trackId: 't1',
        product: 'baju hazmat',
        unit: 'PCS',
        target: 950n,
        intendedRecipients: [gugusTugasProv],
      },
      s4('2020-05-10'),
    ),
    cmd(
      'SetProductionTarget',
      {
        outputId: 'o3',
        trackId: 't3',
        product: 'minuman herbal',
        unit: 'ML',
        target: 900_000n,
        bottleVolumeMl: 250,
        intendedRecipients: [gugusTugasProv],
      },
      s4('2020-05-10'),
    ),
    cmd('StartProgramExecution', { trigger: 'HISTORICAL_RECORD', ref: S4_URL }, s4('2020-05-18')),
  ])
}

const outputOf = (r: Run, outputId: string) => (isProgram(r.state) ? r.state.outputs.get(outputId) : undefined)
const sum = (m: ReadonlyMap<string, bigint> | undefined) => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0n)

describe('S4 Kalimantan Selatan (prg-kalsel-dekon-2020)', () => {
  it('T4.1: 91 participants (13 × 7); an 8th in any region is rejected', () => {
    const r = kalsel()
    expect(
      isProgram(r.state) && [...r.state.participants.values()].filter((p) => p.status === 'SELECTED'),
    ).toHaveLength(91)
    const error = rejection(select('63.05-p8', { trackId: 't1', region: region('63.05') }, s4('2020-05-10')), r)
    expect(error).toMatchObject({ rule: 'R10' })
    expect(error.message).toContain('63.05')
  })

  it('T4.2: a herbal-drink batch in Kotabaru (63.02) is rejected', () => {
    const batch = cmd(
      'ScheduleTrainingBatch',
      {
        batchId: 'herbal-kotabaru',
        trackId: 't3',
        title: 'Minuman herbal',
        mode: 'ONLINE',
        region: region('63.02'),
        startDate: date('2020-06-01'),
        endDate: date('2020-06-03'),
      },
      s4('2020-05-20'),
    )
    expect(rejection(batch, kalsel())).toMatchObject({ rule: 'R11' })
  })

  it('T4.3: 3600 bottles × 250 ml = the 900000 ml target; 3597 bottles achieve 9991 bp (rounded toward zero)', () => {
    expect(convertQuantity({ value: 3600n, unit: 'BOTTLE' }, 'ML', { bottleVolumeMl: 250 })).toEqual(
      E.right({ value: 900_000n, unit: 'ML' }),
    )
    const r = run(
      [
        cmd(
          'ReportProduction',
          {
            reportId: 'total-o3',
            outputId: 'o3',
            quantity: { value: 3597n, unit: 'BOTTLE' },
            reportedBy: org('disperin-kalsel', 'DINAS_PROV'),
          },
          s4('2020-06-22'),
        ),
      ],
      kalsel(),
    )
    const o3 = outputOf(r, 'o3')
    expect(sum(o3?.produced)).toBe(899_250n)
    expect(basisPointsOf(sum(o3?.produced), o3?.target ?? 0n)).toBe(9991)
  })

  it('T4.4: Tanah Laut cannot deliver 60 of 50 produced; 100 produced, 50 + 50 delivered is accepted', () => {
    const tala = region('63.01')
    const report = (id: string, n: bigint) =>
      cmd(
        'ReportProduction',
        {
          reportId: id,
          outputId: 'o1',
          region: tala,
          quantity: { value: n, unit: 'PCS' },
          reportedBy: org('disperin-tala', 'DINAS_KABKOTA'),
        },
        s4('2020-06-15'),
      )
    const deliver = (id: string, n: bigint, to: string) =>
      cmd(
        'DeliverOutput',
        {
          deliveryId: id,
          outputId: 'o1',
          region: tala,
          quantity: { value: n, unit: 'PCS' },
          to: org(to, 'GUGUS_TUGAS', to),
        },
        s4('2020-06-15'),
      )
    const fifty = run([report('tala-1', 50n)], kalsel())
    expect(rejection(deliver('d1', 60n, 'GTPP Tala'), fifty)).toMatchObject({ rule: 'R18' })
    const done = run(
      [report('tala-2', 50n), deliver('d1', 50n, 'GTPP Tala'), deliver('d2', 50n, 'Disperin Prov Kalsel')],
      fifty,
    )
    expect(outputOf(done, 'o1')?.delivered.get('63.01')).toBe(100n)
  })

  it('T4.5: "Dekon (Deklarasi Ekonomi)" is normalised to DEKONSENTRASI', () => {
    expect(normalizeFundingSource('Dekon (Deklarasi Ekonomi)')).toEqual(E.right('DEKONSENTRASI'))
    const state = kalsel().state
    expect(isProgram(state) && state.fundingAsserted).toEqual(['DEKONSENTRASI'])
  })

  it('T4.6: a payment at 00:30 WITA on 1 January 2021 is dated 2021-01-01 and misses an FY2020 Dekon line (R4)', () => {
    const funded = run(
      [
        allocate(
          'dekon-2020',
          500_000_000n,
          { source: 'DEKONSENTRASI', budgetDoc: { kind: 'DIPA', number: 'DIPA-2020' } },
          s4('2020-05-20'),
        ),
      ],
      kalsel(),
    )
    const payment = cmd(
      'RealizeExpenditure',
      {
        lineId: 'dekon-2020',
        expenditureId: 'pay-banjarbaru',
        amount: 1_000_000n,
        category: 'BAHAN_PELATIHAN',
        paymentDoc: { kind: 'SP2D', number: 'SP2D-9' },
      },
      { ...ctx('2021-01-01'), placeTimeZone: 'Asia/Makassar' },
    )
    expect(rejection(payment, funded)).toMatchObject({ rule: 'R4' })
  })

  it('T4.7: o1 = 950/950 (10000 bp) and o3 = 3597/3600 bottles', () => {
    const r = run(
      [
        cmd(
          'ReportProduction',
          {
            reportId: 'total-o1',
            outputId: 'o1',
            quantity: { value: 950n, unit: 'PCS' },
            reportedBy: org('disperin-kalsel', 'DINAS_PROV'),
          },
          s4('2020-06-22'),
        ),
        cmd(
          'ReportProduction',
          {
            reportId: 'total-o3',
            outputId: 'o3',
            quantity: { value: 3597n, unit: 'BOTTLE' },
            reportedBy: org('disperin-kalsel', 'DINAS_PROV'),
          },
          s4('2020-06-22'),
        ),
      ],
      kalsel(),
    )
    const o1 = outputOf(r, 'o1')
    const o3 = outputOf(r, 'o3')
    expect([sum(o1?.produced), o1?.target, basisPointsOf(sum(o1?.produced), o1?.target ?? 0n)]).toEqual([
      950n,
      950n,
      10_000,
    ])
    expect(convertQuantity({ value: sum(o3?.produced), unit: 'ML' }, 'BOTTLE', { bottleVolumeMl: 250 })).toEqual(
      E.right({ value: 3597n, unit: 'BOTTLE' }),
    )
    expect(convertQuantity({ value: o3?.target ?? 0n, unit: 'ML' }, 'BOTTLE', { bottleVolumeMl: 250 })).toEqual(
      E.right({ value: 3600n, unit: 'BOTTLE' }),
    )
  })

  it('keeps the import honest: the program carries an open R7 gap for executing on asserted funding', () => {
    expect(openGapsOf(kalsel().state)).toMatchObject([{ rule: 'R7', missingDocKinds: ['DIPA'] }])
  })
})

describe('HISTORICAL_IMPORT never invents documents', () => {
  it('resolves a gap only with the numbered document it was missing', () => {
    const r = kalsel()
    const gap = openGapsOf(r.state)[0]
    expect(gap).toBeDefined()
    const wrong = rejection(
      cmd('ResolveComplianceGap', { gapId: gap?.gapId ?? '', document: { kind: 'SP2D', number: 'X' } }),
      r,
    )
    expect(wrong).toMatchObject({ _tag: 'InvalidCommand' })
    const resolved = run(
      [
        cmd(
          'ResolveComplianceGap',
          { gapId: gap?.gapId ?? '', document: { kind: 'DIPA', number: 'DIPA-019.05.2.2020' } },
          news('2021-01-05'),
        ),
      ],
      r,
    )
    expect(openGapsOf(resolved.state)).toEqual([])
  })
})
