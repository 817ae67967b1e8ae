import type { CommandContext } from '../../../platform/context.ts';
import { execute, select } from '../db.ts';
import { milliFromDb, milliToDb } from '../rules/quantity.ts';

/**
 * A correction found less on the shelf than was reserved: the newest reservations at that level give
 * up their claim first (the line keeps its need, which becomes a shortage and so a purchase need).
 * The level row is already locked and already carries the lower `reserved`.
 */
export async function cutReservations(
  cx: CommandContext,
  partId: string,
  locationId: string,
  quantity: number,
): Promise<string[]> {
  const rows = await select<{ line_id: string; reserved: string }>(
    cx,
    `SELECT line_id, reserved FROM stock_reservations
      WHERE part_id = :partId AND location_id = :locationId AND reserved > 0
      ORDER BY created_at DESC, line_id
        FOR UPDATE`,
    { partId, locationId },
  );
  let left = quantity;
  const cut: string[] = [];
  for (const row of rows) {
    if (left <= 0) break;
    const take = Math.min(left, milliFromDb(row.reserved));
    await execute(
      cx,
      `UPDATE stock_reservations SET reserved = reserved - CAST(:take AS numeric), updated_at = :now WHERE line_id = :lineId`,
      {
        take: milliToDb(take),
        now: cx.now,
        lineId: row.line_id,
      },
    );
    left -= take;
    cut.push(row.line_id);
  }
  if (left > 0)
    throw new Error(
      `Reservations at ${partId}/${locationId} are ${left} short of the level's reserved figure`,
    );
  return cut;
}
