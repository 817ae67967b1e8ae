import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The warehouse side of repair orders: what each parts line has reserved and been issued, the
 * mechanics' parts requests from the lift, and the orders whose customers are to be told that their
 * parts arrived. The foreign keys to the workshop's tables come in a later migration of this range.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE stock_reservations (
      line_id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      part_id uuid NOT NULL REFERENCES parts (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      needed numeric(14, 3) NOT NULL CHECK (needed >= 0),
      reserved numeric(14, 3) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
      issued numeric(14, 3) NOT NULL DEFAULT 0 CHECK (issued >= 0),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (reserved + issued <= needed)
    )`);
  await query(`CREATE INDEX stock_reservations_by_level ON stock_reservations (part_id, location_id)`);
  await query(`CREATE INDEX stock_reservations_by_order ON stock_reservations (order_id)`);
  await query(
    `CREATE INDEX stock_reservations_short ON stock_reservations (part_id, created_at) WHERE reserved + issued < needed`,
  );

  await query(`
    CREATE TABLE parts_requests (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      order_id uuid NOT NULL,
      job_id uuid NOT NULL,
      lift_id uuid REFERENCES lifts (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'issued', 'cancelled')),
      note text,
      requested_by_type text NOT NULL,
      requested_by_id text,
      requested_by_name text,
      requested_at timestamptz NOT NULL,
      issued_at timestamptz,
      issued_by_name text,
      wait_seconds integer CHECK (wait_seconds >= 0),
      cancelled_at timestamptz,
      cancelled_by_name text,
      cancel_reason text,
      CHECK ((status = 'issued') = (issued_at IS NOT NULL)),
      CHECK ((issued_at IS NULL) = (wait_seconds IS NULL)),
      CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
    )`);
  await query(`CREATE INDEX parts_requests_queue ON parts_requests (requested_at) WHERE status = 'open'`);
  await query(
    `CREATE UNIQUE INDEX parts_requests_one_open_per_job ON parts_requests (job_id) WHERE status = 'open'`,
  );
  await query(`CREATE INDEX parts_requests_by_order ON parts_requests (order_id, requested_at DESC)`);

  await query(`
    CREATE TABLE parts_request_items (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES parts_requests (id),
      position integer NOT NULL,
      part_line_id uuid,
      part_id uuid REFERENCES parts (id),
      quantity numeric(14, 3) CHECK (quantity > 0),
      description text,
      issued_quantity numeric(14, 3) NOT NULL DEFAULT 0 CHECK (issued_quantity >= 0),
      CHECK (part_line_id IS NOT NULL OR part_id IS NOT NULL OR length(btrim(description)) > 0)
    )`);
  await query(`CREATE INDEX parts_request_items_by_request ON parts_request_items (request_id, position)`);

  await query(`
    CREATE TABLE parts_arrival_notices (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      customer_id uuid,
      receipt_id uuid NOT NULL REFERENCES receipts (id),
      part_ids uuid[] NOT NULL,
      created_at timestamptz NOT NULL,
      notified_at timestamptz
    )`);
  await query(
    `CREATE INDEX parts_arrival_notices_pending ON parts_arrival_notices (created_at) WHERE notified_at IS NULL`,
  );
}
