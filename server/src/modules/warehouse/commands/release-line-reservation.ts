import type { LineReservationDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { select } from '../db.ts';
import { levelKey, lockLevels, saveLevels } from './lock-levels.ts';
import {
  deleteReservation,
  findReservation,
  presentReservation,
  saveReservation,
} from './reservation-row.ts';

/**
 * The line no longer needs stock (removed, declined, the order cancelled): its reserved stock becomes
 * free and its shortage stops being a purchase need. What was issued stays issued (return it with
 * `returnFromLine`). Returns null when the line had nothing with the warehouse.
 */
export async function releaseLineReservation(
  cx: CommandContext,
  input: { lineId: string },
): Promise<LineReservationDto | null> {
  const seen = await findReservation(cx, input.lineId);
  if (!seen) return null;
  const levels = await lockLevels(cx, [seen]);
  const current = await findReservation(cx, input.lineId, true);
  if (!current) return null;
  const key = levelKey(current);
  if (current.reserved > 0) {
    const level = levels.get(key) ?? (await lockLevels(cx, [current])).get(key)!;
    levels.set(key, { ...level, reserved: level.reserved - current.reserved });
    await saveLevels(cx, levels, new Set([key]), null);
  }
  const released = { ...current, reserved: 0, needed: current.issued };
  if (released.issued === 0) await deleteReservation(cx, current.lineId);
  else await saveReservation(cx, released);
  cx.emit({ type: 'stock.changed', partIds: [current.partId], locationIds: [current.locationId] });
  return presentReservation(released);
}

/** Every line of a repair order gives its reservation back (the order is cancelled or closed). */
export async function releaseOrderReservations(
  cx: CommandContext,
  input: { orderId: string },
): Promise<LineReservationDto[]> {
  const lines = await select<{ line_id: string }>(
    cx,
    `SELECT line_id FROM stock_reservations WHERE order_id = :orderId ORDER BY line_id`,
    input,
  );
  const released: LineReservationDto[] = [];
  for (const { line_id } of lines) {
    const r = await releaseLineReservation(cx, { lineId: line_id });
    if (r) released.push(r);
  }
  return released;
}
