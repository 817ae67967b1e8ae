import type { PartsRequestCancelledEvent } from '../../../contracts/warehouse.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { execute, selectOne } from '../db.ts';

/** The mechanic no longer needs the parts (or asked by mistake): the request leaves the queue. */
export async function cancelPartsRequest(
  cx: CommandContext,
  requestId: string,
  reason: string,
): Promise<void> {
  const request = await selectOne<{ number: string; status: string; order_id: string; job_id: string }>(
    cx,
    `SELECT number, status, order_id, job_id FROM parts_requests WHERE id = :requestId FOR UPDATE`,
    { requestId },
  );
  if (!request) throw notFound('Parts request');
  if (request.status !== 'open')
    throw conflict(`Parts request ${request.number} is already ${request.status}`, {
      status: request.status,
    });
  await execute(
    cx,
    `UPDATE parts_requests SET status = 'cancelled', cancelled_at = :now, cancelled_by_name = :by, cancel_reason = :reason WHERE id = :requestId`,
    { now: cx.now, by: cx.actor.name, reason: reason.trim(), requestId },
  );
  await recordAudit(cx, {
    action: 'parts_request.cancelled',
    entityType: 'parts_request',
    entityId: requestId,
    after: { reason },
  });
  const event: PartsRequestCancelledEvent = {
    type: 'parts.request_cancelled',
    requestId,
    orderId: request.order_id,
    lineId: request.job_id,
    cancelledAt: cx.now.toISOString(),
  };
  cx.emit(event);
}
