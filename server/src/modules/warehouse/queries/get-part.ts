import type { CrossReferenceDto, LocationStockDto, PartCardDto } from '../../../contracts/warehouse.ts';
import { notFound } from '../../../platform/errors.ts';
import { iso, select, type Executor } from '../db.ts';
import { Part, PartNumber } from '../models/index.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { presentPart, stockFigures } from '../warehouse.presenter.ts';

export async function getPart(ex: Executor, id: string): Promise<PartCardDto> {
  const part = await Part.findByPk(id, { transaction: ex.tx ?? undefined });
  if (!part) throw notFound('Part');
  const numbers = await PartNumber.findAll({ where: { partId: id }, transaction: ex.tx ?? undefined });
  const [locations, crossReferences, demand] = await Promise.all([
    locationStock(ex, id),
    crossReferencesOf(ex, id),
    demandOf(ex, id),
  ]);
  let onHand = 0;
  let reserved = 0;
  for (const l of locations) {
    onHand += Math.round(l.onHand * 1000);
    reserved += Math.round(l.reserved * 1000);
  }
  return {
    ...presentPart(part, numbers),
    stock: {
      onHand: milliToNumber(onHand),
      reserved: milliToNumber(reserved),
      available: milliToNumber(onHand - reserved),
    },
    locations,
    crossReferences,
    ...demand,
  };
}

/** Stock of one part per location: the summary row (and the location's limits). */
export async function locationStock(ex: Executor, partId: string): Promise<LocationStockDto[]> {
  const rows = await select<Record<string, string | null>>(
    ex,
    `SELECT s.id AS location_id, s.code, s.name, l.on_hand, l.reserved, l.last_movement_at, m.min_quantity, m.max_quantity
       FROM stock_locations s
       LEFT JOIN stock_levels l ON l.location_id = s.id AND l.part_id = :partId
       LEFT JOIN stock_limits m ON m.location_id = s.id AND m.part_id = :partId
      WHERE l.part_id IS NOT NULL OR m.part_id IS NOT NULL
      ORDER BY s.is_default DESC, s.code`,
    { partId },
  );
  return rows.map((r) => ({
    locationId: r.location_id!,
    locationCode: r.code!,
    locationName: r.name!,
    ...stockFigures(r.on_hand, r.reserved),
    min: r.min_quantity === null ? null : milliToNumber(milliFromDb(r.min_quantity)),
    max: r.max_quantity === null ? null : milliToNumber(milliFromDb(r.max_quantity)),
    lastMovementAt: iso(r.last_movement_at),
  }));
}

/** The analogues of every number of the part, from both sides of each pair, with the parts that carry them. */
export async function crossReferencesOf(ex: Executor, partId: string): Promise<CrossReferenceDto[]> {
  const rows = await select<{
    id: string;
    number: string;
    brand: string | null;
    analogue_number: string;
    analogue_brand: string | null;
    other_norm: string;
    source: string | null;
  }>(
    ex,
    `WITH mine AS (SELECT DISTINCT number_norm FROM part_numbers WHERE part_id = :partId)
     SELECT x.id, x.number_a AS number, x.brand_a AS brand, x.number_b AS analogue_number, x.brand_b AS analogue_brand, x.norm_b AS other_norm, x.source
       FROM cross_references x JOIN mine ON x.norm_a = mine.number_norm
     UNION ALL
     SELECT x.id, x.number_b, x.brand_b, x.number_a, x.brand_a, x.norm_a, x.source
       FROM cross_references x JOIN mine ON x.norm_b = mine.number_norm
     ORDER BY analogue_number
     LIMIT 500`,
    { partId },
  );
  if (rows.length === 0) return [];
  const norms = [...new Set(rows.map((r) => r.other_norm))];
  const carriers = await select<{
    norm: string;
    id: string;
    sku: string;
    name: string;
    brand: string | null;
    on_hand: string | null;
    reserved: string | null;
  }>(
    ex,
    `SELECT DISTINCT ON (pn.number_norm, p.id) pn.number_norm AS norm, p.id, p.sku, p.name, p.brand, s.on_hand, s.reserved
       FROM part_numbers pn JOIN parts p ON p.id = pn.part_id
       LEFT JOIN LATERAL (SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock_levels WHERE part_id = p.id) s ON true
      WHERE pn.number_norm IN (:norms) AND p.id <> :partId`,
    { norms, partId },
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    brand: r.brand,
    analogueNumber: r.analogue_number,
    analogueBrand: r.analogue_brand,
    source: r.source,
    parts: carriers
      .filter((c) => c.norm === r.other_norm)
      .map((c) => ({
        id: c.id,
        sku: c.sku,
        name: c.name,
        brand: c.brand,
        stock: stockFigures(c.on_hand, c.reserved),
      })),
  }));
}

async function demandOf(ex: Executor, partId: string): Promise<{ openDemand: number; onOrder: number }> {
  const [row] = await select<{ demand: string | null; on_order: string | null }>(
    ex,
    `SELECT (SELECT sum(needed - reserved - issued) FROM stock_reservations WHERE part_id = :partId AND reserved + issued < needed) AS demand,
            (SELECT sum(l.quantity - l.received_quantity) FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id
              WHERE l.part_id = :partId AND o.status IN ('draft', 'sent', 'partly_received')) AS on_order`,
    { partId },
  );
  return {
    openDemand: milliToNumber(milliFromDb(row?.demand ?? '0')),
    onOrder: milliToNumber(milliFromDb(row?.on_order ?? '0')),
  };
}
