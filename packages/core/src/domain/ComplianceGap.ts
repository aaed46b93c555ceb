/**
 * Compliance gaps: in `HISTORICAL_IMPORT` mode a missing document does not reject a command; the aggregate
 * records a `ComplianceGapNoted` event instead, so imported history never passes for audited fact. Every
 * aggregate uses these same two event types.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { defineEvent } from '../index'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A gap: which rule, about what, and which document kinds are missing. `gapId` is deterministic
 * (`<rule>:<subject>`) so deciders stay pure and re-imports do not duplicate gaps.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ComplianceGapNotedData = t.exact(
  t.type({
    gapId: t.string,
    rule: t.string,
    subject: t.string,
    missingDocKinds: t.readonlyArray(t.string),
    note: t.string,
  }),
  'ComplianceGapNotedData',
)

/**
 * A gap closed by the document that was missing.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ComplianceGapResolvedData = t.exact(
  t.type({
    gapId: t.string,
    documentKind: t.string,
    documentNumber: t.string,
  }),
  'ComplianceGapResolvedData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * @category events
 * @since 0.1.0
 */
export const ComplianceGapNoted = defineEvent('ComplianceGapNoted', ComplianceGapNotedData)

/**
 * @category events
 * @since 0.1.0
 */
export const ComplianceGapResolved = defineEvent('ComplianceGapResolved', ComplianceGapResolvedData)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The deterministic id of a gap.
 *
 * @category constructors
 * @since 0.1.0
 */
export const gapIdOf = (rule: string, subject: string): string => `${rule}:${subject}`

/**
 * A `ComplianceGapNoted` event value.
 *
 * @category constructors
 * @since 0.1.0
 */
export const complianceGapNoted = (
  rule: string,
  subject: string,
  missingDocKinds: ReadonlyArray<string>,
  note: string,
) => ({
  type: 'ComplianceGapNoted' as const,
  data: { gapId: gapIdOf(rule, subject), rule, subject, missingDocKinds, note },
})
