import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

const TASK_RULE_TRIGGERS = ['lead.website', 'lead.phone', 'lead.walk_in', 'call.missed', 'deal.idle'];

/**
 * CRM, part 2: website forms and the leads inbox, the manager's tasks with the rules that create
 * them, the PBX endpoints and the call (and walk-in) registry. Nothing here is deleted: rows carry
 * deleted_at and a reason, and the audit log says who.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  // A form on the station's website posts to /api/public/leads/<key>; the key names the form, it is not a password.
  await query(`
    CREATE TABLE lead_forms (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      key text NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9_-]{16,64}$'),
      allowed_origins text[] NOT NULL DEFAULT '{}',
      channel_id uuid REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);

  await query(`
    CREATE TABLE leads (
      id uuid PRIMARY KEY,
      source text NOT NULL CHECK (source IN ('website', 'phone', 'walk_in', 'missed_call', 'other')),
      form_id uuid REFERENCES lead_forms (id),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'converted', 'dismissed')),
      name text,
      phone_e164 text CHECK (phone_e164 ~ '^\\+[1-9][0-9]{5,14}$'),
      phone_raw text,
      email text,
      message text,
      vehicle_make text,
      vehicle_model text,
      plate text,
      channel_id uuid REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      customer_id uuid REFERENCES customers (id),
      call_id uuid,
      deal_id uuid REFERENCES deals (id),
      dismiss_reason text,
      received_at timestamptz NOT NULL,
      processed_at timestamptz,
      processed_by uuid REFERENCES users (id),
      client_ip text,
      utm jsonb,
      deleted_at timestamptz,
      deleted_reason text,
      deleted_by uuid REFERENCES users (id),
      CHECK ((status = 'dismissed') = (dismiss_reason IS NOT NULL)),
      CHECK ((status = 'converted') = (deal_id IS NOT NULL)),
      CHECK ((status = 'new') = (processed_at IS NULL)),
      CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL))
    )`);
  await query(
    `CREATE INDEX leads_inbox ON leads (received_at DESC) WHERE status = 'new' AND deleted_at IS NULL`,
  );
  await query(`CREATE INDEX leads_by_time ON leads (received_at DESC)`);
  await query(`CREATE INDEX leads_by_phone ON leads (phone_e164) WHERE phone_e164 IS NOT NULL`);
  await query(`ALTER TABLE deals ADD FOREIGN KEY (lead_id) REFERENCES leads (id)`);

  await query(`
    CREATE TABLE pbx_endpoints (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      kind text NOT NULL CHECK (kind IN ('webhook', 'asterisk')),
      token_hash bytea NOT NULL UNIQUE,
      active boolean NOT NULL DEFAULT true,
      last_seen_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);

  // Which person answers an extension of the station's PBX (the call's manager).
  await query(`
    CREATE TABLE pbx_extensions (
      extension text PRIMARY KEY CHECK (extension ~ '^[0-9*#]{1,16}$'),
      user_id uuid NOT NULL REFERENCES users (id)
    )`);

  // A call or a walk-in visit: one registry, so sources, target groups and outcomes are counted together.
  await query(`
    CREATE TABLE crm_calls (
      id uuid PRIMARY KEY,
      kind text NOT NULL DEFAULT 'call' CHECK (kind IN ('call', 'walk_in')),
      direction text CHECK (direction IN ('in', 'out')),
      started_at timestamptz NOT NULL,
      answered_at timestamptz,
      ended_at timestamptz,
      duration_seconds integer NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
      ring_seconds integer NOT NULL DEFAULT 0 CHECK (ring_seconds >= 0),
      phone_e164 text CHECK (phone_e164 ~ '^\\+[1-9][0-9]{5,14}$'),
      phone_raw text,
      line_e164 text,
      customer_id uuid REFERENCES customers (id),
      deal_id uuid REFERENCES deals (id),
      lead_id uuid REFERENCES leads (id),
      channel_id uuid REFERENCES ad_channels (id),
      campaign_id uuid REFERENCES ad_campaigns (id),
      target_group text,
      status text CHECK (status IN ('customer', 'potential', 'directed')),
      manager_id uuid REFERENCES users (id),
      outcome text,
      purpose text,
      missed boolean NOT NULL DEFAULT false,
      complaint boolean NOT NULL DEFAULT false,
      recording_ref text,
      pbx_id uuid REFERENCES pbx_endpoints (id),
      external_id text,
      note text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz,
      deleted_reason text,
      deleted_by uuid REFERENCES users (id),
      CHECK ((kind = 'call') = (direction IS NOT NULL)),
      CHECK (ended_at IS NULL OR ended_at >= started_at),
      CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL)),
      UNIQUE (pbx_id, external_id)
    )`);
  await query(`CREATE INDEX crm_calls_by_time ON crm_calls (started_at DESC)`);
  await query(`CREATE INDEX crm_calls_by_phone ON crm_calls (phone_e164, started_at DESC)`);
  await query(`CREATE INDEX crm_calls_by_customer ON crm_calls (customer_id) WHERE customer_id IS NOT NULL`);
  await query(`ALTER TABLE leads ADD FOREIGN KEY (call_id) REFERENCES crm_calls (id)`);

  await query(`
    CREATE TABLE crm_task_rules (
      id uuid PRIMARY KEY,
      trigger text NOT NULL UNIQUE CHECK (trigger IN (${TASK_RULE_TRIGGERS.map((t) => `'${t}'`).join(', ')})),
      title text NOT NULL CHECK (length(btrim(title)) > 0),
      due_minutes integer NOT NULL CHECK (due_minutes >= 0),
      idle_days integer CHECK (idle_days > 0),
      active boolean NOT NULL DEFAULT true,
      CHECK ((trigger = 'deal.idle') = (idle_days IS NOT NULL))
    )`);

  await query(`
    CREATE TABLE crm_tasks (
      id uuid PRIMARY KEY,
      title text NOT NULL CHECK (length(btrim(title)) > 0),
      notes text,
      deal_id uuid REFERENCES deals (id),
      customer_id uuid REFERENCES customers (id),
      vehicle_id uuid REFERENCES vehicles (id),
      lead_id uuid REFERENCES leads (id),
      call_id uuid REFERENCES crm_calls (id),
      assignee_id uuid NOT NULL REFERENCES users (id),
      due_at timestamptz NOT NULL,
      remind_at timestamptz,
      reminded_at timestamptz,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      outcome text,
      completed_at timestamptz,
      completed_by uuid REFERENCES users (id),
      origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'rule', 'automation')),
      rule_code text,
      overdue_notified_at timestamptz,
      escalated_at timestamptz,
      escalated_to uuid REFERENCES users (id),
      created_by uuid REFERENCES users (id),
      created_by_name text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz,
      deleted_reason text,
      deleted_by uuid REFERENCES users (id),
      CHECK ((status = 'open') = (completed_at IS NULL)),
      CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL))
    )`);
  await query(
    `CREATE INDEX crm_tasks_agenda ON crm_tasks (assignee_id, due_at) WHERE status = 'open' AND deleted_at IS NULL`,
  );
  await query(
    `CREATE INDEX crm_tasks_escalated ON crm_tasks (escalated_to, due_at) WHERE status = 'open' AND deleted_at IS NULL AND escalated_to IS NOT NULL`,
  );
  await query(
    `CREATE INDEX crm_tasks_pending_alerts ON crm_tasks (due_at) WHERE status = 'open' AND deleted_at IS NULL AND escalated_at IS NULL`,
  );
  await query(
    `CREATE INDEX crm_tasks_reminders ON crm_tasks (remind_at) WHERE status = 'open' AND deleted_at IS NULL AND reminded_at IS NULL AND remind_at IS NOT NULL`,
  );
  await query(`CREATE INDEX crm_tasks_by_deal ON crm_tasks (deal_id) WHERE deal_id IS NOT NULL`);
}
