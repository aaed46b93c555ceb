import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  auditChecklist,
  auditChecklistOf,
  auditChecklistRows,
  auditFindingRows,
  type AuditChecklistRow,
  type ExpectedDocument,
} from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, programRegistration, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

const procurementGap = (pkg: string) => ({
  gapId: `R20:equipment-${pkg}/procurement`,
  rule: 'R20',
  subject: `equipment-${pkg}/procurement`,
  missingDocKinds: ['KONTRAK', 'BAST_PENYEDIA_PPK'],
  note: 'imported without proof: the KONTRAK and BAST_PENYEDIA_PPK are missing',
  notedOn: '2020-11-30',
})

const handoverGap = (pkg: string) => ({
  gapId: `R21:equipment-${pkg}/operational-handover`,
  rule: 'R21',
  subject: `equipment-${pkg}/operational-handover`,
  missingDocKinds: ['BAST_OPERASIONAL'],
  note: 'imported without proof: the BAST_OPERASIONAL is missing',
  notedOn: '2020-11-30',
})

const missingDoc = (subject: string, kind: string, step: string): ExpectedDocument => ({
  subject,
  kind,
  step,
  status: 'MISSING',
  number: null,
})

const presentDoc = (subject: string, kind: string, step: string, number: string): ExpectedDocument => ({
  subject,
  kind,
  step,
  status: 'PRESENT',
  number,
})

const packageRow = (pkg: string): AuditChecklistRow => ({
  entity: 'EQUIPMENT',
  streamId: `equipment-${pkg}`,
  entityId: pkg,
  programId: 'prg-muba-led-2020',
  title: 'paket peralatan perakitan lampu LED',
  documents: [
    missingDoc(`equipment-${pkg}/procurement`, 'KONTRAK', 'equipment procured'),
    missingDoc(`equipment-${pkg}/procurement`, 'BAST_PENYEDIA_PPK', 'equipment procured'),
    missingDoc(
      `equipment-${pkg}/operational-handover`,
      'BAST_OPERASIONAL',
      'operational handover to Pemerintah Kabupaten Musi Banyuasin',
    ),
  ],
  expected: 3,
  present: 0,
  missing: 3,
  openGaps: [procurementGap(pkg), handoverGap(pkg)],
  missingDocKinds: ['KONTRAK', 'BAST_PENYEDIA_PPK', 'BAST_OPERASIONAL'],
  fundingConcerns: [],
  openAuditFindings: [],
  ready: false,
})

export const auditChecklistSpec = (backend: Backend) =>
  describe(`AuditChecklist (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(auditChecklist, await seededStore())
    })

    it('lists for S0 the missing DIPA, contract, supplier BAST and operational BAST (T0.6)', async () => {
      expect(await read(auditChecklistRows({ programId: 'prg-muba-led-2020' }))).toEqual<
        ReadonlyArray<AuditChecklistRow>
      >([
        packageRow('pkg-muba-led-a'),
        packageRow('pkg-muba-led-b'),
        {
          entity: 'FACILITY',
          streamId: 'facility-fac-sentra-led-muba',
          entityId: 'fac-sentra-led-muba',
          programId: 'prg-muba-led-2020',
          title: 'Sentra IKM Pembuatan Lampu LED',
          documents: [],
          expected: 0,
          present: 0,
          missing: 0,
          openGaps: [],
          missingDocKinds: [],
          fundingConcerns: [],
          openAuditFindings: [],
          ready: true,
        },
        {
          entity: 'PROGRAM',
          streamId: 'program-prg-muba-led-2020',
          entityId: 'prg-muba-led-2020',
          programId: 'prg-muba-led-2020',
          title: 'Bimtek Diversifikasi Produk Elektronika – Perakitan Lampu LED',
          // The news story names the participants but no SK peserta; the allocation behind batch b1 is the R7 gap.
          documents: [
            missingDoc('selection:prg-muba-led-2020', 'SK_PESERTA', 'participants selected'),
            missingDoc('batch:b1', 'DIPA', 'gap R7'),
          ],
          expected: 2,
          present: 0,
          missing: 2,
          openGaps: [
            {
              gapId: 'R7:batch:b1',
              rule: 'R7',
              subject: 'batch:b1',
              missingDocKinds: ['DIPA'],
              note: 'batch b1 opened on asserted funding (APBN_KL) with no allocated amount',
              notedOn: '2020-11-30',
            },
          ],
          missingDocKinds: ['SK_PESERTA', 'DIPA'],
          // The APBN source is named by the news with no amount: nothing about the money can be relied on yet.
          fundingConcerns: [
            { subject: 'source:APBN_KL', reason: 'NO_AMOUNT', amount: null, note: 'APBN_KL named without an amount' },
          ],
          openAuditFindings: [],
          ready: false,
        },
      ])
    })

    it('covers every seeded program, package and facility: 35 documents expected, none present, 15 open gaps', async () => {
      const rows = await read(auditChecklistRows())
      expect([
        rows.length,
        rows.reduce((n, r) => n + r.expected, 0),
        rows.reduce((n, r) => n + r.present, 0),
        rows.reduce((n, r) => n + r.missing, 0),
        rows.reduce((n, r) => n + r.openGaps.length, 0),
        rows.filter((r) => r.ready).length,
      ]).toEqual([22, 35, 0, 35, 15, 2])
    })

    it('never marks ready the S2 sentra whose ≈Rp27 miliar rests on a news article, and expects its SK alokasi DAK', async () => {
      const row = await read(auditChecklistOf('facility-fac-sentra-makanan-ringan-sawahlunto'))
      const subject = (source: string) => `facility-fac-sentra-makanan-ringan-sawahlunto/funding:${source}:until 2021`
      expect(row?.ready).toBe(false)
      expect(row?.documents).toEqual([
        missingDoc(subject('DAK_FISIK'), 'SK_ALOKASI_DAK', 'funding history imported (DAK_FISIK, until 2021)'),
        missingDoc(subject('DAK_NONFISIK'), 'SK_ALOKASI_DAK', 'funding history imported (DAK_NONFISIK, until 2021)'),
      ])
      expect(row?.fundingConcerns).toEqual([
        {
          subject: subject('DAK_FISIK'),
          reason: 'APPROXIMATE',
          amount: 24_300_000_000n,
          note: 'DAK_FISIK funding history: an approximate figure',
        },
        {
          subject: subject('DAK_NONFISIK'),
          reason: 'APPROXIMATE',
          amount: 2_700_000_000n,
          note: 'DAK_NONFISIK funding history: an approximate figure',
        },
      ])
    })

    it('answers one entity by its stream id, and nothing for an unknown one', async () => {
      expect(await read(auditChecklistOf('equipment-pkg-muba-led-b'))).toEqual(packageRow('pkg-muba-led-b'))
      expect(await read(auditChecklistOf('equipment-nope'))).toBeUndefined()
    })

    it('drops a gap once the missing document is supplied', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const on = '2021-01-10'
      const program = (type: string, data: Record<string, unknown>) => ({
        stream: 'program-p7',
        type,
        data,
        occurredOn: on,
      })
      await appendFacts(store, [
        program('ProgramRegistered', programRegistration('p7')),
        program('ComplianceGapNoted', {
          gapId: 'R7:batch:b1',
          rule: 'R7',
          subject: 'batch:b1',
          missingDocKinds: ['DIPA'],
          note: 'no allocation',
        }),
        program('ComplianceGapNoted', {
          gapId: 'R16:batch:b1',
          rule: 'R16',
          subject: 'batch:b1',
          missingDocKinds: ['SURAT_TUGAS_INSTRUKTUR'],
          note: 'no instructor letter',
        }),
        program('ComplianceGapResolved', { gapId: 'R7:batch:b1', documentKind: 'DIPA', documentNumber: 'DIPA-019' }),
      ])
      const rows = await (await backend.project(auditChecklist, store))(auditChecklistRows({ programId: 'p7' }))
      expect(rows.map((r) => [r.streamId, r.openGaps.map((g) => g.gapId), r.missingDocKinds, r.ready])).toEqual([
        ['program-p7', ['R16:batch:b1'], ['SURAT_TUGAS_INSTRUKTUR'], false],
      ])
      expect(rows[0]?.documents).toEqual([
        presentDoc('batch:b1', 'DIPA', 'gap R7', 'DIPA-019'),
        missingDoc('batch:b1', 'SURAT_TUGAS_INSTRUKTUR', 'gap R16'),
      ])
    })

    it('marks ready a documented program whose package and linked facility carry every document', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const on = '2021-03-01'
      const doc = (kind: string, number: string) => ({ kind, number })
      const fact = (stream: string) => (type: string, data: Record<string, unknown>) => ({
        stream,
        type,
        data,
        occurredOn: on,
      })
      const program = fact('program-p9')
      const pkg = fact('equipment-k9')
      const facility = fact('facility-f9')
      const region = regionJson('16.06', 'Kabupaten Musi Banyuasin')
      const satker = { orgId: 'org-satker', kind: 'SATKER', nameAtEvent: 'Satker Ditjen IKMA' }
      const pemkab = { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Contoh' }
      await appendFacts(store, [
        program('ProgramRegistered', {
          programId: 'p9',
          fiscalYear: 2021,
          title: 'Bimtek terdokumentasi',
          schemes: ['WUB_BIMTEK'],
          executingOrg: satker,
          coOrganizers: [],
          regions: [region],
          kbli: [],
          origin: { kind: 'MINISTRY_INITIATIVE' },
        }),
        program('FundingAllocated', {
          lineId: 'l1',
          source: 'APBN_KL',
          amount: '500000000',
          fiscalYear: 2021,
          purpose: 'MIXED',
          budgetDoc: doc('DIPA', 'DIPA-019.06-2021'),
        }),
        program('ParticipantSelected', {
          personId: 'a',
          region,
          eligibility: { passed: true, evaluatedOn: on, checks: ['AGE'], individuallyChecked: true },
          selectionDoc: doc('SK_PESERTA', 'SK-7/2021'),
        }),
        program('AttendanceRecorded', {
          batchId: 'b1',
          date: '2021-03-02',
          present: ['a'],
          absent: [],
          attendanceDoc: doc('DAFTAR_HADIR', 'DH-1'),
        }),
        program('AttendanceRecorded', {
          batchId: 'b1',
          date: '2021-03-03',
          present: ['a'],
          absent: [],
          attendanceDoc: doc('DAFTAR_HADIR', 'DH-2'),
        }),
        program('TrainingBatchCompleted', {
          batchId: 'b1',
          endDate: '2021-03-03',
          daysHeld: 2,
          completedParticipantIds: ['a'],
        }),
        program('ExpenditureRealized', {
          lineId: 'l1',
          expenditureId: 'x1',
          amount: '2000000',
          category: 'HONOR_INSTRUKTUR',
          paymentDoc: doc('KUITANSI', 'KW-1'),
        }),
        program('ProgramExecutionCompleted', { batchesCompleted: 1, participantsCompleted: 1 }),
        program('ProgramReportSubmitted', { reportDoc: doc('LAPORAN_KEGIATAN', 'LK-1') }),
        program('ProgramReportSubmitted', { reportDoc: doc('LPJ', 'LPJ-1') }),
        program('FacilityLinked', { facilityId: 'f9', worksId: 'w1' }),
        pkg('EquipmentProcured', {
          packageId: 'k9',
          programId: 'p9',
          procuredBy: 'SATKER',
          procuringOrg: satker,
          description: 'mesin jahit',
          items: [],
          contractDoc: doc('KONTRAK', 'K-1'),
          bastSupplierDoc: doc('BAST_PENYEDIA_PPK', 'B-1'),
        }),
        pkg('EquipmentOperationallyHandedOver', { from: satker, to: pemkab, bastDoc: doc('BAST_OPERASIONAL', 'B-2') }),
        pkg('EquipmentOwnershipTransferred', {
          toPemda: pemkab,
          naskahHibahDoc: doc('NASKAH_HIBAH', 'N-1'),
          bastDoc: doc('BAST_HIBAH', 'B-3'),
        }),
        pkg('EquipmentGrantedToGroup', {
          groupId: 'g1',
          grantor: pemkab,
          conditions: ['NO_TRANSFER'],
          grantDoc: doc('NPHD', 'H-1'),
        }),
        facility('FacilityRegistered', {
          facilityId: 'f9',
          kind: 'UPTD',
          name: 'UPTD Tekstil',
          region,
          kbli: [],
          productFocus: ['tenun'],
          dataSource: 'DINAS_SURVEY',
        }),
        facility('FacilityWorksContracted', {
          worksId: 'w1',
          kind: 'MACHINE_REVITALIZATION',
          programId: 'p9',
          startDate: '2021-03-01',
          plannedEndDate: '2021-08-31',
          contractDoc: doc('KONTRAK', 'K-9'),
        }),
        facility('FacilityWorksCompleted', { worksId: 'w1', bastDoc: doc('BAST_PENYEDIA_PPK', 'PHO-1') }),
      ])
      const ready = (
        entity: AuditChecklistRow['entity'],
        entityId: string,
        title: string,
        documents: ReadonlyArray<ExpectedDocument>,
      ): AuditChecklistRow => ({
        entity,
        streamId: `${entity === 'PROGRAM' ? 'program' : entity === 'EQUIPMENT' ? 'equipment' : 'facility'}-${entityId}`,
        entityId,
        programId: 'p9',
        title,
        documents,
        expected: documents.length,
        present: documents.length,
        missing: 0,
        openGaps: [],
        missingDocKinds: [],
        fundingConcerns: [],
        openAuditFindings: [],
        ready: true,
      })
      const rows = await (await backend.project(auditChecklist, store))(auditChecklistRows({ programId: 'p9' }))
      expect(rows).toEqual<ReadonlyArray<AuditChecklistRow>>([
        ready('EQUIPMENT', 'k9', 'mesin jahit', [
          presentDoc('equipment-k9/procurement', 'KONTRAK', 'equipment procured', 'K-1'),
          presentDoc('equipment-k9/procurement', 'BAST_PENYEDIA_PPK', 'equipment procured', 'B-1'),
          presentDoc(
            'equipment-k9/operational-handover',
            'BAST_OPERASIONAL',
            'operational handover to Pemkab Contoh',
            'B-2',
          ),
          presentDoc(
            'equipment-k9/ownership-transfer',
            'NASKAH_HIBAH',
            'ownership transferred to Pemkab Contoh',
            'N-1',
          ),
          presentDoc('equipment-k9/ownership-transfer', 'BAST_HIBAH', 'ownership transferred to Pemkab Contoh', 'B-3'),
          presentDoc('equipment-k9/grant', 'NPHD', 'granted to group g1', 'H-1'),
        ]),
        ready('FACILITY', 'f9', 'UPTD Tekstil', [
          presentDoc('facility-f9/works-w1/contract', 'KONTRAK', 'works w1 contracted', 'K-9'),
          presentDoc('facility-f9/works-w1/pho', 'BAST_PENYEDIA_PPK', 'works w1 completed (PHO)', 'PHO-1'),
        ]),
        ready('PROGRAM', 'p9', 'Bimtek terdokumentasi', [
          presentDoc('line:l1', 'DIPA', 'funding line l1 allocated (APBN_KL)', 'DIPA-019.06-2021'),
          presentDoc('selection:p9', 'SK_PESERTA', 'participants selected', 'SK-7/2021'),
          presentDoc('batch:b1/day:2021-03-02', 'DAFTAR_HADIR', 'batch b1 held on 2021-03-02', 'DH-1'),
          presentDoc('batch:b1/day:2021-03-03', 'DAFTAR_HADIR', 'batch b1 held on 2021-03-03', 'DH-2'),
          presentDoc('expenditure:x1', 'KUITANSI', 'expenditure x1 realised (HONOR_INSTRUKTUR)', 'KW-1'),
          presentDoc('report:p9', 'LAPORAN_KEGIATAN', 'execution completed', 'LK-1'),
          presentDoc('report:p9', 'LPJ', 'execution completed', 'LPJ-1'),
        ]),
      ])
    })

    it('expects a daftar hadir for every day held, and the report and LPJ once execution completes', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const on = '2021-04-01'
      const program = (type: string, data: Record<string, unknown>) => ({
        stream: 'program-p8',
        type,
        data,
        occurredOn: on,
      })
      await appendFacts(store, [
        program('ProgramRegistered', programRegistration('p8')),
        program('FundingAllocated', {
          lineId: 'l1',
          source: 'DAK_NONFISIK',
          amount: '100000000',
          fiscalYear: 2021,
          purpose: 'MIXED',
        }),
        program('AttendanceRecorded', { batchId: 'b1', date: '2021-04-01', present: [], absent: [] }),
        program('TrainingBatchCompleted', {
          batchId: 'b1',
          endDate: '2021-04-03',
          daysHeld: 3,
          completedParticipantIds: [],
        }),
        program('ExpenditureRealized', { lineId: 'l1', expenditureId: 'x1', amount: '1000000', category: 'KONSUMSI' }),
        program('ProgramExecutionCompleted', { batchesCompleted: 1, participantsCompleted: 0 }),
        program('ProgramReportSubmitted', { reportDoc: { kind: 'LPJ', number: 'LPJ-8' } }),
      ])
      const row = await (await backend.project(auditChecklist, store))(auditChecklistOf('program-p8'))
      expect(row && [row.expected, row.present, row.missing, row.missingDocKinds, row.ready]).toEqual([
        7,
        1,
        6,
        ['SK_ALOKASI_DAK', 'DAFTAR_HADIR', 'SP2D', 'LAPORAN_KEGIATAN'],
        false,
      ])
      expect(row?.documents).toEqual([
        missingDoc('line:l1', 'SK_ALOKASI_DAK', 'funding line l1 allocated (DAK_NONFISIK)'),
        missingDoc('batch:b1/day:2021-04-01', 'DAFTAR_HADIR', 'batch b1 held on 2021-04-01'),
        missingDoc('batch:b1/day#2', 'DAFTAR_HADIR', 'batch b1 day 2 of 3 held'),
        missingDoc('batch:b1/day#3', 'DAFTAR_HADIR', 'batch b1 day 3 of 3 held'),
        missingDoc('expenditure:x1', 'SP2D', 'expenditure x1 realised (KONSUMSI)'),
        missingDoc('report:p8', 'LAPORAN_KEGIATAN', 'execution completed'),
        presentDoc('report:p8', 'LPJ', 'execution completed', 'LPJ-8'),
      ])
    })

    it('lists audit findings with days open and overdue as of the read date, and keeps their entities from being ready', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const fact = (stream: string, occurredOn: string) => (type: string, data: Record<string, unknown>) => ({
        stream,
        type,
        data,
        occurredOn,
      })
      const satker = { orgId: 'org-satker', kind: 'SATKER', nameAtEvent: 'Satker Ditjen IKMA' }
      const finding = (findingId: string, subjects: Record<string, unknown>, lhpDate: string, followUpDue: string) =>
        fact(`audit-${findingId}`, lhpDate)('AuditFindingRecorded', {
          findingId,
          auditor: 'BPK',
          lhpDate,
          subjects,
          category: 'ASSET_UNUSED',
          criteria: 'Permendagri 77/2020',
          condition: 'peralatan tersimpan di gudang, belum dimanfaatkan',
          recommendations: [{ recommendationId: 'r1', text: 'manfaatkan peralatan' }],
          followUpDue,
        })
      await appendFacts(store, [
        fact('program-pa', '2022-01-10')('ProgramRegistered', {
          programId: 'pa',
          fiscalYear: 2022,
          title: 'Bantuan peralatan',
          schemes: ['BANTUAN_PERALATAN'],
          executingOrg: satker,
          coOrganizers: [],
          regions: [regionJson('52.05', 'Kabupaten Dompu')],
          kbli: [],
          origin: { kind: 'DINAS_INITIATIVE' },
        }),
        finding('f-late', { programIds: ['pa'] }, '2022-05-02', '2022-07-01'),
        finding('f-ontime', { programIds: ['pa'] }, '2022-05-02', '2022-07-01'),
        fact('audit-f-ontime', '2022-06-20')('AuditFollowUpReported', {
          followUpId: 'tl1',
          recommendationIds: ['r1'],
          action: 'peralatan diserahkan dan dipakai',
        }),
        fact('audit-f-ontime', '2022-08-01')('AuditFollowUpAccepted', { recommendationId: 'r1' }),
        fact('audit-f-ontime', '2022-08-01')('AuditFindingClosed', { reason: 'ALL_RECOMMENDATIONS_ACCEPTED' }),
      ])
      const read = await backend.project(auditChecklist, store)
      const rows = await read(auditFindingRows({ asOf: '2022-07-31' as never }))
      expect(rows.map((r) => [r.findingId, r.status, r.daysOpen, r.overdue, r.daysOverdue, r.programIds])).toEqual([
        ['f-late', 'OPEN', 90, true, 30, ['pa']],
        ['f-ontime', 'FOLLOW_UP_REPORTED', 90, false, 0, ['pa']],
      ])
      // Before its LHP a finding is not known; after its closure it stops counting days.
      expect((await read(auditFindingRows({ asOf: '2022-05-01' as never }))).length).toBe(0)
      const later = await read(auditFindingRows({ asOf: '2022-12-31' as never, programId: 'pa' }))
      expect(later.map((r) => [r.findingId, r.status, r.daysOpen, r.overdue, r.closedOn])).toEqual([
        ['f-late', 'OPEN', 243, true, null],
        ['f-ontime', 'CLOSED', 91, false, '2022-08-01'],
      ])
      const row = await read(auditChecklistOf('program-pa'))
      expect(row && [row.openAuditFindings, row.ready]).toEqual([['f-late'], false])
    })

    it('keeps what a finding says, who found it, its LHP, its evidence and the follow-ups reported by the read date', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const satker = { orgId: 'org-satker', kind: 'SATKER', nameAtEvent: 'Satker Ditjen IKMA' }
      const bpk = { orgId: 'org-bpk', kind: 'AUDITOR', nameAtEvent: 'Badan Pemeriksa Keuangan' }
      await appendFacts(store, [
        {
          stream: 'program-pw',
          type: 'ProgramRegistered',
          occurredOn: '2022-01-10',
          data: {
            programId: 'pw',
            fiscalYear: 2022,
            title: 'Bantuan peralatan',
            schemes: ['BANTUAN_PERALATAN'],
            executingOrg: satker,
            coOrganizers: [],
            regions: [regionJson('52.05', 'Kabupaten Dompu')],
            kbli: [],
            origin: { kind: 'DINAS_INITIATIVE' },
          },
        },
        {
          stream: 'audit-f-lhp',
          type: 'AuditFindingRecorded',
          occurredOn: '2022-05-02',
          data: {
            findingId: 'f-lhp',
            auditor: 'BPK',
            auditorOrg: bpk,
            lhpDate: '2022-05-02',
            lhpReceivedOn: '2022-05-09',
            lhp: { kind: 'LHP', number: '12/LHP/XIX.MTR/05/2022' },
            subjects: { programIds: ['pw'] },
            category: 'OVERPAYMENT',
            criteria: 'Perpres 16/2018 Pasal 27',
            condition: 'kelebihan pembayaran atas pekerjaan yang tidak sesuai spesifikasi',
            recommendations: [
              { recommendationId: 'r1', text: 'setorkan kelebihan pembayaran ke kas daerah' },
              { recommendationId: 'r2', text: 'beri sanksi kepada PPK' },
            ],
            amount: '150000000',
            followUpDue: '2022-07-08',
          },
        },
        {
          stream: 'audit-f-lhp',
          type: 'AuditFollowUpReported',
          occurredOn: '2022-06-20',
          data: { followUpId: 'tl1', recommendationIds: ['r1'], action: 'disetor ke kas daerah' },
        },
        {
          stream: 'audit-f-lhp',
          type: 'AuditFollowUpReported',
          occurredOn: '2022-08-10',
          data: { followUpId: 'tl2', recommendationIds: ['r2'], action: 'PPK diberi teguran tertulis' },
        },
        {
          stream: 'audit-f-news',
          type: 'AuditFindingRecorded',
          occurredOn: '2022-05-02',
          level: 'NEWS_REPORT',
          refs: [{ kind: 'NEWS_ARTICLE' }],
          data: {
            findingId: 'f-news',
            auditor: 'INSPEKTORAT_DAERAH',
            lhpDate: '2022-05-02',
            subjects: { programIds: ['pw'] },
            category: 'ASSET_UNUSED',
            criteria: 'Permendagri 19/2016',
            condition: 'mesin belum dipakai',
            recommendations: [],
            followUpDue: '2022-07-01',
          },
        },
      ])
      const read = await backend.project(auditChecklist, store)
      const july = await read(auditFindingRows({ asOf: '2022-07-31' as never }))
      expect(july.find((f) => f.findingId === 'f-lhp')).toMatchObject({
        auditorName: 'Badan Pemeriksa Keuangan',
        lhpNumber: '12/LHP/XIX.MTR/05/2022',
        lhpReceivedOn: '2022-05-09',
        followUpDue: '2022-07-08',
        criteria: 'Perpres 16/2018 Pasal 27',
        condition: 'kelebihan pembayaran atas pekerjaan yang tidak sesuai spesifikasi',
        recommendationTexts: [
          { recommendationId: 'r1', text: 'setorkan kelebihan pembayaran ke kas daerah' },
          { recommendationId: 'r2', text: 'beri sanksi kepada PPK' },
        ],
        amount: 150_000_000n,
        evidenceLevel: 'DOCUMENTED',
        newsOnly: false,
        status: 'FOLLOW_UP_REPORTED',
        followUps: [
          { followUpId: 'tl1', reportedOn: '2022-06-20', recommendationIds: ['r1'], action: 'disetor ke kas daerah' },
        ],
      })
      expect(july.find((f) => f.findingId === 'f-news')).toMatchObject({
        auditorName: null,
        lhpNumber: null,
        amount: null,
        recommendationTexts: [],
        evidenceLevel: 'NEWS_REPORT',
        newsOnly: true,
        overdue: true,
        followUps: [],
      })
      const later = await read(auditFindingRows({ asOf: '2022-12-31' as never }))
      expect(later.find((f) => f.findingId === 'f-lhp')?.followUps.map((u) => u.followUpId)).toEqual(['tl1', 'tl2'])
    })
  })
