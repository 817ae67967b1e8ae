/**
 * npx tsx scripts/bench-floor-latency.ts [--rate 100] [--seconds 20] [--boards 40] [--lifts 10] [--mechanics 40]
 *
 * Latency from a bridge's publish to the board's socket.io client: a station as scripts/bench-ingest.ts
 * starts it, one registered bridge per lift with its reader bound to the lift, `boards` board sockets
 * (a paired board device) and one lift-kiosk socket per lift (boards + lifts = 50 connections by
 * default), and real mqtt clients publishing badge taps at `rate` per second (QoS 1). Tap i is mechanic
 * i mod M at a lift that differs from the mechanic's previous one, so each tap moves the mechanic to a
 * new lift; its latency is the time from the publish call to the first `floor.updated` delta on a
 * board socket showing the mechanic at that lift (measured on every board socket). Prints p50/p95/p99/max.
 */
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type { FloorStateDto } from '../server/src/contracts/labour.ts';
import type {
  ClientToServerEvents,
  DeltaMessage,
  ServerToClientEvents,
} from '../server/src/contracts/realtime.ts';
import { timeclockOf } from '../server/src/modules/timeclock/index.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { registerBridge } from '../tests/support/bridges.ts';
import { makeLift, makeMechanic, signedIn } from '../tests/support/factories.ts';
import type { TestStation } from '../tests/support/test-station.ts';
import { percentile, startBenchStation } from './support/bench-station.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    boards: { type: 'string', default: '40' },
    lifts: { type: 'string', default: '10' },
    mechanics: { type: 'string', default: '40' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BOARDS = Number(values.boards);
const LIFTS = Number(values.lifts);
const MECHANICS = Number(values.mechanics);

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connectSocket(baseUrl: string, deviceToken: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl, {
    transports: ['websocket'],
    auth: { deviceToken },
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function connectBridge(port: number, id: string, secret: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: id,
      username: id,
      password: secret,
      clean: false,
      keepalive: 10,
      reconnectPeriod: 0,
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

async function pairDevice(
  manager: ApiClient,
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<string> {
  const device = await manager.post('/api/devices', body);
  if (device.status !== 201 && device.status !== 200) throw new Error(`device: ${device.status}`);
  const paired = await new ApiClient(baseUrl).post('/api/kiosk/pair', { code: device.body.pairingCode });
  return paired.body.token as string;
}

async function main() {
  const bench = await startBenchStation();
  const { station } = bench;
  const baseUrl = `http://127.0.0.1:${station.httpPort}`;
  const ts = { ...station, baseUrl } as unknown as TestStation;
  const manager = (await signedIn(ts, 'manager')).client;

  const lifts: { lift: Awaited<ReturnType<typeof makeLift>>; bridgeId: string }[] = [];
  const bridges: MqttClient[] = [];
  for (let i = 0; i < LIFTS; i++) {
    const lift = await makeLift(ts, { code: `B${i + 1}` });
    const bridge = await registerBridge(manager, `lat-${i + 1}`);
    const bound = await manager.put(`/api/bridges/${bridge.id}/bindings/r1`, {
      kind: 'reader',
      liftId: lift.id,
    });
    if (bound.status !== 200) throw new Error(`binding: ${bound.status}`);
    // A second reader on the lift: a mechanic's taps then cycle through 2×LIFTS readers, more than 5 s
    // apart on any one reader (the duplicate-read window).
    await manager.put(`/api/bridges/${bridge.id}/bindings/r2`, { kind: 'reader', liftId: lift.id });
    bridges.push(await connectBridge(station.mqttPort, bridge.id, bridge.secret));
    lifts.push({ lift, bridgeId: bridge.id });
  }
  const mechanics: Awaited<ReturnType<typeof makeMechanic>>[] = [];
  for (let i = 0; i < MECHANICS; i++) mechanics.push(await makeMechanic(ts, { name: `Mechanic ${i + 1}` }));
  // Shifts around the clock, so that the bench's sessions are inside the station's opening hours.
  await station.deps.sequelize.query(
    `INSERT INTO mechanic_shifts (id, staff_id, weekday, starts_at, ends_at)
     SELECT gen_random_uuid(), s.id, w, '00:00', '23:59:59' FROM staff s, generate_series(1, 7) w WHERE s.position = 'mechanic'`,
  );
  timeclockOf(station.deps).service.modelChanged();

  const boardToken = await pairDevice(manager, baseUrl, { name: 'board', scope: 'board' });
  const boards = await Promise.all(Array.from({ length: BOARDS }, () => connectSocket(baseUrl, boardToken)));
  const kiosks = await Promise.all(
    lifts.map(async ({ lift }) =>
      connectSocket(
        baseUrl,
        await pairDevice(manager, baseUrl, { name: `kiosk ${lift.code}`, scope: 'lift', liftId: lift.id }),
      ),
    ),
  );

  let eventId = 1;
  const tapAt = (m: number, l: number, reader = 'r1') => {
    const now = new Date().toISOString();
    const payload = JSON.stringify({
      eventId: eventId++,
      readerId: reader,
      uid: mechanics[m]!.uid,
      at: now,
      sentAt: now,
    });
    const sent = performance.now();
    bridges[l]!.publish(`pitwall/v1/bridges/${lifts[l]!.bridgeId}/events/badge`, payload, { qos: 1 });
    return sent;
  };

  // Every mechanic clocks in at a lift before the measured run.
  const at = new Map<number, number>();
  for (let m = 0; m < MECHANICS; m++) {
    at.set(m, m % LIFTS);
    tapAt(m, m % LIFTS);
    await sleep(20);
  }
  await sleep(2000);

  /** The tap each mechanic made last and is waiting to see on the boards. */
  interface Pending {
    id: number;
    staffId: string;
    liftId: string;
    sent: number;
    seen: Set<number>;
  }
  const pending = new Map<string, Pending>();
  const latencies: number[] = [];
  const firstBoard: number[] = [];
  let superseded = 0;
  let deltas = 0;
  boards.forEach((socket, b) => {
    socket.on('delta', (msg: DeltaMessage) => {
      if (msg.event.type !== 'floor.updated') return;
      const received = performance.now();
      if (b === 0) deltas += 1;
      const floor: FloorStateDto = msg.event.floor;
      for (const p of pending.values()) {
        if (p.seen.has(b)) continue;
        const m = floor.mechanics.find((x) => x.staffId === p.staffId);
        if (m?.liftId !== p.liftId || m.state !== 'session') continue;
        p.seen.add(b);
        latencies.push(received - p.sent);
        if (p.seen.size === 1) firstBoard.push(received - p.sent);
      }
    });
  });

  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const m = i % MECHANICS;
    // The mechanic's j-th tap: reader pair (m + j + 1) mod 2·LIFTS — a different lift every tap.
    const pair = (m + Math.floor(i / MECHANICS) + 1) % (2 * LIFTS);
    const l = pair % LIFTS;
    at.set(m, l);
    const staffId = mechanics[m]!.staff.id;
    const was = pending.get(staffId);
    if (was && was.seen.size < BOARDS) superseded += BOARDS - was.seen.size;
    const sent = tapAt(m, l, pair < LIFTS ? 'r1' : 'r2');
    pending.set(staffId, { id: i, staffId, liftId: lifts[l]!.lift.id, sent, seen: new Set() });
  }
  const publishSeconds = (performance.now() - started) / 1000;
  await sleep(1500);
  for (const p of pending.values()) if (p.seen.size < BOARDS) superseded += BOARDS - p.seen.size;

  const sorted = [...latencies].sort((a, b) => a - b);
  const first = [...firstBoard].sort((a, b) => a - b);
  const fmt = (list: number[]) => ({
    p50: Math.round(percentile(list, 50) * 10) / 10,
    p95: Math.round(percentile(list, 95) * 10) / 10,
    p99: Math.round(percentile(list, 99) * 10) / 10,
    max: Math.round((list[list.length - 1] ?? NaN) * 10) / 10,
  });
  console.log(
    JSON.stringify(
      {
        load: `${total} taps at ${RATE}/s over ${publishSeconds.toFixed(1)} s from ${LIFTS} bridges; ${MECHANICS} mechanics; ${BOARDS} board + ${kiosks.length} lift-kiosk sockets`,
        samples: latencies.length,
        notSeen: superseded,
        floorUpdatedPerSecond: Math.round(deltas / (publishSeconds + 1.5)),
        publishToBoardMs: fmt(sorted),
        publishToFirstBoardMs: fmt(first),
        timeclock: timeclockOf(station.deps).service.stats(),
        floorPushes: (({ pushes, buildMs, sendMs }) => ({
          pushes,
          avgBuildMs: Math.round((buildMs / pushes) * 10) / 10,
          avgSendMs: Math.round((sendMs / pushes) * 10) / 10,
        }))(timeclockOf(station.deps).publisher.stats),
      },
      null,
      2,
    ),
  );
  for (const s of [...boards, ...kiosks]) s.close();
  for (const c of bridges) c.end(true);
  await station.ingest.settled();
  await sleep(500);
  await timeclockOf(station.deps).publisher.settled();
  await bench.stop();
}

await main();
