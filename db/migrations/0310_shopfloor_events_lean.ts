import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The bridge event log is the hottest insert of the station (thousands of rows a second when bridges
 * replay their outboxes). Two costs bought nothing there:
 * - the foreign key to bridges: an event can only arrive from a bridge the broker authenticated
 *   against that table, and bridges are revoked, never deleted;
 * - an index on corrected_at that no query uses (the labour log keeps its own order; the desk lists a
 *   bridge's events by (bridge_id, event_id));
 * - jsonb for the raw payload, which is kept verbatim for audit and never queried by key: json
 *   validates the text and stores it as sent, without building the binary form per row.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`ALTER TABLE shopfloor_events DROP CONSTRAINT shopfloor_events_bridge_id_fkey`);
  await query(`DROP INDEX shopfloor_events_by_time`);
  await query(`ALTER TABLE shopfloor_events ALTER COLUMN payload TYPE json USING payload::json`);
}
