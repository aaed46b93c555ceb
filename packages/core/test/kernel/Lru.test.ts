import { describe, expect, it } from 'vitest'
import { parseBigInt, physicalTableName, sqlTableName } from '../../src'
import { lru } from '../../src/adapter'

describe('lru', () => {
  it('forgets the least recently used entry first; a hit counts as a use', () => {
    const cache = lru<string, number>(2)
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1)
    cache.set('c', 3)
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3])
    expect(cache.size()).toBe(2)
  })

  it('replaces a value in place and can forget one', () => {
    const cache = lru<string, number>(2)
    cache.set('a', 1)
    cache.set('a', 5)
    expect([cache.get('a'), cache.size()]).toEqual([5, 1])
    cache.delete('a')
    expect(cache.get('a')).toBeUndefined()
  })

  it('remembers nothing with a capacity of 0', () => {
    const cache = lru<string, number>(0)
    cache.set('a', 1)
    expect([cache.get('a'), cache.size()]).toEqual([undefined, 0])
  })
})

describe('parseBigInt', () => {
  it('reads bigints, canonical decimal strings and safe integers, and nothing else', () => {
    expect([parseBigInt(7n), parseBigInt('-12'), parseBigInt('0'), parseBigInt(42)]).toEqual([7n, -12n, 0n, 42n])
    for (const bad of ['', ' 1', '01', '0x10', '1e3', '+1', 1.5, 2 ** 53, null, undefined, {}]) {
      expect(parseBigInt(bad), String(bad)).toBeUndefined()
    }
  })
})

describe('table names', () => {
  it('names the shadow copy of a rebuild <logical>__v<version>', () => {
    expect([physicalTableName('counts', undefined), physicalTableName('counts', 3)]).toEqual(['counts', 'counts__v3'])
  })

  it('refuses a SQL name with other characters, and one whose physical name is over the limit, suffix included', () => {
    expect(sqlTableName('counts', 2, 63)).toEqual({ _tag: 'Right', right: 'counts__v2' })
    expect(sqlTableName('bad-name', undefined)._tag).toBe('Left')
    expect(sqlTableName('9lives', undefined)._tag).toBe('Left')
    const sixty = 'a'.repeat(60)
    expect(sqlTableName(sixty, undefined, 63)._tag).toBe('Right')
    expect(sqlTableName(sixty, 1, 63)).toMatchObject({ _tag: 'Left', left: expect.stringContaining('63 bytes') })
    expect(sqlTableName('a'.repeat(500), 1)._tag).toBe('Right')
  })
})
