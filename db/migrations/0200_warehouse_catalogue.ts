import type { MigrationContext } from '../../server/src/platform/db/migrator.ts';

/**
 * The parts catalogue: parts, every number a part is known by (normalised for search), the
 * cross-references between numbers (analogues), suppliers, stock locations and min/max limits.
 * Normalised numbers are computed by the application (letters and digits only, upper case) and use
 * the "C" collation, so that a plain btree index serves both `=` and prefix `LIKE 'W914%'` in any
 * database locale, and sorts them byte-wise.
 */
export async function up({ query }: MigrationContext): Promise<void> {
  // Trusted since PostgreSQL 13: the database owner may create it.
  await query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

  await query(`
    CREATE TABLE suppliers (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      contact_name text,
      phone text,
      email text,
      note text,
      lead_time_days integer CHECK (lead_time_days >= 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX suppliers_name_key ON suppliers (lower(name))`);

  await query(`
    CREATE TABLE parts (
      id uuid PRIMARY KEY,
      sku text NOT NULL CHECK (length(btrim(sku)) > 0),
      sku_norm text COLLATE "C" NOT NULL CHECK (sku_norm <> ''),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      brand text CHECK (brand IS NULL OR length(btrim(brand)) > 0),
      unit text NOT NULL DEFAULT 'pcs' CHECK (unit IN ('pcs', 'set', 'l', 'ml', 'kg', 'g', 'm')),
      sale_price bigint NOT NULL DEFAULT 0 CHECK (sale_price >= 0),
      cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
      barcode text CHECK (barcode IS NULL OR barcode ~ '^\\S{1,64}$'),
      default_supplier_id uuid REFERENCES suppliers (id),
      note text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await query(`CREATE UNIQUE INDEX parts_sku_key ON parts (sku_norm)`);
  await query(`CREATE UNIQUE INDEX parts_barcode_key ON parts (barcode) WHERE barcode IS NOT NULL`);
  await query(`CREATE INDEX parts_name_trgm ON parts USING gin (lower(name) gin_trgm_ops)`);
  await query(`CREATE INDEX parts_brand ON parts (lower(brand) text_pattern_ops) WHERE brand IS NOT NULL`);
  await query(
    `CREATE INDEX parts_by_supplier ON parts (default_supplier_id) WHERE default_supplier_id IS NOT NULL`,
  );

  // Every number a part is known by, the SKU included, so that one index answers a number search.
  await query(`
    CREATE TABLE part_numbers (
      id uuid PRIMARY KEY,
      part_id uuid NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('sku', 'article', 'oem')),
      brand text,
      number text NOT NULL CHECK (length(btrim(number)) > 0),
      number_norm text COLLATE "C" NOT NULL CHECK (number_norm <> ''),
      UNIQUE (part_id, kind, number_norm)
    )`);
  await query(`CREATE INDEX part_numbers_norm ON part_numbers (number_norm)`);
  await query(`CREATE UNIQUE INDEX part_numbers_one_sku ON part_numbers (part_id) WHERE kind = 'sku'`);

  // An analogue pair is stored once, in a canonical order, and searched from both sides.
  await query(`
    CREATE TABLE cross_references (
      id uuid PRIMARY KEY,
      brand_a text,
      number_a text NOT NULL,
      norm_a text COLLATE "C" NOT NULL CHECK (norm_a <> ''),
      brand_b text,
      number_b text NOT NULL,
      norm_b text COLLATE "C" NOT NULL CHECK (norm_b <> ''),
      source text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (norm_a < norm_b)
    )`);
  await query(`CREATE UNIQUE INDEX cross_references_pair ON cross_references (norm_a, norm_b)`);
  await query(`CREATE INDEX cross_references_b ON cross_references (norm_b)`);

  await query(`
    CREATE TABLE stock_locations (
      id uuid PRIMARY KEY,
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,32}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      kind text NOT NULL CHECK (kind IN ('warehouse', 'shelf', 'bin', 'van')),
      parent_id uuid REFERENCES stock_locations (id),
      is_default boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (parent_id IS NULL OR parent_id <> id),
      CHECK (kind IN ('shelf', 'bin') OR parent_id IS NULL),
      CHECK (NOT is_default OR active)
    )`);
  await query(`CREATE UNIQUE INDEX stock_locations_code_key ON stock_locations (upper(code))`);
  await query(`CREATE UNIQUE INDEX stock_locations_one_default ON stock_locations ((true)) WHERE is_default`);

  await query(`
    CREATE TABLE stock_limits (
      part_id uuid NOT NULL REFERENCES parts (id),
      location_id uuid NOT NULL REFERENCES stock_locations (id),
      min_quantity numeric(14, 3) NOT NULL CHECK (min_quantity >= 0),
      max_quantity numeric(14, 3) NOT NULL CHECK (max_quantity >= min_quantity AND max_quantity > 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (part_id, location_id)
    )`);
}
