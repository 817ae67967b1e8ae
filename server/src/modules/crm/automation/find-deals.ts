import type { CommandContext } from '../../../platform/context.ts';
import { execute, select, selectOne } from '../db.ts';

/**
 * Which deal an order or an appointment belongs to. A new order or booking of a customer is tied to
 * their open deal automatically: the one for the same car, else one without a car, the newest first.
 */
export async function dealOfOrder(cx: CommandContext, orderId: string): Promise<string | null> {
  const row = await selectOne<{ deal_id: string }>(
    cx,
    `SELECT deal_id FROM deal_orders WHERE order_id = :orderId`,
    {
      orderId,
    },
  );
  return row?.deal_id ?? null;
}

export async function dealOfAppointment(cx: CommandContext, appointmentId: string): Promise<string | null> {
  const row = await selectOne<{ deal_id: string }>(
    cx,
    `SELECT deal_id FROM deal_appointments WHERE appointment_id = :appointmentId`,
    { appointmentId },
  );
  return row?.deal_id ?? null;
}

export async function candidateDeal(
  cx: CommandContext,
  customerId: string | null,
  vehicleId: string | null,
): Promise<string | null> {
  if (!customerId) return null;
  const rows = await select<{ id: string }>(
    cx,
    `SELECT id FROM deals
      WHERE customer_id = :customerId AND status = 'open' AND deleted_at IS NULL
        AND (vehicle_id IS NULL OR vehicle_id = :vehicleId)
      ORDER BY (vehicle_id IS NOT DISTINCT FROM :vehicleId) DESC, created_at DESC
      LIMIT 1`,
    { customerId, vehicleId },
  );
  return rows[0]?.id ?? null;
}

export async function linkOrder(
  cx: CommandContext,
  dealId: string,
  orderId: string,
  vehicleId: string | null,
): Promise<void> {
  await execute(
    cx,
    `INSERT INTO deal_orders (order_id, deal_id, linked_at) VALUES (:orderId, :dealId, :now) ON CONFLICT (order_id) DO NOTHING`,
    { orderId, dealId, now: cx.now },
  );
  if (vehicleId)
    await execute(
      cx,
      `UPDATE deals SET vehicle_id = :vehicleId, updated_at = :now WHERE id = :dealId AND vehicle_id IS NULL`,
      {
        vehicleId,
        dealId,
        now: cx.now,
      },
    );
}

export async function linkAppointment(
  cx: CommandContext,
  dealId: string,
  appointmentId: string,
): Promise<void> {
  await execute(
    cx,
    `INSERT INTO deal_appointments (appointment_id, deal_id, linked_at) VALUES (:appointmentId, :dealId, :now)
     ON CONFLICT (appointment_id) DO NOTHING`,
    { appointmentId, dealId, now: cx.now },
  );
}

/** The deal of an order, tying the order to the customer's open deal when it has none yet. */
export async function dealForOrder(cx: CommandContext, orderId: string): Promise<string | null> {
  const linked = await dealOfOrder(cx, orderId);
  if (linked) return linked;
  const order = await selectOne<{ customer_id: string; vehicle_id: string }>(
    cx,
    `SELECT customer_id, vehicle_id FROM repair_orders WHERE id = :orderId`,
    { orderId },
  );
  if (!order) return null;
  const dealId = await candidateDeal(cx, order.customer_id, order.vehicle_id);
  if (dealId) await linkOrder(cx, dealId, orderId, order.vehicle_id);
  return dealId;
}

/** Open deals waiting for parts that a purchase order brings: their orders have a short parts line of it. */
export async function dealsWaitingForPurchase(
  cx: CommandContext,
  purchaseOrderId: string,
): Promise<string[]> {
  const rows = await select<{ id: string }>(
    cx,
    `SELECT DISTINCT d.id
       FROM purchase_order_lines pol
       JOIN order_parts op ON op.part_id = pol.part_id AND (op.decision IS NULL OR op.decision <> 'declined')
       JOIN repair_orders ro ON ro.id = op.order_id AND ro.status IN ('estimate', 'approved', 'in_work')
       JOIN deal_orders dor ON dor.order_id = op.order_id
       JOIN deals d ON d.id = dor.deal_id AND d.status = 'open' AND d.deleted_at IS NULL
       LEFT JOIN stock_reservations sr ON sr.line_id = op.id
      WHERE pol.purchase_order_id = :purchaseOrderId
        AND (sr.line_id IS NULL OR sr.reserved + sr.issued < sr.needed)`,
    { purchaseOrderId },
  );
  return rows.map((r) => r.id);
}
