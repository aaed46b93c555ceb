import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, sequentialIds, steppingClock, toJson, type CivilDate } from '../../src'
import { ikmCommandHandler, ikmStateLoader } from '../../src/domain'
import { approve, ctx, PROGRAM_ID, register } from './program/fixtures'

const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const stream = `program-${PROGRAM_ID}`

const setup = async () => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
  const handle = ikmCommandHandler({ store, ids: sequentialIds() })
  expect(E.isRight(await handle(stream, asJson(register({}, ctx('2020-01-10'))))())).toBe(true)
  expect(E.isRight(await handle(stream, asJson(approve(ctx('2020-01-15'))))())).toBe(true)
  return { store, load: ikmStateLoader({ store }) }
}

describe('ikmStateLoader', () => {
  it('loads the current state of a stream by its id, with the revision to pin the next command on', async () => {
    const { load } = await setup()
    const loaded = await load(stream)()
    expect(loaded).toMatchObject({ right: { streamId: stream, category: 'program', revision: 1n, events: 2 } })
    if (E.isLeft(loaded) || loaded.right.category !== 'program') throw new Error('expected a program')
    expect(loaded.right.state.status).toBe('APPROVED')
  })

  it('loads the state as it was on a date', async () => {
    const { load } = await setup()
    const loaded = await load(stream, { asOf: '2020-01-12' as CivilDate })()
    expect(loaded).toMatchObject({
      right: { category: 'program', revision: 0n, events: 1, state: { status: 'PLANNED' } },
    })
  })

  it('reports a stream with no events within the bounds as UnknownEntity, naming the bound', async () => {
    const { load } = await setup()
    const before = await load(stream, { asOf: '2019-12-31' as CivilDate })()
    expect(before).toMatchObject({ left: { _tag: 'UnknownEntity', entity: { kind: 'program', id: PROGRAM_ID } } })
    if (E.isRight(before)) throw new Error('expected a failure')
    expect(before.left._tag === 'UnknownEntity' && before.left.message).toContain('as of 2019-12-31')
    expect(await load('facility-none')()).toMatchObject({
      left: { _tag: 'UnknownEntity', entity: { kind: 'facility' } },
    })
  })

  it('refuses a stream of no IKM category, and suggests the stream when given a bare entity id', async () => {
    const { load } = await setup()
    const bare = await load(PROGRAM_ID)()
    expect(bare).toMatchObject({ left: { _tag: 'InvalidStreamId' } })
    if (E.isRight(bare) || bare.left._tag !== 'InvalidStreamId') throw new Error('expected InvalidStreamId')
    expect(bare.left.reason).toContain('not a program, proposal, equipment, facility, group, person or audit stream')
    const suggested = await load('prg-muba-led-2020')()
    expect(suggested).toMatchObject({
      left: { reason: expect.stringContaining('did you mean program-prg-muba-led-2020?') },
    })
    expect(await load(42 as unknown as string)()).toMatchObject({ left: { _tag: 'InvalidStreamId' } })
  })

  it('gives a state whose JSON form survives JSON.stringify, with amounts as decimal strings', async () => {
    const { load } = await setup()
    const loaded = await load(stream)()
    if (E.isLeft(loaded)) throw new Error('expected a state')
    const text = JSON.stringify(toJson(loaded.right))
    expect(JSON.parse(text)).toMatchObject({ streamId: stream, category: 'program', revision: '1', events: 2 })
  })
})
