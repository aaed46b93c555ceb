/**
 * Commands of an audit finding, as io-ts codecs, and their decoder. Every command names its `findingId`.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { CivilDate } from '../../index'
import type { DomainError } from '../DomainError'
import { commandCodec, decodeCommandOf, NonBlank, entityCommand } from '../internal/Commands'
import { ResolveComplianceGapData } from '../internal/DeciderSupport'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { OrgRef } from '../values/Organisation'
import { PositiveRupiah } from '../values/Money'
import {
  AuditFindingClosedData,
  AuditFollowUpAcceptedData,
  AuditFollowUpReportedData,
  Auditor,
  AuditSubjects,
  FindingCategory,
  Recommendation,
} from './AuditEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const findingCommand = entityCommand('findingId')

/**
 * Records a finding from its LHP. The follow-up due date is not an input: the decider sets it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecordAuditFinding = commandCodec(
  'RecordAuditFinding',
  exactStruct(
    {
      findingId: NonBlank,
      auditor: Auditor,
      lhpDate: CivilDate,
      subjects: AuditSubjects,
      category: FindingCategory,
      criteria: NonBlank,
      condition: NonBlank,
      recommendations: t.readonlyArray(Recommendation),
    },
    { auditorOrg: OrgRef, lhp: DocumentRef, lhpReceivedOn: CivilDate, amount: PositiveRupiah },
    'RecordAuditFindingData',
  ),
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ReportAuditFollowUp = findingCommand('ReportAuditFollowUp', AuditFollowUpReportedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const AcceptAuditFollowUp = findingCommand('AcceptAuditFollowUp', AuditFollowUpAcceptedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const CloseAuditFinding = findingCommand('CloseAuditFinding', AuditFindingClosedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ResolveAuditComplianceGap = findingCommand('ResolveComplianceGap', ResolveComplianceGapData)

/**
 * An audit command.
 *
 * @category model
 * @since 0.1.0
 */
export type AuditCommand =
  | t.TypeOf<typeof RecordAuditFinding>
  | t.TypeOf<typeof ReportAuditFollowUp>
  | t.TypeOf<typeof AcceptAuditFollowUp>
  | t.TypeOf<typeof CloseAuditFinding>
  | t.TypeOf<typeof ResolveAuditComplianceGap>

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const auditCommandCodecs = {
  RecordAuditFinding,
  ReportAuditFollowUp,
  AcceptAuditFollowUp,
  CloseAuditFinding,
  ResolveComplianceGap: ResolveAuditComplianceGap,
} as const

/**
 * Decodes untrusted input into an audit command; a failure names the command and the field.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeAuditCommand: (input: unknown) => E.Either<DomainError, AuditCommand> =
  decodeCommandOf<AuditCommand>('audit', auditCommandCodecs)
