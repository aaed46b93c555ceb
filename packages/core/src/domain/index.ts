/**
 * `@ikm-ledger/core/domain`: the IKM domain (value types, events, commands, deciders, rules).
 *
 * @since 0.1.0
 */
export * from './DomainError'
export * from './CommandContext'
export * from './ReferenceData'
export * from './ComplianceGap'
export * from './values'
export * from './program'
export * from './proposal'
export * from './equipment'
export * from './facility'
export * from './group'
export * from './audit'
export * from './IkmCommandHandler'
export * from './IkmImport'
export * from './person'
export { ikmAggregates, ikmCategoryOf, type IkmAggregate, type IkmCategory, type IkmStates } from './IkmAggregates'
export * from './IkmStateLoader'
export * from './IkmProblem'
