import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { equipmentCustodySpec } from './specs/EquipmentCustody.spec'

equipmentCustodySpec(memoryBackend)
equipmentCustodySpec(sqliteBackend)
