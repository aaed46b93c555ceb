import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditChecklist, auditChecklistRows, type AuditChecklistRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts } from '../fixtures/events'
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

const packageRow = (pkg: string): AuditChecklistRow => ({
  entity: 'EQUIPMENT',
  streamId: `equipment-${pkg}`,
  entityId: pkg,
  programId: 'prg-muba-led-2020',
  title: 'paket peralatan perakitan lampu LED',
  openGaps: [procurementGap(pkg), handoverGap(pkg)],
  missingDocKinds: ['KONTRAK', 'BAST_PENYEDIA_PPK', 'BAST_OPERASIONAL'],
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
          openGaps: [],
          missingDocKinds: [],
          ready: true,
        },
        {
          entity: 'PROGRAM',
          streamId: 'program-prg-muba-led-2020',
          entityId: 'prg-muba-led-2020',
          programId: 'prg-muba-led-2020',
          title: 'Bimtek Diversifikasi Produk Elektronika – Perakitan Lampu LED',
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
          missingDocKinds: ['DIPA'],
          ready: false,
        },
      ])
    })

    it('covers every seeded program, package and facility, with 15 open gaps in all', async () => {
      const rows = await read(auditChecklistRows())
      expect([
        rows.length,
        rows.reduce((n, r) => n + r.openGaps.length, 0),
        rows.filter((r) => r.ready).length,
      ]).toEqual([22, 15, 9])
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
        program('ProgramRegistered', {
          programId: 'p7',
          fiscalYear: 2021,
          title: 'Bimtek',
          schemes: ['WUB_BIMTEK'],
          executingOrg: { orgId: 'o', kind: 'DITJEN', nameAtEvent: 'Ditjen IKMA' },
          coOrganizers: [],
          regions: [],
          kbli: [],
          origin: { kind: 'MINISTRY_INITIATIVE' },
        }),
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
    })
  })
