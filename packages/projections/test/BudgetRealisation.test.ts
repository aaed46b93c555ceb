import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { budgetRealisationSpec } from './specs/BudgetRealisation.spec'

budgetRealisationSpec(memoryBackend)
budgetRealisationSpec(sqliteBackend)
budgetRealisationSpec(sqliteRunnerBackend)
