import type { LineReservationDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { selectOne } from '../db.ts';
import { pickLocation } from '../queries/pick-location.ts';
import { milliFromDb, milliToNumber, toMilli } from '../rules/quantity.ts';
import { available } from '../rules/stock-level.ts';
import { levelKey, lockLevels, saveLevels } from './lock-levels.ts';
import {
  deleteReservation,
  findReservation,
  presentReservation,
  saveReservation,
  type Reservation,
} from './reservation-row.ts';

export interface ReserveForLineInput {
  /** The repair order's parts line. */
  lineId: string;
  orderId: string;
  partId: string;
  /** What the line needs in total (number, or a numeric string as PostgreSQL returns it). */
  quantity: number | string;
  /** Take it from this location; default: where the part has most free stock. */
  locationId?: string | null;
}

export function quantityMilli(value: number | string, field = 'quantity'): number {
  const milli = typeof value === 'string' ? safeMilli(value) : toMilli(value);
  if (milli === null || milli < 0)
    throw badRequest(`${field}: must be zero or more with at most three decimals`, field);
  return milli;
}

function safeMilli(value: string): number | null {
  try {
    return milliFromDb(value);
  } catch {
    return null;
  }
}

/**
 * Says what a parts line needs: "line L needs Q of part P". Idempotent — call it when the line is
 * created and whenever its part or quantity changes. Reserves what free stock allows, gives back what
 * is no longer needed, and leaves the rest as a shortage (an open purchase need). Runs inside the
 * caller's transaction (the workshop's).
 */
export async function reserveForLine(
  cx: CommandContext,
  input: ReserveForLineInput,
): Promise<LineReservationDto> {
  const needed = quantityMilli(input.quantity);
  const part = await selectOne<{ id: string; active: boolean }>(
    cx,
    `SELECT id, active FROM parts WHERE id = :id`,
    { id: input.partId },
  );
  if (!part) throw notFound('Part');
  const seen = await findReservation(cx, input.lineId);
  if (seen && seen.partId !== input.partId && seen.issued > 0) {
    throw conflict(
      `${milliToNumber(seen.issued)} of the line's previous part were issued: return them before changing the part`,
      undefined,
      'partId',
    );
  }
  const locationId =
    input.locationId ??
    (seen && seen.partId === input.partId ? seen.locationId : await pickLocation(cx, input.partId));
  if (input.locationId) await assertLocation(cx, input.locationId);

  const keys = [{ partId: input.partId, locationId }];
  if (seen) keys.push({ partId: seen.partId, locationId: seen.locationId });
  const levels = await lockLevels(cx, keys);
  const current = await findReservation(cx, input.lineId, true);
  if (current && (current.partId !== seen?.partId || current.locationId !== seen?.locationId)) {
    throw conflict('The line was changed at the same moment; try again');
  }

  const touched = new Set<string>();
  let issued = 0;
  let kept = 0;
  if (current) {
    const samePlace = current.partId === input.partId && current.locationId === locationId;
    issued = current.partId === input.partId ? current.issued : 0;
    if (samePlace) kept = current.reserved;
    else if (current.reserved > 0) {
      const key = levelKey(current);
      const level = levels.get(key)!;
      levels.set(key, { ...level, reserved: level.reserved - current.reserved });
      touched.add(key);
    }
  }
  if (needed < issued) {
    throw conflict(
      `${milliToNumber(issued)} are already issued to this line: return the difference before lowering it to ${milliToNumber(needed)}`,
      undefined,
      'quantity',
    );
  }
  const key = levelKey({ partId: input.partId, locationId });
  const level = levels.get(key)!;
  const want = needed - issued;
  const reserved = Math.min(want, kept + available(level));
  levels.set(key, { ...level, reserved: level.reserved + reserved - kept });
  touched.add(key);
  await saveLevels(cx, levels, touched, null);

  const next: Reservation = {
    lineId: input.lineId,
    orderId: input.orderId,
    partId: input.partId,
    locationId,
    needed,
    reserved,
    issued,
  };
  if (needed === 0 && issued === 0) await deleteReservation(cx, input.lineId);
  else await saveReservation(cx, next);
  cx.emit({
    type: 'stock.changed',
    partIds: [...new Set(keys.map((k) => k.partId))],
    locationIds: [...new Set(keys.map((k) => k.locationId))],
  });
  return presentReservation(next);
}

export async function assertLocation(cx: CommandContext, locationId: string): Promise<void> {
  const row = await selectOne<{ active: boolean }>(
    cx,
    `SELECT active FROM stock_locations WHERE id = :locationId`,
    { locationId },
  );
  if (!row) throw notFound('Stock location');
  if (!row.active) throw conflict('The stock location is not active', undefined, 'locationId');
}
