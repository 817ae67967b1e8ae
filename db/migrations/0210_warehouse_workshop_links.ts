import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * Ties the warehouse to the workshop's repair orders (migration 0101): a parts line's part is a
 * catalogue part; reservations, issues, parts requests and arrival notices point at real orders,
 * jobs and parts lines. No cascades: a parts line with a reservation or issued stock cannot vanish
 * without the warehouse being told (releaseLineReservation / returnFromLine first).
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(
    `ALTER TABLE order_parts ADD CONSTRAINT order_parts_part_fkey FOREIGN KEY (part_id) REFERENCES parts (id)`,
  );
  await query(`ALTER TABLE stock_reservations
    ADD CONSTRAINT stock_reservations_line_fkey FOREIGN KEY (line_id) REFERENCES order_parts (id),
    ADD CONSTRAINT stock_reservations_order_fkey FOREIGN KEY (order_id) REFERENCES repair_orders (id)`);
  await query(
    `ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_line_fkey FOREIGN KEY (line_id) REFERENCES order_parts (id)`,
  );
  await query(
    `ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_request_fkey FOREIGN KEY (parts_request_id) REFERENCES parts_requests (id)`,
  );
  await query(`ALTER TABLE parts_requests
    ADD CONSTRAINT parts_requests_order_fkey FOREIGN KEY (order_id) REFERENCES repair_orders (id),
    ADD CONSTRAINT parts_requests_job_fkey FOREIGN KEY (job_id) REFERENCES order_jobs (id)`);
  await query(
    `ALTER TABLE parts_request_items ADD CONSTRAINT parts_request_items_line_fkey FOREIGN KEY (part_line_id) REFERENCES order_parts (id)`,
  );
  await query(`ALTER TABLE parts_arrival_notices
    ADD CONSTRAINT parts_arrival_notices_order_fkey FOREIGN KEY (order_id) REFERENCES repair_orders (id),
    ADD CONSTRAINT parts_arrival_notices_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id)`);
}
