import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { execute, selectOne } from '../db.ts';
import { milliToDb, toMilli } from '../rules/quantity.ts';
import { assertLocation } from './reserve-for-line.ts';

/** Min/max of a part at a location (drives the reorder suggestions). */
export async function setStockLimit(
  cx: CommandContext,
  partId: string,
  input: { locationId: string; min: number; max: number },
): Promise<void> {
  if (!(await selectOne(cx, `SELECT 1 AS one FROM parts WHERE id = :partId`, { partId })))
    throw notFound('Part');
  await assertLocation(cx, input.locationId);
  await execute(
    cx,
    `INSERT INTO stock_limits (part_id, location_id, min_quantity, max_quantity, updated_at) VALUES (:partId, :locationId, :min, :max, :now)
     ON CONFLICT (part_id, location_id) DO UPDATE SET min_quantity = EXCLUDED.min_quantity, max_quantity = EXCLUDED.max_quantity, updated_at = EXCLUDED.updated_at`,
    {
      partId,
      locationId: input.locationId,
      min: milliToDb(toMilli(input.min)!),
      max: milliToDb(toMilli(input.max)!),
      now: cx.now,
    },
  );
  await recordAudit(cx, { action: 'stock_limit.set', entityType: 'part', entityId: partId, after: input });
}

export async function removeStockLimit(
  cx: CommandContext,
  partId: string,
  locationId: string,
): Promise<void> {
  const row = await selectOne(
    cx,
    `DELETE FROM stock_limits WHERE part_id = :partId AND location_id = :locationId RETURNING part_id`,
    { partId, locationId },
  );
  if (!row) throw notFound('Stock limit');
  await recordAudit(cx, {
    action: 'stock_limit.removed',
    entityType: 'part',
    entityId: partId,
    before: { locationId },
  });
}
