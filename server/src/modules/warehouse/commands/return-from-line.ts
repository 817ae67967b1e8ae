import type { LineReservationDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { milliToNumber } from '../rules/quantity.ts';
import { available } from '../rules/stock-level.ts';
import { levelKey, lockLevels, saveLevels } from './lock-levels.ts';
import { postMovements } from './post-movements.ts';
import { findReservation, presentReservation, saveReservation } from './reservation-row.ts';
import { assertLocation, quantityMilli } from './reserve-for-line.ts';

export interface ReturnFromLineInput {
  lineId: string;
  quantity: number | string;
  /** Default: the line's location. */
  locationId?: string | null;
  reason?: string | null;
}

/**
 * Takes parts back from a line (not fitted, wrong part): a `return` row in the ledger. The line still
 * needs what it needs, so the returned stock is reserved for it again; lower the line's quantity with
 * `reserveForLine` afterwards to free it.
 */
export async function returnFromLine(
  cx: CommandContext,
  input: ReturnFromLineInput,
): Promise<LineReservationDto> {
  const seen = await findReservation(cx, input.lineId);
  if (!seen) throw notFound('Issued parts for this line');
  const locationId = input.locationId ?? seen.locationId;
  if (input.locationId) await assertLocation(cx, input.locationId);
  const levels = await lockLevels(cx, [seen, { partId: seen.partId, locationId }]);
  const line = await findReservation(cx, input.lineId, true);
  if (!line || line.partId !== seen.partId || line.locationId !== seen.locationId)
    throw conflict('The line was changed at the same moment; try again');
  const quantity = quantityMilli(input.quantity);
  if (quantity <= 0 || quantity > line.issued) {
    throw conflict(
      `Only ${milliToNumber(line.issued)} were issued to this line`,
      { issued: milliToNumber(line.issued) },
      'quantity',
    );
  }
  await postMovements(
    cx,
    [
      {
        partId: line.partId,
        locationId,
        kind: 'return',
        quantity,
        lineId: line.lineId,
        reason: input.reason ?? null,
      },
    ],
    levels,
  );
  const issued = line.issued - quantity;
  const key = levelKey(line);
  const level = levels.get(key)!;
  const topUp = Math.min(line.needed - issued - line.reserved, available(level));
  if (topUp > 0) {
    levels.set(key, { ...level, reserved: level.reserved + topUp });
    await saveLevels(cx, levels, new Set([key]), null);
  }
  const next = { ...line, issued, reserved: line.reserved + Math.max(0, topUp) };
  await saveReservation(cx, next);
  cx.emit({
    type: 'stock.changed',
    partIds: [line.partId],
    locationIds: [...new Set([locationId, line.locationId])],
  });
  return presentReservation(next);
}
