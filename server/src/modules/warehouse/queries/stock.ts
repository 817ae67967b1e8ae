import type { MovementDto, MovementKind, Page, StockFigures } from '../../../contracts/index.ts';
import { notFound } from '../../../platform/errors.ts';
import { iso, select, selectOne, type Executor } from '../db.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { stockFigures } from '../warehouse.presenter.ts';

/** The stock of one part: total and per location, straight from the summary (one index lookup). */
export async function partStock(
  ex: Executor,
  partId: string,
): Promise<StockFigures & { locations: Array<StockFigures & { locationId: string }> }> {
  const found = await select<{ location_id: string | null; on_hand: string | null; reserved: string | null }>(
    ex,
    `SELECT l.location_id, l.on_hand, l.reserved FROM parts p LEFT JOIN stock_levels l ON l.part_id = p.id WHERE p.id = :partId`,
    { partId },
  );
  if (found.length === 0) throw notFound('Part');
  const rows = found.filter(
    (r): r is { location_id: string; on_hand: string; reserved: string } => r.location_id !== null,
  );
  let onHand = 0;
  let reserved = 0;
  for (const r of rows) {
    onHand += milliFromDb(r.on_hand);
    reserved += milliFromDb(r.reserved);
  }
  return {
    onHand: milliToNumber(onHand),
    reserved: milliToNumber(reserved),
    available: milliToNumber(onHand - reserved),
    locations: rows.map((r) => ({ locationId: r.location_id, ...stockFigures(r.on_hand, r.reserved) })),
  };
}

/** The part's ledger, newest first, with the running balance at each movement's location. */
export async function partLedger(
  ex: Executor,
  partId: string,
  q: { locationId?: string; offset: number; limit: number },
): Promise<Page<MovementDto>> {
  if (!(await selectOne(ex, `SELECT 1 AS one FROM parts WHERE id = :partId`, { partId })))
    throw notFound('Part');
  const filter = q.locationId ? 'AND m.location_id = :locationId' : '';
  const rows = await select<Record<string, string | null> & { seq: string; at: Date }>(
    ex,
    `SELECT m.*, s.code AS location_code,
            sum(m.quantity) OVER (PARTITION BY m.location_id ORDER BY m.seq) AS balance
       FROM stock_movements m JOIN stock_locations s ON s.id = m.location_id
      WHERE m.part_id = :partId ${filter}
      ORDER BY m.seq DESC
      OFFSET :offset LIMIT :limit`,
    { partId, locationId: q.locationId ?? null, offset: q.offset, limit: q.limit },
  );
  const [count] = await select<{ n: string }>(
    ex,
    `SELECT count(*) AS n FROM stock_movements m WHERE m.part_id = :partId ${filter}`,
    {
      partId,
      locationId: q.locationId ?? null,
    },
  );
  return {
    items: rows.map((r) => ({
      id: r.id!,
      seq: Number(r.seq),
      at: iso(r.at)!,
      partId: r.part_id!,
      locationId: r.location_id!,
      locationCode: r.location_code!,
      kind: r.kind as MovementKind,
      quantity: milliToNumber(milliFromDb(r.quantity)),
      unitCost: Number(r.unit_cost),
      documentType: r.document_type ?? null,
      documentId: r.document_id ?? null,
      lineId: r.line_id ?? null,
      partsRequestId: r.parts_request_id ?? null,
      reason: r.reason ?? null,
      actorName: r.actor_name ?? null,
      balance: milliToNumber(milliFromDb(r.balance)),
    })),
    total: Number(count?.n ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}

export interface LevelRowDto extends StockFigures {
  partId: string;
  sku: string;
  name: string;
  brand: string | null;
  locationId: string;
  locationCode: string;
  min: number | null;
  max: number | null;
}

/** Stock levels (a location's shelf list, or everything below its minimum). */
export async function listLevels(
  ex: Executor,
  q: { locationId?: string; belowMin?: 'true' | 'false'; offset: number; limit: number },
): Promise<Page<LevelRowDto>> {
  const where = [
    'true',
    q.locationId ? 'l.location_id = :locationId' : null,
    q.belowMin === 'true'
      ? 'm.part_id IS NOT NULL AND l.on_hand - l.reserved < m.min_quantity'
      : 'l.on_hand > 0 OR l.reserved > 0',
  ]
    .filter(Boolean)
    .join(' AND ');
  const from = `FROM stock_levels l JOIN parts p ON p.id = l.part_id JOIN stock_locations s ON s.id = l.location_id
                LEFT JOIN stock_limits m ON m.part_id = l.part_id AND m.location_id = l.location_id
               WHERE ${where}`;
  const params = { locationId: q.locationId ?? null, offset: q.offset, limit: q.limit };
  const rows = await select<Record<string, string | null>>(
    ex,
    `SELECT l.part_id, p.sku, p.name, p.brand, l.location_id, s.code, l.on_hand, l.reserved, m.min_quantity, m.max_quantity
       ${from} ORDER BY s.code, p.name OFFSET :offset LIMIT :limit`,
    params,
  );
  const [count] = await select<{ n: string }>(ex, `SELECT count(*) AS n ${from}`, params);
  return {
    items: rows.map((r) => ({
      partId: r.part_id!,
      sku: r.sku!,
      name: r.name!,
      brand: r.brand ?? null,
      locationId: r.location_id!,
      locationCode: r.code!,
      ...stockFigures(r.on_hand, r.reserved),
      min: r.min_quantity === null ? null : milliToNumber(milliFromDb(r.min_quantity)),
      max: r.max_quantity === null ? null : milliToNumber(milliFromDb(r.max_quantity)),
    })),
    total: Number(count?.n ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}
