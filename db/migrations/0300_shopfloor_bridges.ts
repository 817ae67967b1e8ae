import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/** Bridge bindings, the raw shop-floor event log and the rejected-payload log (MQTT.md). */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    ALTER TABLE bridges
      ADD COLUMN secret_rotated_at timestamptz,
      ADD COLUMN created_by uuid REFERENCES users (id),
      ADD COLUMN last_event_at timestamptz,
      ADD COLUMN connected_at timestamptz,
      ADD COLUMN disconnected_at timestamptz`);

  // Which lift (or the entrance) a bridge's reader or sensor serves, with history: a binding is
  // closed (valid_to) and a new one opened, never edited, so old taps keep their meaning.
  await query(`
    CREATE TABLE bridge_bindings (
      id uuid PRIMARY KEY,
      bridge_id text NOT NULL REFERENCES bridges (id),
      device_id text NOT NULL CHECK (device_id ~ '^[a-z0-9-]{1,32}$'),
      kind text NOT NULL CHECK (kind IN ('reader', 'lift_sensor', 'bay_sensor')),
      lift_id uuid REFERENCES lifts (id),
      entrance boolean NOT NULL DEFAULT false,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      created_by uuid REFERENCES users (id),
      CHECK (valid_to IS NULL OR valid_to > valid_from),
      CHECK (CASE WHEN kind = 'reader' THEN (lift_id IS NOT NULL) <> entrance ELSE lift_id IS NOT NULL AND NOT entrance END),
      EXCLUDE USING gist (bridge_id WITH =, device_id WITH =, tstzrange(valid_from, valid_to) WITH &&)
    )`);
  await query(`CREATE INDEX bridge_bindings_by_lift ON bridge_bindings (lift_id) WHERE valid_to IS NULL`);

  // Every accepted bridge event, once: (bridge_id, event_id) identifies it forever.
  await query(`
    CREATE TABLE shopfloor_events (
      id uuid PRIMARY KEY,
      bridge_id text NOT NULL REFERENCES bridges (id),
      event_id bigint NOT NULL CHECK (event_id > 0),
      kind text NOT NULL CHECK (kind IN ('badge', 'lift', 'bay')),
      device_id text NOT NULL,
      value text NOT NULL,
      at timestamptz NOT NULL,
      sent_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      corrected_at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      UNIQUE (bridge_id, event_id)
    )`);
  await query(`CREATE INDEX shopfloor_events_by_time ON shopfloor_events (corrected_at)`);
  await query(`CREATE TRIGGER shopfloor_events_append_only BEFORE UPDATE OR DELETE ON shopfloor_events
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);

  // Payloads refused by the schema: kept with the reason, acknowledged, never fatal.
  await query(`
    CREATE TABLE shopfloor_rejected (
      id uuid PRIMARY KEY,
      bridge_id text NOT NULL,
      topic text NOT NULL,
      payload text NOT NULL,
      payload_bytes integer NOT NULL,
      reason text NOT NULL,
      received_at timestamptz NOT NULL
    )`);
  await query(
    `CREATE INDEX shopfloor_rejected_by_bridge ON shopfloor_rejected (bridge_id, received_at DESC)`,
  );
  await query(`CREATE TRIGGER shopfloor_rejected_append_only BEFORE UPDATE OR DELETE ON shopfloor_rejected
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
