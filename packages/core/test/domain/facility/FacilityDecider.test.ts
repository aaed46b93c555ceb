import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { decodeFacilityCommand, type FacilityCommand } from '../../../src/domain/facility/FacilityCommands'
import { facilityDecider } from '../../../src/domain/facility/FacilityDecider'
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
  stateAfter,
  statusesAlong,
} from '../support/fixtures'

const cmd = mustDecode(decodeFacilityCommand)
type Ctx = ReturnType<typeof newsContext>
const news = newsContext('2021-12-22')
const documented = documentedContext('OPERATIONAL', '2022-03-01')

const register = (extra: object = {}, id = 'fac-1'): FacilityCommand =>
  cmd({
    type: 'RegisterFacility',
    data: {
      facilityId: id,
      kind: 'SENTRA',
      name: 'Sentra IKM Pengolahan Makanan Ringan',
      region: regionRef('13.73'),
      kbli: [{ version: '2020', code: '10794' }],
      productFocus: [],
      dataSource: 'NEWS',
      unitCount: 12,
      ...extra,
    },
    context: news,
  })
const on = (type: string, data: object, context: Ctx = news): FacilityCommand =>
  cmd({ type, data: { facilityId: 'fac-1', ...data }, context })
const works = (kind: string, extra: object = {}, context: Ctx = news) =>
  on(
    'ContractFacilityWorks',
    { worksId: `w-${kind}`, kind, programId: 'prg-1', startDate: '2022-03-01', plannedEndDate: '2022-10-31', ...extra },
    context,
  )
const complete = (kind: string, context: Ctx = news, extra: object = {}) =>
  on('CompleteFacilityWorks', { worksId: `w-${kind}`, ...extra }, context)
const setStatus = (status: string) => on('ChangeFacilityOperationalStatus', { status })
const built = [register(), works('BUILD'), complete('BUILD')]

describe('FacilityDecider', () => {
  describe('state machine', () => {
    it('walks REGISTERED → PLANNED → UNDER_WORKS → BUILT → OPERATIONAL ⇄ UNDERUSED / IDLE → CLOSED', () => {
      const path = [
        register(),
        on('PlanFacilityDevelopment', { docs: [doc('DED')] }),
        works('BUILD'),
        complete('BUILD'),
        setStatus('OPERATIONAL'),
        setStatus('UNDERUSED'),
        setStatus('OPERATIONAL'),
        setStatus('IDLE'),
        setStatus('CLOSED'),
      ]
      const statuses = statusesAlong(facilityDecider, path)
      expect(statuses).toEqual([
        'REGISTERED',
        'PLANNED',
        'UNDER_WORKS',
        'BUILT',
        'OPERATIONAL',
        'UNDERUSED',
        'OPERATIONAL',
        'IDLE',
        'CLOSED',
      ])
    })

    it('loops revitalisation works from OPERATIONAL back to OPERATIONAL', () => {
      const state = stateAfter(facilityDecider, [
        ...built,
        setStatus('OPERATIONAL'),
        works('REVITALIZE'),
        complete('REVITALIZE'),
      ])
      expect(state.status).toBe('OPERATIONAL')
    })

    it('stays UNDER_WORKS until the last open works are completed', () => {
      const two = [...built, works('REVITALIZE'), works('MACHINE_REVITALIZATION'), complete('REVITALIZE')]
      expect(stateAfter(facilityDecider, two).status).toBe('UNDER_WORKS')
      expect(stateAfter(facilityDecider, [...two, complete('MACHINE_REVITALIZATION')]).status).toBe('BUILT')
    })

    it('tracks progress, PHO and FHO of works', () => {
      const state = stateAfter(facilityDecider, [
        register(),
        works('BUILD'),
        on('ReportFacilityWorksProgress', {
          worksId: 'w-BUILD',
          physicalBp: 4000,
          financialBp: 3500,
          asOf: '2022-06-30',
        }),
        complete('BUILD'),
        on('HandOverFacilityWorksFinally', { worksId: 'w-BUILD' }),
      ])
      expect(state.status === 'NONE' ? undefined : state.works['w-BUILD']).toMatchObject({
        status: 'FINAL_HANDOVER',
        physicalBp: 4000,
        financialBp: 3500,
      })
    })

    it('rejects illegal transitions', () => {
      given(facilityDecider, [register()]).when(setStatus('OPERATIONAL')).thenRejects({ _tag: 'InvalidTransition' })
      expect(rejectionOf(facilityDecider, [register(), works('BUILD')], setStatus('OPERATIONAL'))._tag).toBe(
        'InvalidTransition',
      )
      expect(
        rejectionOf(facilityDecider, [register(), works('BUILD')], on('PlanFacilityDevelopment', { docs: [] }))._tag,
      ).toBe('InvalidTransition')
      expect(rejectionOf(facilityDecider, [...built, setStatus('OPERATIONAL')], setStatus('OPERATIONAL'))._tag).toBe(
        'InvalidTransition',
      )
      expect(rejectionOf(facilityDecider, [...built, setStatus('CLOSED')], works('REVITALIZE'))._tag).toBe(
        'InvalidTransition',
      )
      expect(rejectionOf(facilityDecider, [...built, setStatus('CLOSED')], setStatus('OPERATIONAL'))._tag).toBe(
        'InvalidTransition',
      )
      expect(
        rejectionOf(
          facilityDecider,
          [register(), on('PlanFacilityDevelopment', { docs: [] })],
          on('PlanFacilityDevelopment', { docs: [] }),
        )._tag,
      ).toBe('InvalidTransition')
      expect(
        rejectionOf(
          facilityDecider,
          built,
          on('ReportFacilityWorksProgress', { worksId: 'w-BUILD', physicalBp: 1, financialBp: 1, asOf: '2022-06-30' }),
        )._tag,
      ).toBe('InvalidTransition')
      expect(
        rejectionOf(
          facilityDecider,
          [register(), works('BUILD')],
          on('HandOverFacilityWorksFinally', { worksId: 'w-BUILD' }),
        )._tag,
      ).toBe('InvalidTransition')
      given(facilityDecider, built).when(complete('BUILD')).thenRejects({ _tag: 'InvalidTransition' })
    })

    it('rejects every command but registration on a facility that does not exist', () => {
      for (const command of [
        works('BUILD'),
        setStatus('OPERATIONAL'),
        on('UpdateSentraUnitCount', { unitCount: 9, asOf: '2021-01-01' }),
      ]) {
        given(facilityDecider, [])
          .when(command)
          .thenRejects({
            _tag: 'UnknownEntity',
            entity: { kind: 'facility', id: 'fac-1' },
          })
      }
      given(facilityDecider, [register()]).when(register()).thenRejects({ _tag: 'AlreadyExists' })
    })

    it('rejects works whose start is after their planned end, duplicate works, and progress above 100 %', () => {
      expect(rejectionOf(facilityDecider, built, works('REVITALIZE', { startDate: '2022-12-01' }))._tag).toBe(
        'InvalidCommand',
      )
      expect(rejectionOf(facilityDecider, [...built, works('REVITALIZE')], works('REVITALIZE'))._tag).toBe(
        'AlreadyExists',
      )
      expect(
        rejectionOf(
          facilityDecider,
          [register(), works('BUILD')],
          on('ReportFacilityWorksProgress', {
            worksId: 'w-BUILD',
            physicalBp: 10001,
            financialBp: 0,
            asOf: '2022-06-30',
          }),
        )._tag,
      ).toBe('InvalidCommand')
    })
  })

  describe('R26 sentra registration', () => {
    it('rejects a sentra with fewer than 5 units or an unknown count', () => {
      given(facilityDecider, [])
        .when(register({ unitCount: 4 }))
        .thenRejects({ rule: 'R26' })
      given(facilityDecider, [])
        .when(register({ unitCount: undefined }))
        .thenRejects({ rule: 'R26' })
    })

    it('registers it as a potential sentra, and the flag falls when the count reaches 5', () => {
      const potential = register({ unitCount: 2, potential: true })
      expect(stateAfter(facilityDecider, [potential])).toMatchObject({ potential: true, unitCount: 2 })
      expect(
        stateAfter(facilityDecider, [potential, on('UpdateSentraUnitCount', { unitCount: 6, asOf: '2021-06-01' })]),
      ).toMatchObject({
        potential: false,
        unitCount: 6,
      })
    })

    it('keeps unit counts for sentra only, and potential for sentra only', () => {
      const uptd = register({ kind: 'UPTD', name: 'UPTD Tekstil' })
      expect(
        rejectionOf(facilityDecider, [uptd], on('UpdateSentraUnitCount', { unitCount: 6, asOf: '2021-06-01' }))._tag,
      ).toBe('InvalidCommand')
      given(facilityDecider, [])
        .when(register({ kind: 'UPTD', potential: true }))
        .thenRejects({ _tag: 'InvalidCommand' })
    })
  })

  describe('R27 DAK-fisik threshold', () => {
    const dak = (threshold?: number) =>
      works('REVITALIZE', {
        fundingSource: 'DAK_FISIK',
        ...(threshold === undefined ? {} : { dakFisikUnitThreshold: threshold }),
      })

    it('rejects DAK-fisik works on a sentra below the island threshold', () => {
      given(facilityDecider, [register({ unitCount: 8, alreadyBuilt: true })])
        .when(dak(10))
        .thenRejects({
          rule: 'R27',
        })
    })

    it('accepts them at or above the threshold, and asks for the threshold when it is missing', () => {
      expect(eventsOf(facilityDecider, [register({ unitCount: 10, alreadyBuilt: true })], dak(10))[0]?.type).toBe(
        'FacilityWorksContracted',
      )
      given(facilityDecider, [register({ alreadyBuilt: true })])
        .when(dak())
        .thenRejects({ _tag: 'InvalidCommand' })
    })
  })

  describe('R28 works', () => {
    it('T2.4: rejects REVITALIZE on a sentra never built, and allows it on one built before', () => {
      given(facilityDecider, [register()]).when(works('REVITALIZE')).thenRejects({ rule: 'R28' })
      expect(eventsOf(facilityDecider, [register({ alreadyBuilt: true })], works('REVITALIZE'))[0]?.type).toBe(
        'FacilityWorksContracted',
      )
    })

    it('T2.3: allows MACHINE_REVITALIZATION on a UPTD, and rejects it on an unbuilt sentra', () => {
      const uptd = register({ kind: 'UPTD', name: 'UPTD Tekstil' })
      expect(eventsOf(facilityDecider, [uptd], works('MACHINE_REVITALIZATION'))[0]?.type).toBe(
        'FacilityWorksContracted',
      )
      given(facilityDecider, [register()]).when(works('MACHINE_REVITALIZATION')).thenRejects({ rule: 'R28' })
    })

    it('rejects BUILD works on a facility already built', () => {
      given(facilityDecider, built)
        .when(works('BUILD', { worksId: 'w-2' }))
        .thenRejects({ rule: 'R28' })
    })

    it('rejects a PHO for works never contracted', () => {
      given(facilityDecider, [register()]).when(complete('BUILD')).thenRejects({ rule: 'R28' })
    })

    it('needs the contract and the PHO BAST in OPERATIONAL mode, and notes gaps on import', () => {
      const operational = works('BUILD', {}, documented)
      given(facilityDecider, [register()]).when(operational).thenRejects({ rule: 'R28' })
      const contracted = works('BUILD', { contractDoc: doc('KONTRAK') }, documented)
      given(facilityDecider, [register(), contracted]).when(complete('BUILD', documented)).thenRejects({
        rule: 'R28',
      })
      expect(
        eventsOf(
          facilityDecider,
          [register(), contracted],
          complete('BUILD', documented, { bastDoc: doc('BAST_PENYEDIA_PPK') }),
        ),
      ).toHaveLength(1)
      const imported = eventsOf(facilityDecider, [register()], works('BUILD'))
      expect(imported[1]?.data).toMatchObject({ rule: 'R28', missingDocKinds: ['KONTRAK'] })
    })
  })

  describe('imported funding history', () => {
    it('T2.2: keeps Rp24,3 miliar and Rp2,7 miliar as exact integers flagged approximate', () => {
      const history = (source: string, amount: string) =>
        on('ImportFacilityFundingHistory', { source, amount, approximate: true, periodTo: 2021 })
      const state = stateAfter(facilityDecider, [
        register({ alreadyBuilt: true }),
        history('DAK_FISIK', '24300000000'),
        history('DAK_NONFISIK', '2700000000'),
      ])
      expect(state.status === 'NONE' ? [] : state.fundingHistory).toEqual([
        { source: 'DAK_FISIK', amount: 24_300_000_000n, approximate: true, periodFrom: undefined, periodTo: 2021 },
        { source: 'DAK_NONFISIK', amount: 2_700_000_000n, approximate: true, periodFrom: undefined, periodTo: 2021 },
      ])
    })

    it('rejects a period that ends before it starts, and a fractional amount', () => {
      const bad = on('ImportFacilityFundingHistory', {
        source: 'DAK_FISIK',
        amount: '1',
        approximate: false,
        periodFrom: 2021,
        periodTo: 2019,
      })
      given(facilityDecider, [register()]).when(bad).thenRejects({ _tag: 'InvalidCommand' })
      expect(E.isLeft(decodeFacilityCommand({ ...bad, data: { ...bad.data, amount: '24,3' } }))).toBe(true)
    })
  })

  it('appoints a manager', () => {
    const manager = org('uptd-sentra', 'UPTD', '13.73')
    expect(stateAfter(facilityDecider, [...built, on('AppointFacilityManager', { manager })])).toMatchObject({
      manager,
    })
  })
})
