import { describe, expect, it } from 'vitest'
import { decodeFacilityCommand, type FacilityCommand } from '../../../src/domain/facility/FacilityCommands'
import { facilityDecider } from '../../../src/domain/facility/FacilityDecider'
import { regionRef } from '../../../src/domain/values/Region'
import { mustDecode, newsContext, org, stateAfter } from '../support/fixtures'
import { acceptedIn, allowedIn, statesOf } from '../support/transitions'

const cmd = mustDecode(decodeFacilityCommand)
const news = newsContext('2022-01-10')
const on = (type: string, data: object = {}): FacilityCommand =>
  cmd({ type, data: { facilityId: 'fac-1', ...data }, context: news })
const register = cmd({
  type: 'RegisterFacility',
  data: {
    facilityId: 'fac-1',
    kind: 'SENTRA',
    name: 'Sentra',
    region: regionRef('13.73'),
    kbli: [],
    productFocus: [],
    dataSource: 'NEWS',
    unitCount: 12,
  },
  context: news,
})
const works = (worksId: string, kind: string) =>
  on('ContractFacilityWorks', {
    worksId,
    kind,
    programId: 'prg-1',
    startDate: '2022-02-01',
    plannedEndDate: '2022-09-30',
  })
const status = (s: string) => on('ChangeFacilityOperationalStatus', { status: s })

const commands = {
  plan: on('PlanFacilityDevelopment', { docs: [] }),
  build: works('w-new', 'BUILD'),
  revitalize: works('w-rev', 'REVITALIZE'),
  machines: works('w-mac', 'MACHINE_REVITALIZATION'),
  operational: status('OPERATIONAL'),
  idle: status('IDLE'),
  close: status('CLOSED'),
  count: on('UpdateSentraUnitCount', { unitCount: 15, asOf: '2022-01-01' }),
  manager: on('AppointFacilityManager', { manager: org('uptd-1', 'UPTD', '13.73') }),
  history: on('ImportFacilityFundingHistory', { source: 'DAK_FISIK', amount: '1000', approximate: true }),
}
type Name = keyof typeof commands

const built = [register, works('w1', 'BUILD'), on('CompleteFacilityWorks', { worksId: 'w1' })]
const states = {
  REGISTERED: [register],
  PLANNED: [register, commands.plan],
  UNDER_WORKS: [register, works('w1', 'BUILD')],
  BUILT: built,
  OPERATIONAL: [...built, commands.operational],
  IDLE: [...built, commands.idle],
  CLOSED: [...built, commands.close],
}
type State = keyof typeof states
const live: ReadonlyArray<State> = ['REGISTERED', 'PLANNED', 'UNDER_WORKS', 'BUILT', 'OPERATIONAL', 'IDLE']

const allowed: Readonly<Record<Name, ReadonlyArray<State>>> = {
  plan: ['REGISTERED', 'BUILT', 'OPERATIONAL', 'IDLE'],
  build: ['REGISTERED', 'PLANNED'],
  revitalize: ['BUILT', 'OPERATIONAL', 'IDLE'],
  machines: ['BUILT', 'OPERATIONAL', 'IDLE'],
  operational: ['BUILT', 'IDLE'],
  idle: ['BUILT', 'OPERATIONAL'],
  close: ['BUILT', 'OPERATIONAL', 'IDLE'],
  count: live,
  manager: live,
  history: [...live, 'CLOSED'],
}

describe('FacilityDecider transitions', () => {
  for (const [state, setup] of statesOf(states)) {
    it(`in ${state} accepts exactly the commands the facility machine allows`, () => {
      const current = stateAfter(facilityDecider, setup)
      expect(current.status).toBe(state)
      expect(acceptedIn(facilityDecider, commands, current)).toEqual(allowedIn(commands, allowed, state))
    })
  }
})
