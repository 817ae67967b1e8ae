import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The labour event log (shared/design/LABOUR.md): every fact the labour engine folds — badge taps and
 * sensor changes (copied from shopfloor_events), job actions, assignments, placements, parts issues,
 * approval decisions, breaks and foreman corrections. Append-only; `source_key` makes every writer
 * idempotent. The engine's event identity is (source, seq): a bridge's id and eventId, or for events
 * the server records, the source and this row's serial id (`seq` NULL).
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE labour_events (
      id bigserial PRIMARY KEY,
      source text NOT NULL CHECK (length(source) > 0),
      seq bigint CHECK (seq > 0),
      source_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      staff_id uuid,
      lift_id uuid,
      job_id uuid,
      order_id uuid,
      reason text,
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'device', 'system', 'bridge')),
      actor_id text,
      actor_name text,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, seq)
    )`);
  await query(`CREATE INDEX labour_events_by_time ON labour_events (at)`);
  await query(
    `CREATE INDEX labour_events_by_kind ON labour_events (kind, at) WHERE kind LIKE 'correction.%'`,
  );
  await query(`CREATE TRIGGER labour_events_append_only BEFORE UPDATE OR DELETE ON labour_events
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
