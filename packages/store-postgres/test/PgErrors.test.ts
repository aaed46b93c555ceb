import { describe, expect, it } from 'vitest'
import { pgErrorToStoreError } from '../src/internal/PgErrors'

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code })

describe('PgErrors', () => {
  it('reports connection trouble, overload and serialization failures as retryable unavailability', () => {
    for (const code of ['ECONNREFUSED', '08006', '53300', '57P01', '40001', '40P01']) {
      expect(pgErrorToStoreError('append', pgError(code))).toMatchObject({ _tag: 'StoreUnavailable', retryable: true })
    }
    expect(pgErrorToStoreError('append', new Error('Connection terminated unexpectedly'))._tag).toBe('StoreUnavailable')
  })

  it('reports refused credentials as AccessDenied and a missing schema as SchemaMismatch', () => {
    expect(pgErrorToStoreError('append', pgError('28P01'))._tag).toBe('AccessDenied')
    expect(pgErrorToStoreError('append', pgError('42501'))._tag).toBe('AccessDenied')
    expect(pgErrorToStoreError('append', pgError('42P01'))._tag).toBe('SchemaMismatch')
    expect(pgErrorToStoreError('append', pgError('3F000'))._tag).toBe('SchemaMismatch')
  })

  it('keeps anything else as a StorageFailure naming the operation', () => {
    expect(pgErrorToStoreError('read all streams', pgError('XX000', 'internal'))).toMatchObject({
      _tag: 'StorageFailure',
      operation: 'read all streams',
      reason: 'internal',
    })
  })
})
