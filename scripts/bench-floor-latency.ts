/**
 * npx tsx scripts/bench-floor-latency.ts [--rate 100] [--seconds 20] [--boards 40] [--lifts 10] [--mechanics 40]
 *
 * Latency from a bridge's publish to the board's socket.io client: a station as scripts/bench-ingest.ts
 * starts it, one registered bridge per lift with its readers bound to the lift, `boards` board sockets
 * (a paired board device) and one lift-kiosk socket per lift (boards + lifts = 50 connections by
 * default), and real mqtt clients publishing badge taps at `rate` per second (QoS 1). Tap i is mechanic
 * i mod M at a lift that differs from the mechanic's previous one, so each tap moves the mechanic to a
 * new lift; its latency is the time from the publish call to the first `floor.updated` delta on a
 * board socket showing the mechanic at that lift (measured on every board socket). The clients run on
 * a worker thread (support/floor-clients.ts), as the bridges and the boards are other machines; the
 * station has the main thread to itself. Prints p50/p95/p99/max.
 */
import { parseArgs } from 'node:util';
import { timeclockOf } from '../server/src/modules/timeclock/index.ts';
import { registerBridge } from '../tests/support/bridges.ts';
import { makeLift, makeMechanic, pairedDevice, signedIn } from '../tests/support/factories.ts';
import type { TestStation } from '../tests/support/test-station.ts';
import { percentile, startBenchStation } from './support/bench-station.ts';
import type { FloorClientsInput, FloorClientsResult } from './support/floor-clients.ts';
import { resultOf, startTsWorker } from './support/ts-worker.ts';

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

async function main() {
  const bench = await startBenchStation();
  const { station } = bench;
  const baseUrl = `http://127.0.0.1:${station.httpPort}`;
  const ts = { ...station, baseUrl } as unknown as TestStation;
  const manager = (await signedIn(ts, 'manager')).client;

  const bridges: FloorClientsInput['bridges'] = [];
  const kioskTokens: string[] = [];
  for (let i = 0; i < LIFTS; i++) {
    const lift = await makeLift(ts, { code: `B${i + 1}` });
    const bridge = await registerBridge(manager, `lat-${i + 1}`);
    // A second reader on the lift: a mechanic's taps then cycle through 2×LIFTS readers, more than 5 s
    // apart on any one reader (the duplicate-read window).
    for (const reader of ['r1', 'r2']) {
      const bound = await manager.put(`/api/bridges/${bridge.id}/bindings/${reader}`, {
        kind: 'reader',
        liftId: lift.id,
      });
      if (bound.status !== 200) throw new Error(`binding: ${bound.status}`);
    }
    bridges.push({ id: bridge.id, secret: bridge.secret, liftId: lift.id });
    kioskTokens.push(
      (await pairedDevice(manager, baseUrl, { name: `kiosk ${lift.code}`, scope: 'lift', liftId: lift.id }))
        .token,
    );
  }
  const mechanics: FloorClientsInput['mechanics'] = [];
  for (let i = 0; i < MECHANICS; i++) {
    const m = await makeMechanic(ts, { name: `Mechanic ${i + 1}` });
    mechanics.push({ staffId: m.staff.id, uid: m.uid });
  }
  // Shifts around the clock, so that the bench's sessions are inside the station's opening hours.
  await station.deps.sequelize.query(
    `INSERT INTO mechanic_shifts (id, staff_id, weekday, starts_at, ends_at)
     SELECT gen_random_uuid(), s.id, w, '00:00', '23:59:59' FROM staff s, generate_series(1, 7) w WHERE s.position = 'mechanic'`,
  );
  timeclockOf(station.deps).service.modelChanged();
  const boardToken = (await pairedDevice(manager, baseUrl, { name: 'board', scope: 'board' })).token;

  const input: FloorClientsInput = {
    baseUrl,
    mqttPort: station.mqttPort,
    bridges,
    mechanics,
    boardToken,
    boards: BOARDS,
    kioskTokens,
    rate: RATE,
    seconds: SECONDS,
  };
  const run = await resultOf<FloorClientsResult>(
    startTsWorker(new URL('./support/floor-clients.ts', import.meta.url), input),
  );

  const fmt = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      p99: r(percentile(sorted, 99)),
      max: r(sorted[sorted.length - 1] ?? NaN),
    };
  };
  const publisher = timeclockOf(station.deps).publisher.stats;
  console.log(
    JSON.stringify(
      {
        load: `${run.total} taps at ${RATE}/s over ${run.publishSeconds.toFixed(1)} s from ${LIFTS} bridges; ${MECHANICS} mechanics; ${BOARDS} board + ${kioskTokens.length} lift-kiosk sockets (clients on a worker thread)`,
        samples: run.latencies.length,
        notSeen: run.notSeen,
        floorUpdatedPerSecond: Math.round(run.deltas / (run.publishSeconds + 1.5)),
        publishToBoardMs: fmt(run.latencies),
        publishToFirstBoardMs: fmt(run.firstBoard),
        timeclock: timeclockOf(station.deps).service.stats(),
        floorPushes: {
          pushes: publisher.pushes,
          avgBuildMs: Math.round((publisher.buildMs / publisher.pushes) * 10) / 10,
          avgSendMs: Math.round((publisher.sendMs / publisher.pushes) * 10) / 10,
        },
      },
      null,
      2,
    ),
  );
  await station.ingest.settled();
  await timeclockOf(station.deps).publisher.settled();
  await bench.stop();
}

await main();
