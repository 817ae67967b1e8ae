import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { forbidden } from '../../../platform/errors.ts';
import type { RepairOrder } from '../models/index.ts';
import { ownScopeUserId } from '../workshop.policy.ts';
import { assertLinesEditable, lockOrder, recalculateOrder } from './order-support.ts';

export interface UpdateOrderInput {
  complaint?: string | null;
  notes?: string | null;
  advisorId?: string | null;
  discountBp?: number;
}

export async function updateOrder(
  cx: CommandContext,
  orderId: string,
  input: UpdateOrderInput,
): Promise<RepairOrder> {
  const order = await lockOrder(cx, orderId);
  assertLinesEditable(order);
  const own = ownScopeUserId(cx.actor);
  if (own !== null && input.advisorId !== undefined && input.advisorId !== own)
    throw forbidden('With your scope, you cannot hand the order to another advisor');
  const before = {
    complaint: order.complaint,
    notes: order.notes,
    advisorId: order.advisorId,
    discountBp: order.discountBp,
  };
  for (const key of ['complaint', 'notes', 'advisorId', 'discountBp'] as const) {
    if (input[key] !== undefined) order.set(key, input[key]);
  }
  order.updatedAt = cx.now;
  await order.save({ transaction: cx.tx });
  if (input.discountBp !== undefined && input.discountBp !== before.discountBp)
    await recalculateOrder(cx, order);
  await recordAudit(cx, {
    action: 'order.updated',
    entityType: 'repair_order',
    entityId: order.id,
    before,
    after: {
      complaint: order.complaint,
      notes: order.notes,
      advisorId: order.advisorId,
      discountBp: order.discountBp,
    },
  });
  cx.emit({ type: 'order.updated', orderId: order.id });
  return order;
}
