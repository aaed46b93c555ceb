import { createInMemoryEventStore, steppingClock } from '@ikm-ledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { productionOutputRows, productionOutputs } from '../src'
import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { appendFacts, regionJson } from './fixtures/events'

const regions = [regionJson('63.01', 'Kabupaten Tanah Laut'), regionJson('63.02', 'Kabupaten Kotabaru')]
const dinas = { orgId: 'org-dinas', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' }

const step = fc.record({
  kind: fc.constantFrom('ProductionReported', 'OutputDelivered'),
  region: fc.constantFrom(0, 1),
  bottles: fc.boolean(),
  value: fc.integer({ min: 1, max: 5_000 }),
})

describe('ProductionOutputs (property)', () => {
  it('gives the same rows in memory and in SQLite, with totals that add up and floor-rounded achievement', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(step, { maxLength: 12 }),
        async (target, steps) => {
          const store = createInMemoryEventStore({ clock: steppingClock('2026-02-01T00:00:00.000Z') })
          const program = (type: string, data: Record<string, unknown>) => ({
            stream: 'program-p',
            type,
            data,
            occurredOn: '2020-06-01',
          })
          await appendFacts(store, [
            program('ProductionTargetSet', {
              outputId: 'o',
              product: 'herbal',
              unit: 'ML',
              bottleVolumeMl: 250,
              target: String(target),
              region: regions[0],
              intendedRecipients: [],
            }),
            ...steps.map((s, i) =>
              program(s.kind, {
                [s.kind === 'ProductionReported' ? 'reportId' : 'deliveryId']: `x${i}`,
                outputId: 'o',
                quantity: { value: String(s.value), unit: s.bottles ? 'BOTTLE' : 'ML' },
                ...(s.kind === 'ProductionReported' ? { reportedBy: dinas } : { to: dinas }),
                region: regions[s.region],
              }),
            ),
          ])
          const inMemory = await (await memoryBackend.project(productionOutputs, store))(productionOutputRows())
          const inSqlite = await (await sqliteBackend.project(productionOutputs, store))(productionOutputRows())
          expect(inSqlite).toEqual(inMemory)
          const produced = steps
            .filter((s) => s.kind === 'ProductionReported')
            .reduce((n, s) => n + BigInt(s.value) * (s.bottles ? 250n : 1n), 0n)
          expect(inMemory.reduce((n, r) => n + r.produced, 0n)).toBe(produced)
          const own = inMemory.find((r) => r.region?.code === '63.01')
          expect(own?.achievementBp).toBe(Number(((own?.produced ?? 0n) * 10_000n) / BigInt(target)))
        },
      ),
      { numRuns: 25 },
    )
  })
})
