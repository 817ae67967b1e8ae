/**
 * Warehouse benchmark: 50 000 parts, 200 000 cross-references and 2 million ledger rows, then the
 * p50/p95 of a number search (typed with separators, prefixes, analogues) and of a part's stock —
 * measured at the query (the module's own functions on the pool) and end to end over HTTP.
 * Then a 50 000-row catalogue CSV through the import (upload, check, write).
 *
 * Usage: npx tsx scripts/bench-warehouse.ts [--iterations=1000] [--no-import]
 * Uses PITWALL_DATABASE_URL's server when set (a scratch database is created next to it), else an
 * embedded PostgreSQL in a temp directory on a free port.
 */
import { parseArgs } from 'node:util';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createUser } from '../server/src/modules/identity/index.ts';
import { partStock, searchParts } from '../server/src/modules/warehouse/index.ts';
import { poolOf } from '../server/src/modules/warehouse/db.ts';
import { inTransaction } from '../server/src/platform/transaction.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { percentile, startBenchStation } from './support/bench-station.ts';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000' },
    'no-import': { type: 'boolean', default: false },
  },
});
const ITERATIONS = Number(args.iterations);
const PARTS = 50_000;
const CROSS_REFERENCES = 200_000;
const MOVEMENTS_PER_PART = 40; // × 50 000 = 2 000 000 ledger rows

const norm = (column: string) => `upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g'))`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function seed(sequelize: Sequelize): Promise<void> {
  const q = (sql: string) => sequelize.query(sql);
  console.log('seeding');
  await q(`SELECT setseed(0.42)`);
  await q(`INSERT INTO stock_locations (id, code, name, kind, is_default) VALUES
             ('00000000-0000-4000-8000-00000000000a', 'MAIN', 'Main store', 'warehouse', true),
             ('00000000-0000-4000-8000-00000000000b', 'VAN', 'Service van', 'van', false)`);
  await timed(`${PARTS} parts`, () =>
    q(`INSERT INTO parts (id, sku, sku_norm, name, brand, unit, sale_price, cost, active, created_at, updated_at)
       SELECT gen_random_uuid(), 'BN-' || lpad(i::text, 6, '0'), 'BN' || lpad(i::text, 6, '0'),
              (ARRAY['Oil filter','Air filter','Cabin filter','Fuel filter','Brake pads front','Brake pads rear','Brake disc',
                     'Spark plug','Ignition coil','Timing belt kit','Water pump','Wiper blade','Shock absorber','Wheel bearing',
                     'Engine oil 5W-30'])[1 + i % 15]
                || ' ' || (ARRAY['Polo','Octavia','Rio','Solaris','Vesta','Granta','Camry','Focus','Logan','Duster'])[1 + (i / 15) % 10]
                || ' #' || i,
              (ARRAY['MANN-FILTER','MAHLE','BOSCH','NGK','TRW','ATE','FEBI','SKF','GATES','LEMFORDER','VALEO','DENSO'])[1 + i % 12],
              'pcs', (1000 + i % 5000) * 100, (600 + i % 3000) * 100, true, now(), now()
         FROM generate_series(1, ${PARTS}) i`),
  );
  await timed('part numbers (SKU, article, OEM)', async () => {
    await q(`CREATE TEMP TABLE bench_numbers AS
             SELECT id AS part_id, substr(sku, 4)::int AS i, brand,
                    upper(substr(brand, 1, 2)) || ' ' || lpad(((substr(sku, 4)::bigint * 7919) % 999983)::text, 6, '0') || '/' || (substr(sku, 4)::int % 97) AS article,
                    (substr(sku, 4)::int % 9)::text || upper(lpad(to_hex((substr(sku, 4)::bigint * 2654435761) % 4294967296), 8, '0')) AS oem
               FROM parts`);
    await q(`INSERT INTO part_numbers (id, part_id, kind, brand, number, number_norm)
             SELECT gen_random_uuid(), id, 'sku', NULL, sku, sku_norm FROM parts
             UNION ALL SELECT gen_random_uuid(), part_id, 'article', brand, article, ${norm('article')} FROM bench_numbers
             UNION ALL SELECT gen_random_uuid(), part_id, 'oem', 'VAG', oem, ${norm('oem')} FROM bench_numbers`);
  });
  await timed(`${CROSS_REFERENCES} cross-references`, () =>
    // Three foreign analogues per part, and one link from each part's article to another part's OEM number.
    q(`INSERT INTO cross_references (id, brand_a, number_a, norm_a, brand_b, number_b, norm_b, source, created_at)
       SELECT gen_random_uuid(), NULL, CASE WHEN x < y THEN xn ELSE yn END, LEAST(x, y), NULL, CASE WHEN x < y THEN yn ELSE xn END, GREATEST(x, y), 'bench', now()
         FROM (
           SELECT n.article AS xn, ${norm('n.article')} COLLATE "C" AS x,
                  'X' || k || '-' || lpad(((n.i::bigint * 104729 + k * 7) % 99999989)::text, 8, '0') AS yn,
                  ${norm(`'X' || k || '-' || lpad(((n.i::bigint * 104729 + k * 7) % 99999989)::text, 8, '0')`)} COLLATE "C" AS y
             FROM bench_numbers n CROSS JOIN generate_series(1, 3) k
           UNION ALL
           SELECT a.article, ${norm('a.article')} COLLATE "C", b.oem, ${norm('b.oem')} COLLATE "C"
             FROM bench_numbers a JOIN bench_numbers b ON b.i = (a.i % ${PARTS}) + 1
         ) pairs
        WHERE x <> y
       ON CONFLICT DO NOTHING`),
  );
  // Bulk load as a restore would: the ledger's secondary indexes are dropped and rebuilt from their own
  // definitions afterwards, so the end state is exactly the migrated schema.
  const indexes = await sequelize.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.tablename = 'stock_movements'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    { type: QueryTypes.SELECT },
  );
  for (const index of indexes) await q(`DROP INDEX ${index.indexname}`);
  await timed(`${(PARTS * MOVEMENTS_PER_PART).toLocaleString('en')} ledger rows`, () =>
    // Per part: 36 rows at the main store (+3 in, −1 out, alternating) and 4 on the van; never below zero.
    q(`INSERT INTO stock_movements (id, at, part_id, location_id, kind, quantity, unit_cost, reason, actor_type, actor_name)
       SELECT gen_random_uuid(), now() - ((${PARTS * MOVEMENTS_PER_PART} - (n.i * ${MOVEMENTS_PER_PART} + j)) * interval '15 seconds'),
              n.part_id,
              CASE WHEN j < 36 THEN '00000000-0000-4000-8000-00000000000a'::uuid ELSE '00000000-0000-4000-8000-00000000000b'::uuid END,
              CASE WHEN j % 2 = 0 THEN 'receipt' ELSE 'adjustment' END,
              CASE WHEN j % 2 = 0 THEN 3 ELSE -1 END,
              60000, CASE WHEN j % 2 = 1 THEN 'bench' END, 'system', 'bench'
         FROM bench_numbers n CROSS JOIN generate_series(0, ${MOVEMENTS_PER_PART - 1}) j`),
  );
  await timed(`rebuild ${indexes.length} ledger indexes`, async () => {
    for (const index of indexes) await q(index.indexdef);
  });
  await timed('stock levels from the ledger', () =>
    q(`INSERT INTO stock_levels (part_id, location_id, on_hand, reserved, last_movement_at)
       SELECT part_id, location_id, sum(quantity), 0, max(at) FROM stock_movements GROUP BY part_id, location_id`),
  );
  await timed('VACUUM ANALYZE', () => q(`VACUUM ANALYZE`));
  const [counts] = await sequelize.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM parts) AS parts, (SELECT count(*) FROM part_numbers) AS numbers,
            (SELECT count(*) FROM cross_references) AS cross_references, (SELECT count(*) FROM stock_movements) AS movements`,
    { type: QueryTypes.SELECT },
  );
  console.log('  rows:', counts);
}

/** Numbers as a person would type them: lower case, with spaces, dashes, dots or slashes. */
function typed(number: string, i: number): string {
  const seps = [' ', '-', '.', '/', ''];
  const chars = number.replace(/[^A-Za-z0-9]/g, '').split('');
  const out = chars
    .map((c, k) => (k > 0 && (k + i) % 3 === 0 ? seps[(i + k) % seps.length] : '') + c)
    .join('');
  return i % 2 ? out.toLowerCase() : out;
}

async function samples(sequelize: Sequelize) {
  const numbers = await sequelize.query<{ number: string; kind: string }>(
    `SELECT number, kind FROM part_numbers TABLESAMPLE SYSTEM (5) REPEATABLE (7) LIMIT 3000`,
    { type: QueryTypes.SELECT },
  );
  const foreign = await sequelize.query<{ number: string }>(
    `SELECT number_b AS number FROM cross_references TABLESAMPLE SYSTEM (2) REPEATABLE (7) WHERE number_b LIKE 'X%' LIMIT 1000`,
    { type: QueryTypes.SELECT },
  );
  const partIds = await sequelize.query<{ id: string }>(
    `SELECT id FROM parts TABLESAMPLE SYSTEM (10) REPEATABLE (7) LIMIT 3000`,
    {
      type: QueryTypes.SELECT,
    },
  );
  const queries: Array<{ q: string; what: string }> = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const pick = i % 10;
    if (pick < 5) queries.push({ q: typed(numbers[i % numbers.length]!.number, i), what: 'exact number' });
    else if (pick < 7)
      queries.push({ q: typed(numbers[i % numbers.length]!.number, i).slice(0, 5), what: 'prefix' });
    else if (pick < 9) queries.push({ q: typed(foreign[i % foreign.length]!.number, i), what: 'analogue' });
    else queries.push({ q: `ZZ${i}QQ`, what: 'miss' });
  }
  return { queries, partIds: partIds.map((p) => p.id) };
}

function report(label: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2).padStart(7);
  console.log(
    `  ${label.padEnd(34)} n=${String(sorted.length).padEnd(5)} p50 ${f(percentile(sorted, 50))} ms   p95 ${f(percentile(sorted, 95))} ms   p99 ${f(percentile(sorted, 99))} ms   max ${f(sorted[sorted.length - 1]!)} ms`,
  );
}

async function measure<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<number[]> {
  for (const item of items.slice(0, Math.min(100, items.length))) await work(item); // warm-up
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await work(item);
    times.push(performance.now() - started);
  }
  return times;
}

async function benchImport(client: ApiClient, rows: number): Promise<void> {
  const lines = ['SKU;Name;Brand;Number;OEM;Analogues;Unit;Price;Cost'];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `IMP-${i};Import part ${i};BRAND${i % 20};A-${i}/${i % 7};VAG:${900000 + i}X;OTHER:Y-${i}|Z ${i};pcs;${(i % 900) + 100},50;${(i % 500) + 50}`,
    );
  }
  const csv = lines.join('\n');
  console.log(`import: ${rows} catalogue rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB CSV`);
  const started = performance.now();
  const up = await fetch(`${client.baseUrl}/api/warehouse/imports?kind=catalogue&fileName=bench.csv`, {
    method: 'POST',
    headers: { cookie: client.cookieHeader(), 'content-type': 'text/csv' },
    body: csv,
  });
  const preview = (await up.json()) as { job: { id: string }; suggestedMapping: Record<string, string> };
  const uploaded = performance.now();
  await client.post(`/api/warehouse/imports/${preview.job.id}/start`, { mapping: preview.suggestedMapping });
  let job: { status: string; percent: number; summary: unknown; message: string | null } = {
    status: '',
    percent: 0,
    summary: null,
    message: null,
  };
  const seen = new Set<number>();
  while (!['completed', 'rejected', 'failed'].includes(job.status)) {
    await new Promise((r) => setTimeout(r, 200));
    job = (await client.get(`/api/warehouse/imports/${preview.job.id}`)).body;
    seen.add(job.percent);
  }
  const total = (performance.now() - started) / 1000;
  console.log(`  upload + preview                             ${((uploaded - started) / 1000).toFixed(1)} s`);
  console.log(
    `  check + write (one transaction), ${job.status.padEnd(12)} ${(total - (uploaded - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `  total ${total.toFixed(1)} s = ${Math.round(rows / total)} rows/s; progress seen: ${[...seen].sort((a, b) => a - b).join(', ')} %`,
  );
  console.log('  summary:', job.summary ?? job.message);
}

async function main(): Promise<void> {
  const bench = await startBenchStation();
  try {
    const { sequelize } = bench.station.deps;
    await seed(sequelize);
    const pool = poolOf(sequelize);
    const { queries, partIds } = await samples(sequelize);
    await inTransaction(bench.station.deps, { type: 'system', id: null, name: 'bench' }, (cx) =>
      createUser(cx, {
        login: 'bench-keeper',
        displayName: 'Bench keeper',
        role: 'storekeeper',
        password: 'bench-password-1',
      }),
    );
    const client = new ApiClient(`http://127.0.0.1:${bench.station.httpPort}`);
    const login = await client.post('/api/auth/login', {
      login: 'bench-keeper',
      password: 'bench-password-1',
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);

    console.log(`query (module function on the pool), ${ITERATIONS} each`);
    let hits = 0;
    const all = await measure(queries, async ({ q }) => {
      if ((await searchParts(pool, { q, by: 'number', limit: 30 })).length) hits++;
    });
    report('number search (all kinds)', all);
    for (const what of ['exact number', 'prefix', 'analogue', 'miss']) {
      report(
        `  ${what}`,
        all.filter((_, i) => queries[i]!.what === what),
      );
    }
    report('stock of a part', await measure(partIds.slice(0, ITERATIONS), (id) => partStock(pool, id)));
    console.log(
      `  (${hits} of ${queries.length + Math.min(100, queries.length)} searches, warm-up included, found a part)`,
    );

    console.log(`HTTP end to end (signed-in storekeeper), ${ITERATIONS} each`);
    report(
      'GET /api/warehouse/parts?q=',
      await measure(queries, ({ q }) =>
        client.get(`/api/warehouse/parts?q=${encodeURIComponent(q)}&by=number`),
      ),
    );
    report(
      'GET /api/warehouse/parts?q= (any)',
      await measure(queries, ({ q }) => client.get(`/api/warehouse/parts?q=${encodeURIComponent(q)}`)),
    );
    report(
      'GET /api/warehouse/parts/:id/stock',
      await measure(partIds.slice(0, ITERATIONS), (id) => client.get(`/api/warehouse/parts/${id}/stock`)),
    );
    report(
      'GET /api/warehouse/parts/:id (card)',
      await measure(partIds.slice(0, Math.min(300, ITERATIONS)), (id) =>
        client.get(`/api/warehouse/parts/${id}`),
      ),
    );

    if (!args['no-import']) await benchImport(client, 50_000);
  } finally {
    await bench.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
