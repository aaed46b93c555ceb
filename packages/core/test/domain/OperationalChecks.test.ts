import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, steppingClock, type CommandFailure } from '../../src'
import { ikmCommandHandler, type DomainError } from '../../src/domain'
import { ctx, news, PROGRAM_ID, register } from './program/fixtures'

const asJson = (command: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const stream = `program-${PROGRAM_ID}`

const handlerAt = (today: string) =>
  ikmCommandHandler({ store: createInMemoryEventStore(), clock: steppingClock(`${today}T08:00:00.000Z`) })

const rejectionOf = async (command: unknown, today = '2026-12-02'): Promise<string | undefined> => {
  const result = await handlerAt(today)(stream, command)()
  if (E.isRight(result)) return undefined
  const failure: CommandFailure<DomainError> = result.left
  if (failure._tag !== 'CommandRejected') throw new Error(`expected a rejection, got ${failure._tag}`)
  expect(failure.rejection._tag).toBe('InvalidCommand')
  return failure.rejection.message
}

const withContext = (context: Record<string, unknown>, mode: 'OPERATIONAL' | 'HISTORICAL_IMPORT' = 'OPERATIONAL') => {
  const command = asJson(register(undefined, mode === 'OPERATIONAL' ? ctx('2020-01-10') : news('2020-01-10')))
  return { ...command, context: { ...(command['context'] as object), ...context } }
}

describe('OPERATIONAL semantic checks', () => {
  it('accepts a meaningful operational command', async () => {
    expect(await rejectionOf(asJson(register()))).toBeUndefined()
  })

  const meaningless: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
    ['a blank actor id', { actor: { id: '  ', role: 'DINAS_STAFF' } }, 'context.actor.id'],
    ['an empty actor role', { actor: { id: 'user-1', role: '' } }, 'context.actor.role'],
    ['DOCUMENTED evidence with no reference', { evidence: { level: 'DOCUMENTED', refs: [] } }, 'context.evidence.refs'],
    [
      'DOCUMENTED evidence whose reference has no number',
      { evidence: { level: 'DOCUMENTED', refs: [{ kind: 'DIPA' }] } },
      'context.evidence.refs',
    ],
    [
      'a reference with an empty kind',
      { evidence: { level: 'OFFICIAL_STATEMENT', refs: [{ kind: '' }] } },
      'context.evidence.refs.0.kind',
    ],
    ['an empty correlation id', { correlationId: '' }, 'context.correlationId'],
    ['occurredOn 9999-12-31', { occurredOn: '9999-12-31' }, 'context.occurredOn 9999-12-31'],
    ['occurredOn in 1901', { occurredOn: '1901-01-01' }, 'before 1990'],
    ['occurredOn far from the fiscal year', { occurredOn: '2012-01-10' }, 'data.fiscalYear 2020'],
  ]
  for (const [what, context, field] of meaningless) {
    it(`refuses ${what}, naming ${field}`, async () => {
      const message = await rejectionOf(withContext(context))
      expect(message).toContain(field)
      expect(message).toContain('OPERATIONAL mode')
    })
  }

  it('refuses a blank id inside the data, naming its path', async () => {
    const command = asJson(register())
    const data = command['data'] as Record<string, unknown>
    const message = await rejectionOf({
      ...command,
      data: { ...data, executingOrg: { ...(data['executingOrg'] as object), orgId: ' ' } },
    })
    expect(message).toContain('data.executingOrg.orgId')
  })

  it('refuses a fact dated after today, by the injected clock', async () => {
    expect(await rejectionOf(asJson(register(undefined, ctx('2020-01-10'))), '2020-01-08')).toContain('after today')
    expect(await rejectionOf(asJson(register(undefined, ctx('2020-01-10'))), '2020-01-10')).toBeUndefined()
  })

  it('keeps the leniency of historical imports', async () => {
    for (const context of [
      { actor: { id: 'importer', role: '' } },
      { evidence: { level: 'DOCUMENTED', refs: [] } },
      { occurredOn: '2012-01-10' },
    ]) {
      expect(await rejectionOf(withContext(context, 'HISTORICAL_IMPORT'))).toBeUndefined()
    }
  })
})
