/**
 * Funding rules: allocations (R1, R2), revisions (R2), DAK tranches (R6), realised and reversed spending (R3,
 * R4, R5).
 *
 * Internal: reached through the Program decider.
 */
import * as E from 'fp-ts/Either'
import * as O from 'fp-ts/Option'
import { pipe } from 'fp-ts/function'
import { alreadyExists, ruleViolation, unknownEntity } from '../../DomainError'
import { budgetDocumentKindOf, isDak } from '../../values/FundingSource'
import { findDocument } from '../../values/Document'
import { fiscalYearOf } from '../../values/FiscalYear'
import { formatRupiah } from '../../values/Money'
import {
  ACTIVE,
  accept,
  hasOpenGap,
  programRef,
  requireStatus,
  violate,
  type Decision,
  type RuleDeps,
} from '../internal/ProgramRuleSupport'
import { documentary, unspecifiedDak, withGaps, type GapEvent } from '../../internal/DeciderSupport'
import type { CommandContext } from '../../CommandContext'
import type { Program } from '../Program'
import type { ProgramCommandOf } from '../ProgramCommands'
import type { ProgramStatus } from '../ProgramValues'

const SPENDING: ReadonlyArray<ProgramStatus> = ['FUNDED', 'IN_EXECUTION', 'EXECUTION_COMPLETED', 'REPORTED']

const unknownLine = (p: Program, lineId: string, action: string): Decision =>
  E.left(
    unknownEntity(
      programRef(p.programId),
      `cannot ${action}: program ${p.programId} has no funding line ${lineId}; allocate it first with AllocateFunding`,
    ),
  )

/** R1, R2 and the budget document (the documentary half of R1). */
export const allocateFunding = (c: ProgramCommandOf<'AllocateFunding'>, p: Program): Decision => {
  const d = c.data
  if (!ACTIVE.includes(p.status)) {
    return violate(
      p,
      'R1',
      p.status === 'PLANNED'
        ? `cannot allocate funding line ${d.lineId} to program ${p.programId}: it is PLANNED, not yet APPROVED (rule R1); approve the program first`
        : `cannot allocate funding line ${d.lineId} to program ${p.programId}: it is ${p.status}, and budget is never allocated to a closed or cancelled program (rule R1)`,
    )
  }
  if (p.lines.has(d.lineId)) {
    return E.left(
      alreadyExists(
        programRef(p.programId),
        `funding line ${d.lineId} already exists in program ${p.programId}; use ReviseFunding to change its amount`,
      ),
    )
  }
  if (d.amount <= 0n) {
    return violate(
      p,
      'R2',
      `cannot allocate ${formatRupiah(d.amount)} to line ${d.lineId}: amounts are whole rupiah above zero (rule R2)`,
    )
  }
  const budgetKinds = ['DIPA', 'DPA', 'SK_ALOKASI_DAK'] as const
  const gaps = documentary({
    isOpen: hasOpenGap(p),
    context: c.context,
    rule: 'R1',
    subject: `line:${d.lineId}`,
    satisfied: O.isSome(findDocument(budgetKinds, d.budgetDoc, c.context.evidence)),
    missingDocKinds: [budgetDocumentKindOf(d.source)],
    rejection: () =>
      ruleViolation(
        'R1',
        programRef(p.programId),
        `cannot allocate line ${d.lineId} (${formatRupiah(d.amount)}) without its budget document: an allocation rests on a ` +
          `DIPA, DPA or SK alokasi DAK (rule R1); attach it as budgetDoc, or import the fact in HISTORICAL_IMPORT mode`,
      ),
    note: `allocation ${d.lineId} of ${formatRupiah(d.amount)} imported without its budget document`,
  })
  const dakKind = unspecifiedDak({
    context: c.context,
    source: d.source,
    subject: `line:${d.lineId}`,
    entity: programRef(p.programId),
    isOpen: hasOpenGap(p),
    action: `allocate line ${d.lineId}`,
  })
  return withGaps(
    { type: 'FundingAllocated', data: stripProgramId(d) },
    pipe(
      dakKind,
      E.flatMap((r31) => E.map((r1: ReadonlyArray<GapEvent>) => [...r1, ...r31])(gaps)),
    ),
  )
}

/**
 * Rule R32: a figure the evidence marks approximate ("Rp24,3 miliar") is never an allocation, a tranche or a
 * realisation, so it never reaches realisation or absorption; record it as an announced budget or as imported
 * funding history instead.
 */
export const exactFiguresOnly = (
  c: { readonly type: string; readonly context: CommandContext },
  p: Program,
): Decision | undefined =>
  c.context.evidence.approximate === true
    ? violate(
        p,
        'R32',
        `cannot ${c.type} on program ${p.programId} with an approximate figure (rule R32: approximate amounts stay out ` +
          "of allocations, realisation and absorption); record it with AnnounceBudget, or as a facility's funding history",
      )
    : undefined

/** R2: a revision never goes below what was already realised. */
export const reviseFunding = (c: ProgramCommandOf<'ReviseFunding'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, SPENDING, `revise funding line ${d.lineId}`),
    E.flatMap((): Decision => {
      const line = p.lines.get(d.lineId)
      if (line === undefined) return unknownLine(p, d.lineId, 'revise it')
      if (d.newAmount < 0n || d.newAmount < line.netRealised) {
        return violate(
          p,
          'R2',
          `cannot revise line ${d.lineId} to ${formatRupiah(d.newAmount)}: ${formatRupiah(line.netRealised)} is already ` +
            `realised on it (rule R2: a revised ceiling is at least the realisation); reverse spending first or revise to at least that`,
        )
      }
      return accept({ type: 'FundingRevised', data: stripProgramId(d) })
    }),
  )
}

/** R6: DAK tranches in order, against the fiscal year's thresholds, never above the allocation. */
export const receiveDakTranche = (c: ProgramCommandOf<'ReceiveDakTranche'>, p: Program, deps: RuleDeps): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, SPENDING, `receive a DAK tranche on line ${d.lineId}`),
    E.flatMap((): Decision => {
      const line = p.lines.get(d.lineId)
      if (line === undefined) return unknownLine(p, d.lineId, `receive tranche ${d.tranche}`)
      const what = `DAK tranche ${d.tranche} on line ${d.lineId}`
      if (!isDak(line.source)) {
        return violate(
          p,
          'R6',
          `cannot receive ${what}: the line is ${line.source}, and tranches apply only to DAK lines (rule R6)`,
        )
      }
      const policy = deps.dakTranchePolicy(line.fiscalYear)
      const has = (n: typeof d.tranche) => line.tranches.includes(n)
      if (d.tranche === 'SEKALIGUS' || d.tranche === 1) {
        if (line.tranches.length > 0) {
          return violate(
            p,
            'R6',
            `cannot receive ${what}: tranches ${line.tranches.join(', ')} were already received (rule R6)`,
          )
        }
        if (d.tranche === 'SEKALIGUS' && line.allocated > policy.singlePaymentMaxAllocation) {
          return violate(
            p,
            'R6',
            `cannot receive ${what}: a one-off payment is allowed only for allocations up to ` +
              `${formatRupiah(policy.singlePaymentMaxAllocation)}, and this line is ${formatRupiah(line.allocated)} (rule R6); use tranches 1–3`,
          )
        }
      } else {
        const previous = d.tranche === 2 ? 1 : 2
        if (!has(previous) || has(d.tranche)) {
          return violate(
            p,
            'R6',
            `cannot receive ${what}: tranche ${previous} must come first and tranche ${d.tranche} only once ` +
              `(received so far: ${line.tranches.join(', ') || 'none'}) (rule R6)`,
          )
        }
        const minAbsorption = d.tranche === 2 ? policy.tranche2MinAbsorptionBp : policy.tranche3MinAbsorptionBp
        if (d.absorptionBpAtRequest < minAbsorption) {
          return violate(
            p,
            'R6',
            `cannot receive ${what}: absorption at request is ${d.absorptionBpAtRequest} bp, below the ${minAbsorption} bp ` +
              `the ${line.fiscalYear} policy requires (rule R6); realise more of the funds received first`,
          )
        }
        if (d.tranche === 3 && d.outputBpAtRequest < policy.tranche3MinOutputBp) {
          return violate(
            p,
            'R6',
            `cannot receive ${what}: output at request is ${d.outputBpAtRequest} bp, below the ${policy.tranche3MinOutputBp} bp ` +
              `the ${line.fiscalYear} policy requires (rule R6)`,
          )
        }
      }
      if (line.tranchesReceived + d.amount > line.allocated) {
        return violate(
          p,
          'R6',
          `cannot receive ${what} of ${formatRupiah(d.amount)}: with ${formatRupiah(line.tranchesReceived)} already received ` +
            `it would exceed the allocation of ${formatRupiah(line.allocated)} (rule R6)`,
        )
      }
      return accept({ type: 'DakTrancheReceived', data: stripProgramId(d) })
    }),
  )
}

/** R2–R5: realised spending. */
export const realizeExpenditure = (c: ProgramCommandOf<'RealizeExpenditure'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, SPENDING, `realise expenditure ${d.expenditureId}`),
    E.flatMap((): Decision => {
      const line = p.lines.get(d.lineId)
      if (line === undefined) return unknownLine(p, d.lineId, `realise expenditure ${d.expenditureId}`)
      if (p.expenditures.has(d.expenditureId)) {
        return E.left(
          alreadyExists(
            programRef(p.programId),
            `expenditure ${d.expenditureId} is already recorded in program ${p.programId}`,
          ),
        )
      }
      if (d.batchId !== undefined && !p.batches.has(d.batchId)) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `expenditure ${d.expenditureId} names batch ${d.batchId}, which program ${p.programId} does not have`,
          ),
        )
      }
      if (d.amount <= 0n) {
        return violate(
          p,
          'R2',
          `expenditure ${d.expenditureId} of ${formatRupiah(d.amount)}: amounts are whole rupiah above zero (rule R2)`,
        )
      }
      const after = line.netRealised + d.amount
      if (after > line.allocated) {
        return violate(
          p,
          'R3',
          `cannot realise ${formatRupiah(d.amount)} on line ${d.lineId}: net realisation would be ${formatRupiah(after)}, ` +
            `above the allocation of ${formatRupiah(line.allocated)} (rule R3); revise the allocation or charge another line`,
        )
      }
      if (isDak(line.source) && after > line.tranchesReceived) {
        return violate(
          p,
          'R3',
          `cannot realise ${formatRupiah(d.amount)} on DAK line ${d.lineId}: net realisation would be ${formatRupiah(after)}, ` +
            `above the ${formatRupiah(line.tranchesReceived)} received in tranches (rule R3); record the tranche first`,
        )
      }
      const year = fiscalYearOf(c.context.occurredOn)
      if (year !== line.fiscalYear) {
        return violate(
          p,
          'R4',
          `cannot realise expenditure ${d.expenditureId} on ${c.context.occurredOn} (the place's civil date, fiscal year ${year}) ` +
            `against line ${d.lineId} of fiscal year ${line.fiscalYear} (rule R4: lines lapse at year end); charge a ${year} line`,
        )
      }
      const documented =
        c.context.evidence.level === 'DOCUMENTED' &&
        O.isSome(findDocument(['SP2D', 'KUITANSI'], d.paymentDoc, c.context.evidence))
      const gaps = documentary({
        isOpen: hasOpenGap(p),
        context: c.context,
        rule: 'R5',
        subject: `expenditure:${d.expenditureId}`,
        satisfied: documented,
        missingDocKinds: ['SP2D'],
        rejection: () =>
          ruleViolation(
            'R5',
            programRef(p.programId),
            `cannot realise expenditure ${d.expenditureId} of ${formatRupiah(d.amount)} on ${c.context.evidence.level} evidence: ` +
              'realised spending needs DOCUMENTED evidence with an SP2D or kuitansi (rule R5); attach the payment document',
          ),
        note: `expenditure ${d.expenditureId} of ${formatRupiah(d.amount)} imported without a payment document`,
      })
      return withGaps({ type: 'ExpenditureRealized', data: stripProgramId(d) }, gaps)
    }),
  )
}

/** R3: a reversal never exceeds what remains of the expenditure. Allowed after closing (audit refunds). */
export const reverseExpenditure = (c: ProgramCommandOf<'ReverseExpenditure'>, p: Program): Decision => {
  const d = c.data
  return pipe(
    requireStatus(p, c.type, [...SPENDING, 'CLOSED'], `reverse expenditure ${d.expenditureId}`),
    E.flatMap((): Decision => {
      const spent = p.expenditures.get(d.expenditureId)
      if (spent === undefined) {
        return E.left(
          unknownEntity(
            programRef(p.programId),
            `cannot reverse expenditure ${d.expenditureId}: program ${p.programId} has no such expenditure`,
          ),
        )
      }
      const left = spent.amount - spent.reversed
      if (d.amount > left) {
        return violate(
          p,
          'R3',
          `cannot reverse ${formatRupiah(d.amount)} of expenditure ${d.expenditureId}: only ${formatRupiah(left)} of its ` +
            `${formatRupiah(spent.amount)} is not yet reversed (rule R3)`,
        )
      }
      return accept({ type: 'ExpenditureReversed', data: stripProgramId(d) })
    }),
  )
}

/** Drops the routing field `programId` from command data to form event data. */
export const stripProgramId = <D extends { readonly programId: string }>(data: D): Omit<D, 'programId'> => {
  const { programId: _programId, ...rest } = data
  return rest
}
