import { EVENT_TYPE, STREAM_NAME } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { filterPlanOf } from '../src/internal/Filters'

const serverAccepts = (plan: ReturnType<typeof filterPlanOf>, streamName: string, type: string) => {
  const filter = plan.server
  const subject = filter.filterOn === EVENT_TYPE ? type : streamName
  return 'prefixes' in filter
    ? filter.prefixes.some((p) => subject.startsWith(p))
    : new RegExp(filter.regex).test(subject)
}

const none = { categories: undefined, types: undefined }

describe('Filters', () => {
  it('filters categories on the server as stream-name prefixes "<namespace><category>-"', () => {
    const plan = filterPlanOf('t1.', { categories: ['program', 'equipment'], types: undefined })
    expect(plan.server).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['t1.program-', 't1.equipment-'] })
    expect(plan.accepts('t1.program-9', 'ProgramProposed')).toBe(true)
    expect(plan.accepts('t1.programme-9', 'ProgramProposed')).toBe(false)
    expect(plan.accepts('program-9', 'ProgramProposed')).toBe(false)
  })

  it('filters event types on the server by exact name when there is no category or namespace', () => {
    const plan = filterPlanOf('', { categories: undefined, types: ['A.b', 'C'] })
    expect(plan.server.filterOn).toBe(EVENT_TYPE)
    expect(serverAccepts(plan, 'program-1', 'A.b')).toBe(true)
    expect(serverAccepts(plan, 'program-1', 'AxB')).toBe(false)
    expect(serverAccepts(plan, 'program-1', 'CC')).toBe(false)
  })

  it('checks the types here when categories (or a namespace) already use the server filter', () => {
    const plan = filterPlanOf('', { categories: ['equipment'], types: ['EquipmentMoved'] })
    expect(plan.server.filterOn).toBe(STREAM_NAME)
    expect(plan.accepts('equipment-1', 'EquipmentMoved')).toBe(true)
    expect(plan.accepts('equipment-1', 'EquipmentProbed')).toBe(false)
  })

  it('never lets system events, bookkeeping streams or foreign names through, with or without a namespace', () => {
    for (const namespace of ['', 'tenant-a.']) {
      const plan = filterPlanOf(namespace, none)
      for (const [stream, type] of [
        ['$stats-127.0.0.1:2113', '$statsCollected'],
        ['$settings', '$metadata'],
        [`$$${namespace}program-1`, '$metadata'],
        [`${namespace}_eventid-0190f8a2`, '_EventIdClaimed'],
        [`${namespace}Orders-1`, 'OrderPlaced'],
        [`${namespace}program-1`, '$>'],
      ]) {
        expect(serverAccepts(plan, stream!, type!) && plan.accepts(stream!, type!)).toBe(false)
      }
      expect(serverAccepts(plan, `${namespace}program-1`, 'ProgramProposed')).toBe(true)
      expect(plan.accepts(`${namespace}program-1`, 'ProgramProposed')).toBe(true)
    }
  })

  it('keeps another namespace out, even one that starts with this namespace', () => {
    const plan = filterPlanOf('t1.', none)
    expect(serverAccepts(plan, 't10.program-1', 'X')).toBe(false)
    expect(serverAccepts(plan, 't1.program-1', 'X')).toBe(true)
  })

  it('escapes regular-expression characters in type names and namespaces', () => {
    const types = filterPlanOf('', { categories: undefined, types: ['a.b+'] })
    expect(serverAccepts(types, 'program-1', 'a.b+')).toBe(true)
    expect(serverAccepts(types, 'program-1', 'aXbb')).toBe(false)
    const namespaced = filterPlanOf('a+b.', none)
    expect(serverAccepts(namespaced, 'a+b.program-1', 'X')).toBe(true)
    expect(serverAccepts(namespaced, 'aab.program-1', 'X')).toBe(false)
  })

  it('passes the checkpoint callback and interval to the server filter', () => {
    const checkpointReached = () => undefined
    const plan = filterPlanOf('', none, { checkpointReached, checkpointInterval: 4 })
    expect(plan.server).toMatchObject({ checkpointReached, checkpointInterval: 4 })
  })
})
