import type { PartsIssuedEvent } from '../../../contracts/warehouse.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { execute, select, selectOne } from '../db.ts';
import { milliFromDb, milliToDb, toMilli } from '../rules/quantity.ts';
import { issueToLine } from './issue-to-line.ts';
import { findReservation } from './reservation-row.ts';

export interface IssueRequestInput {
  /** Only these parts lines (default: every parts line of the request). */
  items?: Array<{ partLineId: string; quantity?: number | null; locationId?: string | null }>;
}

/**
 * The storekeeper hands out a request: each parts line gets an `issue` in the ledger linked to the
 * line and the request; the request is closed with the time it waited, and `parts.issued` ends the
 * job's `parts` wait. All or nothing: one line short of stock refuses the whole issue (409).
 */
export async function issuePartsRequest(
  cx: CommandContext,
  requestId: string,
  input: IssueRequestInput = {},
): Promise<{ waitSeconds: number }> {
  const request = await selectOne<{
    id: string;
    number: string;
    status: string;
    order_id: string;
    job_id: string;
    requested_at: Date;
  }>(
    cx,
    `SELECT id, number, status, order_id, job_id, requested_at FROM parts_requests WHERE id = :requestId FOR UPDATE`,
    { requestId },
  );
  if (!request) throw notFound('Parts request');
  if (request.status !== 'open')
    throw conflict(`Parts request ${request.number} is already ${request.status}`, {
      status: request.status,
    });
  const items = await select<{ id: string; part_line_id: string | null; quantity: string | null }>(
    cx,
    `SELECT id, part_line_id, quantity FROM parts_request_items WHERE request_id = :requestId ORDER BY position`,
    { requestId },
  );
  const plan = input.items
    ? input.items.map((i) => ({
        partLineId: i.partLineId,
        quantity: i.quantity ? toMilli(i.quantity) : null,
        locationId: i.locationId ?? null,
      }))
    : items.flatMap((i) =>
        i.part_line_id
          ? [
              {
                partLineId: i.part_line_id,
                quantity: i.quantity === null ? null : milliFromDb(i.quantity),
                locationId: null,
              },
            ]
          : [],
      );
  if (plan.length === 0)
    throw conflict(
      'The request names no parts lines: add the parts to the repair order, then issue them',
      undefined,
      'items',
    );

  const issued: string[] = [];
  for (const [i, step] of plan.entries()) {
    const line = await selectOne<{ order_id: string }>(
      cx,
      `SELECT order_id FROM order_parts WHERE id = :id`,
      { id: step.partLineId },
    );
    if (!line) throw notFound('Parts line');
    if (line.order_id !== request.order_id)
      throw badRequest(
        `items.${i}.partLineId: the line is not on the request's repair order`,
        `items.${i}.partLineId`,
      );
    const before = await findReservation(cx, step.partLineId);
    const outstanding = before ? before.needed - before.issued : null;
    // A line already handed out (from the desk) is not issued twice.
    if (outstanding === 0 && step.quantity === null) continue;
    const quantity =
      step.quantity === null
        ? null
        : outstanding === null
          ? step.quantity
          : Math.min(step.quantity, outstanding);
    const after = await issueToLine(cx, {
      lineId: step.partLineId,
      quantity: quantity === null ? null : quantity / 1000,
      locationId: step.locationId,
      partsRequestId: requestId,
    });
    const delta = Math.round(after.issued * 1000) - (before?.issued ?? 0);
    const item = items.find((it) => it.part_line_id === step.partLineId);
    if (item)
      await execute(
        cx,
        `UPDATE parts_request_items SET issued_quantity = issued_quantity + CAST(:q AS numeric) WHERE id = :id`,
        { q: milliToDb(delta), id: item.id },
      );
    issued.push(step.partLineId);
  }

  const waitSeconds = Math.max(
    0,
    Math.floor((cx.now.getTime() - new Date(request.requested_at).getTime()) / 1000),
  );
  await execute(
    cx,
    `UPDATE parts_requests SET status = 'issued', issued_at = :now, issued_by_name = :by, wait_seconds = :waitSeconds WHERE id = :requestId`,
    { now: cx.now, by: cx.actor.name, waitSeconds, requestId },
  );
  await recordAudit(cx, {
    action: 'parts_request.issued',
    entityType: 'parts_request',
    entityId: requestId,
    after: { partLineIds: issued, waitSeconds },
  });
  const event: PartsIssuedEvent = {
    type: 'parts.issued',
    requestId,
    orderId: request.order_id,
    lineId: request.job_id,
    partLineIds: issued,
    issuedAt: cx.now.toISOString(),
  };
  cx.emit(event);
  return { waitSeconds };
}
