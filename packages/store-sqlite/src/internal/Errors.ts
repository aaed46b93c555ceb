/**
 * Reading what a better-sqlite3 error means.
 */

/** The SQLite result code of a driver error (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`…), if it has one. */
export const sqliteCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
    ? cause.code
    : undefined

/** Another connection held the lock for longer than the busy timeout: worth retrying. */
export const isBusy = (cause: unknown): boolean => {
  const code = sqliteCode(cause)
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/** Which uniqueness rule of the events table a write broke, if any. */
export const brokenUniqueness = (cause: unknown): 'revision' | 'event_id' | undefined => {
  const code = sqliteCode(cause)
  if (code === undefined || !code.startsWith('SQLITE_CONSTRAINT')) return undefined
  const message = cause instanceof Error ? cause.message : ''
  if (message.includes('events.event_id')) return 'event_id'
  if (message.includes('events.stream_id') || message.includes('events.revision')) return 'revision'
  return undefined
}
