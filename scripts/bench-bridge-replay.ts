/**
 * Bridge outbox benchmark: `npx tsx scripts/bench-bridge-replay.ts [events=10000]`.
 *
 * 1. Append throughput of the disk outbox (fsync per write, group commit) and the latency of one
 *    lone append (one fsync).
 * 2. Replay: a bridge whose station was unreachable holds N events on disk; the broker (a bare aedes
 *    on loopback that acknowledges at once) comes back; time until the last PUBACK, for several
 *    in-flight windows.
 * 3. Restart cost: opening an outbox that holds N unacknowledged events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { resolveConfig } from '../firmware-bridge/src/config/load-config.ts';
import { BridgeController } from '../firmware-bridge/src/controller/controller.ts';
import { createBridgeLogger } from '../firmware-bridge/src/logger.ts';
import { DiskOutbox } from '../firmware-bridge/src/outbox/disk-outbox.ts';
import type { EventDraft } from '../firmware-bridge/src/outbox/journal-records.ts';

const N = Number(process.argv[2] ?? 10_000);
const logger = createBridgeLogger('silent');
const draft = (n: number): EventDraft => ({
  kind: 'badge',
  readerId: 'r1',
  uid: `04${n.toString(16).toUpperCase().padStart(12, '0')}`,
  at: new Date().toISOString(),
});
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function startBroker(port: number): Promise<{ port: number; stop(): Promise<void> }> {
  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) =>
      done(null, username === client.id && password?.toString() === 'secret'),
  });
  const server = net.createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function appendBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-outbox-'));
  const outbox = await DiskOutbox.open({ dir, maxEvents: 1_000_000, maxBytes: 1024 ** 3, logger });
  let t0 = process.hrtime.bigint();
  const lone = 200;
  for (let n = 0; n < lone; n += 1) await outbox.append(draft(n));
  const loneMs = ms(t0) / lone;
  t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: N }, (_, n) => outbox.append(draft(n))));
  const burstMs = ms(t0);
  const tOpen = process.hrtime.bigint();
  await outbox.close();
  const reopened = await DiskOutbox.open({ dir, maxEvents: 1_000_000, maxBytes: 1024 ** 3, logger });
  const openMs = ms(tOpen);
  console.log(`append, one at a time (each waits for its fsync): ${loneMs.toFixed(2)} ms per event`);
  console.log(
    `append, burst of ${N} (group commit):            ${burstMs.toFixed(0)} ms = ${Math.round(N / (burstMs / 1000))} events/s`,
  );
  console.log(`open an outbox holding ${reopened.pendingCount} events:             ${openMs.toFixed(0)} ms`);
  await reopened.close();
  await rm(dir, { recursive: true, force: true });
}

async function replayBench(maxInFlight: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-replay-'));
  // A free port for the broker that is not running yet.
  const probe = await startBroker(0);
  const port = probe.port;
  await probe.stop();
  const config = resolveConfig({
    env: {},
    file: {
      path: 'bench',
      content: {
        bridgeId: 'bench',
        secret: 'secret',
        serverUrl: `mqtt://127.0.0.1:${port}`,
        dataDir: dir,
        logLevel: 'silent',
        readers: [{ id: 'r1', driver: 'simulated' }],
        reconnectMs: 100,
        maxInFlight,
      },
    },
  });
  const controller = new BridgeController({ config, logger });
  await controller.start();
  await Promise.all(Array.from({ length: N }, (_, n) => controller.outbox.append(draft(n))));
  const t0 = process.hrtime.bigint();
  let connectedMs = 0;
  controller.once('connected', () => (connectedMs = ms(t0)));
  const broker = await startBroker(port);
  const drained = await controller.waitUntilDrained(60_000);
  const totalMs = ms(t0);
  const sendMs = totalMs - connectedMs;
  console.log(
    `replay ${N} events, maxInFlight ${String(maxInFlight).padStart(4)}: ${drained ? 'drained' : 'NOT drained'} ${(totalMs / 1000).toFixed(2)} s after the broker came back ` +
      `(connect ${connectedMs.toFixed(0)} ms, send ${(sendMs / 1000).toFixed(2)} s = ${Math.round(N / (sendMs / 1000))} events/s)`,
  );
  await controller.stop();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
}

await appendBench();
for (const window of [1, 20, 200, 1000]) await replayBench(window);
