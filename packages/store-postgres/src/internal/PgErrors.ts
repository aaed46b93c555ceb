/**
 * Reading what a `pg` error means, and turning it into a `StoreError`.
 */
import { accessDenied, schemaMismatch, storageFailure, storeUnavailable, type StoreError } from '@ikm-ledger/core'

/** The SQLSTATE (`23505`…) or Node error code (`ECONNREFUSED`…) of a driver error, if it has one. */
export const pgCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
    ? cause.code
    : undefined

/** The constraint a PostgreSQL error names, if any. */
export const pgConstraint = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'constraint' in cause && typeof cause.constraint === 'string'
    ? cause.constraint
    : undefined

/**
 * An error the server reported for a statement (severity ERROR): the statement's transaction was rolled back and
 * the connection is still usable. A lost connection, or a FATAL report, leaves the outcome unknown.
 */
export const isStatementError = (cause: unknown): boolean =>
  typeof cause === 'object' && cause !== null && 'severity' in cause && cause.severity === 'ERROR'

/** A unique index refused a row. */
export const isUniqueViolation = (cause: unknown): boolean => pgCode(cause) === '23505'

const message = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE'])

/**
 * Classifies a driver error:
 * - connection trouble, server shutting down, too many connections, serialization failures and deadlocks are
 *   `StoreUnavailable` (safe to retry);
 * - authentication and privilege failures are `AccessDenied`;
 * - a missing schema, table or function is `SchemaMismatch` (the store was dropped or never migrated);
 * - anything else is `StorageFailure`.
 */
export const pgErrorToStoreError = (operation: string, cause: unknown): StoreError => {
  const code = pgCode(cause)
  const text = message(cause)
  if (code !== undefined) {
    if (
      UNREACHABLE.has(code) ||
      code.startsWith('08') ||
      code.startsWith('53') ||
      code === '57P01' ||
      code === '57P02' ||
      code === '57P03'
    ) {
      return storeUnavailable(operation, text)
    }
    if (code === '40001' || code === '40P01') {
      return storeUnavailable(operation, `a concurrent transaction conflicted with this one (${text})`)
    }
    if (code === '28000' || code === '28P01' || code === '42501') return accessDenied(operation, text)
    if (code === '3F000' || code === '42P01' || code === '42883') {
      return schemaMismatch(
        `during ${operation}: ${text}; the store's schema is missing or incomplete — open the store again so it ` +
          'migrates, and check that nothing dropped it',
      )
    }
  }
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      text,
    )
  ) {
    return storeUnavailable(operation, text)
  }
  return storageFailure(operation, cause)
}
