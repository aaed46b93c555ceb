import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { findPii, rejectPii, withPiiGuard } from '../../../src/domain'

describe('Pii (rule R30)', () => {
  it('finds NIK-like 16-digit numbers, phone numbers and e-mail addresses, with their path', () => {
    expect(findPii({ data: { note: 'peserta NIK 1271014506950001' } })).toBe('$.data.note: a NIK-like 16-digit number')
    expect(findPii({ ids: ['ok', '1271 0145 0695 0001'.replace(/ /g, '')] })).toBe(
      '$.ids.1: a NIK-like 16-digit number',
    )
    expect(findPii({ request: 'hubungi 0812-6543-2100' })).toBe('$.request: a phone number')
    expect(findPii({ request: 'WA +62 812 6543 2100' })).toBe('$.request: a phone number')
    expect(findPii({ to: 'kadis@medan.go.id' })).toBe('$.to: an e-mail address')
    expect(findPii({ person: { birthDate: '2003-07-01' } })).toBe('$.person.birthDate: a personal-data field')
  })

  it('leaves dates, uuids, hashes, amounts and officials alone', () => {
    const clean = {
      occurredOn: '2020-11-30',
      id: '0190a3b2-1234-7abc-9def-123456789012',
      sha256: 'ab' + '1234567890123456' + 'cd'.repeat(23),
      amount: 24_300_000_000_000_000n,
      doc: 'DIPA-019.05.2.426543/2020',
      official: { nameAtEvent: 'Reni Yanita', positionAtEvent: 'Dirjen IKMA' },
    }
    expect(findPii(clean)).toBeUndefined()
  })

  it('rejects a decision whose events hold personal data, naming rule R30', () => {
    const decided = rejectPii({ kind: 'program', id: 'prg-1' }, [
      { type: 'AspirationNoted', data: { request: 'email saya a@b.co' } },
    ])
    expect(E.isLeft(decided) && decided.left).toMatchObject({ _tag: 'RuleViolation', rule: 'R30', code: 'DOMAIN_R30' })
    const guarded = withPiiGuard(
      () => ({ kind: 'group', id: 'g1' }),
      (_c: unknown, _s: unknown) => E.right([{ type: 'GroupMemberJoined', data: { personId: '3573011234560001' } }]),
    )
    expect(E.isLeft(guarded(null, null))).toBe(true)
  })
})
