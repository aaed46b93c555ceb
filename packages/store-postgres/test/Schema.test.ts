import { describe, expect, it } from 'vitest'
import {
  LATEST_VERSION,
  MIGRATIONS,
  quoteIdent,
  quoteLiteral,
  schemaNameProblem,
  schemaNames,
} from '../src/internal/Schema'

describe('Schema', () => {
  it('quotes identifiers and literals by doubling their quote characters', () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"')
    expect(quoteLiteral("o'brien")).toBe("'o''brien'")
  })

  it('accepts any name PostgreSQL can keep quoted and refuses the rest with a reason', () => {
    expect(schemaNameProblem('ikm_ledger')).toBeUndefined()
    expect(schemaNameProblem('My Ledger "2026"')).toBeUndefined()
    expect(schemaNameProblem('')).toMatch(/empty/)
    expect(schemaNameProblem('é'.repeat(32))).toMatch(/63 bytes/)
    expect(schemaNameProblem('a$b')).toMatch(/\$/)
    expect(schemaNameProblem('pg_temp_x')).toMatch(/reserved/)
  })

  it('derives different lock keys and channels for different schemas, the same for the same one', () => {
    const a = schemaNames('tenant_a')
    const b = schemaNames('tenant_b')
    expect(schemaNames('tenant_a')).toEqual(a)
    expect(a.orderingLock[1]).not.toBe(b.orderingLock[1])
    expect(a.channel).not.toBe(b.channel)
    expect(a.orderingLock[0]).not.toBe(a.migrationLock[0])
    for (const key of [...a.orderingLock, ...a.migrationLock]) {
      expect(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31).toBe(true)
    }
  })

  it('numbers migrations 1, 2, 3… with the latest version last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(LATEST_VERSION).toBe(MIGRATIONS.length)
  })

  it('numbers a batch in the append only after the stream row lock and only under the ordering lock', () => {
    const sql = MIGRATIONS[1]!.sql(schemaNames('s'))
    const append = sql.slice(sql.indexOf('CREATE FUNCTION "s".append('))
    const rowLock = append.indexOf('FOR UPDATE')
    const orderingLock = append.indexOf('pg_try_advisory_xact_lock')
    const draw = append.indexOf('max(e.position)')
    expect(rowLock).toBeGreaterThan(0)
    expect(orderingLock).toBeGreaterThan(rowLock)
    expect(draw).toBeGreaterThan(orderingLock)
    // Nothing may release the lock before commit, and no wake-up may hold NOTIFY's queue lock through it.
    expect(sql).not.toMatch(/pg_advisory_unlock/)
    expect(sql).not.toMatch(/pg_notify/)
  })

  it('sends wake-ups only from a transaction that holds the ordering lock, after it numbered something', () => {
    const sql = MIGRATIONS[2]!.sql(schemaNames('s'))
    const numbering = sql.slice(
      sql.indexOf('CREATE OR REPLACE FUNCTION "s".number_committed('),
      sql.indexOf('CREATE OR REPLACE FUNCTION "s".append('),
    )
    expect(numbering.indexOf('pg_notify')).toBeGreaterThan(numbering.indexOf('IF v_count > 0'))
    expect(numbering.indexOf('IF v_count > 0')).toBeGreaterThan(numbering.indexOf('UPDATE'))
    const append = sql.slice(sql.indexOf('CREATE OR REPLACE FUNCTION "s".append('))
    const notify = append.indexOf('pg_notify')
    expect(notify).toBeGreaterThan(append.indexOf('pg_try_advisory_xact_lock'))
    expect(append.lastIndexOf('IF v_first IS NOT NULL', notify)).toBeGreaterThan(
      append.indexOf('INSERT INTO "s".events'),
    )
    expect(append.indexOf('pg_notify', notify + 1)).toBe(-1)
    expect(sql).not.toMatch(/pg_advisory_unlock/)
  })

  it('numbers a group only after every stream row of it is locked, never waiting for a row, and only under the ordering lock', () => {
    const sql = MIGRATIONS[3]!.sql(schemaNames('s'))
    const group = sql.slice(
      sql.indexOf('CREATE FUNCTION "s".append_group('),
      sql.indexOf('CREATE OR REPLACE FUNCTION "s".append('),
    )
    const loopEnd = group.indexOf('END LOOP')
    expect(group.indexOf('FOR UPDATE SKIP LOCKED')).toBeGreaterThan(0)
    expect(group.indexOf('FOR UPDATE SKIP LOCKED')).toBeLessThan(loopEnd)
    const orderingLock = group.indexOf('pg_try_advisory_xact_lock')
    expect(orderingLock).toBeGreaterThan(loopEnd)
    expect(group.indexOf('max(e.position)')).toBeGreaterThan(orderingLock)
    expect(group.indexOf('INSERT INTO "s".events')).toBeGreaterThan(orderingLock)
    const notify = group.indexOf('pg_notify')
    expect(group.lastIndexOf('IF v_first IS NOT NULL', notify)).toBeGreaterThan(group.indexOf('INSERT INTO "s".events'))
    // Both append functions plan without sequential scans, and nothing releases the lock before commit.
    expect(sql.match(/SET enable_seqscan = off/g)).toHaveLength(2)
    expect(sql).not.toMatch(/pg_advisory_unlock/)
  })

  it('keeps the same order of locks in version 5: rows (never waiting), then the ordering lock, then the inserts', () => {
    const sql = MIGRATIONS[4]!.sql(schemaNames('s'))
    const checks = sql.indexOf('END LOOP')
    expect(sql.indexOf('FOR UPDATE SKIP LOCKED')).toBeGreaterThan(0)
    expect(sql.indexOf('FOR UPDATE SKIP LOCKED')).toBeLessThan(checks)
    const orderingLock = sql.indexOf('pg_try_advisory_xact_lock')
    expect(orderingLock).toBeGreaterThan(checks)
    expect(sql.indexOf('max(e.position)')).toBeGreaterThan(orderingLock)
    expect(sql.indexOf('INSERT INTO "s".events')).toBeGreaterThan(orderingLock)
    expect(sql.indexOf('pg_notify')).toBeGreaterThan(sql.lastIndexOf('END LOOP'))
    expect(sql.lastIndexOf('IF v_first IS NOT NULL', sql.indexOf('pg_notify'))).toBeGreaterThan(
      sql.lastIndexOf('END LOOP'),
    )
    expect(sql).toMatch(/SET enable_seqscan = off/)
    expect(sql).not.toMatch(/pg_advisory_unlock/)
  })
})
