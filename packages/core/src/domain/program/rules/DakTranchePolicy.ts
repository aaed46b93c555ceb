/**
 * DAK fisik disbursement thresholds per fiscal year (rule R6). Only 2018 is documented in the research (P67):
 * tranche II needs ≥ 75 % absorption of the funds received; tranche III needs ≥ 90 % absorption and ≥ 70 %
 * output; an allocation up to Rp1 miliar may be paid in one go. Years without their own entry use the 2018
 * figures until a domain expert confirms later ones; pass your own catalogue to `makeProgramDecider`.
 *
 * @since 0.1.0
 */

/**
 * The DAK disbursement thresholds of one fiscal year (rule R6), in basis points of the funds received.
 *
 * @category model
 * @since 0.1.0
 */
export interface DakTranchePolicy {
  readonly tranche2MinAbsorptionBp: number
  readonly tranche3MinAbsorptionBp: number
  readonly tranche3MinOutputBp: number
  /** The largest allocation that may be paid in one go (`SEKALIGUS`). */
  readonly singlePaymentMaxAllocation: bigint
}

/**
 * The 2018 thresholds (PMK 130/2019 predecessor rules, as summarised in P67).
 *
 * @category constants
 * @since 0.1.0
 */
export const DAK_TRANCHE_POLICY_2018: DakTranchePolicy = {
  tranche2MinAbsorptionBp: 7_500,
  tranche3MinAbsorptionBp: 9_000,
  tranche3MinOutputBp: 7_000,
  singlePaymentMaxAllocation: 1_000_000_000n,
}

/**
 * The shipped catalogue, by fiscal year.
 *
 * @category constants
 * @since 0.1.0
 */
export const DAK_TRANCHE_POLICIES: ReadonlyMap<number, DakTranchePolicy> = new Map([[2018, DAK_TRANCHE_POLICY_2018]])

/**
 * The policy of a fiscal year from a catalogue, falling back to the 2018 thresholds.
 *
 * @category utils
 * @since 0.1.0
 */
export const dakTranchePolicyFrom =
  (catalogue: ReadonlyMap<number, DakTranchePolicy>) =>
  (fiscalYear: number): DakTranchePolicy =>
    catalogue.get(fiscalYear) ?? DAK_TRANCHE_POLICY_2018
