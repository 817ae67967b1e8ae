import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/** The bridge registry the broker authenticates against (the full shop-floor ingest extends it). */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE bridges (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,32}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      location text,
      secret_hash text NOT NULL,
      revoked_at timestamptz,
      online boolean NOT NULL DEFAULT false,
      last_status jsonb,
      last_seen_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
}
