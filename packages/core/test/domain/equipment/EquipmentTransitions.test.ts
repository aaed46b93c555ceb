import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { decodeEquipmentCommand, type EquipmentCommand } from '../../../src/domain/equipment/EquipmentCommands'
import { equipmentDecider } from '../../../src/domain/equipment/EquipmentDecider'
import { regionRef } from '../../../src/domain/values/Region'
import { mustDecode, newsContext, org, stateAfter } from '../support/fixtures'
import { acceptedIn, allowedIn, statesOf } from '../support/transitions'

const cmd = mustDecode(decodeEquipmentCommand)
const news = newsContext()
const ditjen = org('ditjen-ikma', 'DITJEN')
const pemkab = org('pemkab-muba', 'PEMDA_KABKOTA', '16.06')
const kub = { groupId: 'kub-1', status: 'ACTIVE', region: regionRef('16.06') }
const on = (type: string, data: object = {}): EquipmentCommand =>
  cmd({ type, data: { packageId: 'pkg-a', ...data }, context: news })
const procure = cmd({
  type: 'ProcureEquipment',
  data: {
    packageId: 'pkg-a',
    programId: 'prg-1',
    procuredBy: 'SATKER',
    procuringOrg: ditjen,
    description: 'paket',
    items: [],
  },
  context: news,
})

const commands = {
  handover: on('HandOverEquipmentOperationally', { from: ditjen, to: pemkab }),
  psp: on('DetermineEquipmentUsageStatus'),
  hibahApproval: on('ApproveEquipmentHibah', { approver: ditjen }),
  transfer: on('TransferEquipmentOwnership', { toPemda: pemkab }),
  derecognize: on('DerecognizeEquipmentFromBmn'),
  lend: on('LendEquipmentToGroup', { groupId: 'kub-1', lender: pemkab, group: kub }),
  grant: on('GrantEquipmentToGroup', { groupId: 'kub-1', grantor: pemkab, conditions: [], group: kub }),
  monitor: on('MonitorEquipmentUtilization', { status: 'IN_USE', visitedBy: pemkab }),
  ceremony: on('RecordCeremonialHandover', { to: [pemkab] }),
  writeOff: on('WriteOffEquipment', { reason: 'damaged' }),
}
type Name = keyof typeof commands

const owned = [procure, commands.handover, commands.transfer]
const states = {
  PROCURED: [procure],
  WITH_PEMDA_OPERATIONAL: [procure, commands.handover],
  OWNED_BY_PEMDA: owned,
  LENT_TO_GROUP: [...owned, commands.lend],
  GRANTED_TO_GROUP: [...owned, commands.grant],
  WRITTEN_OFF: [procure, commands.writeOff],
}
type State = keyof typeof states

const allowed: Readonly<Record<Name, ReadonlyArray<State>>> = {
  handover: ['PROCURED'],
  psp: ['WITH_PEMDA_OPERATIONAL'],
  hibahApproval: ['WITH_PEMDA_OPERATIONAL'],
  transfer: ['WITH_PEMDA_OPERATIONAL'],
  // A written-off package leaves the ministry's books too (penghapusan after damage or loss).
  derecognize: ['OWNED_BY_PEMDA', 'LENT_TO_GROUP', 'GRANTED_TO_GROUP', 'WRITTEN_OFF'],
  lend: ['OWNED_BY_PEMDA'],
  grant: ['OWNED_BY_PEMDA', 'LENT_TO_GROUP'],
  monitor: ['PROCURED', 'WITH_PEMDA_OPERATIONAL', 'OWNED_BY_PEMDA', 'LENT_TO_GROUP', 'GRANTED_TO_GROUP'],
  ceremony: ['PROCURED', 'WITH_PEMDA_OPERATIONAL', 'OWNED_BY_PEMDA', 'LENT_TO_GROUP', 'GRANTED_TO_GROUP'],
  writeOff: ['PROCURED', 'WITH_PEMDA_OPERATIONAL', 'OWNED_BY_PEMDA', 'LENT_TO_GROUP', 'GRANTED_TO_GROUP'],
}

describe('EquipmentDecider transitions', () => {
  for (const [state, setup] of statesOf(states)) {
    it(`in ${state} accepts exactly the commands the custody machine allows`, () => {
      const current = stateAfter(equipmentDecider, setup)
      expect(current.status).toBe(state)
      expect(acceptedIn(equipmentDecider, commands, current)).toEqual(allowedIn(commands, allowed, state))
    })
  }

  it('explains every refusal with the package id and what to do', () => {
    const current = stateAfter(equipmentDecider, states.PROCURED)
    const refused = equipmentDecider.decide(commands.grant, current)
    expect(E.isLeft(refused) && refused.left.message).toMatch(/pkg-a.*transfer ownership first/)
  })
})
