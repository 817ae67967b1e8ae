import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

// The timed 10 000-event figure is scripts/bench-bridge-replay.ts; this checks the drain is complete and ordered.
describe('draining a large outbox backlog', () => {
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

  it('delivers 3 000 buffered events, each once, in eventId order, with a bounded window in flight', async () => {
    const port = broker.port;
    await broker.stop();
    const bridge = startedController(bridgeConfig(broker.url, dir.path, { maxInFlight: 100 }));
    controller = bridge.controller;
    await controller.start();
    await Promise.all(
      Array.from({ length: 3_000 }, (_, n) =>
        controller!.outbox.append({
          kind: 'badge',
          readerId: 'r1',
          uid: uid(n),
          at: new Date().toISOString(),
        }),
      ),
    );
    expect(controller.outbox.pendingCount).toBe(3_000);

    broker = new TestBroker({ [BRIDGE_ID]: SECRET });
    broker.setHoldAcks(true);
    await broker.start(port);
    await waitFor(() => broker.heldCount === 100, 'the window is full');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(broker.heldCount).toBe(100); // no more than maxInFlight without a PUBACK
    broker.setHoldAcks(false);
    await waitFor(() => controller!.outbox.pendingCount === 0, 'drained', 20_000);
    const ids = broker.eventIds();
    expect(ids).toHaveLength(3_000);
    expect(new Set(ids).size).toBe(3_000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
