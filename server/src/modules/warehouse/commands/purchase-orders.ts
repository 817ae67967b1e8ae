import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select, selectOne } from '../db.ts';
import { PurchaseOrder } from '../models/index.ts';
import { defaultLocation } from '../queries/pick-location.ts';
import {
  canPurchaseOrder,
  purchaseOrderRefusal,
  type PurchaseOrderAction,
} from '../rules/purchase-order-status.ts';
import { milliToDb, toMilli } from '../rules/quantity.ts';
import { nextNumber } from './next-number.ts';
import { assertLocation } from './reserve-for-line.ts';

export interface PurchaseOrderLineInput {
  partId: string;
  quantity: number;
  unitCost?: number;
}

async function writeLines(
  cx: CommandContext,
  purchaseOrderId: string,
  lines: readonly PurchaseOrderLineInput[],
): Promise<void> {
  const merged = new Map<string, { quantity: number; unitCost?: number }>();
  for (const line of lines) {
    const prev = merged.get(line.partId);
    merged.set(line.partId, {
      quantity: (prev?.quantity ?? 0) + toMilli(line.quantity)!,
      unitCost: line.unitCost ?? prev?.unitCost,
    });
  }
  const partIds = [...merged.keys()];
  const parts = await select<{ id: string; cost: string }>(
    cx,
    `SELECT id, cost FROM parts WHERE id IN (:partIds)`,
    { partIds },
  );
  if (parts.length !== partIds.length) throw notFound('Part');
  const cost = new Map(parts.map((p) => [p.id, Number(p.cost)]));
  await execute(cx, `DELETE FROM purchase_order_lines WHERE purchase_order_id = :purchaseOrderId`, {
    purchaseOrderId,
  });
  let position = 0;
  for (const [partId, line] of merged) {
    await execute(
      cx,
      `INSERT INTO purchase_order_lines (id, purchase_order_id, position, part_id, quantity, unit_cost)
       VALUES (:id, :purchaseOrderId, :position, :partId, :quantity, :unitCost)`,
      {
        id: newId(),
        purchaseOrderId,
        position: position++,
        partId,
        quantity: milliToDb(line.quantity),
        unitCost: line.unitCost ?? cost.get(partId)!,
      },
    );
  }
}

async function assertSupplierActive(cx: CommandContext, supplierId: string): Promise<void> {
  const supplier = await selectOne<{ active: boolean; name: string }>(
    cx,
    `SELECT active, name FROM suppliers WHERE id = :supplierId`,
    { supplierId },
  );
  if (!supplier) throw notFound('Supplier');
  if (!supplier.active)
    throw conflict(`The supplier ${supplier.name} is not active`, undefined, 'supplierId');
}

export async function createPurchaseOrder(
  cx: CommandContext,
  input: {
    supplierId: string;
    locationId?: string | null;
    note?: string | null;
    lines: PurchaseOrderLineInput[];
  },
): Promise<PurchaseOrder> {
  await assertSupplierActive(cx, input.supplierId);
  const locationId = input.locationId ?? (await defaultLocation(cx));
  await assertLocation(cx, locationId);
  const order = await PurchaseOrder.create(
    {
      id: newId(),
      number: await nextNumber(cx, 'PO'),
      supplierId: input.supplierId,
      locationId,
      status: 'draft',
      note: input.note ?? null,
      createdBy: cx.actor.name,
      createdAt: cx.now,
      updatedAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await writeLines(cx, order.id, input.lines);
  await recordAudit(cx, {
    action: 'purchase_order.created',
    entityType: 'purchase_order',
    entityId: order.id,
    after: { number: order.number, ...input },
  });
  cx.emit({ type: 'purchase_order.changed', purchaseOrderId: order.id, status: order.status });
  return order;
}

async function lockOrder(
  cx: CommandContext,
  id: string,
  action: PurchaseOrderAction,
): Promise<PurchaseOrder> {
  const order = await PurchaseOrder.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!order) throw notFound('Purchase order');
  if (!canPurchaseOrder(order.status, action))
    throw conflict(purchaseOrderRefusal(order.number, order.status, action), { status: order.status });
  return order;
}

export async function updatePurchaseOrder(
  cx: CommandContext,
  id: string,
  input: { note?: string | null; locationId?: string; lines?: PurchaseOrderLineInput[] },
): Promise<PurchaseOrder> {
  const order = await lockOrder(cx, id, 'edit');
  if (input.locationId) {
    await assertLocation(cx, input.locationId);
    order.locationId = input.locationId;
  }
  if (input.note !== undefined) order.note = input.note ?? null;
  order.updatedAt = cx.now;
  await order.save({ transaction: cx.tx });
  if (input.lines) await writeLines(cx, order.id, input.lines);
  await recordAudit(cx, {
    action: 'purchase_order.updated',
    entityType: 'purchase_order',
    entityId: id,
    after: input,
  });
  return order;
}

export async function sendPurchaseOrder(cx: CommandContext, id: string): Promise<PurchaseOrder> {
  const order = await lockOrder(cx, id, 'send');
  await assertSupplierActive(cx, order.supplierId);
  order.status = 'sent';
  order.sentAt = cx.now;
  order.updatedAt = cx.now;
  await order.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'purchase_order.sent',
    entityType: 'purchase_order',
    entityId: id,
    after: { status: 'sent' },
  });
  cx.emit({ type: 'purchase_order.changed', purchaseOrderId: id, status: order.status });
  return order;
}

/** Cancels what has not come: a partly received order keeps its receipts and stops waiting for the rest. */
export async function cancelPurchaseOrder(
  cx: CommandContext,
  id: string,
  reason: string,
): Promise<PurchaseOrder> {
  const order = await lockOrder(cx, id, 'cancel');
  const before = order.status;
  order.status = 'cancelled';
  order.cancelledAt = cx.now;
  order.cancelReason = reason.trim();
  order.updatedAt = cx.now;
  await order.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'purchase_order.cancelled',
    entityType: 'purchase_order',
    entityId: id,
    before: { status: before },
    after: { status: 'cancelled', reason },
  });
  cx.emit({ type: 'purchase_order.changed', purchaseOrderId: id, status: order.status });
  return order;
}
