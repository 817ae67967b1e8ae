/**
 * Durable ingest throughput: N bridges publish badge events at QoS 1 through the real broker into
 * PostgreSQL (PUBACK after commit), then the same load against a bare aedes with no persistence and
 * no authentication, for the ratio. PostgreSQL is the embedded one with its durable settings (fsync
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
import mqtt, { type MqttClient } from 'mqtt';
import { QueryTypes } from 'sequelize';
import { registerBridge } from '../server/src/modules/iot/commands/bridges.ts';
import { inTransaction } from '../server/src/platform/transaction.ts';
import { startBenchStation } from './support/bench-station.ts';

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

async function connectAll(port: number, creds: Array<{ id: string; secret: string }>): Promise<MqttClient[]> {
  return Promise.all(
    creds.map(
      (c) =>
        new Promise<MqttClient>((resolve, reject) => {
          const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
            clientId: c.id,
            username: c.id,
            password: c.secret,
            clean: false,
            keepalive: 10,
            reconnectPeriod: 0,
          });
          client.once('connect', () => resolve(client));
          client.once('error', reject);
        }),
    ),
  );
}

/** Every bridge sends its events with up to `window` unacknowledged at a time, like the bridge's outbox. */
async function blast(clients: MqttClient[], window = windowSize): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client, b) => {
      const id = client.options.clientId!;
      let next = 1;
      const sendOne = (): Promise<void> =>
        new Promise((resolve, reject) => {
          const eventId = next++;
          const now = new Date().toISOString();
          const payload = JSON.stringify({
            eventId,
            readerId: 'r1',
            uid: `04A1B2C3${String(b).padStart(2, '0')}${String(eventId % 100).padStart(2, '0')}`,
            at: now,
            sentAt: now,
          });
          client.publish(`pitwall/v1/bridges/${id}/events/badge`, payload, { qos: 1 }, (err) =>
            err ? reject(err) : resolve(),
          );
        });
      const lanes = Array.from({ length: window }, async () => {
        while (next <= perBridge) await sendOne();
      });
      await Promise.all(lanes);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
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
  const clients = await connectAll(station.mqttPort, creds);
  const seconds = await blast(clients);
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
  for (const c of clients) c.end(true);
  await bench.stop();

  const bare = await Aedes.createBroker();
  const server = net.createServer((s) => bare.handle(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const bareClients = await connectAll(port, creds);
  const bareSeconds = await blast(bareClients);
  const bareRate = total / bareSeconds;
  console.log(
    `bare aedes (in memory, no auth):          ${bareRate.toFixed(0)} events/s (${bareSeconds.toFixed(2)} s)`,
  );
  console.log(`ratio durable / bare: ${(durableRate / bareRate).toFixed(2)}`);
  for (const c of bareClients) c.end(true);
  await new Promise<void>((r) => bare.close(() => r()));
  server.close();
  if (stored !== total) {
    console.error(`LOST EVENTS: ${total - stored}`);
    process.exit(1);
  }
}

await main();
