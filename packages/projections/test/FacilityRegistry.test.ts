import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { facilityRegistrySpec } from './specs/FacilityRegistry.spec'

facilityRegistrySpec(memoryBackend)
facilityRegistrySpec(sqliteBackend)
facilityRegistrySpec(sqliteRunnerBackend)
