/**
 * The equipment package aggregate (stream `equipment-<id>`). Custody follows the legal BMN path
 * (Permenperin 122/2012): `PROCURED → WITH_PEMDA_OPERATIONAL → (PSP) → OWNED_BY_PEMDA → LENT_TO_GROUP |
 * GRANTED_TO_GROUP → (reassigned ↺) → WRITTEN_OFF`. A package the Pemda bought itself (APBD / DAK) is BMD from
 * the start and begins at `OWNED_BY_PEMDA`. Rules R20–R25; R34 for where the goods are kept (a sentra, UPT or UPTD).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import type { Decider } from '../../index'
import type { IkmReferenceData } from '../ReferenceData'
import type { CommandContext } from '../CommandContext'
import { invalidCommand, ruleViolation, type DomainError, type EntityRef } from '../DomainError'
import type { RecipientGroupFacts } from '../group/GroupFacts'
import {
  evolveGaps,
  flagGap,
  requireDocuments,
  resolveGap,
  withGaps,
  refuseInState,
  type Decision as DecisionOf,
  type OpenGaps,
  streamDecider,
} from '../internal/DeciderSupport'
import { type DocKind, type DocumentRef } from '../values/Document'
import { isWithinRegion } from '../values/Region'
import { type OrgKind, type OrgRef } from '../values/Organisation'
import type { EquipmentCommand } from './EquipmentCommands'
import type {
  EquipmentEvent,
  EquipmentItem,
  GrantCondition,
  RecipientRef,
  RecipientShare,
  UtilizationStatus,
} from './EquipmentEvents'
import type { BusinessOwnerFacts } from './RecipientFacts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where a package is in its legal custody chain.
 *
 * @category model
 * @since 0.1.0
 */
export type Custody =
  'PROCURED' | 'WITH_PEMDA_OPERATIONAL' | 'OWNED_BY_PEMDA' | 'LENT_TO_GROUP' | 'GRANTED_TO_GROUP' | 'WRITTEN_OFF'

/**
 * A package that exists.
 *
 * @category model
 * @since 0.1.0
 */
export interface EquipmentPackage {
  readonly status: Custody
  readonly packageId: string
  readonly programId: string
  readonly description: string
  readonly procuredBy: 'SATKER' | 'PEMDA'
  /** The items as procured (empty when the source did not say what the package holds). */
  readonly items: ReadonlyArray<EquipmentItem>
  /** Known only when the procurement recorded it; never derived from news. */
  readonly totalValue: bigint | undefined
  /** Who has the goods: the procuring satker, then the Pemda. */
  readonly holder: OrgRef
  /**
   * The owner of record: the satker (BMN) until ownership is transferred, then the Pemda (BMD). After a grant the
   * group named by `groupId` holds it under the hibah; `owner` stays the Pemda that granted it and monitors it.
   */
  readonly owner: OrgRef
  readonly usageStatusDetermined: boolean
  readonly hibahApproved: boolean
  readonly derecognizedFromBmn: boolean
  /** The group that uses or owns it now, when that is one group alone. */
  readonly groupId: string | undefined
  /** Everyone who uses or owns it now (groups and individual businesses); empty while it is with the government. */
  readonly recipients: ReadonlyArray<RecipientRef>
  /** The conditions of the current grant or loan. */
  readonly grantConditions: ReadonlyArray<GrantCondition>
  /** The end of the current loan's term, when the loan gave one. */
  readonly loanUntil: string | undefined
  /** The sentra, UPT or UPTD where the goods are kept, when that was recorded (`PlaceEquipmentAtFacility`). */
  readonly facilityId: string | undefined
  /** The last monitoring finding since the current group assignment. */
  readonly lastMonitoring: UtilizationStatus | undefined
  readonly ceremonialHandovers: number
  readonly openGaps: OpenGaps
}

/**
 * The state of an `equipment-<id>` stream: `NONE` before `EquipmentProcured`.
 *
 * @category model
 * @since 0.1.0
 */
export type EquipmentState = { readonly status: 'NONE' } | EquipmentPackage

/**
 * The stream id of a package.
 *
 * @category constructors
 * @since 0.1.0
 */
export const equipmentStreamId = (packageId: string): string => `equipment-${packageId}`

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

type Decision = DecisionOf<EquipmentEvent>

const PEMDA_SIDE: ReadonlyArray<OrgKind> = ['PEMDA_PROV', 'PEMDA_KABKOTA', 'DINAS_PROV', 'DINAS_KABKOTA', 'UPTD']

const isPemdaSide = (org: OrgRef): boolean => PEMDA_SIDE.includes(org.kind)

const entityOf = (packageId: string): EntityRef => ({ kind: 'equipment', id: packageId })

const sameOrg = (a: OrgRef, b: OrgRef): boolean =>
  a.orgId === b.orgId || (a.region !== undefined && b.region !== undefined && a.region.code === b.region.code)

const documents =
  (pkg: EquipmentPackage, context: CommandContext) =>
  (
    rule: 'R20' | 'R21' | 'R22' | 'R24',
    step: string,
    action: string,
    docs: ReadonlyArray<[ReadonlyArray<DocKind>, DocumentRef | undefined]>,
  ) =>
    requireDocuments({
      rule,
      entity: entityOf(pkg.packageId),
      subject: `equipment-${pkg.packageId}/${step}`,
      context,
      documents: docs.map(([kinds, supplied]) => ({ kinds, supplied })),
      openGaps: pkg.openGaps,
      action: `${action} equipment package ${pkg.packageId}`,
    })

/** R22(b): the group exists, is not dissolved, and lies in the owning Pemda's region. */
const checkGroup = (pkg: EquipmentPackage, group: RecipientGroupFacts, action: string): E.Either<DomainError, void> => {
  const fail = (why: string, todo: string) =>
    E.left(
      ruleViolation(
        'R22',
        entityOf(pkg.packageId),
        `cannot ${action} package ${pkg.packageId} to group ${group.groupId}: ${why} (rule R22); ${todo}`,
      ),
    )
  if (group.status === 'NOT_FOUND') return fail('the group does not exist', 'form the group first (FormGroup)')
  if (group.status === 'DISSOLVED') return fail('the group is dissolved', 'choose an active group')
  if (group.region === undefined || pkg.owner.region === undefined) {
    return fail(
      `the region of the ${group.region === undefined ? 'group' : `owner ${pkg.owner.nameAtEvent}`} is unknown`,
      'look it up and send it with the command so the region can be checked',
    )
  }
  if (!isWithinRegion(group.region, pkg.owner.region)) {
    return fail(
      `the group is in ${group.region.nameAtEvent} (${group.region.code}), outside the region of ${pkg.owner.nameAtEvent} ` +
        `(${pkg.owner.region.code})`,
      'a Pemda can only give equipment to a group in its own region',
    )
  }
  return E.right(undefined)
}

/**
 * A recipient's key: `group:<id>` or `business:<owner person id>`.
 *
 * @category utils
 * @since 0.1.0
 */
export const recipientKey = (r: RecipientRef): string =>
  r.kind === 'GROUP' ? `group:${r.groupId}` : `business:${r.ownerPersonId}`

/**
 * R22(b) for an individual business: its owner is a registered person, not erased, living in the owning Pemda's
 * region. An owner the caller could not find is refused in `OPERATIONAL` mode; an import records the business
 * with a gap, for the owner to be registered later (the news names no one), never with a made-up person.
 */
const checkOwner = (
  pkg: EquipmentPackage,
  owner: BusinessOwnerFacts,
  action: string,
  context: CommandContext,
): E.Either<DomainError, ReadonlyArray<EquipmentEvent>> => {
  const fail = (why: string, todo: string) =>
    E.left(
      ruleViolation(
        'R22',
        entityOf(pkg.packageId),
        `cannot ${action} package ${pkg.packageId} to the business of person ${owner.personId}: ${why} (rule R22); ${todo}`,
      ),
    )
  if (owner.status === 'ERASED') return fail('the owner’s record was erased', 'choose a registered owner')
  if (owner.status === 'NOT_FOUND') {
    return context.mode === 'OPERATIONAL'
      ? fail('the owner is not registered', 'register the person first (RegisterPerson, with the record in the vault)')
      : E.right(
          flagGap(
            'R22',
            `equipment-${pkg.packageId}/recipient-business-${owner.personId}`,
            `the owner (person ${owner.personId}) of a business receiving package ${pkg.packageId} is not registered; ` +
              'register the person (RegisterPerson) so the recipient can be checked',
            pkg.openGaps,
          ),
        )
  }
  if (owner.domicile === undefined || pkg.owner.region === undefined) {
    return fail(
      `the region of the ${owner.domicile === undefined ? 'owner' : `Pemda ${pkg.owner.nameAtEvent}`} is unknown`,
      'look it up and send it with the command so the region can be checked',
    )
  }
  if (!isWithinRegion(owner.domicile, pkg.owner.region)) {
    return fail(
      `the owner lives in ${owner.domicile.nameAtEvent} (${owner.domicile.code}), outside the region of ` +
        `${pkg.owner.nameAtEvent} (${pkg.owner.region.code})`,
      'a Pemda can only give equipment to a business in its own region',
    )
  }
  return E.right([])
}

/**
 * Shares recorded for some recipients must fit in the package: each item a share names is one of the package's
 * items, and no item is given out more than the package holds. A package whose contents were not recorded has
 * nothing to compare with; its shares are kept as recorded.
 */
const checkShares = (pkg: EquipmentPackage, shares: ReadonlyArray<RecipientShare>): E.Either<DomainError, void> => {
  if (pkg.items.length === 0) return E.right(undefined)
  const given = new Map<string, number>()
  for (const share of shares)
    for (const item of share.items ?? []) given.set(item.name, (given.get(item.name) ?? 0) + item.qty)
  for (const [name, qty] of given) {
    const held = pkg.items.filter((i) => i.name === name).reduce((n, i) => n + i.qty, 0)
    if (qty > held) {
      return E.left(
        ruleViolation(
          'R22',
          entityOf(pkg.packageId),
          `cannot give out ${qty} × ${name} from package ${pkg.packageId}: the package holds ${held} (rule R22: ` +
            'shares are parts of the package as procured); correct the shares or the procurement record',
        ),
      )
    }
  }
  return E.right(undefined)
}

const wrongState = (pkg: EquipmentPackage, command: string, todo: string): Decision =>
  refuseInState(entityOf(pkg.packageId), 'equipment package', pkg.status, command, todo)

/**
 * R22(a) and (d) for every way of giving a package away (to a group, or to several recipients): not granted
 * already, owned by the Pemda (a grant may also convert a loan), and given by the Pemda that owns it.
 */
const mayGive = (
  pkg: EquipmentPackage,
  commandType: string,
  grant: boolean,
  from: OrgRef,
  toWhom: string,
): E.Either<DomainError, void> => {
  const entity = entityOf(pkg.packageId)
  const verb = grant ? 'grant' : 'lend'
  if (pkg.status === 'GRANTED_TO_GROUP') {
    const holders = pkg.groupId === undefined ? pkg.recipients.map(recipientKey).join(', ') : `group ${pkg.groupId}`
    return E.left(
      ruleViolation(
        'R22',
        entity,
        `cannot ${verb} package ${pkg.packageId}: it was granted to ${holders} already (rule R22); ` +
          'use ReassignEquipment after a monitoring visit finds it unused',
      ),
    )
  }
  const ownedByPemda = pkg.status === 'OWNED_BY_PEMDA' || (grant && pkg.status === 'LENT_TO_GROUP')
  if (!ownedByPemda) {
    return pkg.status === 'LENT_TO_GROUP'
      ? E.map(() => undefined)(wrongState(pkg, commandType, 'it is lent already; grant it or reassign it instead'))
      : E.left(
          ruleViolation(
            'R22',
            entity,
            `cannot ${verb} package ${pkg.packageId} to ${toWhom}: it is ${pkg.status} and ` +
              `still owned by ${pkg.owner.nameAtEvent} (rule R22; the legal path is satker → Pemda → group, ` +
              'Permenperin 122/2012 Pasal 8); hand it over to the Pemda and transfer ownership first',
          ),
        )
  }
  if (!sameOrg(from, pkg.owner)) {
    return E.left(
      ruleViolation(
        'R22',
        entity,
        `cannot ${verb} package ${pkg.packageId}: ${from.nameAtEvent} does not own it, ${pkg.owner.nameAtEvent} does ` +
          '(rule R22); the owning Pemda must be the one that gives it',
      ),
    )
  }
  return E.right(undefined)
}

const bmdFromStart = (pkg: EquipmentPackage, command: string): Decision =>
  E.left(
    ruleViolation(
      'R21',
      entityOf(pkg.packageId),
      `cannot ${command} on equipment package ${pkg.packageId}: the Pemda bought it, so it is BMD from the start and ` +
        'skips the ministry-to-Pemda steps (rule R21); lend or grant it to a group directly',
    ),
  )

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const procure = (command: Extract<EquipmentCommand, { type: 'ProcureEquipment' }>): Decision => {
  const d = command.data
  const entity = entityOf(d.packageId)
  if (d.procuredBy === 'PEMDA' && !isPemdaSide(d.procuringOrg)) {
    return E.left(
      invalidCommand(
        command.type,
        `package ${d.packageId} is marked procuredBy PEMDA but ${d.procuringOrg.nameAtEvent} is a ${d.procuringOrg.kind}; ` +
          'name the Pemda (or its dinas) as procuringOrg, or mark it SATKER',
      ),
    )
  }
  const prices = d.items.map((i) => (i.unitPrice === undefined ? undefined : BigInt(i.qty) * i.unitPrice))
  if (d.totalValue !== undefined && d.items.length > 0 && prices.every((p) => p !== undefined)) {
    const sum = prices.reduce<bigint>((a, p) => a + (p ?? 0n), 0n)
    if (sum !== d.totalValue) {
      return E.left(
        ruleViolation(
          'R20',
          entity,
          `cannot record procurement of package ${d.packageId}: totalValue is ${d.totalValue} but the items add up to ` +
            `${sum} (quantity × unit price) (rule R20); correct the total or the item prices`,
        ),
      )
    }
  }
  const gaps = requireDocuments({
    rule: 'R20',
    entity,
    subject: `equipment-${d.packageId}/procurement`,
    context: command.context,
    documents: [
      { kinds: ['KONTRAK'], supplied: d.contractDoc },
      { kinds: ['BAST_PENYEDIA_PPK'], supplied: d.bastSupplierDoc },
    ],
    openGaps: {},
    action: `record procurement of equipment package ${d.packageId}`,
  })
  return withGaps({ type: 'EquipmentProcured', data: d }, gaps)
}

const decideOn = (
  command: Exclude<EquipmentCommand, { type: 'ProcureEquipment' }>,
  pkg: EquipmentPackage,
): Decision => {
  const entity = entityOf(pkg.packageId)
  const docs = documents(pkg, command.context)
  if (command.type === 'ResolveComplianceGap') {
    return resolveGap(entity, pkg.openGaps, command.data, command.context)
  }
  if (command.type === 'DerecognizeEquipmentFromBmn') {
    if (pkg.procuredBy === 'PEMDA') return bmdFromStart(pkg, command.type)
    if (pkg.derecognizedFromBmn) return wrongState(pkg, command.type, 'it is already derecognised from BMN')
    // A written-off package may leave the books whoever owned it; otherwise only after the Pemda owns it.
    if (pkg.status === 'PROCURED' || pkg.status === 'WITH_PEMDA_OPERATIONAL') {
      return E.left(
        ruleViolation(
          'R21',
          entity,
          `cannot derecognise package ${pkg.packageId} from BMN: it is ${pkg.status} and the ministry still owns it ` +
            '(rule R21); transfer ownership to the Pemda first',
        ),
      )
    }
    const { packageId: _, ...data } = command.data
    return withGaps(
      { type: 'EquipmentDerecognizedFromBmn', data },
      docs('R21', 'derecognition', 'derecognise', [[['OTHER'], data.doc]]),
    )
  }
  if (pkg.status === 'WRITTEN_OFF') return wrongState(pkg, command.type, 'a written-off package takes no further steps')
  switch (command.type) {
    case 'RecordCeremonialHandover': {
      const { packageId: _, ...data } = command.data
      return E.right([{ type: 'EquipmentCeremoniallyHandedOver', data }])
    }
    case 'HandOverEquipmentOperationally': {
      if (pkg.procuredBy === 'PEMDA') return bmdFromStart(pkg, command.type)
      if (pkg.status !== 'PROCURED') return wrongState(pkg, command.type, 'it has been handed over already')
      const { packageId: _, ...data } = command.data
      if (!isPemdaSide(data.to)) {
        return E.left(
          ruleViolation(
            'R21',
            entity,
            `cannot hand package ${pkg.packageId} over to ${data.to.nameAtEvent} (${data.to.kind}): equipment goes ` +
              'satker → Pemda → group (rule R21); hand it over to the Pemda or its dinas first',
          ),
        )
      }
      return withGaps(
        { type: 'EquipmentOperationallyHandedOver', data },
        docs('R21', 'operational-handover', 'hand over', [[['BAST_OPERASIONAL'], data.bastDoc]]),
      )
    }
    case 'DetermineEquipmentUsageStatus':
    case 'ApproveEquipmentHibah': {
      if (pkg.procuredBy === 'PEMDA') return bmdFromStart(pkg, command.type)
      const psp = command.type === 'DetermineEquipmentUsageStatus'
      if (pkg.status !== 'WITH_PEMDA_OPERATIONAL' || (psp ? pkg.usageStatusDetermined : pkg.hibahApproved)) {
        return pkg.status === 'PROCURED'
          ? E.left(
              ruleViolation(
                'R21',
                entity,
                `cannot ${command.type} on package ${pkg.packageId}: it has not been handed over to the Pemda ` +
                  '(rule R21: procured → operational handover → PSP → hibah approval → ownership); hand it over first',
              ),
            )
          : wrongState(pkg, command.type, 'this step is done already or no longer applies')
      }
      if (command.type === 'DetermineEquipmentUsageStatus') {
        const { packageId: _, ...data } = command.data
        return withGaps(
          { type: 'EquipmentUsageStatusDetermined', data },
          docs('R21', 'usage-status', 'determine the usage status of', [[['SK_PSP'], data.doc]]),
        )
      }
      const { packageId: _, ...data } = command.data
      return withGaps(
        { type: 'EquipmentHibahApproved', data },
        docs('R21', 'hibah-approval', 'approve the hibah of', [[['PERSETUJUAN_HIBAH'], data.doc]]),
      )
    }
    case 'TransferEquipmentOwnership': {
      if (pkg.procuredBy === 'PEMDA') return bmdFromStart(pkg, command.type)
      if (pkg.status === 'PROCURED') {
        return E.left(
          ruleViolation(
            'R21',
            entity,
            `cannot transfer ownership of package ${pkg.packageId}: it is still PROCURED and the operational handover ` +
              'to the Pemda is missing (rule R21: no step may be skipped); hand it over operationally first',
          ),
        )
      }
      if (pkg.status !== 'WITH_PEMDA_OPERATIONAL')
        return wrongState(pkg, command.type, 'ownership is with the Pemda already')
      const { packageId: _, ...data } = command.data
      if (!isPemdaSide(data.toPemda) || !sameOrg(data.toPemda, pkg.holder)) {
        return E.left(
          ruleViolation(
            'R21',
            entity,
            `cannot transfer ownership of package ${pkg.packageId} to ${data.toPemda.nameAtEvent}: the Pemda that holds it ` +
              `is ${pkg.holder.nameAtEvent} (rule R21); transfer it to the Pemda that received the operational handover`,
          ),
        )
      }
      return withGaps(
        { type: 'EquipmentOwnershipTransferred', data },
        docs('R21', 'ownership-transfer', 'transfer ownership of', [
          [['NASKAH_HIBAH'], data.naskahHibahDoc],
          [['BAST_HIBAH'], data.bastDoc],
        ]),
      )
    }
    case 'LendEquipmentToGroup':
    case 'GrantEquipmentToGroup': {
      const grant = command.type === 'GrantEquipmentToGroup'
      const verb = grant ? 'grant' : 'lend'
      const from = grant ? command.data.grantor : command.data.lender
      const allowed = mayGive(pkg, command.type, grant, from, `group ${command.data.groupId}`)
      if (E.isLeft(allowed)) return allowed
      if (command.data.group.groupId !== command.data.groupId) {
        return E.left(
          invalidCommand(
            command.type,
            `the group facts are about ${command.data.group.groupId} but the command names group ${command.data.groupId}; ` +
              'look up the facts of the group you name',
          ),
        )
      }
      if (grant && pkg.status === 'LENT_TO_GROUP') {
        if (command.data.groupId !== pkg.groupId) {
          return E.left(
            ruleViolation(
              'R22',
              entity,
              `cannot grant package ${pkg.packageId} to group ${command.data.groupId}: it is lent to group ` +
                `${pkg.groupId ?? '?'} (rule R22); a loan converts into a grant to its borrower only, or reassign it first`,
            ),
          )
        }
        if (pkg.loanUntil !== undefined && command.context.occurredOn < pkg.loanUntil) {
          return E.left(
            ruleViolation(
              'R22',
              entity,
              `cannot convert the loan of package ${pkg.packageId} into a grant on ${command.context.occurredOn}: its term ` +
                `runs until ${pkg.loanUntil} (rule R22); grant it when the term has ended`,
            ),
          )
        }
      }
      return pipe(
        checkGroup(pkg, command.data.group, verb),
        E.flatMap(() => {
          if (command.type === 'GrantEquipmentToGroup') {
            const { packageId: _, group: _g, ...data } = command.data
            return withGaps(
              { type: 'EquipmentGrantedToGroup', data },
              docs('R22', 'grant', 'grant', [[['NPHD', 'BAST_HIBAH'], data.grantDoc]]),
            )
          }
          const { packageId: _, group: _g, ...data } = command.data
          return withGaps(
            { type: 'EquipmentLentToGroup', data },
            docs('R21', 'loan', 'lend', [[['PINJAM_PAKAI', 'PKS'], data.agreementDoc]]),
          )
        }),
      )
    }
    case 'LendEquipmentToRecipients':
    case 'GrantEquipmentToRecipients': {
      const grant = command.type === 'GrantEquipmentToRecipients'
      const verb = grant ? 'grant' : 'lend'
      const { packageId: _, groups = [], owners = [], ...data } = command.data
      const from = 'grantor' in data ? data.grantor : data.lender
      const allowed = mayGive(pkg, command.type, grant, from, `${data.recipients.length} recipients`)
      if (E.isLeft(allowed)) return allowed
      const keys = data.recipients.map((r) => recipientKey(r.recipient))
      if (keys.length === 0 || new Set(keys).size !== keys.length) {
        return E.left(
          invalidCommand(
            command.type,
            keys.length === 0
              ? `${command.type} names no recipient; name every group and business that receives the package`
              : `${command.type} names a recipient twice; name each one once, with its whole share`,
          ),
        )
      }
      if (grant && pkg.status === 'LENT_TO_GROUP') {
        const lentTo = pkg.recipients.map(recipientKey).sort().join(', ')
        if ([...keys].sort().join(', ') !== lentTo) {
          return E.left(
            ruleViolation(
              'R22',
              entity,
              `cannot grant package ${pkg.packageId} to ${keys.join(', ')}: it is lent to ${lentTo} (rule R22); a loan ` +
                'converts into a grant to its borrowers only, or reassign it first',
            ),
          )
        }
        if (pkg.loanUntil !== undefined && command.context.occurredOn < pkg.loanUntil) {
          return E.left(
            ruleViolation(
              'R22',
              entity,
              `cannot convert the loan of package ${pkg.packageId} into a grant on ${command.context.occurredOn}: its ` +
                `term runs until ${pkg.loanUntil} (rule R22); grant it when the term has ended`,
            ),
          )
        }
      }
      const checks: Array<E.Either<DomainError, ReadonlyArray<EquipmentEvent>>> = []
      for (const { recipient } of data.recipients) {
        if (recipient.kind === 'GROUP') {
          const facts = groups.find((g) => g.groupId === recipient.groupId)
          if (facts === undefined) {
            return E.left(
              invalidCommand(
                command.type,
                `send the facts of group ${recipient.groupId} in groups (groupFactsOf) so it can be checked`,
              ),
            )
          }
          checks.push(E.map(() => [])(checkGroup(pkg, facts, verb)))
        } else {
          const facts = owners.find((o) => o.personId === recipient.ownerPersonId)
          if (facts === undefined) {
            return E.left(
              invalidCommand(
                command.type,
                `send the facts of person ${recipient.ownerPersonId} in owners (businessOwnerFactsOf) so the ` +
                  'business can be checked',
              ),
            )
          }
          checks.push(checkOwner(pkg, facts, verb, command.context))
        }
      }
      const gaps: Array<EquipmentEvent> = []
      for (const check of checks) {
        if (E.isLeft(check)) return check
        gaps.push(...check.right)
      }
      const shares = checkShares(pkg, data.recipients)
      if (E.isLeft(shares)) return shares
      const withOwnerGaps = (decision: Decision): Decision =>
        E.map((events: ReadonlyArray<EquipmentEvent>) => [...events, ...gaps])(decision)
      if ('grantor' in data) {
        return withOwnerGaps(
          withGaps(
            { type: 'EquipmentGrantedToRecipients', data },
            docs('R22', 'grant', 'grant', [[['NPHD', 'BAST_HIBAH'], data.grantDoc]]),
          ),
        )
      }
      return withOwnerGaps(
        withGaps(
          { type: 'EquipmentLentToRecipients', data },
          docs('R21', 'loan', 'lend', [[['PINJAM_PAKAI', 'PKS'], data.agreementDoc]]),
        ),
      )
    }
    case 'MonitorEquipmentUtilization': {
      const { packageId: _, ...data } = command.data
      const flag =
        (pkg.status === 'GRANTED_TO_GROUP' || pkg.status === 'LENT_TO_GROUP') &&
        pkg.grantConditions.includes('NO_TRANSFER') &&
        data.status === 'TRANSFERRED_WITHOUT_PERMISSION'
          ? flagGap(
              'R25',
              `equipment-${pkg.packageId}/transfer-without-permission`,
              `package ${pkg.packageId} was ${pkg.status === 'LENT_TO_GROUP' ? 'lent' : 'granted'} to group ` +
                `${pkg.groupId ?? '?'} on condition NO_TRANSFER and was ` +
                'found transferred without permission; follow up and record the decision document',
              pkg.openGaps,
            )
          : []
      return E.right([{ type: 'EquipmentUtilizationMonitored', data }, ...flag])
    }
    case 'ReassignEquipment': {
      if (pkg.status !== 'LENT_TO_GROUP' && pkg.status !== 'GRANTED_TO_GROUP') {
        return wrongState(pkg, command.type, 'only equipment with a group can be reassigned; lend or grant it first')
      }
      const { packageId: _, toGroup, ...data } = command.data
      if (
        data.fromGroupId !== pkg.groupId ||
        toGroup.groupId !== data.toGroupId ||
        data.toGroupId === data.fromGroupId
      ) {
        return E.left(
          invalidCommand(
            command.type,
            `package ${pkg.packageId} is with group ${pkg.groupId ?? '?'}; name it as fromGroupId, a different group as ` +
              'toGroupId, and send the facts of that target group',
          ),
        )
      }
      if (pkg.lastMonitoring !== 'NOT_USED' && pkg.lastMonitoring !== 'UNDERUSED') {
        return E.left(
          ruleViolation(
            'R24',
            entity,
            `cannot reassign package ${pkg.packageId}: ${
              pkg.lastMonitoring === undefined
                ? 'no monitoring visit has been recorded since it went to the group'
                : `the last monitoring found it ${pkg.lastMonitoring}`
            } (rule R24); record a monitoring visit that finds it NOT_USED or UNDERUSED first`,
          ),
        )
      }
      return pipe(
        checkGroup(pkg, toGroup, 'reassign'),
        E.flatMap(() =>
          withGaps(
            { type: 'EquipmentReassigned', data },
            docs('R24', `reassignment-to-${data.toGroupId}`, 'reassign', [[['OTHER'], data.decisionDoc]]),
          ),
        ),
      )
    }
    case 'PlaceEquipmentAtFacility': {
      const { packageId: _, facility, ...data } = command.data
      const place = (why: string, todo: string): Decision =>
        E.left(
          ruleViolation(
            'R34',
            entity,
            `cannot place package ${pkg.packageId} at facility ${data.facilityId}: ${why} (rule R34); ${todo}`,
          ),
        )
      if (facility.facilityId !== data.facilityId) {
        return E.left(
          invalidCommand(
            command.type,
            `the facility facts are about ${facility.facilityId} but the command names facility ${data.facilityId}; ` +
              'look up the facts of the facility you name',
          ),
        )
      }
      if (facility.status === 'NOT_FOUND') return place('the facility does not exist', 'register it first')
      if (facility.status === 'CLOSED') return place('the facility is closed', 'choose an open facility')
      if (facility.kind !== data.facilityKind) {
        return E.left(
          invalidCommand(
            command.type,
            `facilityKind is ${data.facilityKind} but the facility is a ${facility.kind ?? 'facility of unknown kind'}; ` +
              'copy the kind from its facts',
          ),
        )
      }
      const holderRegion = pkg.owner.region ?? pkg.holder.region
      if (
        facility.region !== undefined &&
        holderRegion !== undefined &&
        !isWithinRegion(facility.region, holderRegion)
      ) {
        return place(
          `it is in ${facility.region.nameAtEvent} (${facility.region.code}), outside the region of ` +
            `${pkg.owner.nameAtEvent} (${holderRegion.code})`,
          'equipment stays in the region of the government that holds it',
        )
      }
      if (pkg.facilityId === data.facilityId) return E.right([])
      return E.right([
        {
          type: 'EquipmentPlacedAtFacility',
          data: {
            ...data,
            ...(data.manager === undefined && facility.manager !== undefined ? { manager: facility.manager } : {}),
          },
        },
      ])
    }
    case 'WriteOffEquipment': {
      const { packageId: _, ...data } = command.data
      return withGaps(
        { type: 'EquipmentWrittenOff', data },
        docs('R21', 'write-off', 'write off', [[['OTHER'], data.doc]]),
      )
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const evolve = (state: EquipmentState, event: EquipmentEvent): EquipmentState => {
  if (event.type === 'EquipmentProcured') {
    const d = event.data
    return {
      status: d.procuredBy === 'PEMDA' ? 'OWNED_BY_PEMDA' : 'PROCURED',
      packageId: d.packageId,
      programId: d.programId,
      description: d.description,
      procuredBy: d.procuredBy,
      items: d.items,
      totalValue: d.totalValue,
      holder: d.procuringOrg,
      owner: d.procuringOrg,
      usageStatusDetermined: false,
      hibahApproved: false,
      derecognizedFromBmn: false,
      groupId: undefined,
      recipients: [],
      grantConditions: [],
      loanUntil: undefined,
      facilityId: undefined,
      lastMonitoring: undefined,
      ceremonialHandovers: 0,
      openGaps: {},
    }
  }
  if (state.status === 'NONE') return state
  switch (event.type) {
    case 'EquipmentCeremoniallyHandedOver':
      return { ...state, ceremonialHandovers: state.ceremonialHandovers + 1 }
    case 'EquipmentOperationallyHandedOver':
      return { ...state, status: 'WITH_PEMDA_OPERATIONAL', holder: event.data.to }
    case 'EquipmentUsageStatusDetermined':
      return { ...state, usageStatusDetermined: true }
    case 'EquipmentHibahApproved':
      return { ...state, hibahApproved: true }
    case 'EquipmentOwnershipTransferred':
      return { ...state, status: 'OWNED_BY_PEMDA', holder: event.data.toPemda, owner: event.data.toPemda }
    case 'EquipmentDerecognizedFromBmn':
      return { ...state, derecognizedFromBmn: true }
    case 'EquipmentLentToRecipients':
    case 'EquipmentGrantedToRecipients': {
      const recipients = event.data.recipients.map((r) => r.recipient)
      const only = recipients.length === 1 && recipients[0]?.kind === 'GROUP' ? recipients[0].groupId : undefined
      return {
        ...state,
        status: event.type === 'EquipmentLentToRecipients' ? 'LENT_TO_GROUP' : 'GRANTED_TO_GROUP',
        groupId: only,
        recipients,
        grantConditions: event.data.conditions ?? [],
        loanUntil: event.type === 'EquipmentLentToRecipients' ? event.data.until : undefined,
        lastMonitoring: undefined,
      }
    }
    case 'EquipmentLentToGroup':
      return {
        ...state,
        status: 'LENT_TO_GROUP',
        groupId: event.data.groupId,
        recipients: [{ kind: 'GROUP', groupId: event.data.groupId }],
        grantConditions: event.data.conditions ?? [],
        loanUntil: event.data.until,
        lastMonitoring: undefined,
      }
    case 'EquipmentGrantedToGroup':
      return {
        ...state,
        status: 'GRANTED_TO_GROUP',
        groupId: event.data.groupId,
        recipients: [{ kind: 'GROUP', groupId: event.data.groupId }],
        grantConditions: event.data.conditions,
        loanUntil: undefined,
        lastMonitoring: undefined,
      }
    case 'EquipmentUtilizationMonitored':
      return { ...state, lastMonitoring: event.data.status }
    case 'EquipmentReassigned':
      return {
        ...state,
        groupId: event.data.toGroupId,
        recipients: [{ kind: 'GROUP', groupId: event.data.toGroupId }],
        lastMonitoring: undefined,
      }
    case 'EquipmentPlacedAtFacility':
      return { ...state, facilityId: event.data.facilityId }
    case 'EquipmentWrittenOff':
      return { ...state, status: 'WRITTEN_OFF' }
    case 'ComplianceGapNoted':
    case 'ComplianceGapResolved':
      return { ...state, openGaps: evolveGaps(state.openGaps, event) }
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Builds the equipment package decider over the given reference data (regions are checked against its directory).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeEquipmentDecider = (
  reference: IkmReferenceData = {},
): Decider<EquipmentCommand, EquipmentEvent, EquipmentState, DomainError> =>
  streamDecider<EquipmentCommand, 'ProcureEquipment', EquipmentPackage, EquipmentEvent>(
    {
      creation: 'ProcureEquipment',
      entityOf,
      commandId: (command) => command.data.packageId,
      entityId: (pkg) => pkg.packageId,
      create: procure,
      decideOn,
      evolve,
      noun: 'package',
      messages: {
        exists: (id) => `equipment package ${id} was procured already`,
        missing: (command, id) =>
          `cannot ${command}: equipment package ${id} does not exist; record its procurement first`,
      },
    },
    reference,
  )

/**
 * The equipment package decider over the shipped reference data.
 *
 * @category instances
 * @since 0.1.0
 */
export const equipmentDecider: Decider<EquipmentCommand, EquipmentEvent, EquipmentState, DomainError> =
  makeEquipmentDecider()
