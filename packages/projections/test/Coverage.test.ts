import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { aspirationTrackerSpec, regionalCoverageSpec } from './specs/Coverage.spec'

for (const backend of [memoryBackend, sqliteBackend, sqliteRunnerBackend]) {
  aspirationTrackerSpec(backend)
  regionalCoverageSpec(backend)
}
