import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/platform/logger.ts';
import { MqttBroker } from '../../../server/src/modules/iot/broker/mqtt-broker.ts';
import { badgeEventSchema, bridgeOnlineStatusSchema } from '../../../server/src/contracts/mqtt-payloads.ts';
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
import { waitFor } from './support/test-broker.ts';

const topics = bridgeTopics(BRIDGE_ID);

/** The bridge against the station's own broker class: its authentication, topic ACL and PUBACK hook. */
describe('bridge against the station MqttBroker', () => {
  let broker: MqttBroker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let controller: BridgeController | null = null;
  const received: { bridgeId: string; topic: string; json: unknown }[] = [];

  beforeEach(async () => {
    received.length = 0;
    broker = new MqttBroker({
      host: '127.0.0.1',
      port: 0,
      tls: null,
      version: 'test',
      logger: createLogger('silent'),
      authenticateBridge: async (bridgeId, secret) => bridgeId === BRIDGE_ID && secret === SECRET,
    });
    broker.onPublish(async (bridgeId, topic, payload) => {
      received.push({ bridgeId, topic, json: JSON.parse(payload.toString()) });
    });
    await broker.start();
    dir = await tempDir();
  });

  afterEach(async () => {
    await controller?.stop();
    controller = null;
    await broker.stop();
    await dir.remove();
  });

  it('is admitted, publishes only topics the ACL allows, and gets feedback on its subscription', async () => {
    const bridge = startedController(bridgeConfig(`mqtt://127.0.0.1:${broker.port()}`, dir.path));
    controller = bridge.controller;
    await controller.start();
    await waitFor(() => received.some((m) => m.topic === topics.status), 'status through the station broker');
    expect(bridgeOnlineStatusSchema.parse(received.find((m) => m.topic === topics.status)!.json).state).toBe(
      'online',
    );

    bridge.reader.tap(uid(1));
    bridge.lift.set('raised');
    await waitFor(
      () =>
        controller!.outbox.pendingCount === 0 &&
        received.filter((m) => m.topic.includes('/events/')).length === 2,
      'events acknowledged',
    );
    expect(badgeEventSchema.parse(received.find((m) => m.topic === topics.events('badge'))!.json).uid).toBe(
      uid(1),
    );

    await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription settles
    await broker.publish(topics.request('feedback'), {
      transaction: 'tx-1',
      readerId: 'r1',
      outcome: 'accepted',
      text: 'Ivanov — job started',
    });
    await waitFor(() => received.some((m) => m.topic === topics.response('feedback')), 'feedback answered');
    expect(received.find((m) => m.topic === topics.response('feedback'))!.json).toEqual({
      transaction: 'tx-1',
      status: 'ok',
    });
    expect(bridge.reader.lastSignal).toBe('accepted');
    expect(controller.isConnected).toBe(true); // nothing it did was refused (a refused publish drops the connection)
  });
});
