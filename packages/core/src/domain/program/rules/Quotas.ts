/**
 * Quota bookkeeping (rule R10): which selected participants a quota scope counts, and whether one more would
 * exceed it.
 *
 * Internal: reached through the Program decider.
 */
import { isWithinRegion, type RegionRef } from '../../values/Region'
import type { Participant, Program, Quota } from '../Program'
import type { QuotaScope } from '../ProgramValues'

/** The participants currently selected (not withdrawn). */
export const selectedParticipants = (p: Program): ReadonlyArray<Participant> =>
  [...p.participants.values()].filter((x) => x.status === 'SELECTED')

type Candidate = Pick<Participant, 'trackId' | 'batchId' | 'region'>

const inScope = (scope: QuotaScope, x: Candidate): boolean =>
  (scope.trackId === undefined || scope.trackId === x.trackId) &&
  (scope.batchId === undefined || scope.batchId === x.batchId) &&
  (scope.region === undefined || isWithinRegion(x.region, scope.region))

const countFor = (p: Program, scope: QuotaScope, candidate: Candidate): number =>
  selectedParticipants(p).filter(
    (x) => inScope(scope, x) && (scope.perRegion !== true || x.region.code === candidate.region.code),
  ).length

/** The first quota that one more participant like `candidate` would exceed. */
export const reachedQuota = (p: Program, candidate: Candidate): Quota | undefined =>
  p.quotas.find((q) => inScope(q.scope, candidate) && countFor(p, q.scope, candidate) + 1 > q.maxParticipants)

/** The largest count a scope already holds (per region when the scope is per region). */
export const mostSelectedIn = (p: Program, scope: QuotaScope): number => {
  const inIt = selectedParticipants(p).filter((x) => inScope(scope, x))
  if (scope.perRegion !== true) return inIt.length
  const byRegion = new Map<string, number>()
  for (const x of inIt) byRegion.set(x.region.code, (byRegion.get(x.region.code) ?? 0) + 1)
  return Math.max(0, ...byRegion.values())
}

/** A quota scope in words: "track t1, each region (here 63.05)". */
export const describeQuota = (scope: QuotaScope, region?: RegionRef): string => {
  const parts = [
    scope.trackId === undefined ? undefined : `track ${scope.trackId}`,
    scope.batchId === undefined ? undefined : `batch ${scope.batchId}`,
    scope.region === undefined ? undefined : `region ${scope.region.code}`,
    scope.perRegion === true ? `each region${region === undefined ? '' : ` (here ${region.code})`}` : undefined,
  ].filter((s) => s !== undefined)
  return parts.length === 0 ? 'the whole program' : parts.join(', ')
}
