import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import { collectAll, createInMemoryEventStore, keyProviderFromEnv, steppingClock, type CivilDate } from '../../../src'
import {
  createInMemoryVaultStorage,
  createPiiVault,
  ikmCommandHandler,
  personService,
  regionRef,
  scanPriorSelections,
  type CommandContext,
  type PersonServiceError,
} from '../../../src/domain'

const context: CommandContext = {
  mode: 'OPERATIONAL',
  occurredOn: '2026-03-02' as CivilDate,
  actor: { id: 'user-dinas-7', role: 'DINAS_STAFF' },
  evidence: { level: 'DOCUMENTED', refs: [{ kind: 'PHOTO', number: 'TEST-1' }] },
}

const keys = keyProviderFromEnv({
  IKM_LEDGER_MASTER_KEY: '11'.repeat(32),
  IKM_LEDGER_NIK_PEPPER: '22'.repeat(32),
})

/** A made-up person with a NIK that agrees with the birth date and sex. */
const person = (n: number, birthDate: string, sex: 'M' | 'F', domicile = '63.71') => {
  const day = Number(birthDate.slice(8, 10)) + (sex === 'F' ? 40 : 0)
  const nik = `${domicile.replace('.', '')}01${String(day).padStart(2, '0')}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}${String(n).padStart(4, '0')}`
  return {
    fullName: `Peserta Contoh Nomor ${n}`,
    nik,
    birthDate,
    sex,
    domicile: regionRef(domicile),
    phone: `08213300${String(n).padStart(4, '0')}`,
  }
}

const setup = async () => {
  const store = createInMemoryEventStore({ clock: steppingClock('2026-03-02T01:00:00.000Z') })
  const vault = createPiiVault({
    storage: createInMemoryVaultStorage(),
    keys,
    clock: steppingClock('2026-03-02T01:00:00.000Z'),
  })
  const handle = ikmCommandHandler({ store })
  const service = personService({ store, vault, handle, priorSimilarAid: scanPriorSelections(store) })
  const must = async (
    what: string,
    task: () => Promise<E.Either<{ readonly message?: string; readonly _tag: string }, unknown>>,
  ) => {
    const r = await task()
    if (E.isLeft(r)) throw new Error(`${what}: ${JSON.stringify(r.left)}`)
    return r.right
  }
  const program = async (programId: string, policy: Record<string, unknown>) => {
    const send = (type: string, data: Record<string, unknown>) =>
      must(type, handle(`program-${programId}`, { type, data: { programId, ...data }, context }))
    await send('RegisterProgram', {
      fiscalYear: 2026,
      title: 'Bimtek Minuman Herbal',
      schemes: ['WUB_BIMTEK'],
      executingOrg: { orgId: 'disperin-kalsel', kind: 'DINAS_PROV', nameAtEvent: 'Dinas Perindustrian Kalsel' },
      coOrganizers: [],
      regions: [regionRef('63')],
      kbli: [],
      origin: { kind: 'DINAS_INITIATIVE' },
    })
    await send('ApproveProgram', {})
    await send('SetEligibilityPolicy', { policyId: `${programId}-policy`, params: policy })
    await send('DefineActivityTrack', {
      trackId: 'herbal',
      title: 'Minuman herbal',
      kbli: [],
      eligibleRegions: [regionRef('63.71'), regionRef('63.72')],
      mode: 'CLASSROOM',
    })
  }
  const enrol = async (personId: string, record: ReturnType<typeof person>, consent?: 'SELF' | 'GUARDIAN') => {
    await must('register', service.register(personId, record, context))
    if (consent !== undefined) {
      await must(
        'consent',
        handle(`person-${personId}`, {
          type: 'RecordConsent',
          data: { personId, purpose: 'PROGRAM_PARTICIPATION', lawfulBasis: 'CONSENT', givenBy: consent },
          context,
        }),
      )
    }
  }
  const select = (programId: string, personId: string) =>
    service.select({ programId, personId, trackId: 'herbal', context })()
  return { store, vault, service, program, enrol, select }
}

const ruleOf = (result: E.Either<PersonServiceError, unknown>) => {
  if (E.isRight(result)) throw new Error('the selection was accepted')
  const left = result.left
  if (left._tag !== 'CommandFailed' || left.failure._tag !== 'CommandRejected') throw new Error(left.message)
  return left.failure.rejection
}

describe('personService', () => {
  it('selects an eligible adult from the vault record, recording only the outcome, age band and sex', async () => {
    const { store, program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await enrol('p-adult', person(1, '1998-03-12', 'F'), 'SELF')
    const selected = await select('prg-1', 'p-adult')
    expect(selected).toMatchObject({
      right: {
        events: [
          {
            type: 'ParticipantSelected',
            data: {
              personId: 'p-adult',
              region: { code: '63.71' },
              eligibility: {
                passed: true,
                evaluatedOn: '2026-03-02',
                checks: ['AGE', 'RESIDENCY'],
                policyId: 'prg-1-policy',
              },
              demographics: { ageBand: '25-35', sex: 'F' },
            },
          },
        ],
      },
    })
    const all = await collectAll(store.readAll({}))()
    if (E.isLeft(all)) throw new Error(all.left._tag)
    const text = JSON.stringify(all.right.state.map((e) => [e.data, e.metadata]))
    for (const secret of ['Peserta Contoh', person(1, '1998-03-12', 'F').nik, '1998-03-12', '082133000001']) {
      expect(text).not.toContain(secret)
    }
  })

  it('R11: refuses a person over the age limit, and one living outside the track regions', async () => {
    const { program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await enrol('p-old', person(2, '1980-05-01', 'M'), 'SELF')
    await enrol('p-kotabaru', person(3, '1999-01-20', 'M', '63.02'), 'SELF')
    const old = ruleOf(await select('prg-1', 'p-old'))
    expect(old).toMatchObject({ _tag: 'RuleViolation', rule: 'R11' })
    expect(old.message).toContain('aged 45 on 2026-03-02')
    expect(old.message).not.toContain('1980')
    const far = ruleOf(await select('prg-1', 'p-kotabaru'))
    expect(far).toMatchObject({ rule: 'R11' })
    expect(far.message).toContain('63.02')
  })

  it('R12: refuses a second selection in the same track; a second registration of the same NIK finds the first person', async () => {
    const { service, program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    const record = person(4, '2000-07-07', 'M')
    await enrol('p-4', record, 'SELF')
    expect(await service.register('p-4-again', { ...record, fullName: 'Nama Lain' }, context)()).toEqual(
      E.right({ personId: 'p-4', created: false }),
    )
    expect(E.isRight(await select('prg-1', 'p-4'))).toBe(true)
    expect(ruleOf(await select('prg-1', 'p-4'))).toMatchObject({ rule: 'R12' })
  })

  it('R12: a cross-program no-repeat policy refuses a beneficiary of another program', async () => {
    const { program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await program('prg-2', { maxPriorSimilarAid: 0 })
    await enrol('p-5', person(5, '2001-11-30', 'F'), 'SELF')
    expect(E.isRight(await select('prg-1', 'p-5'))).toBe(true)
    const repeat = ruleOf(await select('prg-2', 'p-5'))
    expect(repeat).toMatchObject({ rule: 'R12' })
    expect(repeat.message).toContain('at most 0 prior similar aid')
  })

  it('R13: refuses a 17-year-old until a guardian consents, then records the age band <18', async () => {
    const { program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await enrol('p-minor', person(6, '2008-03-12', 'M'), 'SELF')
    const refused = ruleOf(await select('prg-1', 'p-minor'))
    expect(refused).toMatchObject({ rule: 'R13' })
    expect(refused.message).toContain('under 18 on 2026-03-02')
    await enrol('p-minor-2', person(7, '2008-03-12', 'F'), 'GUARDIAN')
    expect(await select('prg-1', 'p-minor-2')).toMatchObject({
      right: { events: [{ data: { demographics: { ageBand: '<18', sex: 'F' } } }] },
    })
  })

  it('R30: refuses to enrol a person with no lawful basis, or whose consent was withdrawn', async () => {
    const { program, enrol, select, service } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await enrol('p-none', person(8, '1995-02-02', 'M'))
    const refused = ruleOf(await select('prg-1', 'p-none'))
    expect(refused).toMatchObject({ rule: 'R30' })
    expect(refused.message).toContain('no consent or other lawful basis for PROGRAM_PARTICIPATION')
    await enrol('p-erased', person(9, '1995-02-03', 'F'), 'SELF')
    await service.erase('p-erased', 'request of the data subject', context)()
    expect(await select('prg-1', 'p-erased')).toMatchObject({
      left: { _tag: 'VaultFailed', error: { _tag: 'PersonErased' } },
    })
  })

  it('logs every read of a record with who read it and for what purpose', async () => {
    const { vault, program, enrol, select } = await setup()
    await program('prg-1', { maxAgeYears: 35 })
    await enrol('p-10', person(10, '1997-09-09', 'M'), 'SELF')
    await select('prg-1', 'p-10')
    const log = await vault.accessLog('p-10')()
    expect(
      E.map((l: ReadonlyArray<{ action: string; purpose: string; actorId: string }>) =>
        l.map((a) => [a.action, a.purpose, a.actorId]),
      )(log),
    ).toEqual(
      E.right([
        ['REGISTER', 'PROGRAM_PARTICIPATION', 'user-dinas-7'],
        ['READ', 'ELIGIBILITY_CHECK', 'user-dinas-7'],
      ]),
    )
  })

  it.each([
    ['null', null, 'its options must be an object, got null'],
    ['no store', {}, 'its store must be an object with readStream(), readAll(), append(), got nothing'],
    ['no vault', { store: createInMemoryEventStore() }, 'its vault must be an object with register()'],
  ] as const)('given %s answers every call with the problem, never a throw', async (_, options, words) => {
    const service = personService(options as never)
    const results = [
      await service.register('p-x', {}, {} as never)(),
      await service.select({} as never)(),
      await service.erase('p-x', 'asked', {} as never)(),
    ]
    for (const result of results) {
      expect(result).toMatchObject({ left: { _tag: 'StoreFailed' } })
      expect(E.isLeft(result) && result.left.message).toContain(words)
    }
  })
})
