import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { BRIDGE_OFFLINE_STATUS } from '../contract/mqtt-payloads.ts';
import { bridgeTopics, SERVER_STATUS_TOPIC } from '../contract/mqtt-topics.ts';
import type { Logger } from '../logger.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { ResendNothingStore } from './resend-nothing-store.ts';

export interface MqttLinkOptions {
  bridgeId: string;
  secret: string;
  serverUrl: string;
  keepaliveSeconds: number;
  reconnectMs: number;
  tls?: { caFile?: string; rejectUnauthorized: boolean };
  logger: Logger;
}

export interface MqttLinkEvents {
  connected: [];
  disconnected: [];
  /** `pitwall/v1/bridges/<id>/request/<name>` arrived. */
  request: [name: string, payload: Buffer];
  serverStatus: [payload: Buffer];
}

/**
 * The bridge's one MQTT connection: clientId = username = bridge id, persistent session
 * (clean: false), keepalive 10 s, the retained Last Will {"state":"offline"} on its status topic,
 * automatic reconnects. Everything above it talks QoS 1.
 */
export class MqttLink extends TypedEmitter<MqttLinkEvents> {
  readonly topics;
  private client: MqttClient | null = null;
  private subscribed = false;
  private readonly log: Logger;
  private lastError = '';

  constructor(private readonly options: MqttLinkOptions) {
    super();
    this.topics = bridgeTopics(options.bridgeId);
    this.log = options.logger.child({ component: 'mqtt' });
  }

  get isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    const { bridgeId, secret, serverUrl, keepaliveSeconds, reconnectMs, tls } = this.options;
    const clientOptions: IClientOptions = {
      clientId: bridgeId,
      username: bridgeId,
      password: secret,
      clean: false,
      protocolVersion: 4,
      keepalive: keepaliveSeconds,
      reconnectPeriod: reconnectMs,
      // A refused CONNACK (the station's database restarting, a secret being rotated) must not stop a
      // bridge at a lift for good: it keeps trying at the reconnect period.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      queueQoSZero: false,
      outgoingStore: new ResendNothingStore(),
      will: {
        topic: this.topics.status,
        payload: Buffer.from(JSON.stringify(BRIDGE_OFFLINE_STATUS)),
        qos: 1,
        retain: true,
      },
    };
    if (tls?.caFile) clientOptions.ca = readFileSync(tls.caFile);
    if (tls) clientOptions.rejectUnauthorized = tls.rejectUnauthorized;
    const client = mqtt.connect(serverUrl, clientOptions);
    this.client = client;
    client.on('connect', (connack) => {
      this.lastError = '';
      this.log.info({ serverUrl, sessionPresent: connack.sessionPresent }, 'connected to the station');
      if (!this.subscribed || !connack.sessionPresent) this.subscribe(client);
      this.emit('connected');
    });
    client.on('close', () => {
      if (this.subscribed || this.lastError === '') this.log.debug('MQTT connection closed');
      this.emit('disconnected');
    });
    client.on('offline', () =>
      this.log.warn({ serverUrl }, 'station unreachable; events are kept on disk and sent on reconnect'),
    );
    client.on('error', (err) => {
      // Repeated identical errors (a refused password every 2 s) are logged once.
      if (err.message === this.lastError) return;
      this.lastError = err.message;
      const refused = /Bad username or password|Not authorized/.test(err.message);
      this.log.error(
        { err: err.message, serverUrl },
        refused ? 'the station refused this bridge id or secret' : 'MQTT error',
      );
    });
    client.on('message', (topic, payload) => {
      if (topic === SERVER_STATUS_TOPIC) return this.emit('serverStatus', payload);
      const prefix = `${this.topics.base}/request/`;
      if (topic.startsWith(prefix)) this.emit('request', topic.slice(prefix.length), payload);
    });
  }

  private subscribe(client: MqttClient): void {
    client.subscribe(
      { [this.topics.requestWildcard]: { qos: 1 }, [SERVER_STATUS_TOPIC]: { qos: 1 } },
      (err, granted) => {
        if (err) return this.log.error({ err: err.message }, 'subscribing to requests failed');
        const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
        if (refused.length) this.log.error({ topics: refused }, 'the station refused a subscription');
        this.subscribed = true;
      },
    );
  }

  /** Publishes one QoS 1 message; the callback gets the PUBACK (or the error). Only while connected. */
  publishRaw(topic: string, payload: string, retain: boolean, callback: (err?: Error) => void): void {
    const client = this.client;
    if (!client?.connected) return callback(new Error('not connected'));
    client.publish(topic, payload, { qos: 1, retain }, (err) => callback(err ?? undefined));
  }

  publish(topic: string, payload: unknown, retain = false): Promise<void> {
    return new Promise((resolve, reject) =>
      this.publishRaw(topic, JSON.stringify(payload), retain, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Closes the connection cleanly (DISCONNECT: the broker does not publish the Last Will). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => client.end(true, {}, () => resolve()), 2_000);
      client.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
