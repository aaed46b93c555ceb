/**
 * The program-specific value types its events and commands share: schemes, states, funding purposes,
 * expenditure categories, training modes, eligibility and quota shapes.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CivilDate } from '../../index'
import { countNamed, nonBlankNamed, positiveCountNamed } from '../internal/Commands'
import { BasisPoints } from '../values/BasisPoints'
import { exactStruct } from '../values/Struct'
import { RegionRef } from '../values/Region'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A non-empty string with no surrounding blanks (ids, titles, reasons).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProgramText = nonBlankNamed('ProgramText')

/**
 * A whole number `>= 0` (counts, days).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProgramCount = countNamed('ProgramCount')

/**
 * A whole number `> 0` (quotas, capacities).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProgramPositiveCount = positiveCountNamed('ProgramPositiveCount')

/**
 * The schemes a program runs under (a program may combine several, as S0 does: bimtek plus equipment).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProgramScheme = t.keyof(
  {
    WUB_BIMTEK: null,
    BIMTEK_DIVERSIFIKASI: null,
    BANTUAN_PERALATAN: null,
    SENTRA_DAK_FISIK: null,
    SENTRA_DAK_NONFISIK: null,
    DEKON_PELATIHAN: null,
    TP_PELATIHAN: null,
    APBD_PELATIHAN: null,
    RESTRUKTURISASI: null,
  },
  'ProgramScheme',
)

/**
 * @category model
 * @since 0.1.0
 */
export type ProgramScheme = t.TypeOf<typeof ProgramScheme>

/**
 * The program states of research §4.6.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProgramStatus = t.keyof(
  {
    PLANNED: null,
    APPROVED: null,
    FUNDED: null,
    IN_EXECUTION: null,
    EXECUTION_COMPLETED: null,
    REPORTED: null,
    CLOSED: null,
    CANCELLED: null,
  },
  'ProgramStatus',
)

/**
 * @category model
 * @since 0.1.0
 */
export type ProgramStatus = t.TypeOf<typeof ProgramStatus>

/**
 * What an allocation pays for; `TRAINING` or `MIXED` lines fund bimtek (rule R7).
 *
 * @category codecs
 * @since 0.1.0
 */
export const FundingPurpose = t.keyof(
  { TRAINING: null, EQUIPMENT: null, CONSTRUCTION: null, CAPACITY: null, MIXED: null },
  'FundingPurpose',
)

/**
 * @category model
 * @since 0.1.0
 */
export type FundingPurpose = t.TypeOf<typeof FundingPurpose>

/**
 * Why a ceiling (pagu) was revised.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FundingRevisionReason = t.keyof(
  { REFOCUSING_COVID19: null, REVISI_DIPA: null, EFISIENSI: null, OTHER: null },
  'FundingRevisionReason',
)

/**
 * A DAK disbursement tranche: 1, 2, 3, or all at once (`SEKALIGUS`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const DakTranche = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal('SEKALIGUS')], 'DakTranche')

/**
 * @category model
 * @since 0.1.0
 */
export type DakTranche = t.TypeOf<typeof DakTranche>

/**
 * Spending categories auditors test.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ExpenditureCategory = t.keyof(
  {
    HONOR_INSTRUKTUR: null,
    TRANSPORT_PESERTA: null,
    UANG_SAKU: null,
    KONSUMSI: null,
    PAKET_MEETING: null,
    BAHAN_PELATIHAN: null,
    SEWA_TEMPAT: null,
    PENGADAAN_PERALATAN: null,
    KONSTRUKSI: null,
    JASA_KONSULTAN: null,
    LAINNYA: null,
  },
  'ExpenditureCategory',
)

/**
 * How training is delivered (S4's instructors visited the IKM or taught online).
 *
 * @category codecs
 * @since 0.1.0
 */
export const TrainingMode = t.keyof(
  { CLASSROOM: null, ONLINE: null, ON_SITE_VISIT: null, HYBRID: null },
  'TrainingMode',
)

/**
 * The parameters of an eligibility policy (S3: `maxAgeYears: 35`). Residency defaults to the track's regions
 * when the track restricts them.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EligibilityParams = exactStruct(
  {},
  {
    minAgeYears: ProgramCount,
    maxAgeYears: ProgramCount,
    residencyScope: t.keyof({ PROGRAM_REGIONS: null, TRACK_REGIONS: null }),
    excludeCivilServants: t.boolean,
    maxPriorSimilarAid: ProgramCount,
    requireExistingBusiness: t.boolean,
  },
  'EligibilityParams',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EligibilityParams = t.TypeOf<typeof EligibilityParams>

/**
 * The checks an eligibility evaluation ran.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EligibilityCheck = t.keyof(
  { AGE: null, RESIDENCY: null, CIVIL_SERVANT: null, PRIOR_AID: null, EXISTING_BUSINESS: null },
  'EligibilityCheck',
)

/**
 * The stored result of a selection's eligibility evaluation: only that it passed, on which date, under which
 * policy, which checks ran, and whether the person was checked on their own (rule R29). Never the inputs.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EligibilityResult = exactStruct(
  {
    passed: t.literal(true),
    evaluatedOn: CivilDate,
    checks: t.readonlyArray(EligibilityCheck),
    individuallyChecked: t.boolean,
  },
  { policyId: ProgramText },
  'EligibilityResult',
)

/**
 * @category model
 * @since 0.1.0
 */
export type EligibilityResult = t.TypeOf<typeof EligibilityResult>

/**
 * What a quota limits: the whole program, a track, a region, a batch, or a combination. `perRegion: true`
 * applies the maximum to each participant region separately (S4: 7 per kabupaten/kota).
 *
 * @category codecs
 * @since 0.1.0
 */
export const QuotaScope = exactStruct(
  {},
  { trackId: ProgramText, region: RegionRef, batchId: ProgramText, perRegion: t.boolean },
  'QuotaScope',
)

/**
 * @category model
 * @since 0.1.0
 */
export type QuotaScope = t.TypeOf<typeof QuotaScope>

/**
 * Training rules a program can switch on: instructors required before opening (R16), how many days an opening
 * may differ from the start date (R9), and a minimum attendance for certificates (R15).
 *
 * @category codecs
 * @since 0.1.0
 */
export const TrainingPolicy = exactStruct(
  {},
  { requiresInstructor: t.boolean, openingToleranceDays: ProgramCount, minAttendanceBpForCertificate: BasisPoints },
  'TrainingPolicy',
)

/**
 * @category model
 * @since 0.1.0
 */
export type TrainingPolicy = t.TypeOf<typeof TrainingPolicy>

/**
 * What started execution when no batch opening did.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ExecutionTrigger = t.keyof(
  { EQUIPMENT_PROCURED: null, FACILITY_WORKS_CONTRACTED: null, HISTORICAL_RECORD: null, OTHER: null },
  'ExecutionTrigger',
)
