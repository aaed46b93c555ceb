/**
 * Participant rules: tracks and their regions, eligibility policies, quotas (R10), eligibility (R11),
 * duplicates (R12), per-member checks for DPR-aspirasi programs (R29), instructors, nominations, withdrawals.
 *
 * R13 (a participant under 18 needs a guardian's consent before selection) and the lawful-basis half of R30 (no
 * enrolment without a lawful basis) read the person facts the command carries (`personFactsOf`).
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { alreadyExists, invalidCommand, unknownEntity } from '../../DomainError'
import { ageInWholeYears } from '../../values/FiscalYear'
import { isWithinRegion, type RegionRef } from '../../values/Region'
import {
  accept,
  PREPARING_OR_RUNNING,
  programRef,
  requireStatus,
  violate,
  type Decision,
} from '../internal/ProgramRuleSupport'
import { participantKey, type Program } from '../Program'
import type { ProgramCommandOf } from '../ProgramCommands'
import type { EligibilityResult } from '../ProgramValues'
import { evaluateEligibility } from './Eligibility'
import { stripProgramId } from './FundingRules'
import { describeQuota, mostSelectedIn, reachedQuota, selectedParticipants } from './Quotas'

const SELECTING = ['APPROVED', 'FUNDED', 'IN_EXECUTION'] as const

const withinAny = (region: RegionRef, regions: ReadonlyArray<RegionRef>): boolean =>
  regions.some((r) => isWithinRegion(region, r))

const codes = (regions: ReadonlyArray<RegionRef>): string => regions.map((r) => `${r.code} ${r.nameAtEvent}`).join(', ')

const unknownTrack = (p: Program, trackId: string, action: string): Decision =>
  E.left(
    unknownEntity(
      programRef(p.programId),
      `cannot ${action}: program ${p.programId} has no activity track ${trackId}; define it first`,
    ),
  )

/** Track regions must lie within the program's regions (R11's residency base). */
export const defineActivityTrack = (c: ProgramCommandOf<'DefineActivityTrack'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `define activity track ${d.trackId}`),
    E.flatMap((): Decision => {
      if (p.tracks.has(d.trackId)) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `activity track ${d.trackId} already exists in program ${p.programId}`,
          ),
        )
      }
      const outside = d.eligibleRegions.filter((r) => !withinAny(r, p.regions))
      if (outside.length > 0) {
        return violate(
          p,
          'R11',
          `cannot define track ${d.trackId}: regions ${codes(outside)} are outside program ${p.programId}'s regions ` +
            `(${codes(p.regions)}) (rule R11); add the region to the program or leave it out of the track`,
        )
      }
      return accept({ type: 'ActivityTrackDefined', data: stripProgramId(d) })
    }),
  )
}

/** An eligibility policy must be coherent: a minimum age above the maximum selects nobody. */
export const setEligibilityPolicy = (c: ProgramCommandOf<'SetEligibilityPolicy'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `set eligibility policy ${d.policyId}`),
    E.flatMap((): Decision => {
      const { minAgeYears, maxAgeYears } = d.params
      if (minAgeYears !== undefined && maxAgeYears !== undefined && minAgeYears > maxAgeYears) {
        return E.left(
          invalidCommand(
            c.type,
            `eligibility policy ${d.policyId}: minAgeYears ${minAgeYears} is above maxAgeYears ${maxAgeYears}`,
          ),
        )
      }
      return accept({ type: 'EligibilityPolicySet', data: stripProgramId(d) })
    }),
  )
}

/** R10: a quota may not be set below the participants already selected in its scope. */
export const setQuota = (c: ProgramCommandOf<'SetQuota'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `set a quota`),
    E.flatMap((): Decision => {
      if (d.scope.trackId !== undefined && !p.tracks.has(d.scope.trackId))
        return unknownTrack(p, d.scope.trackId, 'set its quota')
      const worst = mostSelectedIn(p, d.scope)
      if (worst > d.maxParticipants) {
        return violate(
          p,
          'R10',
          `cannot set a quota of ${d.maxParticipants} for ${describeQuota(d.scope)}: ${worst} participants are already selected ` +
            `there (rule R10); withdraw participants first or set at least ${worst}`,
        )
      }
      return accept({ type: 'QuotaSet', data: stripProgramId(d) })
    }),
  )
}

/** Instructors name only an organisation and, for individuals, an id. */
export const assignInstructor = (c: ProgramCommandOf<'AssignInstructor'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `assign instructor ${d.assignmentId}`),
    E.flatMap((): Decision => {
      if (p.instructors.some((i) => i.assignmentId === d.assignmentId)) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `instructor assignment ${d.assignmentId} already exists in program ${p.programId}`,
          ),
        )
      }
      if (d.batchId !== undefined && !p.batches.has(d.batchId)) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot assign an instructor to batch ${d.batchId}: program ${p.programId} has no such batch`,
          ),
        )
      }
      if (d.trackId !== undefined && !p.tracks.has(d.trackId))
        return unknownTrack(p, d.trackId, 'assign its instructor')
      return accept({ type: 'InstructorAssigned', data: stripProgramId(d) })
    }),
  )
}

/** A nomination names the nominating dinas and the person's region. */
export const nominateParticipant = (c: ProgramCommandOf<'NominateParticipant'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PREPARING_OR_RUNNING, `nominate participant ${d.personId}`),
    E.flatMap((): Decision => {
      if (d.trackId !== undefined && !p.tracks.has(d.trackId))
        return unknownTrack(p, d.trackId, `nominate ${d.personId}`)
      if (p.nominated.has(participantKey(d.personId, d.trackId))) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `participant ${d.personId} is already nominated in program ${p.programId}`,
          ),
        )
      }
      return accept({ type: 'ParticipantNominated', data: stripProgramId(d) })
    }),
  )
}

/**
 * R30 (a lawful basis before any enrolment) and R13 (a child needs a guardian's consent first). Without person
 * facts only an import may go on (its people are ids with no vault record, so no personal data is processed);
 * a child's selection never does.
 */
const checkEnrolment = (c: ProgramCommandOf<'SelectParticipant'>, p: Program, who: string): Decision | undefined => {
  const d = c.data
  const facts = d.person
  const evaluatedOn = c.context.occurredOn
  const age = d.birthDate === undefined ? undefined : ageInWholeYears(d.birthDate, evaluatedOn)
  const minor = age !== undefined && age < 18
  const childRule = (): Decision =>
    violate(
      p,
      'R13',
      `cannot select ${who}: the person is under 18 on ${evaluatedOn}, so a parent's or guardian's consent to program ` +
        'participation must be recorded first (rule R13, UU 27/2022 Pasal 25); record it with RecordConsent ' +
        "{ givenBy: 'GUARDIAN' } on the person's stream",
    )
  if (facts === undefined) {
    if (minor) return childRule()
    if (c.context.mode !== 'OPERATIONAL') return undefined
    return violate(
      p,
      'R30',
      `cannot select ${who}: an enrolment needs the person's lawful basis (rule R30) and the command carries no person ` +
        "facts; register the person, record their consent (RecordConsent) and send personFactsOf(...) as 'person'",
    )
  }
  if (facts.personId !== d.personId) {
    return E.left(
      invalidCommand(c.type, `the person facts are about ${facts.personId}, but the command selects ${d.personId}`),
    )
  }
  if (facts.status !== 'ACTIVE') {
    return violate(
      p,
      'R30',
      `cannot select ${who}: the person is ${facts.status === 'ERASED' ? 'erased (their personal data was shredded)' : 'not registered'}, ` +
        'so there is no lawful basis to process their data (rule R30)',
    )
  }
  if (facts.lawfulBasis === undefined) {
    return violate(
      p,
      'R30',
      `cannot select ${who}: no consent or other lawful basis for PROGRAM_PARTICIPATION is recorded (rule R30, ` +
        'UU 27/2022 Pasal 20); record one with RecordConsent first',
    )
  }
  if (age === undefined) {
    return violate(
      p,
      'R13',
      `cannot select ${who}: without the birth date the selection cannot tell whether the person is a child (rule R13); ` +
        'supply birthDate from the vault (it is evaluated, not stored)',
    )
  }
  return minor && !facts.guardianConsent ? childRule() : undefined
}

/** R10, R11, R12, R13, R29, R30: select a participant, storing only the eligibility result and coarse demographics. */
export const selectParticipant = (c: ProgramCommandOf<'SelectParticipant'>, p: Program): Decision => {
  const d = c.data
  const who = `participant ${d.personId}`
  return pipe(
    requireStatus(p, c.type, SELECTING, `select ${who}`),
    E.flatMap((): Decision => {
      const track = d.trackId === undefined ? undefined : p.tracks.get(d.trackId)
      if (d.trackId !== undefined && track === undefined) return unknownTrack(p, d.trackId, `select ${who}`)
      const batch = d.batchId === undefined ? undefined : p.batches.get(d.batchId)
      if (d.batchId !== undefined && batch === undefined) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot select ${who} into batch ${d.batchId}: program ${p.programId} has no such batch`,
          ),
        )
      }
      if (batch !== undefined && batch.status === 'COMPLETED') {
        return violate(p, 'R10', `cannot select ${who} into batch ${batch.batchId}: the batch is already completed`)
      }
      // R12: one selection per person and track.
      const existing = p.participants.get(participantKey(d.personId, d.trackId))
      if (existing?.status === 'SELECTED') {
        return violate(
          p,
          'R12',
          `cannot select ${who} again${d.trackId === undefined ? '' : ` in track ${d.trackId}`}: the person is already selected ` +
            `in program ${p.programId} (rule R12: no duplicates)`,
        )
      }
      // R29: a DPR-aspirasi program checks every member on their own, not just a group's leader.
      if (p.origin.kind === 'ASPIRASI_DPR' && (d.checkedVia === 'GROUP_LEADER' || d.birthDate === undefined)) {
        return violate(
          p,
          'R29',
          `cannot select ${who}${d.groupId === undefined ? '' : ` of group ${d.groupId}`} without an individual eligibility check: ` +
            `program ${p.programId} comes from a DPR aspirasi, so every participant and group member is checked on their own ` +
            "(rule R29); supply the person's own birth date and domicile",
        )
      }
      // R11 (and R12's repeat-beneficiary policy): evaluated from command input, which is not stored.
      const evaluatedOn = c.context.occurredOn
      const outcome = evaluateEligibility(p, track, d, evaluatedOn)
      if (E.isLeft(outcome)) return outcome
      const enrolment = checkEnrolment(c, p, who)
      if (enrolment !== undefined) return enrolment
      const { checks, ageBand } = outcome.right
      const policy = p.eligibilityPolicy
      // R10: quotas at every level, and the batch's capacity.
      const candidate = {
        region: d.region,
        ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
        ...(d.batchId === undefined ? {} : { batchId: d.batchId }),
      }
      const full = reachedQuota(p, candidate)
      if (full !== undefined) {
        return violate(
          p,
          'R10',
          `cannot select ${who}: the quota of ${full.maxParticipants} for ${describeQuota(full.scope, d.region)} is already ` +
            'reached (rule R10); withdraw someone or raise the quota',
        )
      }
      if (batch?.capacity !== undefined) {
        const inBatch = selectedParticipants(p).filter((x) => x.batchId === batch.batchId).length
        if (inBatch + 1 > batch.capacity) {
          return violate(
            p,
            'R10',
            `cannot select ${who} into batch ${batch.batchId}: its capacity of ${batch.capacity} is reached (rule R10)`,
          )
        }
      }
      const eligibility: EligibilityResult = {
        passed: true,
        evaluatedOn,
        checks,
        individuallyChecked: d.checkedVia !== 'GROUP_LEADER' && d.birthDate !== undefined,
        ...(policy === undefined ? {} : { policyId: policy.policyId }),
      }
      return accept({
        type: 'ParticipantSelected',
        data: {
          personId: d.personId,
          region: d.region,
          eligibility,
          ...(d.trackId === undefined ? {} : { trackId: d.trackId }),
          ...(d.batchId === undefined ? {} : { batchId: d.batchId }),
          ...(d.groupId === undefined ? {} : { groupId: d.groupId }),
          ...(ageBand === undefined && d.person?.sex === undefined
            ? {}
            : {
                demographics: {
                  ...(ageBand === undefined ? {} : { ageBand }),
                  ...(d.person?.sex === undefined ? {} : { sex: d.person.sex }),
                },
              }),
          ...(d.selectionDoc === undefined ? {} : { selectionDoc: d.selectionDoc }),
        },
      })
    }),
  )
}

/** A withdrawal needs a selected participant. */
export const withdrawParticipant = (c: ProgramCommandOf<'WithdrawParticipant'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, SELECTING, `withdraw participant ${d.personId}`),
    E.flatMap((): Decision => {
      const existing = p.participants.get(participantKey(d.personId, d.trackId))
      if (existing?.status !== 'SELECTED') {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot withdraw participant ${d.personId}: the person is not selected in program ${p.programId}${d.trackId === undefined ? '' : ` track ${d.trackId}`}`,
          ),
        )
      }
      return accept({ type: 'ParticipantWithdrawn', data: stripProgramId(d) })
    }),
  )
}
