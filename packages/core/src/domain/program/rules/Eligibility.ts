/**
 * Eligibility (rule R11, and R12's repeat-beneficiary policy): evaluated from what the command says about the
 * person (birth date, domicile, civil-servant status, prior aid, existing business). The inputs are used here
 * and dropped; the event keeps the checks that passed and an age band.
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import type { CivilDate } from '../../../index'
import { invalidCommand, ruleViolation, type DomainError } from '../../DomainError'
import { ageBandOf, ageInWholeYears, type AgeBand } from '../../values/FiscalYear'
import { isWithinRegion, type RegionRef } from '../../values/Region'
import { programRef } from '../internal/ProgramRuleSupport'
import type { ActivityTrack, Program } from '../Program'
import type { EligibilityResult } from '../ProgramValues'

/** What a selection command says about the person. */
export interface EligibilityInput {
  readonly personId: string
  readonly region: RegionRef
  readonly birthDate?: CivilDate
  readonly isCivilServant?: boolean
  readonly priorSimilarAidCount?: number
  readonly hasExistingBusiness?: boolean
}

/** The checks that ran and passed, and the age band when a birth date was given. */
export interface EligibilityOutcome {
  readonly checks: EligibilityResult['checks']
  readonly ageBand?: AgeBand
}

const codes = (regions: ReadonlyArray<RegionRef>): string => regions.map((r) => `${r.code} ${r.nameAtEvent}`).join(', ')

/** Evaluates a person against the program's policy and the track's regions on `evaluatedOn`. */
export const evaluateEligibility = (
  p: Program,
  track: ActivityTrack | undefined,
  input: EligibilityInput,
  evaluatedOn: CivilDate,
): E.Either<DomainError, EligibilityOutcome> => {
  const who = `participant ${input.personId}`
  const fail = (rule: 'R11' | 'R12', message: string) =>
    E.left(ruleViolation(rule, programRef(p.programId), `cannot select ${who}: ${message}`))
  const policy = p.eligibilityPolicy
  const params = policy?.params ?? {}
  const checks: Array<EligibilityResult['checks'][number]> = []
  if (input.birthDate !== undefined && input.birthDate > evaluatedOn) {
    return E.left(
      invalidCommand('SelectParticipant', `${who}: the birth date is after the selection date ${evaluatedOn}`),
    )
  }
  const age = input.birthDate === undefined ? undefined : ageInWholeYears(input.birthDate, evaluatedOn)
  if (params.minAgeYears !== undefined || params.maxAgeYears !== undefined) {
    if (age === undefined) {
      return fail(
        'R11',
        `eligibility policy ${policy?.policyId} limits age, so the selection needs the person's birth date (rule R11); ` +
          'supply birthDate in the command (it is evaluated, not stored)',
      )
    }
    if (
      (params.minAgeYears !== undefined && age < params.minAgeYears) ||
      (params.maxAgeYears !== undefined && age > params.maxAgeYears)
    ) {
      return fail(
        'R11',
        `aged ${age} on ${evaluatedOn}, outside the ${params.minAgeYears ?? 0}–${params.maxAgeYears ?? 'any'} years of ` +
          `eligibility policy ${policy?.policyId} (rule R11)`,
      )
    }
    checks.push('AGE')
  }
  // Residency: the track's regions when it limits them, else the program's when the policy asks for it.
  const trackRegions = track?.eligibleRegions ?? []
  const base = trackRegions.length > 0 ? trackRegions : params.residencyScope !== undefined ? p.regions : undefined
  if (base !== undefined) {
    if (!base.some((r) => isWithinRegion(input.region, r))) {
      return fail(
        'R11',
        `domicile ${input.region.code} ${input.region.nameAtEvent} is not among the eligible regions ${codes(base)}` +
          `${track === undefined ? '' : ` of track ${track.trackId}`} (rule R11)`,
      )
    }
    checks.push('RESIDENCY')
  }
  if (params.excludeCivilServants === true) {
    if (input.isCivilServant !== false) {
      return fail(
        'R11',
        `policy ${policy?.policyId} excludes civil servants (PNS/TNI/Polri) and the command ` +
          `${input.isCivilServant === true ? 'says the person is one' : 'does not say the person is not one'} (rule R11); ` +
          'supply isCivilServant: false',
      )
    }
    checks.push('CIVIL_SERVANT')
  }
  if (params.maxPriorSimilarAid !== undefined) {
    if (input.priorSimilarAidCount === undefined || input.priorSimilarAidCount > params.maxPriorSimilarAid) {
      return fail(
        'R12',
        `policy ${policy?.policyId} allows at most ${params.maxPriorSimilarAid} prior similar aid, and the command gives ` +
          `${input.priorSimilarAidCount ?? 'no count'} (rule R12: repeat beneficiaries); supply priorSimilarAidCount`,
      )
    }
    checks.push('PRIOR_AID')
  }
  if (params.requireExistingBusiness === true) {
    if (input.hasExistingBusiness !== true) {
      return fail(
        'R11',
        `policy ${policy?.policyId} requires an existing business (rule R11); supply hasExistingBusiness: true`,
      )
    }
    checks.push('EXISTING_BUSINESS')
  }
  return E.right({ checks, ...(age === undefined ? {} : { ageBand: ageBandOf(age) }) })
}
