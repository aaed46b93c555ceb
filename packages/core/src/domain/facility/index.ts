/**
 * The facility aggregate (sentra IKM, UPT, UPTD).
 *
 * @since 0.1.0
 */
export {
  FacilityDataSource,
  FacilityDevelopmentPlanned,
  FacilityDevelopmentPlannedData,
  facilityEvents,
  FacilityFundingHistoryImported,
  FacilityFundingHistoryImportedData,
  FacilityKind,
  FacilityManagerAppointed,
  FacilityManagerAppointedData,
  FacilityOperationalStatusChanged,
  FacilityOperationalStatusChangedData,
  FacilityRegistered,
  FacilityRegisteredData,
  FacilityWorksCompleted,
  FacilityWorksCompletedData,
  FacilityWorksContracted,
  FacilityWorksContractedData,
  FacilityWorksFinalHandover,
  FacilityWorksFinalHandoverData,
  FacilityWorksProgressReported,
  FacilityWorksProgressReportedData,
  OperationalStatus,
  SentraUnitCountUpdated,
  SentraUnitCountUpdatedData,
  WorksKind,
  type FacilityEvent,
} from './FacilityEvents'
export {
  AppointFacilityManager,
  ChangeFacilityOperationalStatus,
  CompleteFacilityWorks,
  ContractFacilityWorks,
  decodeFacilityCommand,
  facilityCommandCodecs,
  HandOverFacilityWorksFinally,
  ImportFacilityFundingHistory,
  PlanFacilityDevelopment,
  RegisterFacility,
  ReportFacilityWorksProgress,
  ResolveFacilityComplianceGap,
  UpdateSentraUnitCount,
  type FacilityCommand,
} from './FacilityCommands'
export {
  facilityDecider,
  makeFacilityDecider,
  facilityStreamId,
  SENTRA_MIN_UNITS,
  type Facility,
  type FacilityState,
  type FacilityStatus,
  type FacilityWorks,
  type FundingHistoryEntry,
} from './FacilityDecider'
export { FacilityFacts, facilityFactsOf } from './FacilityFacts'
