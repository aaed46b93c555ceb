/**
 * What the equipment aggregate needs to know about the owner of an individual IKM business (a household industry)
 * that receives equipment. The owner is a person of the `person-<id>` aggregate: the event names only the person's
 * id, never a name — the record lives in the PII vault. Deciders are pure, so the caller folds the person's stream
 * (`businessOwnerFactsOf`) and sends these facts with the command, as it does for a group's facts.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { PersonId } from '../group/GroupEvents'
import type { PersonState } from '../person/PersonDecider'
import { exactStruct } from '../values/Struct'
import { RegionRef } from '../values/Region'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The owner as the caller found them: `NOT_FOUND` (no person stream; an import from the news may name a
 * household industry whose owner is not registered yet), `ACTIVE` or `ERASED`, and their domicile.
 *
 * @category codecs
 * @since 0.1.0
 */
export const BusinessOwnerFacts = exactStruct(
  { personId: PersonId, status: t.keyof({ ACTIVE: null, ERASED: null, NOT_FOUND: null }) },
  { domicile: RegionRef },
  'BusinessOwnerFacts',
)

/**
 * @category model
 * @since 0.1.0
 */
export type BusinessOwnerFacts = t.TypeOf<typeof BusinessOwnerFacts>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The facts of a business owner from their folded person state.
 *
 * @category constructors
 * @since 0.1.0
 */
export const businessOwnerFactsOf = (personId: string, state: PersonState): BusinessOwnerFacts =>
  state.status === 'NONE'
    ? { personId, status: 'NOT_FOUND' }
    : { personId, status: state.status, domicile: state.domicile }
