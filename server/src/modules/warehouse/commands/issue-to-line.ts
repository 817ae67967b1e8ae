import type { LineReservationDto } from '../../../contracts/warehouse.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { milliFromDb, milliToNumber } from '../rules/quantity.ts';
import { levelKey, lockLevels, saveLevels } from './lock-levels.ts';
import { postMovements } from './post-movements.ts';
import { findReservation, presentReservation, saveReservation } from './reservation-row.ts';
import { assertLocation, quantityMilli } from './reserve-for-line.ts';
import { assertLineTakesStock, registerLineFromWorkshop } from './register-line.ts';
import { findWorkshopPartLine } from '../queries/workshop-lines.ts';

export interface IssueToLineInput {
  lineId: string;
  /** Default: everything the line still needs. */
  quantity?: number | string | null;
  /** Default: where the line's stock is reserved. */
  locationId?: string | null;
  partsRequestId?: string | null;
}

/**
 * Hands parts to a repair-order line: an `issue` row in the ledger linked to the line, taken first
 * from the line's own reservation and then from free stock. Refused (409) when the stock is not there
 * or the line needs less.
 */
export async function issueToLine(cx: CommandContext, input: IssueToLineInput): Promise<LineReservationDto> {
  const workshopLine = await findWorkshopPartLine(cx, input.lineId);
  if (!workshopLine) throw notFound('Parts line');
  assertLineTakesStock(workshopLine);
  let seen = await findReservation(cx, input.lineId);
  if (!seen || seen.partId !== workshopLine.partId || seen.needed !== milliFromDb(workshopLine.quantity)) {
    // The workshop's line is the truth about what it needs; bring the warehouse's record up to date first.
    seen = await registerLineFromWorkshop(
      cx,
      input.lineId,
      seen?.partId === workshopLine.partId ? seen.locationId : input.locationId,
    );
  }
  const locationId = input.locationId ?? seen.locationId;
  if (input.locationId) await assertLocation(cx, input.locationId);
  const levels = await lockLevels(cx, [seen, { partId: seen.partId, locationId }]);
  const line = await findReservation(cx, input.lineId, true);
  if (!line || line.partId !== seen.partId || line.locationId !== seen.locationId)
    throw conflict('The line was changed at the same moment; try again');

  const outstanding = line.needed - line.issued;
  const quantity =
    input.quantity === undefined || input.quantity === null ? outstanding : quantityMilli(input.quantity);
  if (quantity <= 0)
    throw conflict(
      'Nothing is left to issue to this line',
      { needed: milliToNumber(line.needed), issued: milliToNumber(line.issued) },
      'quantity',
    );
  if (quantity > outstanding) {
    throw conflict(
      `The line needs ${milliToNumber(outstanding)} more, not ${milliToNumber(quantity)}: change the line's quantity first`,
      undefined,
      'quantity',
    );
  }
  const sameLocation = locationId === line.locationId;
  const consume = sameLocation ? Math.min(quantity, line.reserved) : 0;
  await postMovements(
    cx,
    [
      {
        partId: line.partId,
        locationId,
        kind: 'issue',
        quantity: -quantity,
        consumeReserved: consume,
        lineId: line.lineId,
        partsRequestId: input.partsRequestId ?? null,
      },
    ],
    levels,
  );

  let reserved = line.reserved - consume;
  const issued = line.issued + quantity;
  const excess = reserved + issued - line.needed;
  if (excess > 0) {
    // Issued from elsewhere: the reservation at the line's own location is no longer needed in full.
    const key = levelKey(line);
    const level = levels.get(key)!;
    levels.set(key, { ...level, reserved: level.reserved - excess });
    await saveLevels(cx, levels, new Set([key]), null);
    reserved -= excess;
  }
  const next = { ...line, reserved, issued };
  await saveReservation(cx, next);
  cx.emit({
    type: 'stock.changed',
    partIds: [line.partId],
    locationIds: [...new Set([locationId, line.locationId])],
  });
  return presentReservation(next);
}
