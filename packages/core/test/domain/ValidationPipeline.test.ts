import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { createInMemoryEventStore, sequentialIds, steppingClock, type CommandFailure } from '../../src'
import {
  ikmCommandHandler,
  makeEquipmentDecider,
  makeFacilityDecider,
  makeGroupDecider,
  makeProgramDecider,
  makeProposalDecider,
  regionDirectoryFrom,
  REGION_LIST_VERSION,
  regionRef,
  SHIPPED_REGION_LISTS,
  type DomainError,
  type RegionRef,
} from '../../src/domain'
import { PROGRAM_ID, register } from './program/fixtures'
import { newsContext } from './support/fixtures'

const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const entah: RegionRef = {
  scheme: 'KEMENDAGRI',
  code: '99.99',
  level: 'KAB',
  nameAtEvent: 'Kabupaten Entah',
  listVersion: REGION_LIST_VERSION,
}
const pemkabEntah = { orgId: 'pemkab-entah', kind: 'PEMDA_KABKOTA', nameAtEvent: 'Pemkab Entah', region: entah }
const news = newsContext()

// The creating command of every aggregate, each naming the region `region`, with the stream it belongs to.
const creations = (region: RegionRef) =>
  ({
    group: {
      stream: 'group-kub-1',
      command: {
        type: 'FormGroup',
        data: { groupId: 'kub-1', kind: 'KUB', name: 'KUB Entah', region },
        context: news,
      },
    },
    facility: {
      stream: 'facility-fac-1',
      command: {
        type: 'RegisterFacility',
        data: {
          facilityId: 'fac-1',
          kind: 'SENTRA',
          name: 'Sentra IKM Entah',
          region,
          kbli: [],
          productFocus: [],
          dataSource: 'NEWS',
          unitCount: 12,
        },
        context: news,
      },
    },
    proposal: {
      stream: 'proposal-prp-1',
      command: {
        type: 'SubmitProposal',
        data: {
          proposalId: 'prp-1',
          origin: { kind: 'PEMDA_PROPOSAL' },
          proposer: { nameAtEvent: 'Bupati', positionAtEvent: 'Bupati', org: { ...pemkabEntah, region } },
          addressee: {
            nameAtEvent: 'Dirjen',
            positionAtEvent: 'Dirjen',
            org: { orgId: 'dj', kind: 'DITJEN', nameAtEvent: 'DJ' },
          },
          items: [{ itemId: 'i1', kind: 'EQUIPMENT', description: 'mesin', region }],
          documents: [],
        },
        context: news,
      },
    },
    equipment: {
      stream: 'equipment-pkg-1',
      command: {
        type: 'ProcureEquipment',
        data: {
          packageId: 'pkg-1',
          programId: 'prg-1',
          procuredBy: 'PEMDA',
          procuringOrg: { ...pemkabEntah, region },
          description: 'mesin jahit',
          items: [],
        },
        context: news,
      },
    },
  }) as const

// A command with one more field at `path`, the way an HTTP body with a misspelt or unsupported field arrives.
const withField = (command: unknown, path: ReadonlyArray<string>, field: string): unknown => {
  const copy = structuredClone(command) as Record<string, unknown>
  let at: Record<string, unknown> = copy
  for (const key of path) at = at[key] as Record<string, unknown>
  at[field] = 'extra'
  return copy
}

const failureOf = (result: E.Either<CommandFailure<DomainError>, unknown>): DomainError => {
  if (E.isRight(result) || result.left._tag !== 'CommandRejected') throw new Error('expected a domain rejection')
  return result.left.rejection
}

const setup = (options: Parameters<typeof ikmCommandHandler>[0] extends infer O ? Omit<O, 'store'> : never = {}) => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
  return { store, handle: ikmCommandHandler({ store, ids: sequentialIds(), ...options }) }
}

describe('the validation pipeline every aggregate shares', () => {
  it.each(['group', 'facility', 'proposal', 'equipment'] as const)(
    'refuses a %s command naming a region that is in no loaded list',
    async (aggregate) => {
      const { store, handle } = setup()
      const { stream, command } = creations(entah)[aggregate]
      const rejection = failureOf(await handle(stream, command)())
      expect(rejection).toMatchObject({ _tag: 'InvalidCommand', command: command.type })
      expect(rejection.message).toContain('region code 99.99 ("Kabupaten Entah") is not in list')
      expect(await store.headPosition()()).toEqual(E.right(0n))
    },
  )

  it('checks regions in the aggregates’ own deciders too, not only through the handler', () => {
    const { group, facility, proposal, equipment } = creations(entah)
    const deciders = [
      [makeGroupDecider(), group.command],
      [makeFacilityDecider(), facility.command],
      [makeProposalDecider(), proposal.command],
      [makeEquipmentDecider(), equipment.command],
    ] as const
    for (const [decider, command] of deciders) {
      const decided = (decider.decide as (c: unknown, s: unknown) => E.Either<DomainError, unknown>)(
        command,
        decider.initialState,
      )
      expect(E.isLeft(decided) && decided.left._tag).toBe('InvalidCommand')
    }
  })

  it('takes the reference data from ikmCommandHandler’s options and hands it to every aggregate', async () => {
    const withEntah = regionDirectoryFrom([
      ...SHIPPED_REGION_LISTS,
      {
        scheme: 'KEMENDAGRI',
        version: 'KEMENDAGRI:test-list',
        source: 'test',
        rows: [{ code: '99.99', level: 'KAB', name: 'Kabupaten Entah' }],
      },
    ])
    const { handle } = setup({ regions: withEntah })
    const listed = { ...entah, listVersion: 'KEMENDAGRI:test-list' }
    for (const { stream, command } of Object.values(creations(listed))) {
      expect(await handle(stream, command)()).toMatchObject({ _tag: 'Right', right: { streamId: stream } })
    }
    const program = register({ regions: [listed] })
    expect(await handle(`program-${PROGRAM_ID}`, asJson(program))()).toMatchObject({ _tag: 'Right' })
    const byDefault = setup()
    const refused = failureOf(await byDefault.handle('group-kub-1', creations(listed).group.command)())
    expect(refused.message).toContain('names list version "KEMENDAGRI:test-list", which is not loaded')
  })

  it('runs the personal-data guard (R30) on every aggregate, Program included', () => {
    const group = creations(regionRef('16.06')).group.command
    const grouped = makeGroupDecider().decide(
      { ...group, data: { ...group.data, name: 'KUB 1271014506950001' } } as never,
      makeGroupDecider().initialState,
    )
    expect(E.isLeft(grouped) && grouped.left).toMatchObject({ _tag: 'RuleViolation', rule: 'R30' })
    const program = makeProgramDecider().decide(
      register({ title: 'Bimtek 1271014506950001' }),
      makeProgramDecider().initialState,
    )
    expect(E.isLeft(program) && program.left).toMatchObject({ _tag: 'RuleViolation', rule: 'R30' })
  })

  it('refuses a NIK in the free text of every aggregate’s creating command, Audit included, and records nothing', async () => {
    const nik = '1271014506950001'
    const { group, facility, proposal, equipment } = creations(regionRef('16.06'))
    const audit = {
      stream: 'audit-bpk-2024-kemenperin-1',
      command: {
        type: 'RecordAuditFinding',
        data: {
          findingId: 'bpk-2024-kemenperin-1',
          auditor: 'BPK',
          lhpDate: '2024-05-20',
          subjects: { programIds: ['prg-1'], packageIds: ['pkg-1'] },
          category: 'ASSET_UNUSED',
          criteria: 'Permenperin 122/2012',
          condition: `mesin tidak dimanfaatkan oleh ${nik}`,
          recommendations: [{ recommendationId: 'r1', text: 'mengalihkan mesin' }],
        },
        context: newsContext('2024-05-20'),
      },
    }
    const cases = [
      { ...group, command: { ...group.command, data: { ...group.command.data, name: `KUB ${nik}` } } },
      { ...facility, command: { ...facility.command, data: { ...facility.command.data, name: `Sentra ${nik}` } } },
      {
        ...proposal,
        command: {
          ...proposal.command,
          data: { ...proposal.command.data, items: [{ ...proposal.command.data.items[0], description: nik }] },
        },
      },
      {
        ...equipment,
        command: { ...equipment.command, data: { ...equipment.command.data, description: `mesin ${nik}` } },
      },
      audit,
    ]
    for (const { stream, command } of cases) {
      const { store, handle } = setup()
      expect(failureOf(await handle(stream, asJson(command))()), command.type).toMatchObject({
        _tag: 'RuleViolation',
        rule: 'R30',
      })
      expect(await store.headPosition()()).toEqual(E.right(0n))
    }
  })
})

describe('identity: one entity, one stream', () => {
  it('refuses a program registered in a stream its id does not name, so one program cannot live in two streams', async () => {
    const { store, handle } = setup()
    const accepted = await handle(`program-${PROGRAM_ID}`, asJson(register()))()
    expect(E.isRight(accepted)).toBe(true)
    for (const stream of ['program-OTHER', 'program-OTHER2']) {
      const rejection = failureOf(await handle(stream, asJson(register()))())
      expect(rejection).toMatchObject({ _tag: 'InvalidCommand', command: 'RegisterProgram' })
      expect(rejection.message).toContain(`send it to program-${PROGRAM_ID}`)
    }
    expect(await store.headPosition()()).toEqual(E.right(1n))
  })

  it.each(['group', 'facility', 'proposal', 'equipment'] as const)(
    'refuses a %s command sent to another stream of its category',
    async (aggregate) => {
      const { handle } = setup()
      const { stream, command } = creations(entah)[aggregate]
      const category = stream.slice(0, stream.indexOf('-'))
      const rejection = failureOf(await handle(`${category}-elsewhere`, command)())
      expect(rejection.message).toContain(`but it was sent to ${category}-elsewhere`)
    },
  )
})

describe('strict commands', () => {
  it('refuses an unknown field anywhere in a command, naming it, and records nothing', async () => {
    const { store, handle } = setup()
    const stream = `program-${PROGRAM_ID}`
    const cases: ReadonlyArray<[unknown, string]> = [
      [{ ...(asJson(register()) as object), note: 'x' }, 'note'],
      [
        {
          ...(asJson(register()) as { data: object }),
          data: { ...(asJson(register()) as { data: object }).data, budget: '5' },
        },
        'data.budget',
      ],
      [withField(asJson(register()), ['data', 'executingOrg'], 'head'), 'data.executingOrg.head'],
    ]
    for (const [input, field] of cases) {
      const rejection = failureOf(await handle(stream, input)())
      expect(rejection).toMatchObject({ _tag: 'InvalidCommand', command: 'RegisterProgram' })
      expect(rejection.message).toContain(`field ${field} `)
    }
    expect(await store.headPosition()()).toEqual(E.right(0n))
  })
})
