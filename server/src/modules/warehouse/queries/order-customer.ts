import { selectOne, type Executor } from '../db.ts';

/** The customer of a repair order, read from the workshop's tables (reading across modules is fine). */
export async function orderCustomer(ex: Executor, orderId: string): Promise<string | null> {
  const row = await selectOne<{ customer_id: string | null }>(
    ex,
    `SELECT customer_id FROM repair_orders WHERE id = :orderId`,
    { orderId },
  );
  return row?.customer_id ?? null;
}
