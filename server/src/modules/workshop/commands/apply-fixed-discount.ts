import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { assertLinesEditable, lockOrder, recalculateOrder } from './order-support.ts';

export interface FixedDiscountInput {
  orderId: string;
  amountMinor: number;
  /** What it is, e.g. "loyalty points". */
  reason: string;
  /** What it came from (the loyalty ledger row): one discount per reference. */
  reference: string;
}

/**
 * Takes a fixed amount off an open repair order (loyalty points redeemed). The amount is spread over
 * the billed lines by the totals, so every printed line and its VAT stay exact; it may not exceed
 * what the order still costs.
 */
export async function applyFixedDiscount(cx: CommandContext, input: FixedDiscountInput): Promise<void> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
    throw badRequest('amountMinor: must be a positive whole number of minor units', 'amountMinor');
  const order = await lockOrder(cx, input.orderId);
  assertLinesEditable(order);
  if (input.amountMinor > order.netMinor)
    throw conflict(`The order costs ${order.netMinor} minor units; the discount cannot exceed that`, {
      netMinor: order.netMinor,
    });
  const before = { netMinor: order.netMinor, totalMinor: order.totalMinor };
  await cx.sequelize.query(
    `INSERT INTO order_fixed_discounts (id, order_id, amount_minor, reason, reference, created_at)
     VALUES (:id, :orderId, :amountMinor, :reason, :reference, :now)`,
    {
      replacements: { id: newId(), ...input, now: cx.now },
      transaction: cx.tx,
    },
  );
  await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.fixed_discount_applied',
    entityType: 'repair_order',
    entityId: order.id,
    before,
    after: {
      amountMinor: input.amountMinor,
      reason: input.reason,
      reference: input.reference,
      netMinor: order.netMinor,
      totalMinor: order.totalMinor,
    },
  });
  cx.emit({ type: 'order.updated', orderId: order.id });
}
