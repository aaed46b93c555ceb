import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { budgetRealisationSpec } from './specs/BudgetRealisation.spec'

budgetRealisationSpec(memoryBackend)
budgetRealisationSpec(sqliteBackend)
