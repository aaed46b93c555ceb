import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { POSTGRES_TEST_URL, requirePostgres } from '@ikm-ledger/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresBackend, postgresRunnerBackend } from './fixtures/backends'
import { auditChecklistSpec } from './specs/AuditChecklist.spec'
import { budgetRealisationSpec } from './specs/BudgetRealisation.spec'
import { aspirationTrackerSpec, regionalCoverageSpec } from './specs/Coverage.spec'
import { equipmentCustodySpec } from './specs/EquipmentCustody.spec'
import { facilityRegistrySpec } from './specs/FacilityRegistry.spec'
import { participantStatisticsSpec } from './specs/ParticipantStatistics.spec'
import { productionOutputsSpec } from './specs/ProductionOutputs.spec'
import { programStatusBoardSpec } from './specs/ProgramStatusBoard.spec'

const reachable = await requirePostgres('the projections PostgreSQL tests')

describe.runIf(reachable)('read models on PostgreSQL', () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 4 })
  pool.on('error', () => undefined)
  const schemas: Array<string> = []
  const prefix = `rm_pg_${randomBytes(4).toString('hex')}`
  const backend = postgresBackend(pool, prefix, schemas)
  const runner = postgresRunnerBackend(pool, prefix, schemas)

  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  })

  programStatusBoardSpec(backend)
  budgetRealisationSpec(backend)
  equipmentCustodySpec(backend)
  productionOutputsSpec(backend)
  auditChecklistSpec(backend)
  facilityRegistrySpec(backend)
  participantStatisticsSpec(backend)
  aspirationTrackerSpec(backend)
  regionalCoverageSpec(backend)
  for (const spec of [
    programStatusBoardSpec,
    budgetRealisationSpec,
    auditChecklistSpec,
    facilityRegistrySpec,
    participantStatisticsSpec,
  ]) {
    spec(runner)
  }

  it('keeps each projection in its own schema', async () => {
    // An empty list would make the check below hold vacuously: the specs above must have projected something.
    expect(schemas.length).toBeGreaterThan(0)
    expect(new Set(schemas).size).toBe(schemas.length)
    expect(schemas.every((s) => /^rm_pg_[0-9a-f]{8}_r?\d+$/.test(s))).toBe(true)
    const { rows } = await pool.query<{ schema: string }>(
      'SELECT DISTINCT table_schema AS schema FROM information_schema.tables WHERE table_schema = ANY($1)',
      [schemas],
    )
    expect(rows.map((r) => r.schema).sort()).toEqual([...schemas].sort())
  })
})
