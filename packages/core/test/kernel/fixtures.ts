// Builders shared by the kernel tests (the contract suite in testkit has its own; core cannot depend on testkit).
import * as E from 'fp-ts/Either'
import { uuidV7, type CivilDate, type EventMetadataInput, type NewEvent } from '../../src/index'

export const metadata: EventMetadataInput = {
  occurredOn: '2025-01-15' as CivilDate,
  actor: { id: 'actor-0001', role: 'OPERATOR' },
  correlationId: 'corr-0001',
  evidence: { level: 'DOCUMENTED', refs: [] },
  mode: 'OPERATIONAL',
}

export const newEvent = (data: unknown = { n: 1 }, type = 'ProbeRecorded', occurredOn?: string): NewEvent =>
  ({
    eventId: uuidV7(),
    type,
    schemaVersion: 1,
    data,
    metadata: occurredOn === undefined ? metadata : { ...metadata, occurredOn },
  }) as NewEvent

const show = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))

export const rightOf = async <L, A>(task: () => Promise<E.Either<L, A>>): Promise<A> => {
  const result = await task()
  if (E.isLeft(result)) throw new Error(`expected success, got: ${show(result.left)}`)
  return result.right
}

export const leftOf = async <L, A>(task: () => Promise<E.Either<L, A>>): Promise<L> => {
  const result = await task()
  if (E.isRight(result)) throw new Error('expected a failure')
  return result.left
}
