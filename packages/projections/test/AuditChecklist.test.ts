import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { auditChecklistSpec } from './specs/AuditChecklist.spec'

auditChecklistSpec(memoryBackend)
auditChecklistSpec(sqliteBackend)
auditChecklistSpec(sqliteRunnerBackend)
