import type { PartsRequestedEvent } from '../../../contracts/warehouse.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { CommandContext } from '../../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { execute, select, selectOne } from '../db.ts';
import { FINISHED_ORDER_STATUSES } from '../queries/workshop-lines.ts';
import { milliFromDb, milliToDb, toMilli } from '../rules/quantity.ts';
import { nextNumber } from './next-number.ts';

export interface PartsRequestInput {
  orderId: string;
  /** The job (labour line) the parts are for. */
  jobId: string;
  liftId?: string | null;
  note?: string | null;
  /** Empty: every parts line of the job that is not fully issued yet. */
  items?: Array<{ partLineId?: string; partId?: string; quantity?: number; description?: string | null }>;
}

interface ItemRow {
  partLineId: string | null;
  partId: string | null;
  quantity: number | null;
  description: string | null;
}

/**
 * A mechanic asks for the parts of a job (from the lift kiosk, or the API). The request joins the
 * storekeeper's queue and `parts.requested` is published; one open request per job at a time.
 * Exported so that the workshop's "request parts" job action can call it in its own transaction.
 */
export async function createPartsRequest(
  cx: CommandContext,
  input: PartsRequestInput,
): Promise<{ id: string; number: string }> {
  const order = await selectOne<{ status: string }>(
    cx,
    `SELECT status FROM repair_orders WHERE id = :orderId`,
    { orderId: input.orderId },
  );
  if (!order) throw notFound('Repair order');
  if (FINISHED_ORDER_STATUSES.has(order.status))
    throw conflict(`The repair order is ${order.status}`, { status: order.status }, 'orderId');
  const job = await selectOne<{ order_id: string }>(cx, `SELECT order_id FROM order_jobs WHERE id = :jobId`, {
    jobId: input.jobId,
  });
  if (!job) throw notFound('Job');
  if (job.order_id !== input.orderId) throw badRequest('jobId: the job is not on this repair order', 'jobId');
  const liftId = input.liftId ?? (cx.actor.type === 'device' ? cx.actor.liftId : null);
  if (liftId && !(await selectOne(cx, `SELECT 1 AS one FROM lifts WHERE id = :liftId`, { liftId })))
    throw notFound('Lift');

  const open = await selectOne<{ id: string; number: string }>(
    cx,
    `SELECT id, number FROM parts_requests WHERE job_id = :jobId AND status = 'open'`,
    { jobId: input.jobId },
  );
  if (open)
    throw conflict(
      `Parts for this job are already requested (${open.number})`,
      { requestId: open.id },
      'jobId',
    );

  const items = await resolveItems(cx, input);
  if (items.length === 0 && !input.note?.trim()) {
    throw badRequest(
      'items: the job has no parts lines waiting to be issued; name the parts or write a note',
      'items',
    );
  }
  const id = newId();
  const number = await nextNumber(cx, 'PR');
  const requestedBy = cx.actor;
  await execute(
    cx,
    `INSERT INTO parts_requests (id, number, order_id, job_id, lift_id, status, note, requested_by_type, requested_by_id, requested_by_name, requested_at)
     VALUES (:id, :number, :orderId, :jobId, :liftId, 'open', :note, :byType, :byId, :byName, :now)`,
    {
      id,
      number,
      orderId: input.orderId,
      jobId: input.jobId,
      liftId,
      note: input.note?.trim() || null,
      byType: requestedBy.type,
      byId: requestedBy.id,
      byName: requestedBy.name,
      now: cx.now,
    },
  );
  for (const [position, item] of items.entries()) {
    await execute(
      cx,
      `INSERT INTO parts_request_items (id, request_id, position, part_line_id, part_id, quantity, description)
       VALUES (:itemId, :id, :position, :partLineId, :partId, :quantity, :description)`,
      {
        itemId: newId(),
        id,
        position,
        ...item,
        quantity: item.quantity === null ? null : milliToDb(item.quantity),
      },
    );
  }
  await recordAudit(cx, {
    action: 'parts_request.created',
    entityType: 'parts_request',
    entityId: id,
    after: { number, ...input, liftId },
  });
  const event: PartsRequestedEvent = {
    type: 'parts.requested',
    requestId: id,
    orderId: input.orderId,
    lineId: input.jobId,
    liftId,
    partLineIds: items.flatMap((i) => (i.partLineId ? [i.partLineId] : [])),
    requestedAt: cx.now.toISOString(),
  };
  cx.emit(event);
  return { id, number };
}

async function resolveItems(cx: CommandContext, input: PartsRequestInput): Promise<ItemRow[]> {
  if (!input.items || input.items.length === 0) {
    const lines = await select<{
      id: string;
      part_id: string | null;
      quantity: string;
      issued: string | null;
    }>(
      cx,
      `SELECT l.id, l.part_id, l.quantity, r.issued FROM order_parts l LEFT JOIN stock_reservations r ON r.line_id = l.id
        WHERE l.job_id = :jobId AND l.part_id IS NOT NULL AND (l.decision IS NULL OR l.decision = 'approved')
        ORDER BY l.position`,
      { jobId: input.jobId },
    );
    return lines
      .filter((l) => milliFromDb(l.issued ?? '0') < milliFromDb(l.quantity))
      .map((l) => ({
        partLineId: l.id,
        partId: l.part_id,
        quantity: milliFromDb(l.quantity) - milliFromDb(l.issued ?? '0'),
        description: null,
      }));
  }
  const out: ItemRow[] = [];
  for (const [i, item] of input.items.entries()) {
    let partId = item.partId ?? null;
    if (item.partLineId) {
      const line = await selectOne<{ order_id: string; part_id: string | null }>(
        cx,
        `SELECT order_id, part_id FROM order_parts WHERE id = :id`,
        { id: item.partLineId },
      );
      if (!line) throw notFound('Parts line');
      if (line.order_id !== input.orderId)
        throw badRequest(
          `items.${i}.partLineId: the line is not on this repair order`,
          `items.${i}.partLineId`,
        );
      partId = line.part_id ?? partId;
    } else if (
      partId &&
      !(await selectOne(cx, `SELECT 1 AS one FROM parts WHERE id = :partId`, { partId }))
    ) {
      throw notFound('Part');
    }
    out.push({
      partLineId: item.partLineId ?? null,
      partId,
      quantity: item.quantity === undefined ? null : toMilli(item.quantity),
      description: item.description?.trim() || null,
    });
  }
  return out;
}
