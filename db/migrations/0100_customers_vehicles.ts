import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * Customers (individuals and companies with contact persons), their phones, vehicles, ownership
 * periods and mileage readings. Search runs on trigram indexes: a phone fragment (digits anywhere),
 * a plate fragment, a VIN fragment and a part of a name all use `LIKE '%…%'` on an indexed column.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  await query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

  await query(`
    CREATE TABLE customers (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('individual', 'company')),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      search_name text NOT NULL,
      email text CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
      tax_id text,
      legal_address text,
      notes text,
      owner_id uuid REFERENCES users (id),
      consent_sms_service boolean NOT NULL DEFAULT true,
      consent_sms_marketing boolean NOT NULL DEFAULT false,
      consent_email_service boolean NOT NULL DEFAULT true,
      consent_email_marketing boolean NOT NULL DEFAULT false,
      consents_updated_at timestamptz,
      merged_into_id uuid REFERENCES customers (id),
      merged_at timestamptz,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((merged_into_id IS NULL) = (merged_at IS NULL)),
      CHECK (merged_into_id <> id)
    )`);
  // search_name is written by the application (workshop/rules/search-key.ts): folded and in Latin letters.
  await query(`CREATE INDEX customers_name_trgm ON customers USING gin (search_name gin_trgm_ops)`);
  await query(`CREATE INDEX customers_by_name ON customers (search_name, id) WHERE merged_into_id IS NULL`);
  await query(`CREATE INDEX customers_by_owner ON customers (owner_id)`);

  await query(`
    CREATE TABLE customer_contacts (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      search_name text NOT NULL,
      role text,
      email text CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE INDEX customer_contacts_by_customer ON customer_contacts (customer_id)`);
  await query(
    `CREATE INDEX customer_contacts_name_trgm ON customer_contacts USING gin (search_name gin_trgm_ops)`,
  );

  // A phone belongs to the customer; contact_id says which contact person of a company answers it.
  await query(`
    CREATE TABLE customer_phones (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES customers (id),
      contact_id uuid REFERENCES customer_contacts (id) ON DELETE CASCADE,
      e164 text NOT NULL CHECK (e164 ~ '^\\+[1-9][0-9]{5,14}$'),
      digits text GENERATED ALWAYS AS (substr(e164, 2)) STORED,
      label text,
      is_primary boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (customer_id, e164)
    )`);
  await query(`CREATE INDEX customer_phones_digits_trgm ON customer_phones USING gin (digits gin_trgm_ops)`);
  await query(`CREATE INDEX customer_phones_by_e164 ON customer_phones (e164)`);
  await query(`CREATE INDEX customer_phones_by_customer ON customer_phones (customer_id)`);

  await query(`
    CREATE TABLE vehicles (
      id uuid PRIMARY KEY,
      customer_id uuid REFERENCES customers (id),
      vin text CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
      plate text,
      plate_key text,
      make text,
      model text,
      year smallint CHECK (year BETWEEN 1900 AND 2100),
      engine text,
      color text,
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((plate IS NULL) = (plate_key IS NULL))
    )`);
  await query(`CREATE INDEX vehicles_plate_trgm ON vehicles USING gin (plate_key gin_trgm_ops)`);
  await query(`CREATE INDEX vehicles_vin_trgm ON vehicles USING gin (vin gin_trgm_ops)`);
  await query(`CREATE INDEX vehicles_by_vin ON vehicles (vin) WHERE vin IS NOT NULL`);
  await query(`CREATE INDEX vehicles_by_plate_key ON vehicles (plate_key) WHERE plate_key IS NOT NULL`);
  await query(`CREATE INDEX vehicles_by_customer ON vehicles (customer_id)`);

  // Who owned the car when; the open period (ended_at NULL) is the current owner. Periods never overlap.
  await query(`
    CREATE TABLE vehicle_ownerships (
      id uuid PRIMARY KEY,
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      customer_id uuid NOT NULL REFERENCES customers (id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      CHECK (ended_at IS NULL OR ended_at >= started_at),
      EXCLUDE USING gist (vehicle_id WITH =, tstzrange(started_at, ended_at) WITH &&)
    )`);
  await query(`CREATE INDEX vehicle_ownerships_by_customer ON vehicle_ownerships (customer_id)`);

  // Odometer readings are facts as read: a wrong one is superseded by a new reading, never edited.
  await query(`
    CREATE TABLE mileage_readings (
      id uuid PRIMARY KEY,
      vehicle_id uuid NOT NULL REFERENCES vehicles (id),
      km integer NOT NULL CHECK (km >= 0),
      read_at timestamptz NOT NULL,
      source text NOT NULL CHECK (source IN ('manual', 'intake', 'import')),
      order_id uuid,
      lower_confirmed boolean NOT NULL DEFAULT false,
      recorded_by uuid REFERENCES users (id),
      recorded_by_name text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(
    `CREATE INDEX mileage_readings_by_vehicle ON mileage_readings (vehicle_id, read_at DESC, created_at DESC)`,
  );
  await query(`CREATE TRIGGER mileage_readings_append_only BEFORE UPDATE OR DELETE ON mileage_readings
               FOR EACH ROW EXECUTE FUNCTION pitwall_append_only()`);
}
