import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * Fixed-amount discounts on a repair order (loyalty points redeemed), append-only: each one names what
 * it came from. The totals spread their sum over the order's billed lines (workshop/rules/totals.ts).
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE order_fixed_discounts (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      reference text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (reference)
    )`);
  await query(`CREATE INDEX order_fixed_discounts_by_order ON order_fixed_discounts (order_id)`);
  await query(`CREATE TRIGGER order_fixed_discounts_append_only BEFORE UPDATE OR DELETE ON order_fixed_discounts
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
