// A tiny counter aggregate for the command-handler, facade and stream tests.
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import {
  defineEvent,
  eventRegistry,
  type CivilDate,
  type Decider,
  type EventOf,
  type EventMetadataDraft,
} from '../../src/index'

export const Incremented = defineEvent('CounterIncremented', t.type({ by: t.number }))
export const Reset = defineEvent('CounterReset', t.type({}))
export const counterEvents = eventRegistry([Incremented, Reset])
export type CounterEvent = EventOf<typeof Incremented> | EventOf<typeof Reset>

export type CounterCommand =
  | { readonly kind: 'increment'; readonly by: number; readonly limit?: number; readonly occurredOn?: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'broken' }

export interface LimitReached {
  readonly _tag: 'LimitReached'
  readonly message: string
}

export const counter: Decider<CounterCommand, CounterEvent, number, LimitReached> = {
  initialState: 0,
  decide: (command, state) => {
    switch (command.kind) {
      case 'increment':
        return command.limit !== undefined && state + command.by > command.limit
          ? E.left({
              _tag: 'LimitReached',
              message: `the counter is at ${state}; ${command.by} more passes ${command.limit}`,
            })
          : E.right([{ type: 'CounterIncremented', data: { by: command.by } }])
      case 'reset':
        return E.right([
          { type: 'CounterReset', data: {} },
          { type: 'CounterIncremented', data: { by: 1 } },
        ])
      case 'nothing':
        return E.right([])
      case 'broken':
        return E.right([{ type: 'CounterIncremented', data: { by: 'many' as unknown as number } }])
    }
  },
  evolve: (state, event) => (event.type === 'CounterReset' ? 0 : state + event.data.by),
}

export const counterMetadata = (command: CounterCommand): EventMetadataDraft => ({
  occurredOn: (command.kind === 'increment' && command.occurredOn !== undefined
    ? command.occurredOn
    : '2025-01-15') as CivilDate,
  actor: { id: 'actor-0001', role: 'OPERATOR' },
  evidence: { level: 'DOCUMENTED', refs: [] },
  mode: 'OPERATIONAL',
})
