import { describe, expect, it } from 'vitest'
import { isProgram, programDecider, type ProgramCommand } from '../../../src/domain'
import { allocate, approve, cmd, ctx, funded, open, rejection, register, run, schedule, type Run } from './fixtures'

const started = (): Run => run([cmd('StartProgramExecution', { trigger: 'EQUIPMENT_PROCURED' })], funded())
const completed = (): Run => run([cmd('CompleteProgramExecution', {})], started())
const reported = (): Run =>
  run([cmd('SubmitProgramReport', { reportDoc: { kind: 'LAPORAN_KEGIATAN', number: 'LAP-1' } })], completed())

const states: Readonly<Record<string, () => Run>> = {
  PLANNED: () => run([register()]),
  APPROVED: () => run([register(), approve()]),
  FUNDED: funded,
  IN_EXECUTION: started,
  EXECUTION_COMPLETED: completed,
  REPORTED: reported,
  CLOSED: () => run([cmd('CloseProgram', {})], reported()),
  CANCELLED: () => run([register(), cmd('CancelProgram', { reason: 'refocusing anggaran' })]),
}

const transitions: ReadonlyArray<{
  readonly name: string
  readonly command: () => ProgramCommand
  readonly legal: Readonly<Record<string, string>>
}> = [
  { name: 'ApproveProgram', command: () => approve(), legal: { PLANNED: 'APPROVED' } },
  {
    name: 'AllocateFunding',
    command: () => allocate('l9', 5_000_000n),
    legal: {
      APPROVED: 'FUNDED',
      FUNDED: 'FUNDED',
      IN_EXECUTION: 'IN_EXECUTION',
      EXECUTION_COMPLETED: 'EXECUTION_COMPLETED',
      REPORTED: 'REPORTED',
    },
  },
  {
    name: 'StartProgramExecution',
    command: () => cmd('StartProgramExecution', { trigger: 'FACILITY_WORKS_CONTRACTED' }),
    legal: { FUNDED: 'IN_EXECUTION' },
  },
  {
    name: 'CompleteProgramExecution',
    command: () => cmd('CompleteProgramExecution', {}),
    legal: { IN_EXECUTION: 'EXECUTION_COMPLETED' },
  },
  {
    name: 'SubmitProgramReport',
    command: () => cmd('SubmitProgramReport', { reportDoc: { kind: 'LPJ', number: 'LPJ-1' } }),
    legal: { EXECUTION_COMPLETED: 'REPORTED' },
  },
  { name: 'CloseProgram', command: () => cmd('CloseProgram', {}), legal: { REPORTED: 'CLOSED' } },
  {
    name: 'CancelProgram',
    command: () => cmd('CancelProgram', { reason: 'dibatalkan' }),
    legal: { PLANNED: 'CANCELLED', APPROVED: 'CANCELLED', FUNDED: 'CANCELLED' },
  },
]

describe('Program state machine', () => {
  it('builds every state of research §4.6', () => {
    for (const [status, build] of Object.entries(states)) expect(build().state.status).toBe(status)
  })

  for (const transition of transitions) {
    for (const [status, build] of Object.entries(states)) {
      const next = transition.legal[status]
      if (next !== undefined) {
        it(`${transition.name} moves a ${status} program to ${next}`, () => {
          expect(run([transition.command()], build()).state.status).toBe(next)
        })
      } else {
        it(`${transition.name} is refused on a ${status} program`, () => {
          const error = rejection(transition.command(), build())
          expect(['InvalidTransition', 'RuleViolation', 'UnknownEntity']).toContain(error._tag)
          expect(error.message).toContain('prg-test')
        })
      }
    }
  }

  it('refuses an allocation before approval and after closing under rule R1', () => {
    expect(rejection(allocate('l9'), states.PLANNED!())).toMatchObject({ _tag: 'RuleViolation', rule: 'R1' })
    expect(rejection(allocate('l9'), states.CLOSED!())).toMatchObject({ _tag: 'RuleViolation', rule: 'R1' })
    expect(rejection(allocate('l9'), states.CANCELLED!())).toMatchObject({ _tag: 'RuleViolation', rule: 'R1' })
  })

  it('rejects every command but registration on an empty stream with UnknownEntity', () => {
    const error = rejection(approve(), { state: programDecider.initialState, events: [] })
    expect(error).toMatchObject({ _tag: 'UnknownEntity', entity: { kind: 'program', id: 'prg-test' } })
    expect(error.message).toContain('register it first')
  })

  it('refuses to register a program twice', () => {
    expect(rejection(register(), states.PLANNED!())).toMatchObject({ _tag: 'AlreadyExists' })
  })

  it('refuses a command addressed to another program', () => {
    const other = { ...approve(), data: { programId: 'prg-other' } } as ProgramCommand
    expect(rejection(other, states.PLANNED!())).toMatchObject({ _tag: 'InvalidCommand' })
  })

  it('moves a FUNDED program to IN_EXECUTION when its first batch opens', () => {
    const r = run([schedule(), open()], funded())
    expect(r.state.status).toBe('IN_EXECUTION')
  })

  it('refuses to complete execution while a batch is still open', () => {
    const r = run([schedule(), open()], funded())
    const error = rejection(cmd('CompleteProgramExecution', {}), r)
    expect(error).toMatchObject({ _tag: 'InvalidTransition' })
    expect(error.message).toContain('b1 is still open')
  })

  it('freezes the final realisation per line when closing', () => {
    const r = run(
      [
        cmd(
          'RealizeExpenditure',
          {
            lineId: 'l1',
            expenditureId: 'e1',
            amount: 40_000_000n,
            category: 'KONSUMSI',
            paymentDoc: { kind: 'SP2D', number: 'SP2D-1' },
          },
          ctx('2020-03-01'),
        ),
        cmd('StartProgramExecution', { trigger: 'OTHER' }),
        cmd('CompleteProgramExecution', {}),
        cmd('SubmitProgramReport', { reportDoc: { kind: 'LPJ', number: 'LPJ-1' } }),
        cmd('CloseProgram', {}),
      ],
      funded(),
    )
    const closed = r.events.at(-1)
    expect(closed).toEqual({
      type: 'ProgramClosed',
      data: {
        finalRealisation: [{ lineId: 'l1', source: 'DEKONSENTRASI', allocated: 100_000_000n, realised: 40_000_000n }],
      },
    })
  })

  it('refuses to cancel a program with realised spending', () => {
    const r = run(
      [
        cmd(
          'RealizeExpenditure',
          {
            lineId: 'l1',
            expenditureId: 'e1',
            amount: 1_000n,
            category: 'KONSUMSI',
            paymentDoc: { kind: 'SP2D', number: 'S' },
          },
          ctx('2020-03-01'),
        ),
      ],
      funded(),
    )
    expect(rejection(cmd('CancelProgram', { reason: 'x' }), r)).toMatchObject({ rule: 'R3' })
  })

  it('allows a reversal after closing, as an audit refund, without reopening the program', () => {
    const r = run(
      [
        cmd(
          'RealizeExpenditure',
          {
            lineId: 'l1',
            expenditureId: 'e1',
            amount: 40_000_000n,
            category: 'KONSUMSI',
            paymentDoc: { kind: 'SP2D', number: 'SP2D-1' },
          },
          ctx('2020-03-01'),
        ),
        cmd('StartProgramExecution', { trigger: 'OTHER' }),
        cmd('CompleteProgramExecution', {}),
        cmd('SubmitProgramReport', { reportDoc: { kind: 'LPJ', number: 'LPJ-1' } }),
        cmd('CloseProgram', {}),
        cmd('ReverseExpenditure', {
          expenditureId: 'e1',
          amount: 5_000_000n,
          reason: 'temuan BPK',
          refundDoc: { kind: 'STS_NTPN', number: 'NTPN-1' },
        }),
      ],
      funded(),
    )
    expect(r.state.status).toBe('CLOSED')
    expect(isProgram(r.state) && r.state.lines.get('l1')?.netRealised).toBe(35_000_000n)
  })
})
