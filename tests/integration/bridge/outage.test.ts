import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badgeEventSchema } from '../../../server/src/contracts/mqtt-payloads.ts';
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

describe('bridge outbox across broker outages', () => {
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

  it('buffers taps on disk while the broker is down and replays them in order when it is back', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    bridge.reader.tap(uid(1));
    await waitFor(
      () => broker.eventMessages().length === 1 && controller!.outbox.pendingCount === 0,
      'first event acked',
    );

    const port = broker.port;
    await broker.stop();
    await waitFor(() => !controller!.isConnected, 'bridge notices the outage');
    for (let n = 2; n <= 21; n += 1) bridge.reader.tap(uid(n));
    bridge.lift.set('raised');
    await waitFor(() => controller!.outbox.pendingCount === 21, 'events held on disk');

    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start(port);
    await waitFor(() => controller!.outbox.pendingCount === 0, 'backlog drained', 15_000);

    const ids = broker.eventIds();
    expect(ids).toHaveLength(21);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const uids = broker.eventMessages('badge').map((m) => badgeEventSchema.parse(m.json).uid);
    expect(uids).toEqual(Array.from({ length: 20 }, (_, i) => uid(i + 2)));
    // sentAt is the time of the replay, at the time of the tap
    for (const message of broker.eventMessages('badge')) {
      const event = badgeEventSchema.parse(message.json);
      expect(Date.parse(event.sentAt)).toBeGreaterThanOrEqual(Date.parse(event.at));
    }
  });

  it('re-sends events whose PUBACK never came (at least once), without losing any', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => controller!.isConnected, 'connected');
    broker.setHoldAcks(true);
    for (let n = 1; n <= 10; n += 1) bridge.reader.tap(uid(n));
    await waitFor(() => broker.heldCount === 10, 'ten publishes waiting for their PUBACK');
    expect(controller.outbox.pendingCount).toBe(10);

    // The broker dies without answering: the connection drops, the events stay in the outbox.
    const port = broker.port;
    const firstIds = broker.eventIds();
    await broker.stop();
    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start(port);
    await waitFor(() => controller!.outbox.pendingCount === 0, 're-sent and acknowledged', 15_000);
    expect(broker.eventIds()).toEqual(firstIds);
    const sentAt = broker.eventMessages().map((m) => badgeEventSchema.parse(m.json).sentAt);
    expect(sentAt.every((s) => typeof s === 'string')).toBe(true);
  });

  it('keeps serving live taps while a backlog drains, all in eventId order', async () => {
    const bridge = startedController(bridgeConfig(broker.url, dir.path, { maxInFlight: 8 }));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => controller!.isConnected, 'connected');
    const port = broker.port;
    await broker.stop();
    await waitFor(() => !controller!.isConnected, 'offline');
    for (let n = 1; n <= 300; n += 1) bridge.reader.tap(uid(n));
    await waitFor(() => controller!.outbox.pendingCount === 300, 'stored');
    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    await broker.start(port);
    await waitFor(() => broker.eventMessages().length > 20, 'replay under way');
    for (let n = 301; n <= 310; n += 1) bridge.reader.tap(uid(n));
    await waitFor(
      () => controller!.outbox.pendingCount === 0 && broker.eventMessages().length >= 310,
      'all delivered',
      15_000,
    );
    const ids = broker.eventIds();
    expect(new Set(ids).size).toBe(310);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
