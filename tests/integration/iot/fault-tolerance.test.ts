import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres } from '../../../server/src/platform/db/embedded-postgres-module.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { databaseUrl, freePort } from '../../support/postgres.ts';
import { killAllServers } from '../../support/server-process.ts';
import {
  labourLogEvents,
  makeTempDirs,
  registerBridges,
  startBridge,
  StationProcess,
  storedEvents,
  streamTaps,
  waitFor,
  type RunningBridge,
} from './support/fault-rig.ts';

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
      const station = await StationProcess.create(database.url, temp.make('pitwall-fault-data-'));
      await station.start();
      const credentials = await registerBridges(station, 4);
      for (const c of credentials)
        bridges.push(await startBridge(station, c, temp.make('pitwall-fault-bridge-')));

      const stream = streamTaps(bridges, 20);
      await waitFor(async () => (await storedEvents(database.url)).length === bridges.length, 'first events');
      await station.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the bridges keep tapping into their outboxes
      await station.start();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      stream.stop();

      expect(bridges.every((b) => b.tapped > 50)).toBe(true);
      await expectEveryTapStoredOnce(database.url, bridges);
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
