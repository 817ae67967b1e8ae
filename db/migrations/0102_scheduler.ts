import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The lift schedule: what each lift can take, mechanics' skills and weekly shifts, appointments with
 * their planned mechanics, and the placements of repair orders on lifts (the labour engine's input).
 * Double booking is refused by PostgreSQL itself with exclusion constraints over time ranges.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`ALTER TABLE lifts ADD COLUMN job_kinds text[] NOT NULL DEFAULT '{}'`);

  await query(`
    CREATE TABLE mechanic_skills (
      staff_id uuid NOT NULL REFERENCES staff (id),
      skill text NOT NULL CHECK (skill ~ '^[a-z0-9_]{1,40}$'),
      level smallint NOT NULL DEFAULT 2 CHECK (level BETWEEN 1 AND 3),
      PRIMARY KEY (staff_id, skill)
    )`);

  // Station-local wall-clock times per ISO weekday (1 = Monday); a shift does not cross midnight.
  await query(`
    CREATE TABLE mechanic_shifts (
      id uuid PRIMARY KEY,
      staff_id uuid NOT NULL REFERENCES staff (id),
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      starts_at time NOT NULL,
      ends_at time NOT NULL,
      CHECK (ends_at > starts_at),
      UNIQUE (staff_id, weekday)
    )`);

  await query(`
    CREATE TABLE appointments (
      id uuid PRIMARY KEY,
      lift_id uuid NOT NULL REFERENCES lifts (id),
      order_id uuid REFERENCES repair_orders (id),
      customer_id uuid REFERENCES customers (id),
      vehicle_id uuid REFERENCES vehicles (id),
      during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
                                       AND NOT lower_inf(during) AND NOT upper_inf(during)),
      status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'arrived', 'completed', 'cancelled', 'no_show')),
      title text,
      note text,
      cancel_reason text,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT appointments_no_double_booking
        EXCLUDE USING gist (lift_id WITH =, during WITH &&) WHERE (status IN ('booked', 'arrived', 'completed'))
    )`);
  await query(`CREATE INDEX appointments_during ON appointments USING gist (during)`);
  await query(`CREATE INDEX appointments_by_customer ON appointments (customer_id, lower(during) DESC)`);
  await query(`CREATE INDEX appointments_by_vehicle ON appointments (vehicle_id, lower(during) DESC)`);
  await query(`CREATE INDEX appointments_by_order ON appointments (order_id)`);

  // The mechanic's copy of the appointment's range, so that one mechanic is never booked twice at once.
  await query(`
    CREATE TABLE appointment_mechanics (
      appointment_id uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
      staff_id uuid NOT NULL REFERENCES staff (id),
      during tstzrange NOT NULL,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (appointment_id, staff_id),
      CONSTRAINT appointment_mechanics_no_double_booking
        EXCLUDE USING gist (staff_id WITH =, during WITH &&) WHERE (active)
    )`);

  // A lift holds one order at a time and an order is on one lift at a time, over all of history.
  await query(`
    CREATE TABLE lift_placements (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES repair_orders (id),
      lift_id uuid NOT NULL REFERENCES lifts (id),
      placed_at timestamptz NOT NULL,
      removed_at timestamptz,
      placed_by text,
      placed_by_name text,
      removed_by text,
      removed_by_name text,
      CHECK (removed_at IS NULL OR removed_at >= placed_at),
      CONSTRAINT lift_placements_one_order_per_lift
        EXCLUDE USING gist (lift_id WITH =, tstzrange(placed_at, removed_at) WITH &&),
      CONSTRAINT lift_placements_one_lift_per_order
        EXCLUDE USING gist (order_id WITH =, tstzrange(placed_at, removed_at) WITH &&)
    )`);
  await query(
    `CREATE UNIQUE INDEX lift_placements_current_by_lift ON lift_placements (lift_id) WHERE removed_at IS NULL`,
  );
  await query(`CREATE INDEX lift_placements_by_order ON lift_placements (order_id, placed_at DESC)`);
  // The schedule's period query across all lifts: which placements overlap a day or a week.
  await query(
    `CREATE INDEX lift_placements_period ON lift_placements USING gist (tstzrange(placed_at, removed_at))`,
  );
}
