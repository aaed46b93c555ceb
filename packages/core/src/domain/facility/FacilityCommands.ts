/**
 * Commands of a facility, as io-ts codecs, and their decoder. Every command names its `facilityId`.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError'
import { commandCodec, decodeCommandOf, entityCommand, onEntity, PositiveCount } from '../internal/Commands'
import { ResolveComplianceGapData } from '../internal/DeciderSupport'
import {
  FacilityDevelopmentPlannedData,
  FacilityFundingHistoryImportedData,
  FacilityManagerAppointedData,
  FacilityOperationalStatusChangedData,
  FacilityRegisteredData,
  FacilityWorksCompletedData,
  FacilityWorksContractedData,
  FacilityWorksFinalHandoverData,
  FacilityWorksProgressReportedData,
  SentraUnitCountUpdatedData,
} from './FacilityEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const onFacility = onEntity('facilityId')
const facilityCommand = entityCommand('facilityId')

/**
 * Registers a sentra, UPT or UPTD (R26).
 *
 * @category codecs
 * @since 0.1.0
 */
export const RegisterFacility = commandCodec('RegisterFacility', FacilityRegisteredData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const UpdateSentraUnitCount = facilityCommand('UpdateSentraUnitCount', SentraUnitCountUpdatedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const PlanFacilityDevelopment = facilityCommand('PlanFacilityDevelopment', FacilityDevelopmentPlannedData)

/**
 * Contracts works (R27, R28). For DAK-fisik works on a sentra, `dakFisikUnitThreshold` is the minimum unit count
 * of the policy for the sentra's island and the fiscal year (Sumatra and Kalimantan: 10 per Perpres 123/2020),
 * looked up by the caller: the threshold is reference data, not a fact of the facility.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ContractFacilityWorks = commandCodec(
  'ContractFacilityWorks',
  t.intersection([
    onFacility({}, FacilityWorksContractedData),
    t.exact(t.partial({ dakFisikUnitThreshold: PositiveCount })),
  ]),
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ReportFacilityWorksProgress = facilityCommand(
  'ReportFacilityWorksProgress',
  FacilityWorksProgressReportedData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const CompleteFacilityWorks = facilityCommand('CompleteFacilityWorks', FacilityWorksCompletedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const HandOverFacilityWorksFinally = facilityCommand(
  'HandOverFacilityWorksFinally',
  FacilityWorksFinalHandoverData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const AppointFacilityManager = facilityCommand('AppointFacilityManager', FacilityManagerAppointedData)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ChangeFacilityOperationalStatus = facilityCommand(
  'ChangeFacilityOperationalStatus',
  FacilityOperationalStatusChangedData,
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const ImportFacilityFundingHistory = facilityCommand(
  'ImportFacilityFundingHistory',
  FacilityFundingHistoryImportedData,
)

/**
 * Closes a compliance gap of the facility with the document that was missing.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ResolveFacilityComplianceGap = facilityCommand('ResolveComplianceGap', ResolveComplianceGapData)

/**
 * @category model
 * @since 0.1.0
 */
export type FacilityCommand = t.TypeOf<(typeof facilityCommandCodecs)[keyof typeof facilityCommandCodecs]>

/**
 * The command codecs by command `type`.
 *
 * @category commands
 * @since 0.1.0
 */
export const facilityCommandCodecs = {
  RegisterFacility,
  UpdateSentraUnitCount,
  PlanFacilityDevelopment,
  ContractFacilityWorks,
  ReportFacilityWorksProgress,
  CompleteFacilityWorks,
  HandOverFacilityWorksFinally,
  AppointFacilityManager,
  ChangeFacilityOperationalStatus,
  ImportFacilityFundingHistory,
  ResolveComplianceGap: ResolveFacilityComplianceGap,
} as const

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes untrusted input into a facility command; a failure names the command and the io-ts path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeFacilityCommand: (input: unknown) => E.Either<DomainError, FacilityCommand> =
  decodeCommandOf<FacilityCommand>('facility', facilityCommandCodecs)
