import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { findPii, rejectPii, scanPii, withPiiGuard } from '../../../src/domain'

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

  it('finds e-mail addresses exactly as the address pattern does, for every placement', () => {
    const addresses = ['a@b.co', 'kadis.x+1@medan.go.id', '%@x-y.id', 'u@sub.domain.org']
    for (const address of addresses) {
      for (const text of [address, `lihat ${address}.`, `(${address})`, `x@@${address}`, `@${address}`]) {
        expect(findPii({ t: text }), text).toBe('$.t: an e-mail address')
      }
    }
    for (const text of ['@b.co', 'a@b', 'a@b.c', 'a@.co', 'a @b.co', 'a@b..', 'x@-', 'harga @ Rp5.000', '@@@']) {
      expect(findPii({ t: text }), text).toBeUndefined()
    }
  })

  it('agrees with the address pattern it replaced on every short text over the characters that matter', () => {
    const pattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/
    const text = fc.string({
      unit: fc.constantFrom('a', 'B', '1', '-', '.', '_', '%', '+', '@', ' ', '#'),
      maxLength: 24,
    })
    fc.assert(
      fc.property(text, (t) => (scanPii(t)?.kind === 'EMAIL') === pattern.test(t)),
      { seed: 1202, numRuns: 20_000 },
    )
  })

  it('scans adversarial megabyte texts without quadratic work (the old pattern took minutes on these)', () => {
    // Each of these made the old e-mail pattern rescan the text from every position; all must come back at once.
    const mb = 1_048_576
    expect(findPii({ title: 'a'.repeat(mb) })).toBeUndefined()
    expect(findPii({ title: `${'a'.repeat(mb)}@` })).toBeUndefined()
    expect(findPii({ title: `${'a'.repeat(mb / 2)}@${'b'.repeat(mb / 2)}` })).toBeUndefined()
    expect(findPii({ title: 'a@b'.repeat(mb / 3) })).toBeUndefined()
    expect(findPii({ title: `x@${'a.1'.repeat(mb / 3)}` })).toBeUndefined()
    expect(findPii({ title: `${'a'.repeat(mb)}@mail.example.com` })).toBe('$.title: an e-mail address')
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
