/**
 * What another aggregate needs to know about a facility. Deciders are pure, so a command that places equipment at
 * a sentra, UPT or UPTD carries these facts, looked up by the caller from the facility's stream
 * (`facilityFactsOf`) just before sending the command.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { NonBlank } from '../internal/Commands'
import { exactStruct } from '../values/Struct'
import { OrgRef } from '../values/Organisation'
import { RegionRef } from '../values/Region'
import type { FacilityState } from './FacilityDecider'
import { FacilityKind } from './FacilityEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A facility as the caller found it: `NOT_FOUND` (no stream), `CLOSED`, or `OPEN` (any other status), with its
 * kind, region and manager (the UPTD or body appointed to run it) when it exists.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FacilityFacts = exactStruct(
  { facilityId: NonBlank, status: t.keyof({ OPEN: null, CLOSED: null, NOT_FOUND: null }) },
  { kind: FacilityKind, region: RegionRef, manager: OrgRef },
  'FacilityFacts',
)

/**
 * @category model
 * @since 0.1.0
 */
export type FacilityFacts = t.TypeOf<typeof FacilityFacts>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The facts of a facility from its folded state.
 *
 * @category constructors
 * @since 0.1.0
 */
export const facilityFactsOf = (facilityId: string, state: FacilityState): FacilityFacts =>
  state.status === 'NONE'
    ? { facilityId, status: 'NOT_FOUND' }
    : {
        facilityId,
        status: state.status === 'CLOSED' ? 'CLOSED' : 'OPEN',
        kind: state.kind,
        region: state.region,
        ...(state.manager === undefined ? {} : { manager: state.manager }),
      }
