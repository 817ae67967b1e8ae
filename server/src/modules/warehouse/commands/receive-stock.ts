import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select, selectOne } from '../db.ts';
import { defaultLocation } from '../queries/pick-location.ts';
import { movingAverageAfter } from '../rules/moving-average.ts';
import { milliFromDb, milliToDb, milliToNumber, toMilli } from '../rules/quantity.ts';
import {
  canPurchaseOrder,
  purchaseOrderRefusal,
  statusAfterReceipt,
} from '../rules/purchase-order-status.ts';
import type { PurchaseOrderStatus } from '../../../contracts/warehouse.ts';
import type { ReceiptBody } from '../warehouse.schemas.ts';
import { allocateArrivals, type Arrival } from './allocate-arrivals.ts';
import { lockLevels } from './lock-levels.ts';
import { nextNumber } from './next-number.ts';
import { postMovements } from './post-movements.ts';
import { assertLocation } from './reserve-for-line.ts';

interface PoLineRow {
  id: string;
  part_id: string;
  quantity: string;
  received_quantity: string;
  unit_cost: string;
}

interface ReceiptLine {
  partId: string;
  quantity: number;
  unitCost: number;
  poLineId: string | null;
}

/**
 * A delivery: stock comes in at a purchase cost, against a purchase order or without one. Updates the
 * moving-average cost of each part, the purchase order's received quantities and status, and hands
 * the new stock to repair-order lines that were waiting for it.
 */
export async function receiveStock(
  cx: CommandContext,
  input: ReceiptBody,
): Promise<{ id: string; number: string; arrivals: Arrival[] }> {
  let supplierId = input.supplierId ?? null;
  let locationId = input.locationId ?? null;
  let po: {
    id: string;
    number: string;
    status: PurchaseOrderStatus;
    supplier_id: string;
    location_id: string;
  } | null = null;
  let poLines = new Map<string, PoLineRow>();

  if (input.purchaseOrderId) {
    po = await selectOne(
      cx,
      `SELECT id, number, status, supplier_id, location_id FROM purchase_orders WHERE id = :id FOR UPDATE`,
      { id: input.purchaseOrderId },
    );
    if (!po) throw notFound('Purchase order');
    if (!canPurchaseOrder(po.status, 'receive'))
      throw conflict(
        purchaseOrderRefusal(po.number, po.status, 'receive'),
        { status: po.status },
        'purchaseOrderId',
      );
    if (supplierId && supplierId !== po.supplier_id)
      throw badRequest('supplierId: is not the purchase order’s supplier', 'supplierId');
    supplierId = po.supplier_id;
    locationId ??= po.location_id;
    const rows = await select<PoLineRow>(
      cx,
      `SELECT id, part_id, quantity, received_quantity, unit_cost FROM purchase_order_lines WHERE purchase_order_id = :id ORDER BY position FOR UPDATE`,
      { id: po.id },
    );
    poLines = new Map(rows.map((r) => [r.part_id, r]));
  } else if (
    supplierId &&
    !(await selectOne(cx, `SELECT 1 AS one FROM suppliers WHERE id = :supplierId`, { supplierId }))
  ) {
    throw notFound('Supplier');
  }
  locationId ??= await defaultLocation(cx);
  await assertLocation(cx, locationId);

  const partIds = [...new Set(input.lines.map((l) => l.partId))].sort();
  // Parts first (the average cost), then the levels: the lock order every command keeps.
  const parts = await select<{ id: string; cost: string }>(
    cx,
    `SELECT id, cost FROM parts WHERE id IN (:partIds) ORDER BY id FOR UPDATE`,
    { partIds },
  );
  if (parts.length !== partIds.length) throw notFound('Part');
  const costOf = new Map(parts.map((p) => [p.id, Number(p.cost)]));

  const lines: ReceiptLine[] = [];
  const receiving = new Map<string, number>();
  for (const [i, l] of input.lines.entries()) {
    const quantity = toMilli(l.quantity)!;
    let unitCost = l.unitCost;
    let poLineId: string | null = null;
    if (po) {
      const poLine = poLines.get(l.partId);
      if (!poLine)
        throw conflict(
          `Line ${i + 1}: the part is not on purchase order ${po.number}`,
          { partId: l.partId },
          `lines.${i}.partId`,
        );
      const outstanding =
        milliFromDb(poLine.quantity) - milliFromDb(poLine.received_quantity) - (receiving.get(l.partId) ?? 0);
      if (quantity > outstanding) {
        throw conflict(
          `Line ${i + 1}: only ${milliToNumber(Math.max(0, outstanding))} are still to come on ${po.number}`,
          { outstanding: milliToNumber(Math.max(0, outstanding)) },
          `lines.${i}.quantity`,
        );
      }
      unitCost ??= Number(poLine.unit_cost);
      poLineId = poLine.id;
    }
    receiving.set(l.partId, (receiving.get(l.partId) ?? 0) + quantity);
    lines.push({ partId: l.partId, quantity, unitCost: unitCost ?? costOf.get(l.partId)!, poLineId });
  }

  const existing = await select<{ part_id: string; location_id: string }>(
    cx,
    `SELECT part_id, location_id FROM stock_levels WHERE part_id IN (:partIds)`,
    { partIds },
  );
  const levels = await lockLevels(cx, [
    ...existing.map((r) => ({ partId: r.part_id, locationId: r.location_id })),
    ...partIds.map((partId) => ({ partId, locationId: locationId! })),
  ]);
  for (const partId of partIds) {
    let onHand = 0;
    for (const [key, level] of levels) if (key.startsWith(`${partId}|`)) onHand += level.onHand;
    const after = movingAverageAfter(
      { quantityMilli: onHand, unitCost: costOf.get(partId)! },
      lines
        .filter((l) => l.partId === partId)
        .map((l) => ({ quantityMilli: l.quantity, unitCost: l.unitCost })),
    );
    await execute(cx, `UPDATE parts SET cost = :cost, updated_at = :now WHERE id = :partId`, {
      cost: after.unitCost,
      now: cx.now,
      partId,
    });
  }

  const id = newId();
  const number = await nextNumber(cx, 'GR');
  await execute(
    cx,
    `INSERT INTO receipts (id, number, supplier_id, purchase_order_id, location_id, supplier_document, note, received_at, actor_name, created_at)
     VALUES (:id, :number, :supplierId, :poId, :locationId, :supplierDocument, :note, :now, :actorName, :now)`,
    {
      id,
      number,
      supplierId,
      poId: po?.id ?? null,
      locationId,
      supplierDocument: input.supplierDocument ?? null,
      note: input.note ?? null,
      now: cx.now,
      actorName: cx.actor.name,
    },
  );
  for (const [position, l] of lines.entries()) {
    await execute(
      cx,
      `INSERT INTO receipt_lines (id, receipt_id, position, part_id, purchase_order_line_id, quantity, unit_cost)
       VALUES (:lineId, :id, :position, :partId, :poLineId, :quantity, :unitCost)`,
      {
        lineId: newId(),
        id,
        position,
        partId: l.partId,
        poLineId: l.poLineId,
        quantity: milliToDb(l.quantity),
        unitCost: l.unitCost,
      },
    );
  }
  await postMovements(
    cx,
    lines.map((l) => ({
      partId: l.partId,
      locationId: locationId!,
      kind: 'receipt' as const,
      quantity: l.quantity,
      unitCost: l.unitCost,
      document: { type: 'receipt', id },
    })),
    levels,
  );

  if (po) {
    for (const [partId, quantity] of receiving) {
      await execute(
        cx,
        `UPDATE purchase_order_lines SET received_quantity = received_quantity + CAST(:quantity AS numeric) WHERE id = :id`,
        {
          quantity: milliToDb(quantity),
          id: poLines.get(partId)!.id,
        },
      );
    }
    const after = await select<{ quantity: string; received_quantity: string }>(
      cx,
      `SELECT quantity, received_quantity FROM purchase_order_lines WHERE purchase_order_id = :id`,
      { id: po.id },
    );
    const status = statusAfterReceipt(
      after.map((r) => ({ quantity: milliFromDb(r.quantity), received: milliFromDb(r.received_quantity) })),
    );
    await execute(
      cx,
      `UPDATE purchase_orders SET status = :status, received_at = :receivedAt, updated_at = :now WHERE id = :id`,
      {
        status,
        receivedAt: status === 'received' ? cx.now : null,
        now: cx.now,
        id: po.id,
      },
    );
    cx.emit({ type: 'purchase_order.changed', purchaseOrderId: po.id, status });
  }

  const arrivals = await allocateArrivals(cx, { id, locationId }, levels);
  await recordAudit(cx, {
    action: 'stock.received',
    entityType: 'receipt',
    entityId: id,
    after: { number, purchaseOrderId: po?.id ?? null, supplierId, locationId, lines },
  });
  cx.emit({ type: 'stock.changed', partIds, locationIds: [locationId] });
  return { id, number, arrivals };
}
