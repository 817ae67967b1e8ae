import type { PartsRequestDto } from '../../../contracts/warehouse.ts';
import { notFound } from '../../../platform/errors.ts';
import { iso, select, type Executor } from '../db.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { stockFigures } from '../warehouse.presenter.ts';

type Row = Record<string, string | number | null> & { requested_at: Date; issued_at: Date | null };

const REQUEST_SQL = `
  SELECT r.*, o.number AS order_number, j.name AS job_name, l.code AS lift_code
    FROM parts_requests r
    LEFT JOIN repair_orders o ON o.id = r.order_id
    LEFT JOIN order_jobs j ON j.id = r.job_id
    LEFT JOIN lifts l ON l.id = r.lift_id`;

async function present(ex: Executor, rows: Row[], now: Date): Promise<PartsRequestDto[]> {
  if (rows.length === 0) return [];
  const items = await select<Record<string, string | null>>(
    ex,
    `SELECT i.*, p.sku, coalesce(p.name, ol.name) AS name, s.on_hand, s.reserved
       FROM parts_request_items i
       LEFT JOIN order_parts ol ON ol.id = i.part_line_id
       LEFT JOIN parts p ON p.id = coalesce(i.part_id, ol.part_id)
       LEFT JOIN LATERAL (SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock_levels WHERE part_id = p.id) s ON true
      WHERE i.request_id IN (:ids)
      ORDER BY i.position`,
    { ids: rows.map((r) => r.id) },
  );
  return rows.map((r) => ({
    id: r.id as string,
    number: r.number as string,
    orderId: r.order_id as string,
    orderNumber: (r.order_number as string | null) ?? null,
    jobId: r.job_id as string,
    jobName: (r.job_name as string | null) ?? null,
    liftId: (r.lift_id as string | null) ?? null,
    liftCode: (r.lift_code as string | null) ?? null,
    status: r.status as PartsRequestDto['status'],
    note: (r.note as string | null) ?? null,
    requestedBy: (r.requested_by_name as string | null) ?? null,
    requestedAt: iso(r.requested_at)!,
    issuedAt: iso(r.issued_at),
    waitSeconds:
      r.wait_seconds !== null && r.wait_seconds !== undefined
        ? Number(r.wait_seconds)
        : Math.max(0, Math.floor((now.getTime() - new Date(r.requested_at).getTime()) / 1000)),
    items: items
      .filter((i) => i.request_id === r.id)
      .map((i) => ({
        id: i.id!,
        partLineId: i.part_line_id ?? null,
        partId: i.part_id ?? null,
        sku: i.sku ?? null,
        name: i.name ?? null,
        quantity:
          i.quantity === null || i.quantity === undefined ? null : milliToNumber(milliFromDb(i.quantity)),
        description: i.description ?? null,
        issuedQuantity: milliToNumber(milliFromDb(i.issued_quantity)),
        stock: i.sku === null || i.sku === undefined ? null : stockFigures(i.on_hand, i.reserved),
      })),
  }));
}

/** The storekeeper's queue: open requests oldest first, each with how long it has waited. */
export async function partsQueue(
  ex: Executor,
  q: { status: 'open' | 'issued' | 'cancelled'; limit: number; now: Date },
): Promise<PartsRequestDto[]> {
  const order = q.status === 'open' ? 'r.requested_at ASC' : 'coalesce(r.issued_at, r.cancelled_at) DESC';
  const rows = await select<Row>(
    ex,
    `${REQUEST_SQL} WHERE r.status = :status ORDER BY ${order} LIMIT :limit`,
    q,
  );
  return present(ex, rows, q.now);
}

export async function getPartsRequest(ex: Executor, id: string, now: Date): Promise<PartsRequestDto> {
  const rows = await select<Row>(ex, `${REQUEST_SQL} WHERE r.id = :id`, { id });
  if (rows.length === 0) throw notFound('Parts request');
  return (await present(ex, rows, now))[0]!;
}

export async function requestsOfOrder(ex: Executor, orderId: string, now: Date): Promise<PartsRequestDto[]> {
  const rows = await select<Row>(
    ex,
    `${REQUEST_SQL} WHERE r.order_id = :orderId ORDER BY r.requested_at DESC`,
    { orderId },
  );
  return present(ex, rows, now);
}
