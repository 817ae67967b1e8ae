import type { Page, PurchaseOrderDto, PurchaseOrderStatus, ReceiptDto } from '../../../contracts/index.ts';
import { notFound } from '../../../platform/errors.ts';
import { iso, select, selectOne, type Executor } from '../db.ts';
import { lineValue } from '../rules/money.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';

type Row = Record<string, string | null>;
type OrderRow = Row & {
  sent_at: Date | null;
  received_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

async function presentOrders(ex: Executor, orders: OrderRow[]): Promise<PurchaseOrderDto[]> {
  if (orders.length === 0) return [];
  const lines = await select<Row>(
    ex,
    `SELECT l.*, p.sku, p.name FROM purchase_order_lines l JOIN parts p ON p.id = l.part_id
      WHERE l.purchase_order_id IN (:ids) ORDER BY l.position`,
    { ids: orders.map((o) => o.id) },
  );
  return orders.map((o) => {
    const own = lines.filter((l) => l.purchase_order_id === o.id);
    return {
      id: o.id!,
      number: o.number!,
      supplierId: o.supplier_id!,
      supplierName: o.supplier_name!,
      locationId: o.location_id!,
      status: o.status as PurchaseOrderStatus,
      note: o.note ?? null,
      lines: own.map((l) => ({
        id: l.id!,
        partId: l.part_id!,
        sku: l.sku!,
        name: l.name!,
        quantity: milliToNumber(milliFromDb(l.quantity)),
        receivedQuantity: milliToNumber(milliFromDb(l.received_quantity)),
        unitCost: Number(l.unit_cost),
      })),
      total: own.reduce((sum, l) => sum + lineValue(Number(l.unit_cost), milliFromDb(l.quantity)), 0),
      sentAt: iso(o.sent_at),
      receivedAt: iso(o.received_at),
      cancelledAt: iso(o.cancelled_at),
      cancelReason: o.cancel_reason ?? null,
      createdAt: iso(o.created_at)!,
      updatedAt: iso(o.updated_at)!,
    };
  });
}

export async function getPurchaseOrder(ex: Executor, id: string): Promise<PurchaseOrderDto> {
  const order = await selectOne<OrderRow>(
    ex,
    `SELECT o.*, s.name AS supplier_name FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = :id`,
    { id },
  );
  if (!order) throw notFound('Purchase order');
  return (await presentOrders(ex, [order]))[0]!;
}

export async function listPurchaseOrders(
  ex: Executor,
  q: { status?: PurchaseOrderStatus; supplierId?: string; offset: number; limit: number },
): Promise<Page<PurchaseOrderDto>> {
  const where = [
    'true',
    q.status ? 'o.status = :status' : null,
    q.supplierId ? 'o.supplier_id = :supplierId' : null,
  ]
    .filter(Boolean)
    .join(' AND ');
  const params = {
    status: q.status ?? null,
    supplierId: q.supplierId ?? null,
    offset: q.offset,
    limit: q.limit,
  };
  const orders = await select<OrderRow>(
    ex,
    `SELECT o.*, s.name AS supplier_name FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
      WHERE ${where} ORDER BY o.created_at DESC, o.number DESC OFFSET :offset LIMIT :limit`,
    params,
  );
  const [count] = await select<{ n: string }>(
    ex,
    `SELECT count(*) AS n FROM purchase_orders o WHERE ${where}`,
    params,
  );
  return {
    items: await presentOrders(ex, orders),
    total: Number(count?.n ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}

export async function getReceipt(ex: Executor, id: string): Promise<ReceiptDto> {
  const r = await selectOne<Row & { received_at: Date }>(ex, `SELECT * FROM receipts WHERE id = :id`, { id });
  if (!r) throw notFound('Receipt');
  const lines = await select<Row>(
    ex,
    `SELECT l.part_id, p.sku, p.name, l.quantity, l.unit_cost FROM receipt_lines l JOIN parts p ON p.id = l.part_id
      WHERE l.receipt_id = :id ORDER BY l.position`,
    { id },
  );
  const arrivals = await select<{ order_id: string; customer_id: string | null; part_ids: string[] }>(
    ex,
    `SELECT order_id, customer_id, part_ids FROM parts_arrival_notices WHERE receipt_id = :id ORDER BY created_at`,
    { id },
  );
  return {
    id: r.id!,
    number: r.number!,
    supplierId: r.supplier_id ?? null,
    purchaseOrderId: r.purchase_order_id ?? null,
    locationId: r.location_id!,
    supplierDocument: r.supplier_document ?? null,
    note: r.note ?? null,
    receivedAt: iso(r.received_at)!,
    lines: lines.map((l) => ({
      partId: l.part_id!,
      sku: l.sku!,
      name: l.name!,
      quantity: milliToNumber(milliFromDb(l.quantity)),
      unitCost: Number(l.unit_cost),
    })),
    total: lines.reduce((sum, l) => sum + lineValue(Number(l.unit_cost), milliFromDb(l.quantity)), 0),
    arrivals: arrivals.map((a) => ({ orderId: a.order_id, customerId: a.customer_id, partIds: a.part_ids })),
  };
}

export async function listReceipts(
  ex: Executor,
  q: { purchaseOrderId?: string; offset: number; limit: number },
): Promise<Page<Omit<ReceiptDto, 'lines' | 'arrivals'>>> {
  const where = q.purchaseOrderId ? 'WHERE r.purchase_order_id = :purchaseOrderId' : '';
  const params = { purchaseOrderId: q.purchaseOrderId ?? null, offset: q.offset, limit: q.limit };
  const rows = await select<Row & { received_at: Date }>(
    ex,
    `SELECT r.*, (SELECT coalesce(sum(round(l.quantity * l.unit_cost)), 0) FROM receipt_lines l WHERE l.receipt_id = r.id) AS total
       FROM receipts r ${where} ORDER BY r.received_at DESC, r.number DESC OFFSET :offset LIMIT :limit`,
    params,
  );
  const [count] = await select<{ n: string }>(ex, `SELECT count(*) AS n FROM receipts r ${where}`, params);
  return {
    items: rows.map((r) => ({
      id: r.id!,
      number: r.number!,
      supplierId: r.supplier_id ?? null,
      purchaseOrderId: r.purchase_order_id ?? null,
      locationId: r.location_id!,
      supplierDocument: r.supplier_document ?? null,
      note: r.note ?? null,
      receivedAt: iso(r.received_at)!,
      total: Number(r.total),
    })),
    total: Number(count?.n ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}
