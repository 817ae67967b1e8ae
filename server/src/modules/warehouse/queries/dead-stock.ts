import type { DeadStockRowDto } from '../../../contracts/warehouse.ts';
import { iso, select, type Executor } from '../db.ts';
import { lineValue } from '../rules/money.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';

/** Parts on the shelf with no movement for `days` days (or never), and the money tied up in them at cost. */
export async function deadStock(
  ex: Executor,
  input: { days: number; limit: number; now: Date },
): Promise<{ days: number; totalValue: number; items: DeadStockRowDto[] }> {
  const cutoff = new Date(input.now.getTime() - input.days * 86_400_000);
  const rows = await select<{
    id: string;
    sku: string;
    name: string;
    brand: string | null;
    cost: string;
    on_hand: string;
    last_at: Date | null;
  }>(
    ex,
    `SELECT p.id, p.sku, p.name, p.brand, p.cost, sum(l.on_hand) AS on_hand, max(l.last_movement_at) AS last_at
       FROM stock_levels l JOIN parts p ON p.id = l.part_id
      GROUP BY p.id
     HAVING sum(l.on_hand) > 0 AND (max(l.last_movement_at) IS NULL OR max(l.last_movement_at) < :cutoff)
      ORDER BY sum(l.on_hand) * p.cost DESC, p.name`,
    { cutoff },
  );
  let totalValue = 0;
  const items = rows.map((r) => {
    const onHand = milliFromDb(r.on_hand);
    const value = lineValue(Number(r.cost), onHand);
    totalValue += value;
    return {
      partId: r.id,
      sku: r.sku,
      name: r.name,
      brand: r.brand,
      onHand: milliToNumber(onHand),
      unitCost: Number(r.cost),
      value,
      lastMovementAt: iso(r.last_at),
      idleDays: r.last_at
        ? Math.floor((input.now.getTime() - new Date(r.last_at).getTime()) / 86_400_000)
        : null,
    };
  });
  return { days: input.days, totalValue, items: items.slice(0, input.limit) };
}
