import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/** Purchase orders to suppliers and the receipts (deliveries) that bring stock in at a cost. */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE purchase_orders (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      supplier_id uuid NOT NULL REFERENCES suppliers (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'partly_received', 'received', 'cancelled')),
      note text,
      sent_at timestamptz,
      received_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
      CHECK (status = 'draft' OR status = 'cancelled' OR sent_at IS NOT NULL),
      CHECK ((status = 'received') = (received_at IS NOT NULL))
    )`);
  await query(`CREATE INDEX purchase_orders_open ON purchase_orders (supplier_id, created_at DESC)`);

  await query(`
    CREATE TABLE purchase_order_lines (
      id uuid PRIMARY KEY,
      purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
      position integer NOT NULL,
      part_id uuid NOT NULL REFERENCES parts (id),
      quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
      unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
      received_quantity numeric(14, 3) NOT NULL DEFAULT 0 CHECK (received_quantity >= 0 AND received_quantity <= quantity),
      UNIQUE (purchase_order_id, part_id)
    )`);
  await query(`CREATE INDEX purchase_order_lines_by_part ON purchase_order_lines (part_id)`);

  await query(`
    CREATE TABLE receipts (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      supplier_id uuid REFERENCES suppliers (id),
      purchase_order_id uuid REFERENCES purchase_orders (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      supplier_document text,
      note text,
      received_at timestamptz NOT NULL,
      actor_name text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(
    `CREATE INDEX receipts_by_po ON receipts (purchase_order_id) WHERE purchase_order_id IS NOT NULL`,
  );
  await query(`
    CREATE TABLE receipt_lines (
      id uuid PRIMARY KEY,
      receipt_id uuid NOT NULL REFERENCES receipts (id),
      position integer NOT NULL,
      part_id uuid NOT NULL REFERENCES parts (id),
      purchase_order_line_id uuid REFERENCES purchase_order_lines (id),
      quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
      unit_cost bigint NOT NULL CHECK (unit_cost >= 0)
    )`);
  await query(`CREATE INDEX receipt_lines_by_receipt ON receipt_lines (receipt_id, position)`);
  // A delivery is a fact: corrections are adjustments, never edits.
  await query(`CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
  await query(`CREATE TRIGGER receipt_lines_append_only BEFORE UPDATE OR DELETE ON receipt_lines
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
