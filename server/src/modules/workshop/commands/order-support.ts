import { QueryTypes } from 'sequelize';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { actorRef } from '../actor.ts';
import { OrderJob, OrderPart, RepairOrder } from '../models/index.ts';
import { lineIsBillable } from '../rules/job-state.ts';
import { linesLocked, type OrderStatus } from '../rules/order-status.ts';
import { orderTotals, type PricedLine } from '../rules/totals.ts';

/** Loads and locks an order row; every change to an order or its lines starts here (order before lines). */
export async function lockOrder(cx: CommandContext, orderId: string): Promise<RepairOrder> {
  const order = await RepairOrder.findByPk(orderId, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!order) throw notFound('Repair order');
  return order;
}

export function assertLinesEditable(order: RepairOrder): void {
  if (linesLocked(order.status))
    throw conflict(`The order ${order.number} is ${order.status}; its lines cannot change`, {
      status: order.status,
    });
}

/** Writes a status change (row in order_status_changes, columns on the order) and emits the event. */
export async function changeOrderStatus(
  cx: CommandContext,
  order: RepairOrder,
  to: OrderStatus,
  reason: string | null,
): Promise<void> {
  const from = order.status;
  order.status = to;
  order.statusChangedAt = cx.now;
  order.updatedAt = cx.now;
  if (to === 'closed') order.closedAt = cx.now;
  if (to === 'cancelled') order.cancelReason = reason ?? 'cancelled';
  await order.save({ transaction: cx.tx });
  await cx.sequelize.query(
    `INSERT INTO order_status_changes (id, order_id, from_status, to_status, at, actor_id, actor_name, reason)
     VALUES (:id, :orderId, :from, :to, :at, :actorId, :actorName, :reason)`,
    {
      replacements: {
        id: newId(),
        orderId: order.id,
        from,
        to,
        at: cx.now,
        actorId: actorRef(cx.actor),
        actorName: cx.actor.name,
        reason,
      },
      transaction: cx.tx,
    },
  );
  cx.emit({
    type: 'order.status_changed',
    orderId: order.id,
    number: order.number,
    customerId: order.customerId,
    vehicleId: order.vehicleId,
    from,
    to,
    at: cx.now.toISOString(),
  });
}

export function pricedJob(job: OrderJob): PricedLine {
  return job.pricing === 'fixed'
    ? { type: 'job', pricing: 'fixed', fixedPriceMinor: job.fixedPriceMinor ?? 0, discountBp: job.discountBp }
    : {
        type: 'job',
        pricing: 'hourly',
        normSeconds: job.normSeconds,
        ratePerHourMinor: job.ratePerHourMinor ?? 0,
        discountBp: job.discountBp,
      };
}

export function pricedPart(part: OrderPart): PricedLine {
  return {
    type: part.kind,
    quantity: String(part.quantity),
    unitPriceMinor: part.unitPriceMinor,
    discountBp: part.discountBp,
  };
}

/**
 * Recomputes and stores every line's figures and the order's totals (rules/totals.ts). Lines that
 * are recommendations not yet approved get their own figures (for the offer) but stay out of the totals.
 */
export async function recalculateOrder(cx: CommandContext, order: RepairOrder): Promise<void> {
  const [jobs, parts] = await Promise.all([
    OrderJob.findAll({ where: { orderId: order.id }, transaction: cx.tx }),
    OrderPart.findAll({ where: { orderId: order.id }, transaction: cx.tx }),
  ]);
  const lines: Array<{ row: OrderJob | OrderPart; priced: PricedLine }> = [
    ...jobs.map((row) => ({ row, priced: pricedJob(row) })),
    ...parts.map((row) => ({ row, priced: pricedPart(row) })),
  ];
  const tax = { rateBp: order.taxRateBp, pricesIncludeTax: order.pricesIncludeTax };
  const fixedDiscountMinor = await fixedDiscountOf(cx, order.id);
  const billableIndexes = lines.flatMap((l, i) => (lineIsBillable(l.row.decision) ? [i] : []));
  // Lines still on offer get their own figures without the fixed discount, which only the billed share.
  const offer = orderTotals(
    lines.map((l) => l.priced),
    order.discountBp,
    tax,
  );
  const billed = orderTotals(
    billableIndexes.map((i) => lines[i]!.priced),
    order.discountBp,
    tax,
    fixedDiscountMinor,
  );
  const perLine = offer.lines.slice();
  billableIndexes.forEach((lineIndex, k) => (perLine[lineIndex] = billed.lines[k]!));
  for (const [i, { row }] of lines.entries()) {
    const t = perLine[i]!;
    if (
      row.grossMinor !== t.grossMinor ||
      row.discountMinor !== t.discountMinor ||
      row.netMinor !== t.netMinor ||
      row.taxMinor !== t.taxMinor
    ) {
      row.set({
        grossMinor: t.grossMinor,
        discountMinor: t.discountMinor,
        netMinor: t.netMinor,
        taxMinor: t.taxMinor,
      });
      await row.save({ transaction: cx.tx });
    }
  }
  const billable = billed.order;
  order.set({
    labourMinor: billable.labourMinor,
    partsMinor: billable.partsMinor,
    grossMinor: billable.grossMinor,
    discountMinor: billable.discountMinor,
    netMinor: billable.netMinor,
    taxMinor: billable.taxMinor,
    totalMinor: billable.totalMinor,
    updatedAt: cx.now,
  });
  await order.save({ transaction: cx.tx });
}

/** The sum of the order's fixed-amount discounts (loyalty redemptions). */
async function fixedDiscountOf(cx: CommandContext, orderId: string): Promise<number> {
  const [row] = await cx.sequelize.query<{ total: string }>(
    `SELECT coalesce(sum(amount_minor), 0) AS total FROM order_fixed_discounts WHERE order_id = :orderId`,
    { replacements: { orderId }, type: QueryTypes.SELECT, transaction: cx.tx },
  );
  return Number(row?.total ?? 0);
}

/** The lift the order's car is on now, or null (for events the shop floor listens to). */
export async function currentLiftOf(cx: CommandContext, orderId: string): Promise<string | null> {
  const rows = await cx.sequelize.query<{ lift_id: string }>(
    `SELECT lift_id FROM lift_placements WHERE order_id = :orderId AND removed_at IS NULL`,
    {
      replacements: { orderId },
      type: QueryTypes.SELECT,
      transaction: cx.tx,
    },
  );
  return rows[0]?.lift_id ?? null;
}

export async function nextPosition(
  cx: CommandContext,
  table: 'order_jobs' | 'order_parts',
  orderId: string,
): Promise<number> {
  const [row] = await cx.sequelize.query<{ next: number }>(
    `SELECT coalesce(max(position), 0) + 1 AS next FROM ${table} WHERE order_id = :orderId`,
    {
      replacements: { orderId },
      type: QueryTypes.SELECT,
      transaction: cx.tx,
    },
  );
  return Number(row?.next ?? 1);
}

export async function stationTax(cx: CommandContext): Promise<{ rateBp: number; pricesIncludeTax: boolean }> {
  const [row] = await cx.sequelize.query<{ tax_rate_bp: number; prices_include_tax: boolean }>(
    'SELECT tax_rate_bp, prices_include_tax FROM station_settings WHERE id = 1',
    { type: QueryTypes.SELECT, transaction: cx.tx },
  );
  return { rateBp: row?.tax_rate_bp ?? 2200, pricesIncludeTax: row?.prices_include_tax ?? true };
}
