/**
 * The stored IKM read models together, to start them all at once. RM-6 (the audit timeline) is a query over the
 * event store and needs no projection.
 *
 * @since 0.1.0
 */
import { aspirationTracker } from './AspirationTracker'
import { auditChecklist } from './AuditChecklist'
import { budgetRealisation } from './BudgetRealisation'
import { equipmentCustody } from './EquipmentCustody'
import { facilityRegistry } from './FacilityRegistry'
import { participantStatistics } from './ParticipantStatistics'
import { productionOutputs } from './ProductionOutputs'
import { programStatusBoard } from './ProgramStatusBoard'
import type { ReadModel } from './ReadModel'
import { regionalCoverage } from './RegionalCoverage'

/**
 * RM-1, RM-2, RM-3, RM-4, RM-5, RM-7, RM-8, RM-9 and RM-10.
 *
 * @example
 * const runners = ikmReadModels.map((model) =>
 *   startProjection({ store, projectionStore, projection: sqliteReadModel(model), poisonPolicy: 'stop' }),
 * )
 *
 * @category read models
 * @since 0.1.0
 */
export const ikmReadModels: ReadonlyArray<ReadModel> = [
  programStatusBoard,
  budgetRealisation,
  participantStatistics,
  equipmentCustody,
  productionOutputs,
  auditChecklist,
  facilityRegistry,
  aspirationTracker,
  regionalCoverage,
]
