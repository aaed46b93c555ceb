import { createInMemoryEventStore, sequentialIds, steppingClock } from '@ikm-ledger/core'
import {
  ikmCommandHandler,
  REGION_LIST_VERSION,
  regionDirectoryFrom,
  SHIPPED_REGION_LISTS,
  type RegionList,
} from '@ikm-ledger/core/domain'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { loadDistricts, loadProvincesAndRegencies, loadVillages } from '../src'
import { parseCsv } from '../src/internal/Csv'

const right = <A>(either: E.Either<string, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left)
  return either.right
}

const formGroupIn = (region: object) => ({
  type: 'FormGroup',
  data: { groupId: 'kub-sekayu', kind: 'KUB', name: 'KUB Sekayu', region },
  context: {
    mode: 'HISTORICAL_IMPORT',
    occurredOn: '2023-05-02',
    actor: { id: 'importer', role: 'IMPORTER' },
    evidence: { level: 'NEWS_REPORT', refs: [{ kind: 'NEWS_ARTICLE', uri: 'https://example.test/news' }] },
  },
})

describe('Regions', () => {
  it('refuses a scope it does not understand instead of loading the whole list: a misspelt key, null, a bad code', async () => {
    for (const [scope, says] of [
      [{ regency: '16.06' }, 'unknown scope field "regency"'],
      [null, 'the scope must be an object'],
      [{ within: 16.06 }, 'within must be a Kemendagri region code'],
      [{ within: 'x'.repeat(100_000) }, 'within must be a Kemendagri region code'],
      [
        Object.defineProperty({}, 'within', {
          enumerable: true,
          get: () => {
            throw new Error('getter exploded')
          },
        }),
        'getter exploded',
      ],
    ] as const) {
      const loaded = await loadDistricts(scope as never)()
      expect(E.isLeft(loaded) && loaded.left).toContain(says)
      if (E.isLeft(loaded)) expect(loaded.left.length).toBeLessThan(300)
    }
    const villages = await loadVillages({ regency: '16.06.01' } as never)()
    expect(E.isLeft(villages) && villages.left).toContain('unknown scope field "regency"')
  })

  it('core ships exactly the provinces and kabupaten/kota idn-area-data has, with the same names or as aliases', async () => {
    const fromPackage = right(await loadProvincesAndRegencies()())
    const shipped = SHIPPED_REGION_LISTS.find((l) => l.version === REGION_LIST_VERSION) as RegionList
    expect(shipped.rows.map((r) => r.code).sort()).toEqual(fromPackage.map((r) => r.code).sort())
    const names = new Map(shipped.rows.map((r) => [r.code, [r.name, ...(r.aliases ?? [])]]))
    for (const row of fromPackage) expect(names.get(row.code)).toContain(row.name)
  })

  it('loads the kecamatan within a kabupaten on demand, and a directory with them accepts a kecamatan', async () => {
    const districts = right(await loadDistricts({ within: '16.06' })())
    expect(districts.rows.length).toBeGreaterThan(10)
    expect(districts.rows.every((r) => r.level === 'KEC' && r.code.startsWith('16.06.'))).toBe(true)
    expect(districts.rows).toContainEqual({ code: '16.06.01', level: 'KEC', name: 'Sekayu' })

    const sekayu = {
      scheme: 'KEMENDAGRI',
      code: '16.06.01',
      level: 'KEC',
      nameAtEvent: 'Sekayu',
      listVersion: REGION_LIST_VERSION,
    }
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
    const shippedOnly = ikmCommandHandler({ store, ids: sequentialIds() })
    expect(E.isLeft(await shippedOnly('group-kub-sekayu', formGroupIn(sekayu))())).toBe(true)
    const withDistricts = ikmCommandHandler({
      store,
      ids: sequentialIds(),
      regions: regionDirectoryFrom([...SHIPPED_REGION_LISTS, districts]),
    })
    expect(await withDistricts('group-kub-sekayu', formGroupIn(sekayu))()).toMatchObject({ _tag: 'Right' })
  })

  it('loads the desa of one kecamatan, and says so when a code has none', async () => {
    const villages = right(await loadVillages({ within: '16.06.01' })())
    expect(villages.rows.length).toBeGreaterThan(0)
    expect(villages.rows.every((r) => r.level === 'DESA' && r.code.startsWith('16.06.01.'))).toBe(true)
    const none = await loadVillages({ within: '99.99' })()
    expect(E.isLeft(none) && none.left).toContain('within region 99.99')
  })

  it('reads quoted CSV fields with commas and doubled quotes', () => {
    expect(parseCsv('code,name\n1,"Kampung ""Baru"", Hilir"\n2,Plain\n')).toEqual([
      { code: '1', name: 'Kampung "Baru", Hilir' },
      { code: '2', name: 'Plain' },
    ])
  })
})
