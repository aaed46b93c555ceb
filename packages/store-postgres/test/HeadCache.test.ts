import { describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '@ikm-ledger/core'
import { headCache } from '../src/internal/HeadCache'

const head = (revision: bigint) => ({ revision, lastHash: GENESIS_HASH })

describe('HeadCache', () => {
  it('forgets the least recently used stream first', () => {
    const cache = headCache(2)
    cache.set('program-a', head(1n))
    cache.set('program-b', head(2n))
    expect(cache.get('program-a')).toEqual(head(1n))
    cache.set('program-c', head(3n))
    expect(cache.get('program-b')).toBeUndefined()
    expect(cache.get('program-a')).toEqual(head(1n))
    expect(cache.get('program-c')).toEqual(head(3n))
    expect(cache.size()).toBe(2)
  })

  it('replaces a stream head in place and can forget one', () => {
    const cache = headCache(2)
    cache.set('program-a', head(1n))
    cache.set('program-a', head(5n))
    expect(cache.get('program-a')).toEqual(head(5n))
    cache.delete('program-a')
    expect(cache.get('program-a')).toBeUndefined()
  })

  it('remembers nothing with a capacity of 0', () => {
    const cache = headCache(0)
    cache.set('program-a', head(1n))
    expect(cache.get('program-a')).toBeUndefined()
  })
})
