import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { FINISHED_ORDER_STATUSES, findWorkshopPartLine } from '../queries/workshop-lines.ts';
import { findReservation, type Reservation } from './reservation-row.ts';
import { reserveForLine } from './reserve-for-line.ts';

/**
 * A parts line the warehouse has not heard of yet (the workshop did not call `reserveForLine`, or the
 * desk issues straight away): read the workshop's line and register its need before issuing.
 */
export async function registerLineFromWorkshop(
  cx: CommandContext,
  lineId: string,
  locationId?: string | null,
): Promise<Reservation> {
  const line = await findWorkshopPartLine(cx, lineId);
  if (!line) throw notFound('Parts line');
  assertLineTakesStock(line);
  await reserveForLine(cx, {
    lineId,
    orderId: line.orderId,
    partId: line.partId!,
    quantity: line.quantity,
    locationId: locationId ?? null,
  });
  return (await findReservation(cx, lineId))!;
}

export function assertLineTakesStock(line: {
  partId: string | null;
  orderStatus: string;
  decision: string | null;
}): void {
  if (!line.partId)
    throw conflict(
      'The parts line is not a catalogue part: pick the part on the repair order first',
      undefined,
      'lineId',
    );
  if (FINISHED_ORDER_STATUSES.has(line.orderStatus))
    throw conflict(`The repair order is ${line.orderStatus}`, { status: line.orderStatus }, 'lineId');
  if (line.decision === 'pending' || line.decision === 'declined') {
    throw conflict(
      `The customer has ${line.decision === 'pending' ? 'not yet approved' : 'declined'} this line`,
      { decision: line.decision },
      'lineId',
    );
  }
}
