/**
 * Production rules (S4): fixed units and conversions (R17), deliveries never above production (R18),
 * production only in eligible regions (R19).
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { ruleViolation, unknownEntity, type DomainError } from '../../DomainError'
import { convertQuantity, type Quantity } from '../../values/Quantity'
import { isWithinRegion, type RegionRef } from '../../values/Region'
import {
  accept,
  PREPARING_OR_RUNNING,
  programRef,
  requireStatus,
  violate,
  type Decision,
} from '../internal/ProgramRuleSupport'
import { regionKeyOf, type Program, type ProductionOutput } from '../Program'
import type { ProgramCommandOf } from '../ProgramCommands'
import { stripProgramId } from './FundingRules'

const PRODUCING = ['IN_EXECUTION', 'EXECUTION_COMPLETED'] as const

const outputOf = (p: Program, outputId: string, action: string): E.Either<DomainError, ProductionOutput> => {
  const output = p.outputs.get(outputId)
  return output === undefined
    ? E.left(
        unknownEntity(
          programRef(p.programId),
          `cannot ${action}: program ${p.programId} has no production output ${outputId}; set its target first`,
        ),
      )
    : E.right(output)
}

/** R17: a quantity in the output's unit, converting BOTTLE ↔ ML only through the declared bottle volume. */
const inOutputUnit = (
  p: Program,
  output: ProductionOutput,
  q: Quantity,
  action: string,
): E.Either<DomainError, bigint> =>
  pipe(
    convertQuantity(
      q,
      output.unit,
      output.bottleVolumeMl === undefined ? {} : { bottleVolumeMl: output.bottleVolumeMl },
    ),
    E.bimap(
      (why) =>
        ruleViolation(
          'R17',
          programRef(p.programId),
          `cannot ${action}: output ${output.outputId} is counted in ${output.unit}, and ${why} (rule R17)`,
        ),
      (converted) => converted.value,
    ),
  )

/** R19: the region must be eligible for the output's track (and within the output's and program's regions). */
const regionProblem = (p: Program, output: ProductionOutput, region: RegionRef | undefined): string | undefined => {
  if (region === undefined) return undefined
  if (!p.regions.some((r) => isWithinRegion(region, r))) return `${region.code} is outside the program's regions`
  if (output.region !== undefined && !isWithinRegion(region, output.region))
    return `${region.code} is outside the output's region ${output.region.code}`
  const track = output.trackId === undefined ? undefined : p.tracks.get(output.trackId)
  if (
    track !== undefined &&
    track.eligibleRegions.length > 0 &&
    !track.eligibleRegions.some((r) => isWithinRegion(region, r))
  ) {
    return `${region.code} ${region.nameAtEvent} is not eligible for track ${track.trackId} (${track.eligibleRegions.map((r) => r.code).join(', ')})`
  }
  return undefined
}

/** R17: a target has a fixed unit; resetting it in another unit is refused. */
export const setProductionTarget = (c: ProgramCommandOf<'SetProductionTarget'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `set production target ${d.outputId}`),
    E.flatMap((): Decision => {
      const existing = p.outputs.get(d.outputId)
      if (existing !== undefined && existing.unit !== d.unit) {
        return violate(
          p,
          'R17',
          `cannot set output ${d.outputId} in ${d.unit}: it is already counted in ${existing.unit} (rule R17: a fixed unit per output)`,
        )
      }
      if (d.trackId !== undefined && !p.tracks.has(d.trackId)) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot set output ${d.outputId}: program ${p.programId} has no activity track ${d.trackId}`,
          ),
        )
      }
      if (d.region !== undefined && !p.regions.some((r) => d.region !== undefined && isWithinRegion(d.region, r))) {
        return violate(
          p,
          'R19',
          `cannot set output ${d.outputId} in ${d.region.code}: the region is outside the program's regions (rule R19)`,
        )
      }
      return accept({ type: 'ProductionTargetSet', data: stripProgramId(d) })
    }),
  )
}

/** R17, R19: production reports. */
export const reportProduction = (c: ProgramCommandOf<'ReportProduction'>, p: Program): Decision => {
  const d = c.data
  const action = `report production ${d.reportId} of output ${d.outputId}`
  return pipe(
    requireStatus(p, c.type, PRODUCING, action),
    E.flatMap(() => outputOf(p, d.outputId, action)),
    E.flatMap((output): Decision => {
      const problem = regionProblem(p, output, d.region)
      if (problem !== undefined) return violate(p, 'R19', `cannot ${action}: ${problem} (rule R19)`)
      return pipe(
        inOutputUnit(p, output, d.quantity, action),
        E.map(() => [{ type: 'ProductionReported' as const, data: stripProgramId(d) }]),
      )
    }),
  )
}

/** R17, R18: deliveries name a recipient and never exceed what was produced in that region. */
export const deliverOutput = (c: ProgramCommandOf<'DeliverOutput'>, p: Program): Decision => {
  const d = c.data
  const action = `deliver ${d.quantity.value} ${d.quantity.unit} of output ${d.outputId} to ${d.to.nameAtEvent}`
  return pipe(
    requireStatus(p, c.type, PRODUCING, action),
    E.flatMap(() => outputOf(p, d.outputId, action)),
    E.flatMap((output): Decision =>
      pipe(
        inOutputUnit(p, output, d.quantity, action),
        E.flatMap((amount): Decision => {
          const key = regionKeyOf(d.region)
          const produced = output.produced.get(key) ?? 0n
          const delivered = output.delivered.get(key) ?? 0n
          if (delivered + amount > produced) {
            return violate(
              p,
              'R18',
              `cannot ${action}${d.region === undefined ? '' : ` in ${d.region.code}`}: only ${produced} ${output.unit} were ` +
                `reported produced there and ${delivered} already delivered (rule R18); report the production first`,
            )
          }
          return accept({ type: 'OutputDelivered', data: stripProgramId(d) })
        }),
      ),
    ),
  )
}
