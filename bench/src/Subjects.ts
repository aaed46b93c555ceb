/**
 * Which subjects exist, loaded lazily so a worker only imports its own system (Emmett's PostgreSQL pool
 * replaces `pg`'s global type parsers: it must never share a process with the others).
 */
import type { Backend, OpenSubject, SystemName } from './Subject'

export const openerOf = async (system: SystemName, backend: Backend): Promise<OpenSubject> => {
  switch (`${system}-${backend}`) {
    case 'ours-memory':
      return (await import('./subjects/OursMemory')).openOursMemory
    case 'ours-sqlite':
      return (await import('./subjects/OursSqlite')).openOursSqlite
    case 'ours-postgres':
      return (await import('./subjects/OursPostgres')).openOursPostgres
    case 'emmett-sqlite':
      return (await import('./subjects/EmmettSqlite')).openEmmettSqlite
    case 'emmett-postgres':
      return (await import('./subjects/EmmettPostgres')).openEmmettPostgres
    case 'floor-sqlite':
      return (await import('./subjects/FloorSqlite')).openFloorSqlite
    case 'floor-postgres':
      return (await import('./subjects/FloorPostgres')).openFloorPostgres
    default:
      throw new Error(`no subject ${system} on ${backend}`)
  }
}
