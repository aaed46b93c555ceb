/**
 * Why the domain rejected a command, as data. Every member names the rule (when one applies), the entity and,
 * in `message`, says in plain English what was wrong and what to do.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The aggregates of the IKM domain.
 *
 * @category model
 * @since 0.1.0
 */
export type EntityKind = 'proposal' | 'program' | 'equipment' | 'facility' | 'group' | 'person' | 'audit'

/**
 * The entity a rejection is about.
 *
 * @category model
 * @since 0.1.0
 */
export interface EntityRef {
  readonly kind: EntityKind
  readonly id: string
}

/**
 * The rules of `docs/domain.md` (R1–R35).
 *
 * @category model
 * @since 0.1.0
 */
export type RuleCode = `R${number}`

/**
 * A business rule was broken.
 *
 * @category model
 * @since 0.1.0
 */
export interface RuleViolation {
  readonly _tag: 'RuleViolation'
  readonly code: `DOMAIN_${RuleCode}`
  readonly rule: RuleCode
  readonly entity: EntityRef
  readonly message: string
}

/**
 * The command is not allowed in the entity's current state (a state-machine transition that does not exist).
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidTransition {
  readonly _tag: 'InvalidTransition'
  readonly code: 'DOMAIN_INVALID_TRANSITION'
  readonly entity: EntityRef
  readonly state: string
  readonly command: string
  readonly message: string
}

/**
 * The command's input failed its codec (names the field path) or is inconsistent in itself.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidCommand {
  readonly _tag: 'InvalidCommand'
  readonly code: 'DOMAIN_INVALID_COMMAND'
  readonly command: string
  readonly message: string
}

/**
 * The command refers to an entity (or a part of one: a batch, a funding line, an output) that does not exist.
 *
 * @category model
 * @since 0.1.0
 */
export interface UnknownEntity {
  readonly _tag: 'UnknownEntity'
  readonly code: 'DOMAIN_UNKNOWN_ENTITY'
  readonly entity: EntityRef
  readonly message: string
}

/**
 * The command would create something that already exists.
 *
 * @category model
 * @since 0.1.0
 */
export interface AlreadyExists {
  readonly _tag: 'AlreadyExists'
  readonly code: 'DOMAIN_ALREADY_EXISTS'
  readonly entity: EntityRef
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type DomainError = RuleViolation | InvalidTransition | InvalidCommand | UnknownEntity | AlreadyExists

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @example
 * ruleViolation('R7', { kind: 'program', id }, `cannot open bimtek batch b1: program ${id} is APPROVED, not FUNDED (rule R7); allocate funding first`)
 *
 * @category constructors
 * @since 0.1.0
 */
export const ruleViolation = (rule: RuleCode, entity: EntityRef, message: string): DomainError => ({
  _tag: 'RuleViolation',
  code: `DOMAIN_${rule}`,
  rule,
  entity,
  message,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidTransition = (entity: EntityRef, state: string, command: string, message: string): DomainError => ({
  _tag: 'InvalidTransition',
  code: 'DOMAIN_INVALID_TRANSITION',
  entity,
  state,
  command,
  message,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidCommand = (command: string, message: string): DomainError => ({
  _tag: 'InvalidCommand',
  code: 'DOMAIN_INVALID_COMMAND',
  command,
  message,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const unknownEntity = (entity: EntityRef, message: string): DomainError => ({
  _tag: 'UnknownEntity',
  code: 'DOMAIN_UNKNOWN_ENTITY',
  entity,
  message,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const alreadyExists = (entity: EntityRef, message: string): DomainError => ({
  _tag: 'AlreadyExists',
  code: 'DOMAIN_ALREADY_EXISTS',
  entity,
  message,
})

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Folds a {@link DomainError} by its tag.
 *
 * @category utils
 * @since 0.1.0
 */
export const matchDomainError =
  <R>(cases: { readonly [K in DomainError['_tag']]: (error: Extract<DomainError, { _tag: K }>) => R }) =>
  (error: DomainError): R =>
    (cases[error._tag] as (e: DomainError) => R)(error)
