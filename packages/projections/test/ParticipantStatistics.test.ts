import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { participantStatisticsSpec } from './specs/ParticipantStatistics.spec'

participantStatisticsSpec(memoryBackend)
participantStatisticsSpec(sqliteBackend)
participantStatisticsSpec(sqliteRunnerBackend)
