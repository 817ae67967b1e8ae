import type { CommandContext } from '../../../platform/context.ts';
import type { DomainEvent } from '../../../platform/events.ts';
import type { Logger } from '../../../platform/logger.ts';
import { selectOne } from '../db.ts';
import { earnForOrder, reverseForRefund } from '../commands/loyalty.ts';
import { recomputeSegments } from '../commands/segments.ts';
import { createSurveyForOrder } from '../commands/surveys.ts';
import { directTrigger, orderTrigger } from '../rules/stage-automation.ts';
import { applyTrigger } from './apply-trigger.ts';
import {
  candidateDeal,
  dealForOrder,
  dealOfAppointment,
  dealOfOrder,
  dealsWaitingForPurchase,
  linkAppointment,
} from './find-deals.ts';

const WATCHED = new Set([
  'order.created',
  'order.status_changed',
  'payment.recorded',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.no_show',
  'purchase_order.changed',
  'customer.merged',
]);

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

async function orderFacts(cx: CommandContext, orderId: string) {
  const row = await selectOne<{
    status: string;
    total_minor: string;
    paid_minor: string;
    customer_id: string;
  }>(cx, `SELECT status, total_minor, paid_minor, customer_id FROM repair_orders WHERE id = :orderId`, {
    orderId,
  });
  return row
    ? {
        status: row.status,
        balanceMinor: Number(row.total_minor) - Number(row.paid_minor),
        customerId: row.customer_id,
      }
    : null;
}

/** One event's CRM consequences; returns the customers whose segment may have changed. */
async function handle(cx: CommandContext, event: DomainEvent): Promise<string[]> {
  switch (event.type) {
    case 'order.created': {
      await dealForOrder(cx, String(event.orderId));
      return [];
    }
    case 'appointment.booked': {
      const appointmentId = String(event.appointmentId);
      const orderId = str(event.orderId);
      let dealId = await dealOfAppointment(cx, appointmentId);
      if (!dealId && orderId) dealId = await dealForOrder(cx, orderId);
      if (!dealId) dealId = await candidateDeal(cx, str(event.customerId), str(event.vehicleId));
      if (!dealId) return [];
      await linkAppointment(cx, dealId, appointmentId);
      await applyTrigger(cx, dealId, 'appointment.booked');
      return [];
    }
    case 'appointment.cancelled':
    case 'appointment.no_show': {
      const dealId = await dealOfAppointment(cx, String(event.appointmentId));
      const trigger = directTrigger(event.type);
      if (dealId && trigger)
        await applyTrigger(cx, dealId, trigger, { note: str(event.reason) ?? undefined });
      return [];
    }
    case 'purchase_order.changed': {
      const trigger = directTrigger(event.type, event.status);
      if (!trigger) return [];
      for (const dealId of await dealsWaitingForPurchase(cx, String(event.purchaseOrderId)))
        await applyTrigger(cx, dealId, trigger);
      return [];
    }
    case 'order.status_changed':
    case 'payment.recorded': {
      const orderId = String(event.orderId);
      const facts = await orderFacts(cx, orderId);
      if (!facts) return [];
      const trigger =
        event.type === 'payment.recorded'
          ? orderTrigger({ type: 'payment.recorded' }, facts)
          : orderTrigger({ type: 'order.status_changed', to: String(event.to) }, facts);
      const dealId =
        event.type === 'order.status_changed'
          ? await dealForOrder(cx, orderId)
          : await dealOfOrder(cx, orderId);
      if (dealId && trigger) await applyTrigger(cx, dealId, trigger);
      if (event.type === 'order.status_changed' && event.to === 'handed_over')
        await createSurveyForOrder(cx, orderId);
      if (trigger === 'order.paid_handed_over') await earnForOrder(cx, orderId);
      if (event.type === 'payment.recorded' && event.kind === 'refund') await reverseForRefund(cx, orderId);
      return [facts.customerId];
    }
    case 'customer.merged':
      return [String(event.targetId)];
    default:
      return [];
  }
}

/**
 * The CRM's before-commit handler: deals move, tasks, surveys and points appear in the very
 * transaction of the workshop, scheduler or warehouse change that caused them. It runs in a savepoint:
 * a failure here is logged and rolled back to the savepoint, so a CRM problem never undoes the
 * workshop's own change (the nightly jobs catch up on segments). Its own events are published only
 * when the savepoint succeeds.
 */
export function crmBeforeCommit(logger: Logger) {
  return async (cx: CommandContext, events: readonly DomainEvent[]): Promise<void> => {
    const relevant = events.filter((e) => WATCHED.has(e.type));
    if (relevant.length === 0) return;
    const produced: DomainEvent[] = [];
    try {
      await cx.sequelize.transaction({ transaction: cx.tx }, async (sp) => {
        const scx: CommandContext = { ...cx, tx: sp, emit: (e) => produced.push(e) };
        const customers = new Set<string>();
        for (const event of relevant) for (const id of await handle(scx, event)) customers.add(id);
        if (customers.size) await recomputeSegments(scx, { customerIds: [...customers] });
      });
    } catch (err) {
      logger.error(
        { err, events: relevant.map((e) => e.type) },
        'CRM automation failed; the change itself is kept',
      );
      return;
    }
    for (const e of produced) cx.emit(e);
  };
}
