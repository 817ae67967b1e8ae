import type { CommandContext } from '../../../platform/context.ts';
import { conflict } from '../../../platform/errors.ts';
import { releaseLineReservation, releaseOrderReservations, reserveForLine } from '../../warehouse/index.ts';
import type { OrderPart } from '../models/index.ts';

/**
 * The workshop's side of the warehouse hooks. Each runs in the caller's transaction, so a line and its
 * claim on stock change together or not at all. (The warehouse never imports the workshop, so there is
 * no import cycle: the warehouse reads the workshop's lines through SQL only.)
 */

/** Whether a parts line should hold stock: a catalogue part, not a recommendation still pending or declined. */
export function lineTakesStock(part: Pick<OrderPart, 'partId' | 'decision'>): boolean {
  return Boolean(part.partId) && part.decision !== 'pending' && part.decision !== 'declined';
}

/**
 * Tells the warehouse what the line needs now: reserves (idempotently) when the line takes stock,
 * gives the reservation back when it does not (free text, pending or declined recommendation).
 * A quantity below what was already issued, or a new part while the old one is issued, is a 409
 * from the warehouse: the storekeeper takes the parts back first.
 */
export async function syncLineStock(cx: CommandContext, part: OrderPart): Promise<void> {
  if (lineTakesStock(part)) {
    await reserveForLine(cx, {
      lineId: part.id,
      orderId: part.orderId,
      partId: part.partId!,
      quantity: String(part.quantity),
    });
  } else {
    await releaseLineReservation(cx, { lineId: part.id });
  }
}

/** Before a parts line is deleted: its reservation is given back; issued parts must be returned first. */
export async function releaseBeforeRemoval(cx: CommandContext, part: OrderPart): Promise<void> {
  const left = await releaseLineReservation(cx, { lineId: part.id });
  if (left && left.issued > 0) {
    throw conflict(
      `${left.issued} of "${part.name}" were issued to this line: the storekeeper returns them before the line is removed`,
      { issued: left.issued },
    );
  }
}

/** The order is cancelled or closed: every line gives its unissued reservation back. */
export async function releaseOrderStock(cx: CommandContext, orderId: string): Promise<void> {
  await releaseOrderReservations(cx, { orderId });
}
