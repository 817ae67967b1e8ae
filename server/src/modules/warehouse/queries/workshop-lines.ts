import { selectOne, type Executor } from '../db.ts';

/** A repair order's parts line as the warehouse needs it, read from the workshop's tables. */
export interface WorkshopPartLine {
  id: string;
  orderId: string;
  orderStatus: string;
  partId: string | null;
  quantity: string;
  jobId: string | null;
  decision: 'pending' | 'approved' | 'declined' | null;
}

export async function findWorkshopPartLine(ex: Executor, lineId: string): Promise<WorkshopPartLine | null> {
  const row = await selectOne<{
    id: string;
    order_id: string;
    status: string;
    part_id: string | null;
    quantity: string;
    job_id: string | null;
    decision: WorkshopPartLine['decision'];
  }>(
    ex,
    `SELECT l.id, l.order_id, o.status, l.part_id, l.quantity, l.job_id, l.decision
       FROM order_parts l JOIN repair_orders o ON o.id = l.order_id
      WHERE l.id = :lineId`,
    { lineId },
  );
  return row
    ? {
        id: row.id,
        orderId: row.order_id,
        orderStatus: row.status,
        partId: row.part_id,
        quantity: row.quantity,
        jobId: row.job_id,
        decision: row.decision,
      }
    : null;
}

/** Orders in these statuses take no more parts. */
export const FINISHED_ORDER_STATUSES: ReadonlySet<string> = new Set(['closed', 'cancelled']);
