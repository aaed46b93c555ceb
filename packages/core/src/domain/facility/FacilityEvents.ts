/**
 * Events of a facility: a sentra IKM, a ministry UPT or a regional UPTD. Works (build, revitalise, revitalise
 * machines) are tracked per `worksId` from contract to final handover. Imported funding history keeps rounded
 * news figures as exact integers flagged `approximate`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate, defineEvent, eventRegistry, type EventOf } from '../../index'
import { ComplianceGapNoted, ComplianceGapResolved } from '../ComplianceGap'
import { BasisPoints } from '../values/BasisPoints'
import { DocumentRef } from '../values/Document'
import { exactStruct } from '../values/Struct'
import { FiscalYear } from '../values/FiscalYear'
import { FundingSource } from '../values/FundingSource'
import { KbliRef } from '../values/Kbli'
import { OrgRef } from '../values/Organisation'
import { PositiveRupiah } from '../values/Money'
import { RegionRef } from '../values/Region'
import { Count, NonBlank } from '../internal/Commands'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityKind = t.keyof({ SENTRA: null, UPT: null, UPTD: null }, 'FacilityKind')

/**
 * @category model
 * @since 0.1.0
 */
export type FacilityKind = t.TypeOf<typeof FacilityKind>

/**
 * Where the registration's figures come from.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FacilityDataSource = t.keyof(
  { SIINAS: null, DINAS_SURVEY: null, BPS: null, NEWS: null },
  'FacilityDataSource',
)

/**
 * `potential`: a sentra with fewer than 5 units (or an unknown count), registered as a potential sentra (R26).
 * `alreadyBuilt`: the facility stood before it was registered (history import: "pasca dibangun").
 *
 * @category codecs
 * @since 0.1.0
 */
export const FacilityRegisteredData = exactStruct(
  {
    facilityId: NonBlank,
    kind: FacilityKind,
    name: NonBlank,
    region: RegionRef,
    kbli: t.readonlyArray(KbliRef),
    productFocus: t.readonlyArray(NonBlank),
    dataSource: FacilityDataSource,
  },
  {
    unitCount: Count,
    workerCount: Count,
    potential: t.boolean,
    alreadyBuilt: t.boolean,
    legalDoc: DocumentRef,
  },
  'FacilityRegisteredData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const SentraUnitCountUpdatedData = exactStruct(
  { unitCount: Count, asOf: CivilDate },
  { workerCount: Count },
  'SentraUnitCountUpdatedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityDevelopmentPlannedData = exactStruct(
  { docs: t.readonlyArray(DocumentRef) },
  { note: t.string },
  'FacilityDevelopmentPlannedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const WorksKind = t.keyof({ BUILD: null, REVITALIZE: null, MACHINE_REVITALIZATION: null }, 'WorksKind')

/**
 * @category model
 * @since 0.1.0
 */
export type WorksKind = t.TypeOf<typeof WorksKind>

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityWorksContractedData = exactStruct(
  { worksId: NonBlank, kind: WorksKind, programId: NonBlank },
  {
    // Either date may be unreported in an import; operational works state both.
    startDate: CivilDate,
    plannedEndDate: CivilDate,
    fundingSource: FundingSource,
    fundingLineId: NonBlank,
    contractValue: PositiveRupiah,
    contractor: OrgRef,
    contractDoc: DocumentRef,
  },
  'FacilityWorksContractedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityWorksProgressReportedData = t.exact(
  t.type({ worksId: NonBlank, physicalBp: BasisPoints, financialBp: BasisPoints, asOf: CivilDate }),
  'FacilityWorksProgressReportedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityWorksCompletedData = exactStruct(
  { worksId: NonBlank },
  { bastDoc: DocumentRef },
  'FacilityWorksCompletedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityWorksFinalHandoverData = exactStruct(
  { worksId: NonBlank },
  { doc: DocumentRef },
  'FacilityWorksFinalHandoverData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityManagerAppointedData = exactStruct(
  { manager: OrgRef },
  { doc: DocumentRef },
  'FacilityManagerAppointedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const OperationalStatus = t.keyof(
  { OPERATIONAL: null, UNDERUSED: null, IDLE: null, CLOSED: null },
  'OperationalStatus',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityOperationalStatusChangedData = exactStruct(
  { status: OperationalStatus },
  { note: t.string },
  'FacilityOperationalStatusChangedData',
)

/**
 * @category codecs
 * @since 0.1.0
 */
export const FacilityFundingHistoryImportedData = exactStruct(
  { source: FundingSource, amount: PositiveRupiah, approximate: t.boolean },
  { periodFrom: FiscalYear, periodTo: FiscalYear, note: t.string },
  'FacilityFundingHistoryImportedData',
)

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * Sentra / UPT / UPTD didata atau ditetapkan.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityRegistered = defineEvent('FacilityRegistered', FacilityRegisteredData)

/**
 * Pemutakhiran jumlah unit usaha.
 *
 * @category events
 * @since 0.1.0
 */
export const SentraUnitCountUpdated = defineEvent('SentraUnitCountUpdated', SentraUnitCountUpdatedData)

/**
 * Pola pengembangan / DED disusun.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityDevelopmentPlanned = defineEvent('FacilityDevelopmentPlanned', FacilityDevelopmentPlannedData)

/**
 * Kontrak pembangunan / revitalisasi.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityWorksContracted = defineEvent('FacilityWorksContracted', FacilityWorksContractedData)

/**
 * Progres fisik / keuangan.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityWorksProgressReported = defineEvent(
  'FacilityWorksProgressReported',
  FacilityWorksProgressReportedData,
)

/**
 * Serah terima pekerjaan (PHO).
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityWorksCompleted = defineEvent('FacilityWorksCompleted', FacilityWorksCompletedData)

/**
 * FHO, at the end of the maintenance period.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityWorksFinalHandover = defineEvent('FacilityWorksFinalHandover', FacilityWorksFinalHandoverData)

/**
 * Pengelola / UPTD ditetapkan.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityManagerAppointed = defineEvent('FacilityManagerAppointed', FacilityManagerAppointedData)

/**
 * Status operasional.
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityOperationalStatusChanged = defineEvent(
  'FacilityOperationalStatusChanged',
  FacilityOperationalStatusChangedData,
)

/**
 * Riwayat dukungan (impor).
 *
 * @category events
 * @since 0.1.0
 */
export const FacilityFundingHistoryImported = defineEvent(
  'FacilityFundingHistoryImported',
  FacilityFundingHistoryImportedData,
)

const definitions = [
  FacilityRegistered,
  SentraUnitCountUpdated,
  FacilityDevelopmentPlanned,
  FacilityWorksContracted,
  FacilityWorksProgressReported,
  FacilityWorksCompleted,
  FacilityWorksFinalHandover,
  FacilityManagerAppointed,
  FacilityOperationalStatusChanged,
  FacilityFundingHistoryImported,
  ComplianceGapNoted,
  ComplianceGapResolved,
] as const

/**
 * The registry of the `facility-<id>` stream's events.
 *
 * @category events
 * @since 0.1.0
 */
export const facilityEvents = eventRegistry(definitions)

/**
 * @category model
 * @since 0.1.0
 */
export type FacilityEvent = EventOf<(typeof definitions)[number]>
