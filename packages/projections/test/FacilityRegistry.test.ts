import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { facilityRegistrySpec } from './specs/FacilityRegistry.spec'

facilityRegistrySpec(memoryBackend)
facilityRegistrySpec(sqliteBackend)
