import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  accessDenied,
  CommandFailed,
  commandFailureProblem,
  commandFailureStatus,
  corruptEvent,
  createInMemoryEventStore,
  duplicateEventId,
  hashChainBroken,
  invalidAppend,
  invalidRead,
  invalidStreamId,
  schemaMismatch,
  sequentialIds,
  steppingClock,
  storageFailure,
  storeClosed,
  storeUnavailable,
  streamDeleted,
  upcastFailed,
  wrongExpectedRevision,
  type CommandFailure,
  type EventId,
  type Revision,
} from '../../src'
import {
  alreadyExists,
  domainErrorStatus,
  ikmCommandHandler,
  ikmFailureStatus,
  ikmProblem,
  invalidCommand,
  invalidTransition,
  ruleViolation,
  unknownEntity,
  type DomainError,
} from '../../src/domain'
import { approve, open, PROGRAM_ID, register, schedule } from './program/fixtures'

const asJson = (command: unknown): unknown =>
  JSON.parse(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)))

const entity = { kind: 'program' as const, id: PROGRAM_ID }
const rejected = (rejection: DomainError): CommandFailure<DomainError> => ({
  _tag: 'CommandRejected',
  streamId: `program-${PROGRAM_ID}`,
  rejection,
})

describe('ikmFailureStatus', () => {
  it('maps every domain rejection to its HTTP status', () => {
    expect(domainErrorStatus(invalidCommand('X', 'bad field'))).toBe(400)
    expect(domainErrorStatus(unknownEntity(entity, 'no batch b9'))).toBe(404)
    expect(domainErrorStatus(invalidTransition(entity, 'PLANNED', 'CloseProgram', 'not open'))).toBe(409)
    expect(domainErrorStatus(alreadyExists(entity, 'exists'))).toBe(409)
    expect(domainErrorStatus(ruleViolation('R7', entity, 'not funded'))).toBe(422)
    expect(ikmFailureStatus(rejected(ruleViolation('R7', entity, 'not funded')))).toBe(422)
    expect(ikmFailureStatus(unknownEntity(entity, 'not there'))).toBe(404)
  })

  it('maps every store failure to its HTTP status', () => {
    const id = '0190f8a2-0000-7000-8000-000000000001' as EventId
    expect(ikmFailureStatus(wrongExpectedRevision('program-x', 0n, 1n as Revision))).toBe(412)
    expect(ikmFailureStatus(duplicateEventId(id, 'program-x', 'program-y', 0n as Revision, 'reused'))).toBe(409)
    expect(ikmFailureStatus(streamDeleted('program-x'))).toBe(410)
    expect(ikmFailureStatus(storeUnavailable('append', 'connection refused'))).toBe(503)
    expect(ikmFailureStatus(storeClosed('append'))).toBe(503)
    expect(ikmFailureStatus(corruptEvent('program-x', 0n as Revision, undefined, 'bad'))).toBe(500)
    expect(ikmFailureStatus(storageFailure('append', new Error('disk full')))).toBe(500)
    expect(
      ikmFailureStatus({ _tag: 'EventEncodingFailed', streamId: 'program-x', type: 'T', index: 0, reason: 'bug' }),
    ).toBe(500)
  })
})

describe('ikmProblem', () => {
  it('turns a stale If-Match into a problem document that JSON.stringify accepts, revisions as decimal strings', () => {
    const problem = ikmProblem(wrongExpectedRevision('program-x', 2n as Revision, 5n as Revision))
    expect(JSON.parse(JSON.stringify(problem))).toEqual({
      type: 'urn:ikm-ledger:problem:WrongExpectedRevision',
      title: 'WrongExpectedRevision',
      status: 412,
      code: 'STORE_WRONG_EXPECTED_REVISION',
      detail: expect.stringContaining('someone else wrote first'),
      streamId: 'program-x',
      expected: '2',
      actual: '5',
    })
  })

  it('lifts a rejection’s rule and entity to the top, with its message as the detail', () => {
    const problem = ikmProblem(
      rejected(ruleViolation('R7', entity, 'program prg-test is APPROVED, not FUNDED (rule R7)')),
    )
    expect(problem).toMatchObject({
      title: 'RuleViolation',
      status: 422,
      code: 'DOMAIN_R7',
      rule: 'R7',
      entity,
      streamId: `program-${PROGRAM_ID}`,
      detail: expect.stringContaining('not FUNDED (rule R7)'),
    })
    expect(problem).not.toHaveProperty('message')
  })

  it('keeps a driver error out of the body', () => {
    const problem = ikmProblem(storageFailure('append', new Error('relation "events" does not exist at 10.0.0.5')))
    expect(JSON.stringify(problem)).not.toContain('10.0.0.5')
    expect(problem).toMatchObject({ status: 500, title: 'StorageFailure' })
  })

  it('answers a real rejected command with the rule it broke', async () => {
    const store = createInMemoryEventStore({ clock: steppingClock('2026-01-01T00:00:00.000Z') })
    const handle = ikmCommandHandler({ store, ids: sequentialIds() })
    const stream = `program-${PROGRAM_ID}`
    for (const command of [register(), approve(), schedule()]) {
      expect(E.isRight(await handle(stream, asJson(command))())).toBe(true)
    }
    const opened = await handle(stream, asJson(open()))()
    if (E.isRight(opened)) throw new Error('opening a batch of an unfunded program must fail (R7)')
    expect(ikmFailureStatus(opened.left)).toBe(422)
    expect(ikmProblem(opened.left)).toMatchObject({ status: 422, rule: 'R7', streamId: stream })
  })
})

describe('one status for every failure, whichever helper is asked', () => {
  const id = '0190f8a2-0000-7000-8000-000000000001' as EventId
  const rejections: ReadonlyArray<readonly [DomainError, number]> = [
    [invalidCommand('X', 'bad field'), 400],
    [unknownEntity(entity, 'no batch b9'), 404],
    [invalidTransition(entity, 'PLANNED', 'CloseProgram', 'not open'), 409],
    [alreadyExists(entity, 'exists'), 409],
    [ruleViolation('R7', entity, 'not funded'), 422],
  ]
  const failures: ReadonlyArray<readonly [string, CommandFailure<DomainError>, number]> = [
    ...rejections.map(
      ([rejection, status]) => [`CommandRejected/${rejection._tag}`, rejected(rejection), status] as const,
    ),
    [
      'EventEncodingFailed',
      { _tag: 'EventEncodingFailed', streamId: 'program-x', type: 'T', index: 0, reason: 'bug' },
      500,
    ],
    ['InvalidStreamId', invalidStreamId('program-a b', 'its id part may only hold printable ASCII'), 400],
    ['InvalidAppend', invalidAppend('program-x', 'bad'), 400],
    ['InvalidRead', invalidRead('bad bound'), 400],
    ['WrongExpectedRevision', wrongExpectedRevision('program-x', 0n, 1n as Revision), 412],
    ['DuplicateEventId', duplicateEventId(id, 'program-x', 'program-y', 0n as Revision, 'reused'), 409],
    ['StreamDeleted', streamDeleted('program-x'), 410],
    ['AccessDenied', accessDenied('append', 'no grant'), 403],
    ['StoreUnavailable', storeUnavailable('append', 'connection refused'), 503],
    ['StoreClosed', storeClosed('append'), 503],
    ['CorruptEvent', corruptEvent('program-x', 0n as Revision, undefined, 'bad'), 500],
    ['HashChainBroken', hashChainBroken('program-x', 0n as Revision, 'edited'), 500],
    ['UpcastFailed', upcastFailed('program-x', 0n as Revision, 'T', 1, 'no upcaster'), 500],
    ['SchemaMismatch', schemaMismatch('version 9'), 500],
    ['StorageFailure', storageFailure('append', new Error('disk full')), 500],
  ]

  it.each(failures)(
    '%s: ikmFailureStatus, commandFailureStatus, ikmProblem and CommandFailed agree',
    (_, failure, status) => {
      expect(ikmFailureStatus(failure)).toBe(status)
      expect(commandFailureStatus(failure)).toBe(status)
      expect(ikmProblem(failure).status).toBe(status)
      expect(commandFailureProblem(failure).status).toBe(status)
      // The Promise facade's error serialises to the very same problem document.
      const thrown = JSON.parse(JSON.stringify(new CommandFailed(failure)))
      expect(thrown).toEqual(JSON.parse(JSON.stringify(ikmProblem(failure))))
      expect(thrown.status).toBe(status)
    },
  )

  it.each(rejections.map(([rejection, status]) => [rejection._tag, rejection, status] as const))(
    'a bare %s (from a state read) has the status it has inside CommandRejected',
    (_, rejection, status) => {
      expect(domainErrorStatus(rejection)).toBe(status)
      expect(ikmFailureStatus(rejection)).toBe(status)
      expect(ikmProblem(rejection).status).toBe(status)
    },
  )
})
