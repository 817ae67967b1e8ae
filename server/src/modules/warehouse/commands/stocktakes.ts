import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select, selectOne } from '../db.ts';
import { Stocktake } from '../models/index.ts';
import { milliFromDb, milliToDb, toMilli } from '../rules/quantity.ts';
import { stocktakeAdjustments } from '../rules/stocktake.ts';
import { levelKey, lockLevels } from './lock-levels.ts';
import { nextNumber } from './next-number.ts';
import { postMovements } from './post-movements.ts';
import { assertLocation } from './reserve-for-line.ts';

/** A count sheet for one location: every part the books hold there (or that has limits there). */
export async function openStocktake(
  cx: CommandContext,
  input: { locationId: string; note?: string | null },
): Promise<Stocktake> {
  await assertLocation(cx, input.locationId);
  const open = await selectOne<{ number: string }>(
    cx,
    `SELECT number FROM stocktakes WHERE location_id = :locationId AND status = 'open'`,
    input,
  );
  if (open)
    throw conflict(`Stocktake ${open.number} is already open for this location`, undefined, 'locationId');
  const stocktake = await Stocktake.create(
    {
      id: newId(),
      number: await nextNumber(cx, 'ST'),
      locationId: input.locationId,
      status: 'open',
      note: input.note ?? null,
      createdBy: cx.actor.name,
      createdAt: cx.now,
    },
    { transaction: cx.tx },
  );
  await execute(
    cx,
    `INSERT INTO stocktake_lines (stocktake_id, part_id, expected_quantity)
     SELECT :id, part_id, max(on_hand) FROM (
       SELECT part_id, on_hand FROM stock_levels WHERE location_id = :locationId AND on_hand > 0
       UNION ALL SELECT part_id, 0 FROM stock_limits WHERE location_id = :locationId
     ) t GROUP BY part_id`,
    { id: stocktake.id, locationId: input.locationId },
  );
  await recordAudit(cx, {
    action: 'stocktake.opened',
    entityType: 'stocktake',
    entityId: stocktake.id,
    after: { number: stocktake.number, ...input },
  });
  return stocktake;
}

async function lockSheet(cx: CommandContext, id: string): Promise<Stocktake> {
  const stocktake = await Stocktake.findByPk(id, { transaction: cx.tx, lock: cx.tx.LOCK.UPDATE });
  if (!stocktake) throw notFound('Stocktake');
  return stocktake;
}

/** Counts typed from the sheet; a part found on the shelf but not on the sheet is added to it. */
export async function recordCounts(
  cx: CommandContext,
  id: string,
  counts: Array<{ partId: string; counted: number | null }>,
): Promise<void> {
  const stocktake = await lockSheet(cx, id);
  if (stocktake.status !== 'open')
    throw conflict(`Stocktake ${stocktake.number} is ${stocktake.status}`, { status: stocktake.status });
  const partIds = [...new Set(counts.map((c) => c.partId))];
  const found = await select<{ id: string }>(cx, `SELECT id FROM parts WHERE id IN (:partIds)`, { partIds });
  if (found.length !== partIds.length) throw notFound('Part');
  for (const c of counts) {
    await execute(
      cx,
      `INSERT INTO stocktake_lines (stocktake_id, part_id, expected_quantity, counted_quantity, counted_at, counted_by)
       VALUES (:id, :partId,
               coalesce((SELECT on_hand FROM stock_levels WHERE part_id = :partId AND location_id = :locationId), 0),
               :counted, :countedAt, :countedBy)
       ON CONFLICT (stocktake_id, part_id) DO UPDATE
         SET counted_quantity = EXCLUDED.counted_quantity, counted_at = EXCLUDED.counted_at, counted_by = EXCLUDED.counted_by`,
      {
        id,
        partId: c.partId,
        locationId: stocktake.locationId,
        counted: c.counted === null ? null : milliToDb(toMilli(c.counted)!),
        countedAt: c.counted === null ? null : cx.now,
        countedBy: c.counted === null ? null : cx.actor.name,
      },
    );
  }
}

/**
 * Posts the sheet: each counted part is set to its count with a `stocktake` movement of the
 * difference against the books at this moment. Posting twice changes nothing the second time.
 */
export async function postStocktake(
  cx: CommandContext,
  id: string,
): Promise<{ posted: boolean; movements: number }> {
  const stocktake = await lockSheet(cx, id);
  if (stocktake.status === 'posted') return { posted: false, movements: 0 };
  if (stocktake.status === 'cancelled')
    throw conflict(`Stocktake ${stocktake.number} is cancelled`, { status: stocktake.status });
  const lines = await select<{ part_id: string; counted_quantity: string | null }>(
    cx,
    `SELECT part_id, counted_quantity FROM stocktake_lines WHERE stocktake_id = :id AND counted_quantity IS NOT NULL`,
    { id },
  );
  const keys = lines.map((l) => ({ partId: l.part_id, locationId: stocktake.locationId }));
  const levels = await lockLevels(cx, keys);
  const withBooks = lines.map((l) => ({
    partId: l.part_id,
    counted: milliFromDb(l.counted_quantity),
    onHand: levels.get(levelKey({ partId: l.part_id, locationId: stocktake.locationId }))!.onHand,
  }));
  for (const line of withBooks) {
    await execute(
      cx,
      `UPDATE stocktake_lines SET on_hand_at_posting = :onHand, posted_quantity = :posted WHERE stocktake_id = :id AND part_id = :partId`,
      {
        id,
        partId: line.partId,
        onHand: milliToDb(line.onHand),
        posted: milliToDb(line.counted - line.onHand),
      },
    );
  }
  const adjustments = stocktakeAdjustments(withBooks);
  await postMovements(
    cx,
    adjustments.map((a) => ({
      partId: a.partId,
      locationId: stocktake.locationId,
      kind: 'stocktake' as const,
      quantity: a.delta,
      document: { type: 'stocktake', id },
      reason: stocktake.number,
    })),
    levels,
  );
  stocktake.status = 'posted';
  stocktake.postedAt = cx.now;
  stocktake.postedBy = cx.actor.name;
  await stocktake.save({ transaction: cx.tx });
  await recordAudit(cx, {
    action: 'stocktake.posted',
    entityType: 'stocktake',
    entityId: id,
    after: { number: stocktake.number, adjustments: adjustments.length },
  });
  if (adjustments.length)
    cx.emit({
      type: 'stock.changed',
      partIds: adjustments.map((a) => a.partId),
      locationIds: [stocktake.locationId],
    });
  return { posted: true, movements: adjustments.length };
}

export async function cancelStocktake(cx: CommandContext, id: string): Promise<void> {
  const stocktake = await lockSheet(cx, id);
  if (stocktake.status !== 'open')
    throw conflict(`Stocktake ${stocktake.number} is ${stocktake.status}`, { status: stocktake.status });
  stocktake.status = 'cancelled';
  stocktake.cancelledAt = cx.now;
  await stocktake.save({ transaction: cx.tx });
  await recordAudit(cx, { action: 'stocktake.cancelled', entityType: 'stocktake', entityId: id });
}
