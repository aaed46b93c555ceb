/**
 * `@ikm-ledger/core/domain`: the IKM domain (value types, events, commands, deciders, rules).
 *
 * @since 0.1.0
 */
export const DOMAIN_VERSION = '0.1.0'
