/**
 * The audit finding aggregate (stream `audit-<findingId>`): `OPEN → FOLLOW_UP_REPORTED → CLOSED`.
 *
 * Rule R33: the follow-up of a finding is due 60 days after its LHP was received (UU 15/2004 Pasal 20 ayat 3);
 * the decider sets the due date, so no caller can move it. The LHP itself is documentary: in
 * `HISTORICAL_IMPORT` mode a finding known from a news report is recorded with a gap for its LHP.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { CivilDate, Decider } from '../../index'
import {
  alreadyExists,
  invalidCommand,
  ruleViolation,
  unknownEntity,
  type DomainError,
  type EntityRef,
} from '../DomainError'
import {
  evolveGaps,
  refuseInState,
  requireDocuments,
  resolveGap,
  streamDecider,
  withGaps,
  type Decision,
  type OpenGaps,
} from '../internal/DeciderSupport'
import type { IkmReferenceData } from '../ReferenceData'
import { addDays } from '../values/FiscalYear'
import type { AuditCommand } from './AuditCommands'
import type { AuditEvent, Auditor } from './AuditEvents'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A finding that exists.
 *
 * @category model
 * @since 0.1.0
 */
export interface AuditFinding {
  readonly status: 'OPEN' | 'FOLLOW_UP_REPORTED' | 'CLOSED'
  readonly findingId: string
  readonly auditor: Auditor
  readonly lhpDate: CivilDate
  readonly followUpDue: CivilDate
  readonly recommendations: ReadonlyArray<string>
  /** Recommendations a follow-up was reported for. */
  readonly reported: ReadonlyArray<string>
  /** Recommendations whose follow-up the auditor accepted. */
  readonly accepted: ReadonlyArray<string>
  readonly followUps: ReadonlyArray<string>
  readonly openGaps: OpenGaps
}

/**
 * The state of an `audit-<findingId>` stream: `NONE` before `AuditFindingRecorded`.
 *
 * @category model
 * @since 0.1.0
 */
export type AuditState = { readonly status: 'NONE' } | AuditFinding

/**
 * Days from the LHP to the follow-up's due date (UU 15/2004 Pasal 20 ayat 3).
 *
 * @category constants
 * @since 0.1.0
 */
export const FOLLOW_UP_DAYS = 60

/**
 * The stream id of a finding.
 *
 * @category constructors
 * @since 0.1.0
 */
export const auditStreamId = (findingId: string): string => `audit-${findingId}`

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const entityOf = (findingId: string): EntityRef => ({ kind: 'audit', id: findingId })

const record = (command: Extract<AuditCommand, { type: 'RecordAuditFinding' }>): Decision<AuditEvent> => {
  const d = command.data
  const entity = entityOf(d.findingId)
  const subjects = [
    ...(d.subjects.programIds ?? []),
    ...(d.subjects.packageIds ?? []),
    ...(d.subjects.facilityIds ?? []),
  ]
  if (subjects.length === 0) {
    return E.left(
      invalidCommand(
        command.type,
        `finding ${d.findingId} names no program, package or facility; name what it is about`,
      ),
    )
  }
  const ids = d.recommendations.map((r) => r.recommendationId)
  // A news report of a finding may not quote its recommendations: an import records none (the LHP gap asks for
  // the report); an operational finding is recorded from the LHP and lists them.
  const none = ids.length === 0 && command.context.mode === 'OPERATIONAL'
  if (none || new Set(ids).size !== ids.length) {
    return E.left(
      invalidCommand(
        command.type,
        `finding ${d.findingId} needs at least one recommendation, each with its own recommendationId`,
      ),
    )
  }
  const received = d.lhpReceivedOn ?? d.lhpDate
  if (received < d.lhpDate) {
    return E.left(
      invalidCommand(command.type, `the LHP cannot be received (${received}) before its date (${d.lhpDate})`),
    )
  }
  return withGaps(
    { type: 'AuditFindingRecorded', data: { ...d, followUpDue: addDays(received, FOLLOW_UP_DAYS) } },
    requireDocuments({
      rule: 'R33',
      entity,
      subject: `audit-${d.findingId}/lhp`,
      context: command.context,
      documents: [{ kinds: ['LHP'], supplied: d.lhp }],
      openGaps: {},
      action: `record audit finding ${d.findingId}`,
    }),
  )
}

const decideOn = (
  command: Exclude<AuditCommand, { type: 'RecordAuditFinding' }>,
  f: AuditFinding,
): Decision<AuditEvent> => {
  const entity = entityOf(f.findingId)
  if (command.type === 'ResolveComplianceGap') return resolveGap(entity, f.openGaps, command.data, command.context)
  if (f.status === 'CLOSED') {
    return refuseInState(entity, 'audit finding', f.status, command.type, 'record a new finding instead')
  }
  const unknown = (ids: ReadonlyArray<string>) => ids.filter((id) => !f.recommendations.includes(id))
  switch (command.type) {
    case 'ReportAuditFollowUp': {
      const { findingId: _, ...data } = command.data
      if (f.followUps.includes(data.followUpId)) {
        return E.left(
          alreadyExists(entity, `follow-up ${data.followUpId} of finding ${f.findingId} is recorded already`),
        )
      }
      const strangers = unknown(data.recommendationIds)
      if (data.recommendationIds.length === 0 || strangers.length > 0) {
        return E.left(
          unknownEntity(
            entity,
            `follow-up ${data.followUpId} must answer recommendations of finding ${f.findingId} ` +
              `(${f.recommendations.join(', ')}); ${strangers.length > 0 ? `${strangers.join(', ')} are not among them` : 'it names none'}`,
          ),
        )
      }
      return E.right([{ type: 'AuditFollowUpReported', data }])
    }
    case 'AcceptAuditFollowUp': {
      const id = command.data.recommendationId
      if (!f.reported.includes(id)) {
        return E.left(
          ruleViolation(
            'R33',
            entity,
            `cannot accept the follow-up of recommendation ${id} of finding ${f.findingId}: no follow-up was reported for it; ` +
              'report the follow-up first',
          ),
        )
      }
      if (f.accepted.includes(id)) {
        return E.left(alreadyExists(entity, `the follow-up of recommendation ${id} is accepted already`))
      }
      const { findingId: _, ...data } = command.data
      return E.right([{ type: 'AuditFollowUpAccepted', data }])
    }
    case 'CloseAuditFinding': {
      const pending = f.recommendations.filter((r) => !f.accepted.includes(r))
      if (command.data.reason === 'ALL_RECOMMENDATIONS_ACCEPTED' && pending.length > 0) {
        return E.left(
          ruleViolation(
            'R33',
            entity,
            `cannot close finding ${f.findingId} as all recommendations accepted: ${pending.join(', ')} ` +
              `${pending.length === 1 ? 'is' : 'are'} not; accept their follow-up, or close it by the auditor's decision`,
          ),
        )
      }
      const { findingId: _, ...data } = command.data
      return withGaps(
        { type: 'AuditFindingClosed', data },
        data.reason === 'CLOSED_BY_AUDITOR'
          ? requireDocuments({
              rule: 'R33',
              entity,
              subject: `audit-${f.findingId}/closure`,
              context: command.context,
              documents: [{ kinds: ['LHP', 'OTHER'], supplied: data.doc }],
              openGaps: f.openGaps,
              action: `close finding ${f.findingId} by the auditor's decision`,
            })
          : E.right([]),
      )
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const evolve = (state: AuditState, event: AuditEvent): AuditState => {
  if (event.type === 'AuditFindingRecorded') {
    return {
      status: 'OPEN',
      findingId: event.data.findingId,
      auditor: event.data.auditor,
      lhpDate: event.data.lhpDate,
      followUpDue: event.data.followUpDue,
      recommendations: event.data.recommendations.map((r) => r.recommendationId),
      reported: [],
      accepted: [],
      followUps: [],
      openGaps: {},
    }
  }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'AuditFollowUpReported':
      return {
        ...state,
        status: 'FOLLOW_UP_REPORTED',
        followUps: [...state.followUps, event.data.followUpId],
        reported: [...new Set([...state.reported, ...event.data.recommendationIds])],
      }
    case 'AuditFollowUpAccepted':
      return { ...state, accepted: [...state.accepted, event.data.recommendationId] }
    case 'AuditFindingClosed':
      return { ...state, status: 'CLOSED' }
    case 'ComplianceGapNoted':
    case 'ComplianceGapResolved':
      return { ...state, openGaps: evolveGaps(state.openGaps, event) }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Builds the audit finding decider over the given reference data.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeAuditDecider = (
  reference: IkmReferenceData = {},
): Decider<AuditCommand, AuditEvent, AuditState, DomainError> =>
  streamDecider<AuditCommand, 'RecordAuditFinding', AuditFinding, AuditEvent>(
    {
      creation: 'RecordAuditFinding',
      entityOf,
      commandId: (command) => command.data.findingId,
      entityId: (f) => f.findingId,
      create: record,
      decideOn,
      evolve,
      noun: 'finding',
      messages: {
        exists: (id) => `audit finding ${id} is recorded already`,
        missing: (command, id) =>
          `cannot ${command}: audit finding ${id} does not exist; record it first (RecordAuditFinding)`,
      },
    },
    reference,
  )

/**
 * The audit finding decider over the shipped reference data.
 *
 * @category instances
 * @since 0.1.0
 */
export const auditDecider: Decider<AuditCommand, AuditEvent, AuditState, DomainError> = makeAuditDecider()
