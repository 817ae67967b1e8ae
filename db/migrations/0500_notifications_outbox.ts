import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The customer-message outbox. `notification_messages` holds one row per message with its current
 * state (queued → sending → sent → delivered; or failed; or cancelled before sending) for the sender's queries; every transition
 * is also appended to `notification_message_events`, which is never updated or deleted, so the
 * delivery log shows each attempt, deferral and report. A message is never deleted: a refusal is a
 * suppression row, a resend is a new message pointing at the old one.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE notification_settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      sms_enabled boolean NOT NULL DEFAULT true,
      sms_provider text NOT NULL DEFAULT 'simulated' CHECK (sms_provider IN ('modem', 'gateway', 'simulated')),
      email_enabled boolean NOT NULL DEFAULT true,
      email_provider text NOT NULL DEFAULT 'simulated' CHECK (email_provider IN ('smtp', 'simulated')),
      modem_port text,
      modem_baud_rate integer NOT NULL DEFAULT 115200 CHECK (modem_baud_rate BETWEEN 1200 AND 921600),
      modem_pin text,
      modem_smsc text,
      modem_delivery_reports boolean NOT NULL DEFAULT true,
      gateway_url text,
      gateway_method text NOT NULL DEFAULT 'POST' CHECK (gateway_method IN ('GET', 'POST', 'PUT')),
      gateway_headers jsonb NOT NULL DEFAULT '{"Content-Type": "application/json"}',
      gateway_body_template text NOT NULL DEFAULT '{"phone": "{{to}}", "message": {{textJson}}}',
      gateway_id_field text,
      gateway_token text,
      gateway_webhook_secret text,
      smtp_host text,
      smtp_port integer NOT NULL DEFAULT 25 CHECK (smtp_port BETWEEN 1 AND 65535),
      smtp_secure boolean NOT NULL DEFAULT false,
      smtp_verify_certificate boolean NOT NULL DEFAULT true,
      smtp_user text,
      smtp_password text,
      smtp_from text,
      sms_quiet_from text DEFAULT '21:00' CHECK (sms_quiet_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      sms_quiet_to text DEFAULT '09:00' CHECK (sms_quiet_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      email_quiet_from text CHECK (email_quiet_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      email_quiet_to text CHECK (email_quiet_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      sms_per_minute integer NOT NULL DEFAULT 6 CHECK (sms_per_minute BETWEEN 1 AND 10000),
      email_per_minute integer NOT NULL DEFAULT 30 CHECK (email_per_minute BETWEEN 1 AND 10000),
      max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 50),
      retry_base_seconds integer NOT NULL DEFAULT 60 CHECK (retry_base_seconds BETWEEN 1 AND 86400),
      retry_max_seconds integer NOT NULL DEFAULT 3600 CHECK (retry_max_seconds BETWEEN 1 AND 604800),
      link_base_url text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((sms_quiet_from IS NULL) = (sms_quiet_to IS NULL)),
      CHECK ((email_quiet_from IS NULL) = (email_quiet_to IS NULL)),
      CHECK (retry_max_seconds >= retry_base_seconds)
    )`);
  await query(`INSERT INTO notification_settings (id) VALUES (1)`);

  // A customer's language for messages and the birth date for the birthday greeting.
  await query(`
    CREATE TABLE notification_customer_profiles (
      customer_id uuid PRIMARY KEY REFERENCES customers (id),
      locale text CHECK (locale IN ('en', 'ru')),
      birth_date date,
      updated_at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX notification_profiles_birthday ON notification_customer_profiles
               (extract(month FROM birth_date), extract(day FROM birth_date)) WHERE birth_date IS NOT NULL`);

  await query(`
    CREATE TABLE notification_templates (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      locale text NOT NULL CHECK (locale IN ('en', 'ru')),
      subject text,
      body text NOT NULL CHECK (length(btrim(body)) > 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by_name text,
      UNIQUE (kind, channel, locale),
      CHECK (channel = 'email' OR subject IS NULL)
    )`);

  await query(`
    CREATE TABLE notification_rules (
      id uuid PRIMARY KEY,
      code text UNIQUE,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      event_type text NOT NULL,
      conditions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(conditions) = 'array'),
      action_type text NOT NULL,
      action_params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(action_params) = 'object'),
      enabled boolean NOT NULL DEFAULT true,
      builtin boolean NOT NULL DEFAULT false,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE INDEX notification_rules_by_event ON notification_rules (event_type) WHERE enabled`);

  await query(`
    CREATE TABLE notification_campaigns (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      source text NOT NULL,
      source_params jsonb NOT NULL DEFAULT '{}',
      templates jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'launched', 'cancelled')),
      queued_count integer NOT NULL DEFAULT 0,
      suppressed_count integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users (id),
      created_by_name text,
      created_at timestamptz NOT NULL,
      launched_at timestamptz,
      updated_at timestamptz NOT NULL,
      CHECK ((status = 'launched') = (launched_at IS NOT NULL) OR status = 'cancelled')
    )`);

  await query(`
    CREATE TABLE notification_messages (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('service', 'marketing')),
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      customer_id uuid REFERENCES customers (id),
      recipient text NOT NULL CHECK (length(recipient) > 0),
      locale text NOT NULL CHECK (locale IN ('en', 'ru')),
      subject text,
      body text NOT NULL CHECK (length(body) > 0),
      attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
      subject_type text,
      subject_id text,
      dedup_key text UNIQUE,
      rule_id uuid REFERENCES notification_rules (id) ON DELETE SET NULL,
      campaign_id uuid REFERENCES notification_campaigns (id),
      resend_of uuid REFERENCES notification_messages (id),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      max_attempts integer NOT NULL CHECK (max_attempts >= 1),
      not_before timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      waiting_reason text,
      provider text,
      provider_message_id text,
      last_error text,
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sent_at timestamptz,
      delivered_at timestamptz,
      failed_at timestamptz,
      CHECK ((status = 'failed') = (failed_at IS NOT NULL)),
      CHECK (status NOT IN ('sent', 'delivered') OR sent_at IS NOT NULL)
    )`);
  await query(
    `CREATE INDEX notification_messages_due ON notification_messages (channel, next_attempt_at) WHERE status = 'queued'`,
  );
  await query(
    `CREATE INDEX notification_messages_sending ON notification_messages (updated_at) WHERE status = 'sending'`,
  );
  await query(
    `CREATE INDEX notification_messages_by_customer ON notification_messages (customer_id, created_at DESC)`,
  );
  await query(`CREATE INDEX notification_messages_by_time ON notification_messages (created_at DESC)`);
  await query(
    `CREATE INDEX notification_messages_by_campaign ON notification_messages (campaign_id) WHERE campaign_id IS NOT NULL`,
  );

  await query(`
    CREATE TABLE notification_message_events (
      id uuid PRIMARY KEY,
      -- The order the lines were written in (several share one "at": a run has one now).
      seq bigint GENERATED ALWAYS AS IDENTITY,
      message_id uuid NOT NULL REFERENCES notification_messages (id),
      channel text NOT NULL,
      at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'deferred', 'waiting', 'sending', 'sent', 'retry', 'delivered', 'failed', 'requeued', 'cancelled')),
      attempt integer NOT NULL DEFAULT 0,
      detail text,
      provider_message_id text,
      actor_name text
    )`);
  await query(
    `CREATE INDEX notification_message_events_by_message ON notification_message_events (message_id, seq)`,
  );
  await query(
    `CREATE INDEX notification_message_events_sends ON notification_message_events (channel, at) WHERE status = 'sending'`,
  );
  await query(`CREATE TRIGGER notification_message_events_append_only BEFORE UPDATE OR DELETE ON notification_message_events
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  // One row per SMS part (modem message references) or per provider message id, for delivery reports.
  await query(`
    CREATE TABLE notification_provider_refs (
      id uuid PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES notification_messages (id),
      provider text NOT NULL,
      reference text NOT NULL,
      recipient text NOT NULL,
      sent_at timestamptz NOT NULL,
      outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'delivered', 'failed')),
      status_code integer,
      reported_at timestamptz
    )`);
  await query(
    `CREATE INDEX notification_provider_refs_lookup ON notification_provider_refs (provider, reference, sent_at DESC)`,
  );
  await query(
    `CREATE INDEX notification_provider_refs_by_message ON notification_provider_refs (message_id)`,
  );

  // Messages that were not queued, and why: no consent, no phone or e-mail, channel off, no template.
  await query(`
    CREATE TABLE notification_suppressions (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      purpose text NOT NULL,
      channel text NOT NULL,
      customer_id uuid REFERENCES customers (id),
      subject_type text,
      subject_id text,
      reason text NOT NULL CHECK (reason IN ('no_consent', 'no_recipient', 'channel_off', 'no_template', 'empty_message', 'customer_merged')),
      detail text,
      -- No foreign key to rules: a deleted rule must not try to update this append-only log.
      rule_id uuid,
      campaign_id uuid REFERENCES notification_campaigns (id),
      at timestamptz NOT NULL
    )`);
  await query(
    `CREATE INDEX notification_suppressions_by_customer ON notification_suppressions (customer_id, at DESC)`,
  );
  await query(`CREATE TRIGGER notification_suppressions_append_only BEFORE UPDATE OR DELETE ON notification_suppressions
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  await query(`
    CREATE TABLE notification_campaign_recipients (
      campaign_id uuid NOT NULL REFERENCES notification_campaigns (id),
      customer_id uuid NOT NULL REFERENCES customers (id),
      message_id uuid REFERENCES notification_messages (id),
      outcome text NOT NULL CHECK (outcome IN ('queued', 'suppressed')),
      reason text,
      PRIMARY KEY (campaign_id, customer_id),
      CHECK ((outcome = 'queued') = (message_id IS NOT NULL))
    )`);

  // Replies: an SMS the modem or the gateway received; a stop word opts the customer out.
  await query(`
    CREATE TABLE notification_inbound (
      id uuid PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      source text NOT NULL,
      sender text NOT NULL,
      body text NOT NULL,
      received_at timestamptz NOT NULL,
      customer_id uuid REFERENCES customers (id),
      action text NOT NULL CHECK (action IN ('opt_out', 'none', 'unknown_sender')),
      created_at timestamptz NOT NULL
    )`);
  await query(`CREATE INDEX notification_inbound_by_time ON notification_inbound (created_at DESC)`);

  await query(`
    CREATE TABLE notification_opt_outs (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      purpose text CHECK (purpose IN ('service', 'marketing')),
      source text NOT NULL CHECK (source IN ('reply', 'advisor')),
      inbound_id uuid REFERENCES notification_inbound (id),
      note text,
      actor_name text NOT NULL,
      at timestamptz NOT NULL
    )`);
  await query(
    `CREATE INDEX notification_opt_outs_by_customer ON notification_opt_outs (customer_id, at DESC)`,
  );
  await query(`CREATE TRIGGER notification_opt_outs_append_only BEFORE UPDATE OR DELETE ON notification_opt_outs
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
