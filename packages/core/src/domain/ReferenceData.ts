/**
 * The reference data the IKM deciders consult: the region directory every aggregate checks region references
 * against, and the DAK tranche thresholds per fiscal year (Program, rule R6). Pass it once to
 * `ikmCommandHandler`, or to an aggregate's `make…Decider`, and every aggregate uses the same.
 *
 * @since 0.1.0
 */
import type { DakTranchePolicy } from './program/rules/DakTranchePolicy'
import type { RegionDirectory } from './values/Region'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Reference data for the deciders; what is left out falls back to the shipped data.
 *
 * @category model
 * @since 0.1.0
 */
export interface IkmReferenceData {
  /** The region lists (default: the shipped Kemendagri 2019 and 2022 lists of provinces and kabupaten/kota). */
  readonly regions?: RegionDirectory
  /** The DAK tranche thresholds per fiscal year (default: the shipped catalogue). */
  readonly dakTranchePolicies?: ReadonlyMap<number, DakTranchePolicy>
}
