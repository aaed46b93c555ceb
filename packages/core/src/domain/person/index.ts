/**
 * The Person aggregate, the PII vault and its storage port, NIK validation.
 *
 * @since 0.1.0
 */
export {
  ConsentGiver,
  ConsentRecorded,
  ConsentRecordedData,
  ConsentWithdrawn,
  ConsentWithdrawnData,
  LawfulBasis,
  PdpPurpose,
  personEvents,
  PersonPiiShredded,
  PersonPiiShreddedData,
  PersonRegistered,
  PersonRegisteredData,
  Sex,
  type PersonEvent,
} from './PersonEvents'
export {
  decodePersonCommand,
  personCommandCodecs,
  RecordConsent,
  RecordPersonErasure,
  RegisterPerson,
  WithdrawConsent,
  type PersonCommand,
} from './PersonCommands'
export { personDecider, personStreamId, type ConsentInForce, type Person, type PersonState } from './PersonDecider'
export { PersonFacts, personFactsOf } from './PersonFacts'
export { describeNikProblem, parseNik, PROVINCE_CODES, type NikFacts, type NikProblem } from './Nik'
export { categoriesOf, checkPersonRecord, GuardianRecord, PersonRecord, type PiiCategory } from './PersonRecord'
export {
  createPiiVault,
  type PiiVault,
  type PiiVaultOptions,
  type VaultAccessContext,
  type VaultError,
  type VaultRegistration,
} from './PiiVault'
export { createInMemoryVaultStorage } from './InMemoryVaultStorage'
export type { VaultAccess, VaultEntry, VaultInventoryRow, VaultKey, VaultLookup, VaultStorage } from './VaultStorage'
export {
  personService,
  scanPriorSelections,
  type PersonService,
  type PersonServiceError,
  type PersonServiceOptions,
  type SelectionRequest,
} from './PersonService'
