import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeDto } from '../../../server/src/contracts/shopfloor.ts';
import type { ApiClient } from '../../support/api-client.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { killAllServers } from '../../support/server-process.ts';
import {
  makeTempDirs,
  registerBridges,
  signInOwner,
  startBridge,
  StationProcess,
  storedEvents,
  waitFor,
  type RunningBridge,
} from './support/fault-rig.ts';
import {
  LABOUR_READERS,
  middayTimeZone,
  setUpLabourFloor,
  streamMechanicTaps,
} from './support/labour-floor.ts';
import { openRelay, type TcpRelay } from '../../support/network-cut.ts';
import {
  closeTheDayAndCompareFigures,
  expectEveryTapStoredOnce,
  expectStoredAsSent,
} from './support/stored-checks.ts';

const temp = makeTempDirs();
const bridges: RunningBridge[] = [];
const relays: TcpRelay[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.controller.stop().catch(() => undefined);
  for (const relay of relays.splice(0)) await relay.close();
});
afterAll(() => {
  killAllServers();
  temp.cleanup();
});

/** How long the network stays down at least (and at least 1.5 s after the station saw both bridges go). */
const CUT_MS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bridgeStates(owner: ApiClient): Promise<Map<string, BridgeDto>> {
  const res = await owner.get<BridgeDto[]>('/api/bridges');
  if (res.status !== 200) throw new Error(`bridges: ${res.status} ${JSON.stringify(res.body)}`);
  return new Map(res.body.map((b) => [b.id, b]));
}

/** Badge events stored per bridge id. */
async function storedCounts(url: string): Promise<Map<string, number>> {
  return new Map((await storedEvents(url)).map((r) => [r.bridge_id, r.events]));
}

describe("a bridge's network dropped while the station and the other bridges carry on", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    killAllServers();
    await database?.drop();
  });

  it(
    'keeps the cut bridges’ taps on disk, replays each once when the network is back, and the figures catch up',
    { timeout: 150_000 },
    async () => {
      const url = database.url;
      const timeZone = middayTimeZone();
      const station = await StationProcess.create(url, temp.make('pitwall-netdrop-data-'), {
        PITWALL_TIMEZONE: timeZone,
      });
      await station.start();
      const credentials = await registerBridges(station, 4);
      // Bridges 1 and 4 reach the broker directly. Bridge 2's network goes down with a reset (both ends
      // learn at once); bridge 3's silently (only the MQTT keepalive, 2 s on these two, finds out).
      const mqttPort = Number(station.env.PITWALL_MQTT_PORT);
      const resetRelay = await openRelay(mqttPort);
      const silentRelay = await openRelay(mqttPort);
      relays.push(resetRelay, silentRelay);
      const through = [null, resetRelay, silentRelay, null];
      for (const [i, c] of credentials.entries()) {
        const dir = temp.make('pitwall-netdrop-bridge-');
        const relay = through[i];
        bridges.push(
          relay
            ? await startBridge(station, c, dir, LABOUR_READERS, {
                serverUrl: relay.url,
                keepaliveSeconds: 2,
              })
            : await startBridge(station, c, dir, LABOUR_READERS),
        );
      }
      const cut = [bridges[1]!, bridges[2]!];
      const live = [bridges[0]!, bridges[3]!];
      const owner = await signInOwner(station);
      const floor = await setUpLabourFloor(owner, bridges, 24);
      await waitFor(
        async () => [...(await bridgeStates(owner)).values()].every((b) => b.online),
        'every bridge online',
      );
      expect([resetRelay.connections(), silentRelay.connections()]).toEqual([1, 1]);

      const labour = streamMechanicTaps(bridges, floor.mechanics, 50);
      await waitFor(async () => {
        const stored = await storedCounts(url);
        return bridges.every((b) => (stored.get(b.id) ?? 0) >= 5);
      }, 'events from every bridge');

      // The network of bridges 2 and 3 goes down; everyone keeps tapping.
      const tappedAtCut = new Map(bridges.map((b) => [b.id, b.tapped]));
      const pendingAtCut = new Map(cut.map((b) => [b.id, b.controller.outbox.pendingCount]));
      const cutAt = Date.now();
      resetRelay.cut('reset');
      silentRelay.cut('silent');

      // The station marks both offline (the reset at once, the silent one after 1.5 × keepalive of
      // silence, through the Last Will), and each bridge finds out its link is gone.
      const offlineAfter = new Map<string, number>();
      const noticedAfter = new Map<string, number>();
      await waitFor(
        async () => {
          for (const b of cut)
            if (!noticedAfter.has(b.id) && !b.controller.isConnected)
              noticedAfter.set(b.id, Date.now() - cutAt);
          const states = await bridgeStates(owner);
          for (const b of cut)
            if (!offlineAfter.has(b.id) && states.get(b.id)?.online === false)
              offlineAfter.set(b.id, Date.now() - cutAt);
          return offlineAfter.size === cut.length && noticedAfter.size === cut.length;
        },
        'the station and the cut bridges to notice the cut',
        15_000,
      );
      await sleep(500); // a commit that was under way when the link went down lands
      const storedWhenOffline = await storedCounts(url);
      await sleep(Math.max(cutAt + CUT_MS - Date.now(), 1_500));

      // During the cut the other bridges are live: everything they tapped until now is stored…
      const liveTapped = new Map(live.map((b) => [b.id, b.tapped]));
      await waitFor(
        async () => {
          const stored = await storedCounts(url);
          return live.every((b) => (stored.get(b.id) ?? 0) >= liveTapped.get(b.id)!);
        },
        'the live bridges delivering during the cut',
        5_000,
      );
      // …while nothing more of the cut bridges arrives, and their taps since the cut wait on disk.
      const storedNow = await storedCounts(url);
      const states = await bridgeStates(owner);
      for (const b of live) {
        expect(b.tapped - tappedAtCut.get(b.id)!).toBeGreaterThan(10);
        expect(states.get(b.id)!.online).toBe(true);
      }
      for (const b of cut) {
        expect(states.get(b.id)!.online).toBe(false);
        expect(b.controller.isConnected).toBe(false);
        expect(storedNow.get(b.id)).toBe(storedWhenOffline.get(b.id));
        expect(storedNow.get(b.id)!).toBeLessThan(b.tapped);
        const sinceCut = b.tapped - tappedAtCut.get(b.id)!;
        expect(sinceCut).toBeGreaterThan(10);
        await waitFor(
          async () => b.controller.outbox.pendingCount >= sinceCut,
          `bridge ${b.id}: the taps since the cut on disk`,
          5_000,
        );
        expect(b.controller.outbox.pendingCount).toBeGreaterThan(pendingAtCut.get(b.id)!);
      }
      const backlog = cut.map((b) => b.controller.outbox.pendingCount);

      // The network comes back: the outboxes replay and the station has the bridges online again.
      const restoredAt = Date.now();
      await Promise.all([resetRelay.restore(), silentRelay.restore()]);
      await waitFor(
        async () => cut.every((b) => b.controller.outbox.pendingCount === 0),
        'the cut bridges’ outboxes drained',
        30_000,
      );
      const drainedAfter = Date.now() - restoredAt;
      await waitFor(
        async () => {
          const now = await bridgeStates(owner);
          return cut.every((b) => {
            const state = now.get(b.id)!;
            return state.online && Date.parse(state.connectedAt!) >= cutAt;
          });
        },
        'the cut bridges online again',
        15_000,
      );
      expect([resetRelay.connections(), silentRelay.connections()]).toEqual([1, 1]);
      console.info(
        `network drop: station offline after ${cut.map((b) => offlineAfter.get(b.id)).join('/')} ms, ` +
          `bridges noticed after ${cut.map((b) => noticedAfter.get(b.id)).join('/')} ms (reset/silent); ` +
          `cut ${restoredAt - cutAt} ms, backlog ${backlog.join('/')} events, drained ${drainedAfter} ms after the restore`,
      );

      // Long enough after the replay for every mechanic to tap on the restored bridges live again.
      await sleep(2_500);
      labour.stop();

      expect(bridges.every((b) => b.tapped > 30)).toBe(true);
      await expectEveryTapStoredOnce(url, bridges);
      await expectStoredAsSent(url, bridges);
      await waitFor(
        async () => bridges.every((b) => b.controller.outbox.pendingCount === 0),
        'every outbox empty',
        10_000,
      );
      const settled = await bridgeStates(owner);
      expect(bridges.map((b) => settled.get(b.id)!.online)).toEqual([true, true, true, true]);

      // The end of the day, and the figures against an undisturbed run of the same taps.
      const late = await closeTheDayAndCompareFigures({ owner, url, timeZone, bridges, floor });
      // Every tap counted: only mechanics' badges at bound readers, none in the 5 s duplicate window.
      expect(late.rejectedTaps).toEqual([]);
      expect(station.output()).not.toMatch(/uncaught|unhandled/i);
    },
  );
});
