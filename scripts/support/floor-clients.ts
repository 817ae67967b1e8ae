/**
 * The clients of scripts/bench-floor-latency.ts, on a worker thread: real mqtt bridges publishing badge
 * taps at a steady rate and real socket.io board and lift-kiosk sockets. Both ends of each measurement
 * are on this thread (the publish call and the first `floor.updated` showing the tap), so the figure
 * is the station's whole way from a bridge to a board.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { FloorStateDto } from '../../server/src/contracts/labour.ts';
import type {
  ClientToServerEvents,
  DeltaMessage,
  ServerToClientEvents,
} from '../../server/src/contracts/realtime.ts';
import { connectBridge } from './bench-bridge.ts';

export interface FloorClientsInput {
  baseUrl: string;
  mqttPort: number;
  /** One bridge per lift, readers r1 and r2 bound to the lift. */
  bridges: { id: string; secret: string; liftId: string }[];
  mechanics: { staffId: string; uid: string }[];
  boardToken: string;
  boards: number;
  kioskTokens: string[];
  rate: number;
  seconds: number;
}

export interface FloorClientsResult {
  total: number;
  publishSeconds: number;
  /** Publish → floor.updated showing the tap, ms, on every board socket. */
  latencies: number[];
  /** The same, on the first board socket that showed it. */
  firstBoard: number[];
  /** Board sockets that never showed a tap because the mechanic's next tap came first. */
  notSeen: number;
  /** floor.updated messages on the first board socket. */
  deltas: number;
}

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

async function run(input: FloorClientsInput): Promise<FloorClientsResult> {
  const { bridges: bridgeInfo, mechanics, rate, seconds } = input;
  const LIFTS = bridgeInfo.length;
  const M = mechanics.length;
  const bridges = await Promise.all(bridgeInfo.map((b) => connectBridge(input.mqttPort, b)));
  const boards = await Promise.all(
    Array.from({ length: input.boards }, () => connectSocket(input.baseUrl, input.boardToken)),
  );
  const kiosks = await Promise.all(input.kioskTokens.map((t) => connectSocket(input.baseUrl, t)));

  let eventId = 1;
  const tapAt = (m: number, l: number, reader: string): number => {
    const now = new Date().toISOString();
    const payload = JSON.stringify({
      eventId: eventId++,
      readerId: reader,
      uid: mechanics[m]!.uid,
      at: now,
      sentAt: now,
    });
    const sent = performance.now();
    bridges[l]!.publish(`pitwall/v1/bridges/${bridgeInfo[l]!.id}/events/badge`, payload, { qos: 1 });
    return sent;
  };

  // Every mechanic clocks in at a lift before the measured run.
  for (let m = 0; m < M; m++) {
    tapAt(m, m % LIFTS, 'r1');
    await sleep(20);
  }
  await sleep(2000);

  /** The tap each mechanic made last and is waiting to see on the boards. */
  interface Pending {
    staffId: string;
    liftId: string;
    sent: number;
    seen: Set<number>;
  }
  const pending = new Map<string, Pending>();
  const latencies: number[] = [];
  const firstBoard: number[] = [];
  let notSeen = 0;
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

  const total = rate * seconds;
  const interval = 1000 / rate;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    const m = i % M;
    // The mechanic's j-th tap: reader pair (m + j + 1) mod 2·LIFTS — a different lift every tap, and
    // more than 5 s (the duplicate-read window) between two taps on one reader.
    const pair = (m + Math.floor(i / M) + 1) % (2 * LIFTS);
    const l = pair % LIFTS;
    const staffId = mechanics[m]!.staffId;
    const was = pending.get(staffId);
    if (was && was.seen.size < input.boards) notSeen += input.boards - was.seen.size;
    const sent = tapAt(m, l, pair < LIFTS ? 'r1' : 'r2');
    pending.set(staffId, { staffId, liftId: bridgeInfo[l]!.liftId, sent, seen: new Set() });
  }
  const publishSeconds = (performance.now() - started) / 1000;
  await sleep(1500);
  for (const p of pending.values()) if (p.seen.size < input.boards) notSeen += input.boards - p.seen.size;

  for (const s of [...boards, ...kiosks]) s.close();
  await Promise.all(bridges.map((c) => c.endAsync()));
  return { total, publishSeconds, latencies, firstBoard, notSeen, deltas };
}

parentPort!.postMessage(await run((workerData as { input: FloorClientsInput }).input));
