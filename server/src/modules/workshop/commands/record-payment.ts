import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorRef } from '../actor.ts';
import { lockOrder } from './order-support.ts';

export interface PaymentInput {
  orderId: string;
  method: 'cash' | 'card' | 'bank_transfer';
  kind: 'payment' | 'refund';
  /** Always positive; a refund is stored as a negative amount. */
  amountMinor: number;
  refundOf?: string;
  receivedAt?: Date;
  note?: string | null;
}

/**
 * Appends a payment (or a refund, as a negative row) to the ledger and keeps the order's paid sum.
 * Money paid cannot be refunded twice: a refund never exceeds what was paid (on the order, and on
 * the payment it names). A cancelled order takes only refunds.
 */
export async function recordPayment(
  cx: CommandContext,
  input: PaymentInput,
): Promise<{ id: string; amountMinor: number }> {
  const order = await lockOrder(cx, input.orderId);
  const receivedAt = input.receivedAt ?? cx.now;
  if (receivedAt.getTime() > cx.now.getTime() + 5 * 60_000)
    throw badRequest('receivedAt: must not be in the future', 'receivedAt');
  if (input.kind === 'payment' && order.status === 'cancelled')
    throw conflict(`The order ${order.number} is cancelled; it takes only refunds`);
  if (input.kind === 'refund') {
    if (input.amountMinor > order.paidMinor)
      throw conflict(
        `A refund of ${input.amountMinor} exceeds what was paid (${order.paidMinor})`,
        { paidMinor: order.paidMinor },
        'amountMinor',
      );
    if (input.refundOf) {
      const [original] = await cx.sequelize.query<{ amount_minor: string; refunded: string }>(
        `SELECT p.amount_minor, coalesce((SELECT -sum(r.amount_minor) FROM payments r WHERE r.refund_of = p.id), 0) AS refunded
           FROM payments p WHERE p.id = :id AND p.order_id = :orderId AND p.amount_minor > 0`,
        {
          replacements: { id: input.refundOf, orderId: order.id },
          type: QueryTypes.SELECT,
          transaction: cx.tx,
        },
      );
      if (!original) throw badRequest('refundOf: is not a payment of this order', 'refundOf');
      const left = Number(original.amount_minor) - Number(original.refunded);
      if (input.amountMinor > left)
        throw conflict(
          `Only ${left} of that payment is left to refund`,
          { refundableMinor: left },
          'amountMinor',
        );
    }
  }
  const id = newId();
  const amountMinor = input.kind === 'refund' ? -input.amountMinor : input.amountMinor;
  await cx.sequelize.query(
    `INSERT INTO payments (id, order_id, method, amount_minor, refund_of, received_at, recorded_by, recorded_by_name, note, created_at)
     VALUES (:id, :orderId, :method, :amountMinor, :refundOf, :receivedAt, :recordedBy, :recordedByName, :note, :now)`,
    {
      replacements: {
        id,
        orderId: order.id,
        method: input.method,
        amountMinor,
        refundOf: input.refundOf ?? null,
        receivedAt,
        recordedBy: actorRef(cx.actor),
        recordedByName: cx.actor.name,
        note: input.note ?? null,
        now: cx.now,
      },
      transaction: cx.tx,
    },
  );
  order.paidMinor = order.paidMinor + amountMinor;
  order.updatedAt = cx.now;
  await order.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: input.kind === 'refund' ? 'payment.refunded' : 'payment.recorded',
    entityType: 'repair_order',
    entityId: order.id,
    after: { paymentId: id, method: input.method, amountMinor, refundOf: input.refundOf ?? null },
  });
  cx.emit({
    type: 'payment.recorded',
    paymentId: id,
    orderId: order.id,
    customerId: order.customerId,
    kind: input.kind,
    method: input.method,
    amountMinor,
    paidMinor: order.paidMinor,
    balanceMinor: order.totalMinor - order.paidMinor,
    at: receivedAt.toISOString(),
  });
  return { id, amountMinor };
}
