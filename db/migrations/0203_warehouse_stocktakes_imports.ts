import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/** Count sheets per location, and the catalogue / opening-stock import jobs the desk polls. */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`
    CREATE TABLE stocktakes (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),
      note text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      posted_at timestamptz,
      posted_by text,
      cancelled_at timestamptz,
      CHECK ((status = 'posted') = (posted_at IS NOT NULL)),
      CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
    )`);
  await query(
    `CREATE UNIQUE INDEX stocktakes_one_open_per_location ON stocktakes (location_id) WHERE status = 'open'`,
  );
  await query(`
    CREATE TABLE stocktake_lines (
      stocktake_id uuid NOT NULL REFERENCES stocktakes (id),
      part_id uuid NOT NULL REFERENCES parts (id),
      expected_quantity numeric(14, 3) NOT NULL CHECK (expected_quantity >= 0),
      counted_quantity numeric(14, 3) CHECK (counted_quantity >= 0),
      counted_at timestamptz,
      counted_by text,
      on_hand_at_posting numeric(14, 3),
      posted_quantity numeric(14, 3),
      PRIMARY KEY (stocktake_id, part_id),
      CHECK ((counted_quantity IS NULL) = (counted_at IS NULL))
    )`);

  await query(`
    CREATE TABLE import_jobs (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('catalogue', 'stock')),
      format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
      file_name text NOT NULL,
      file_path text NOT NULL,
      file_size bigint NOT NULL CHECK (file_size >= 0),
      status text NOT NULL DEFAULT 'uploaded'
        CHECK (status IN ('uploaded', 'validating', 'writing', 'completed', 'rejected', 'failed')),
      mapping jsonb,
      options jsonb,
      bytes_read bigint NOT NULL DEFAULT 0,
      rows_read integer NOT NULL DEFAULT 0,
      rows_total integer,
      rows_written integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]',
      summary jsonb,
      message text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz
    )`);
}
