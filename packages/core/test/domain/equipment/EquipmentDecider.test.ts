import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { decodeEquipmentCommand, type EquipmentCommand } from '../../../src/domain/equipment/EquipmentCommands'
import { equipmentDecider } from '../../../src/domain/equipment/EquipmentDecider'
import { regionRef } from '../../../src/domain/values/Region'
import {
  doc,
  documentedContext,
  eventsOf,
  mustDecode,
  newsContext,
  org,
  given,
  rejectionOf,
  run,
  stateAfter,
} from '../support/fixtures'

const cmd = mustDecode(decodeEquipmentCommand)
const ditjen = org('ditjen-ikma', 'DITJEN')
const pemkabMuba = org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')
const pemkotPalembang = org('pemkot-palembang', 'PEMDA_KABKOTA', '16.71')
const kubMuba = { groupId: 'kub-led', status: 'ACTIVE', region: regionRef('16.06') }
const kubPalembang = { groupId: 'kub-plg', status: 'ACTIVE', region: regionRef('16.71') }

type Ctx = ReturnType<typeof newsContext>
const news = newsContext()
const documented = documentedContext()

const procure = (context: Ctx = news, extra: object = {}): EquipmentCommand =>
  cmd({
    type: 'ProcureEquipment',
    data: {
      packageId: 'pkg-a',
      programId: 'prg-muba-led-2020',
      procuredBy: 'SATKER',
      procuringOrg: ditjen,
      description: 'paket peralatan perakitan lampu LED',
      items: [],
      ...extra,
    },
    context,
  })
const on = (type: string, data: object, context: Ctx = news): EquipmentCommand =>
  cmd({ type, data: { packageId: 'pkg-a', ...data }, context })
const ceremony = on('RecordCeremonialHandover', { to: [pemkabMuba], place: 'Aula Hotel Randik Sekayu' })
const handover = (context: Ctx = news, extra: object = {}) =>
  on('HandOverEquipmentOperationally', { from: ditjen, to: pemkabMuba, ...extra }, context)
const transfer = (context: Ctx = news, extra: object = {}) =>
  on('TransferEquipmentOwnership', { toPemda: pemkabMuba, ...extra }, context)
const grant = (context: Ctx = news, extra: object = {}) =>
  on(
    'GrantEquipmentToGroup',
    { groupId: 'kub-led', grantor: pemkabMuba, conditions: ['NO_TRANSFER'], group: kubMuba, ...extra },
    context,
  )
const lend = (context: Ctx = news, extra: object = {}) =>
  on('LendEquipmentToGroup', { groupId: 'kub-led', lender: pemkabMuba, group: kubMuba, ...extra }, context)
const monitor = (status: string) => on('MonitorEquipmentUtilization', { status, visitedBy: pemkabMuba })
const reassign = (extra: object = {}) =>
  on('ReassignEquipment', {
    fromGroupId: 'kub-led',
    toGroupId: 'kub-led-2',
    reason: 'idle for a year',
    toGroup: { ...kubMuba, groupId: 'kub-led-2' },
    ...extra,
  })
const toGroup = [procure(), handover(), transfer(), grant()]

describe('EquipmentDecider', () => {
  describe('custody state machine', () => {
    it('walks the legal path PROCURED → WITH_PEMDA_OPERATIONAL → OWNED_BY_PEMDA → GRANTED_TO_GROUP → WRITTEN_OFF', () => {
      const statuses = [procure(), handover(), transfer(), grant(), on('WriteOffEquipment', { reason: 'burnt' })].map(
        (_, i, all) => stateAfter(equipmentDecider, all.slice(0, i + 1)).status,
      )
      expect(statuses).toEqual([
        'PROCURED',
        'WITH_PEMDA_OPERATIONAL',
        'OWNED_BY_PEMDA',
        'GRANTED_TO_GROUP',
        'WRITTEN_OFF',
      ])
    })

    it('lends to a group, then grants it to the same group later', () => {
      const lent = stateAfter(equipmentDecider, [procure(), handover(), transfer(), lend()])
      expect(lent.status).toBe('LENT_TO_GROUP')
      expect(
        equipmentDecider.evolve(
          lent,
          eventsOf(equipmentDecider, [procure(), handover(), transfer(), lend()], grant())[0]!,
        ).status,
      ).toBe('GRANTED_TO_GROUP')
    })

    it('records PSP and hibah approval as optional steps while the Pemda holds it operationally', () => {
      const state = stateAfter(equipmentDecider, [
        procure(),
        handover(),
        on('DetermineEquipmentUsageStatus', {}),
        on('ApproveEquipmentHibah', { approver: ditjen }),
        transfer(),
        on('DerecognizeEquipmentFromBmn', {}),
      ])
      expect(state).toMatchObject({
        status: 'OWNED_BY_PEMDA',
        usageStatusDetermined: true,
        hibahApproved: true,
        derecognizedFromBmn: true,
      })
    })

    it('rejects a second PSP, a hibah approval before handover and a derecognition before ownership moves', () => {
      const psp = on('DetermineEquipmentUsageStatus', {})
      given(equipmentDecider, [procure(), handover(), psp]).when(psp).thenRejects({ _tag: 'InvalidTransition' })
      expect(
        rejectionOf(equipmentDecider, [procure()], on('ApproveEquipmentHibah', { approver: ditjen })),
      ).toMatchObject({ rule: 'R21' })
      expect(
        rejectionOf(equipmentDecider, [procure(), handover()], on('DerecognizeEquipmentFromBmn', {})),
      ).toMatchObject({ rule: 'R21' })
    })

    it('starts a Pemda-bought package at OWNED_BY_PEMDA and refuses the ministry-to-Pemda steps (R21 exception)', () => {
      const bmd = procure(news, { procuredBy: 'PEMDA', procuringOrg: pemkabMuba })
      expect(stateAfter(equipmentDecider, [bmd]).status).toBe('OWNED_BY_PEMDA')
      given(equipmentDecider, [bmd]).when(handover()).thenRejects({ rule: 'R21' })
      given(equipmentDecider, [bmd]).when(transfer()).thenRejects({ rule: 'R21' })
      expect(stateAfter(equipmentDecider, [bmd, grant()]).status).toBe('GRANTED_TO_GROUP')
    })

    it('refuses a Pemda-bought package whose procuring org is not a Pemda', () => {
      expect(run(equipmentDecider, [procure(news, { procuredBy: 'PEMDA' })])).toMatchObject({
        left: { _tag: 'InvalidCommand' },
      })
    })

    it('rejects every command but procurement on a package that does not exist', () => {
      for (const command of [
        ceremony,
        handover(),
        transfer(),
        grant(),
        lend(),
        monitor('IN_USE'),
        on('WriteOffEquipment', { reason: 'x' }),
      ]) {
        given(equipmentDecider, [])
          .when(command)
          .thenRejects({
            _tag: 'UnknownEntity',
            entity: { kind: 'equipment', id: 'pkg-a' },
          })
      }
    })

    it('rejects procuring the same package twice and a command naming another package', () => {
      given(equipmentDecider, [procure()]).when(procure()).thenRejects({ _tag: 'AlreadyExists' })
      expect(
        rejectionOf(equipmentDecider, [procure()], cmd({ ...ceremony, data: { ...ceremony.data, packageId: 'pkg-b' } }))
          ._tag,
      ).toBe('InvalidCommand')
    })

    it('rejects a second operational handover and a transfer once owned', () => {
      given(equipmentDecider, [procure(), handover()]).when(handover()).thenRejects({ _tag: 'InvalidTransition' })
      expect(rejectionOf(equipmentDecider, [procure(), handover(), transfer()], transfer())._tag).toBe(
        'InvalidTransition',
      )
    })

    it('takes no further step after a write-off', () => {
      const off = on('WriteOffEquipment', { reason: 'lost' })
      for (const command of [ceremony, monitor('IN_USE'), off, grant()]) {
        given(equipmentDecider, [procure(), off]).when(command).thenRejects({
          _tag: 'InvalidTransition',
          state: 'WRITTEN_OFF',
        })
      }
    })
  })

  describe('R20 procurement', () => {
    const items = [
      { name: 'solder station', qty: 2, unit: 'UNIT', unitPrice: '1500000' },
      { name: 'LED kit', qty: 10, unit: 'SET', unitPrice: '250000' },
    ]

    it('accepts a total equal to the sum of quantity × unit price', () => {
      const ok = procure(documented, {
        items,
        totalValue: '5500000',
        contractDoc: doc('KONTRAK'),
        bastSupplierDoc: doc('BAST_PENYEDIA_PPK'),
      })
      expect(E.isRight(run(equipmentDecider, [ok]))).toBe(true)
    })

    it('rejects a total that differs from the items, in both modes (structural)', () => {
      for (const context of [news, documented]) {
        given(equipmentDecider, [])
          .when(procure(context, { items, totalValue: '5500001' }))
          .thenRejects({
            rule: 'R20',
            code: 'DOMAIN_R20',
          })
      }
    })

    it('rejects a procurement without contract and supplier BAST in OPERATIONAL mode', () => {
      const error = rejectionOf(equipmentDecider, [], procure(documented))
      expect(error).toMatchObject({ rule: 'R20', entity: { kind: 'equipment', id: 'pkg-a' } })
      expect(error.message).toContain('KONTRAK and BAST_PENYEDIA_PPK are missing')
    })

    it('notes one gap for both documents in HISTORICAL_IMPORT mode and never invents the value', () => {
      const events = eventsOf(equipmentDecider, [], procure())
      expect(events.map((e) => e.type)).toEqual(['EquipmentProcured', 'ComplianceGapNoted'])
      expect(events[1]?.data).toMatchObject({ rule: 'R20', missingDocKinds: ['KONTRAK', 'BAST_PENYEDIA_PPK'] })
      expect(stateAfter(equipmentDecider, [procure()])).toMatchObject({ status: 'PROCURED', totalValue: undefined })
    })
  })

  describe('R21 legal order and documents', () => {
    it('rejects an operational handover without BAST in OPERATIONAL mode', () => {
      given(equipmentDecider, [procure()]).when(handover(documented)).thenRejects({ rule: 'R21' })
    })

    it('rejects an operational handover on news evidence even when a BAST is cited (OPERATIONAL)', () => {
      const error = rejectionOf(
        equipmentDecider,
        [procure()],
        handover({ ...news, mode: 'OPERATIONAL' }, { bastDoc: doc('BAST_OPERASIONAL') }),
      )
      expect(error.message).toContain('not DOCUMENTED')
    })

    it('accepts a documented operational handover without a gap', () => {
      const events = eventsOf(equipmentDecider, [procure()], handover(documented, { bastDoc: doc('BAST_OPERASIONAL') }))
      expect(events.map((e) => e.type)).toEqual(['EquipmentOperationallyHandedOver'])
    })

    it('finds the BAST among the evidence refs as well as in its field', () => {
      const withRef = {
        ...documented,
        evidence: { level: 'DOCUMENTED', refs: [{ kind: 'BAST_OPERASIONAL', number: '12/BAST/2020' }] },
      }
      expect(eventsOf(equipmentDecider, [procure()], handover(withRef as Ctx)).map((e) => e.type)).toEqual([
        'EquipmentOperationallyHandedOver',
      ])
    })

    it('rejects handing over to anyone but a Pemda or its dinas', () => {
      expect(
        rejectionOf(
          equipmentDecider,
          [procure()],
          on('HandOverEquipmentOperationally', { from: ditjen, to: org('kub', 'KUB', '16.06') }),
        ),
      ).toMatchObject({
        rule: 'R21',
      })
    })

    it('rejects a transfer of ownership that skips the operational handover, in both modes', () => {
      for (const context of [news, documented]) {
        given(equipmentDecider, [procure()]).when(transfer(context)).thenRejects({ rule: 'R21' })
      }
    })

    it('rejects a transfer of ownership to a Pemda other than the one holding it', () => {
      expect(
        rejectionOf(equipmentDecider, [procure(), handover()], transfer(news, { toPemda: pemkotPalembang })),
      ).toMatchObject({ rule: 'R21' })
    })

    it('needs both the naskah hibah and the BAST for the ownership transfer', () => {
      const error = rejectionOf(
        equipmentDecider,
        [procure(), handover()],
        transfer(documented, { naskahHibahDoc: doc('NASKAH_HIBAH') }),
      )
      expect(error.message).toContain('BAST_HIBAH')
      expect(
        eventsOf(
          equipmentDecider,
          [procure(), handover()],
          transfer(documented, { naskahHibahDoc: doc('NASKAH_HIBAH'), bastDoc: doc('BAST_HIBAH') }),
        ),
      ).toHaveLength(1)
    })
  })

  describe('R22 grant to a group', () => {
    it('T0.3: rejects a grant before the ownership transfer, in both modes', () => {
      for (const context of [news, documented]) {
        given(equipmentDecider, [procure(), handover()]).when(grant(context)).thenRejects({ rule: 'R22' })
      }
    })

    it('T1.2: rejects a grant straight from the satker to a KUB, with no Pemda step', () => {
      const direct = grant(news, { grantor: ditjen })
      const error = rejectionOf(equipmentDecider, [procure()], direct)
      expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'R22' })
      expect(error.message).toContain('satker → Pemda → group')
    })

    it('rejects a grant by a Pemda that does not own the package', () => {
      expect(
        rejectionOf(equipmentDecider, [procure(), handover(), transfer()], grant(news, { grantor: pemkotPalembang })),
      ).toMatchObject({ rule: 'R22' })
    })

    it('rejects a group that does not exist, is dissolved, or lies outside the Pemda region', () => {
      const setup = [procure(), handover(), transfer()]
      const cases = [
        { ...kubMuba, status: 'NOT_FOUND' },
        { ...kubMuba, status: 'DISSOLVED' },
        { groupId: 'kub-led', status: 'ACTIVE' },
        { ...kubPalembang, groupId: 'kub-led' },
      ]
      for (const group of cases) {
        given(equipmentDecider, setup).when(grant(news, { group })).thenRejects({ rule: 'R22' })
      }
    })

    it('rejects group facts about another group than the one named', () => {
      expect(
        rejectionOf(equipmentDecider, [procure(), handover(), transfer()], grant(news, { group: kubPalembang }))._tag,
      ).toBe('InvalidCommand')
    })

    it('rejects a grant without NPHD or BAST hibah in OPERATIONAL mode and notes a gap on import', () => {
      given(equipmentDecider, [procure(), handover(), transfer()]).when(grant(documented)).thenRejects({
        rule: 'R22',
      })
      const events = eventsOf(equipmentDecider, [procure(), handover(), transfer()], grant())
      expect(events[1]?.data).toMatchObject({ rule: 'R22', missingDocKinds: ['NPHD', 'BAST_HIBAH'] })
      expect(
        eventsOf(equipmentDecider, [procure(), handover(), transfer()], grant(documented, { grantDoc: doc('NPHD') })),
      ).toHaveLength(1)
    })

    it('rejects granting a package that is granted already', () => {
      given(equipmentDecider, toGroup).when(grant()).thenRejects({ rule: 'R22' })
      given(equipmentDecider, toGroup).when(lend()).thenRejects({ rule: 'R22' })
    })

    it('rejects lending before the Pemda owns it, and lending twice', () => {
      given(equipmentDecider, [procure(), handover()]).when(lend()).thenRejects({ rule: 'R22' })
      expect(rejectionOf(equipmentDecider, [procure(), handover(), transfer(), lend()], lend())._tag).toBe(
        'InvalidTransition',
      )
    })
  })

  describe('R23 ceremonial handover', () => {
    it('T0.4: a ceremonial handover alone leaves custody at PROCURED', () => {
      const state = stateAfter(equipmentDecider, [procure(), ceremony])
      expect(state).toMatchObject({ status: 'PROCURED', ceremonialHandovers: 1, holder: ditjen, owner: ditjen })
    })

    it('T0.4: with the operational handover imported, custody is WITH_PEMDA_OPERATIONAL with one open R21 gap', () => {
      const before = stateAfter(equipmentDecider, [procure(), ceremony])
      const result = run(equipmentDecider, [handover()], before)
      if (E.isLeft(result)) throw new Error(result.left.message)
      expect(result.right.state.status).toBe('WITH_PEMDA_OPERATIONAL')
      expect(result.right.events.filter((e) => e.type === 'ComplianceGapNoted')).toHaveLength(1)
      expect(result.right.events[1]?.data).toMatchObject({ rule: 'R21', missingDocKinds: ['BAST_OPERASIONAL'] })
    })

    it('rejects handing over in OPERATIONAL mode when the only evidence is the ceremony in the news', () => {
      expect(
        rejectionOf(equipmentDecider, [procure(), ceremony], handover({ ...news, mode: 'OPERATIONAL' })),
      ).toMatchObject({ rule: 'R21' })
    })
  })

  describe('R24 reassignment', () => {
    it('rejects a reassignment without a monitoring visit that found the package unused', () => {
      given(equipmentDecider, toGroup).when(reassign()).thenRejects({ rule: 'R24' })
      given(equipmentDecider, [...toGroup, monitor('IN_USE')])
        .when(reassign())
        .thenRejects({ rule: 'R24' })
    })

    it('reassigns after a NOT_USED finding, noting the missing decision document on import', () => {
      const result = run(equipmentDecider, [...toGroup, monitor('NOT_USED'), reassign()])
      if (E.isLeft(result)) throw new Error(result.left.message)
      expect(result.right.state).toMatchObject({
        status: 'GRANTED_TO_GROUP',
        groupId: 'kub-led-2',
        lastMonitoring: undefined,
      })
      expect(result.right.events.at(-1)?.data).toMatchObject({ rule: 'R24' })
    })

    it('rejects a reassignment in OPERATIONAL mode without a decision document', () => {
      const op = on('ReassignEquipment', { ...reassign().data }, documented)
      given(equipmentDecider, [...toGroup, monitor('UNDERUSED')])
        .when(op)
        .thenRejects({ rule: 'R24' })
    })

    it('rejects a reassignment from a group that does not hold it, or before any group holds it', () => {
      expect(
        rejectionOf(equipmentDecider, [...toGroup, monitor('NOT_USED')], reassign({ fromGroupId: 'kub-x' }))._tag,
      ).toBe('InvalidCommand')
      expect(rejectionOf(equipmentDecider, [procure(), handover(), transfer()], reassign())._tag).toBe(
        'InvalidTransition',
      )
    })

    it('rejects a reassignment to a group outside the Pemda region', () => {
      const outside = reassign({ toGroupId: 'kub-plg', toGroup: kubPalembang })
      given(equipmentDecider, [...toGroup, monitor('NOT_USED')])
        .when(outside)
        .thenRejects({ rule: 'R22' })
    })
  })

  describe('R25 transfer without permission', () => {
    it('flags a NO_TRANSFER grant found transferred without permission, in both modes, once', () => {
      const found = monitor('TRANSFERRED_WITHOUT_PERMISSION')
      const events = eventsOf(equipmentDecider, toGroup, found)
      expect(events.map((e) => e.type)).toEqual(['EquipmentUtilizationMonitored', 'ComplianceGapNoted'])
      expect(events[1]?.data).toMatchObject({ rule: 'R25', missingDocKinds: [] })
      expect(eventsOf(equipmentDecider, [...toGroup, found], found)).toHaveLength(1)
    })

    it('raises no flag when the grant had no NO_TRANSFER condition', () => {
      const loose = [procure(), handover(), transfer(), grant(news, { conditions: ['MAINTAIN'] })]
      expect(eventsOf(equipmentDecider, loose, monitor('TRANSFERRED_WITHOUT_PERMISSION'))).toHaveLength(1)
    })
  })

  describe('loans (pinjam pakai)', () => {
    const owned = [procure(), handover(), transfer()]
    const lent = [
      ...owned,
      lend(news, { conditions: ['NO_TRANSFER', 'REPORT_USAGE'], until: '2022-12-31', termMonths: 24 }),
    ]

    it('records the loan’s conditions and term in its event instead of dropping them', () => {
      const [event] = eventsOf(equipmentDecider, owned, lent[lent.length - 1]!)
      expect(event).toMatchObject({
        type: 'EquipmentLentToGroup',
        data: { conditions: ['NO_TRANSFER', 'REPORT_USAGE'], until: '2022-12-31', termMonths: 24 },
      })
    })

    it('accepts a pinjam-pakai agreement as the loan document', () => {
      const documentedLoan = lend(documented, { agreementDoc: doc('PINJAM_PAKAI') })
      const events = eventsOf(equipmentDecider, owned, documentedLoan)
      expect(events.map((e) => e.type)).toEqual(['EquipmentLentToGroup'])
    })

    it('applies R25 to a NO_TRANSFER loan found transferred without permission', () => {
      const events = eventsOf(equipmentDecider, lent, monitor('TRANSFERRED_WITHOUT_PERMISSION'))
      expect(events.map((e) => e.type)).toEqual(['EquipmentUtilizationMonitored', 'ComplianceGapNoted'])
      expect(events[1]?.data).toMatchObject({ rule: 'R25' })
    })

    it('converts a loan into a grant to its borrower once the term has ended, never before, never to another group', () => {
      const after = grant(newsContext('2023-01-02'))
      expect(stateAfter(equipmentDecider, [...lent, after])).toMatchObject({
        status: 'GRANTED_TO_GROUP',
        groupId: 'kub-led',
      })
      given(equipmentDecider, lent)
        .when(grant(newsContext('2021-06-01')))
        .thenRejects({ rule: 'R22' })
      const other = grant(newsContext('2023-01-02'), { groupId: 'kub-plg', group: kubPalembang })
      given(equipmentDecider, lent).when(other).thenRejects({ rule: 'R22' })
    })
  })

  describe('recipients: groups and individual businesses', () => {
    const owned = [
      procure(news, {
        items: [
          { name: 'mesin penepung', qty: 2, unit: 'UNIT' },
          { name: 'sealer', qty: 8, unit: 'UNIT' },
        ],
      }),
      handover(),
      transfer(),
    ]
    const owner = (personId: string, code = '16.06') => ({ personId, status: 'ACTIVE', domicile: regionRef(code) })
    const business = (personId: string, items?: ReadonlyArray<object>) => ({
      recipient: { kind: 'BUSINESS', ownerPersonId: personId, businessKind: 'INDUSTRI_RUMAH_TANGGA' },
      ...(items === undefined ? {} : { items }),
    })
    const toMany = (extra: object = {}, context: Ctx = news) =>
      on(
        'GrantEquipmentToRecipients',
        {
          grantor: pemkabMuba,
          conditions: ['NO_TRANSFER'],
          recipients: [
            business('prs-a', [{ name: 'sealer', qty: 4, unit: 'UNIT' }]),
            business('prs-b'),
            { recipient: { kind: 'GROUP', groupId: 'kub-led' } },
          ],
          owners: [owner('prs-a'), owner('prs-b')],
          groups: [kubMuba],
          ...extra,
        },
        context,
      )

    it('grants one package to household industries and a group, each by reference, with the shares a document records', () => {
      const events = eventsOf(equipmentDecider, owned, toMany())
      expect(events.map((e) => e.type)).toEqual(['EquipmentGrantedToRecipients', 'ComplianceGapNoted'])
      expect(events[0]?.data).toEqual({
        grantor: pemkabMuba,
        conditions: ['NO_TRANSFER'],
        recipients: [
          business('prs-a', [{ name: 'sealer', qty: 4, unit: 'UNIT' }]),
          business('prs-b'),
          { recipient: { kind: 'GROUP', groupId: 'kub-led' } },
        ],
      })
      // No name of anyone in the event: the owners are person ids, their records live in the vault.
      expect(JSON.stringify((events[0]?.data as { recipients: unknown }).recipients)).not.toMatch(
        /nameAtEvent|nik|phone/i,
      )
      expect(stateAfter(equipmentDecider, [...owned, toMany()])).toMatchObject({
        status: 'GRANTED_TO_GROUP',
        groupId: undefined,
        recipients: [
          { kind: 'BUSINESS', ownerPersonId: 'prs-a' },
          { kind: 'BUSINESS', ownerPersonId: 'prs-b' },
          { kind: 'GROUP', groupId: 'kub-led' },
        ],
        grantConditions: ['NO_TRANSFER'],
      })
    })

    it('never gives out more of an item than the package holds, nor an item it does not hold', () => {
      const tooMany = toMany({
        recipients: [
          business('prs-a', [{ name: 'sealer', qty: 5, unit: 'UNIT' }]),
          business('prs-b', [{ name: 'sealer', qty: 4, unit: 'UNIT' }]),
        ],
      })
      given(equipmentDecider, owned).when(tooMany).thenRejects({ rule: 'R22' })
      const foreign = toMany({ recipients: [business('prs-a', [{ name: 'oven', qty: 1, unit: 'UNIT' }])] })
      given(equipmentDecider, owned).when(foreign).thenRejects({ rule: 'R22' })
    })

    it('checks every owner: erased, outside the Pemda’s region, or unregistered in OPERATIONAL mode is refused', () => {
      const erased = toMany({ owners: [{ personId: 'prs-a', status: 'ERASED' }, owner('prs-b')] })
      given(equipmentDecider, owned).when(erased).thenRejects({ rule: 'R22' })
      const away = toMany({ owners: [owner('prs-a', '16.71'), owner('prs-b')] })
      given(equipmentDecider, owned).when(away).thenRejects({ rule: 'R22' })
      const unknown = toMany({ owners: [{ personId: 'prs-a', status: 'NOT_FOUND' }, owner('prs-b')] }, documented)
      given(equipmentDecider, owned).when(unknown).thenRejects({ rule: 'R22' })
      const missingFacts = toMany({ owners: [owner('prs-a')] })
      given(equipmentDecider, owned).when(missingFacts).thenRejects({ _tag: 'InvalidCommand' })
      const twice = toMany({ recipients: [business('prs-a'), business('prs-a')] })
      given(equipmentDecider, owned).when(twice).thenRejects({ _tag: 'InvalidCommand' })
    })

    it('imports a business whose owner is not registered yet with a gap, never a made-up person', () => {
      const unknown = toMany({ owners: [{ personId: 'prs-a', status: 'NOT_FOUND' }, owner('prs-b')] })
      const events = eventsOf(equipmentDecider, owned, unknown)
      expect(events.map((e) => [e.type, (e.data as { rule?: string }).rule])).toEqual([
        ['EquipmentGrantedToRecipients', undefined],
        ['ComplianceGapNoted', 'R22'],
        ['ComplianceGapNoted', 'R22'],
      ])
      expect(events[2]?.data).toMatchObject({ subject: 'equipment-pkg-a/recipient-business-prs-a' })
    })

    it('lends to several recipients with conditions and a term, applies R25, and converts to a grant to the same recipients after the term', () => {
      const lendMany = on(
        'LendEquipmentToRecipients',
        {
          lender: pemkabMuba,
          recipients: [business('prs-a'), business('prs-b')],
          conditions: ['NO_TRANSFER'],
          until: '2022-12-31',
          agreementDoc: doc('PINJAM_PAKAI'),
          owners: [owner('prs-a'), owner('prs-b')],
        },
        documented,
      )
      const lent = [...owned, lendMany]
      expect(eventsOf(equipmentDecider, owned, lendMany).map((e) => e.type)).toEqual(['EquipmentLentToRecipients'])
      const found = eventsOf(equipmentDecider, lent, monitor('TRANSFERRED_WITHOUT_PERMISSION'))
      expect(found[1]?.data).toMatchObject({ rule: 'R25' })
      const convert = (on_: string, recipients: ReadonlyArray<object>) =>
        toMany({ recipients, owners: [owner('prs-a'), owner('prs-b')] }, newsContext(on_))
      expect(
        rejectionOf(equipmentDecider, lent, convert('2022-06-01', [business('prs-a'), business('prs-b')])),
      ).toMatchObject({ rule: 'R22' })
      given(equipmentDecider, lent)
        .when(convert('2023-01-02', [business('prs-a')]))
        .thenRejects({
          rule: 'R22',
        })
      expect(
        stateAfter(equipmentDecider, [...lent, convert('2023-01-02', [business('prs-b'), business('prs-a')])]),
      ).toMatchObject({
        status: 'GRANTED_TO_GROUP',
        loanUntil: undefined,
      })
    })

    it('refuses a grant to recipients before the Pemda owns the package', () => {
      given(equipmentDecider, [procure(), handover()]).when(toMany()).thenRejects({ rule: 'R22' })
    })
  })

  describe('R34 the facility that holds the goods', () => {
    const uptd = {
      facilityId: 'fac-uptd',
      status: 'OPEN',
      kind: 'UPTD',
      region: regionRef('16.06'),
      manager: pemkabMuba,
    }
    const place = (facility: object = uptd, extra: object = {}) =>
      on('PlaceEquipmentAtFacility', { facilityId: 'fac-uptd', facilityKind: 'UPTD', facility, ...extra })
    const owned = [procure(), handover(), transfer()]

    it('links the package to the UPTD that keeps it, naming its manager, without changing custody', () => {
      const events = eventsOf(equipmentDecider, owned, place())
      expect(events).toEqual([
        {
          type: 'EquipmentPlacedAtFacility',
          data: { facilityId: 'fac-uptd', facilityKind: 'UPTD', manager: pemkabMuba },
        },
      ])
      expect(stateAfter(equipmentDecider, [...owned, place()])).toMatchObject({
        status: 'OWNED_BY_PEMDA',
        facilityId: 'fac-uptd',
      })
      expect(eventsOf(equipmentDecider, [...owned, place()], place())).toEqual([])
    })

    it('refuses a facility that does not exist, is closed, or lies outside the holder’s region', () => {
      expect(
        rejectionOf(equipmentDecider, owned, place({ facilityId: 'fac-uptd', status: 'NOT_FOUND' })),
      ).toMatchObject({ rule: 'R34' })
      given(equipmentDecider, owned)
        .when(place({ ...uptd, status: 'CLOSED' }))
        .thenRejects({ rule: 'R34' })
      given(equipmentDecider, owned)
        .when(place({ ...uptd, region: regionRef('16.71') }))
        .thenRejects({
          rule: 'R34',
        })
      given(equipmentDecider, owned)
        .when(place({ ...uptd, kind: 'SENTRA' }))
        .thenRejects({
          _tag: 'InvalidCommand',
        })
    })
  })

  describe('compliance gaps', () => {
    const gapId = 'R21:equipment-pkg-a/operational-handover'
    const resolve = (document: object, context: Ctx = documented) =>
      on('ResolveComplianceGap', { gapId, document }, context)

    it('resolves an open gap with a documented BAST of the missing kind', () => {
      const state = stateAfter(equipmentDecider, [procure(), handover(), resolve(doc('BAST_OPERASIONAL'))])
      expect(Object.keys(state.status === 'NONE' ? {} : state.openGaps)).toEqual(['R20:equipment-pkg-a/procurement'])
    })

    it('refuses to resolve with the wrong kind, without a number, on news evidence, or an unknown gap', () => {
      const setup = [procure(), handover()]
      given(equipmentDecider, setup)
        .when(resolve(doc('NPHD')))
        .thenRejects({ rule: 'R21' })
      given(equipmentDecider, setup)
        .when(resolve({ kind: 'BAST_OPERASIONAL' }))
        .thenRejects({ rule: 'R21' })
      given(equipmentDecider, setup)
        .when(resolve(doc('BAST_OPERASIONAL'), news))
        .thenRejects({
          rule: 'R21',
        })
      expect(
        rejectionOf(equipmentDecider, setup, on('ResolveComplianceGap', { gapId: 'R9:x', document: doc('NPHD') }))._tag,
      ).toBe('UnknownEntity')
    })

    it('T0.6 (equipment side): two news-imported packages sit with Pemkab Muba with the contract, supplier BAST and operational BAST missing', () => {
      const packages = ['pkg-a', 'pkg-b'].map((id) => {
        const retarget = (c: EquipmentCommand) => cmd({ ...c, data: { ...c.data, packageId: id } })
        return stateAfter(equipmentDecider, [procure(), ceremony, handover()].map(retarget))
      })
      for (const state of packages) {
        if (state.status === 'NONE') throw new Error('missing package')
        expect(state.status).toBe('WITH_PEMDA_OPERATIONAL')
        expect(state.holder.orgId).toBe('pemkab-muba')
        expect(state.owner.orgId).toBe('ditjen-ikma')
        expect(Object.values(state.openGaps).flatMap((g) => g.missingDocKinds)).toEqual([
          'KONTRAK',
          'BAST_PENYEDIA_PPK',
          'BAST_OPERASIONAL',
        ])
      }
    })
  })

  describe('decodeEquipmentCommand', () => {
    it('names the command and the io-ts path of a bad field', () => {
      const decoded = decodeEquipmentCommand({ ...procure(), data: { ...procure().data, totalValue: '12.5' } })
      expect(decoded).toMatchObject({ left: { _tag: 'InvalidCommand', command: 'ProcureEquipment' } })
      if (E.isLeft(decoded)) expect(decoded.left.message).toContain('data.totalValue')
    })

    it('rejects an unknown command type and input without a type', () => {
      expect(decodeEquipmentCommand({ type: 'StealEquipment' })).toMatchObject({ left: { _tag: 'InvalidCommand' } })
      expect(decodeEquipmentCommand(42)).toMatchObject({ left: { _tag: 'InvalidCommand' } })
    })
  })
})
