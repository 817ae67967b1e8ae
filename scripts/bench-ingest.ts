/**
 * Durable ingest throughput: N bridges publish badge events at QoS 1 through the real broker into
 * PostgreSQL (PUBACK after commit), then the same load against a bare aedes with no persistence and
 * no authentication, for the ratio. The bridges run on a worker thread (support/ingest-clients.ts) in
 * both runs: they are other machines, and the station's event loop is its own. PostgreSQL is the embedded one with its durable settings (fsync
 * and synchronous_commit on), or PITWALL_DATABASE_URL's server; the settings in force are printed.
 *
 * Usage: npx tsx scripts/bench-ingest.ts [bridges=50] [eventsPerBridge=2000] [--window=200]
 *        [--listeners=off]
 *   --window     unacknowledged events per bridge at a time (the bridge's outbox sends like this)
 *   --listeners=off  diagnostic: detaches the after-commit listeners (labour log, tap feedback) to
 *                show what the ingest alone does; the real figure is the default (listeners on)
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import { QueryTypes } from 'sequelize';
import { registerBridge } from '../server/src/modules/iot/commands/bridges.ts';
import { inTransaction } from '../server/src/platform/transaction.ts';
import { startBenchStation } from './support/bench-station.ts';
import type { IngestClientsInput, IngestClientsResult } from './support/ingest-clients.ts';
import { resultOf, startTsWorker } from './support/ts-worker.ts';

const flags = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [k, v] = a.slice(2).split('=');
      return [k!, v ?? 'on'] as const;
    }),
);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const bridges = Number(positional[0] ?? 50);
const perBridge = Number(positional[1] ?? 2000);
const windowSize = Number(flags.get('window') ?? 200);
const listenersOn = flags.get('listeners') !== 'off';

/** The bridges' run on a worker thread against the broker on `port`: seconds from first publish to last PUBACK. */
async function runBridges(port: number, creds: Array<{ id: string; secret: string }>): Promise<number> {
  const input: IngestClientsInput = { port, creds, perBridge, window: windowSize };
  const { seconds } = await resultOf<IngestClientsResult>(
    startTsWorker(new URL('./support/ingest-clients.ts', import.meta.url), input),
  );
  return seconds;
}

async function main() {
  const total = bridges * perBridge;
  console.log(
    `bench-ingest: ${bridges} bridges × ${perBridge} events = ${total} QoS 1 badge events, window ${windowSize} per bridge, listeners ${listenersOn ? 'on' : 'OFF (diagnostic)'}`,
  );
  const bench = await startBenchStation();
  const { station } = bench;
  const settings = await station.deps.sequelize.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',
                     'commit_delay', 'shared_buffers', 'max_wal_size', 'wal_buffers', 'checkpoint_timeout')
      ORDER BY name`,
    { type: QueryTypes.SELECT },
  );
  console.log(
    `PostgreSQL: ${settings.map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== 's' ? `×${r.unit}` : (r.unit ?? '')}`).join(', ')}`,
  );
  const bySetting = new Map(settings.map((r) => [r.name, r.setting]));
  if (bySetting.get('fsync') !== 'on' || bySetting.get('synchronous_commit') !== 'on')
    console.warn(
      'WARNING: PostgreSQL is not durable (fsync / synchronous_commit off): the figure means little',
    );
  if (!listenersOn) (station.ingest as unknown as { listeners: unknown[] }).listeners.length = 0;
  const creds: Array<{ id: string; secret: string }> = [];
  await inTransaction(station.deps, { type: 'system', id: null, name: 'bench' }, async (cx) => {
    for (let i = 0; i < bridges; i++)
      creds.push(await registerBridge(cx, { id: `bench-${i}`, name: `Bench ${i}` }));
  });
  const seconds = await runBridges(station.mqttPort, creds);
  const settleStarted = performance.now();
  await station.ingest.settled();
  const settleSeconds = (performance.now() - settleStarted) / 1000;
  const [row] = await station.deps.sequelize.query<{ n: string }>(
    'SELECT count(*) AS n FROM shopfloor_events',
    { type: QueryTypes.SELECT },
  );
  const stored = Number(row!.n);
  const durableRate = total / seconds;
  const st = station.ingest.stats;
  console.log(
    `durable (PostgreSQL, PUBACK after commit): ${durableRate.toFixed(0)} events/s (${seconds.toFixed(2)} s), stored ${stored}/${total}`,
  );
  console.log(
    `  group commits: ${st.batches}, events per commit min ${st.smallestBatch} / avg ${(stored / st.batches).toFixed(0)} / max ${st.largestBatch}, ${(st.flushMs / st.batches).toFixed(0)} ms per commit`,
  );
  console.log(
    `  listeners: ${st.listenerCalls} calls (avg ${(stored / Math.max(1, st.listenerCalls)).toFixed(0)} events), ${(st.listenerMs / 1000).toFixed(2)} s in total, still busy ${settleSeconds.toFixed(2)} s after the last PUBACK`,
  );
  await bench.stop();

  const bare = await Aedes.createBroker();
  const server = net.createServer((s) => bare.handle(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const bareSeconds = await runBridges(port, creds);
  const bareRate = total / bareSeconds;
  console.log(
    `bare aedes (in memory, no auth):          ${bareRate.toFixed(0)} events/s (${bareSeconds.toFixed(2)} s)`,
  );
  console.log(`ratio durable / bare: ${(durableRate / bareRate).toFixed(2)}`);
  await new Promise<void>((r) => bare.close(() => r()));
  server.close();
  if (stored !== total) {
    console.error(`LOST EVENTS: ${total - stored}`);
    process.exit(1);
  }
}

await main();
