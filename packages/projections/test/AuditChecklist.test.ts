import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { auditChecklistSpec } from './specs/AuditChecklist.spec'

auditChecklistSpec(memoryBackend)
auditChecklistSpec(sqliteBackend)
