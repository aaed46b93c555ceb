import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeFacilityCommand } from '../../../src/domain/facility/FacilityCommands'
import { facilityDecider } from '../../../src/domain/facility/FacilityDecider'
import { facilityEvents } from '../../../src/domain/facility/FacilityEvents'
import { regionRef } from '../../../src/domain/values/Region'
import { doc, documentedContext, exercise, mustDecode, newsContext, org } from '../support/fixtures'
import { eventTypesOnLegalPaths, interleave } from '../support/properties'

const cmd = mustDecode(decodeFacilityCommand)
const text = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}[A-Za-z]$/)
const context = fc.constantFrom(newsContext('2022-01-10'), documentedContext('HISTORICAL_IMPORT', '2022-01-10'))
const on = (type: string, data: object, ctx: object) => ({ type, data: { facilityId: 'fac-1', ...data }, context: ctx })
const bp = fc.integer({ min: 0, max: 10000 })

const legalPath = fc
  .record({
    ctx: context,
    name: text,
    units: fc.integer({ min: 5, max: 200 }),
    workers: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    physical: bp,
    financial: bp,
    amount: fc.bigInt({ min: 1n, max: 10n ** 13n }),
    approximate: fc.boolean(),
    source: fc.constantFrom('DAK_FISIK', 'DAK_NONFISIK', 'APBD_KABKOTA', 'APBN_KL'),
    idle: fc.constantFrom('UNDERUSED', 'IDLE'),
  })
  .map(({ ctx, name, units, workers, physical, financial, amount, approximate, source, idle }) =>
    [
      {
        type: 'RegisterFacility',
        data: {
          facilityId: 'fac-1',
          kind: 'SENTRA',
          name,
          region: regionRef('13.73'),
          kbli: [{ version: '2020', code: '10794' }],
          productFocus: [name],
          dataSource: 'DINAS_SURVEY',
          unitCount: units,
          ...(workers === undefined ? {} : { workerCount: workers }),
        },
        context: ctx,
      },
      on('UpdateSentraUnitCount', { unitCount: units + 1, asOf: '2022-01-01' }, ctx),
      on('PlanFacilityDevelopment', { docs: [doc('DED')] }, ctx),
      on(
        'ContractFacilityWorks',
        { worksId: 'w1', kind: 'BUILD', programId: 'prg-1', startDate: '2022-02-01', plannedEndDate: '2022-11-30' },
        ctx,
      ),
      on(
        'ReportFacilityWorksProgress',
        { worksId: 'w1', physicalBp: physical, financialBp: financial, asOf: '2022-06-30' },
        ctx,
      ),
      on('CompleteFacilityWorks', { worksId: 'w1' }, ctx),
      on('HandOverFacilityWorksFinally', { worksId: 'w1' }, ctx),
      on('AppointFacilityManager', { manager: org('uptd-1', 'UPTD', '13.73') }, ctx),
      on('ChangeFacilityOperationalStatus', { status: 'OPERATIONAL' }, ctx),
      on('ChangeFacilityOperationalStatus', { status: idle }, ctx),
      on(
        'ContractFacilityWorks',
        {
          worksId: 'w2',
          kind: 'REVITALIZE',
          programId: 'prg-2',
          startDate: '2023-02-01',
          plannedEndDate: '2023-11-30',
        },
        ctx,
      ),
      on('CompleteFacilityWorks', { worksId: 'w2' }, ctx),
      on('ImportFacilityFundingHistory', { source, amount: amount.toString(), approximate, periodTo: 2021 }, ctx),
      on(
        'ResolveComplianceGap',
        { gapId: 'R28:facility-fac-1/works-w1/contract', document: doc('KONTRAK') },
        documentedContext(),
      ),
    ].map(cmd),
  )

const anyCommand = fc
  .record({
    pick: fc.integer({ min: 0, max: 5 }),
    kind: fc.constantFrom('BUILD', 'REVITALIZE', 'MACHINE_REVITALIZATION'),
    worksId: fc.constantFrom('w1', 'w2', 'w3'),
    status: fc.constantFrom('OPERATIONAL', 'UNDERUSED', 'IDLE', 'CLOSED'),
  })
  .map(({ pick, kind, worksId, status }) =>
    cmd(
      [
        on(
          'ContractFacilityWorks',
          { worksId, kind, programId: 'prg-9', startDate: '2024-01-01', plannedEndDate: '2024-06-30' },
          newsContext(),
        ),
        on('CompleteFacilityWorks', { worksId }, newsContext()),
        on('HandOverFacilityWorksFinally', { worksId }, newsContext()),
        on('ChangeFacilityOperationalStatus', { status }, newsContext()),
        on('PlanFacilityDevelopment', { docs: [] }, newsContext()),
        on('UpdateSentraUnitCount', { unitCount: 3, asOf: '2024-01-01' }, documentedContext()),
      ][pick],
    ),
  )

const interleaved = interleave(legalPath, anyCommand)

describe('FacilityDecider properties', () => {
  it('round-trips every event type through its codec on the legal path', () => {
    const seen = eventTypesOnLegalPaths(facilityDecider, facilityEvents, legalPath)
    expect([...seen].sort()).toEqual([...facilityEvents.types].sort())
  })

  it('never throws when folding any sequence of commands, legal or not', () => {
    fc.assert(
      fc.property(interleaved, (commands) => void exercise(facilityDecider, facilityEvents, commands)),
      { numRuns: 200 },
    )
  })
})
