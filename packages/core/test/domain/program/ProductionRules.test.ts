import { describe, expect, it } from 'vitest'
import { isProgram, type QuantityValue } from '../../../src/domain'
import { cmd, executing, funded, org, region, rejection, run, type Run } from './fixtures'

type Count = typeof QuantityValue._A

const gugusTugas = org('gtpp-tala', 'GUGUS_TUGAS', 'GTPP Covid-19 Kabupaten Tanah Laut')

const tracked = (): Run =>
  run(
    [
      cmd('DefineActivityTrack', {
        trackId: 't1',
        title: 'Hazmat',
        kbli: [],
        eligibleRegions: [],
        mode: 'ON_SITE_VISIT',
      }),
      cmd('DefineActivityTrack', {
        trackId: 't3',
        title: 'Minuman herbal',
        kbli: [],
        eligibleRegions: ['63.71', '63.72', '63.03', '63.01', '63.11'].map(region),
        mode: 'ONLINE',
      }),
      cmd('SetProductionTarget', {
        outputId: 'o1',
        trackId: 't1',
        product: 'baju hazmat',
        unit: 'PCS',
        target: 950n,
        intendedRecipients: [gugusTugas],
      }),
      cmd('SetProductionTarget', {
        outputId: 'o3',
        trackId: 't3',
        product: 'minuman herbal',
        unit: 'ML',
        target: 900_000n,
        bottleVolumeMl: 250,
        intendedRecipients: [],
      }),
    ],
    executing(),
  )

const report = (
  outputId: string,
  value: Count,
  unit: 'PCS' | 'BOTTLE' | 'ML' | 'KG',
  code?: string,
  reportId = `r-${outputId}-${code ?? 'all'}-${value}`,
) =>
  cmd('ReportProduction', {
    reportId,
    outputId,
    quantity: { value, unit },
    reportedBy: org('disperin-kalsel', 'DINAS_PROV'),
    ...(code === undefined ? {} : { region: region(code) }),
  })

const deliver = (outputId: string, value: Count, code: string | undefined, deliveryId: string) =>
  cmd('DeliverOutput', {
    deliveryId,
    outputId,
    quantity: { value, unit: 'PCS' },
    to: gugusTugas,
    ...(code === undefined ? {} : { region: region(code) }),
  })

const produced = (r: Run, outputId: string, key = '*') =>
  isProgram(r.state) ? r.state.outputs.get(outputId)?.produced.get(key) : undefined

describe('Program production rules', () => {
  it('R17: keeps one unit per output', () => {
    const error = rejection(
      cmd('SetProductionTarget', { outputId: 'o1', product: 'baju hazmat', unit: 'SET', intendedRecipients: [] }),
      tracked(),
    )
    expect(error).toMatchObject({ rule: 'R17' })
  })

  it('R17: converts bottles to milliliters only through the declared bottle volume', () => {
    const r = run([report('o3', 3597n, 'BOTTLE')], tracked())
    expect(produced(r, 'o3')).toBe(899_250n)
    expect(rejection(report('o3', 5n, 'KG'), tracked())).toMatchObject({ rule: 'R17' })
    const noVolume = run(
      [cmd('SetProductionTarget', { outputId: 'o9', product: 'x', unit: 'ML', intendedRecipients: [] })],
      tracked(),
    )
    const error = rejection(report('o9', 1n, 'BOTTLE'), noVolume)
    expect(error).toMatchObject({ rule: 'R17' })
    expect(error.message).toContain('bottleVolumeMl')
  })

  it('R18 / T4.4: refuses to deliver more than was produced in the region, and accepts 50 + 50 of 100', () => {
    const fifty = run([report('o1', 50n, 'PCS', '63.01')], tracked())
    const error = rejection(deliver('o1', 60n, '63.01', 'd1'), fifty)
    expect(error).toMatchObject({ rule: 'R18' })
    expect(error.message).toContain('only 50 PCS')
    const hundred = run(
      [report('o1', 50n, 'PCS', '63.01', 'r2'), deliver('o1', 50n, '63.01', 'd1'), deliver('o1', 50n, '63.01', 'd2')],
      fifty,
    )
    expect(isProgram(hundred.state) && hundred.state.outputs.get('o1')?.delivered.get('63.01')).toBe(100n)
    expect(rejection(deliver('o1', 1n, '63.01', 'd3'), hundred)).toMatchObject({ rule: 'R18' })
  })

  it('R19: refuses production reported in a region not eligible for the output track', () => {
    const error = rejection(report('o3', 10n, 'BOTTLE', '63.02'), tracked())
    expect(error).toMatchObject({ rule: 'R19' })
    expect(error.message).toContain('t3')
  })

  it('refuses reports for unknown outputs and before execution', () => {
    expect(rejection(report('nope', 1n, 'PCS'), tracked())).toMatchObject({ _tag: 'UnknownEntity' })
    const planned = run(
      [
        cmd('SetProductionTarget', {
          outputId: 'o1',
          product: 'masker',
          unit: 'PCS',
          target: 6034n,
          intendedRecipients: [],
        }),
      ],
      funded(),
    )
    expect(rejection(report('o1', 1n, 'PCS'), planned)).toMatchObject({ _tag: 'InvalidTransition', state: 'FUNDED' })
  })
})
