import type { Page, StocktakeDto } from '../../../contracts/index.ts';
import { notFound } from '../../../platform/errors.ts';
import { iso, select, selectOne, type Executor } from '../db.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { stocktakeVariance } from '../rules/stocktake.ts';

const n = (v: string | null | undefined) =>
  v === undefined || v === null ? null : milliToNumber(milliFromDb(v));

export async function getStocktake(ex: Executor, id: string): Promise<StocktakeDto> {
  const st = await selectOne<Record<string, string | null> & { created_at: Date; posted_at: Date | null }>(
    ex,
    `SELECT * FROM stocktakes WHERE id = :id`,
    { id },
  );
  if (!st) throw notFound('Stocktake');
  const lines = await select<Record<string, string | null>>(
    ex,
    `SELECT sl.part_id, p.sku, p.name, sl.expected_quantity, sl.counted_quantity, sl.posted_quantity, sl.on_hand_at_posting,
            coalesce(l.on_hand, 0) AS on_hand
       FROM stocktake_lines sl JOIN parts p ON p.id = sl.part_id
       LEFT JOIN stock_levels l ON l.part_id = sl.part_id AND l.location_id = :locationId
      WHERE sl.stocktake_id = :id
      ORDER BY p.name`,
    { id, locationId: st.location_id },
  );
  return {
    id: st.id!,
    number: st.number!,
    locationId: st.location_id!,
    status: st.status as StocktakeDto['status'],
    note: st.note ?? null,
    createdAt: iso(st.created_at)!,
    postedAt: iso(st.posted_at),
    lines: lines.map((l) => {
      // After posting, show the books as they were at posting, so the variance stays what was posted.
      const onHand = milliFromDb(l.on_hand_at_posting ?? l.on_hand);
      const counted =
        l.counted_quantity === null || l.counted_quantity === undefined
          ? null
          : milliFromDb(l.counted_quantity);
      const variance = stocktakeVariance(counted, onHand);
      return {
        partId: l.part_id!,
        sku: l.sku!,
        name: l.name!,
        expected: n(l.expected_quantity)!,
        onHand: milliToNumber(onHand),
        counted: counted === null ? null : milliToNumber(counted),
        variance: variance === null ? null : milliToNumber(variance),
        posted: n(l.posted_quantity),
      };
    }),
  };
}

export async function listStocktakes(
  ex: Executor,
  q: { offset: number; limit: number },
): Promise<Page<Omit<StocktakeDto, 'lines'>>> {
  const rows = await select<Record<string, string | null> & { created_at: Date; posted_at: Date | null }>(
    ex,
    `SELECT * FROM stocktakes ORDER BY created_at DESC OFFSET :offset LIMIT :limit`,
    q,
  );
  const [count] = await select<{ n: string }>(ex, `SELECT count(*) AS n FROM stocktakes`);
  return {
    items: rows.map((st) => ({
      id: st.id!,
      number: st.number!,
      locationId: st.location_id!,
      status: st.status as StocktakeDto['status'],
      note: st.note ?? null,
      createdAt: iso(st.created_at)!,
      postedAt: iso(st.posted_at),
    })),
    total: Number(count?.n ?? 0),
    offset: q.offset,
    limit: q.limit,
  };
}
