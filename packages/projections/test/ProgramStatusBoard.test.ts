import { memoryBackend, sqliteBackend, sqliteRunnerBackend } from './fixtures/backends'
import { programStatusBoardSpec } from './specs/ProgramStatusBoard.spec'

programStatusBoardSpec(memoryBackend)
programStatusBoardSpec(sqliteBackend)
programStatusBoardSpec(sqliteRunnerBackend)
