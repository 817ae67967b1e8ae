/**
 * Durable ingest throughput: N bridges publish badge events at QoS 1 through the real broker into
 * PostgreSQL (PUBACK after commit), then the same load against a bare aedes with no persistence and
 * no authentication, for the ratio. Usage: npx tsx scripts/bench-ingest.ts [bridges=50] [eventsPerBridge=2000]
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { QueryTypes } from 'sequelize';
import { registerBridge } from '../server/src/modules/iot/commands/bridges.ts';
import { inTransaction } from '../server/src/platform/transaction.ts';
import { startBenchStation } from './support/bench-station.ts';

const bridges = Number(process.argv[2] ?? 50);
const perBridge = Number(process.argv[3] ?? 2000);

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
async function blast(clients: MqttClient[], window = 200): Promise<number> {
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
  console.log(`bench-ingest: ${bridges} bridges × ${perBridge} events = ${total} QoS 1 events`);
  const bench = await startBenchStation();
  const { station } = bench;
  const creds: Array<{ id: string; secret: string }> = [];
  await inTransaction(station.deps, { type: 'system', id: null, name: 'bench' }, async (cx) => {
    for (let i = 0; i < bridges; i++)
      creds.push(await registerBridge(cx, { id: `bench-${i}`, name: `Bench ${i}` }));
  });
  const clients = await connectAll(station.mqttPort, creds);
  const seconds = await blast(clients);
  await station.ingest.settled();
  const [row] = await station.deps.sequelize.query<{ n: string }>(
    'SELECT count(*) AS n FROM shopfloor_events',
    { type: QueryTypes.SELECT },
  );
  const stored = Number(row!.n);
  const durableRate = total / seconds;
  console.log(
    `durable (PostgreSQL, PUBACK after commit): ${durableRate.toFixed(0)} events/s (${seconds.toFixed(2)} s), stored ${stored}/${total}, batches ${station.ingest.stats.batches} (avg ${(stored / station.ingest.stats.batches).toFixed(0)} events per commit, ${(station.ingest.stats.flushMs / station.ingest.stats.batches).toFixed(0)} ms per commit)`,
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
