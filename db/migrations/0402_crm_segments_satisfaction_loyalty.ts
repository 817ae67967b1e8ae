import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * CRM, part 3: customer segments with their append-only change log (inflow and churn), surveys and
 * complaints (CSI), service intervals and the daily due notices, loyalty cards with an append-only
 * points ledger, and customer imports.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE customer_segments (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      segment text NOT NULL CHECK (segment IN ('potential', 'real', 'regular', 'lost')),
      vip boolean NOT NULL DEFAULT false,
      paid_visits integer NOT NULL DEFAULT 0,
      visits_in_window integer NOT NULL DEFAULT 0,
      spend_window_minor bigint NOT NULL DEFAULT 0,
      spend_total_minor bigint NOT NULL DEFAULT 0,
      first_visit_at timestamptz,
      last_visit_at timestamptz,
      computed_at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX customer_segments_by_segment ON customer_segments (segment, vip)`);

  await query(`
    CREATE TABLE customer_segment_changes (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      from_segment text,
      to_segment text NOT NULL,
      vip boolean NOT NULL,
      at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX customer_segment_changes_by_time ON customer_segment_changes (at)`);
  await query(`CREATE TRIGGER customer_segment_changes_append_only BEFORE UPDATE OR DELETE ON customer_segment_changes
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  await query(`
    CREATE TABLE surveys (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL UNIQUE REFERENCES repair_orders (id),
      customer_id uuid NOT NULL REFERENCES customers (id),
      advisor_id uuid REFERENCES users (id),
      department text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'declined')),
      due_at timestamptz NOT NULL,
      score smallint CHECK (score BETWEEN 0 AND 10),
      comment text,
      channel text CHECK (channel IN ('call_centre', 'link')),
      token_hash bytea UNIQUE,
      token_expires_at timestamptz,
      answered_at timestamptz,
      answered_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      CHECK ((status = 'answered') = (score IS NOT NULL AND answered_at IS NOT NULL AND channel IS NOT NULL))
    )`);
  await query(`CREATE INDEX surveys_due ON surveys (due_at) WHERE status = 'pending'`);
  await query(`CREATE INDEX surveys_answered ON surveys (answered_at) WHERE status = 'answered'`);

  await query(`
    CREATE TABLE complaints (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      order_id uuid REFERENCES repair_orders (id),
      deal_id uuid REFERENCES deals (id),
      call_id uuid REFERENCES crm_calls (id),
      survey_id uuid REFERENCES surveys (id),
      department text,
      advisor_id uuid REFERENCES users (id),
      description text NOT NULL CHECK (length(btrim(description)) > 0),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      resolution text,
      resolved_at timestamptz,
      resolved_by uuid REFERENCES users (id),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      CHECK ((status = 'resolved') = (resolution IS NOT NULL AND resolved_at IS NOT NULL))
    )`);
  await query(`CREATE INDEX complaints_by_customer ON complaints (customer_id, created_at DESC)`);
  await query(`CREATE INDEX complaints_open ON complaints (created_at) WHERE status = 'open'`);

  // The most specific interval wins: a vehicle's own, then its make's, then the station default (no make).
  await query(`
    CREATE TABLE service_intervals (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      job_kind text NOT NULL CHECK (length(btrim(job_kind)) > 0),
      make text,
      vehicle_id uuid REFERENCES vehicles (id),
      months integer CHECK (months > 0),
      km integer CHECK (km > 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (months IS NOT NULL OR km IS NOT NULL),
      CHECK (make IS NULL OR vehicle_id IS NULL)
    )`);
  await query(`CREATE INDEX service_intervals_by_kind ON service_intervals (job_kind) WHERE active`);

  await query(`
    CREATE TABLE service_due_notices (
      id uuid PRIMARY KEY,
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      interval_id uuid NOT NULL REFERENCES service_intervals (id),
      customer_id uuid REFERENCES customers (id),
      due_on date NOT NULL,
      due_km integer,
      action text NOT NULL CHECK (action IN ('task', 'invitation')),
      task_id uuid REFERENCES crm_tasks (id),
      created_at timestamptz NOT NULL,
      UNIQUE (vehicle_id, interval_id, due_on)
    )`);

  await query(`
    CREATE TABLE loyalty_cards (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL UNIQUE REFERENCES customers (id),
      number text NOT NULL UNIQUE CHECK (number ~ '^[0-9A-Z-]{4,32}$'),
      active boolean NOT NULL DEFAULT true,
      issued_at timestamptz NOT NULL
    )`);
  await query(`CREATE SEQUENCE loyalty_card_numbers START 100001`);

  await query(`
    CREATE TABLE loyalty_ledger (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      order_id uuid REFERENCES repair_orders (id),
      kind text NOT NULL CHECK (kind IN ('earn', 'redeem', 'reverse', 'adjust', 'merge_in', 'merge_out')),
      points integer NOT NULL CHECK (points <> 0),
      basis_minor bigint,
      rate_bp integer,
      at timestamptz NOT NULL,
      note text,
      actor_id text,
      actor_name text,
      CHECK (kind NOT IN ('earn', 'merge_in') OR points > 0),
      CHECK (kind NOT IN ('redeem', 'merge_out') OR points < 0)
    )`);
  await query(
    `CREATE UNIQUE INDEX loyalty_ledger_one_earn_per_order ON loyalty_ledger (order_id) WHERE kind = 'earn'`,
  );
  await query(`CREATE INDEX loyalty_ledger_by_customer ON loyalty_ledger (customer_id, at)`);
  await query(`CREATE TRIGGER loyalty_ledger_append_only BEFORE UPDATE OR DELETE ON loyalty_ledger
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  await query(`
    CREATE TABLE crm_imports (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('uploaded', 'applied')),
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
      file_path text NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      mapping jsonb,
      report jsonb,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      applied_at timestamptz
    )`);
}
