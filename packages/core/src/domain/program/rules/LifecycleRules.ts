/**
 * The program's life cycle (research §4.6): registration, approval, execution, report, closing, cancelling,
 * plus the annotations any live program accepts (aspirations, asserted funding sources, links, gaps).
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { pipe } from 'fp-ts/function'
import { complianceGapNoted, gapIdOf } from '../../ComplianceGap'
import { alreadyExists, invalidCommand, ruleViolation, unknownEntity } from '../../DomainError'
import { budgetDocumentKindsOf } from '../../values/FundingSource'
import { findDocument } from '../../values/Document'
import { formatRupiah } from '../../values/Money'
import {
  accept,
  nothing,
  notIn,
  hasOpenGap,
  programRef,
  requireStatus,
  violate,
  type Decision,
} from '../internal/ProgramRuleSupport'
import { documentary, reportedInOperation, unspecifiedDak, withGaps } from '../../internal/DeciderSupport'
import type { Program } from '../Program'
import type { ProgramCommandOf } from '../ProgramCommands'
import type { ProgramEvent } from '../ProgramEvents'
import type { ProgramStatus } from '../ProgramValues'
import { stripProgramId } from './FundingRules'

const LIVE: ReadonlyArray<ProgramStatus> = [
  'PLANNED',
  'APPROVED',
  'FUNDED',
  'IN_EXECUTION',
  'EXECUTION_COMPLETED',
  'REPORTED',
]

/** Registration: the program's own shape (at least one scheme and one region). */
export const registerProgram = (c: ProgramCommandOf<'RegisterProgram'>): Decision => {
  const d = c.data
  if (d.schemes.length === 0) return E.left(invalidCommand(c.type, `program ${d.programId} needs at least one scheme`))
  if (d.regions.length === 0) return E.left(invalidCommand(c.type, `program ${d.programId} needs at least one region`))
  return pipe(
    reportedInOperation(c.context, c.type, d.origin.kind === 'NOT_REPORTED' ? ['an origin (who initiated it)'] : []),
    E.flatMap(() => accept({ type: 'ProgramRegistered', data: d })),
  )
}

/** PLANNED → APPROVED. */
export const approveProgram = (c: ProgramCommandOf<'ApproveProgram'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['PLANNED'], `approve program ${p.programId}`),
    E.map(() => [{ type: 'ProgramApproved' as const, data: stripProgramId(c.data) }]),
  )

/** A funding source named without an amount; asserting the same source twice changes nothing. */
export const assertFundingSource = (c: ProgramCommandOf<'AssertFundingSource'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, LIVE, `assert funding source ${c.data.source}`),
    E.flatMap(() =>
      p.fundingAsserted.includes(c.data.source)
        ? nothing
        : withGaps(
            { type: 'FundingSourceAsserted', data: stripProgramId(c.data) },
            unspecifiedDak({
              context: c.context,
              source: c.data.source,
              subject: `funding-source:${p.programId}`,
              entity: programRef(p.programId),
              isOpen: hasOpenGap(p),
              action: `assert the funding source of program ${p.programId}`,
            }),
          ),
    ),
  )

/** FUNDED → IN_EXECUTION (or APPROVED on asserted funding in HISTORICAL_IMPORT, with an R7 gap). */
export const startProgramExecution = (c: ProgramCommandOf<'StartProgramExecution'>, p: Program): Decision => {
  const action = `start executing program ${p.programId}`
  if (p.status === 'FUNDED') return accept({ type: 'ProgramExecutionStarted', data: stripProgramId(c.data) })
  if (p.status !== 'APPROVED') {
    return notIn(p, c.type, `cannot ${action}: it is ${p.status}; execution starts from FUNDED`)
  }
  const r7 = ruleViolation(
    'R7',
    programRef(p.programId),
    `cannot ${action}: it is APPROVED, not FUNDED (rule R7); allocate funding first`,
  )
  if (c.context.mode === 'OPERATIONAL' || p.fundingAsserted.length === 0) return E.left(r7)
  const gaps = documentary({
    isOpen: hasOpenGap(p),
    context: c.context,
    rule: 'R7',
    subject: `execution:${p.programId}`,
    satisfied: false,
    missingDocKinds: budgetDocumentKindsOf(p.fundingAsserted),
    rejection: () => r7,
    note: `execution recorded on asserted funding (${p.fundingAsserted.join(', ')}) with no allocated amount`,
  })
  return withGaps({ type: 'ProgramExecutionStarted', data: stripProgramId(c.data) }, gaps)
}

/** IN_EXECUTION → EXECUTION_COMPLETED, once no batch is still open. */
export const completeProgramExecution = (c: ProgramCommandOf<'CompleteProgramExecution'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['IN_EXECUTION'], `complete the execution of program ${p.programId}`),
    E.flatMap((): Decision => {
      const open = [...p.batches.values()].filter((b) => b.status === 'OPEN')
      if (open.length > 0) {
        return notIn(
          p,
          c.type,
          `cannot complete the execution of program ${p.programId}: batch ${open.map((b) => b.batchId).join(', ')} is still open; complete it first`,
        )
      }
      const completed = [...p.batches.values()].filter((b) => b.status === 'COMPLETED')
      const people = new Set(completed.flatMap((b) => [...b.completedParticipantIds]))
      return accept({
        type: 'ProgramExecutionCompleted',
        data: { batchesCompleted: completed.length, participantsCompleted: people.size },
      })
    }),
  )

/** EXECUTION_COMPLETED → REPORTED. The report document is required in OPERATIONAL mode. */
export const submitProgramReport = (c: ProgramCommandOf<'SubmitProgramReport'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['EXECUTION_COMPLETED'], `submit the report of program ${p.programId}`),
    E.flatMap((): Decision => {
      const gaps = documentary({
        isOpen: hasOpenGap(p),
        context: c.context,
        // No numbered rule covers the activity report itself; its gap is filed under 'DOC'.
        rule: 'DOC',
        subject: `report:${p.programId}`,
        satisfied: O.isSome(findDocument(['LAPORAN_KEGIATAN', 'LPJ'], c.data.reportDoc, c.context.evidence)),
        missingDocKinds: ['LAPORAN_KEGIATAN'],
        rejection: () =>
          invalidCommand(
            c.type,
            `the report of program ${p.programId} needs its document (laporan kegiatan or LPJ) as reportDoc in OPERATIONAL mode`,
          ),
        note: `report of program ${p.programId} recorded without the report document`,
      })
      return withGaps({ type: 'ProgramReportSubmitted', data: stripProgramId(c.data) }, gaps)
    }),
  )

/** REPORTED → CLOSED, freezing the realisation per line. */
export const closeProgram = (c: ProgramCommandOf<'CloseProgram'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['REPORTED'], `close program ${p.programId}`),
    E.map(() => [
      {
        type: 'ProgramClosed' as const,
        data: {
          finalRealisation: [...p.lines.values()].map((l) => ({
            lineId: l.lineId,
            source: l.source,
            allocated: l.allocated,
            realised: l.netRealised,
          })),
        },
      },
    ]),
  )

/** PLANNED / APPROVED / FUNDED (with nothing realised) → CANCELLED. */
export const cancelProgram = (c: ProgramCommandOf<'CancelProgram'>, p: Program): Decision =>
  pipe(
    requireStatus(p, c.type, ['PLANNED', 'APPROVED', 'FUNDED'], `cancel program ${p.programId}`),
    E.flatMap((): Decision => {
      const realised = [...p.lines.values()].reduce((sum, l) => sum + l.netRealised, 0n)
      if (realised > 0n) {
        return violate(
          p,
          'R3',
          `cannot cancel program ${p.programId}: ${formatRupiah(realised)} is realised on its lines (rule R3); reverse the spending first`,
        )
      }
      return accept({ type: 'ProgramCancelled', data: stripProgramId(c.data) })
    }),
  )

/**
 * An annotation a program holds once: refused when `held`, naming what the program has already; with `live`, only
 * on a live program.
 */
const once = (
  p: Program,
  held: boolean,
  what: string,
  event: ProgramEvent,
  live?: { readonly command: string; readonly action: string },
): Decision =>
  pipe(
    live === undefined ? E.right(undefined) : requireStatus(p, live.command, LIVE, live.action),
    E.flatMap(() =>
      held ? E.left(alreadyExists(programRef(p.programId), `${what} program ${p.programId}`)) : accept(event),
    ),
  )

/** An aspiration (a request voiced at an event) on any program that exists. */
export const noteAspiration = (c: ProgramCommandOf<'NoteAspiration'>, p: Program): Decision =>
  once(p, p.aspirations.has(c.data.aspirationId), `aspiration ${c.data.aspirationId} is already noted in`, {
    type: 'AspirationNoted',
    data: stripProgramId(c.data),
  })

/** Records a budget announced or planned; it is no allocation and changes no status. */
export const announceBudget = ({ type, data }: ProgramCommandOf<'AnnounceBudget'>, p: Program): Decision =>
  once(
    p,
    p.announcedBudgets.has(data.announcementId),
    `announced budget ${data.announcementId} is already noted in`,
    { type: 'BudgetAnnounced', data: stripProgramId(data) },
    { command: type, action: `note announced budget ${data.announcementId}` },
  )

/** Links an equipment package. */
export const linkEquipment = ({ type, data }: ProgramCommandOf<'LinkEquipment'>, p: Program): Decision =>
  once(
    p,
    p.linkedPackages.has(data.packageId),
    `equipment package ${data.packageId} is already linked to`,
    { type: 'EquipmentLinked', data: stripProgramId(data) },
    { command: type, action: `link equipment package ${data.packageId}` },
  )

/** Links a facility. */
export const linkFacility = ({ type, data }: ProgramCommandOf<'LinkFacility'>, p: Program): Decision =>
  once(
    p,
    p.linkedFacilities.has(data.facilityId),
    `facility ${data.facilityId} is already linked to`,
    { type: 'FacilityLinked', data: stripProgramId(data) },
    { command: type, action: `link facility ${data.facilityId}` },
  )

/** Notes a gap by hand. */
export const noteComplianceGap = (c: ProgramCommandOf<'NoteComplianceGap'>, p: Program): Decision => {
  const d = c.data
  const gapId = gapIdOf(d.rule, d.subject)
  if (hasOpenGap(p)(gapId)) {
    return E.left(
      alreadyExists(programRef(p.programId), `compliance gap ${gapId} is already open in program ${p.programId}`),
    )
  }
  return accept(complianceGapNoted(d.rule, d.subject, d.missingDocKinds, d.note))
}

/** Resolves an open gap with a numbered document of a kind it was missing. */
export const resolveComplianceGap = (c: ProgramCommandOf<'ResolveComplianceGap'>, p: Program): Decision => {
  const d = c.data
  const gap = p.gaps.get(d.gapId)
  if (gap === undefined || gap.status !== 'OPEN') {
    return E.left(
      unknownEntity(programRef(p.programId), `program ${p.programId} has no open compliance gap ${d.gapId}`),
    )
  }
  if (gap.missingDocKinds.length > 0 && !gap.missingDocKinds.includes(d.document.kind)) {
    return E.left(
      invalidCommand(c.type, `gap ${d.gapId} is missing ${gap.missingDocKinds.join(' or ')}, not ${d.document.kind}`),
    )
  }
  if (d.document.number === undefined) {
    return E.left(
      invalidCommand(c.type, `gap ${d.gapId} is resolved by a document with its number; add document.number`),
    )
  }
  return accept({
    type: 'ComplianceGapResolved',
    data: { gapId: d.gapId, documentKind: d.document.kind, documentNumber: d.document.number },
  })
}
