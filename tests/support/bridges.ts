import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { ApiClient } from './api-client.ts';
import type { TestStation } from './test-station.ts';

export interface RegisteredBridge {
  id: string;
  secret: string;
}

export async function registerBridge(manager: ApiClient, id: string): Promise<RegisteredBridge> {
  const res = await manager.post('/api/bridges', { id, name: `Bridge ${id}` });
  if (res.status !== 201)
    throw new Error(`bridge registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id, secret: res.body.secret };
}

/** A real mqtt.js client speaking as a bridge (clientId = username = bridge id). */
export function connectBridge(
  station: TestStation,
  bridge: RegisteredBridge,
  options: IClientOptions = {},
): MqttClient {
  return mqtt.connect(`mqtt://127.0.0.1:${station.mqttPort}`, {
    clientId: bridge.id,
    username: bridge.id,
    password: bridge.secret,
    clean: false,
    keepalive: 10,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    will: {
      topic: `pitwall/v1/bridges/${bridge.id}/status`,
      payload: Buffer.from('{"state":"offline"}'),
      qos: 1,
      retain: true,
    },
    ...options,
  });
}

export function connected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
}

/** Resolves with the CONNACK refusal (or the close) of a client the broker should refuse. */
export function refused(client: MqttClient): Promise<string> {
  return new Promise((resolve) => {
    client.once('error', (err) => resolve(err.message));
    client.once('close', () => resolve('closed'));
  });
}

let nextEventId = 1;
export function badgeEvent(readerId: string, uid: string, extra: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return { eventId: nextEventId++, readerId, uid, at: now, sentAt: now, ...extra };
}

export function publish(client: MqttClient, topic: string, payload: unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    client.publish(
      topic,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      { qos: 1 },
      (err) => (err ? reject(err) : resolve()),
    ),
  );
}

export function nextMessage(client: MqttClient, topic: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      client.off('message', onMessage);
      resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
    };
    client.on('message', onMessage);
  });
}

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
  stepMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error('condition not met in time');
}
