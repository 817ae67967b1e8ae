import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres } from '../../../server/src/platform/db/embedded-postgres-module.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { databaseUrl, freePort } from '../../support/postgres.ts';
import { killAllServers } from '../../support/server-process.ts';
import {
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
  LABOUR_READERS,
  middayTimeZone,
  setUpLabourFloor,
  streamMechanicTaps,
} from './support/labour-floor.ts';
import {
  closeTheDayAndCompareFigures,
  expectEveryTapStoredOnce,
  expectStoredAsSent,
} from './support/stored-checks.ts';

const temp = makeTempDirs();
const bridges: RunningBridge[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.controller.stop().catch(() => undefined);
});
afterAll(() => {
  killAllServers();
  temp.cleanup();
});

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

      // The end of the day, and the figures against an undisturbed run of the same taps.
      const late = await closeTheDayAndCompareFigures({
        owner: await signInOwner(station),
        url: database.url,
        timeZone,
        bridges,
        floor,
      });
      // Every mechanic's tap counted (none fell in the 5 s duplicate window); every unknown card was refused.
      const mechanicUids = new Set(floor.mechanics.map((m) => m.uid));
      expect(late.rejectedTaps.filter((r) => mechanicUids.has(r.uid))).toEqual([]);
      expect(late.rejectedTaps.every((r) => r.reason === 'unknown_badge')).toBe(true);
      expect(late.rejectedTaps.length).toBe(
        bridges.flatMap((b) => b.sent).filter((t) => !mechanicUids.has(t.uid)).length,
      );
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
