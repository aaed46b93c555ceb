// fast-check arbitraries for every Program event payload, built from the value types' closed sets.
import fc from 'fast-check'
import type * as t from 'io-ts'
import type { DakTranche } from '../../../src/domain'
import {
  ActingStatus,
  AgeBand,
  Attendance,
  DocKind,
  EligibilityCheck,
  ExecutionTrigger,
  ExpenditureCategory,
  FundingPurpose,
  FundingRevisionReason,
  FundingSource,
  KbliVersion,
  OrgKind,
  ProgramScheme,
  regionRef,
  TrainingMode,
  Unit,
  type OfficialRef,
  type ProgramEvent,
} from '../../../src/domain'

const keysOf = <K extends string>(codec: t.KeyofType<Record<K, unknown>>): fc.Arbitrary<K> =>
  fc.constantFrom(...(Object.keys(codec.keys) as K[]))

const opt = <T extends Record<string, unknown>>(
  required: { [K in keyof T]: fc.Arbitrary<T[K]> },
  optional: Record<string, fc.Arbitrary<unknown>>,
) => fc.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) as never[] })

export const text = fc.string({ minLength: 0, maxLength: 12 }).map((s) => `x${s.replace(/\s/g, '_')}y`)
export const civilDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const rupiah = fc.bigInt({ min: 0n, max: 10n ** 15n })
const positiveRupiah = fc.bigInt({ min: 1n, max: 10n ** 15n })
const count = fc.nat({ max: 10_000 })
const positive = fc.integer({ min: 1, max: 10_000 })
const fiscalYear = fc.integer({ min: 2000, max: 2100 })

export const region = fc
  .constantFrom('63', '63.71', '63.01', '16.06', '16.71', '13.73', '12.71', '93')
  .map((code) => regionRef(code))
const org = opt({ orgId: text, kind: keysOf(OrgKind), nameAtEvent: text }, { region })
const officialBase = opt(
  { nameAtEvent: text, positionAtEvent: text, org },
  {
    acting: keysOf(ActingStatus),
    attendance: keysOf(Attendance),
    titleVerified: fc.boolean(),
    aliasesAtEvent: fc.array(text, { maxLength: 2 }),
  },
)
const official: fc.Arbitrary<OfficialRef> = fc
  .tuple(officialBase, fc.option(officialBase, { nil: undefined }))
  .map(([o, by]) => (by === undefined ? o : { ...o, representedBy: by })) as fc.Arbitrary<OfficialRef>
const doc = opt(
  { kind: keysOf(DocKind) },
  { number: text, date: civilDate, issuer: org, sha256: fc.stringMatching(/^[0-9a-f]{64}$/), uri: text },
)
const kbli = opt({ version: keysOf(KbliVersion), code: fc.stringMatching(/^\d{5}$/) }, { titleAtEvent: text })
const origin = fc.oneof(
  opt({ kind: fc.constant('PEMDA_PROPOSAL') }, { proposalId: text }),
  opt(
    { kind: fc.constant('ASPIRASI_DPR'), member: official, commission: text },
    { party: text, electoralDistrict: text },
  ),
  opt({ kind: fc.constant('ASPIRASI_DPRD'), member: official }, { party: text, commission: text }),
  fc.record({ kind: fc.constant('GROUP_PROPOSAL'), groupId: text }),
  fc.record({ kind: fc.constant('MINISTRY_INITIATIVE') }),
  fc.record({ kind: fc.constant('DINAS_INITIATIVE') }),
)
const quantity = fc.record({ value: fc.bigInt({ min: 0n, max: 10n ** 12n }), unit: keysOf(Unit) })
const tranche = fc.constantFrom(...([1, 2, 3, 'SEKALIGUS'] as const)) as fc.Arbitrary<typeof DakTranche._A>

const data: { readonly [K in ProgramEvent['type']]: fc.Arbitrary<unknown> } = {
  ProgramRegistered: opt(
    {
      programId: text,
      fiscalYear,
      title: text,
      schemes: fc.array(keysOf(ProgramScheme), { maxLength: 3 }),
      executingOrg: org,
      coOrganizers: fc.array(org, { maxLength: 2 }),
      regions: fc.array(region, { maxLength: 3 }),
      kbli: fc.array(kbli, { maxLength: 2 }),
      origin,
    },
    { programCode: text, proposalRef: fc.record({ proposalId: text, itemId: text }) },
  ),
  ProgramApproved: opt({}, { approvedBy: official, decisionDoc: doc }),
  FundingAllocated: opt(
    {
      lineId: text,
      source: keysOf(FundingSource),
      amount: positiveRupiah,
      fiscalYear,
      purpose: keysOf(FundingPurpose),
    },
    { budgetDoc: doc, accountCode: text },
  ),
  FundingRevised: opt({ lineId: text, newAmount: rupiah, reason: keysOf(FundingRevisionReason) }, { doc }),
  DakTrancheReceived: opt(
    { lineId: text, tranche, amount: positiveRupiah, absorptionBpAtRequest: count, outputBpAtRequest: count },
    { omspanRef: text },
  ),
  ExpenditureRealized: opt(
    { lineId: text, expenditureId: text, amount: positiveRupiah, category: keysOf(ExpenditureCategory) },
    { paymentDoc: doc, batchId: text, packageId: text, worksId: text },
  ),
  ExpenditureReversed: opt({ expenditureId: text, amount: positiveRupiah, reason: text }, { refundDoc: doc }),
  ActivityTrackDefined: opt(
    {
      trackId: text,
      title: text,
      kbli: fc.array(kbli, { maxLength: 2 }),
      eligibleRegions: fc.array(region, { maxLength: 3 }),
      mode: keysOf(TrainingMode),
    },
    { product: text },
  ),
  EligibilityPolicySet: fc.record({
    policyId: text,
    params: opt(
      {},
      {
        minAgeYears: count,
        maxAgeYears: count,
        residencyScope: fc.constantFrom('PROGRAM_REGIONS', 'TRACK_REGIONS'),
        excludeCivilServants: fc.boolean(),
        maxPriorSimilarAid: count,
        requireExistingBusiness: fc.boolean(),
      },
    ),
  }),
  TrainingPolicySet: fc.record({
    policy: opt(
      {},
      { requiresInstructor: fc.boolean(), openingToleranceDays: count, minAttendanceBpForCertificate: count },
    ),
  }),
  QuotaSet: fc.record({
    scope: opt({}, { trackId: text, region, batchId: text, perRegion: fc.boolean() }),
    maxParticipants: positive,
  }),
  InstructorAssigned: opt(
    { assignmentId: text, org },
    { personId: text, assignmentDoc: doc, batchId: text, trackId: text },
  ),
  ParticipantNominated: opt({ personId: text, nominatedBy: org, region }, { trackId: text }),
  ParticipantSelected: opt(
    {
      personId: text,
      region,
      eligibility: opt(
        {
          passed: fc.constant(true),
          evaluatedOn: civilDate,
          checks: fc.array(keysOf(EligibilityCheck), { maxLength: 3 }),
          individuallyChecked: fc.boolean(),
        },
        { policyId: text },
      ),
    },
    {
      trackId: text,
      batchId: text,
      groupId: text,
      demographics: opt({}, { ageBand: keysOf(AgeBand) }),
      selectionDoc: doc,
    },
  ),
  ParticipantWithdrawn: opt({ personId: text, reason: text }, { trackId: text, replacementPersonId: text }),
  TrainingBatchScheduled: opt(
    {
      batchId: text,
      title: text,
      mode: keysOf(TrainingMode),
      region,
      startDate: civilDate,
      endDate: civilDate,
      plannedDays: positive,
    },
    { trackId: text, venue: text, capacity: positive },
  ),
  TrainingBatchRescheduled: fc.record({
    batchId: text,
    startDate: civilDate,
    endDate: civilDate,
    plannedDays: positive,
    reason: text,
  }),
  TrainingBatchOpened: opt(
    { batchId: text, openedBy: official, speakers: fc.array(official, { maxLength: 2 }) },
    { venue: text },
  ),
  AttendanceRecorded: opt(
    {
      batchId: text,
      date: civilDate,
      present: fc.array(text, { maxLength: 3 }),
      absent: fc.array(text, { maxLength: 3 }),
    },
    { attendanceDoc: doc },
  ),
  TrainingBatchCompleted: fc.record({
    batchId: text,
    endDate: civilDate,
    daysHeld: positive,
    completedParticipantIds: fc.array(text, { maxLength: 3 }),
  }),
  CertificateIssued: opt({ batchId: text, personId: text }, { certificateNo: text }),
  ProductionTargetSet: opt(
    { outputId: text, product: text, unit: keysOf(Unit), intendedRecipients: fc.array(org, { maxLength: 2 }) },
    { trackId: text, kbli, target: fc.bigInt({ min: 0n, max: 10n ** 12n }), bottleVolumeMl: positive, region },
  ),
  ProductionReported: opt({ reportId: text, outputId: text, quantity, reportedBy: org }, { region }),
  OutputDelivered: opt({ deliveryId: text, outputId: text, quantity, to: org }, { region, handoverDoc: doc }),
  EquipmentLinked: opt({ packageId: text }, { note: text }),
  FacilityLinked: opt({ facilityId: text }, { worksId: text, note: text }),
  ProgramExecutionStarted: opt({ trigger: keysOf(ExecutionTrigger) }, { ref: text }),
  ProgramExecutionCompleted: fc.record({ batchesCompleted: count, participantsCompleted: count }),
  ProgramReportSubmitted: opt({}, { reportDoc: doc }),
  ProgramClosed: fc.record({
    finalRealisation: fc.array(
      fc.record({ lineId: text, source: keysOf(FundingSource), allocated: rupiah, realised: rupiah }),
      { maxLength: 3 },
    ),
  }),
  ProgramCancelled: fc.record({ reason: text }),
  AspirationNoted: fc.record({ aspirationId: text, from: official, request: text }),
  FundingSourceAsserted: opt({ source: keysOf(FundingSource) }, { sourceOrg: org }),
  BudgetAnnounced: opt(
    {
      announcementId: text,
      source: keysOf(FundingSource),
      amount: positiveRupiah,
      fiscalYear: fc.integer({ min: 2000, max: 2100 }),
    },
    { announcedBy: official, doc },
  ),
  ComplianceGapNoted: fc.record({
    gapId: text,
    rule: text,
    subject: text,
    missingDocKinds: fc.array(keysOf(DocKind), { maxLength: 3 }),
    note: text,
  }),
  ComplianceGapResolved: fc.record({ gapId: text, documentKind: keysOf(DocKind), documentNumber: text }),
}

/** An arbitrary event of one type. */
export const eventOf = (type: ProgramEvent['type']): fc.Arbitrary<ProgramEvent> =>
  data[type].map((d) => ({ type, data: d }) as ProgramEvent)

/** The event types with an arbitrary. */
export const arbitraryEventTypes = Object.keys(data) as ReadonlyArray<ProgramEvent['type']>
