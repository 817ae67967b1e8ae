import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  badgeEventSchema,
  bayEventSchema,
  bridgeOnlineStatusSchema,
  bridgeResponseSchema,
  liftEventSchema,
} from '../../../server/src/contracts/mqtt-payloads.ts';
import { bridgeTopics } from '../../../server/src/contracts/mqtt-topics.ts';
import type { BridgeController } from '../../../firmware-bridge/src/controller/controller.ts';
import {
  BRIDGE_ID,
  bridgeConfig,
  SECRET,
  startedController,
  tempDir,
  uid,
} from './support/bridge-fixtures.ts';
import { TestBroker, waitFor } from './support/test-broker.ts';

const topics = bridgeTopics(BRIDGE_ID);

describe('bridge controller against a real broker', () => {
  let broker: TestBroker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let controller: BridgeController | null = null;

  beforeEach(async () => {
    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start();
    dir = await tempDir();
  });

  afterEach(async () => {
    await controller?.stop();
    controller = null;
    await broker.stop();
    await dir.remove();
  });

  it('publishes a retained online status on connect, and taps and sensor changes with increasing eventIds', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => broker.retainedJson(topics.status) !== undefined, 'status');
    const status = bridgeOnlineStatusSchema.parse(broker.retainedJson(topics.status));
    expect(status).toMatchObject({
      state: 'online',
      readers: [{ id: 'r1', ok: true }],
      sensors: [
        { id: 's1', kind: 'lift', ok: true },
        { id: 's2', kind: 'bay', ok: true },
      ],
      outbox: { pending: 0, full: false },
    });
    expect(status.fw).toMatch(/^\d+\.\d+\.\d+/);

    bridge.reader.tap(uid(1));
    bridge.lift.set('raised');
    bridge.bay.set('occupied');
    bridge.reader.tap('04a1b2c3d4e5f6');
    await waitFor(() => broker.eventMessages().length === 4, 'four events');

    const [tap, lift, bay, second] = broker.eventMessages();
    expect(tap!.topic).toBe(topics.events('badge'));
    expect(badgeEventSchema.parse(tap!.json)).toMatchObject({ readerId: 'r1', uid: uid(1) });
    expect(liftEventSchema.parse(lift!.json)).toMatchObject({ sensorId: 's1', state: 'raised' });
    expect(bayEventSchema.parse(bay!.json)).toMatchObject({ sensorId: 's2', state: 'occupied' });
    expect(badgeEventSchema.parse(second!.json).uid).toBe('04A1B2C3D4E5F6');
    const ids = broker.eventIds();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(4);
    expect(ids[3]! - ids[0]!).toBe(3);
    expect(tap!.clientId).toBe(BRIDGE_ID);
    expect(tap!.retain).toBe(false);
    await waitFor(() => controller!.outbox.pendingCount === 0, 'outbox drained');
  });

  it('stamps sentAt at sending and keeps at as the time it happened', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => controller!.isConnected, 'connected');
    bridge.reader.tap(uid(7), new Date('2026-11-22T08:01:02.345Z'));
    await waitFor(() => broker.eventMessages().length === 1, 'event');
    const event = badgeEventSchema.parse(broker.eventMessages()[0]!.json);
    expect(event.at).toBe('2026-11-22T08:01:02.345Z');
    expect(Math.abs(Date.parse(event.sentAt) - Date.now())).toBeLessThan(5_000);
  });

  it('debounces the same card on the same reader but not another card', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path, { cardDebounceMs: 60_000 }));
    controller = bridge.controller;
    await controller.start();
    bridge.reader.tap(uid(1));
    bridge.reader.tap(uid(1));
    bridge.reader.tap(uid(2));
    bridge.reader.tap(uid(1));
    await waitFor(() => controller!.outbox.nextEventId() > 0 && broker.eventMessages().length >= 3, 'events');
    await controller.outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(broker.eventMessages().map((m) => (m.json as { uid: string }).uid)).toEqual([
      uid(1),
      uid(2),
      uid(1),
    ]);
  });

  it('does not report a sensor state again when it did not change', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    bridge.lift.set('raised');
    bridge.lift.set('raised');
    bridge.lift.set('lowered');
    await waitFor(() => broker.eventMessages().length === 2, 'two lift events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(broker.eventMessages().map((m) => (m.json as { state: string }).state)).toEqual([
      'raised',
      'lowered',
    ]);
  });

  it('answers a feedback request, signals the reader and reports an unknown reader as an error', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => broker.isConnected(BRIDGE_ID) && controller!.isConnected, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription settles

    await broker.publish(topics.request('feedback'), {
      transaction: 't-1',
      readerId: 'r1',
      outcome: 'rejected',
      text: 'Unknown badge',
    });
    await waitFor(() => broker.messages.some((m) => m.topic === topics.response('feedback')), 'response');
    expect(
      bridgeResponseSchema.parse(broker.messages.find((m) => m.topic === topics.response('feedback'))!.json),
    ).toEqual({
      transaction: 't-1',
      status: 'ok',
    });
    expect(bridge.reader.lastSignal).toBe('rejected');

    await broker.publish(topics.request('feedback'), {
      transaction: 't-2',
      readerId: 'r9',
      outcome: 'accepted',
      text: 'x',
    });
    await waitFor(
      () => broker.messages.filter((m) => m.topic === topics.response('feedback')).length === 2,
      'second response',
    );
    const second = broker.messages.filter((m) => m.topic === topics.response('feedback'))[1]!.json;
    expect(second).toMatchObject({
      transaction: 't-2',
      status: 'error',
      error: expect.stringContaining('r9'),
    });

    await broker.publish(topics.request('reboot'), { transaction: 't-3' });
    await waitFor(
      () => broker.messages.some((m) => m.topic === topics.response('reboot')),
      'unknown request answered',
    );
    expect(broker.messages.find((m) => m.topic === topics.response('reboot'))!.json).toMatchObject({
      transaction: 't-3',
      status: 'error',
    });
  });

  it('republishes the status when a reader is unplugged and plugged again', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => broker.retainedJson(topics.status) !== undefined, 'status');
    bridge.reader.setAttached(false);
    await waitFor(
      () => (broker.retainedJson(topics.status) as { readers: { ok: boolean }[] }).readers[0]!.ok === false,
      'reader not ok',
    );
    bridge.reader.setAttached(true);
    await waitFor(
      () => (broker.retainedJson(topics.status) as { readers: { ok: boolean }[] }).readers[0]!.ok === true,
      'reader ok again',
    );
  });

  it('publishes {"state":"offline"} retained on a graceful stop', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => broker.retainedJson(topics.status) !== undefined, 'status');
    await controller.stop();
    controller = null;
    expect(broker.retainedJson(topics.status)).toEqual({ state: 'offline' });
  });

  it('is refused with a wrong secret and keeps the tap on disk', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path, { secret: 'wrong' }));
    controller = bridge.controller;
    await controller.start();
    bridge.reader.tap(uid(3));
    await waitFor(() => controller!.outbox.pendingCount === 1, 'tap stored');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(broker.eventMessages()).toHaveLength(0);
    expect(controller.isConnected).toBe(false);
  });
});
