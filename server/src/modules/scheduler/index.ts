import Router from '@koa/router';
import type { AppDeps } from '../../deps.ts';
import { appointmentRoutes } from './routes/appointments.routes.ts';
import { liftRoutes } from './routes/lifts.routes.ts';
import { mechanicRoutes } from './routes/mechanics.routes.ts';

export { Lift, defineLiftModel, type LiftKind } from './models/lift.ts';
export { presentLift } from './scheduler.presenter.ts';

/**
 * Commands other modules call inside their own transaction, `(cx, input)`:
 *   placeOnLift({ orderId, liftId, at? })     → emits placement.placed  { placementId, orderId, liftId, at }
 *   removeFromLift({ orderId? | liftId?, at? }) → emits placement.removed { placementId, orderId, liftId, at }
 *   bookAppointment / changeAppointment / cancelAppointment / markNoShow / markArrived / completeAppointment
 *     → emit appointment.booked / appointment.changed / appointment.cancelled / appointment.no_show / appointment.arrived / appointment.completed
 *   cancelAppointmentsOfOrder({ orderId, reason })
 */
export { placeOnLift, removeFromLift } from './commands/placements.ts';
export {
  bookAppointment,
  changeAppointment,
  cancelAppointment,
  markNoShow,
  markArrived,
  completeAppointment,
  cancelAppointmentsOfOrder,
} from './commands/appointments.ts';
export { createLift, updateLift, deleteLift } from './commands/lifts.ts';
export { setSkills, setShifts } from './commands/mechanics.ts';
export { placementsWhere } from './queries/placements.ts';
export { appointmentsWhere, getAppointment } from './queries/appointments.ts';
export { listMechanics } from './queries/mechanics.ts';
export { scheduleView } from './queries/schedule-view.ts';

export function schedulerRoutes(deps: AppDeps): Router {
  const router = new Router();
  for (const sub of [liftRoutes(deps), mechanicRoutes(deps), appointmentRoutes(deps)]) {
    router.use(sub.routes(), sub.allowedMethods());
  }
  return router;
}
