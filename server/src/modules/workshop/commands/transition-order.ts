import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import { can } from '../../identity/rules/permissions.ts';
import { cancelAppointmentsOfOrder } from '../../scheduler/commands/appointments.ts';
import { removeFromLift } from '../../scheduler/commands/placements.ts';
import type { RepairOrder } from '../models/index.ts';
import { allowedTransitions, transitionProblem, type OrderStatus } from '../rules/order-status.ts';
import { releaseOrderStock } from './line-stock.ts';
import { changeOrderStatus, currentLiftOf, lockOrder } from './order-support.ts';

export interface TransitionInput {
  orderId: string;
  to: OrderStatus;
  reason?: string | null;
  /** Close with money still owed: needs payments.allow_credit, and is recorded on the order. */
  allowCredit?: boolean;
  creditNote?: string | null;
}

/**
 * Moves an order along its life (rules/order-status.ts). The car leaves its lift when the order is
 * handed over, closed or cancelled; a cancelled order's future bookings are cancelled with it.
 */
export async function transitionOrder(cx: CommandContext, input: TransitionInput): Promise<RepairOrder> {
  const order = await lockOrder(cx, input.orderId);
  if (input.allowCredit) {
    if (cx.actor.type !== 'user' || !can(cx.actor.role, 'payments.allow_credit'))
      throw forbidden('Closing an unpaid order on credit needs the allow-credit permission');
  }
  const [jobs] = await cx.sequelize.query<{ active: string; started: string }>(
    `SELECT count(*) FILTER (WHERE state IN ('in_progress', 'waiting')) AS active, count(*) FILTER (WHERE started_at IS NOT NULL) AS started
       FROM order_jobs WHERE order_id = :orderId`,
    { replacements: { orderId: order.id }, type: QueryTypes.SELECT, transaction: cx.tx },
  );
  const balanceMinor = order.totalMinor - order.paidMinor;
  const from = order.status;
  const problem = transitionProblem(from, input.to, {
    balanceMinor,
    activeJobs: Number(jobs?.active ?? 0),
    startedJobs: Number(jobs?.started ?? 0),
    allowCredit: input.allowCredit ?? false,
    reason: input.reason ?? null,
  });
  if (problem)
    throw conflict(problem, { from, to: input.to, allowed: allowedTransitions(from), balanceMinor }, 'to');

  if (input.to === 'closed' && balanceMinor > 0) {
    order.creditAllowedAt = cx.now;
    order.creditAllowedBy = cx.actor.type === 'user' ? cx.actor.id : null;
    order.creditNote = input.creditNote ?? null;
  }
  await changeOrderStatus(cx, order, input.to, input.reason ?? null);
  if (['handed_over', 'closed', 'cancelled'].includes(input.to) && (await currentLiftOf(cx, order.id))) {
    await removeFromLift(cx, { orderId: order.id });
  }
  // A cancelled or closed order holds no stock: unissued reservations go back on the shelf.
  if (input.to === 'cancelled' || input.to === 'closed') await releaseOrderStock(cx, order.id);
  if (input.to === 'cancelled')
    await cancelAppointmentsOfOrder(cx, { orderId: order.id, reason: `order ${order.number} cancelled` });
  await recordAudit(cx, {
    action: 'order.status_changed',
    entityType: 'repair_order',
    entityId: order.id,
    before: { status: from },
    after: {
      status: input.to,
      reason: input.reason ?? null,
      ...(order.creditAllowedAt && input.to === 'closed'
        ? { creditAllowed: true, balanceMinor, creditNote: order.creditNote }
        : {}),
    },
  });
  return order;
}
