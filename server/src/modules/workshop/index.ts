import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { cannedJobRoutes } from './routes/canned-jobs.routes.ts';
import { customerRoutes } from './routes/customers.routes.ts';
import { documentRoutes } from './routes/documents.routes.ts';
import { orderRoutes } from './routes/orders.routes.ts';
import { paymentRoutes } from './routes/payments.routes.ts';
import { vehicleRoutes } from './routes/vehicles.routes.ts';

export {
  defineWorkshopModels,
  Customer,
  Vehicle,
  RepairOrder,
  OrderJob,
  OrderPart,
  OrderJobAssignment,
  CannedJob,
} from './models/index.ts';
export type * from './events.ts';

/**
 * Commands the shop floor (timeclock) and other modules call inside their own transaction, `(cx, input)`.
 * Each checks the move with a pure rule (409 when not allowed) and emits its event after the commit:
 *   startJob({ lineId, staffId? })            → job.started
 *   pauseJob({ lineId, reason })              → job.paused      (reason: parts | approval | tool | lift | other)
 *   resumeJob({ lineId })                     → job.resumed
 *   completeJob({ lineId })                   → job.completed
 *   assignMechanic({ lineId, staffId })       → job.mechanic_assigned
 *   unassignMechanic({ lineId, staffId })     → job.mechanic_unassigned
 *   decideLines({ orderId, decisions, via })  → approval.decided (one per line)
 * Lift placements are the scheduler's: placeOnLift / removeFromLift (scheduler/index.ts).
 */
export { startJob, pauseJob, resumeJob, completeJob } from './commands/job-actions.ts';
export { assignMechanic, unassignMechanic } from './commands/job-assignments.ts';
export { decideLines } from './commands/decide-lines.ts';
export { transitionOrder } from './commands/transition-order.ts';
export { createOrder } from './commands/create-order.ts';
export { addJob, addPart, updatePart, removePart } from './commands/order-lines.ts';
export { applyCannedJob } from './commands/apply-canned-job.ts';
export { applyFixedDiscount } from './commands/apply-fixed-discount.ts';
export { createCannedJob } from './commands/canned-jobs.ts';
export { recordPayment } from './commands/record-payment.ts';
export { createCustomer } from './commands/create-customer.ts';
export { createVehicle } from './commands/create-vehicle.ts';
export { mergeCustomers } from './commands/merge-customers.ts';
/** Later modules plug their customer-owned tables into the merge here (see merge/registry.ts). */
export { registerCustomerMergeStep, type CustomerMergeStep } from './merge/registry.ts';
export { getOrderDto } from './queries/orders.ts';
export { searchCustomers } from './queries/search.ts';
export { customerCard, vehicleCard } from './queries/history.ts';
export { canSeeCustomer, canSeeOrder } from './workshop.policy.ts';

export function workshopRoutes(deps: AppDeps): Router {
  const router = new Router();
  for (const sub of [
    customerRoutes(deps),
    vehicleRoutes(deps),
    orderRoutes(deps),
    paymentRoutes(deps),
    documentRoutes(deps),
    cannedJobRoutes(deps),
  ]) {
    router.use(sub.routes(), sub.allowedMethods());
  }
  return router;
}
