import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badgeEventSchema } from '../../../server/src/contracts/mqtt-payloads.ts';
import { bridgeTopics } from '../../../server/src/contracts/mqtt-topics.ts';
import { BRIDGE_ID, SECRET, tempDir, uid } from './support/bridge-fixtures.ts';
import { BridgeProcess } from './support/bridge-process.ts';
import { TestBroker, waitFor } from './support/test-broker.ts';

const topics = bridgeTopics(BRIDGE_ID);

describe('the bridge process killed with SIGKILL', () => {
  let broker: TestBroker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const processes: BridgeProcess[] = [];

  const env = () => ({
    PITWALL_BRIDGE_ID: BRIDGE_ID,
    PITWALL_BRIDGE_SECRET: SECRET,
    PITWALL_BRIDGE_SERVER_URL: broker.url,
    PITWALL_BRIDGE_DATA_DIR: dir.path,
    PITWALL_BRIDGE_READERS: 'r1:simulated',
    PITWALL_BRIDGE_SENSORS: 's1:lift:simulated',
    PITWALL_BRIDGE_CARD_DEBOUNCE_MS: '0',
    PITWALL_BRIDGE_RECONNECT_MS: '200',
    PITWALL_BRIDGE_LOG_LEVEL: 'info',
  });
  const launch = () => {
    const bridge = new BridgeProcess(env());
    processes.push(bridge);
    return bridge;
  };

  beforeEach(async () => {
    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start();
    dir = await tempDir();
  });

  afterEach(async () => {
    for (const bridge of processes.splice(0)) {
      bridge.kill('SIGKILL');
      await bridge.exited;
    }
    await broker.stop();
    await dir.remove();
  });

  it('delivers after a restart the events whose PUBACK it never got, and the Last Will says offline', async () => {
    const first = launch();
    await first.waitForLog('connected to the station');
    await waitFor(
      () => (broker.retainedJson(topics.status) as { state?: string } | undefined)?.state === 'online',
      'online status',
    );
    broker.setHoldAcks(true);
    for (let n = 1; n <= 5; n += 1) first.command(`tap r1 ${uid(n)}`);
    await waitFor(() => broker.heldCount === 5, 'five events on the wire, unacknowledged');
    const sentIds = broker.eventIds();

    first.kill('SIGKILL');
    await first.exited;
    await waitFor(
      () => (broker.retainedJson(topics.status) as { state?: string }).state === 'offline',
      'Last Will published',
      15_000,
    );
    expect(broker.retainedJson(topics.status)).toEqual({ state: 'offline' });

    broker.setHoldAcks(false);
    const before = broker.eventMessages().length;
    const second = launch();
    await second.waitForLog('connected to the station');
    await waitFor(() => broker.eventMessages().length >= before + 5, 'events re-sent after the restart');
    const resent = broker.eventMessages().slice(before);
    expect(resent.map((m) => badgeEventSchema.parse(m.json).eventId)).toEqual(sentIds);
    expect(resent.map((m) => badgeEventSchema.parse(m.json).uid)).toEqual([1, 2, 3, 4, 5].map(uid));
    await waitFor(
      () => (broker.retainedJson(topics.status) as { state?: string }).state === 'online',
      'online again',
    );

    // New events after the restart continue above every id used before the kill.
    second.command(`tap r1 ${uid(6)}`);
    await waitFor(
      () => broker.eventMessages('badge').some((m) => (m.json as { uid: string }).uid === uid(6)),
      'new tap',
    );
    const newId = (
      broker.eventMessages('badge').find((m) => (m.json as { uid: string }).uid === uid(6))!.json as {
        eventId: number;
      }
    ).eventId;
    expect(newId).toBeGreaterThan(Math.max(...sentIds));
  });

  it('keeps taps made while the station was unreachable across a SIGKILL and delivers them later', async () => {
    const port = broker.port;
    await broker.stop();
    const first = launch();
    await first.waitForLog('bridge started');
    first.command(`tap r1 ${uid(11)}`);
    first.command('lift s1 raised');
    first.command(`tap r1 ${uid(12)}`);
    await waitFor(
      () => first.count('badge event stored') === 2 && first.count('lift event stored') === 1,
      'three events stored on disk',
    );
    first.kill('SIGKILL');
    await first.exited;

    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start(port);
    const second = launch();
    await second.waitForLog('connected to the station');
    await waitFor(() => broker.eventMessages().length === 3, 'three events delivered');
    const kinds = broker.eventMessages().map((m) => m.topic.split('/').at(-1));
    expect(kinds).toEqual(['badge', 'lift', 'badge']);
    const ids = broker.eventIds();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('publishes offline on SIGTERM and exits 0', async () => {
    const bridge = launch();
    await bridge.waitForLog('connected to the station');
    await waitFor(
      () => (broker.retainedJson(topics.status) as { state?: string } | undefined)?.state === 'online',
      'online',
    );
    bridge.kill('SIGTERM');
    expect(await bridge.exited).toBe(0);
    expect(broker.retainedJson(topics.status)).toEqual({ state: 'offline' });
  });

  it('refuses to start with a configuration error naming the variable', async () => {
    const bridge = new BridgeProcess({
      ...env(),
      PITWALL_BRIDGE_SERVER_URL: 'http://station:1883',
      PITWALL_BRIDGE_ID: 'Lift 1',
    });
    processes.push(bridge);
    expect(await bridge.exited).toBe(2);
    const text = bridge.output.join('\n');
    expect(text).toContain('PITWALL_BRIDGE_SERVER_URL');
    expect(text).toContain('PITWALL_BRIDGE_ID');
  });
});
