import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { equipmentCustody, equipmentCustodyRows, type EquipmentCustodyRow } from '../../src'
import type { Backend, Reader } from '../fixtures/backends'
import { appendFacts, regionJson } from '../fixtures/events'
import { seededStore } from '../fixtures/seeds'

const ditjenIkma = {
  orgId: 'org-ditjen-ikma',
  kind: 'DITJEN',
  name: 'Direktorat Jenderal Industri Kecil, Menengah dan Aneka',
} as const
const pemkabMuba = {
  orgId: 'org-pemkab-muba',
  kind: 'PEMDA_KABKOTA',
  name: 'Pemerintah Kabupaten Musi Banyuasin',
} as const

export const equipmentCustodySpec = (backend: Backend) =>
  describe(`EquipmentCustody (${backend.name})`, () => {
    let read: Reader
    beforeAll(async () => {
      read = await backend.project(equipmentCustody, await seededStore())
    })

    it('shows S0 packages with the Pemkab (operational, BAST missing), hibah pending and the missing documents flagged (T0.6)', async () => {
      const rows = await read(equipmentCustodyRows({ recipientId: 'org-pemkab-muba' }))
      expect(rows.map((r) => r.packageId)).toEqual(['pkg-muba-led-a', 'pkg-muba-led-b'])
      expect(rows[0]).toEqual<EquipmentCustodyRow>({
        packageId: 'pkg-muba-led-a',
        programId: 'prg-muba-led-2020',
        description: 'paket peralatan perakitan lampu LED',
        recipient: { kind: 'ORGANISATION', id: 'org-pemkab-muba', name: 'Pemerintah Kabupaten Musi Banyuasin' },
        recipients: [],
        keptAt: null,
        custody: 'WITH_PEMDA_OPERATIONAL',
        custodian: 'Pemerintah Kabupaten Musi Banyuasin (operational, BAST missing)',
        holder: pemkabMuba,
        owner: ditjenIkma,
        totalValue: null,
        chain: [
          { step: 'SUPPLIER_TO_PPK', occurredOn: '2020-11-30', to: ditjenIkma.name, document: null },
          { step: 'OPERATIONAL_TO_PEMDA', occurredOn: '2020-11-30', to: pemkabMuba.name, document: null },
        ],
        ceremonies: [
          {
            occurredOn: '2020-11-30',
            to: [pemkabMuba.name, 'Dinas Perdagangan dan Perindustrian Kabupaten Musi Banyuasin'],
            place: 'Aula Hotel Randik Sekayu',
            by: null,
          },
        ],
        hibahStatus: 'PENDING',
        lastMonitoring: null,
        complianceFlags: ['R20: missing KONTRAK, BAST_PENYEDIA_PPK', 'R21: missing BAST_OPERASIONAL'],
      })
    })

    it('keeps S1 packages with the satker: the ceremonial handover to the KUB moves nothing (R23)', async () => {
      const rows = await read(equipmentCustodyRows({ recipientId: 'org-ditjen-ikma' }))
      expect(
        rows.map((r) => [r.packageId, r.custody, r.custodian, r.ceremonies.map((c) => c.to), r.hibahStatus]),
      ).toEqual([
        [
          'pkg-sumsel-wub-2018-1607',
          'PROCURED',
          'Direktorat Jenderal Industri Kecil dan Menengah (procuring satker, not handed over, supplier BAST missing)',
          [['KUB penerima bantuan Kabupaten Banyuasin']],
          'PENDING',
        ],
        [
          'pkg-sumsel-wub-2018-1671',
          'PROCURED',
          'Direktorat Jenderal Industri Kecil dan Menengah (procuring satker, not handed over, supplier BAST missing)',
          [['KUB penerima bantuan Kota Palembang']],
          'PENDING',
        ],
      ])
    })

    it('lists every BAST in order with its document, and follows the package to the group that received it', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const satker = { orgId: 'org-satker', kind: 'SATKER', nameAtEvent: 'Satker Ditjen IKMA' }
      const pemkab = { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Contoh' }
      const pkg = (type: string, data: Record<string, unknown>, occurredOn: string) => ({
        stream: 'equipment-k1',
        type,
        data,
        occurredOn,
      })
      await appendFacts(store, [
        pkg(
          'EquipmentProcured',
          {
            packageId: 'k1',
            programId: 'p1',
            procuredBy: 'SATKER',
            procuringOrg: satker,
            description: 'mesin jahit',
            items: [{ name: 'mesin jahit', qty: 10, unit: 'UNIT', unitPrice: '2500000' }],
            totalValue: '25000000',
            contractDoc: { kind: 'KONTRAK', number: 'K-1' },
            bastSupplierDoc: { kind: 'BAST_PENYEDIA_PPK', number: 'B-1' },
          },
          '2021-05-01',
        ),
        pkg(
          'EquipmentOperationallyHandedOver',
          { from: satker, to: pemkab, bastDoc: { kind: 'BAST_OPERASIONAL', number: 'B-2' } },
          '2021-06-01',
        ),
        pkg(
          'EquipmentOwnershipTransferred',
          {
            toPemda: pemkab,
            naskahHibahDoc: { kind: 'NASKAH_HIBAH', number: 'N-1' },
            bastDoc: { kind: 'BAST_HIBAH', number: 'B-3' },
          },
          '2021-09-01',
        ),
        pkg(
          'EquipmentGrantedToGroup',
          { groupId: 'g1', grantor: pemkab, conditions: ['NO_TRANSFER'], grantDoc: { kind: 'NPHD', number: 'H-1' } },
          '2021-10-01',
        ),
        {
          stream: 'group-g1',
          type: 'GroupFormed',
          occurredOn: '2021-10-02',
          data: {
            groupId: 'g1',
            kind: 'KUB',
            name: 'KUB Maju',
            region: regionJson('16.06', 'Kabupaten Musi Banyuasin'),
          },
        },
        pkg(
          'EquipmentUtilizationMonitored',
          { status: 'TRANSFERRED_WITHOUT_PERMISSION', visitedBy: pemkab },
          '2022-04-01',
        ),
      ])
      const rows = await (await backend.project(equipmentCustody, store))(equipmentCustodyRows({ recipientId: 'g1' }))
      expect(rows).toEqual<ReadonlyArray<EquipmentCustodyRow>>([
        {
          packageId: 'k1',
          programId: 'p1',
          description: 'mesin jahit',
          recipient: { kind: 'GROUP', id: 'g1', name: 'KUB Maju' },
          recipients: [{ kind: 'GROUP', id: 'g1', name: 'KUB Maju', items: null }],
          keptAt: null,
          custody: 'GRANTED_TO_GROUP',
          custodian: 'KUB Maju (granted)',
          holder: { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', name: 'Pemkab Contoh' },
          owner: { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', name: 'Pemkab Contoh' },
          totalValue: 25_000_000n,
          chain: [
            {
              step: 'SUPPLIER_TO_PPK',
              occurredOn: '2021-05-01',
              to: 'Satker Ditjen IKMA',
              document: { kind: 'BAST_PENYEDIA_PPK', number: 'B-1' },
            },
            {
              step: 'OPERATIONAL_TO_PEMDA',
              occurredOn: '2021-06-01',
              to: 'Pemkab Contoh',
              document: { kind: 'BAST_OPERASIONAL', number: 'B-2' },
            },
            {
              step: 'OWNERSHIP_TO_PEMDA',
              occurredOn: '2021-09-01',
              to: 'Pemkab Contoh',
              document: { kind: 'BAST_HIBAH', number: 'B-3' },
            },
            {
              step: 'GRANT_TO_GROUP',
              occurredOn: '2021-10-01',
              to: 'KUB Maju',
              document: { kind: 'NPHD', number: 'H-1' },
            },
          ],
          ceremonies: [],
          hibahStatus: 'GRANTED',
          lastMonitoring: { status: 'TRANSFERRED_WITHOUT_PERMISSION', occurredOn: '2022-04-01' },
          complianceFlags: ['monitoring: TRANSFERRED_WITHOUT_PERMISSION'],
        },
      ])
    })

    it('follows a package granted to several household industries and a group, by reference, and the facility keeping it', async () => {
      const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
      const pemkab = { orgId: 'org-pemkab', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Contoh' }
      const on = (type: string, data: Record<string, unknown>, occurredOn = '2023-07-13') => ({
        stream: 'equipment-km',
        type,
        data,
        occurredOn,
      })
      await appendFacts(store, [
        on('EquipmentProcured', {
          packageId: 'km',
          programId: 'pm',
          procuredBy: 'PEMDA',
          procuringOrg: pemkab,
          description: 'mesin industri rumah tangga',
          items: [{ name: 'sealer', qty: 4, unit: 'UNIT' }],
        }),
        {
          stream: 'group-gm',
          type: 'GroupFormed',
          occurredOn: '2023-01-01',
          data: {
            groupId: 'gm',
            kind: 'KUB',
            name: 'KUB Mandiri',
            region: regionJson('33.13', 'Kabupaten Karanganyar'),
          },
        },
        on('EquipmentGrantedToRecipients', {
          grantor: pemkab,
          conditions: ['NO_TRANSFER', 'REPORT_USAGE'],
          recipients: [
            {
              recipient: { kind: 'BUSINESS', ownerPersonId: 'prs-a', businessKind: 'INDUSTRI_RUMAH_TANGGA' },
              items: [{ name: 'sealer', qty: 1, unit: 'UNIT' }],
            },
            { recipient: { kind: 'BUSINESS', ownerPersonId: 'prs-b' } },
            { recipient: { kind: 'GROUP', groupId: 'gm' } },
          ],
          grantDoc: { kind: 'NPHD', number: 'NPHD-1' },
        }),
        on('EquipmentPlacedAtFacility', { facilityId: 'fac-sentra', facilityKind: 'SENTRA' }, '2023-08-01'),
      ])
      const read = await backend.project(equipmentCustody, store)
      const [row] = await read(equipmentCustodyRows({ recipientId: 'prs-b' }))
      expect(row && [row.recipient, row.recipients, row.keptAt, row.custodian, row.chain[0]]).toEqual([
        {
          kind: 'RECIPIENTS',
          id: 'prs-a; prs-b; gm',
          name: 'business of person prs-a; business of person prs-b; KUB Mandiri',
        },
        [
          { kind: 'BUSINESS', id: 'prs-a', name: null, items: [{ name: 'sealer', qty: 1, unit: 'UNIT' }] },
          { kind: 'BUSINESS', id: 'prs-b', name: null, items: null },
          { kind: 'GROUP', id: 'gm', name: 'KUB Mandiri', items: null },
        ],
        'fac-sentra',
        'business of person prs-a; business of person prs-b; KUB Mandiri (granted)',
        {
          step: 'GRANT_TO_RECIPIENTS',
          occurredOn: '2023-07-13',
          to: 'business of person prs-a; business of person prs-b; KUB Mandiri',
          document: { kind: 'NPHD', number: 'NPHD-1' },
        },
      ])
      expect((await read(equipmentCustodyRows({ recipientId: 'gm' }))).map((r) => r.packageId)).toEqual(['km'])
    })
  })
