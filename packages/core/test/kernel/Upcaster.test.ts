import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { upcast, upcasterRegistry, type EventMetadata, type JsonValue, type Upcaster } from '../../src/index'

const metadata = {} as EventMetadata
const obj = (data: JsonValue) => data as { readonly [key: string]: JsonValue }

const v1to2: Upcaster = {
  type: 'FundingAllocated',
  fromVersion: 1,
  up: (data) => E.right({ ...obj(data), currency: 'IDR' }),
}
const v2to3: Upcaster = {
  type: 'FundingAllocated',
  fromVersion: 2,
  up: (data) => {
    const { amount, ...rest } = obj(data)
    return typeof amount === 'number' ? E.right({ ...rest, rupiah: String(amount) }) : E.left('amount is not a number')
  },
}

describe('Upcaster', () => {
  it('chains upcasters from the stored version up to the last one registered', () => {
    const registry = upcasterRegistry([v2to3, v1to2])
    expect(upcast(registry, 'FundingAllocated', 1, { amount: 5 }, metadata)).toEqual(
      E.right({ data: { currency: 'IDR', rupiah: '5' }, schemaVersion: 3 }),
    )
    expect(upcast(registry, 'FundingAllocated', 2, { amount: 5 }, metadata)).toEqual(
      E.right({ data: { rupiah: '5' }, schemaVersion: 3 }),
    )
  })

  it('leaves current versions and other types alone', () => {
    const registry = upcasterRegistry([v1to2, v2to3])
    expect(upcast(registry, 'FundingAllocated', 3, { rupiah: '5' }, metadata)).toEqual(
      E.right({ data: { rupiah: '5' }, schemaVersion: 3 }),
    )
    expect(upcast(registry, 'ProgramProposed', 1, { a: 1 }, metadata)).toEqual(
      E.right({ data: { a: 1 }, schemaVersion: 1 }),
    )
    expect(upcasterRegistry().isEmpty).toBe(true)
  })

  it('reports the version whose upcaster failed, and why', () => {
    const registry = upcasterRegistry([v1to2, v2to3])
    expect(upcast(registry, 'FundingAllocated', 1, { amount: 'five' }, metadata)).toEqual(
      E.left({ version: 2, reason: 'amount is not a number' }),
    )
  })

  it('refuses two upcasters for the same type and version at start-up', () => {
    expect(() => upcasterRegistry([v1to2, { ...v1to2 }])).toThrow(/two upcasters for FundingAllocated from version 1/)
  })
})
