/**
 * The CRM's desk queries on a large station.
 *
 *   npx tsx scripts/bench-crm.ts [--customers 30000] [--deals 100000] [--samples 300]
 *
 * Uses a fresh database on the server named by PITWALL_DATABASE_URL (created and dropped here), or a
 * throw-away embedded PostgreSQL with its durable defaults (fsync on). Fills 30 000 customers with
 * phones and cars and 100 000 deals (about 12 % open across the six open stages, the rest won or
 * lost, with owners, channels and open tasks), then measures p50/p95 of the functions the API routes
 * call: the kanban of the default pipeline (all deals; one owner's; one make), the open-deals list,
 * a person's agenda, and a customer search by a phone fragment and by a part of a name.
 * Target: p95 < 50 ms each.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { defineModels } from '../server/src/models.ts';
import { poolOf } from '../server/src/modules/crm/db.ts';
import { kanban, listDeals } from '../server/src/modules/crm/queries/deals.ts';
import { agenda } from '../server/src/modules/crm/queries/lists.ts';
import { searchCustomers } from '../server/src/modules/workshop/index.ts';
import { nameKey } from '../server/src/modules/workshop/rules/search-key.ts';
import { createSequelize } from '../server/src/platform/db/sequelize.ts';
import { migrate } from '../server/src/platform/db/migrator.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { databaseUrl, startTestPostgres, withAdmin } from '../tests/support/postgres.ts';
import { percentile } from './support/bench-station.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CUSTOMERS = arg('customers', 30_000);
const DEALS = arg('deals', 100_000);
const SAMPLES = arg('samples', 300);
const TIMEZONE = 'Europe/Moscow';
const OWNERS = 8;

const FIRST = [
  'Иван',
  'Сергей',
  'Алексей',
  'Дмитрий',
  'Ольга',
  'Анна',
  'Елена',
  'Мария',
  'Павел',
  'John',
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
  'Волков',
  'Smith',
  'Brown',
];
const MAKES = ['Lada', 'Kia', 'Hyundai', 'Volkswagen', 'Skoda', 'Toyota', 'Renault', 'BMW'];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;
const log = (...parts: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...parts);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function insertColumns(
  client: pg.Client,
  table: string,
  columns: Array<[string, string]>,
  rows: unknown[][],
) {
  const batch = 5_000;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params = columns.map((_, c) => slice.map((r) => r[c]));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO ${table} (${list}) SELECT * FROM unnest(${unnest})`, params);
  }
}

async function fill(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit = off`);
    const owners = Array.from({ length: OWNERS }, () => randomUUID());
    await client.query(
      `INSERT INTO users (id, login, display_name, role, password_hash) SELECT id, 'manager' || n, 'Manager ' || n, 'manager', 'x'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
      [owners],
    );
    const channels = Array.from({ length: 6 }, () => randomUUID());
    await client.query(
      `INSERT INTO ad_channels (id, name, kind) SELECT id, 'Channel ' || n, 'online' FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
      [channels],
    );
    const customers: string[] = [];
    const vehicles: string[] = [];
    await timed(`customers (${CUSTOMERS}), phones and cars`, async () => {
      const rows: unknown[][] = [];
      const phones: unknown[][] = [];
      const cars: unknown[][] = [];
      for (let i = 0; i < CUSTOMERS; i++) {
        const id = randomUUID();
        customers.push(id);
        const name = `${pick(LAST)} ${pick(FIRST)} ${i}`;
        rows.push([id, 'individual', name, nameKey(name), owners[i % OWNERS]]);
        phones.push([randomUUID(), id, `+79${String(i).padStart(9, '0').slice(-9)}`, true]);
        const vehicleId = randomUUID();
        vehicles.push(vehicleId);
        cars.push([vehicleId, id, pick(MAKES), 'Model']);
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
        rows,
      );
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
      await insertColumns(
        client,
        'vehicles',
        [
          ['id', 'uuid'],
          ['customer_id', 'uuid'],
          ['make', 'text'],
          ['model', 'text'],
        ],
        cars,
      );
    });
    const { rows: stages } = await client.query<{
      id: string;
      code: string;
      kind: string;
      pipeline_id: string;
    }>(
      `SELECT s.id, s.code, s.kind, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.is_default ORDER BY s.position`,
    );
    const open = stages.filter((s) => s.kind === 'open');
    const won = stages.find((s) => s.kind === 'won')!;
    const lost = stages.find((s) => s.kind === 'lost')!;
    const { rows: reasons } = await client.query<{ id: string }>(`SELECT id FROM lost_reasons`);
    await timed(`deals (${DEALS}) with history and open tasks`, async () => {
      const deals: unknown[][] = [];
      const history: unknown[][] = [];
      const tasks: unknown[][] = [];
      const now = Date.now();
      for (let i = 0; i < DEALS; i++) {
        const r = Math.random();
        const stage = r < 0.12 ? pick(open) : r < 0.72 ? won : lost;
        const c = randomInt(CUSTOMERS);
        const created = new Date(now - randomInt(0, 5 * 365) * 86_400_000 - randomInt(0, 86_400_000));
        const entered = new Date(Math.min(now, created.getTime() + randomInt(0, 20) * 86_400_000));
        const id = randomUUID();
        deals.push([
          id,
          `D-${String(i + 1).padStart(6, '0')}`,
          `Deal ${i}`,
          stage.pipeline_id,
          stage.id,
          stage.kind,
          customers[c],
          vehicles[c],
          owners[randomInt(OWNERS)],
          Math.random() < 0.8 ? pick(channels) : null,
          randomInt(0, 200) * 10_000,
          stage.kind === 'lost' ? pick(reasons).id : null,
          entered,
          stage.kind === 'open' ? null : entered,
          created,
          entered,
        ]);
        history.push([randomUUID(), id, stage.id, created, 'created', 'system']);
        if (stage.kind === 'open' && Math.random() < 0.6)
          tasks.push([
            randomUUID(),
            'Call back',
            id,
            customers[c],
            owners[randomInt(OWNERS)],
            new Date(now + randomInt(-3, 3) * 86_400_000),
            created,
            created,
          ]);
      }
      await insertColumns(
        client,
        'deals',
        [
          ['id', 'uuid'],
          ['number', 'text'],
          ['title', 'text'],
          ['pipeline_id', 'uuid'],
          ['stage_id', 'uuid'],
          ['status', 'text'],
          ['customer_id', 'uuid'],
          ['vehicle_id', 'uuid'],
          ['owner_id', 'uuid'],
          ['channel_id', 'uuid'],
          ['expected_minor', 'bigint'],
          ['lost_reason_id', 'uuid'],
          ['stage_entered_at', 'timestamptz'],
          ['closed_at', 'timestamptz'],
          ['created_at', 'timestamptz'],
          ['updated_at', 'timestamptz'],
        ],
        deals,
      );
      await insertColumns(
        client,
        'deal_stage_history',
        [
          ['id', 'uuid'],
          ['deal_id', 'uuid'],
          ['to_stage_id', 'uuid'],
          ['at', 'timestamptz'],
          ['cause', 'text'],
          ['actor_type', 'text'],
        ],
        history,
      );
      await insertColumns(
        client,
        'crm_tasks',
        [
          ['id', 'uuid'],
          ['title', 'text'],
          ['deal_id', 'uuid'],
          ['customer_id', 'uuid'],
          ['assignee_id', 'uuid'],
          ['due_at', 'timestamptz'],
          ['created_at', 'timestamptz'],
          ['updated_at', 'timestamptz'],
        ],
        tasks,
      );
    });
    // What autovacuum does soon after a bulk load: statistics and the visibility map (index-only scans).
    await timed('vacuum analyze', () => client.query('VACUUM ANALYZE'));
    return owners;
  } finally {
    await client.end();
  }
}

interface Figures {
  label: string;
  p50: number;
  p95: number;
  max: number;
}

async function measure(
  label: string,
  samples: number,
  makeRun: () => () => Promise<unknown>,
): Promise<Figures> {
  for (let i = 0; i < 20; i++) await makeRun()();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const run = makeRun();
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1]! };
}

async function benchmark(sequelize: Sequelize, owners: string[]): Promise<void> {
  const pool = poolOf(sequelize);
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const phones = await sequelize.query<{ digits: string }>(
    `SELECT digits FROM customer_phones ORDER BY random() LIMIT 2000`,
    {
      type: QueryTypes.SELECT,
    },
  );
  const names = await sequelize.query<{ name: string }>(
    `SELECT name FROM customers ORDER BY random() LIMIT 2000`,
    { type: QueryTypes.SELECT },
  );
  const page = { offset: 0, limit: 20 };
  const results = [
    await measure(
      'kanban, default pipeline, all deals (30 cards a stage)',
      SAMPLES,
      () => () => kanban(pool, { perStage: 30 }, null, now),
    ),
    await measure('kanban, one owner (scope "own")', SAMPLES, () => {
      const owner = pick(owners);
      return () => kanban(pool, { perStage: 30 }, owner, now);
    }),
    await measure('kanban filtered by make', SAMPLES, () => {
      const make = pick(MAKES);
      return () => kanban(pool, { perStage: 30, make }, null, now);
    }),
    await measure(
      'open deals list, oldest in stage first',
      SAMPLES,
      () => () => listDeals(pool, { status: 'open', sort: 'stage_age', offset: 0, limit: 50 }, null, now),
    ),
    await measure('agenda of a person (today + overdue)', SAMPLES, () => {
      const owner = pick(owners);
      return () => agenda(pool, owner, today, TIMEZONE, now);
    }),
    await measure('customer search by phone fragment (5–7 digits)', SAMPLES, () => {
      const digits = pick(phones).digits;
      const len = 5 + randomInt(3);
      const start = randomInt(1, digits.length - len + 1);
      return () => searchCustomers(sequelize, { phone: digits.slice(start, start + len), ...page });
    }),
    await measure('customer search by part of a name', SAMPLES, () => {
      const name = pick(names).name.split(' ')[0]!.slice(0, 5);
      return () => searchCustomers(sequelize, { name, ...page });
    }),
  ];
  console.log('');
  console.log(`| query (${CUSTOMERS} customers, ${DEALS} deals) | p50 ms | p95 ms | max ms | p95 < 50 ms |`);
  console.log(`|---|---:|---:|---:|:---:|`);
  for (const r of results)
    console.log(
      `| ${[r.label, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.p95 < 50 ? 'yes' : 'NO'].join(' | ')} |`,
    );
  console.log('');
}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const external = process.env.PITWALL_DATABASE_URL;
  const postgres = await timed(external ? 'connect' : 'start embedded PostgreSQL (durable)', () =>
    startTestPostgres({ durable: true }),
  );
  const database = `pitwall_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`));
  const url = databaseUrl(postgres.adminUrl, database);
  const sequelize = createSequelize(url, 10, logger);
  try {
    await timed('migrate', () => migrate(url, sequelize, logger));
    defineModels(sequelize);
    const owners = await fill(url);
    const counts = await sequelize.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM deals) AS deals,
              (SELECT count(*) FROM deals WHERE status = 'open') AS open_deals, (SELECT count(*) FROM crm_tasks) AS tasks`,
      { type: QueryTypes.SELECT },
    );
    log('filled:', counts[0]);
    await benchmark(sequelize, owners);
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
  process.exitCode = 1;
});
