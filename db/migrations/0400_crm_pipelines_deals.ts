import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/** The triggers a stage rule may name; crm/rules/stage-automation.ts maps domain events onto them. */
const TRIGGERS = [
  'appointment.booked',
  'appointment.cancelled',
  'appointment.no_show',
  'purchase_order.sent',
  'order.in_work',
  'order.done',
  'order.paid_handed_over',
];

const DEFAULT_SEGMENT_RULES = {
  regular: { minPaidVisits: 3, windowMonths: 24 },
  lost: { noVisitMonths: 18 },
  vip: { minSpendMinor: 30_000_000, windowMonths: 24 },
};

const DEFAULT_LOYALTY_RULES = {
  pointValueMinor: 100,
  redeemCapBp: 3000,
  tierWindowMonths: 12,
  tiers: [
    { code: 'base', name: 'Base', minSpendMinor: 0, earnRateBp: 300 },
    { code: 'silver', name: 'Silver', minSpendMinor: 5_000_000, earnRateBp: 500 },
    { code: 'gold', name: 'Gold', minSpendMinor: 15_000_000, earnRateBp: 700 },
  ],
};

/**
 * CRM, part 1: station-wide CRM settings, who supervises whom, advertising channels and campaigns
 * with their spend, pipelines with stages, the automatic-move mapping (a table, not code), lost
 * reasons, deals with the repair orders and appointments they led to, and the append-only stage
 * history.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE crm_settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      escalation_delay_seconds integer NOT NULL DEFAULT 1800 CHECK (escalation_delay_seconds >= 0),
      default_supervisor_id uuid REFERENCES users (id),
      lead_assignee_id uuid REFERENCES users (id),
      lead_rate_limit_per_minute integer NOT NULL DEFAULT 10 CHECK (lead_rate_limit_per_minute > 0),
      survey_delay_seconds integer NOT NULL DEFAULT 86400 CHECK (survey_delay_seconds >= 0),
      survey_link_days integer NOT NULL DEFAULT 14 CHECK (survey_link_days > 0),
      service_due_action text NOT NULL DEFAULT 'task' CHECK (service_due_action IN ('task', 'invitation')),
      service_due_horizon_days integer NOT NULL DEFAULT 14 CHECK (service_due_horizon_days >= 0),
      segment_rules jsonb NOT NULL,
      loyalty_rules jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`INSERT INTO crm_settings (id, segment_rules, loyalty_rules) VALUES (1, :segments, :loyalty)`, {
    segments: JSON.stringify(DEFAULT_SEGMENT_RULES),
    loyalty: JSON.stringify(DEFAULT_LOYALTY_RULES),
  });

  // Whose overdue tasks escalate to whom; without a row, crm_settings.default_supervisor_id.
  await query(`
    CREATE TABLE user_supervisors (
      user_id uuid PRIMARY KEY REFERENCES users (id),
      supervisor_id uuid NOT NULL REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (user_id <> supervisor_id)
    )`);

  await query(`
    CREATE TABLE ad_channels (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('online', 'offline', 'referral', 'other')),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX ad_channels_name_key ON ad_channels (lower(name))`);

  await query(`
    CREATE TABLE ad_campaigns (
      id uuid PRIMARY KEY,
      channel_id uuid NOT NULL REFERENCES ad_channels (id),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      starts_on date,
      ends_on date,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
    )`);
  await query(`CREATE UNIQUE INDEX ad_campaigns_name_key ON ad_campaigns (channel_id, lower(name))`);

  // Spend is a fact per period; a correction is another row (a negative amount is allowed for refunds).
  await query(`
    CREATE TABLE ad_spends (
      id uuid PRIMARY KEY,
      channel_id uuid NOT NULL REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      period_start date NOT NULL,
      period_end date NOT NULL,
      amount_minor bigint NOT NULL,
      note text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_end >= period_start)
    )`);
  await query(`CREATE INDEX ad_spends_by_channel ON ad_spends (channel_id, period_start)`);
  await query(`CREATE TRIGGER ad_spends_append_only BEFORE UPDATE OR DELETE ON ad_spends
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  // Call tracking: the station's number a caller dialled tells the channel that brought them.
  await query(`
    CREATE TABLE call_tracking_numbers (
      e164 text PRIMARY KEY CHECK (e164 ~ '^\\+[1-9][0-9]{5,14}$'),
      channel_id uuid NOT NULL REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      label text
    )`);

  await query(`
    CREATE TABLE pipelines (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      is_default boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX pipelines_one_default ON pipelines (is_default) WHERE is_default`);

  await query(`
    CREATE TABLE pipeline_stages (
      id uuid PRIMARY KEY,
      pipeline_id uuid NOT NULL REFERENCES pipelines (id),
      code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      position integer NOT NULL CHECK (position >= 0),
      kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
      active boolean NOT NULL DEFAULT true,
      UNIQUE (pipeline_id, code)
    )`);
  await query(`CREATE INDEX pipeline_stages_by_pipeline ON pipeline_stages (pipeline_id, position)`);

  await query(`
    CREATE TABLE lost_reasons (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      position integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true
    )`);
  await query(`CREATE UNIQUE INDEX lost_reasons_name_key ON lost_reasons (lower(name))`);

  await query(`
    CREATE TABLE deal_stage_rules (
      id uuid PRIMARY KEY,
      pipeline_id uuid NOT NULL REFERENCES pipelines (id),
      trigger text NOT NULL CHECK (trigger IN (${TRIGGERS.map((t) => `'${t}'`).join(', ')})),
      stage_code text NOT NULL,
      allow_backward boolean NOT NULL DEFAULT false,
      task_title text,
      task_due_minutes integer CHECK (task_due_minutes >= 0),
      active boolean NOT NULL DEFAULT true,
      UNIQUE (pipeline_id, trigger),
      FOREIGN KEY (pipeline_id, stage_code) REFERENCES pipeline_stages (pipeline_id, code),
      CHECK ((task_title IS NULL) = (task_due_minutes IS NULL))
    )`);

  await query(`CREATE SEQUENCE deal_numbers`);
  await query(`
    CREATE TABLE deals (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      title text NOT NULL CHECK (length(btrim(title)) > 0),
      pipeline_id uuid NOT NULL REFERENCES pipelines (id),
      stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
      customer_id uuid REFERENCES customers (id),
      vehicle_id uuid REFERENCES vehicles (id),
      vehicle_make text,
      owner_id uuid REFERENCES users (id),
      channel_id uuid REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      expected_minor bigint NOT NULL DEFAULT 0 CHECK (expected_minor >= 0),
      job_kind text,
      lead_id uuid,
      lost_reason_id uuid REFERENCES lost_reasons (id),
      lost_note text,
      stage_entered_at timestamptz NOT NULL,
      manual_floor_position integer,
      last_manual_move_at timestamptz,
      closed_at timestamptz,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz,
      deleted_reason text,
      deleted_by uuid REFERENCES users (id),
      CHECK ((status = 'lost') = (lost_reason_id IS NOT NULL)),
      CHECK ((status = 'open') = (closed_at IS NULL)),
      CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL))
    )`);
  await query(
    `CREATE INDEX deals_kanban ON deals (pipeline_id, stage_id, stage_entered_at) INCLUDE (expected_minor, owner_id, vehicle_make) WHERE deleted_at IS NULL`,
  );
  // deals.vehicle_make is the car's make in lower case, kept by PostgreSQL (the kanban filters by make
  // inside each stage's index scan): set when a deal gets a car, and followed when the car's make changes.
  await query(`
    CREATE FUNCTION crm_deal_vehicle_make() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.vehicle_make := (SELECT lower(make) FROM vehicles WHERE id = NEW.vehicle_id);
      RETURN NEW;
    END $$`);
  await query(`CREATE TRIGGER deals_vehicle_make BEFORE INSERT OR UPDATE OF vehicle_id ON deals
               FOR EACH ROW EXECUTE FUNCTION crm_deal_vehicle_make()`);
  await query(`
    CREATE FUNCTION crm_vehicle_make_to_deals() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE deals SET vehicle_make = lower(NEW.make) WHERE vehicle_id = NEW.id;
      RETURN NULL;
    END $$`);
  await query(`CREATE TRIGGER vehicles_make_to_deals AFTER UPDATE OF make ON vehicles
               FOR EACH ROW WHEN (OLD.make IS DISTINCT FROM NEW.make) EXECUTE FUNCTION crm_vehicle_make_to_deals()`);
  await query(`CREATE INDEX deals_by_customer ON deals (customer_id) WHERE customer_id IS NOT NULL`);
  // The kanban of one owner (record scope "own", or the owner filter): per stage, newest first.
  await query(
    `CREATE INDEX deals_kanban_by_owner ON deals (pipeline_id, stage_id, owner_id, stage_entered_at) INCLUDE (expected_minor) WHERE deleted_at IS NULL`,
  );
  await query(`CREATE INDEX deals_by_owner ON deals (owner_id) WHERE deleted_at IS NULL`);
  await query(
    `CREATE INDEX deals_open_idle ON deals (stage_entered_at) WHERE status = 'open' AND deleted_at IS NULL`,
  );
  await query(`CREATE INDEX deals_by_channel ON deals (channel_id) WHERE channel_id IS NOT NULL`);

  // An order or an appointment belongs to one deal at most.
  await query(`
    CREATE TABLE deal_orders (
      order_id uuid PRIMARY KEY REFERENCES repair_orders (id),
      deal_id uuid NOT NULL REFERENCES deals (id),
      linked_at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX deal_orders_by_deal ON deal_orders (deal_id)`);
  await query(`
    CREATE TABLE deal_appointments (
      appointment_id uuid PRIMARY KEY REFERENCES appointments (id),
      deal_id uuid NOT NULL REFERENCES deals (id),
      linked_at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX deal_appointments_by_deal ON deal_appointments (deal_id)`);

  await query(`
    CREATE TABLE deal_stage_history (
      id uuid PRIMARY KEY,
      deal_id uuid NOT NULL REFERENCES deals (id),
      from_stage_id uuid REFERENCES pipeline_stages (id),
      to_stage_id uuid NOT NULL REFERENCES pipeline_stages (id),
      at timestamptz NOT NULL,
      cause text NOT NULL CHECK (cause IN ('created', 'manual', 'automatic', 'reopened')),
      trigger text,
      actor_type text NOT NULL,
      actor_id text,
      actor_name text,
      note text
    )`);
  await query(`CREATE INDEX deal_stage_history_by_deal ON deal_stage_history (deal_id, at)`);
  await query(`CREATE TRIGGER deal_stage_history_append_only BEFORE UPDATE OR DELETE ON deal_stage_history
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
