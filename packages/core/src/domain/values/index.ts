/**
 * The IKM domain's value types.
 *
 * @since 0.1.0
 */
export { exactStruct } from './Struct'
export { formatRupiah, MAX_RUPIAH_DIGITS, parseRupiahText, PositiveRupiah, Rupiah, type ParsedRupiah } from './Money'
export { BasisPoints, basisPointsOf, FULL_BASIS_POINTS } from './BasisPoints'
export {
  addDays,
  AgeBand,
  ageBandOf,
  ageInWholeYears,
  civilDateAt,
  FiscalYear,
  fiscalYearOf,
  inclusiveDays,
} from './FiscalYear'
export {
  isWithinRegion,
  levelOfCode,
  normalizeRegionName,
  REGION_LIST_VERSION,
  REGION_LIST_VERSION_2019,
  RegionCode,
  regionDirectory,
  regionDirectoryFrom,
  RegionLevel,
  regionListFrom,
  RegionRef,
  regionRef,
  RegionScheme,
  SHIPPED_REGION_LISTS,
  validateRegionRef,
  type RegionDirectory,
  type RegionEntry,
  type RegionList,
  type RegionRow,
} from './Region'
export { KbliCode, KbliRef, KbliVersion } from './Kbli'
export { ActingStatus, Attendance, OfficialRef, OrgKind, OrgRef, type OfficialRefEncoded } from './Organisation'
export { DocKind, DocumentRef, DocumentSha256, findDocument } from './Document'
export { BottleVolumeMl, convertQuantity, litersToMl, Quantity, quantity, QuantityValue, Unit } from './Quantity'
export {
  budgetDocumentKindOf,
  budgetDocumentKindsOf,
  FundingSource,
  isDak,
  normalizeFundingSource,
} from './FundingSource'
export {
  AspirasiDprdOrigin,
  AspirasiDprOrigin,
  DinasInitiativeOrigin,
  NotReportedOrigin,
  GroupProposalOrigin,
  MinistryInitiativeOrigin,
  Origin,
  PemdaProposalOrigin,
  type OriginKind,
} from './Origin'
export { findPii, PII_FIELD_NAMES, rejectPii, scanPii, withPiiGuard, type PiiFinding, type PiiKind } from './Pii'
