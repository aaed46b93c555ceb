import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { productionOutputsSpec } from './specs/ProductionOutputs.spec'

productionOutputsSpec(memoryBackend)
productionOutputsSpec(sqliteBackend)
productionOutputsSpec(sqliteRunnerBackend)
