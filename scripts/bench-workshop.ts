/**
 * The advisor's main queries on five years of a large station.
 *
 *   npx tsx scripts/bench-workshop.ts [--customers 30000] [--samples 300]
 *
 * Uses a fresh database on the server named by PITWALL_DATABASE_URL (created and dropped here), or a
 * throw-away embedded PostgreSQL in a temp directory on a free port. Fills it with 30 000 customers,
 * 40 000 vehicles, 150 000 repair orders with 600 000 lines, payments, bookings and placements
 * (set-based INSERT … SELECT over generate_series and unnest, so it takes minutes), then measures
 * p50/p95 of the same query functions the API routes call: search by a phone fragment, search by a
 * plate fragment, the customer card, and the day schedule of all lifts. Target: p95 < 50 ms each.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { defineModels } from '../server/src/models.ts';
import { scheduleView } from '../server/src/modules/scheduler/index.ts';
import { customerCard, searchCustomers } from '../server/src/modules/workshop/index.ts';
import { nameKey } from '../server/src/modules/workshop/rules/search-key.ts';
import { createSequelize } from '../server/src/platform/db/sequelize.ts';
import { migrate } from '../server/src/platform/db/migrator.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { databaseUrl, startTestPostgres, withAdmin } from '../tests/support/postgres.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CUSTOMERS = arg('customers', 30_000);
const VEHICLES = Math.round((CUSTOMERS * 4) / 3);
const ORDERS = CUSTOMERS * 5;
const SAMPLES = arg('samples', 300);
const LIFTS = 12;
const TIMEZONE = 'Europe/Moscow';

const FIRST = [
  'Иван',
  'Сергей',
  'Алексей',
  'Дмитрий',
  'Андрей',
  'Михаил',
  'Ольга',
  'Анна',
  'Елена',
  'Наталья',
  'Мария',
  'Татьяна',
  'Павел',
  'Николай',
  'Юрий',
  'John',
  'Anna',
  'Peter',
];
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Smith',
  'Brown',
];
const PLATE_LETTERS = 'АВЕКМНОРСТУХ';
const PLATE_LATIN = 'ABEKMHOPCTYX';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const MAKES = [
  ['Lada', 'Vesta'],
  ['Lada', 'Granta'],
  ['Kia', 'Rio'],
  ['Hyundai', 'Solaris'],
  ['Volkswagen', 'Polo'],
  ['Skoda', 'Octavia'],
  ['Toyota', 'Camry'],
  ['Renault', 'Logan'],
];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;
const log = (...parts: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...parts);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Inserts rows column-wise with unnest, in batches, so that 40 000 rows are a handful of statements. */
async function insertColumns(
  client: pg.Client,
  table: string,
  columns: Array<[string, string]>,
  rows: unknown[][],
): Promise<void> {
  const batch = 5_000;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params = columns.map((_, c) => slice.map((r) => r[c]));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO ${table} (${list}) SELECT * FROM unnest(${unnest})`, params);
  }
}

async function fill(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit = off`);
    const advisors = Array.from({ length: 4 }, () => randomUUID());
    await client.query(
      `INSERT INTO users (id, login, display_name, role, password_hash) SELECT id, 'advisor' || n, 'Advisor ' || n, 'advisor', 'x'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
      [advisors],
    );
    await client.query(
      `INSERT INTO lifts (id, code, name, kind, position) SELECT gen_random_uuid(), 'L' || n, 'Lift ' || n, 'two_post', n FROM generate_series(1, ${LIFTS}) n`,
    );
    await client.query(
      `INSERT INTO staff (id, full_name, position) SELECT gen_random_uuid(), 'Mechanic ' || n, 'mechanic' FROM generate_series(1, 20) n`,
    );
    await client.query(
      `INSERT INTO mechanic_shifts (id, staff_id, weekday, starts_at, ends_at)
       SELECT gen_random_uuid(), s.id, d, '09:00', '18:00' FROM staff s CROSS JOIN generate_series(1, 5) d`,
    );

    await timed(`customers (${CUSTOMERS}) and phones`, async () => {
      const customers: unknown[][] = [];
      const phones: unknown[][] = [];
      for (let i = 0; i < CUSTOMERS; i++) {
        const id = randomUUID();
        const name = `${pick(LAST)} ${pick(FIRST)} ${i}`;
        customers.push([id, 'individual', name, nameKey(name), advisors[i % advisors.length]]);
        phones.push([randomUUID(), id, `+79${String(randomInt(0, 1e9)).padStart(9, '0')}`, true]);
        if (i % 5 === 0)
          phones.push([randomUUID(), id, `+7495${String(randomInt(0, 1e7)).padStart(7, '0')}`, false]);
      }
      await insertColumns(
        client,
        'customers',
        [
          ['id', 'uuid'],
          ['kind', 'text'],
          ['name', 'text'],
          ['search_name', 'text'],
          ['owner_id', 'uuid'],
        ],
        customers,
      );
      await client.query(`ALTER TABLE customer_phones DROP CONSTRAINT customer_phones_customer_id_e164_key`);
      await insertColumns(
        client,
        'customer_phones',
        [
          ['id', 'uuid'],
          ['customer_id', 'uuid'],
          ['e164', 'text'],
          ['is_primary', 'boolean'],
        ],
        phones,
      );
      await client.query(
        `DELETE FROM customer_phones a USING customer_phones b WHERE a.customer_id = b.customer_id AND a.e164 = b.e164 AND a.id < b.id`,
      );
      await client.query(`ALTER TABLE customer_phones ADD UNIQUE (customer_id, e164)`);
    });

    await timed(`vehicles (${VEHICLES}) with ownerships`, async () => {
      const { rows: ids } = await client.query<{ id: string }>(`SELECT id FROM customers ORDER BY id`);
      const vehicles: unknown[][] = [];
      for (let i = 0; i < VEHICLES; i++) {
        const letters = Array.from({ length: 3 }, () => randomInt(PLATE_LETTERS.length));
        const digits = String(randomInt(1, 1000)).padStart(3, '0');
        const region = String(pick([77, 97, 99, 177, 197, 199, 50, 750, 790]));
        const plate = `${PLATE_LETTERS[letters[0]!]}${digits}${PLATE_LETTERS[letters[1]!]}${PLATE_LETTERS[letters[2]!]}${region}`;
        const key = `${PLATE_LATIN[letters[0]!]}${digits}${PLATE_LATIN[letters[1]!]}${PLATE_LATIN[letters[2]!]}${region}`;
        let vin = 'XTA';
        for (let k = 0; k < 14; k++) vin += VIN_CHARS[randomInt(VIN_CHARS.length)];
        const [make, model] = pick(MAKES);
        vehicles.push([
          randomUUID(),
          ids[i % ids.length]!.id,
          vin,
          plate,
          key,
          make,
          model,
          2005 + randomInt(20),
        ]);
      }
      await insertColumns(
        client,
        'vehicles',
        [
          ['id', 'uuid'],
          ['customer_id', 'uuid'],
          ['vin', 'text'],
          ['plate', 'text'],
          ['plate_key', 'text'],
          ['make', 'text'],
          ['model', 'text'],
          ['year', 'smallint'],
        ],
        vehicles,
      );
      await client.query(
        `INSERT INTO vehicle_ownerships (id, vehicle_id, customer_id, started_at) SELECT gen_random_uuid(), id, customer_id, now() - interval '6 years' FROM vehicles`,
      );
    });

    // Orders are spread over five years up to today; each has a booking and a placement in its own slot:
    // lift = n % 12, one of 8 hourly slots a day, so lifts and mechanics are never double-booked.
    await timed(`repair orders (${ORDERS})`, async () => {
      await client.query(
        `CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY id) AS n, id, customer_id FROM vehicles`,
      );
      await client.query(
        `CREATE TEMP TABLE l AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM lifts`,
      );
      await client.query(
        `CREATE TEMP TABLE m AS SELECT row_number() OVER (ORDER BY full_name) - 1 AS n, id FROM staff`,
      );
      const days = Math.ceil(ORDERS / (LIFTS * 8));
      await client.query(
        `CREATE TEMP TABLE o AS
         SELECT g AS n, gen_random_uuid() AS id, v.id AS vehicle_id, v.customer_id,
                (((current_date - ${days - 1} + (g / ${LIFTS * 8})::int)::timestamp + make_interval(hours => 9 + (g / ${LIFTS}) % 8)) AT TIME ZONE '${TIMEZONE}') AS starts_at,
                g % ${LIFTS} AS lift_n
           FROM generate_series(0, ${ORDERS - 1}) g JOIN v ON v.n = 1 + (g * 7919) % ${VEHICLES}`,
      );
      await client.query(
        `INSERT INTO repair_orders (id, number, customer_id, vehicle_id, advisor_id, status, mileage_km, complaint, tax_rate_bp, prices_include_tax,
                                    labour_minor, parts_minor, gross_minor, net_minor, tax_minor, total_minor, paid_minor, status_changed_at, created_at, updated_at)
         SELECT o.id,
                'WO-' || extract(year FROM o.starts_at AT TIME ZONE '${TIMEZONE}') || '-' ||
                  lpad((row_number() OVER (PARTITION BY extract(year FROM o.starts_at AT TIME ZONE '${TIMEZONE}') ORDER BY o.n))::text, 6, '0'),
                o.customer_id, o.vehicle_id, (SELECT owner_id FROM customers c WHERE c.id = o.customer_id),
                CASE WHEN o.starts_at > now() - interval '1 day' THEN 'in_work' ELSE 'closed' END,
                10000 + o.n, 'Scheduled maintenance', 2200, true, 0, 0, 0, 0, 0, 0, 0, o.starts_at, o.starts_at, o.starts_at
           FROM o`,
      );
    });

    await timed('600 000 lines (two jobs and two parts per order)', async () => {
      await client.query(
        `INSERT INTO order_jobs (id, order_id, position, name, job_kind, norm_seconds, pricing, rate_per_hour_minor, state, state_changed_at,
                                 recommended, decision, decided_at, decided_via, gross_minor, net_minor, tax_minor, created_at, updated_at)
         SELECT gen_random_uuid(), o.id, p, CASE p WHEN 1 THEN 'Engine oil change' ELSE 'Brake inspection' END, 'service', 1800 * p, 'hourly', 250000,
                'done', o.starts_at, p = 2 AND o.n % 10 = 0, CASE WHEN p = 2 AND o.n % 10 = 0 THEN 'declined' END,
                CASE WHEN p = 2 AND o.n % 10 = 0 THEN o.starts_at END, CASE WHEN p = 2 AND o.n % 10 = 0 THEN 'phone' END,
                125000 * p, 125000 * p, round(125000 * p * 22 / 122.0), o.starts_at, o.starts_at
           FROM o CROSS JOIN generate_series(1, 2) p`,
      );
      await client.query(
        `INSERT INTO order_parts (id, order_id, position, kind, name, quantity, unit_price_minor, gross_minor, net_minor, tax_minor, created_at, updated_at)
         SELECT gen_random_uuid(), o.id, p, CASE p WHEN 1 THEN 'part' ELSE 'consumable' END, CASE p WHEN 1 THEN 'Oil filter' ELSE 'Engine oil 5W-30' END,
                CASE p WHEN 1 THEN 1 ELSE 4.2 END, CASE p WHEN 1 THEN 65000 ELSE 95000 END, CASE p WHEN 1 THEN 65000 ELSE 399000 END,
                CASE p WHEN 1 THEN 65000 ELSE 399000 END, CASE p WHEN 1 THEN 11721 ELSE 71951 END, o.starts_at, o.starts_at
           FROM o CROSS JOIN generate_series(1, 2) p`,
      );
      await client.query(
        `UPDATE repair_orders r SET labour_minor = 125000, parts_minor = 464000, gross_minor = 589000, net_minor = 589000, tax_minor = 106212,
                total_minor = 589000 + CASE WHEN o.n % 10 = 0 THEN 0 ELSE 250000 END,
                paid_minor = CASE WHEN o.n % 50 = 0 THEN 300000 ELSE 589000 + CASE WHEN o.n % 10 = 0 THEN 0 ELSE 250000 END END
           FROM o WHERE o.id = r.id`,
      );
    });

    await timed('payments, mileage, bookings and placements', async () => {
      await client.query(
        `INSERT INTO payments (id, order_id, method, amount_minor, received_at, recorded_by_name)
         SELECT gen_random_uuid(), r.id, (ARRAY['cash', 'card', 'bank_transfer'])[1 + o.n % 3], r.paid_minor, o.starts_at + interval '3 hours', 'bench'
           FROM repair_orders r JOIN o ON o.id = r.id WHERE r.paid_minor > 0`,
      );
      await client.query(
        `INSERT INTO mileage_readings (id, vehicle_id, km, read_at, source, order_id)
         SELECT gen_random_uuid(), o.vehicle_id, 10000 + o.n, o.starts_at, 'intake', o.id FROM o`,
      );
      await client.query(
        `INSERT INTO appointments (id, lift_id, order_id, customer_id, vehicle_id, during, status, created_at, updated_at)
         SELECT gen_random_uuid(), l.id, o.id, o.customer_id, o.vehicle_id, tstzrange(o.starts_at, o.starts_at + interval '1 hour', '[)'),
                CASE WHEN o.starts_at > now() THEN 'booked' ELSE 'completed' END, o.starts_at, o.starts_at
           FROM o JOIN l ON l.n = o.lift_n`,
      );
      await client.query(
        `INSERT INTO appointment_mechanics (appointment_id, staff_id, during, active)
         SELECT a.id, m.id, a.during, true FROM appointments a JOIN o ON o.id = a.order_id JOIN m ON m.n = o.lift_n`,
      );
      await client.query(
        `INSERT INTO lift_placements (id, order_id, lift_id, placed_at, removed_at, placed_by_name)
         SELECT gen_random_uuid(), o.id, l.id, o.starts_at, o.starts_at + interval '55 minutes', 'bench'
           FROM o JOIN l ON l.n = o.lift_n WHERE o.starts_at < now() - interval '1 hour'`,
      );
    });
    await timed('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  label: string;
  p50: number;
  p95: number;
  max: number;
  /** Mean number of rows found (searches: matching customers), to show the queries really find something. */
  found: number | null;
}

async function measure(
  label: string,
  samples: number,
  makeInput: () => Promise<() => Promise<unknown>>,
): Promise<Figures> {
  for (let i = 0; i < 20; i++) await (await makeInput())();
  const times: number[] = [];
  let found = 0;
  let counted = 0;
  for (let i = 0; i < samples; i++) {
    const run = await makeInput();
    const started = performance.now();
    const result = (await run()) as { total?: number } | undefined;
    times.push(performance.now() - started);
    if (typeof result?.total === 'number') {
      found += result.total;
      counted++;
    }
  }
  times.sort((a, b) => a - b);
  return {
    label,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
    found: counted ? found / counted : null,
  };
}

async function benchmark(sequelize: Sequelize): Promise<void> {
  const phones = await sequelize.query<{ digits: string }>(
    `SELECT digits FROM customer_phones ORDER BY random() LIMIT 2000`,
    { type: QueryTypes.SELECT },
  );
  const plates = await sequelize.query<{ plate: string }>(
    `SELECT plate FROM vehicles ORDER BY random() LIMIT 2000`,
    { type: QueryTypes.SELECT },
  );
  const customers = await sequelize.query<{ id: string }>(
    `SELECT id FROM customers ORDER BY random() LIMIT 2000`,
    { type: QueryTypes.SELECT },
  );
  const page = { offset: 0, limit: 20 };
  const results = [
    await measure('search by phone fragment (5–7 digits)', SAMPLES, async () => {
      const digits = pick(phones).digits;
      const len = 5 + randomInt(3);
      const start = randomInt(1, digits.length - len + 1);
      const fragment = digits.slice(start, start + len);
      return () => searchCustomers(sequelize, { phone: fragment, ...page });
    }),
    await measure('search by plate fragment (Cyrillic, 4–6 chars)', SAMPLES, async () => {
      const plate = pick(plates).plate;
      const len = 4 + randomInt(3);
      const start = randomInt(0, plate.length - len + 1);
      return () =>
        searchCustomers(sequelize, { plate: plate.slice(start, start + len).toLowerCase(), ...page });
    }),
    await measure('customer card (details, summary, 5 history sections)', SAMPLES, async () => {
      const id = pick(customers).id;
      return async () => (await customerCard(sequelize, id, page)).orders;
    }),
    await measure(`day schedule (${LIFTS} lifts, bookings and placements)`, SAMPLES, async () => {
      const daysAgo = randomInt(0, 365);
      const date = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      return async () => {
        const view = await scheduleView(sequelize, { from: date, days: 1, timezone: TIMEZONE });
        return { total: view.lifts.reduce((sum, l) => sum + l.appointments.length + l.placements.length, 0) };
      };
    }),
  ];
  console.log('');
  console.log(`| query | p50 ms | p95 ms | max ms | mean rows found | p95 < 50 ms |`);
  console.log(`|---|---:|---:|---:|---:|:---:|`);
  for (const r of results) {
    const found = r.found === null ? '' : r.found.toFixed(1);
    const row = [
      r.label,
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.max.toFixed(1),
      found,
      r.p95 < 50 ? 'yes' : 'NO',
    ];
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log('');
}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const external = process.env.PITWALL_DATABASE_URL;
  const postgres = await timed(external ? 'connect' : 'start embedded PostgreSQL', () => startTestPostgres());
  const database = `pitwall_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`));
  const url = databaseUrl(postgres.adminUrl, database);
  const sequelize = createSequelize(url, 10, logger);
  try {
    await timed('migrate', () => migrate(url, sequelize, logger));
    defineModels(sequelize);
    await fill(url);
    const counts = await sequelize.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM vehicles) AS vehicles,
              (SELECT count(*) FROM repair_orders) AS orders, (SELECT count(*) FROM order_jobs) + (SELECT count(*) FROM order_parts) AS lines,
              (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM appointments) AS appointments`,
      { type: QueryTypes.SELECT },
    );
    log('filled:', counts[0]);
    await benchmark(sequelize);
  } finally {
    await sequelize.close();
    await withAdmin(postgres.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`),
    ).catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
