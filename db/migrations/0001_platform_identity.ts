import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

export async function up({ query }: MigrationContext): Promise<void> {
  await query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

  // Append-only tables refuse UPDATE and DELETE; corrections are new rows.
  await query(`
    CREATE FUNCTION pitwall_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
    END $$`);

  await query(`
    CREATE TABLE station_settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      legal_name text,
      address text,
      phone text,
      email text,
      tax_id text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

  await query(`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      login text NOT NULL CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
      display_name text NOT NULL CHECK (length(btrim(display_name)) > 0),
      role text NOT NULL CHECK (role IN ('owner', 'manager', 'advisor', 'foreman', 'storekeeper', 'mechanic')),
      scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('own', 'all')),
      locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ru')),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX users_login_key ON users (login)`);

  await query(`
    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash bytea NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text,
      ip text,
      user_agent text
    )`);
  await query(`CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE revoked_at IS NULL`);

  await query(`
    CREATE TABLE staff (
      id uuid PRIMARY KEY,
      full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
      position text NOT NULL CHECK (position IN ('mechanic', 'foreman', 'advisor', 'storekeeper', 'manager', 'owner')),
      user_id uuid UNIQUE REFERENCES users (id) ON DELETE SET NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

  // A badge row is never deleted: revoking it closes the row and keeps the history.
  await query(`
    CREATE TABLE badges (
      id uuid PRIMARY KEY,
      staff_id uuid NOT NULL REFERENCES staff (id),
      uid text NOT NULL CHECK (uid ~ '^[0-9A-F]{8,32}$'),
      assigned_at timestamptz NOT NULL DEFAULT now(),
      assigned_by uuid REFERENCES users (id),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES users (id),
      revoked_reason text,
      CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
    )`);
  await query(`CREATE UNIQUE INDEX badges_one_active_uid ON badges (uid) WHERE revoked_at IS NULL`);
  await query(
    `CREATE UNIQUE INDEX badges_one_active_per_staff ON badges (staff_id) WHERE revoked_at IS NULL`,
  );
  await query(`CREATE INDEX badges_by_staff ON badges (staff_id, assigned_at DESC)`);

  await query(`
    CREATE TABLE lifts (
      id uuid PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9-]{1,16}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      kind text NOT NULL CHECK (kind IN ('two_post', 'four_post', 'scissor', 'alignment', 'pit', 'other')),
      status text NOT NULL DEFAULT 'working' CHECK (status IN ('working', 'out_of_order')),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

  await query(`
    CREATE TABLE kiosk_devices (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      scope text NOT NULL CHECK (scope IN ('board', 'lift')),
      lift_id uuid REFERENCES lifts (id),
      pairing_code_hash bytea,
      pairing_expires_at timestamptz,
      token_hash bytea UNIQUE,
      paired_at timestamptz,
      last_seen_at timestamptz,
      revoked_at timestamptz,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((scope = 'lift') = (lift_id IS NOT NULL)),
      CHECK ((pairing_code_hash IS NULL) = (pairing_expires_at IS NULL))
    )`);
  await query(
    `CREATE UNIQUE INDEX kiosk_devices_pairing_code ON kiosk_devices (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL`,
  );

  await query(`
    CREATE TABLE audit_log (
      id uuid PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'device', 'system', 'bridge')),
      actor_id text,
      actor_name text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text
    )`);
  await query(`CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, at DESC)`);
  await query(`CREATE INDEX audit_log_by_time ON audit_log (at DESC)`);
  await query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
