/**
 * Rule R30: no personal data in events. A deny-list scan of event payloads for NIK-like numbers, phone
 * numbers, e-mail addresses, and fields whose very name says they hold personal data (birth date, NIK…).
 * People appear in events only as ids; officials in public office are recorded by name and position, which
 * is public record and matches none of these patterns.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { ruleViolation, type DomainError, type EntityRef } from '../DomainError'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What kind of personal data a scan found.
 *
 * @category model
 * @since 0.1.0
 */
export type PiiKind = 'NIK' | 'PHONE' | 'EMAIL' | 'PII_FIELD'

/**
 * Where personal data was found and what it looked like.
 *
 * @category model
 * @since 0.1.0
 */
export interface PiiFinding {
  readonly path: string
  readonly kind: PiiKind
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

// Bounded by non-alphanumerics so digit runs inside hex hashes and UUIDs do not count.
const NIK = /(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{6}[ .-]\d{6}[ .-]\d{4}(?![0-9A-Za-z])/
// Indonesian mobile numbers (08…, 628…, +62 8…) and any +country number with enough digits.
const PHONE =
  /(?<![0-9A-Za-z])(?:\+?62|0)[ .-]?8\d{1,3}[ .-]?\d{3,4}[ .-]?\d{3,5}(?![0-9A-Za-z])|(?<![0-9A-Za-z])\+\d{1,3}[ .-]?\(?\d{1,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}(?![0-9A-Za-z])/
// An e-mail address is found from its '@', never by trying a pattern at every position of the text: a pattern
// that starts with the local part (`[…]+@…`) rescans a long run of letters from each of its characters, which is
// quadratic (a 64 KB title took 4 s, 1 MB about 19 minutes). The same test, in one pass: a local-part character
// right before an '@', and right after it a domain `label(.label)*.tld` (labels of letters, digits and '-', a
// top-level part of at least two letters). The domain walk stops at the first character no domain holds (the next
// '@' included), so every character is looked at a bounded number of times.
const isLocalChar = (code: number): boolean =>
  isLabelChar(code) || code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b // . _ % +

const isLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)

const isLabelChar = (code: number): boolean => isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d

/** Whether a domain starts at `from`: at least one label, then a dot and two letters. */
const domainAt = (text: string, from: number): boolean => {
  let labelLength = 0
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isLabelChar(code)) {
      labelLength++
      continue
    }
    if (code !== 0x2e || labelLength === 0) return false
    if (isLetter(text.charCodeAt(i + 1)) && isLetter(text.charCodeAt(i + 2))) return true
    labelLength = 0
  }
  return false
}

const hasEmail = (text: string): boolean => {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at > 0 && isLocalChar(text.charCodeAt(at - 1)) && domainAt(text, at + 1)) return true
  }
  return false
}

/**
 * Field names that hold personal data whatever their value.
 *
 * @category constants
 * @since 0.1.0
 */
export const PII_FIELD_NAMES: ReadonlyArray<string> = [
  'nik',
  'noktp',
  'ktp',
  'nokk',
  'birthdate',
  'dateofbirth',
  'tanggallahir',
  'phone',
  'phonenumber',
  'telepon',
  'nohp',
  'email',
  'homeaddress',
  'alamat',
]

const DESCRIPTION: Readonly<Record<PiiKind, string>> = {
  NIK: 'a NIK-like 16-digit number',
  PHONE: 'a phone number',
  EMAIL: 'an e-mail address',
  PII_FIELD: 'a personal-data field',
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Scans a value (decoded event data: strings, arrays, objects; `bigint` amounts are numbers, not text, and are
 * not scanned) and returns the first finding.
 *
 * @category utils
 * @since 0.1.0
 */
export const scanPii = (value: unknown, path = '$'): PiiFinding | undefined => {
  if (typeof value === 'string') {
    if (hasEmail(value)) return { path, kind: 'EMAIL' }
    if (NIK.test(value)) return { path, kind: 'NIK' }
    if (PHONE.test(value)) return { path, kind: 'PHONE' }
    return undefined
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = scanPii(value[i], `${path}.${i}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const childPath = `${path}.${key}`
      if (PII_FIELD_NAMES.includes(key.toLowerCase().replace(/[_-]/g, '')) && item !== undefined) {
        return { path: childPath, kind: 'PII_FIELD' }
      }
      const found = scanPii(item, childPath)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/**
 * The R30 deny-list check: the path and kind of the first personal data found, as text
 * (`$.data.reason: a NIK-like 16-digit number`), or `undefined` when the value is clean.
 *
 * @category utils
 * @since 0.1.0
 */
export const findPii = (value: unknown): string | undefined => {
  const found = scanPii(value)
  return found === undefined ? undefined : `${found.path}: ${DESCRIPTION[found.kind]}`
}

/**
 * Rejects a decision whose events contain personal data (rule R30); aggregates run it on every decision.
 *
 * @category utils
 * @since 0.1.0
 */
export const rejectPii = <Ev extends { readonly type: string; readonly data: unknown }>(
  entity: EntityRef,
  events: ReadonlyArray<Ev>,
): E.Either<DomainError, ReadonlyArray<Ev>> => {
  for (const event of events) {
    const found = scanPii(event.data, '$.data')
    if (found !== undefined) {
      return E.left(
        ruleViolation(
          'R30',
          entity,
          `cannot record ${event.type} for ${entity.kind} ${entity.id}: ${found.path} holds ${DESCRIPTION[found.kind]} ` +
            '(rule R30: no personal data in events); refer to people by id and keep their identity in the PII vault',
        ),
      )
    }
  }
  return E.right(events)
}

/**
 * Wraps a `decide` function so every decision is checked with {@link rejectPii}.
 *
 * @category combinators
 * @since 0.1.0
 */
export const withPiiGuard =
  <C, S, Ev extends { readonly type: string; readonly data: unknown }>(
    entityOf: (command: C, state: S) => EntityRef,
    decide: (command: C, state: S) => E.Either<DomainError, ReadonlyArray<Ev>>,
  ) =>
  (command: C, state: S): E.Either<DomainError, ReadonlyArray<Ev>> => {
    const decided = decide(command, state)
    return E.isLeft(decided) ? decided : rejectPii(entityOf(command, state), decided.right)
  }
