/**
 * What a Program needs to know about a person to enrol them (R13 and the lawful-basis half of R30). Deciders
 * are pure, so the caller folds the person's stream and sends these facts inside `SelectParticipant`, as it does
 * for a group's facts.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { PersonId } from '../group/GroupEvents'
import { exactStruct } from '../values/Struct'
import type { PersonState } from './PersonDecider'
import { LawfulBasis, type PdpPurpose, Sex } from './PersonEvents'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A person as the caller found them: `NOT_FOUND`, `ACTIVE` or `ERASED`; the lawful basis in force for program
 * participation (absent: none); whether a parent or guardian consented to it; and the person's sex.
 *
 * @category codecs
 * @since 0.1.0
 */
export const PersonFacts = exactStruct(
  {
    personId: PersonId,
    status: t.keyof({ ACTIVE: null, ERASED: null, NOT_FOUND: null }),
    guardianConsent: t.boolean,
  },
  { lawfulBasis: LawfulBasis, sex: Sex },
  'PersonFacts',
)

/**
 * @category model
 * @since 0.1.0
 */
export type PersonFacts = t.TypeOf<typeof PersonFacts>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The facts of a person from their folded state, for one purpose (program participation by default).
 *
 * @category constructors
 * @since 0.1.0
 */
export const personFactsOf = (
  personId: string,
  state: PersonState,
  purpose: PdpPurpose = 'PROGRAM_PARTICIPATION',
): PersonFacts => {
  if (state.status === 'NONE') return { personId, status: 'NOT_FOUND', guardianConsent: false }
  const consent = state.consents[purpose]
  return {
    personId,
    status: state.status,
    guardianConsent: consent?.givenBy === 'GUARDIAN',
    sex: state.sex,
    ...(consent === undefined ? {} : { lawfulBasis: consent.lawfulBasis }),
  }
}
