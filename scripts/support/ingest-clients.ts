/**
 * The bridges of scripts/bench-ingest.ts, on a worker thread (as they are other machines): each connects
 * with its credentials and sends its badge events at QoS 1 with up to `window` unacknowledged at a time,
 * like the bridge's outbox. Posts how long it took from the first publish to the last PUBACK.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MqttClient } from 'mqtt';
import { connectBridge } from './bench-bridge.ts';

export interface IngestClientsInput {
  port: number;
  creds: Array<{ id: string; secret: string }>;
  perBridge: number;
  window: number;
}

export interface IngestClientsResult {
  seconds: number;
}

async function blast(clients: MqttClient[], perBridge: number, window: number): Promise<number> {
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

const input = (workerData as { input: IngestClientsInput }).input;
const clients = await Promise.all(input.creds.map((c) => connectBridge(input.port, c)));
const seconds = await blast(clients, input.perBridge, input.window);
await Promise.all(clients.map((c) => c.endAsync(true)));
parentPort!.postMessage({ seconds } satisfies IngestClientsResult);
