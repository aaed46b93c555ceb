import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeEquipmentCommand } from '../../../src/domain/equipment/EquipmentCommands'
import { equipmentDecider } from '../../../src/domain/equipment/EquipmentDecider'
import { equipmentEvents } from '../../../src/domain/equipment/EquipmentEvents'
import { regionRef } from '../../../src/domain/values/Region'
import { doc, documentedContext, exercise, mustDecode, newsContext, org } from '../support/fixtures'
import { eventTypesOnLegalPaths, interleave } from '../support/properties'

const cmd = mustDecode(decodeEquipmentCommand)
const text = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}[A-Za-z]$/)
const context = fc.constantFrom(newsContext(), documentedContext('HISTORICAL_IMPORT'), {
  ...newsContext(),
  evidence: { level: 'INFERRED' as const, refs: [] },
})
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const ditjen = org('ditjen-ikma', 'DITJEN')
const pemkab = org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')
const group = (groupId: string) => ({ groupId, status: 'ACTIVE', region: regionRef('16.06') })
const item = fc.record({
  name: text,
  qty: fc.integer({ min: 1, max: 50 }),
  unit: fc.constantFrom('UNIT', 'SET', 'PCS', 'PACKAGE'),
  unitPrice: fc.bigInt({ min: 0n, max: 10n ** 12n }),
})

const on = (type: string, data: object, ctx: object) => ({ type, data: { packageId: 'pkg-a', ...data }, context: ctx })

// The legal path through every event type, with random payloads, evidence and documents.
const legalPath = fc
  .record({
    ctx: context,
    items: fc.array(item, { maxLength: 4 }),
    withTotal: fc.boolean(),
    place: maybe(text),
    reason: text,
    handoverDoc: maybe(fc.constant(doc('BAST_OPERASIONAL'))),
    grantDoc: maybe(fc.constantFrom(doc('NPHD'), doc('BAST_HIBAH'))),
    extra: fc.constantFrom('REPORT_USAGE', 'MAINTAIN'),
  })
  .map(({ ctx, items, withTotal, place, reason, handoverDoc, grantDoc, extra }) => {
    const total = items.reduce((sum, i) => sum + BigInt(i.qty) * i.unitPrice, 0n)
    const priced = items.map((i) => ({ ...i, unitPrice: i.unitPrice.toString() }))
    return [
      {
        type: 'ProcureEquipment',
        data: {
          packageId: 'pkg-a',
          programId: 'prg-1',
          procuredBy: 'SATKER',
          procuringOrg: ditjen,
          description: reason,
          items: priced,
          ...(withTotal && total > 0n ? { totalValue: total.toString() } : {}),
        },
        context: newsContext(),
      },
      on('RecordCeremonialHandover', { to: [pemkab], ...(place === undefined ? {} : { place }) }, ctx),
      on(
        'HandOverEquipmentOperationally',
        { from: ditjen, to: pemkab, ...(handoverDoc === undefined ? {} : { bastDoc: handoverDoc }) },
        ctx,
      ),
      on('DetermineEquipmentUsageStatus', {}, ctx),
      on('ApproveEquipmentHibah', { approver: ditjen }, ctx),
      on('TransferEquipmentOwnership', { toPemda: pemkab }, ctx),
      on('DerecognizeEquipmentFromBmn', {}, ctx),
      on('LendEquipmentToGroup', { groupId: 'kub-1', lender: pemkab, group: group('kub-1') }, ctx),
      on(
        'GrantEquipmentToGroup',
        {
          groupId: 'kub-1',
          grantor: pemkab,
          conditions: ['NO_TRANSFER', extra],
          group: group('kub-1'),
          ...(grantDoc === undefined ? {} : { grantDoc }),
        },
        ctx,
      ),
      on('MonitorEquipmentUtilization', { status: 'NOT_USED', visitedBy: pemkab }, ctx),
      on('ReassignEquipment', { fromGroupId: 'kub-1', toGroupId: 'kub-2', reason, toGroup: group('kub-2') }, ctx),
      on('MonitorEquipmentUtilization', { status: 'TRANSFERRED_WITHOUT_PERMISSION', visitedBy: pemkab }, ctx),
      on(
        'PlaceEquipmentAtFacility',
        {
          facilityId: 'fac-1',
          facilityKind: 'UPTD',
          facility: { facilityId: 'fac-1', status: 'OPEN', kind: 'UPTD', region: regionRef('16.06') },
        },
        ctx,
      ),
      on(
        'ResolveComplianceGap',
        { gapId: 'R20:equipment-pkg-a/procurement', document: doc('KONTRAK') },
        documentedContext(),
      ),
      on('WriteOffEquipment', { reason }, ctx),
    ].map(cmd)
  })

// The legal path of a package lent and then granted to several recipients (groups and individual businesses).
const recipientsPath = fc.record({ ctx: context, share: fc.integer({ min: 1, max: 3 }) }).map(({ ctx, share }) => {
  const owners = [{ personId: 'prs-1', status: 'ACTIVE', domicile: regionRef('16.06') }]
  const recipients = [
    { recipient: { kind: 'BUSINESS', ownerPersonId: 'prs-1' }, items: [{ name: 'sealer', qty: share, unit: 'UNIT' }] },
    { recipient: { kind: 'GROUP', groupId: 'kub-1' } },
  ]
  return [
    {
      type: 'ProcureEquipment',
      data: {
        packageId: 'pkg-a',
        programId: 'prg-1',
        procuredBy: 'PEMDA',
        procuringOrg: pemkab,
        description: 'peralatan',
        items: [{ name: 'sealer', qty: 3, unit: 'UNIT' }],
      },
      context: newsContext(),
    },
    on('LendEquipmentToRecipients', { lender: pemkab, recipients, owners, groups: [group('kub-1')] }, ctx),
    on(
      'GrantEquipmentToRecipients',
      { grantor: pemkab, conditions: ['NO_TRANSFER'], recipients, owners, groups: [group('kub-1')] },
      ctx,
    ),
  ].map(cmd)
})

// Any command at all, most of them illegal where they land.
const anyCommand = fc
  .record({
    ctx: fc.constantFrom(newsContext(), documentedContext()),
    pick: fc.integer({ min: 0, max: 8 }),
    status: fc.constantFrom('IN_USE', 'UNDERUSED', 'NOT_USED', 'DAMAGED', 'MISSING', 'TRANSFERRED_WITHOUT_PERMISSION'),
    groupId: fc.constantFrom('kub-1', 'kub-2', 'kub-3'),
    reason: text,
  })
  .map(({ ctx, pick, status, groupId, reason }) =>
    cmd(
      [
        on('MonitorEquipmentUtilization', { status, visitedBy: pemkab }, ctx),
        on('GrantEquipmentToGroup', { groupId, grantor: pemkab, conditions: [], group: group(groupId) }, ctx),
        on('LendEquipmentToGroup', { groupId, lender: pemkab, group: group(groupId) }, ctx),
        on('ReassignEquipment', { fromGroupId: 'kub-1', toGroupId: groupId, reason, toGroup: group(groupId) }, ctx),
        on('TransferEquipmentOwnership', { toPemda: pemkab }, ctx),
        on('HandOverEquipmentOperationally', { from: ditjen, to: pemkab }, ctx),
        on('WriteOffEquipment', { reason }, ctx),
        on('DerecognizeEquipmentFromBmn', {}, ctx),
        on('RecordCeremonialHandover', { to: [pemkab] }, ctx),
      ][pick],
    ),
  )

const interleaved = interleave(legalPath, anyCommand)

describe('EquipmentDecider properties', () => {
  it('round-trips every event type through its codec on the legal path', () => {
    const seen = new Set([
      ...eventTypesOnLegalPaths(equipmentDecider, equipmentEvents, legalPath),
      ...eventTypesOnLegalPaths(equipmentDecider, equipmentEvents, recipientsPath, 20),
    ])
    expect([...seen].sort()).toEqual([...equipmentEvents.types].sort())
  })

  it('never throws when folding any sequence of commands, legal or not', () => {
    fc.assert(
      fc.property(interleaved, (commands) => {
        exercise(equipmentDecider, equipmentEvents, commands)
      }),
      { numRuns: 200 },
    )
  })
})
