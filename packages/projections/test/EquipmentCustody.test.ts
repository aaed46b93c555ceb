import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { equipmentCustodySpec } from './specs/EquipmentCustody.spec'

equipmentCustodySpec(memoryBackend)
equipmentCustodySpec(sqliteBackend)
equipmentCustodySpec(sqliteRunnerBackend)
