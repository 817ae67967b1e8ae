import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres } from '../../../server/src/platform/db/embedded-postgres-module.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { databaseUrl, freePort } from '../../support/postgres.ts';
import { killAllServers } from '../../support/server-process.ts';
import { localDateOf } from '../../../server/src/modules/timeclock/engine/index.ts';
import {
  labourLogEvents,
  makeTempDirs,
  registerBridges,
  signInOwner,
  startBridge,
  StationProcess,
  storedEvents,
  streamTaps,
  waitFor,
  type RunningBridge,
} from './support/fault-rig.ts';
import {
  clockOutEveryone,
  floorState,
  LABOUR_READERS,
  middayTimeZone,
  otherLabourEvents,
  referenceFigures,
  setUpLabourFloor,
  shopfloorEvents,
  stationFigures,
  streamMechanicTaps,
} from './support/labour-floor.ts';

const temp = makeTempDirs();
const bridges: RunningBridge[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.controller.stop().catch(() => undefined);
});
afterAll(() => {
  killAllServers();
  temp.cleanup();
});

/** Every tap each bridge made is stored exactly once, and reaches the labour log exactly once. */
async function expectEveryTapStoredOnce(url: string, running: RunningBridge[]) {
  await waitFor(async () => {
    const rows = await storedEvents(url);
    return running.every((b) => rows.find((r) => r.bridge_id === b.id)?.events === b.tapped);
  }, 'every tap stored');
  const rows = await storedEvents(url);
  for (const bridge of running) {
    const row = rows.find((r) => r.bridge_id === bridge.id)!;
    expect(row.events).toBe(bridge.tapped);
    expect(row.distinct_ids).toBe(bridge.tapped);
  }
  await waitFor(async () => {
    const copied = await labourLogEvents(url);
    return running.every((b) => copied.get(b.id) === b.tapped);
  }, 'every tap in the labour log');
}

/**
 * What each bridge sent is what the station stored: the same reader and card, in the bridge's order,
 * and at the time it was tapped — the time correction (at + receivedAt − sentAt) is not thrown off by
 * the outage, because a bridge stamps sentAt afresh when it sends an event again after reconnecting.
 */
async function expectStoredAsSent(url: string, running: RunningBridge[]) {
  const stored = (await shopfloorEvents(url)).filter((e) => e.kind === 'badge');
  for (const bridge of running) {
    const mine = stored.filter((e) => e.bridgeId === bridge.id);
    expect(mine.map((e) => ({ readerId: e.deviceId, uid: e.value }))).toEqual(bridge.sent);
  }
  // Transit takes a few hundred ms at most here; a stale sentAt would be off by the whole outage (> 3 s).
  const skew = Math.max(...stored.map((e) => Math.abs(e.correctedAt.getTime() - e.at.getTime())));
  expect(skew).toBeLessThan(2_000);
}

describe('the server killed with SIGKILL in the middle of a stream from several bridges', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    killAllServers();
    await database?.drop();
  });

  it(
    'stores every event exactly once after the restart and the bridges reconnecting',
    { timeout: 150_000 },
    async () => {
      const timeZone = middayTimeZone();
      const station = await StationProcess.create(database.url, temp.make('pitwall-fault-data-'), {
        PITWALL_TIMEZONE: timeZone,
      });
      await station.start();
      const credentials = await registerBridges(station, 4);
      for (const c of credentials)
        bridges.push(await startBridge(station, c, temp.make('pitwall-fault-bridge-'), LABOUR_READERS));
      const floor = await setUpLabourFloor(await signInOwner(station), bridges, 24);

      // Unknown cards on every lift reader at full rate (the load), and the mechanics' badges (the figures).
      const stream = streamTaps(bridges, 20);
      const labour = streamMechanicTaps(bridges, floor.mechanics, 50);
      await waitFor(async () => (await storedEvents(database.url)).length === bridges.length, 'first events');
      await station.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the bridges keep tapping into their outboxes
      await station.start();
      // Long enough after the restart for every mechanic to tap on the live station again.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      stream.stop();
      labour.stop();

      expect(bridges.every((b) => b.tapped > 50)).toBe(true);
      await expectEveryTapStoredOnce(database.url, bridges);
      await expectStoredAsSent(database.url, bridges);

      // The end of the day: whoever is still in clocks out at the door, so no figure runs on with the clock.
      const owner = await signInOwner(station);
      expect(await clockOutEveryone(owner, bridges[0]!, floor.mechanics)).toBeGreaterThan(0);
      await expectEveryTapStoredOnce(database.url, bridges);
      await waitFor(
        async () => (await floorState(owner)).mechanics.every((m) => m.state === 'absent'),
        'everyone clocked out',
      );
      const date = (await floorState(owner)).date;
      expect(date).toBe(localDateOf(Date.now(), timeZone));
      expect(await otherLabourEvents(database.url)).toBe(0); // the reference sees the whole log

      const before = Date.now();
      const served = await stationFigures(owner, date);
      const after = Date.now();
      const early = await referenceFigures(database.url, timeZone, date, before);
      const late = await referenceFigures(database.url, timeZone, date, after);

      // Everyone has left: the mechanics' figures are closed and equal the undisturbed run's.
      expect(early.mechanics).toEqual(late.mechanics);
      expect(served.mechanics).toEqual(late.mechanics);
      // A lift's open hours (and utilisation = worked / open) run on with the clock until the day ends:
      // the station's lie between the reference's just before and just after it answered.
      const closed = (lifts: typeof served.lifts) =>
        lifts.map(({ openSeconds: _open, utilisation: _utilisation, ...rest }) => rest);
      expect(closed(early.lifts)).toEqual(closed(late.lifts));
      expect(closed(served.lifts)).toEqual(closed(late.lifts));
      for (const [i, lift] of served.lifts.entries()) {
        expect(lift.openSeconds).toBeGreaterThanOrEqual(early.lifts[i]!.openSeconds);
        expect(lift.openSeconds).toBeLessThanOrEqual(late.lifts[i]!.openSeconds);
      }

      // Every mechanic's tap counted (none fell in the 5 s duplicate window); every unknown card was refused.
      const mechanicUids = new Set(floor.mechanics.map((m) => m.uid));
      expect(late.rejectedTaps.filter((r) => mechanicUids.has(r.uid))).toEqual([]);
      expect(late.rejectedTaps.every((r) => r.reason === 'unknown_badge')).toBe(true);
      expect(late.rejectedTaps.length).toBe(
        bridges.flatMap((b) => b.sent).filter((t) => !mechanicUids.has(t.uid)).length,
      );

      // …and they are not trivially equal: everyone was present and worked at the lifts.
      expect(served.mechanics.map((m) => m.staffId).sort()).toEqual(
        floor.mechanics.map((m) => m.staffId).sort(),
      );
      for (const m of served.mechanics) {
        expect(m.presentSeconds).toBeGreaterThan(0);
        expect(m.unassignedSeconds + m.idleSeconds).toBe(m.availableSeconds);
      }
      expect(served.mechanics.reduce((s, m) => s + m.unassignedSeconds, 0)).toBeGreaterThan(0);
      expect(served.mechanics.reduce((s, m) => s + m.idleSeconds, 0)).toBeGreaterThan(0);
      expect(served.lifts.map((l) => l.liftId).sort()).toEqual(floor.lifts.map((l) => l.id).sort());
      for (const lift of served.lifts) expect(lift.workedSeconds).toBeGreaterThan(0);
    },
  );
});

describe('PostgreSQL restarted under load', () => {
  it(
    'pauses the ingest and resumes it without losing or doubling an event',
    { timeout: 150_000 },
    async () => {
      // A cluster of its own, whatever PITWALL_TEST_DATABASE_URL says: the test stops and starts it.
      const EmbeddedPostgres = await loadEmbeddedPostgres();
      const port = await freePort();
      const databaseDir = `${temp.make('pitwall-fault-pg-')}/data`;
      const clusterOn = () =>
        new EmbeddedPostgres({
          databaseDir,
          port,
          user: 'pitwall',
          password: 'pitwall',
          persistent: true, // stop() must keep the data for the restart; the temp dir goes in afterAll
          createPostgresUser: process.getuid?.() === 0,
          initdbFlags: ['--encoding=UTF8', '--locale=C'],
          onLog: () => undefined,
          onError: () => undefined,
        });
      let cluster = clusterOn();
      await cluster.initialise();
      await cluster.start();
      const url = databaseUrl(`postgres://pitwall:pitwall@127.0.0.1:${port}/postgres`, 'postgres');
      try {
        const station = await StationProcess.create(url, temp.make('pitwall-fault-data-'));
        await station.start();
        const credentials = await registerBridges(station, 3);
        for (const c of credentials)
          bridges.push(await startBridge(station, c, temp.make('pitwall-fault-bridge-')));

        const stream = streamTaps(bridges, 20);
        await waitFor(async () => (await storedEvents(url)).length === bridges.length, 'first events');
        await cluster.stop();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // A fresh handle on the same data directory: the library's instance does not start twice.
        cluster = clusterOn();
        await cluster.start();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        stream.stop();

        await expectEveryTapStoredOnce(url, bridges);
        const ready = await fetch(`${station.httpUrl}/api/ready`);
        expect(ready.status).toBe(200);
        expect(station.output()).not.toMatch(/uncaught|unhandled/i);
        await station.kill('SIGTERM');
      } finally {
        killAllServers();
        await cluster.stop().catch(() => undefined);
      }
    },
  );
});
