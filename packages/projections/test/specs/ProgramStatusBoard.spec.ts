import { createInMemoryEventStore, steppingClock, type EventStore } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { programStatusBoard, programStatusBoardRows, type ProgramStatusRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

const ditjen = { orgId: 'org-ditjen-ikma', kind: 'DITJEN', nameAtEvent: 'Ditjen IKMA' }
const pemkab = { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Contoh' }

export const programStatusBoardSpec = (backend: Backend) =>
  describe(`ProgramStatusBoard (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(programStatusBoard, await seededStore())
    })

    it('lists one row per seeded program, in program id order, with its state', async () => {
      const rows = await read(programStatusBoardRows())
      expect(rows.map((r) => [r.programId, r.state])).toEqual([
        ['prg-kalsel-dekon-2020', 'IN_EXECUTION'],
        ['prg-medan-2019-batik', 'EXECUTION_COMPLETED'],
        ['prg-medan-2019-conblock', 'EXECUTION_COMPLETED'],
        ['prg-medan-2019-hp', 'EXECUTION_COMPLETED'],
        ['prg-medan-2019-kompos', 'EXECUTION_COMPLETED'],
        ['prg-medan-2019-kue', 'EXECUTION_COMPLETED'],
        ['prg-medan-2019-seminar', 'EXECUTION_COMPLETED'],
        ['prg-medan-2020-ac', 'PLANNED'],
        ['prg-medan-2020-animasi', 'PLANNED'],
        ['prg-medan-2020-bordir', 'PLANNED'],
        ['prg-medan-2020-briket', 'PLANNED'],
        ['prg-medan-2020-mekanik', 'PLANNED'],
        ['prg-medan-2020-sabun', 'PLANNED'],
        ['prg-muba-led-2020', 'IN_EXECUTION'],
        ['prg-sumsel-wub-2018', 'IN_EXECUTION'],
      ])
    })

    it('shows S0 with its asserted APBN funding, 25 of 25 participants, 5 open gaps and the packages with the Pemda', async () => {
      const rows = await read(programStatusBoardRows({ fiscalYear: 2020 }))
      expect(rows.find((r) => r.programId === 'prg-muba-led-2020')).toEqual<ProgramStatusRow>({
        programId: 'prg-muba-led-2020',
        title: 'Bimtek Diversifikasi Produk Elektronika – Perakitan Lampu LED',
        fiscalYear: 2020,
        schemes: ['BIMTEK_DIVERSIFIKASI', 'BANTUAN_PERALATAN'],
        origin: { kind: 'MINISTRY_INITIATIVE', member: null, commission: null, party: null },
        executingOrg: {
          orgId: 'org-ditjen-ikma',
          kind: 'DITJEN',
          name: 'Direktorat Jenderal Industri Kecil, Menengah dan Aneka',
        },
        regions: [{ code: '16.06', name: 'Kabupaten Musi Banyuasin' }],
        state: 'IN_EXECUTION',
        fundingAsserted: ['APBN_KL'],
        fundingAllocated: [],
        batches: { scheduled: 0, open: 1, completed: 0 },
        participantsSelected: 25,
        participantQuota: 25,
        equipmentPackages: 2,
        openComplianceGaps: 5,
        openAuditFindings: 0,
        dueSteps: [
          '2 equipment packages with Pemda, not yet granted',
          'complete training batch b1',
          'record the allocated amount and budget document for APBN_KL (source asserted, no amount)',
          'resolve 5 open compliance gaps',
          'record the completion of execution',
        ],
        nextDueStep: '2 equipment packages with Pemda, not yet granted',
      })
    })

    it('shows S1 with its DPR member as origin and APBN_KL as the only source', async () => {
      const [row] = await read(programStatusBoardRows({ fiscalYear: 2018 }))
      expect(row).toEqual<ProgramStatusRow>({
        programId: 'prg-sumsel-wub-2018',
        title: 'Bimtek Penumbuhan Wirausaha Baru IKM dan fasilitas bantuan peralatan',
        fiscalYear: 2018,
        schemes: ['WUB_BIMTEK', 'BANTUAN_PERALATAN'],
        origin: { kind: 'ASPIRASI_DPR', member: 'Bambang Wasista Bambang Utoyo', commission: 'VI', party: 'Golkar' },
        executingOrg: {
          orgId: 'org-ditjen-ikma',
          kind: 'DITJEN',
          name: 'Direktorat Jenderal Industri Kecil dan Menengah',
        },
        regions: [
          { code: '16.71', name: 'Kota Palembang' },
          { code: '16.07', name: 'Kabupaten Banyuasin' },
        ],
        state: 'IN_EXECUTION',
        fundingAsserted: ['APBN_KL'],
        fundingAllocated: [],
        batches: { scheduled: 0, open: 1, completed: 0 },
        participantsSelected: 0,
        participantQuota: null,
        equipmentPackages: 2,
        openComplianceGaps: 3,
        openAuditFindings: 0,
        dueSteps: [
          '2 equipment packages not yet handed over to the Pemda',
          'complete training batch b1',
          'record the allocated amount and budget document for APBN_KL (source asserted, no amount)',
          'resolve 3 open compliance gaps',
          'record the completion of execution',
        ],
        nextDueStep: '2 equipment packages not yet handed over to the Pemda',
      })
    })

    it('counts S4 quota as 7 per region over the 13 regions of track t1, all 91 selected', async () => {
      const rows = await read(programStatusBoardRows({ fiscalYear: 2020 }))
      const s4 = rows.find((r) => r.programId === 'prg-kalsel-dekon-2020')
      expect(s4 && [s4.participantsSelected, s4.participantQuota, s4.regions.length, s4.fundingAsserted]).toEqual([
        91,
        91,
        13,
        ['DEKONSENTRASI'],
      ])
    })

    it('shows a planned S3 program with its APBD_KABKOTA source and its quota', async () => {
      const rows = await read(programStatusBoardRows({ fiscalYear: 2020 }))
      const ac = rows.find((r) => r.programId === 'prg-medan-2020-ac')
      expect(ac && [ac.state, ac.fundingAsserted, ac.participantQuota, ac.nextDueStep]).toEqual([
        'PLANNED',
        ['APBD_KABKOTA'],
        20,
        'approve the program',
      ])
    })

    it('follows allocations, revisions, withdrawals, completed batches and a grant to a group', async () => {
      const store: EventStore = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const region = regionJson('16.06', 'Kabupaten Musi Banyuasin')
      const on = '2021-03-01'
      const program = (type: string, data: Record<string, unknown>) => ({
        stream: 'program-p1',
        type,
        data,
        occurredOn: on,
      })
      const selected = (personId: string) =>
        program('ParticipantSelected', {
          personId,
          region,
          eligibility: { passed: true, evaluatedOn: on, checks: ['AGE'], individuallyChecked: true },
        })
      await appendFacts(store, [
        program('ProgramRegistered', {
          programId: 'p1',
          fiscalYear: 2021,
          title: 'Bimtek contoh',
          schemes: ['WUB_BIMTEK'],
          executingOrg: ditjen,
          coOrganizers: [],
          regions: [region],
          kbli: [],
          origin: { kind: 'MINISTRY_INITIATIVE' },
        }),
        program('ProgramApproved', {}),
        program('FundingAllocated', {
          lineId: 'l1',
          source: 'APBN_KL',
          amount: '500000000',
          fiscalYear: 2021,
          purpose: 'MIXED',
        }),
        program('FundingRevised', { lineId: 'l1', newAmount: '400000000', reason: 'REVISI_DIPA' }),
        program('QuotaSet', { scope: {}, maxParticipants: 2 }),
        selected('a'),
        selected('b'),
        program('ParticipantWithdrawn', { personId: 'b', reason: 'moved away' }),
        program('TrainingBatchScheduled', {
          batchId: 'b1',
          title: 'Batch 1',
          mode: 'CLASSROOM',
          region,
          startDate: '2021-03-02',
          endDate: '2021-03-03',
          plannedDays: 2,
        }),
        program('TrainingBatchCompleted', {
          batchId: 'b1',
          endDate: '2021-03-03',
          daysHeld: 2,
          completedParticipantIds: ['a'],
        }),
        {
          stream: 'equipment-k1',
          type: 'EquipmentProcured',
          occurredOn: on,
          data: {
            packageId: 'k1',
            programId: 'p1',
            procuredBy: 'PEMDA',
            procuringOrg: pemkab,
            description: 'mesin jahit',
            items: [],
          },
        },
        {
          stream: 'equipment-k1',
          type: 'EquipmentGrantedToGroup',
          occurredOn: on,
          data: { groupId: 'g1', grantor: pemkab, conditions: ['NO_TRANSFER'] },
        },
      ])
      const rows = await (await backend.project(programStatusBoard, store))(programStatusBoardRows())
      expect(rows).toEqual<ReadonlyArray<ProgramStatusRow>>([
        {
          programId: 'p1',
          title: 'Bimtek contoh',
          fiscalYear: 2021,
          schemes: ['WUB_BIMTEK'],
          origin: { kind: 'MINISTRY_INITIATIVE', member: null, commission: null, party: null },
          executingOrg: { orgId: 'org-ditjen-ikma', kind: 'DITJEN', name: 'Ditjen IKMA' },
          regions: [{ code: '16.06', name: 'Kabupaten Musi Banyuasin' }],
          state: 'FUNDED',
          fundingAsserted: [],
          fundingAllocated: [{ source: 'APBN_KL', amount: 400_000_000n }],
          batches: { scheduled: 0, open: 0, completed: 1 },
          participantsSelected: 1,
          participantQuota: 2,
          equipmentPackages: 1,
          openComplianceGaps: 0,
          openAuditFindings: 0,
          dueSteps: ['open the first training batch or start execution'],
          nextDueStep: 'open the first training batch or start execution',
        },
      ])
    })

    it('counts the open audit findings of a program, named directly or through its package, and puts their follow-up first', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const on = '2022-05-02'
      const finding = (findingId: string, subjects: Record<string, unknown>) => ({
        stream: `audit-${findingId}`,
        type: 'AuditFindingRecorded',
        occurredOn: on,
        data: {
          findingId,
          auditor: 'BPK',
          lhpDate: on,
          subjects,
          category: 'ASSET_UNUSED',
          criteria: 'Permendagri 77/2020',
          condition: 'peralatan belum dimanfaatkan',
          recommendations: [{ recommendationId: 'r1', text: 'manfaatkan peralatan' }],
          followUpDue: '2022-07-01',
        },
      })
      await appendFacts(store, [
        {
          stream: 'program-pf',
          type: 'ProgramRegistered',
          occurredOn: on,
          data: {
            programId: 'pf',
            fiscalYear: 2022,
            title: 'Bantuan peralatan',
            schemes: ['BANTUAN_PERALATAN'],
            executingOrg: pemkab,
            coOrganizers: [],
            regions: [regionJson('52.05', 'Kabupaten Dompu')],
            kbli: [],
            origin: { kind: 'DINAS_INITIATIVE' },
          },
        },
        {
          stream: 'equipment-kf',
          type: 'EquipmentProcured',
          occurredOn: on,
          data: {
            packageId: 'kf',
            programId: 'pf',
            procuredBy: 'PEMDA',
            procuringOrg: pemkab,
            description: 'peralatan penepung kopi',
            items: [],
          },
        },
        finding('f1', { programIds: ['pf'] }),
        finding('f2', { packageIds: ['kf'] }),
        finding('f3', { programIds: ['pf'], packageIds: ['kf'] }),
        { stream: 'audit-f3', type: 'AuditFindingClosed', occurredOn: on, data: { reason: 'CLOSED_BY_AUDITOR' } },
        finding('f4', { programIds: ['other'] }),
      ])
      const [row] = await (await backend.project(programStatusBoard, store))(programStatusBoardRows())
      expect(row && [row.programId, row.openAuditFindings, row.nextDueStep]).toEqual([
        'pf',
        2,
        'follow up 2 open audit findings (LHP recommendations)',
      ])
    })
  })
