import type net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeEvent,
  connectBridge,
  connected,
  nextMessage,
  publish,
  refused,
  registerBridge,
  waitUntil,
} from '../../support/bridges.ts';
import { makeLift, makeMechanic, signedIn } from '../../support/factories.ts';
import { startTestStation, type TestStation } from '../../support/test-station.ts';
import type { ApiClient } from '../../support/api-client.ts';

let station: TestStation;
let manager: ApiClient;
const clients: MqttClient[] = [];
const track = (c: MqttClient) => (clients.push(c), c);

beforeAll(async () => {
  station = await startTestStation();
  manager = (await signedIn(station, 'manager')).client;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.end(true);
});
afterAll(async () => {
  await station?.close();
});

const count = async (sql: string, replacements: Record<string, unknown> = {}) =>
  Number(
    (await station.deps.sequelize.query<{ n: string }>(sql, { replacements, type: QueryTypes.SELECT }))[0]!.n,
  );

describe('broker access', () => {
  it('refuses anonymous clients and wrong secrets; accepts the registered secret', async () => {
    const bridge = await registerBridge(manager, 'acc-1');
    const anonymous = track(
      mqtt.connect(`mqtt://127.0.0.1:${station.mqttPort}`, { clientId: 'acc-1', reconnectPeriod: 0 }),
    );
    expect(await refused(anonymous)).toMatch(/Bad username or password|Not authorized|closed/);
    const wrong = track(connectBridge(station, { ...bridge, secret: 'not-the-secret' }));
    expect(await refused(wrong)).toMatch(/Bad username or password|closed/);
    const mismatched = track(connectBridge(station, bridge, { clientId: 'someone-else' }));
    expect(await refused(mismatched)).toMatch(/Bad username or password|closed/);
    const ok = track(connectBridge(station, bridge));
    await connected(ok);
    await waitUntil(async () => (await manager.get('/api/bridges/acc-1')).body.online === true);
  });

  it('refuses a publish outside the bridge namespace and a subscription outside it', async () => {
    const a = await registerBridge(manager, 'acl-a');
    await registerBridge(manager, 'acl-b');
    const client = track(connectBridge(station, a));
    await connected(client);
    await expect(client.subscribeAsync('pitwall/v1/bridges/acl-b/request/#')).rejects.toThrow();
    const granted = await client.subscribeAsync('pitwall/v1/bridges/acl-a/request/#', { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('pitwall/v1/bridges/acl-b/events/badge', JSON.stringify(badgeEvent('r1', 'AABBCCDD')), {
      qos: 1,
    });
    await closed;
    expect(await count(`SELECT count(*) AS n FROM shopfloor_events WHERE bridge_id = 'acl-b'`)).toBe(0);
  });

  it("refuses a Last Will on another bridge's topic", async () => {
    const bridge = await registerBridge(manager, 'will-1');
    const client = track(
      connectBridge(station, bridge, {
        will: {
          topic: 'pitwall/v1/bridges/other/status',
          payload: Buffer.from('{"state":"offline"}'),
          qos: 1,
          retain: true,
        },
      }),
    );
    expect(await refused(client)).toBeTruthy();
  });

  it('refuses a payload larger than the bound', async () => {
    const bridge = await registerBridge(manager, 'big-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('pitwall/v1/bridges/big-1/events/badge', 'x'.repeat(20_000), { qos: 1 });
    await closed;
  });

  it('rotating the secret drops the connection and the old secret no longer works; revoking refuses the bridge', async () => {
    const bridge = await registerBridge(manager, 'rot-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const rotated = await manager.post('/api/bridges/rot-1/secret');
    expect(rotated.status).toBe(200);
    await closed;
    expect(await refused(track(connectBridge(station, bridge)))).toMatch(/Bad username or password|closed/);
    const fresh = track(connectBridge(station, { id: 'rot-1', secret: rotated.body.secret }));
    await connected(fresh);
    await manager.delete('/api/bridges/rot-1');
    expect(
      await refused(track(connectBridge(station, { id: 'rot-1', secret: rotated.body.secret }))),
    ).toMatch(/Bad username or password|closed/);
  });
});

describe('ingest', () => {
  it('stores a malformed payload as rejected, acknowledges it and keeps serving', async () => {
    const bridge = await registerBridge(manager, 'bad-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    await publish(client, 'pitwall/v1/bridges/bad-1/events/badge', '{"eventId": 1, "readerId": "r1"');
    await publish(client, 'pitwall/v1/bridges/bad-1/events/badge', {
      ...badgeEvent('r1', 'aabbccdd'),
      eventId: 2,
    });
    await publish(client, 'pitwall/v1/bridges/bad-1/events/teleport', { eventId: 3 });
    const rejected = await manager.get('/api/bridges/bad-1/rejected');
    expect(rejected.body.total).toBe(3);
    const reasons = rejected.body.items.map((r: { reason: string }) => r.reason).join(' | ');
    expect(reasons).toContain('not valid JSON');
    expect(reasons).toContain('uid');
    expect(reasons).toContain('unknown event kind');
    await publish(client, 'pitwall/v1/bridges/bad-1/events/badge', badgeEvent('r1', 'AABBCCDD'));
    expect(await count(`SELECT count(*) AS n FROM shopfloor_events WHERE bridge_id = 'bad-1'`)).toBe(1);
    expect((await manager.get('/api/bridges/bad-1')).body.rejectedLast24h).toBe(3);
  });

  it('stores a redelivered event (same eventId) once', async () => {
    const bridge = await registerBridge(manager, 'dup-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    const event = badgeEvent('r1', 'AABBCCDD', { eventId: 77 });
    await publish(client, 'pitwall/v1/bridges/dup-1/events/badge', event);
    await publish(client, 'pitwall/v1/bridges/dup-1/events/badge', {
      ...event,
      sentAt: new Date().toISOString(),
    });
    await Promise.all([1, 2, 3].map(() => publish(client, 'pitwall/v1/bridges/dup-1/events/badge', event)));
    expect(
      await count(`SELECT count(*) AS n FROM shopfloor_events WHERE bridge_id = 'dup-1' AND event_id = 77`),
    ).toBe(1);
  });

  it('acknowledges an event only after it is committed', async () => {
    const bridge = await registerBridge(manager, 'ack-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    const blocker = new pg.Client({ connectionString: station.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE shopfloor_events IN EXCLUSIVE MODE');
      let acked = false;
      const done = publish(
        client,
        'pitwall/v1/bridges/ack-1/events/badge',
        badgeEvent('r1', 'AABBCCDD'),
      ).then(() => (acked = true));
      await new Promise((r) => setTimeout(r, 700));
      expect(acked).toBe(false);
      await blocker.query('COMMIT');
      await done;
      expect(await count(`SELECT count(*) AS n FROM shopfloor_events WHERE bridge_id = 'ack-1'`)).toBe(1);
    } finally {
      await blocker.end();
    }
  });

  it('keeps at, sentAt and receivedAt and corrects a skewed bridge clock', async () => {
    const bridge = await registerBridge(manager, 'skew-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    const bridgeNow = Date.now() - 3_600_000; // the bridge clock is an hour behind
    await publish(client, 'pitwall/v1/bridges/skew-1/events/lift', {
      eventId: 5,
      sensorId: 's1',
      state: 'raised',
      at: new Date(bridgeNow - 10_000).toISOString(),
      sentAt: new Date(bridgeNow).toISOString(),
    });
    const events = await manager.get('/api/bridges/skew-1/events');
    const e = events.body.items[0];
    expect(e.at).toBe(new Date(bridgeNow - 10_000).toISOString());
    const corrected = Date.parse(e.correctedAt);
    expect(Math.abs(corrected - (Date.parse(e.receivedAt) - 10_000))).toBeLessThan(5);
  });

  it('answers a tap on request/feedback: accepted for a known badge at a bound reader, rejected otherwise', async () => {
    const bridge = await registerBridge(manager, 'tap-1');
    const lift = await makeLift(station, { name: 'Tap lift' });
    const { uid } = await makeMechanic(station, { name: 'Ivan Tapper' });
    expect(
      (await manager.put('/api/bridges/tap-1/bindings/r1', { kind: 'reader', liftId: lift.id })).status,
    ).toBe(200);
    const client = track(connectBridge(station, bridge));
    await connected(client);
    await client.subscribeAsync('pitwall/v1/bridges/tap-1/request/#', { qos: 1 });
    const topic = 'pitwall/v1/bridges/tap-1/request/feedback';

    let feedback = nextMessage(client, topic);
    await publish(client, 'pitwall/v1/bridges/tap-1/events/badge', badgeEvent('r1', uid));
    expect(await feedback).toMatchObject({ readerId: 'r1', outcome: 'accepted' });
    expect(String((await feedback).text)).toContain('Ivan Tapper');

    feedback = nextMessage(client, topic);
    await publish(client, 'pitwall/v1/bridges/tap-1/events/badge', badgeEvent('r1', 'DEADBEEF'));
    expect(await feedback).toMatchObject({ outcome: 'rejected', text: 'Unknown badge' });

    feedback = nextMessage(client, topic);
    await publish(client, 'pitwall/v1/bridges/tap-1/events/badge', badgeEvent('r9', uid));
    expect(await feedback).toMatchObject({
      readerId: 'r9',
      outcome: 'rejected',
      text: 'Ivan Tapper — Reader not bound to a lift',
    });
  });
});

describe('availability', () => {
  it('marks a bridge offline when its connection dies (Last Will), and shows its reported readers', async () => {
    const bridge = await registerBridge(manager, 'lwt-1');
    const client = track(connectBridge(station, bridge));
    await connected(client);
    await publish(client, 'pitwall/v1/bridges/lwt-1/status', {
      state: 'online',
      fw: '1.2.0',
      readers: [{ id: 'r1', ok: true }],
      sensors: [{ id: 's1', kind: 'lift' }],
      bootAt: new Date().toISOString(),
    });
    const online = await manager.get('/api/bridges/lwt-1');
    expect(online.body).toMatchObject({
      online: true,
      status: { fw: '1.2.0', readers: [{ id: 'r1', ok: true }] },
    });
    (client.stream as net.Socket).destroy();
    await waitUntil(async () => (await manager.get('/api/bridges/lwt-1')).body.online === false, 15_000);
  });

  it('a frozen bridge (silent, socket open) goes offline within 1.5 × its keepalive', async () => {
    const bridge = await registerBridge(manager, 'frozen-1');
    const client = track(connectBridge(station, bridge, { keepalive: 2 }));
    await connected(client);
    // Stop answering: no more PINGREQ from this client, but the TCP connection stays open.
    (client as unknown as { _clearPingTimer?: () => void })._clearPingTimer?.();
    (client as unknown as { pingTimer?: { destroy?: () => void } }).pingTimer?.destroy?.();
    (client as unknown as { keepaliveManager?: { destroy: () => void } }).keepaliveManager?.destroy();
    const started = Date.now();
    await waitUntil(
      async () => (await manager.get('/api/bridges/frozen-1')).body.online === false,
      15_000,
      100,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
