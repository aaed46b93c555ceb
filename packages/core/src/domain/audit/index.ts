/**
 * The audit finding aggregate (temuan BPK, BPKP, Inspektorat and its tindak lanjut).
 *
 * @since 0.1.0
 */
export {
  AuditFindingClosed,
  AuditFindingClosedData,
  AuditFindingRecorded,
  AuditFindingRecordedData,
  AuditFollowUpAccepted,
  AuditFollowUpAcceptedData,
  AuditFollowUpReported,
  AuditFollowUpReportedData,
  Auditor,
  auditEvents,
  AuditSubjects,
  FindingCategory,
  Recommendation,
  type AuditEvent,
} from './AuditEvents'
export {
  AcceptAuditFollowUp,
  CloseAuditFinding,
  auditCommandCodecs,
  decodeAuditCommand,
  RecordAuditFinding,
  ReportAuditFollowUp,
  ResolveAuditComplianceGap,
  type AuditCommand,
} from './AuditCommands'
export {
  auditDecider,
  auditStreamId,
  FOLLOW_UP_DAYS,
  makeAuditDecider,
  type AuditFinding,
  type AuditState,
} from './AuditDecider'
