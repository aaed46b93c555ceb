/**
 * The boundary fuzz suite of the IKM command handler: JSON commands mutated with arbitrary and hostile values,
 * sent to valid and invalid streams with arbitrary options, through the fp-ts handler and the Promise facade.
 */
import {
  commandFailureMessage,
  commandFailureProblem,
  CommandFailed,
  createInMemoryEventStore,
  promiseCommandHandler,
  steppingClock,
  type CommandFailure,
} from '@ikm-ledger/core'
import { ikmCommandHandler, type DomainError } from '@ikm-ledger/core/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { fuzzSeed, hostileValue, materialize, messageProblem } from '../src/index'
import { replaceAt } from '../src/HostileValues'

const context = {
  mode: 'OPERATIONAL',
  occurredOn: '2020-01-10',
  actor: { id: 'user-1', role: 'DINAS_STAFF' },
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'DIPA', number: 'DIPA-019.05-2020' }] },
}

const register = (programId: string) => ({
  type: 'RegisterProgram',
  data: {
    programId,
    fiscalYear: 2020,
    title: 'Bimtek Produksi APD',
    schemes: ['DEKON_PELATIHAN'],
    executingOrg: {
      orgId: 'disperin-kalsel',
      kind: 'DINAS_PROV',
      nameAtEvent: 'Dinas Perindustrian Provinsi Kalimantan Selatan',
    },
    coOrganizers: [],
    regions: [
      {
        scheme: 'KEMENDAGRI',
        code: '63',
        level: 'PROV',
        nameAtEvent: 'Kalimantan Selatan',
        listVersion: 'KEMENDAGRI:Kepmendagri-100.1.1-6117-2022',
      },
    ],
    kbli: [{ version: '2020', code: '14111' }],
    origin: { kind: 'DINAS_INITIATIVE' },
  },
  context,
})

const approve = (programId: string) => ({
  type: 'ApproveProgram',
  data: { programId },
  context: { ...context, occurredOn: '2020-01-15' },
})

const allocate = (programId: string) => ({
  type: 'AllocateFunding',
  data: {
    programId,
    lineId: 'l1',
    source: 'DEKONSENTRASI',
    amount: '100000000',
    fiscalYear: 2020,
    purpose: 'TRAINING',
    budgetDoc: { kind: 'DIPA', number: 'DIPA-019.05-2020' },
  },
  context: { ...context, occurredOn: '2020-01-20' },
})

const PATHS: ReadonlyArray<ReadonlyArray<string>> = [
  [],
  ['type'],
  ['data'],
  ['data', 'title'],
  ['data', 'programId'],
  ['data', 'amount'],
  ['data', 'regions'],
  ['data', 'fiscalYear'],
  ['data', 'unknownField'],
  ['context'],
  ['context', 'actor'],
  ['context', 'actor', 'id'],
  ['context', 'evidence'],
  ['context', 'evidence', 'refs'],
  ['context', 'occurredOn'],
  ['context', 'mode'],
  ['context', 'correlationId'],
]

const idArb = fc.stringMatching(/^prg-[a-z0-9]{1,8}$/)

const callArb = fc.record({
  id: idArb,
  stream: fc.oneof(
    { weight: 4, arbitrary: fc.constant('own') },
    { weight: 1, arbitrary: fc.constantFrom('equipment-x', 'nope-1', '', 'program-') },
    { weight: 1, arbitrary: hostileValue },
  ),
  template: fc.constantFrom(register, approve, allocate),
  mutate: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PATHS), hostileValue) },
  ),
  options: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom({ expectedRevision: 'any' }, { expectedRevision: 0n }) },
    { weight: 1, arbitrary: hostileValue.map((expectedRevision) => ({ expectedRevision })) },
    { weight: 1, arbitrary: hostileValue },
  ),
})

const check = (where: string, failure: CommandFailure<DomainError>) => {
  const problem = messageProblem(commandFailureMessage(failure))
  if (problem !== undefined) throw new Error(`${where} (${failure._tag}): ${problem}`)
  const body = JSON.stringify(commandFailureProblem(failure))
  if (body.length > 16_384) throw new Error(`${where}: the problem document has ${body.length} characters`)
}

describe('ikmCommandHandler boundary fuzz', () => {
  it('answers 10000 arbitrary and hostile commands with values, never an exception, in readable bounded messages', async () => {
    const seed = fuzzSeed()
    console.info(`ikmCommandHandler fuzz: seed ${seed}, 10000 runs (IKM_FUZZ_SEED=${seed} reproduces)`)
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
    const handle = ikmCommandHandler({ store })
    // The facade only calls the handler and unwraps its Either, so it serves the IKM handler as it is.
    const promised = promiseCommandHandler(handle as unknown as Parameters<typeof promiseCommandHandler>[0])
    const tally = { ok: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(callArb, async (drawn) => {
        const call = materialize(drawn) as {
          id: string
          stream: unknown
          template: (id: string) => unknown
          mutate: readonly [ReadonlyArray<string>, unknown] | undefined
          options: unknown
        }
        const streamId = call.stream === 'own' ? `program-${call.id}` : call.stream
        const base = call.template(call.id)
        const input = call.mutate === undefined ? base : replaceAt(base, call.mutate[0], call.mutate[1])
        const loose = handle as unknown as (...args: ReadonlyArray<unknown>) => () => Promise<unknown>
        let result: E.Either<CommandFailure<DomainError>, unknown>
        try {
          result = (await loose(streamId, input, call.options)()) as typeof result
        } catch (cause) {
          throw new Error(`the handler threw: ${String(cause)}`)
        }
        if (E.isLeft(result)) {
          tally.refused++
          check('ikmCommandHandler', result.left)
        } else {
          tally.ok++
        }
        const loosePromise = promised as unknown as (...args: ReadonlyArray<unknown>) => Promise<unknown>
        try {
          await loosePromise(streamId, input, call.options)
        } catch (cause) {
          if (!(cause instanceof CommandFailed)) {
            throw new Error(`promiseCommandHandler rejected with ${String(cause)}, not a CommandFailed`)
          }
          check('promiseCommandHandler', cause.failure as CommandFailure<DomainError>)
        }
      }),
      { seed, numRuns: 10_000 },
    )
    expect(tally.refused).toBeGreaterThan(1000)
    expect(tally.ok).toBeGreaterThan(100)
  }, 120_000)
})
