import { memoryBackend, sqliteBackend } from './fixtures/backends'
import { programStatusBoardSpec } from './specs/ProgramStatusBoard.spec'

programStatusBoardSpec(memoryBackend)
programStatusBoardSpec(sqliteBackend)
