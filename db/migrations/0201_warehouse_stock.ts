import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * Stock: the append-only ledger of movements and the summary per part and location that the same
 * transaction keeps equal to it. The summary's CHECKs are the last line against negative stock.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE stock_levels (
      part_id uuid NOT NULL REFERENCES parts (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      on_hand numeric(14, 3) NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
      reserved numeric(14, 3) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
      last_movement_at timestamptz,
      PRIMARY KEY (part_id, location_id),
      CONSTRAINT stock_levels_reserved_covered CHECK (reserved <= on_hand)
    )`);
  await query(`CREATE INDEX stock_levels_by_location ON stock_levels (location_id)`);

  await query(`
    CREATE TABLE stock_movements (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      at timestamptz NOT NULL,
      part_id uuid NOT NULL REFERENCES parts (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      kind text NOT NULL CHECK (kind IN ('opening', 'receipt', 'issue', 'return', 'transfer_out', 'transfer_in', 'adjustment', 'stocktake')),
      quantity numeric(14, 3) NOT NULL CHECK (quantity <> 0),
      unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
      document_type text,
      document_id uuid,
      line_id uuid,
      parts_request_id uuid,
      reason text,
      actor_type text NOT NULL,
      actor_id text,
      actor_name text,
      request_id text,
      CHECK (kind NOT IN ('opening', 'receipt', 'return', 'transfer_in') OR quantity > 0),
      CHECK (kind NOT IN ('issue', 'transfer_out') OR quantity < 0),
      CHECK (kind NOT IN ('issue', 'return') OR line_id IS NOT NULL),
      CHECK (kind <> 'adjustment' OR length(btrim(reason)) > 0),
      CHECK ((document_type IS NULL) = (document_id IS NULL))
    )`);
  await query(`CREATE INDEX stock_movements_by_part ON stock_movements (part_id, seq DESC)`);
  await query(`CREATE INDEX stock_movements_by_line ON stock_movements (line_id) WHERE line_id IS NOT NULL`);
  await query(
    `CREATE INDEX stock_movements_by_document ON stock_movements (document_id) WHERE document_id IS NOT NULL`,
  );
  await query(`CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
  await query(`CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements
               FOR EACH STATEMENT EXECUTE FUNCTION pitwall_append_only()`);

  // Gap-free human numbers per document kind and year (PO-2026-000001), taken inside the transaction.
  await query(`
    CREATE TABLE warehouse_counters (
      key text PRIMARY KEY,
      value bigint NOT NULL CHECK (value > 0)
    )`);
}
