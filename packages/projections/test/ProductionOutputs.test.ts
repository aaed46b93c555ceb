import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { productionOutputsSpec } from './specs/ProductionOutputs.spec'

productionOutputsSpec(memoryBackend)
productionOutputsSpec(sqliteBackend)
