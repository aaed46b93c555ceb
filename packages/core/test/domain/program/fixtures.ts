// Shared builders for the Program tests: contexts, organisations, regions, and a runner that folds commands
// through the decider.
import * as E from 'fp-ts/Either'
import { deciderSpec } from '@ikm-ledger/testkit'
import { run as runCommands } from '../support/fixtures'
import type { CivilDate } from '../../../src'
import type { CommandContext } from '../../../src/domain'
import {
  programDecider,
  regionRef,
  type DomainError,
  type OfficialRef,
  type OrgRef,
  type PersonFacts,
  type ProgramCommand,
  type ProgramCommandOf,
  type ProgramEvent,
  type ProgramState,
  type RegionRef,
} from '../../../src/domain'

export const date = (s: string): CivilDate => s as CivilDate

export const ctx = (
  occurredOn: string,
  mode: CommandContext['mode'] = 'OPERATIONAL',
  evidence: CommandContext['evidence'] = { level: 'DOCUMENTED', refs: [{ kind: 'PHOTO', number: 'TEST-1' }] },
): CommandContext => ({ mode, occurredOn: date(occurredOn), actor: { id: 'user-1', role: 'DINAS_STAFF' }, evidence })

export const news = (occurredOn: string): CommandContext =>
  ctx(occurredOn, 'HISTORICAL_IMPORT', {
    level: 'NEWS_REPORT',
    refs: [{ kind: 'NEWS_ARTICLE', uri: 'https://example.org/seed' }],
  })

export const region = (code: string): RegionRef => regionRef(code)

export const org = (orgId: string, kind: OrgRef['kind'] = 'DITJEN', nameAtEvent = orgId): OrgRef => ({
  orgId,
  kind,
  nameAtEvent,
})

export const official = (nameAtEvent: string, positionAtEvent = 'Kepala Dinas'): OfficialRef => ({
  nameAtEvent,
  positionAtEvent,
  org: org('dinas', 'DINAS_KABKOTA'),
})

export const PROGRAM_ID = 'prg-test'

type DataOf<T extends ProgramCommand['type']> = Omit<ProgramCommandOf<T>['data'], 'programId'>

/** A command for the test program, with its context. */
export const cmd = <T extends ProgramCommand['type']>(
  type: T,
  data: DataOf<T>,
  context: CommandContext = ctx('2020-06-01'),
): ProgramCommandOf<T> =>
  // TypeScript cannot relate a spread over a generic `data` to the matching union member; the parameter types
  // already tie `type` to its `data`, so the assertion only restores what they say.
  ({ type, data: { programId: PROGRAM_ID, ...data }, context }) as unknown as ProgramCommandOf<T>

export interface Run {
  readonly state: ProgramState
  readonly events: ReadonlyArray<ProgramEvent>
}

/** Folds commands that must all succeed; fails the test with the rejection otherwise. */
export const run = (
  commands: ReadonlyArray<ProgramCommand>,
  from: Run = { state: programDecider.initialState, events: [] },
): Run => {
  const folded = runCommands(programDecider, commands, from.state)
  if (E.isLeft(folded)) throw new Error(`a setup command was rejected: ${folded.left.message}`)
  return { state: folded.right.state, events: [...from.events, ...folded.right.events] }
}

/** testkit's given/when/then on the events of a run: decides one command after them. */
const when = (command: ProgramCommand, given: Run) => deciderSpec(programDecider).given(given.events).when(command)

/** Decides one command on a state built by `run`. */
export const decide = (command: ProgramCommand, given: Run): E.Either<DomainError, ReadonlyArray<ProgramEvent>> =>
  when(command, given).decision()

/** The rejection of a command that must fail. */
export const rejection = (command: ProgramCommand, given: Run): DomainError =>
  when(command, given).thenRejects(() => true)

export const statusOf = (r: Run): string => r.state.status

// -------------------------------------------------------------------------------------
// standard programs
// -------------------------------------------------------------------------------------

export const register = (overrides: Partial<DataOf<'RegisterProgram'>> = {}, context = ctx('2020-01-10')) =>
  cmd(
    'RegisterProgram',
    {
      programId: PROGRAM_ID,
      fiscalYear: 2020,
      title: 'Bimtek Produksi APD',
      schemes: ['DEKON_PELATIHAN'],
      executingOrg: org('disperin-kalsel', 'DINAS_PROV', 'Dinas Perindustrian Provinsi Kalimantan Selatan'),
      coOrganizers: [],
      regions: [region('63')],
      kbli: [{ version: '2020', code: '14111' }],
      origin: { kind: 'DINAS_INITIATIVE' },
      ...overrides,
    } as DataOf<'RegisterProgram'>,
    context,
  )

export const approve = (context = ctx('2020-01-15')) => cmd('ApproveProgram', {}, context)

export const budgetDoc = { kind: 'DIPA' as const, number: 'DIPA-019.05-2020' }

export const allocate = (
  lineId = 'l1',
  amount = 100_000_000n,
  overrides: Partial<DataOf<'AllocateFunding'>> = {},
  context = ctx('2020-01-20'),
) =>
  cmd(
    'AllocateFunding',
    {
      lineId,
      source: 'DEKONSENTRASI',
      amount,
      fiscalYear: 2020,
      purpose: 'TRAINING',
      budgetDoc,
      ...overrides,
    } as DataOf<'AllocateFunding'>,
    context,
  )

export const schedule = (
  batchId = 'b1',
  overrides: Partial<DataOf<'ScheduleTrainingBatch'>> = {},
  context = ctx('2020-01-25'),
) =>
  cmd(
    'ScheduleTrainingBatch',
    {
      batchId,
      title: 'Bimtek APD',
      mode: 'CLASSROOM',
      region: region('63.71'),
      startDate: date('2020-06-01'),
      endDate: date('2020-06-05'),
      ...overrides,
    } as DataOf<'ScheduleTrainingBatch'>,
    context,
  )

export const open = (batchId = 'b1', context = ctx('2020-06-01')) =>
  cmd('OpenTrainingBatch', { batchId, openedBy: official('Mahyuni') }, context)

export const select = (
  personId: string,
  overrides: Partial<DataOf<'SelectParticipant'>> = {},
  context = ctx('2020-05-20'),
) =>
  cmd(
    'SelectParticipant',
    {
      personId,
      region: region('63.71'),
      birthDate: date('1990-01-01'),
      person: consenting(personId),
      ...overrides,
    } as DataOf<'SelectParticipant'>,
    context,
  )

/** A selection whose command gives no birth date. */
export const selectUndated = (personId: string, overrides: Partial<DataOf<'SelectParticipant'>> = {}) => {
  const { birthDate: _, ...data } = select(personId, overrides).data
  return { ...select(personId), data } as ProgramCommandOf<'SelectParticipant'>
}

/** The facts of a registered adult who consented to program participation (rule R30). */
export const consenting = (personId: string): PersonFacts => ({
  personId,
  status: 'ACTIVE',
  guardianConsent: false,
  lawfulBasis: 'CONSENT',
})

/** Registered, approved and funded for training. */
export const funded = (): Run => run([register(), approve(), allocate()])

/** Funded, with batch b1 scheduled and opened. */
export const executing = (): Run => run([schedule(), open()], funded())
