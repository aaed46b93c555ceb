// Builders shared by the kernel tests, on testkit's one test event.
import { newEvent as testEvent } from '@ikm-ledger/testkit'
import * as E from 'fp-ts/Either'
import type { JsonValue, NewEvent } from '../../src/index'

/** testkit's test event with the given data, type and civil date. */
export const newEvent = (data: unknown = { n: 1 }, type = 'ProbeRecorded', occurredOn?: string): NewEvent =>
  testEvent({ data: data as JsonValue, type, ...(occurredOn === undefined ? {} : { metadata: { occurredOn } }) })

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
