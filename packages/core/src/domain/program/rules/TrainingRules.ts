/**
 * Training rules: batch dates (R8), opening and completion dates (R9), no bimtek before funding (R7),
 * attendance (R14), certificates (R15), instructors before opening (R16), batch regions (R11).
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { CivilDate } from '../../../index'
import { alreadyExists, invalidCommand, ruleViolation, unknownEntity, type DomainError } from '../../DomainError'
import { addDays, fiscalYearOf, inclusiveDays } from '../../values/FiscalYear'
import { basisPointsOf } from '../../values/BasisPoints'
import { budgetDocumentKindsOf } from '../../values/FundingSource'
import { isWithinRegion } from '../../values/Region'
import {
  accept,
  fundsTraining,
  hasOpenGap,
  notIn,
  programRef,
  requireStatus,
  violate,
  type Decision,
} from '../internal/ProgramRuleSupport'
import { documentary, reportedInOperation, withGaps } from '../../internal/DeciderSupport'
import type { CommandContext } from '../../CommandContext'
import type { Program, TrainingBatch } from '../Program'
import type { ProgramCommandOf } from '../ProgramCommands'
import { stripProgramId } from './FundingRules'

const PLANNING = ['APPROVED', 'FUNDED', 'IN_EXECUTION'] as const
const RUNNING = ['FUNDED', 'IN_EXECUTION', 'APPROVED'] as const

const batchOf = (p: Program, batchId: string, action: string): E.Either<DomainError, TrainingBatch> => {
  const batch = p.batches.get(batchId)
  return batch === undefined
    ? E.left(
        unknownEntity(
          programRef(p.programId),
          `cannot ${action}: program ${p.programId} has no training batch ${batchId}; schedule it first`,
        ),
      )
    : E.right(batch)
}

const batchNot = (p: Program, command: string, batch: TrainingBatch, action: string, needed: string): Decision =>
  notIn(
    p,
    command,
    `cannot ${action}: batch ${batch.batchId} of program ${p.programId} is ${batch.status}, not ${needed}`,
  )

/** R8: dates in order, inside a fiscal year the program is funded (or planned) for. */
const checkDates = (
  p: Program,
  batchId: string,
  startDate: CivilDate,
  endDate: CivilDate,
): E.Either<DomainError, number> => {
  if (startDate > endDate) {
    return E.left(
      ruleViolation(
        'R8',
        programRef(p.programId),
        `batch ${batchId}: start ${startDate} is after end ${endDate} (rule R8); swap or correct the dates`,
      ),
    )
  }
  const years = new Set([p.fiscalYear, ...[...p.lines.values()].map((l) => l.fiscalYear)])
  for (const date of [startDate, endDate]) {
    if (!years.has(fiscalYearOf(date))) {
      return E.left(
        ruleViolation(
          'R8',
          programRef(p.programId),
          `batch ${batchId}: ${date} falls in fiscal year ${fiscalYearOf(date)}, but program ${p.programId} is for ` +
            `${[...years].sort().join(', ')} (rule R8); allocate a line for that year or move the batch`,
        ),
      )
    }
  }
  return E.right(inclusiveDays(startDate, endDate))
}

/** R8, R11: a batch runs inside the program's (and its track's) regions, on valid dates. */
export const scheduleTrainingBatch = (c: ProgramCommandOf<'ScheduleTrainingBatch'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PLANNING, `schedule batch ${d.batchId}`),
    E.flatMap((): Decision => {
      if (p.batches.has(d.batchId)) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `training batch ${d.batchId} already exists in program ${p.programId}; use RescheduleTrainingBatch`,
          ),
        )
      }
      const track = d.trackId === undefined ? undefined : p.tracks.get(d.trackId)
      if (d.trackId !== undefined && track === undefined) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot schedule batch ${d.batchId}: program ${p.programId} has no activity track ${d.trackId}`,
          ),
        )
      }
      if (!p.regions.some((r) => isWithinRegion(d.region, r))) {
        return violate(
          p,
          'R11',
          `cannot schedule batch ${d.batchId} in ${d.region.code} ${d.region.nameAtEvent}: the region is outside program ${p.programId}'s regions (rule R11)`,
        )
      }
      if (
        track !== undefined &&
        track.eligibleRegions.length > 0 &&
        !track.eligibleRegions.some((r) => isWithinRegion(d.region, r))
      ) {
        return violate(
          p,
          'R11',
          `cannot schedule batch ${d.batchId} of track ${track.trackId} in ${d.region.code} ${d.region.nameAtEvent}: the track runs only in ` +
            `${track.eligibleRegions.map((r) => r.code).join(', ')} (rules R11/R19); pick an eligible region`,
        )
      }
      if (d.startDate === undefined || d.endDate === undefined) {
        // Only the duration is known (an import from the news): record it, without dates, never made-up ones.
        const missing = [
          ...(d.startDate === undefined ? ['startDate'] : []),
          ...(d.endDate === undefined ? ['endDate'] : []),
        ]
        return pipe(
          reportedInOperation(c.context, c.type, missing),
          E.flatMap((): Decision =>
            d.plannedDays === undefined || d.startDate !== undefined || d.endDate !== undefined
              ? E.left(
                  invalidCommand(
                    c.type,
                    `batch ${d.batchId}: give both dates, or neither date and the number of days (plannedDays) the ` +
                      'source reports',
                  ),
                )
              : E.right([
                  {
                    type: 'TrainingBatchScheduled' as const,
                    data: { ...stripProgramId(d), plannedDays: d.plannedDays },
                  },
                ]),
          ),
        )
      }
      const { startDate, endDate } = d
      return pipe(
        checkDates(p, d.batchId, startDate, endDate),
        E.flatMap((plannedDays): Decision =>
          d.plannedDays !== undefined && d.plannedDays !== plannedDays
            ? E.left(
                invalidCommand(
                  c.type,
                  `batch ${d.batchId}: plannedDays is ${d.plannedDays} but ${startDate}..${endDate} is ${plannedDays} days (rule R8)`,
                ),
              )
            : E.right([{ type: 'TrainingBatchScheduled' as const, data: { ...stripProgramId(d), plannedDays } }]),
        ),
      )
    }),
  )
}

/**
 * A batch scheduled without dates (an import that knew only its duration) cannot be checked against them: an
 * import goes on; an operational command on it is refused until the batch is rescheduled with its dates.
 */
const datesOf = (
  p: Program,
  batch: TrainingBatch,
  context: CommandContext,
  rule: 'R9' | 'R14',
  action: string,
): E.Either<DomainError, { readonly startDate: CivilDate; readonly endDate: CivilDate } | undefined> => {
  if (batch.startDate !== undefined && batch.endDate !== undefined)
    return E.right({ startDate: batch.startDate, endDate: batch.endDate })
  if (context.mode === 'HISTORICAL_IMPORT') return E.right(undefined)
  return E.left(
    ruleViolation(
      rule,
      programRef(p.programId),
      `cannot ${action}: batch ${batch.batchId} was recorded without its dates (rule ${rule}); reschedule it with its dates first`,
    ),
  )
}

/** R8: a batch can be moved until it opens. */
export const rescheduleTrainingBatch = (c: ProgramCommandOf<'RescheduleTrainingBatch'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, PLANNING, `reschedule batch ${d.batchId}`),
    E.flatMap(() => batchOf(p, d.batchId, `reschedule batch ${d.batchId}`)),
    E.flatMap((batch): Decision => {
      if (batch.status !== 'SCHEDULED') return batchNot(p, c.type, batch, `reschedule batch ${d.batchId}`, 'SCHEDULED')
      return pipe(
        checkDates(p, d.batchId, d.startDate, d.endDate),
        E.map((plannedDays) => [
          { type: 'TrainingBatchRescheduled' as const, data: { ...stripProgramId(d), plannedDays } },
        ]),
      )
    }),
  )
}

/** R7, R9, R16: open a batch. */
export const openTrainingBatch = (c: ProgramCommandOf<'OpenTrainingBatch'>, p: Program): Decision => {
  const d = c.data
  const action = `open bimtek batch ${d.batchId}`
  return pipe(
    requireStatus(p, c.type, [...RUNNING, 'PLANNED'], action),
    E.flatMap(() =>
      reportedInOperation(c.context, c.type, d.openedBy === undefined ? ['openedBy (who opened it)'] : []),
    ),
    E.flatMap(() => batchOf(p, d.batchId, action)),
    E.flatMap((batch): Decision => {
      if (batch.status !== 'SCHEDULED') return batchNot(p, c.type, batch, action, 'SCHEDULED')
      // R7: no bimtek before funding. The ordering is structural; only the missing amount is documentary.
      const funded = (p.status === 'FUNDED' || p.status === 'IN_EXECUTION') && fundsTraining(p)
      const asserted = p.fundingAsserted.length > 0 && p.status !== 'PLANNED'
      const stateWord =
        p.status === 'FUNDED' || p.status === 'IN_EXECUTION' ? `${p.status} without a training line` : p.status
      const r7 = ruleViolation(
        'R7',
        programRef(p.programId),
        `cannot ${action}: program ${p.programId} is ${stateWord}, not FUNDED for training (rule R7); allocate funding first`,
      )
      if (!funded && (c.context.mode === 'OPERATIONAL' || !asserted)) {
        return E.left(
          c.context.mode === 'OPERATIONAL' || p.status === 'PLANNED'
            ? r7
            : ruleViolation(
                'R7',
                programRef(p.programId),
                `cannot ${action}: program ${p.programId} is ${stateWord} and no funding source is even asserted (rule R7); ` +
                  'record AssertFundingSource (HISTORICAL_IMPORT) or allocate funding',
              ),
        )
      }
      const gaps = documentary({
        isOpen: hasOpenGap(p),
        context: c.context,
        rule: 'R7',
        subject: `batch:${d.batchId}`,
        satisfied: funded,
        missingDocKinds: budgetDocumentKindsOf(p.fundingAsserted),
        rejection: () => r7,
        note: `batch ${d.batchId} opened on asserted funding (${p.fundingAsserted.join(', ')}) with no allocated amount`,
      })
      // R9: opening on the start date, within the policy's tolerance (default ±1 day).
      const tolerance = p.trainingPolicy.openingToleranceDays ?? 1
      const on = c.context.occurredOn
      const dates = datesOf(p, batch, c.context, 'R9', action)
      if (E.isLeft(dates)) return dates
      const start = dates.right?.startDate
      if (start !== undefined && (on < addDays(start, -tolerance) || on > addDays(start, tolerance))) {
        return violate(
          p,
          'R9',
          `cannot ${action} on ${on}: it starts on ${start} and may open at most ${tolerance} day(s) from then (rule R9); reschedule it first`,
        )
      }
      // R16: instructors assigned before opening, when the program's policy requires it.
      if (p.trainingPolicy.requiresInstructor === true) {
        const covered = p.instructors.some(
          (i) =>
            i.batchId === batch.batchId ||
            (i.batchId === undefined && (i.trackId === undefined || i.trackId === batch.trackId)),
        )
        if (!covered) {
          return violate(
            p,
            'R16',
            `cannot ${action}: no instructor is assigned to it and program ${p.programId} requires one (rule R16); assign an instructor first`,
          )
        }
      }
      return withGaps(
        {
          type: 'TrainingBatchOpened',
          data: {
            batchId: d.batchId,
            ...(d.openedBy === undefined ? {} : { openedBy: d.openedBy }),
            speakers: d.speakers ?? [],
            ...(d.venue === undefined ? {} : { venue: d.venue }),
          },
        },
        gaps,
      )
    }),
  )
}

const isBatchParticipant = (p: Program, batch: TrainingBatch, personId: string): boolean =>
  [...p.participants.values()].some(
    (x) =>
      x.personId === personId &&
      x.status === 'SELECTED' &&
      (x.batchId === batch.batchId ||
        (x.batchId === undefined && (batch.trackId === undefined || x.trackId === batch.trackId))),
  )

/** R14: attendance only for selected participants, on the batch's days, once per person per day. */
export const recordAttendance = (c: ProgramCommandOf<'RecordAttendance'>, p: Program): Decision => {
  const d = c.data
  const action = `record attendance of batch ${d.batchId} on ${d.date}`
  return pipe(
    requireStatus(p, c.type, ['IN_EXECUTION'], action),
    E.flatMap(() => batchOf(p, d.batchId, action)),
    E.flatMap((batch): Decision => {
      if (batch.status !== 'OPEN') return batchNot(p, c.type, batch, action, 'OPEN')
      const dates = datesOf(p, batch, c.context, 'R14', action)
      if (E.isLeft(dates)) return dates
      if (dates.right !== undefined && (d.date < dates.right.startDate || d.date > dates.right.endDate)) {
        return violate(
          p,
          'R14',
          `cannot ${action}: the batch runs ${dates.right.startDate}..${dates.right.endDate} (rule R14)`,
        )
      }
      const absent = d.absent ?? []
      const everyone = [...d.present, ...absent]
      const seen = new Set<string>()
      const already = batch.recorded.get(d.date) ?? new Set<string>()
      for (const id of everyone) {
        if (seen.has(id) || already.has(id)) {
          return violate(
            p,
            'R14',
            `cannot ${action}: participant ${id} already has an attendance record that day (rule R14: one per person per day)`,
          )
        }
        seen.add(id)
        if (!isBatchParticipant(p, batch, id)) {
          return violate(
            p,
            'R14',
            `cannot ${action}: ${id} is not a selected participant of the batch (rule R14); select them first`,
          )
        }
      }
      return accept({
        type: 'AttendanceRecorded',
        data: {
          batchId: d.batchId,
          date: d.date,
          present: d.present,
          absent,
          ...(d.attendanceDoc === undefined ? {} : { attendanceDoc: d.attendanceDoc }),
        },
      })
    }),
  )
}

/** R9: completion on or after the last attendance; only selected participants complete. */
export const completeTrainingBatch = (c: ProgramCommandOf<'CompleteTrainingBatch'>, p: Program): Decision => {
  const d = c.data
  const action = `complete batch ${d.batchId}`
  return pipe(
    requireStatus(p, c.type, ['IN_EXECUTION'], action),
    E.flatMap(() => batchOf(p, d.batchId, action)),
    E.flatMap((batch): Decision => {
      if (batch.status !== 'OPEN') return batchNot(p, c.type, batch, action, 'OPEN')
      const dates = datesOf(p, batch, c.context, 'R9', action)
      if (E.isLeft(dates)) return dates
      // Without a start date (an import), the days held count back from the end date.
      const start = dates.right?.startDate
      if (start !== undefined && d.endDate < start) {
        return violate(p, 'R9', `cannot ${action} on ${d.endDate}: it started on ${start} (rule R9)`)
      }
      if (batch.lastAttendanceDate !== undefined && d.endDate < batch.lastAttendanceDate) {
        return violate(
          p,
          'R9',
          `cannot ${action} on ${d.endDate}: attendance was recorded up to ${batch.lastAttendanceDate} (rule R9); complete it on or after that day`,
        )
      }
      const span = start === undefined ? d.daysHeld : inclusiveDays(start, d.endDate)
      if (d.daysHeld > span) {
        return E.left(
          invalidCommand(
            c.type,
            `batch ${d.batchId}: ${d.daysHeld} days held do not fit in ${batch.startDate}..${d.endDate} (${span} days)`,
          ),
        )
      }
      const stranger = d.completedParticipantIds.find((id) => !isBatchParticipant(p, batch, id))
      if (stranger !== undefined) {
        return violate(
          p,
          'R15',
          `cannot ${action}: ${stranger} is not a selected participant of the batch, so cannot complete it (rule R15)`,
        )
      }
      return accept({ type: 'TrainingBatchCompleted', data: stripProgramId(d) })
    }),
  )
}

/** R15: certificates only for those who completed, and (policy) attended enough. */
export const issueCertificate = (c: ProgramCommandOf<'IssueCertificate'>, p: Program): Decision => {
  const d = c.data
  const action = `issue a certificate to ${d.personId} for batch ${d.batchId}`
  return pipe(
    requireStatus(p, c.type, ['IN_EXECUTION', 'EXECUTION_COMPLETED', 'REPORTED'], action),
    E.flatMap(() => batchOf(p, d.batchId, action)),
    E.flatMap((batch): Decision => {
      if (batch.status !== 'COMPLETED') return batchNot(p, c.type, batch, action, 'COMPLETED')
      if (!batch.completedParticipantIds.has(d.personId)) {
        return violate(
          p,
          'R15',
          `cannot ${action}: the person is not among the batch's completed participants (rule R15)`,
        )
      }
      if (batch.certified.has(d.personId)) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `participant ${d.personId} already has a certificate for batch ${d.batchId}`,
          ),
        )
      }
      const minimum = p.trainingPolicy.minAttendanceBpForCertificate
      if (minimum !== undefined) {
        const attended = basisPointsOf(
          BigInt(batch.daysPresent.get(d.personId) ?? 0),
          BigInt(batch.daysHeld ?? batch.plannedDays),
        )
        if (attended < minimum) {
          return violate(
            p,
            'R15',
            `cannot ${action}: attendance is ${attended} bp, below the ${minimum} bp the program requires (rule R15)`,
          )
        }
      }
      return accept({ type: 'CertificateIssued', data: stripProgramId(d) })
    }),
  )
}

/** Training policy: instructors required (R16), opening tolerance (R9), minimum attendance (R15). */
export const setTrainingPolicy = (c: ProgramCommandOf<'SetTrainingPolicy'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['PLANNED', ...PLANNING], 'set the training policy'),
    E.map(() => [{ type: 'TrainingPolicySet' as const, data: stripProgramId(c.data) }]),
  )
