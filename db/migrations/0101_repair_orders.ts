import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

const LINE_DECISION = `
      recommended boolean NOT NULL DEFAULT false,
      recommended_by uuid REFERENCES users (id),
      recommended_by_name text,
      decision text CHECK (decision IN ('pending', 'approved', 'declined')),
      decided_at timestamptz,
      decided_by uuid REFERENCES users (id),
      decided_by_name text,
      decided_via text CHECK (decided_via IN ('phone', 'in_person', 'signed')),
      decision_note text,
      CHECK (recommended = (decision IS NOT NULL)),
      CHECK ((decision IN ('approved', 'declined')) = (decided_at IS NOT NULL AND decided_via IS NOT NULL))`;

const LINE_TOTALS = `
      discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
      gross_minor bigint NOT NULL DEFAULT 0,
      discount_minor bigint NOT NULL DEFAULT 0,
      net_minor bigint NOT NULL DEFAULT 0,
      tax_minor bigint NOT NULL DEFAULT 0`;

/**
 * Repair orders with labour lines ("jobs"), parts and consumables lines, the status history, canned
 * jobs and the append-only payments ledger. Line and order totals are stored as computed by
 * workshop/rules/totals.ts whenever a line changes, so lists and history never recompute them.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  // Tax is a station setting; each order keeps the values it was opened with.
  await query(`ALTER TABLE station_settings
    ADD COLUMN tax_rate_bp integer NOT NULL DEFAULT 2200 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT true`);

  // One row per year, locked by the UPDATE that takes the next number: numbers have no gaps.
  await query(`
    CREATE TABLE order_counters (
      year smallint PRIMARY KEY,
      last_number integer NOT NULL CHECK (last_number >= 0)
    )`);

  await query(`
    CREATE TABLE repair_orders (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE CHECK (number ~ '^WO-[0-9]{4}-[0-9]{6,}$'),
      customer_id uuid NOT NULL REFERENCES customers (id),
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      advisor_id uuid REFERENCES users (id),
      status text NOT NULL DEFAULT 'estimate'
        CHECK (status IN ('estimate', 'approved', 'in_work', 'done', 'handed_over', 'closed', 'cancelled')),
      mileage_km integer CHECK (mileage_km >= 0),
      complaint text,
      notes text,
      discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
      tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
      prices_include_tax boolean NOT NULL,
      labour_minor bigint NOT NULL DEFAULT 0,
      parts_minor bigint NOT NULL DEFAULT 0,
      gross_minor bigint NOT NULL DEFAULT 0,
      discount_minor bigint NOT NULL DEFAULT 0,
      net_minor bigint NOT NULL DEFAULT 0,
      tax_minor bigint NOT NULL DEFAULT 0,
      total_minor bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
      paid_minor bigint NOT NULL DEFAULT 0,
      credit_allowed_at timestamptz,
      credit_allowed_by uuid REFERENCES users (id),
      credit_note text,
      cancel_reason text,
      status_changed_at timestamptz NOT NULL,
      closed_at timestamptz,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
    )`);
  await query(`CREATE INDEX repair_orders_by_customer ON repair_orders (customer_id, created_at DESC)`);
  await query(`CREATE INDEX repair_orders_by_vehicle ON repair_orders (vehicle_id, created_at DESC)`);
  await query(`CREATE INDEX repair_orders_by_advisor ON repair_orders (advisor_id, created_at DESC)`);
  await query(
    `CREATE INDEX repair_orders_open_by_status ON repair_orders (status, created_at DESC) WHERE status NOT IN ('closed', 'cancelled')`,
  );
  await query(`CREATE INDEX repair_orders_by_created ON repair_orders (created_at DESC)`);
  await query(`ALTER TABLE mileage_readings ADD FOREIGN KEY (order_id) REFERENCES repair_orders (id)`);

  await query(`
    CREATE TABLE order_status_changes (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      from_status text,
      to_status text NOT NULL,
      at timestamptz NOT NULL,
      actor_id text,
      actor_name text,
      reason text
    )`);
  await query(`CREATE INDEX order_status_changes_by_order ON order_status_changes (order_id, at)`);
  await query(`CREATE TRIGGER order_status_changes_append_only BEFORE UPDATE OR DELETE ON order_status_changes
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  await query(`
    CREATE TABLE canned_jobs (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      description text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX canned_jobs_name_key ON canned_jobs (lower(name))`);

  await query(`
    CREATE TABLE canned_job_lines (
      id uuid PRIMARY KEY,
      canned_job_id uuid NOT NULL REFERENCES canned_jobs (id) ON DELETE CASCADE,
      position integer NOT NULL,
      line_type text NOT NULL CHECK (line_type IN ('job', 'part', 'consumable')),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      job_kind text,
      norm_seconds integer CHECK (norm_seconds >= 0),
      pricing text CHECK (pricing IN ('hourly', 'fixed')),
      rate_per_hour_minor bigint CHECK (rate_per_hour_minor >= 0),
      fixed_price_minor bigint CHECK (fixed_price_minor >= 0),
      part_id uuid,
      sku text,
      quantity numeric(14, 3) CHECK (quantity > 0),
      unit text,
      unit_price_minor bigint CHECK (unit_price_minor >= 0),
      CHECK ((line_type = 'job') = (pricing IS NOT NULL AND norm_seconds IS NOT NULL)),
      CHECK ((line_type <> 'job') = (quantity IS NOT NULL AND unit_price_minor IS NOT NULL))
    )`);
  await query(`CREATE INDEX canned_job_lines_by_job ON canned_job_lines (canned_job_id, position)`);

  await query(`
    CREATE TABLE order_jobs (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      position integer NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      job_kind text,
      norm_seconds integer NOT NULL CHECK (norm_seconds >= 0),
      pricing text NOT NULL CHECK (pricing IN ('hourly', 'fixed')),
      rate_per_hour_minor bigint CHECK (rate_per_hour_minor >= 0),
      fixed_price_minor bigint CHECK (fixed_price_minor >= 0),
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'in_progress', 'waiting', 'done')),
      wait_reason text CHECK (wait_reason IN ('parts', 'approval', 'tool', 'lift', 'other')),
      state_changed_at timestamptz NOT NULL,
      started_at timestamptz,
      completed_at timestamptz,
      canned_job_id uuid REFERENCES canned_jobs (id) ON DELETE SET NULL,
      notes text,
      ${LINE_DECISION},
      ${LINE_TOTALS},
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((pricing = 'hourly') = (rate_per_hour_minor IS NOT NULL)),
      CHECK ((pricing = 'fixed') = (fixed_price_minor IS NOT NULL)),
      CHECK ((state = 'waiting') = (wait_reason IS NOT NULL))
    )`);
  await query(`CREATE INDEX order_jobs_by_order ON order_jobs (order_id, position)`);
  await query(`CREATE INDEX order_jobs_declined ON order_jobs (order_id) WHERE decision = 'declined'`);

  // Who was put on a job and taken off it, and when: never deleted, the open row is the current one.
  await query(`
    CREATE TABLE order_job_assignments (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES order_jobs (id) ON DELETE CASCADE,
      staff_id uuid NOT NULL REFERENCES staff (id),
      assigned_at timestamptz NOT NULL,
      assigned_by text,
      assigned_by_name text,
      unassigned_at timestamptz,
      unassigned_by text,
      unassigned_by_name text,
      CHECK (unassigned_at IS NULL OR unassigned_at >= assigned_at)
    )`);
  await query(
    `CREATE UNIQUE INDEX order_job_assignments_one_open ON order_job_assignments (job_id, staff_id) WHERE unassigned_at IS NULL`,
  );
  await query(
    `CREATE INDEX order_job_assignments_by_staff ON order_job_assignments (staff_id, assigned_at DESC)`,
  );

  // part_id points at the warehouse catalogue; the warehouse migrations add its foreign key and the reservation.
  await query(`
    CREATE TABLE order_parts (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      position integer NOT NULL,
      kind text NOT NULL DEFAULT 'part' CHECK (kind IN ('part', 'consumable')),
      part_id uuid,
      sku text,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
      unit text NOT NULL DEFAULT 'pcs',
      unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
      job_id uuid REFERENCES order_jobs (id) ON DELETE SET NULL,
      canned_job_id uuid REFERENCES canned_jobs (id) ON DELETE SET NULL,
      notes text,
      ${LINE_DECISION},
      ${LINE_TOTALS},
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE INDEX order_parts_by_order ON order_parts (order_id, position)`);
  await query(`CREATE INDEX order_parts_by_part ON order_parts (part_id) WHERE part_id IS NOT NULL`);
  await query(`CREATE INDEX order_parts_declined ON order_parts (order_id) WHERE decision = 'declined'`);

  // Money received and returned. A refund is a negative row; a wrong row is corrected by another row.
  await query(`
    CREATE TABLE payments (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      method text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer')),
      amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
      refund_of uuid REFERENCES payments (id),
      received_at timestamptz NOT NULL,
      recorded_by text,
      recorded_by_name text,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (refund_of IS NULL OR amount_minor < 0)
    )`);
  await query(`CREATE INDEX payments_by_order ON payments (order_id, received_at DESC)`);
  await query(`CREATE INDEX payments_by_time ON payments (received_at DESC)`);
  await query(`CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE ON payments
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
