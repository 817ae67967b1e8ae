import type { ReorderSuggestionDto } from '../../../contracts/warehouse.ts';
import { select, type Executor } from '../db.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { reorderQuantity, roundUpToWhole } from '../rules/reorder.ts';

const COUNTED_UNITS = new Set(['pcs', 'set']);

/**
 * What to buy: parts whose free stock fell below the minimum at a location, and parts that repair
 * orders need but nobody could reserve, less what is already on order (drafts included, so that
 * making the drafts twice does not double the order).
 */
export async function reorderSuggestions(ex: Executor): Promise<ReorderSuggestionDto[]> {
  const rows = await select<{
    id: string;
    sku: string;
    name: string;
    brand: string | null;
    unit: string;
    cost: string;
    supplier_id: string | null;
    supplier_name: string | null;
    limits: Array<{
      on_hand: number | string;
      reserved: number | string;
      min: number | string;
      max: number | string;
    }> | null;
    on_hand: string | null;
    reserved: string | null;
    demand: string | null;
    on_order: string | null;
  }>(
    ex,
    `WITH low AS (
       SELECT m.part_id FROM stock_limits m JOIN stock_locations s ON s.id = m.location_id AND s.active
         LEFT JOIN stock_levels l ON l.part_id = m.part_id AND l.location_id = m.location_id
        WHERE coalesce(l.on_hand, 0) - coalesce(l.reserved, 0) < m.min_quantity),
     demand AS (
       SELECT part_id, sum(needed - reserved - issued) AS qty FROM stock_reservations WHERE reserved + issued < needed GROUP BY part_id),
     candidates AS (SELECT part_id FROM low UNION SELECT part_id FROM demand)
     SELECT p.id, p.sku, p.name, p.brand, p.unit, p.cost, p.default_supplier_id AS supplier_id, sup.name AS supplier_name,
            (SELECT json_agg(json_build_object('on_hand', coalesce(l.on_hand, 0), 'reserved', coalesce(l.reserved, 0),
                                               'min', m.min_quantity, 'max', m.max_quantity))
               FROM stock_limits m JOIN stock_locations s ON s.id = m.location_id AND s.active
               LEFT JOIN stock_levels l ON l.part_id = m.part_id AND l.location_id = m.location_id
              WHERE m.part_id = p.id) AS limits,
            (SELECT sum(on_hand) FROM stock_levels WHERE part_id = p.id) AS on_hand,
            (SELECT sum(reserved) FROM stock_levels WHERE part_id = p.id) AS reserved,
            d.qty AS demand,
            (SELECT sum(pl.quantity - pl.received_quantity) FROM purchase_order_lines pl JOIN purchase_orders po ON po.id = pl.purchase_order_id
              WHERE pl.part_id = p.id AND po.status IN ('draft', 'sent', 'partly_received')) AS on_order
       FROM candidates c JOIN parts p ON p.id = c.part_id AND p.active
       LEFT JOIN demand d ON d.part_id = p.id
       LEFT JOIN suppliers sup ON sup.id = p.default_supplier_id
      ORDER BY sup.name NULLS LAST, p.name`,
  );
  const out: ReorderSuggestionDto[] = [];
  for (const r of rows) {
    const toMilli = (v: number | string) => milliFromDb(typeof v === 'number' ? v.toFixed(3) : v);
    const limits = (r.limits ?? []).map((l) => ({
      onHand: toMilli(l.on_hand),
      reserved: toMilli(l.reserved),
      min: toMilli(l.min),
      max: toMilli(l.max),
    }));
    const openDemand = milliFromDb(r.demand ?? '0');
    const onOrder = milliFromDb(r.on_order ?? '0');
    let quantity = reorderQuantity({ locations: limits, openDemand, onOrder });
    if (quantity <= 0) continue;
    if (COUNTED_UNITS.has(r.unit)) quantity = roundUpToWhole(quantity);
    const onHand = milliFromDb(r.on_hand ?? '0');
    const reserved = milliFromDb(r.reserved ?? '0');
    out.push({
      partId: r.id,
      sku: r.sku,
      name: r.name,
      brand: r.brand,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      onHand: milliToNumber(onHand),
      reserved: milliToNumber(reserved),
      available: milliToNumber(onHand - reserved),
      min: milliToNumber(limits.reduce((s, l) => s + l.min, 0)),
      max: milliToNumber(limits.reduce((s, l) => s + l.max, 0)),
      openDemand: milliToNumber(openDemand),
      onOrder: milliToNumber(onOrder),
      quantity: milliToNumber(quantity),
      unitCost: Number(r.cost),
    });
  }
  return out;
}
